package notice

import (
	"archive/zip"
	"bytes"
	"flag"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The PDFs and the .doc of the corpus (testdata/corpus/pdf_*.pdf,
// doc_*.doc) are made from the texts under testdata/formats by
// TestMakeFormatFixtures with -regen-formats: each text is
// laid out as a Word document the way units lay out their notices (a
// centred title, first-line indents, a running header, page numbers in the
// footer, two columns for the gazette style) and LibreOffice turns it into
// a PDF or a .doc. They are committed so that reading them needs only
// pdftotext (or LibreOffice for the .doc), not their making.
var regenFormats = flag.Bool("regen-formats", false, "rebuild the corpus's PDFs and .doc from testdata/formats with LibreOffice")

// layoutSpec is how a fixture text is laid out.
type layoutSpec struct {
	name    string // testdata/formats/NAME.txt
	corpus  string // testdata/corpus/CORPUS.OUT
	out     string // pdf or doc
	columns int    // 2: the body in two columns
	size    int    // font size in half-points
	header  string // running header, "" for none
	footer  string // "dash" (- 3 -), "of" (第3页 共5页)
}

var formatFixtures = []layoutSpec{
	{name: "qinghe_agri", corpus: "pdf_text_layer", out: "pdf", size: 32, header: "青禾县人民政府门户网站　信息公开", footer: "of"},
	{name: "linchuan_town", corpus: "pdf_two_columns", out: "pdf", columns: 2, size: 21, footer: "dash"},
	{name: "shimen_street", corpus: "doc_word97", out: "doc", size: 32, footer: "dash"},
}

// TestMakeFormatFixtures rebuilds the committed PDFs and .doc of the corpus
// (only with -regen-formats; it needs soffice).
func TestMakeFormatFixtures(t *testing.T) {
	if !*regenFormats {
		t.Skip("run with -regen-formats to rebuild testdata/formats")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed to rebuild the fixtures")
	}
	for _, spec := range formatFixtures {
		text, err := os.ReadFile(filepath.Join("testdata", "formats", spec.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		src := filepath.Join(dir, spec.name+".docx")
		if err := os.WriteFile(src, layoutDocx(string(text), spec), 0o600); err != nil {
			t.Fatal(err)
		}
		filter := spec.out
		if spec.out == "doc" {
			filter = "doc:MS Word 97"
		}
		cmd := exec.Command(soffice, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", filter, "--outdir", dir, src)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, out)
		}
		data, err := os.ReadFile(filepath.Join(dir, spec.name+"."+spec.out))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", "corpus", spec.corpus+"."+spec.out), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// layoutDocx lays a notice text out as a .docx: the lines before the first
// blank line are the centred title, a line "一、…" is a heading, the last
// two lines are the signature and date (right-aligned), every other line a
// paragraph with a first-line indent of two characters.
func layoutDocx(text string, spec layoutSpec) []byte {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	font := `<w:rFonts w:ascii="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC" w:hAnsi="Noto Serif CJK SC"/>`
	run := func(s string, size int, bold bool) string {
		b := ""
		if bold {
			b = "<w:b/>"
		}
		return `<w:r><w:rPr>` + font + b + `<w:sz w:val="` + itoa(size) + `"/></w:rPr><w:t xml:space="preserve">` + html.EscapeString(s) + `</w:t></w:r>`
	}
	para := func(ppr, runs string) string {
		return `<w:p><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/>` + ppr + `</w:pPr>` + runs + `</w:p>`
	}
	var body strings.Builder
	inTitle := true
	var title []string
	for i, l := range lines {
		if inTitle {
			if l == "" {
				inTitle = false
				for _, t := range title {
					body.WriteString(para(`<w:jc w:val="center"/>`, run(t, spec.size+12, true)))
				}
				body.WriteString(para("", ""))
				if spec.columns > 1 {
					// The title spans the page; the body goes in columns.
					body.WriteString(`<w:p><w:pPr><w:sectPr>` + pageGeometry + `<w:cols w:num="1"/></w:sectPr></w:pPr></w:p>`)
				}
				continue
			}
			title = append(title, l)
			continue
		}
		switch {
		case l == "":
			continue
		case i >= len(lines)-2:
			body.WriteString(para(`<w:jc w:val="right"/><w:ind w:right="640"/>`, run(l, spec.size, false)))
		case strings.Contains("一二三四五六七八九", firstRune(l)) && strings.Contains(l, "、"):
			body.WriteString(para(`<w:ind w:firstLineChars="200" w:firstLine="`+itoa(spec.size*20)+`"/>`, run(l, spec.size, true)))
		default:
			body.WriteString(para(`<w:jc w:val="both"/><w:ind w:firstLineChars="200" w:firstLine="`+itoa(spec.size*20)+`"/>`, run(l, spec.size, false)))
		}
	}
	cols := `<w:cols w:num="1"/>`
	if spec.columns > 1 {
		cols = `<w:cols w:num="` + itoa(spec.columns) + `" w:space="720"/>`
	}
	var refs string
	parts := map[string]string{}
	var rels strings.Builder
	if spec.header != "" {
		refs += `<w:headerReference w:type="default" r:id="rIdH"/>`
		parts["word/header1.xml"] = `<w:hdr ` + wNS + `>` + para(`<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="000000"/></w:pBdr><w:jc w:val="center"/>`, run(spec.header, 18, false)) + `</w:hdr>`
		rels.WriteString(`<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>`)
	}
	if spec.footer != "" {
		refs += `<w:footerReference w:type="default" r:id="rIdF"/>`
		field := func(instr string) string {
			return `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + instr + ` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` +
				run("1", 24, false) + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
		}
		var runs string
		if spec.footer == "of" {
			runs = run("第", 18, false) + field("PAGE") + run("页 共", 18, false) + field("NUMPAGES") + run("页", 18, false)
		} else {
			runs = run("- ", 24, false) + field("PAGE") + run(" -", 24, false)
		}
		parts["word/footer1.xml"] = `<w:ftr ` + wNS + `>` + para(`<w:jc w:val="center"/>`, runs) + `</w:ftr>`
		rels.WriteString(`<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>`)
	}
	cont := ""
	if spec.columns > 1 {
		cont = `<w:type w:val="continuous"/>`
	}
	body.WriteString(`<w:sectPr>` + refs + cont + pageGeometry + cols + `</w:sectPr>`)
	parts["word/document.xml"] = `<w:document ` + wNS + `><w:body>` + body.String() + `</w:body></w:document>`
	parts["word/_rels/document.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
	parts["_rels/.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	parts["[Content_Types].xml"] = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/header1.xml", "word/footer1.xml"} {
		content, ok := parts[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		w.Write([]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + content))
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// pageGeometry is A4 with the margins of official documents.
const pageGeometry = `<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/>`

func firstRune(s string) string {
	for _, r := range s {
		return string(r)
	}
	return ""
}
