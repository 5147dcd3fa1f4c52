package office

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// EnvRequireTools names the environment variable that turns the skips of
// tests needing LibreOffice, poppler or a Chinese TrueType font into
// failures (CI sets it: there they must run).
const EnvRequireTools = "RECTIFY_REQUIRE_SOFFICE"

// needTool skips t, or fails it under RECTIFY_REQUIRE_SOFFICE=1, with why.
func needTool(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(EnvRequireTools) == "1" {
		t.Fatalf("%s (%s=1 requires it)", why, EnvRequireTools)
	}
	t.Skip(why)
}

// systemFonts returns the system's Chinese faces, or skips.
func systemFonts(t testing.TB) *FontSet {
	t.Helper()
	fonts, err := SystemFonts(os.Getenv)
	if err != nil {
		needTool(t, "no Chinese font on this machine (Debian: fonts-noto-cjk)")
	}
	return fonts
}

func pdfBytes(t testing.TB, in *rectify.Inspection, opt PDFOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteNoticePDF(&b, in, opt); err != nil {
		t.Fatalf("WriteNoticePDF: %v", err)
	}
	return b.Bytes()
}

// TestNoticePDFStructure checks the file itself: a PDF header, every
// cross-reference offset pointing at its object, one page object per page,
// the fonts embedded as subsets, the same bytes for the same record.
func TestNoticePDFStructure(t *testing.T) {
	fonts := systemFonts(t)
	data := pdfBytes(t, landBureau(), PDFOptions{Fonts: fonts})
	if !bytes.HasPrefix(data, []byte("%PDF-1.7\n")) || !bytes.HasSuffix(data, []byte("%%EOF\n")) {
		t.Fatalf("not a PDF: %q … %q", data[:min(20, len(data))], data[max(0, len(data)-20):])
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(data)
	if m == nil {
		t.Fatal("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	table := string(data[xref:])
	lines := strings.Split(table, "\n")
	count := 0
	for i, l := range lines[3:] {
		if !strings.HasSuffix(l, " n ") {
			break
		}
		off, _ := strconv.Atoi(l[:10])
		want := strconv.Itoa(i+1) + " 0 obj"
		if !bytes.HasPrefix(data[off:], []byte(want)) {
			t.Errorf("xref entry %d points at %q", i+1, data[off:min(off+12, len(data))])
		}
		count++
	}
	if count < 10 {
		t.Errorf("only %d objects", count)
	}
	if n := bytes.Count(data, []byte("/Type /Page /Parent")); n < 2 {
		t.Errorf("%d pages; the fixture fills more than one", n)
	}
	if !bytes.Contains(data, []byte("/MediaBox [0 0 595.3 841.9]")) {
		t.Error("the pages are not A4")
	}
	trueType := bytes.Contains(data, []byte("/Subtype /CIDFontType2")) && bytes.Contains(data, []byte("/FontFile2"))
	cff := bytes.Contains(data, []byte("/Subtype /CIDFontType0 ")) && bytes.Contains(data, []byte("/FontFile3")) && bytes.Contains(data, []byte("/Subtype /CIDFontType0C"))
	if !(trueType || cff) || !bytes.Contains(data, []byte("/ToUnicode")) {
		t.Error("the fonts are not embedded with a ToUnicode map")
	}
	if len(data) > 2<<20 {
		t.Errorf("the PDF has %d bytes: the fonts are not subset", len(data))
	}
	if !bytes.Equal(data, pdfBytes(t, landBureau(), PDFOptions{Fonts: fonts})) {
		t.Error("the same record gave different bytes")
	}
}

// TestNoticePDFLines checks the line breaking: no line starts with a
// closing mark or ends with an opening one, numbers stay whole, and lines
// hold at most 28 Chinese characters.
func TestNoticePDFLines(t *testing.T) {
	fonts := systemFonts(t)
	l := newPDFLayout(fonts)
	text := "对巡察整改任务及时调度、靶向发力，并对巡察整改不力的强化监督问责机制。联系电话：0739-5331851；电子邮箱：zhenggai_ban@example.cn。" +
		strings.Repeat("整改", 13) + "到位。“回头看”（复查）工作"
	l.setParagraph(fonts.Body, text, paraStyle{size: bodySize, align: 'j', firstIndent: 2 * (bodySize + ptTracking)})
	var got []string
	for _, ln := range l.lines {
		var b strings.Builder
		for _, r := range ln.runs {
			for _, g := range r.glyphs {
				b.WriteString(string(r.font.unicode[g]))
			}
		}
		got = append(got, b.String())
	}
	if strings.Join(got, "") != strings.ReplaceAll(text, " ", "") {
		t.Errorf("the lines do not hold the text:\n%s", strings.Join(got, "\n"))
	}
	for i, s := range got {
		rs := []rune(s)
		if i > 0 && strings.ContainsRune(noLineStart, rs[0]) {
			t.Errorf("line %d starts with %q: %s", i+1, rs[0], s)
		}
		if i < len(got)-1 && strings.ContainsRune(noLineEnd, rs[len(rs)-1]) {
			t.Errorf("line %d ends with %q: %s", i+1, rs[len(rs)-1], s)
		}
		han := 0
		for _, r := range rs {
			if r >= 0x2E80 {
				han++
			}
		}
		if limit := charsPerLine - map[bool]int{true: 2, false: 0}[i == 0]; han > limit {
			t.Errorf("line %d holds %d characters, more than %d: %s", i+1, han, limit, s)
		}
	}
	joined := strings.Join(got, "|")
	for _, whole := range []string{"0739-5331851", "zhenggai_ban@example.cn"} {
		if !strings.Contains(joined, whole) {
			t.Errorf("%s was broken across lines:\n%s", whole, strings.Join(got, "\n"))
		}
	}
}

func TestNoticePDFFontErrors(t *testing.T) {
	in := landBureau()
	err := WriteNoticePDF(io.Discard, in, PDFOptions{Fonts: &FontSet{}})
	if !errors.Is(err, ErrNoFont) {
		t.Errorf("empty font set: %v", err)
	}
	if _, err := FindFonts([]string{t.TempDir()}); !errors.Is(err, ErrNoFont) {
		t.Errorf("a folder without fonts: %v", err)
	}
	if !strings.Contains(ErrNoFont.Message, "fonts-noto-cjk") {
		t.Errorf("the message does not say what to install: %s", ErrNoFont.Message)
	}

	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want string
	}{
		{"missing file", filepath.Join(dir, "none.ttf"), "none.ttf 不存在"},
		{"not a font", write("notes.ttf", []byte("这不是字体文件，只是一段文字。")), "notes.ttf 不是 TrueType/OpenType 字体文件"},
		{"empty OpenType", write("cff.otf", append([]byte("OTTO\x00\x01\x00\x00\x00\x00\x00\x00"), make([]byte, 16)...)), "cff.otf 已损坏"},
		{"CFF table broken", write("badcff.otf", brokenCFFFont(t)), "badcff.otf 已损坏"},
		{"truncated collection", write("cut.ttc", []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x05\x00\x00")), "cut.ttc 已损坏"},
	}
	if _, err := os.Stat("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); err == nil {
		tests = append(tests, struct {
			name string
			path string
			want string
		}{"Latin only", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "DejaVuSans.ttf 不含中文字形"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFont(tt.path)
			if rectify.ErrorCode(err) != rectify.EINVALID || !strings.Contains(rectify.ErrorMessage(err), tt.want) {
				t.Errorf("LoadFont: %v, want a message with %q", err, tt.want)
			}
		})
	}
}

// TestFontSubset checks that the subset face keeps the glyphs drawn and
// empties the others.
func TestFontSubset(t *testing.T) {
	fonts := systemFonts(t)
	f := fonts.Body
	text := "整改通报2023"
	if f.cff != nil {
		// The system's Chinese faces have CFF outlines (TestCFFSubset):
		// the TrueType subsetter is tried on a Latin face.
		data, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
		if err != nil {
			t.Skip("no TrueType face on this machine")
		}
		if f, err = parseFace(data, 0); err != nil {
			t.Fatal(err)
		}
		text = "Rectify2023"
	}
	used := map[uint16]bool{}
	for _, r := range text {
		used[f.glyph(r)] = true
	}
	sub, err := f.subset(used)
	if err != nil {
		t.Fatal(err)
	}
	back, err := parseFace(sub, 0)
	if err != nil {
		t.Fatalf("the subset does not read back: %v", err)
	}
	if back.numGlyphs != f.numGlyphs {
		t.Errorf("glyph count %d, want %d (ids unchanged)", back.numGlyphs, f.numGlyphs)
	}
	glyphLen := func(f *Font, g16 uint16) int {
		g := int(g16)
		loca := f.table("loca")
		if f.longLoca {
			return int(be32(loca[4*g+4:]) - be32(loca[4*g:]))
		}
		return 2 * int(be16(loca[2*g+2:])-be16(loca[2*g:]))
	}
	for g := range used {
		if glyphLen(back, g) != glyphLen(f, g) || glyphLen(back, g) == 0 {
			t.Errorf("glyph %d: %d bytes, want %d", g, glyphLen(back, g), glyphLen(f, g))
		}
	}
	other := f.glyph('藏')
	if other != 0 && !used[other] && glyphLen(back, other) != 0 {
		t.Errorf("an unused glyph kept %d bytes", glyphLen(back, other))
	}
	if len(sub) > len(f.table("glyf"))/4 {
		t.Errorf("subset of %d bytes from a glyf table of %d", len(sub), len(f.table("glyf")))
	}
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}
func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

// FuzzParseFont feeds font readers arbitrary bytes: a --font file is input.
func FuzzParseFont(f *testing.F) {
	f.Add([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00\x10"))
	f.Add([]byte("\x00\x01\x00\x00\x00\x03\x00\x00\x00\x00\x00\x00cmap\x00\x00\x00\x00\x00\x00\x00\x2c\x00\x00\x00\x10"))
	f.Add([]byte("OTTO"))
	if b, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"); err == nil {
		f.Add(b[:4096])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := ParseFont(data)
		if err != nil {
			if rectify.ErrorCode(err) != rectify.EINVALID {
				t.Fatalf("not a user error: %v", err)
			}
			return
		}
		used := map[uint16]bool{}
		for _, r := range "中国0" {
			used[font.glyph(r)] = true
		}
		if _, err := font.subset(used); err != nil && rectify.ErrorCode(err) != rectify.EINVALID {
			t.Fatalf("subset: %v", err)
		}
	})
}

// TestNoticePDFSeed sets the seed's notice: it must name every problem and
// the counts, on A4 pages numbered "— N —".
func TestNoticePDFSeed(t *testing.T) {
	fonts := systemFonts(t)
	seed := readSeed(t)
	data := pdfBytes(t, seed.Record(notice.RecordOptions{}), PDFOptions{Fonts: fonts})
	if n := bytes.Count(data, []byte("/Type /Page /Parent")); n < 5 {
		t.Errorf("%d pages", n)
	}
}

func BenchmarkNoticePDFSeed(b *testing.B) {
	fonts := systemFonts(b)
	in := readSeed(b).Record(notice.RecordOptions{})
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteNoticePDF(io.Discard, in, PDFOptions{Fonts: fonts}); err != nil {
			b.Fatal(err)
		}
	}
}

// notoCJK loads Debian's Noto Serif CJK (fonts-noto-cjk), or skips.
func notoCJK(t testing.TB) *Font {
	t.Helper()
	const path = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
	if _, err := os.Stat(path); err != nil {
		needTool(t, "no Noto Serif CJK on this machine (Debian: fonts-noto-cjk)")
	}
	f, err := LoadFont(path)
	if err != nil {
		t.Fatalf("LoadFont(%s): %v", path, err)
	}
	return f
}

// brokenCFFFont returns an OpenType font whose tables are Noto's but whose
// CFF table is cut short.
func brokenCFFFont(t testing.TB) []byte {
	t.Helper()
	f := notoCJK(t)
	tables := map[string][]byte{"CFF ": f.table("CFF ")[:300]}
	for _, tag := range []string{"head", "hhea", "hmtx", "maxp", "cmap", "name"} {
		tables[tag] = f.table(tag)
	}
	return writeSFNT(tables)
}

// TestCFFFaces checks that the OpenType/CFF faces of Noto CJK are read:
// the face for simplified Chinese of the collection, its CFF table.
func TestCFFFaces(t *testing.T) {
	f := notoCJK(t)
	if f.cff == nil || !f.cff.cidKeyed {
		t.Fatalf("Noto Serif CJK read without its CID-keyed CFF table")
	}
	if f.Name != "Noto Serif CJK SC" && !strings.Contains(f.Name, "SC") {
		t.Errorf("face %q, want the SC face of the collection", f.Name)
	}
	// 骨 differs between the Chinese and the Japanese faces of the collection.
	if f.glyph('中') == 0 || f.glyph('骨') == 0 || f.advance(f.glyph('中')) != 1000 {
		t.Errorf("中 → glyph %d advance %v", f.glyph('中'), f.advance(f.glyph('中')))
	}
}

// TestCFFSubset checks the subset CFF table: it reads back, keeps the
// glyphs drawn with their CIDs, Font DICTs and the subroutines they call,
// and is small.
func TestCFFSubset(t *testing.T) {
	f := notoCJK(t)
	used := map[uint16]bool{}
	for _, r := range "中共市委关于巡察整改进展情况的通报2023年（一）" {
		used[f.glyph(r)] = true
	}
	sub, err := f.cff.subset(used)
	if err != nil {
		t.Fatal(err)
	}
	back, err := parseCFF(sub, 0)
	if err != nil {
		t.Fatalf("the subset does not read back: %v", err)
	}
	if got, want := back.chars.count(), len(used)+1; got != want {
		t.Errorf("%d glyphs in the subset, want %d", got, want)
	}
	byCID := map[uint16]int{}
	for g, cid := range back.gidToCID {
		byCID[cid] = g
	}
	for g := range used {
		cid := f.cff.gidToCID[g]
		ng, ok := byCID[cid]
		if !ok {
			t.Errorf("glyph %d (CID %d) is not in the subset", g, cid)
			continue
		}
		// The same outline, the subroutines inlined.
		want, err := f.cff.outline(int(g))
		if err != nil {
			t.Fatal(err)
		}
		got, err := back.outline(ng)
		if err != nil {
			t.Fatalf("CID %d in the subset: %v", cid, err)
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("CID %d is drawn differently:\n got %.300s\nwant %.300s", cid, strings.Join(got, " "), strings.Join(want, " "))
		}
		if len(want) < 10 {
			t.Errorf("CID %d: an outline of %d operations", cid, len(want))
		}
	}
	if len(sub) > 30<<10 {
		t.Errorf("subset of %d bytes from a CFF table of %d", len(sub), len(f.cff.data))
	}
}

// TestNoticePDFText reads the PDF back as pdftotext does and finds every
// block of the notice in it, in order: the fonts map back to the text.
func TestNoticePDFText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		needTool(t, "pdftotext is not installed (Debian: poppler-utils)")
	}
	tests := []struct {
		name  string
		fonts func(testing.TB) *FontSet
	}{
		{"system fonts", systemFonts},
		{"Noto Serif CJK alone", func(t testing.TB) *FontSet { return OneFont(notoCJK(t)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := landBureau()
			data := pdfBytes(t, in, PDFOptions{Fonts: tt.fonts(t)})
			path := filepath.Join(t.TempDir(), "notice.pdf")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("pdftotext", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			squeeze := func(s string) string {
				return strings.Map(func(r rune) rune {
					if unicode.IsSpace(r) {
						return -1
					}
					return r
				}, s)
			}
			text := squeeze(regexp.MustCompile(`— \d+ —`).ReplaceAllString(string(out), ""))
			blocks, err := notice.Blocks(in, notice.RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			at := 0
			for _, b := range blocks {
				want := squeeze(b.Text)
				k := strings.Index(text[at:], want)
				if k < 0 {
					t.Errorf("not read back (after byte %d): %s", at, want)
					continue
				}
				at += k + len(want)
			}
			t.Logf("%s: %d bytes", tt.name, len(data))
			// pdffonts lists every face embedded, as a subset, with a
			// ToUnicode map: "emb sub uni" all yes.
			if _, err := exec.LookPath("pdffonts"); err == nil {
				out, err := exec.Command("pdffonts", path).Output()
				if err != nil {
					t.Fatalf("pdffonts: %v", err)
				}
				rows := strings.Split(strings.TrimSpace(string(out)), "\n")[2:]
				if len(rows) == 0 {
					t.Fatalf("pdffonts lists no font:\n%s", out)
				}
				for _, row := range rows {
					if !regexp.MustCompile(`^REC[A-Z]{3}\+\S+\s+CID (Type 0C|TrueType)\s+Identity-H\s+yes yes yes`).MatchString(row) {
						t.Errorf("a face not embedded as a subset with its ToUnicode map: %s", row)
					}
				}
			}
		})
	}
}

// smallCFF returns a name-keyed CFF table of three glyphs, one calling a
// local and one a global subroutine.
func smallCFF() []byte {
	one := func(b []byte) func(int) []byte { return func(int) []byte { return b } }
	gsubrs := writeIndex(1, one([]byte{139 + 10, 139 + 10, 21, 11}))   // 10 10 rmoveto return
	lsubrs := writeIndex(1, one([]byte{139 + 5, 139, 5, 11}))          // 5 0 rlineto return
	glyphs := [][]byte{{14}, {139 - 107, 10, 14}, {139 - 107, 29, 14}} // endchar; callsubr 0; callgsubr 0
	chars := writeIndex(len(glyphs), func(i int) []byte { return glyphs[i] })
	private := append(dictInt(6), opSubrs)
	top := func(charsAt, privAt int) []byte {
		d := appendOp(dictInt(charsAt), opCharStrings)
		return appendOp(append(append(d, dictInt(len(private))...), dictInt(privAt)...), opPrivate)
	}
	head := append([]byte{1, 0, 4, 1}, writeIndex(1, one([]byte("Small")))...)
	topLen := len(writeIndex(1, one(top(0, 0))))
	strs := writeIndex(0, nil)
	charsAt := len(head) + topLen + len(strs) + len(gsubrs)
	privAt := charsAt + len(chars)
	out := append(head, writeIndex(1, one(top(charsAt, privAt)))...)
	out = append(append(append(out, strs...), gsubrs...), chars...)
	return append(append(out, private...), lsubrs...)
}

func TestSmallCFF(t *testing.T) {
	c, err := parseCFF(smallCFF(), 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name          string
		keep          []uint16
		global, local bool
	}{
		{"notdef only", nil, false, false},
		{"local subroutine", []uint16{1}, false, true},
		{"global subroutine", []uint16{2}, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			keep := map[uint16]bool{}
			for _, g := range tt.keep {
				keep[g] = true
			}
			sub, err := c.subset(keep)
			if err != nil {
				t.Fatal(err)
			}
			back, err := parseCFF(sub, 3)
			if err != nil {
				t.Fatalf("the subset does not read back: %v", err)
			}
			if got := back.gsubrs.count() == 1; got != tt.global {
				t.Errorf("global subroutine kept: %v, want %v", got, tt.global)
			}
			if got := back.fonts[0].subrs.count() == 1; got != tt.local {
				t.Errorf("local subroutine kept: %v, want %v", got, tt.local)
			}
			for g := range 3 {
				want, err := c.outline(g)
				if err != nil {
					t.Fatal(err)
				}
				got, err := back.outline(g)
				if err != nil {
					t.Fatalf("glyph %d of the subset: %v", g, err)
				}
				if keep[uint16(g)] && strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("glyph %d drawn as %q, want %q", g, got, want)
				}
			}
			for g := 1; g < 3; g++ {
				if kept := len(back.chars.item(back.data, g)) > 1; kept != keep[uint16(g)] {
					t.Errorf("glyph %d kept: %v", g, kept)
				}
			}
		})
	}
}

// FuzzParseCFF feeds the CFF reader and subsetter arbitrary tables.
func FuzzParseCFF(f *testing.F) {
	f.Add([]byte{1, 0, 4, 1, 0, 0, 0, 0})
	f.Add(smallCFF())
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseCFF(data, 0)
		if err != nil {
			return
		}
		keep := map[uint16]bool{1: true, 2: true, uint16(c.chars.count() - 1): true}
		sub, err := c.subset(keep)
		if err != nil {
			return
		}
		back, err := parseCFF(sub, 0)
		if err != nil {
			t.Fatalf("the subset of a readable table does not read back: %v", err)
		}
		if c.cidKeyed {
			return
		}
		for g := range keep {
			if int(g) >= c.chars.count() {
				continue
			}
			want, err := c.outline(int(g))
			if err != nil {
				continue
			}
			got, err := back.outline(int(g))
			if err != nil || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("glyph %d drawn as %q (%v), want %q", g, got, err, want)
			}
		}
	})
}
