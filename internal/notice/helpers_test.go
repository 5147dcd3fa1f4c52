package notice

import (
	"archive/zip"
	"bytes"
	"html"
	"strings"
	"testing"
	"unicode/utf8"
)

// docxPara is a paragraph of a test document: its runs ("\n" inside a run
// becomes a line break, a leading "\t" a tab), and the automatic list it
// belongs to (0 for none).
type docxPara struct {
	runs  []string
	numID int
	cell  bool // put in a one-row table
}

// buildDocx writes a minimal but valid WordprocessingML package.
func buildDocx(tb testing.TB, paras []docxPara) []byte {
	tb.Helper()
	var body strings.Builder
	inTable := false
	for _, p := range paras {
		if p.cell && !inTable {
			body.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tr>`)
			inTable = true
		}
		if !p.cell && inTable {
			body.WriteString(`</w:tr></w:tbl>`)
			inTable = false
		}
		if p.cell {
			body.WriteString(`<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>`)
		}
		body.WriteString(docxParaXML(p))
		if p.cell {
			body.WriteString(`</w:tc>`)
		}
	}
	if inTable {
		body.WriteString(`</w:tr></w:tbl>`)
	}
	numbering := len(paras) > 0 && hasNumbering(paras)
	return zipParts(tb, docxParts(body.String(), numbering))
}

func hasNumbering(paras []docxPara) bool {
	for _, p := range paras {
		if p.numID != 0 {
			return true
		}
	}
	return false
}

func docxParaXML(p docxPara) string {
	var b strings.Builder
	b.WriteString(`<w:p w14:paraId="1A2B3C4D"><w:pPr><w:tabs><w:tab w:val="left" w:pos="840"/></w:tabs>`)
	if p.numID != 0 {
		b.WriteString(`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="` + itoa(p.numID) + `"/></w:numPr>`)
	}
	b.WriteString(`<w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLine="640"/><w:rPr><w:rFonts w:ascii="仿宋_GB2312"/></w:rPr></w:pPr>`)
	b.WriteString(`<w:bookmarkStart w:id="0" w:name="_GoBack"/>`)
	for i, r := range p.runs {
		if i > 0 {
			b.WriteString(`<w:proofErr w:type="spellStart"/>`)
		}
		b.WriteString(`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr>`)
		if strings.HasPrefix(r, "\t") {
			b.WriteString(`<w:tab/>`)
			r = r[1:]
		}
		for k, part := range strings.Split(r, "\n") {
			if k > 0 {
				b.WriteString(`<w:br/>`)
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">` + html.EscapeString(part) + `</w:t>`)
			}
		}
		b.WriteString(`</w:r>`)
	}
	b.WriteString(`<w:bookmarkEnd w:id="0"/></w:p>`)
	return b.String()
}

// docxParts returns the parts of a package with the given body.
func docxParts(body string, numbering bool) map[string]string {
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14"><w:body>` +
			body + `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
	}
	if numbering {
		parts["word/_rels/document.xml.rels"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`
		parts["word/numbering.xml"] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
			`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>` +
			`<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>` +
			`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`
	}
	return parts
}

// zipParts writes parts as a zip, [Content_Types].xml first.
func zipParts(tb testing.TB, parts map[string]string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "word/numbering.xml"}
	for name := range parts {
		known := false
		for _, n := range names {
			known = known || n == name
		}
		if !known {
			names = append(names, name)
		}
	}
	for _, name := range names {
		content, ok := parts[name]
		if !ok {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write([]byte(content)); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// docxParagraphsOf turns text lines into paragraphs the way a word
// processor holds them: runs split at colons and every 17 characters, an
// indenting tab, one pair of lines joined by a line break, blank lines
// kept as empty paragraphs, the signature and date in a table.
func docxParagraphsOf(lines []string) []docxPara {
	var out []docxPara
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r")
		if joinedPair(lines, i) {
			out = append(out, docxPara{runs: []string{l + "\n" + lines[i+1]}})
			i++
			continue
		}
		p := docxPara{runs: splitRuns(l)}
		if i >= len(lines)-4 && strings.TrimSpace(l) != "" {
			p.cell = true
		}
		out = append(out, p)
	}
	return out
}

// joinedPair reports whether lines i and i+1 are the first two adjacent
// non-blank lines past the tenth that open no section or item: the pair
// a test document holds as one paragraph with a line break.
func joinedPair(lines []string, i int) bool {
	for k := 10; k+1 < len(lines); k++ {
		a, b := strings.TrimSpace(lines[k]), strings.TrimSpace(lines[k+1])
		if a == "" || b == "" {
			continue
		}
		if st, _, _ := splitNumber(a); st != styleNone {
			continue
		}
		if st, _, _ := splitNumber(b); st != styleNone {
			continue
		}
		return k == i
	}
	return false
}

// splitRuns cuts a line into runs the way formatting changes do.
func splitRuns(l string) []string {
	if l == "" {
		return nil
	}
	var runs []string
	cur := []rune{}
	n := 0
	for _, r := range l {
		cur = append(cur, r)
		n++
		if r == '：' || n%17 == 0 {
			runs = append(runs, string(cur))
			cur = cur[:0]
		}
	}
	if len(cur) > 0 {
		runs = append(runs, string(cur))
	}
	runs[0] = "\t" + runs[0]
	return runs
}

// autoNumbered is docxParagraphsOf with the problem numbers (1．, 6.) made
// automatic list numbers, as a word processor's numbered list holds them.
func autoNumbered(lines []string) []docxPara {
	paras := docxParagraphsOf(lines)
	for i := range paras {
		if len(paras[i].runs) == 0 {
			continue
		}
		text := strings.TrimPrefix(strings.Join(paras[i].runs, ""), "\t")
		st, _, rest := splitNumber(text)
		if st == styleArabic {
			paras[i] = docxPara{runs: splitRuns(rest), numID: 1}
		}
	}
	return paras
}

// sitePage wraps notice lines in a saved page of a government site: a
// menu, breadcrumbs, a sidebar of links, the article with its info line and
// share buttons, a footer with the copyright and ICP number. With charset
// "gb2312" the page declares it in a meta tag, and the notice's own two
// heading lines are left to the page's <h1>.
func sitePage(lines []string, charset string) string {
	var b strings.Builder
	meta := `<meta charset="utf-8">`
	body := lines
	if charset != "utf-8" {
		meta = `<meta http-equiv="Content-Type" content="text/html; charset=` + charset + `">`
		body = lines[2:]
	}
	b.WriteString(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
` + meta + `
<title>` + html.EscapeString(lines[1]) + `_门户网站</title>
<link rel="stylesheet" href="/css/style.css">
<style>body{font-family:"微软雅黑";} .nav li{float:left;}</style>
<script type="text/javascript">var _hmt = _hmt || []; document.write("<p>统计代码</p>");</script>
</head>
<body>
<div class="top-bar"><a href="#">无障碍浏览</a> <a href="#">长者模式</a> <a href="/login">登录</a></div>
<div id="header"><div class="logo"><img src="/logo.png" alt="门户网站"></div>
<div class="search-box"><form action="/search"><input type="text" name="q"><button>搜索</button></form></div></div>
<ul class="nav">
<li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/tzgg/">通知公告</a></li>
<li><a href="/djgz/">党建工作</a></li><li><a href="/hdjl/">互动交流</a></li>
</ul>
<div class="container">
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a> &gt; 正文</div>
<div class="left-side">
<h3>最新公告</h3>
<ul>
<li><a href="/a1.html">关于开展行道树普查工作的公告</a></li>
<li><a href="/a2.html">关于公园临时闭园维护的通知</a></li>
<li><a href="/a3.html">2023年度部门预算公开说明</a></li>
<li><a href="/a4.html">关于征集公园管理意见建议的公告</a></li>
</ul>
<p>服务热线：12345</p>
</div>
<div class="article">
<h1 class="article-title">` + html.EscapeString(lines[1]) + `</h1>
<div class="info">发布时间：2023-11-29 10:12　来源：本单位　浏览次数：1024　字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></div>
<div class="TRS_Editor" id="zoom">
`)
	for i := 0; i < len(body); i++ {
		l := strings.TrimRight(body[i], "\r")
		switch {
		case strings.TrimSpace(l) == "":
			b.WriteString("<p>&nbsp;</p>\n")
		case joinedPair(body, i):
			b.WriteString(`<p style="text-indent:2em">` + html.EscapeString(l) + "<br>" + html.EscapeString(body[i+1]) + "</p>\n")
			i++
		case utf8.RuneCountInString(l) > 60:
			// A long paragraph wrapped in the page source, as editors do.
			r := []rune(l)
			b.WriteString(`<p style="text-indent:2em"><span style="font-family:仿宋">` + html.EscapeString(string(r[:30])) +
				"\n" + html.EscapeString(string(r[30:])) + "</span></p>\n")
		default:
			b.WriteString(`<p style="text-indent:2em">&emsp;&emsp;` + html.EscapeString(l) + "</p>\n")
		}
	}
	b.WriteString(`</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div class="print-close"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
</div>
<div class="footer">
<p><a href="/about">关于我们</a> | <a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
<p>主办单位：本站　版权所有　地址：市中心路1号</p>
<p>湘ICP备00000000号-1　湘公网安备 43050002000000号　网站标识码：4305000000</p>
</div>
<script>window.onload = function () { console.log("ok"); };</script>
</body>
</html>
`)
	return b.String()
}
