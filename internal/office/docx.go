package office

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/template"
	"time"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// NoticeOptions tunes the notice as a document.
type NoticeOptions struct {
	// AsOf is the day whose statuses the notice reports; the zero Date
	// means what notice.Render takes (the latest status date in the record).
	AsOf rectify.Date
}

// WriteNoticeDocx writes the notice of in as a Word document (.docx) in the
// official layout (GB/T 9704-2012): A4 with the standard margins, a grid of
// 22 lines of 28 characters, the title in 2号 小标宋, the body in 3号 仿宋,
// headings of level one in 黑体 and of level two in 楷体, page numbers
// "— N —" in 4号 on the outer side, the issuer and the date at the end. Its
// content is notice.Blocks': counts computed from the record. It returns an
// EINVALID error when in is nil, and w's error when writing fails.
func WriteNoticeDocx(w io.Writer, in *rectify.Inspection, opt NoticeOptions) error {
	blocks, err := notice.Blocks(in, notice.RenderOptions{AsOf: opt.AsOf})
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	parts, err := docxParts(blocks, docxMeta{Title: noticeTitle(blocks), Creator: in.Issuer})
	if err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	if err := writeZip(w, parts); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// noticeTitle returns the title of the notice: its issuer line and title.
func noticeTitle(blocks []notice.Block) string {
	var parts []string
	for _, b := range blocks {
		if b.Kind == notice.BlockIssuer || b.Kind == notice.BlockTitle {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, "")
}

// zipPart is one file of an Office package.
type zipPart struct {
	name string
	data []byte
}

// zipTime is the modification time written for every part, so that the same
// record gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// writeZip writes parts as a zip archive, [Content_Types].xml first.
func writeZip(w io.Writer, parts []zipPart) error {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if _, err := f.Write(p.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// docxMeta is what docProps/core.xml says of the document.
type docxMeta struct {
	Title   string
	Creator string
}

// docxParts returns the parts of the .docx of blocks.
func docxParts(blocks []notice.Block, meta docxMeta) ([]zipPart, error) {
	return docxPackage(docxDocument(blocks), meta)
}

// docxPackage returns the parts of a .docx in the official layout whose
// word/document.xml is doc.
func docxPackage(doc []byte, meta docxMeta) ([]zipPart, error) {
	var parts []zipPart
	for _, t := range []struct {
		name string
		tmpl *template.Template
		data any
	}{
		{"[Content_Types].xml", docxContentTypes, nil},
		{"_rels/.rels", docxRootRels, nil},
		{"docProps/core.xml", docxCore, meta},
		{"word/_rels/document.xml.rels", docxDocumentRels, nil},
		{"word/styles.xml", docxStyles, docxGeometry()},
		{"word/settings.xml", docxSettings, nil},
		{"word/fontTable.xml", docxFontTable, docxGeometry()},
		{"word/footer1.xml", docxFooter, docxFooterData{Align: "right", Indent: "w:right", Geometry: docxGeometry()}},
		{"word/footer2.xml", docxFooter, docxFooterData{Align: "left", Indent: "w:left", Geometry: docxGeometry()}},
	} {
		var b bytes.Buffer
		if err := t.tmpl.Execute(&b, t.data); err != nil {
			return nil, fmt.Errorf("%s: %w", t.name, err)
		}
		parts = append(parts, zipPart{t.name, b.Bytes()})
	}
	// document.xml right after the content types and relationships, where
	// readers look for it first.
	parts = append(parts[:3], append([]zipPart{{"word/document.xml", doc}}, parts[3:]...)...)
	return parts, nil
}

// geometry holds the numbers the templates print.
type geometry struct {
	PageWidth, PageHeight                                    int
	MarginTop, MarginBottom, MarginLeft, MarginRight         int
	LinePitch, CharSpace, CharPitch, FooterDistance          int
	BodySize, TitleSize, PageNoSize                          int // half-points
	PageNoIndent, PageNoLine, FirstLine, CharSpacing         int
	FontTitle, FontTitleAlt, FontBody, FontBodyAlt           string
	FontHeading1, FontHeading1Alt                            string
	FontHeading2, FontHeading2Alt, FontPageNo, FontPageNoAlt string
}

func docxGeometry() geometry {
	return geometry{
		PageWidth: pageWidth, PageHeight: pageHeight,
		MarginTop: marginTop, MarginBottom: marginBottom, MarginLeft: marginLeft, MarginRight: marginRight,
		LinePitch: linePitch, CharSpace: charSpace, CharPitch: charPitch, FooterDistance: footerDistance,
		BodySize: bodySize * 2, TitleSize: titleSize * 2, PageNoSize: pageNoSize * 2,
		PageNoIndent: pageNoIndent, PageNoLine: pageNoSize * 20, FirstLine: 2 * charPitch, CharSpacing: charSpacing,
		FontTitle: fontTitle, FontTitleAlt: fontTitleAlt, FontBody: fontBody, FontBodyAlt: fontBodyAlt,
		FontHeading1: fontHeading1, FontHeading1Alt: fontHeading1Alt,
		FontHeading2: fontHeading2, FontHeading2Alt: fontHeading2Alt,
		FontPageNo: fontPageNo, FontPageNoAlt: fontPageNoAlt,
	}
}

type docxFooterData struct {
	Align, Indent string
	Geometry      geometry
}

// The paragraph styles, by block kind.
var docxStyleOf = map[notice.BlockKind]string{
	notice.BlockParagraph: "",
	notice.BlockIssuer:    "NoticeTitle",
	notice.BlockTitle:     "NoticeTitle",
	notice.BlockHeading1:  "Heading1",
	notice.BlockHeading2:  "Heading2",
	notice.BlockSignature: "Signature",
	notice.BlockDate:      "NoticeDate",
}

// docxDocument returns word/document.xml: one paragraph per block, the
// lines of a block split by breaks; the section properties last.
func docxDocument(blocks []notice.Block) []byte {
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>` + "\n")
	sigIndent := signatureIndents(blocks)
	for i, bl := range blocks {
		b.WriteString("<w:p>")
		style := docxStyleOf[bl.Kind]
		if style != "" || bl.Kind == notice.BlockSignature || bl.Kind == notice.BlockDate {
			b.WriteString("<w:pPr>")
			if style != "" {
				b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
			}
			if bl.Kind == notice.BlockTitle && i+1 < len(blocks) && blocks[i+1].Kind != notice.BlockTitle {
				// A blank line under the title (标题下空一行).
				fmt.Fprintf(&b, `<w:spacing w:after="%d"/>`, linePitch)
			}
			if bl.Kind == notice.BlockSignature {
				// A line of space above the signature.
				fmt.Fprintf(&b, `<w:spacing w:before="%d"/>`, linePitch)
			}
			if ind, ok := sigIndent[bl.Kind]; ok {
				fmt.Fprintf(&b, `<w:ind w:right="%d" w:rightChars="%d"/>`, ind*charPitch/100, ind)
			}
			b.WriteString("</w:pPr>")
		}
		lines := strings.Split(bl.Text, "\n")
		if bl.Kind == notice.BlockIssuer || bl.Kind == notice.BlockTitle {
			lines = titleLines(bl.Text)
		}
		for k, line := range lines {
			b.WriteString("<w:r>")
			if k > 0 {
				b.WriteString("<w:br/>")
			}
			b.WriteString(`<w:t xml:space="preserve">`)
			xmlText(&b, line)
			b.WriteString("</w:t></w:r>")
		}
		b.WriteString("</w:p>\n")
	}
	endDocument(&b)
	return []byte(b.String())
}

// endDocument closes the body of a document in the official layout: the
// page (A4, the margins and the grid of 22 lines of 28 characters) and
// the page numbers outside, as the notice and the 督办单 share them.
func endDocument(b *strings.Builder) {
	fmt.Fprintf(b, `<w:sectPr>`+
		`<w:footerReference w:type="default" r:id="rIdFooterOdd"/>`+
		`<w:footerReference w:type="even" r:id="rIdFooterEven"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/>`+
		`<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:cols w:space="425"/>`+
		`<w:docGrid w:type="linesAndChars" w:linePitch="%d" w:charSpace="%d"/>`+
		`</w:sectPr>`,
		pageWidth, pageHeight, marginTop, marginRight, marginBottom, marginLeft, footerDistance, linePitch, charSpace)
	b.WriteString("</w:body></w:document>")
}

// signatureIndents returns the right indents, in hundredths of a character,
// of the signature and the date: the date four characters in from the
// right (右空四字), the issuer centred over the date (居中于成文日期之上)
// as far as the line allows.
func signatureIndents(blocks []notice.Block) map[notice.BlockKind]int {
	var sig, date string
	for _, b := range blocks {
		switch b.Kind {
		case notice.BlockSignature:
			sig = b.Text
		case notice.BlockDate:
			date = b.Text
		}
	}
	const dateIndent = 400
	out := map[notice.BlockKind]int{notice.BlockDate: dateIndent}
	if sig != "" {
		// Widths in hundredths of a character: a digit or Latin letter is half.
		ind := dateIndent + (textUnits(date)-textUnits(sig))/2
		out[notice.BlockSignature] = max(ind, 0)
	}
	return out
}

// textUnits returns the width of s in hundredths of a full-width character.
func textUnits(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x2E80 {
			n += 50
		} else {
			n += 100
		}
	}
	return n
}

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

var docxFuncs = template.FuncMap{"xml": xmlEscape}

func docxTemplate(name, text string) *template.Template {
	return template.Must(template.New(name).Funcs(docxFuncs).Parse(xmlHeader + text))
}

var docxContentTypes = docxTemplate("content-types", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`+
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>`+
	`<Default Extension="xml" ContentType="application/xml"/>`+
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>`+
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>`+
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>`+
	`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>`+
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`+
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>`+
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>`+
	`</Types>`)

var docxRootRels = docxTemplate("root-rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>`+
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`+
	`</Relationships>`)

var docxCore = docxTemplate("core", `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" `+
	`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" `+
	`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`+
	`<dc:title>{{xml .Title}}</dc:title><dc:creator>{{xml .Creator}}</dc:creator><dc:language>zh-CN</dc:language>`+
	`</cp:coreProperties>`)

var docxDocumentRels = docxTemplate("document-rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`+
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>`+
	`<Relationship Id="rIdFontTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>`+
	`<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`+
	`<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>`+
	`</Relationships>`)

// docxStyles is word/styles.xml: the defaults are the body's (3号 仿宋, lines
// exactly one grid line apart, two characters' first-line indent, justified);
// the title, the two heading levels, the signature and the date, and the
// footer derive from them.
//
// The section's grid (w:docGrid) says 22 lines of 28 characters, which is
// what Word's and WPS's page set-up show and what reviewers check. The
// paragraphs do not snap to it, though (w:snapToGrid off): LibreOffice gives
// every character of type wider than a grid cell two cells, 14 characters a
// line. The same layout comes instead from the line spacing, exactly one
// grid line, and a character spacing of −0.25 pt (see charSpacing), in
// every program alike.
var docxStyles = docxTemplate("styles", `<w:styles xmlns:w="`+nsW+`">
<w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="{{.FontBody}}" w:eastAsia="{{.FontBody}}" w:hAnsi="{{.FontBody}}" w:cs="{{.FontBody}}"/><w:kern w:val="2"/><w:sz w:val="{{.BodySize}}"/><w:szCs w:val="{{.BodySize}}"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:line="{{.LinePitch}}" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>
</w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:snapToGrid w:val="0"/><w:ind w:firstLineChars="200" w:firstLine="{{.FirstLine}}"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.FontBody}}" w:eastAsia="{{.FontBody}}" w:hAnsi="{{.FontBody}}" w:cs="{{.FontBody}}"/><w:spacing w:val="{{.CharSpacing}}"/><w:sz w:val="{{.BodySize}}"/><w:szCs w:val="{{.BodySize}}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="NoticeTitle"><w:name w:val="Notice Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.FontTitle}}" w:eastAsia="{{.FontTitle}}" w:hAnsi="{{.FontTitle}}" w:cs="{{.FontTitle}}"/><w:sz w:val="{{.TitleSize}}"/><w:szCs w:val="{{.TitleSize}}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.FontHeading1}}" w:eastAsia="{{.FontHeading1}}" w:hAnsi="{{.FontHeading1}}" w:cs="{{.FontHeading1}}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.FontHeading2}}" w:eastAsia="{{.FontHeading2}}" w:hAnsi="{{.FontHeading2}}" w:cs="{{.FontHeading2}}"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/><w:next w:val="NoticeDate"/><w:pPr><w:keepNext/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="NoticeDate"><w:name w:val="Notice Date"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="right"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:line="{{.PageNoLine}}" w:lineRule="exact"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr><w:rPr><w:rFonts w:ascii="{{.FontPageNo}}" w:eastAsia="{{.FontPageNo}}" w:hAnsi="{{.FontPageNo}}" w:cs="{{.FontPageNo}}"/><w:spacing w:val="0"/><w:sz w:val="{{.PageNoSize}}"/><w:szCs w:val="{{.PageNoSize}}"/></w:rPr></w:style>
</w:styles>
`)

// docxSettings is word/settings.xml: separate footers for odd and even
// pages (evenAndOddHeaders), Chinese as the East Asian language.
var docxSettings = docxTemplate("settings", `<w:settings xmlns:w="`+nsW+`">`+
	`<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>`+
	`<w:characterSpacingControl w:val="doNotCompress"/>`+
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>`+
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>`+
	`</w:settings>`)

// docxFontTable is word/fontTable.xml: each official font with the font
// that stands in for it where it is not installed (仿宋_GB2312 → 仿宋, …).
var docxFontTable = docxTemplate("font-table", `<w:fonts xmlns:w="`+nsW+`">
<w:font w:name="{{.FontBody}}"><w:altName w:val="{{.FontBodyAlt}}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{{.FontBodyAlt}}"><w:altName w:val="FangSong"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{{.FontTitle}}"><w:altName w:val="{{.FontTitleAlt}}"/><w:charset w:val="86"/><w:family w:val="script"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="{{.FontHeading1}}"><w:altName w:val="{{.FontHeading1Alt}}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{{.FontHeading2}}"><w:altName w:val="{{.FontHeading2Alt}}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{{.FontHeading2Alt}}"><w:altName w:val="KaiTi"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="{{.FontPageNo}}"><w:altName w:val="{{.FontPageNoAlt}}"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
</w:fonts>
`)

// docxFooter is a footer: the page number as "— N —" (a PAGE field between
// two dashes), on the outer side one character in.
var docxFooter = docxTemplate("footer", `<w:ftr xmlns:w="`+nsW+`" xmlns:r="`+nsR+`">`+
	`<w:p><w:pPr><w:pStyle w:val="Footer"/><w:ind {{.Indent}}="{{.Geometry.PageNoIndent}}"/><w:jc w:val="{{.Align}}"/></w:pPr>`+
	`<w:r><w:t xml:space="preserve">— </w:t></w:r>`+
	`<w:r><w:fldChar w:fldCharType="begin"/></w:r>`+
	`<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>`+
	`<w:r><w:fldChar w:fldCharType="separate"/></w:r>`+
	`<w:r><w:t>1</w:t></w:r>`+
	`<w:r><w:fldChar w:fldCharType="end"/></w:r>`+
	`<w:r><w:t xml:space="preserve"> —</w:t></w:r>`+
	`</w:p></w:ftr>`)

// titleLines returns the lines of the issuer or title block text: each
// line of it broken where GB/T 9704 allows (notice.TitleLines).
func titleLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		out = append(out, notice.TitleLines(l, TitleLineChars)...)
	}
	return out
}
