package notice

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	rectify "github.com/rectify-dev/rectify"
)

// Limits of a .docx, checked while it is read: how much of one part is
// inflated (a zip bomb cannot exhaust memory), how deep its XML elements
// nest and how many there are (a million nested paragraphs in 17 KB are
// refused at the 65th level), and how much text and how many paragraphs
// the body gives. A notice of a thousand problems nests about 20 levels
// deep (text boxes and tables within tables included) and has some
// 100,000 elements.
const (
	maxPartSize     = 64 << 20
	maxDocxDepth    = 64
	maxDocxElements = 2_000_000
	maxDocxText     = 32 << 20
	maxDocxLines    = 500_000
	// maxSidePart bounds the elements of the other parts read
	// (relationships, numbering): a few thousand in a real document.
	maxSidePart = 200_000
)

// decodeDocx extracts the paragraphs of a WordprocessingML document: the
// text of its runs, tabs, line breaks (each break starts a new line), the
// paragraphs of table cells, and the numbers of automatic lists. Headers,
// footers, comments and deleted text are left out.
func decodeDocx(data []byte) ([]string, []Warning, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, nil, rectify.Errorf(rectify.EINVALID, "文件是压缩包但已损坏或不完整，无法作为 Word 文档（.docx）读取")
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	main := files["word/document.xml"]
	if main == nil {
		main = files[mainPartFromRels(files)]
	}
	if main == nil {
		switch {
		case files["xl/workbook.xml"] != nil:
			return nil, nil, rectify.Errorf(rectify.EINVALID, "这是 Excel 表格（.xlsx），不是通报文档")
		case files["ppt/presentation.xml"] != nil:
			return nil, nil, rectify.Errorf(rectify.EINVALID, "这是 PowerPoint 演示文稿（.pptx），不是通报文档")
		case files["content.xml"] != nil:
			return nil, nil, rectify.Errorf(rectify.EINVALID, "不支持 OpenDocument 文档（.odt），请另存为 .docx 后再导入")
		}
		return nil, nil, rectify.Errorf(rectify.EINVALID, "压缩包中没有 word/document.xml，不是 Word 文档（.docx）")
	}
	var num *docxNumbering
	if f := files["word/numbering.xml"]; f != nil {
		if n, err := parseNumbering(f); err == nil {
			num = n
		} else if rectify.ErrorCode(err) == rectify.EINVALID {
			return nil, nil, err
		}
	}
	rc, err := openPart(main)
	if err != nil {
		return nil, nil, rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）已损坏，无法读取正文（%s）", whyUnreadable(err))
	}
	defer rc.Close()
	lines, xerr := docxParagraphs(newXMLGuard(rc, "document.xml", maxDocxElements), num)
	if rectify.ErrorCode(xerr) == rectify.EINVALID {
		return nil, nil, xerr
	}
	var warns []Warning
	if xerr != nil {
		if len(lines) == 0 {
			return nil, nil, rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）的正文不是有效的 XML（%s）", whyUnreadable(xerr))
		}
		warns = append(warns, Warning{Line: len(lines), Code: "damaged-input",
			Message: fmt.Sprintf("Word 文档正文在第%d段之后无法继续读取（%s），只读取了前面的内容", len(lines), whyUnreadable(xerr))})
	}
	return lines, warns, nil
}

// whyUnreadable says in Chinese why a part could not be read, naming the
// line of document.xml for an XML error.
func whyUnreadable(err error) string {
	var syn *xml.SyntaxError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("document.xml 第%d行格式错误", syn.Line)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "内容不完整"
	case errors.Is(err, zip.ErrChecksum):
		return "校验失败"
	case errors.Is(err, zip.ErrAlgorithm):
		return "不支持的压缩方式"
	case errors.Is(err, errPartTooLarge):
		return "正文过大"
	}
	return "无法解压"
}

var errPartTooLarge = errors.New("part too large")

// openPart opens one part of the package for reading: past maxPartSize
// bytes it fails with errPartTooLarge, whatever size the part declares.
func openPart(f *zip.File) (io.ReadCloser, error) {
	if f.UncompressedSize64 > maxPartSize {
		return nil, errPartTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &partReader{rc: rc, left: maxPartSize}, nil
}

type partReader struct {
	rc   io.ReadCloser
	left int64
}

func (r *partReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		// One more byte tells a part of exactly the limit from a larger one.
		var one [1]byte
		if n, _ := r.rc.Read(one[:]); n > 0 {
			return 0, errPartTooLarge
		}
		return r.rc.Read(p)
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.rc.Read(p)
	r.left -= int64(n)
	return n, err
}

func (r *partReader) Close() error { return r.rc.Close() }

// xmlGuard reads the tokens of one XML part of a .docx, refusing it at
// the first element nested past maxDocxDepth or past its element limit,
// with a message that names the part and the line.
type xmlGuard struct {
	dec             *xml.Decoder
	part            string
	depth, elements int
	maxElements     int
}

func newXMLGuard(r io.Reader, part string, maxElements int) *xmlGuard {
	return &xmlGuard{dec: xml.NewDecoder(bufio.NewReaderSize(r, 32<<10)), part: part, maxElements: maxElements}
}

// Token returns the next token, as xml.Decoder's Token does.
func (g *xmlGuard) Token() (xml.Token, error) {
	tok, err := g.dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok.(type) {
	case xml.StartElement:
		g.depth++
		g.elements++
		if g.depth > maxDocxDepth {
			line, _ := g.dec.InputPos()
			return nil, rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）的 %s 在第%d行元素嵌套超过 %d 层，不是正常保存的文档，未读取", g.part, line, maxDocxDepth)
		}
		if g.elements > g.maxElements {
			line, _ := g.dec.InputPos()
			return nil, rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）的 %s 到第%d行已超过 %d 个元素，超出通报导入的上限，未读取", g.part, line, g.maxElements)
		}
	case xml.EndElement:
		g.depth--
	}
	return tok, nil
}

// mainPartFromRels finds the main document part named in _rels/.rels, for
// packages whose main part is not word/document.xml.
func mainPartFromRels(files map[string]*zip.File) string {
	f := files["_rels/.rels"]
	if f == nil {
		return ""
	}
	rc, err := openPart(f)
	if err != nil {
		return ""
	}
	defer rc.Close()
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.NewTokenDecoder(newXMLGuard(rc, "_rels/.rels", maxSidePart)).Decode(&rels) != nil {
		return ""
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/")
		}
	}
	return ""
}

// wordNS reports whether space is the WordprocessingML namespace (also its
// strict form and an unresolved "w" prefix).
func wordNS(space string) bool {
	return space == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
		space == "http://purl.oclc.org/ooxml/wordprocessingml/main" || space == "w"
}

func attrVal(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxParagraphs walks document.xml and returns one line per paragraph and
// line break. On malformed XML it returns the lines read so far and the
// error; past a limit (nesting, elements, text, paragraphs) an EINVALID
// error that says which.
func docxParagraphs(dec *xmlGuard, num *docxNumbering) ([]string, error) {
	var (
		text            int // bytes of text kept
		tooMuch         error
		lines           []string
		buf             strings.Builder
		inText, inRun   int
		inNumPr, inPPr  int
		skip            int
		numID, ilvl     string
		prefix          string
		paraOpen, dirty bool
	)
	flush := func() {
		if paraOpen || dirty || buf.Len() > 0 {
			lines = append(lines, prefix+buf.String())
			text += len(prefix) + buf.Len()
			if len(lines) > maxDocxLines && tooMuch == nil {
				tooMuch = rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）的正文超过 %d 段，超出通报导入的上限，未读取", maxDocxLines)
			}
		}
		buf.Reset()
		prefix = ""
		dirty = false
	}
	for {
		if tooMuch == nil && text+buf.Len() > maxDocxText {
			tooMuch = rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）的正文文字超过 %d MB，超出通报导入的上限，未读取", maxDocxText>>20)
		}
		if tooMuch != nil {
			return nil, tooMuch
		}
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if rectify.ErrorCode(err) == rectify.EINVALID {
			return nil, err
		}
		if err != nil {
			if buf.Len() > 0 {
				flush()
			}
			return lines, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if skip > 0 {
				skip++
				continue
			}
			if t.Name.Local == "Fallback" { // mc:Fallback repeats mc:Choice
				skip = 1
				continue
			}
			if !wordNS(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "p":
				if paraOpen && buf.Len() > 0 { // a paragraph inside a text box
					flush()
				}
				paraOpen = true
				numID, ilvl = "", ""
			case "pPr":
				inPPr++
			case "numPr":
				if inPPr > 0 {
					inNumPr++
				}
			case "ilvl":
				if inNumPr > 0 {
					ilvl = attrVal(t, "val")
				}
			case "numId":
				if inNumPr > 0 {
					numID = attrVal(t, "val")
				}
			case "r":
				inRun++
			case "t":
				inText++
			case "tab":
				if inRun > 0 {
					buf.WriteByte('\t')
				}
			case "br", "cr":
				if inRun > 0 && attrVal(t, "type") != "page" {
					flush()
					dirty = false
				}
			case "noBreakHyphen":
				if inRun > 0 {
					buf.WriteByte('-')
				}
			}
		case xml.EndElement:
			if skip > 0 {
				skip--
				continue
			}
			if !wordNS(t.Name.Space) {
				continue
			}
			switch t.Name.Local {
			case "p":
				flush()
				paraOpen = false
			case "pPr":
				if inPPr > 0 {
					inPPr--
				}
				if num != nil && numID != "" {
					prefix = num.label(numID, ilvl)
				}
			case "numPr":
				if inNumPr > 0 {
					inNumPr--
				}
			case "r":
				if inRun > 0 {
					inRun--
				}
			case "t":
				if inText > 0 {
					inText--
				}
			}
		case xml.CharData:
			if inText > 0 && skip == 0 {
				buf.Write(t)
				dirty = true
			}
		}
	}
	if buf.Len() > 0 {
		flush()
	}
	return lines, tooMuch
}

// docxNumbering is what word/numbering.xml says about automatic lists: for
// each list (numId) its levels' formats, and the running counters.
type docxNumbering struct {
	abstract map[string][]numLevel // abstractNumId → levels
	nums     map[string]string     // numId → abstractNumId
	starts   map[string]map[int]int
	counters map[string][]int
}

type numLevel struct {
	format string // decimal, chineseCounting, decimalEnclosedCircle, …
	text   string // "%1．", "（%1）"
	start  int
}

const maxLevels = 9

// parseNumbering reads word/numbering.xml. A part it cannot read gives an
// error; one past the limits an EINVALID error that says which.
func parseNumbering(f *zip.File) (*docxNumbering, error) {
	rc, err := openPart(f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	n := &docxNumbering{abstract: map[string][]numLevel{}, nums: map[string]string{},
		starts: map[string]map[int]int{}, counters: map[string][]int{}}
	dec := newXMLGuard(rc, "numbering.xml", maxSidePart)
	var absID, numID string
	lvl, overrideLvl := -1, -1
	for {
		tok, err := dec.Token()
		if rectify.ErrorCode(err) == rectify.EINVALID {
			return nil, err
		}
		if err != nil {
			break
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch e.Name.Local {
		case "abstractNum":
			absID, numID = attrVal(e, "abstractNumId"), ""
			n.abstract[absID] = make([]numLevel, maxLevels)
			for i := range n.abstract[absID] {
				n.abstract[absID][i].start = 1
			}
		case "num":
			numID, absID = attrVal(e, "numId"), ""
		case "lvl":
			lvl = -1
			if v, err := strconv.Atoi(attrVal(e, "ilvl")); err == nil && v >= 0 && v < maxLevels {
				lvl = v
			}
		case "start":
			if levels := n.abstract[absID]; absID != "" && lvl >= 0 && levels != nil {
				if v, err := strconv.Atoi(attrVal(e, "val")); err == nil && v >= 0 && v < 10000 {
					levels[lvl].start = v
				}
			}
		case "numFmt":
			if levels := n.abstract[absID]; absID != "" && lvl >= 0 && levels != nil {
				levels[lvl].format = attrVal(e, "val")
			}
		case "lvlText":
			if levels := n.abstract[absID]; absID != "" && lvl >= 0 && levels != nil {
				levels[lvl].text = attrVal(e, "val")
			}
		case "abstractNumId":
			if numID != "" {
				n.nums[numID] = attrVal(e, "val")
			}
		case "lvlOverride":
			overrideLvl = -1
			if v, err := strconv.Atoi(attrVal(e, "ilvl")); err == nil && v >= 0 && v < maxLevels {
				overrideLvl = v
			}
		case "startOverride":
			if numID != "" && overrideLvl >= 0 {
				if v, err := strconv.Atoi(attrVal(e, "val")); err == nil && v >= 0 && v < 10000 {
					if n.starts[numID] == nil {
						n.starts[numID] = map[int]int{}
					}
					n.starts[numID][overrideLvl] = v
				}
			}
		}
	}
	return n, nil
}

// label advances the counter of list numID at level ilvl and returns the
// number as the list shows it ("3．", "（二）", "①"), or "".
func (n *docxNumbering) label(numID, ilvl string) string {
	levels := n.abstract[n.nums[numID]]
	if levels == nil {
		return ""
	}
	lv, err := strconv.Atoi(ilvl)
	if err != nil || lv < 0 || lv >= maxLevels {
		lv = 0
	}
	c := n.counters[numID]
	if c == nil {
		c = make([]int, maxLevels)
		for i := range c {
			c[i] = n.startOf(numID, levels, i) - 1
		}
		n.counters[numID] = c
	}
	c[lv]++
	for i := lv + 1; i < maxLevels; i++ {
		c[i] = n.startOf(numID, levels, i) - 1
	}
	l := levels[lv]
	if l.format == "bullet" || l.format == "none" {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(l.text); i++ {
		if l.text[i] == '%' && i+1 < len(l.text) && l.text[i+1] >= '1' && l.text[i+1] <= '9' {
			k := int(l.text[i+1] - '1')
			b.WriteString(formatListNumber(c[k], levels[k].format))
			i++
			continue
		}
		b.WriteByte(l.text[i])
	}
	return b.String()
}

func (n *docxNumbering) startOf(numID string, levels []numLevel, i int) int {
	if s, ok := n.starts[numID][i]; ok {
		return s
	}
	return levels[i].start
}

// formatListNumber writes v in a WordprocessingML number format.
func formatListNumber(v int, format string) string {
	switch format {
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if v >= 1 && v <= 20 {
			return string(rune(0x2460 + v - 1))
		}
	case "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional", "japaneseCounting", "taiwaneseCounting":
		if v >= 1 && v < 1000 {
			return rectify.HanNumeral(v)
		}
	case "upperLetter":
		if v >= 1 && v <= 26 {
			return string(rune('A' + v - 1))
		}
	case "lowerLetter":
		if v >= 1 && v <= 26 {
			return string(rune('a' + v - 1))
		}
	}
	return strconv.Itoa(v)
}
