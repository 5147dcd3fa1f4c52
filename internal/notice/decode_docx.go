package notice

import (
	"archive/zip"
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

// maxPartSize bounds how much of one part of a .docx is inflated, so that a
// zip bomb cannot exhaust memory.
const maxPartSize = 64 << 20

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
	body, err := readPart(main)
	if err != nil {
		return nil, nil, rectify.Errorf(rectify.EINVALID, "Word 文档（.docx）已损坏，无法读取正文（%s）", whyUnreadable(err))
	}
	var num *docxNumbering
	if f := files["word/numbering.xml"]; f != nil {
		if b, err := readPart(f); err == nil {
			num = parseNumbering(b)
		}
	}
	lines, xerr := docxParagraphs(body, num)
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

// readPart inflates one part of the package, at most maxPartSize bytes.
func readPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxPartSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxPartSize {
		return nil, errPartTooLarge
	}
	return b, nil
}

// mainPartFromRels finds the main document part named in _rels/.rels, for
// packages whose main part is not word/document.xml.
func mainPartFromRels(files map[string]*zip.File) string {
	f := files["_rels/.rels"]
	if f == nil {
		return ""
	}
	b, err := readPart(f)
	if err != nil {
		return ""
	}
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &rels) != nil {
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
// line break. On malformed XML it returns the lines read so far and the error.
func docxParagraphs(body []byte, num *docxNumbering) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var (
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
		}
		buf.Reset()
		prefix = ""
		dirty = false
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
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
	return lines, nil
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

func parseNumbering(b []byte) *docxNumbering {
	n := &docxNumbering{abstract: map[string][]numLevel{}, nums: map[string]string{},
		starts: map[string]map[int]int{}, counters: map[string][]int{}}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var absID, numID string
	lvl, overrideLvl := -1, -1
	for {
		tok, err := dec.Token()
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
	return n
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
			return chineseNumeral(v)
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

// chineseNumeral writes 1…999 in Chinese numerals (十一, 二十五, 一百零三).
func chineseNumeral(v int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	var b strings.Builder
	h, t, u := v/100, v/10%10, v%10
	if h > 0 {
		b.WriteString(digits[h] + "百")
		if t == 0 && u != 0 {
			b.WriteString("零")
		}
	}
	if t > 0 {
		if !(t == 1 && h == 0) {
			b.WriteString(digits[t])
		}
		b.WriteString("十")
	}
	if u > 0 {
		b.WriteString(digits[u])
	}
	return b.String()
}
