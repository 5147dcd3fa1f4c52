package office

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf16"

	rectify "github.com/rectify-dev/rectify"
)

// pdfFile assembles a PDF: numbered objects written in any order, then the
// cross-reference table and the trailer.
type pdfFile struct {
	buf     bytes.Buffer
	offsets []int // by object number − 1; 0 until written
}

func newPDFFile() *pdfFile {
	p := &pdfFile{}
	// The binary comment tells transfer programs the file is not text.
	p.buf.WriteString("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n")
	return p
}

// alloc reserves an object number.
func (p *pdfFile) alloc() int {
	p.offsets = append(p.offsets, 0)
	return len(p.offsets)
}

// obj writes object n with body (a dictionary, an array, …).
func (p *pdfFile) obj(n int, body string) {
	p.offsets[n-1] = p.buf.Len()
	fmt.Fprintf(&p.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes object n as a stream, compressed with Flate; extra holds
// further entries of its dictionary.
func (p *pdfFile) stream(n int, extra string, data []byte) {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	zw.Write(data)
	zw.Close()
	p.offsets[n-1] = p.buf.Len()
	fmt.Fprintf(&p.buf, "%d 0 obj\n<< /Length %d /Filter /FlateDecode%s >>\nstream\n", n, z.Len(), extra)
	p.buf.Write(z.Bytes())
	p.buf.WriteString("\nendstream\nendobj\n")
}

// finish writes the cross-reference table and the trailer and returns the file.
func (p *pdfFile) finish(root, info int) []byte {
	xref := p.buf.Len()
	fmt.Fprintf(&p.buf, "xref\n0 %d\n0000000000 65535 f \n", len(p.offsets)+1)
	for _, off := range p.offsets {
		fmt.Fprintf(&p.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&p.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(p.offsets)+1, root, info, xref)
	return p.buf.Bytes()
}

// pdfText writes s as a PDF text string: UTF-16BE with a byte-order mark, in hex.
func pdfText(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// pdfNum writes a number with at most three decimals.
func pdfNum(v float64) string {
	s := strconv.FormatFloat(v, 'f', 3, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" || s == "" {
		return "0"
	}
	return s
}

// pdfFont is a face as one document uses it: its resource name, the glyphs
// drawn and the text each stands for.
type pdfFont struct {
	face    *Font
	res     string            // /F1, /F2, …
	used    map[uint16]bool   // glyphs drawn
	unicode map[uint16][]rune // what each glyph stands for, for copying text out
}

func (f *pdfFont) use(g uint16, r rune) {
	f.used[g] = true
	if _, ok := f.unicode[g]; !ok && g != 0 {
		f.unicode[g] = []rune{r}
	}
}

// write embeds the face as a Type0 font (Identity-H: two-byte codes that
// are the glyph ids of a TrueType face, the CIDs of a CFF face), with a
// CIDFontType2 descendant and the subset as FontFile2 for TrueType
// outlines, a CIDFontType0 descendant and the subset CFF table as
// FontFile3 /CIDFontType0C for PostScript ones; the widths of the glyphs
// used and a ToUnicode map so that the text can be searched and copied.
// It returns the Type0 object's number.
func (f *pdfFont) write(p *pdfFile, tag string) (int, error) {
	var program []byte
	var err error
	if f.face.cff != nil {
		program, err = f.face.cff.subset(f.used)
	} else {
		program, err = f.face.subset(f.used)
	}
	if err != nil {
		return 0, rectify.Errorf(rectify.EINVALID, "字体 %s 无法嵌入 PDF：%s", f.face.Name, err)
	}
	name := tag + "+" + postscriptName(f.face)
	type0, cid, desc, file, tounicode := p.alloc(), p.alloc(), p.alloc(), p.alloc(), p.alloc()
	codes := make([]int, 0, len(f.used))
	width := map[int]float64{}
	for g := range f.used {
		c := int(f.face.code(g))
		if _, ok := width[c]; !ok {
			codes = append(codes, c)
		}
		width[c] = f.face.advance(g)
	}
	sort.Ints(codes)
	var w strings.Builder
	w.WriteString("[")
	for _, c := range codes {
		fmt.Fprintf(&w, " %d [%s]", c, pdfNum(width[c]))
	}
	w.WriteString(" ]")
	scale := func(v int) string { return pdfNum(float64(v) * 1000 / float64(f.face.unitsPerEm)) }
	p.obj(type0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		name, cid, tounicode))
	subtype, fontFile, cidToGID := "CIDFontType2", "FontFile2", " /CIDToGIDMap /Identity"
	if f.face.cff != nil {
		subtype, fontFile, cidToGID = "CIDFontType0", "FontFile3", ""
	}
	p.obj(cid, fmt.Sprintf("<< /Type /Font /Subtype /%s /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "+
		"/FontDescriptor %d 0 R /DW 1000 /W %s%s >>", subtype, name, desc, w.String(), cidToGID))
	b := f.face.bbox
	p.obj(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 4 /FontBBox [%s %s %s %s] /ItalicAngle 0 "+
		"/Ascent %s /Descent %s /CapHeight %s /StemV 80 /%s %d 0 R >>",
		name, scale(int(b[0])), scale(int(b[1])), scale(int(b[2])), scale(int(b[3])),
		scale(f.face.ascent), scale(f.face.descent), scale(f.face.ascent), fontFile, file))
	if f.face.cff != nil {
		p.stream(file, " /Subtype /CIDFontType0C", program)
	} else {
		p.stream(file, fmt.Sprintf(" /Length1 %d", len(program)), program)
	}
	p.stream(tounicode, "", f.toUnicode())
	return type0, nil
}

// toUnicode returns the ToUnicode CMap of the glyphs drawn, by code.
func (f *pdfFont) toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	text := map[int][]rune{}
	var mapped []int
	for g, rs := range f.unicode {
		c := int(f.face.code(g))
		if _, ok := text[c]; !ok && len(rs) > 0 {
			text[c] = rs
			mapped = append(mapped, c)
		}
	}
	sort.Ints(mapped)
	for len(mapped) > 0 {
		n := min(len(mapped), 100)
		fmt.Fprintf(&b, "%d beginbfchar\n", n)
		for _, c := range mapped[:n] {
			fmt.Fprintf(&b, "<%04X> <", c)
			for _, u := range utf16.Encode(text[c]) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
		mapped = mapped[n:]
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// postscriptName returns a name for the face made of ASCII letters and digits.
func postscriptName(f *Font) string {
	for _, n := range f.familyNames {
		var b strings.Builder
		for _, r := range n {
			if r < 128 && (r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				b.WriteRune(r)
			}
		}
		if b.Len() >= 3 {
			return b.String()
		}
	}
	return "ChineseFont"
}

// subsetTag returns the six capital letters that mark the i-th subset font.
func subsetTag(i int) string {
	tag := []byte("RECAAA")
	for k := 5; k >= 3 && i > 0; k-- {
		tag[k] = byte('A' + i%26)
		i /= 26
	}
	return string(tag)
}
