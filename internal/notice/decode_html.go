package notice

import (
	"bytes"
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// decodeHTML extracts the article of a saved web page: it honours the
// page's charset (GBK and GB2312 pages are read as GB18030), drops scripts,
// styles, navigation, headers, footers and sidebars, picks the element that
// holds most of the page's text outside links, and returns its blocks as
// lines (<p>, <br>, <div>, <li>, table cells and headings break lines).
func decodeHTML(data []byte) ([]string, []Warning, error) {
	text, err := htmlToUTF8(data)
	if err != nil {
		return nil, nil, err
	}
	if err := checkHTMLBounds(text); err != nil {
		return nil, nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, nil, rectify.Errorf(rectify.EINVALID, "网页无法解析（元素嵌套过深或结构错误）")
	}
	root, skipped := articleNode(doc)
	if root == nil {
		return nil, nil, rectify.Errorf(rectify.EINVALID, "网页中没有找到正文")
	}
	lines := blockLines(root, skipped)
	lines = dropBoilerplate(lines)
	if title := outsideTitle(doc, root, lines); title != "" {
		lines = append([]string{title}, lines...)
	}
	// The page's metadata rows (发布时间, 成文日期, 公开责任部门 …) stand
	// outside the article, in its furniture: they go first, where the
	// reader looks for them.
	if meta := metaRows(doc, root); len(meta) > 0 {
		lines = append(meta, lines...)
	}
	if len(lines) == 0 {
		return nil, nil, rectify.Errorf(rectify.EINVALID, "网页中没有找到正文")
	}
	return lines, nil, nil
}

// Limits of a web page, checked by a pass of the tokenizer before the page
// is parsed into a tree: how many tags it has, how deep its elements nest
// (elements whose end tag may be left out, <p>, <li>, <td> …, are not
// counted) and how long one tag may be. A government site's notice page
// has a few thousand tags and nests some 30 deep; the tree builder
// itself stops at 512 open elements.
const (
	maxHTMLTokens = 200_000
	maxHTMLDepth  = 500
	maxHTMLToken  = 1 << 20
)

// checkHTMLBounds refuses a page past the limits, saying which and at
// which line, without building its tree.
func checkHTMLBounds(text string) error {
	z := html.NewTokenizer(strings.NewReader(text))
	z.SetMaxBuf(maxHTMLToken)
	tokens, depth, line := 0, 0, 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if errors.Is(z.Err(), html.ErrBufferExceeded) {
				return rectify.Errorf(rectify.EINVALID, "网页第%d行有一个超过 %d MB 的标记，不是正常保存的网页，未读取", line, maxHTMLToken>>20)
			}
			return nil
		}
		line += bytes.Count(z.Raw(), []byte{'\n'})
		if tt == html.TextToken {
			continue
		}
		if tokens++; tokens > maxHTMLTokens {
			return rectify.Errorf(rectify.EINVALID, "网页到第%d行已超过 %d 个标记，超出通报导入的上限，未读取", line, maxHTMLTokens)
		}
		switch tt {
		case html.StartTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); !voidElement(a) && !optionalEnd(a) {
				if depth++; depth > maxHTMLDepth {
					return rectify.Errorf(rectify.EINVALID, "网页第%d行元素嵌套过深（超过 %d 层），不是正常保存的网页，未读取", line, maxHTMLDepth)
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); !voidElement(a) && !optionalEnd(a) && depth > 0 {
				depth--
			}
		}
	}
}

// voidElement reports whether a has no end tag (<br>, <img> …).
func voidElement(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Link, atom.Meta, atom.Source, atom.Track, atom.Wbr, atom.Param, atom.Keygen:
		return true
	}
	return false
}

// optionalEnd reports whether a's end tag may be left out, so that pages
// often leave it out.
func optionalEnd(a atom.Atom) bool {
	switch a {
	case atom.Html, atom.Head, atom.Body, atom.P, atom.Li, atom.Dt, atom.Dd, atom.Tr, atom.Td, atom.Th,
		atom.Tbody, atom.Thead, atom.Tfoot, atom.Colgroup, atom.Option, atom.Optgroup, atom.Caption,
		atom.Rb, atom.Rt, atom.Rp, atom.Rtc:
		return true
	}
	return false
}

// htmlToUTF8 decodes a page by its byte order mark or meta charset; without
// either, UTF-8 when the bytes are valid UTF-8 and GB18030 otherwise. A page
// declared GBK whose bytes are valid UTF-8 is read as UTF-8.
func htmlToUTF8(data []byte) (string, error) {
	enc, name, _ := charset.DetermineEncoding(data, "")
	switch name {
	case "gbk", "gb2312", "gb18030", "x-gbk":
		// A page saved as UTF-8 may keep its old meta tag; GBK text is
		// almost never valid UTF-8, so valid UTF-8 wins.
		if utf8.Valid(data) && hasHighBit(data) {
			return string(bytes.TrimPrefix(data, utf8BOM)), nil
		}
		return gb18030(data)
	case "utf-8", "windows-1252", "": // windows-1252 is the fallback when nothing is declared
		if utf8.Valid(data) {
			return string(bytes.TrimPrefix(data, utf8BOM)), nil
		}
		if name == "utf-8" {
			if bad, nonASCII := invalidUTF8(data); bad*100 < nonASCII {
				return strings.ToValidUTF8(string(data), "\uFFFD"), nil
			}
		}
		return gb18030(data)
	}
	if enc == nil {
		return gb18030(data)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", rectify.Errorf(rectify.EINVALID, "网页编码“%s”无法解码", name)
	}
	return string(out), nil
}

func hasHighBit(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func gb18030(data []byte) (string, error) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", rectify.Errorf(rectify.EINVALID, "网页编码无法识别（既不是 UTF-8，也不是 GBK/GB18030）")
	}
	return string(out), nil
}

// skipTag reports whether an element and everything inside it is never part
// of an article.
func skipTag(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Nav, atom.Header, atom.Footer, atom.Aside,
		atom.Form, atom.Iframe, atom.Svg, atom.Template, atom.Head, atom.Select, atom.Button,
		atom.Textarea, atom.Object, atom.Embed, atom.Canvas, atom.Audio, atom.Video, atom.Input, atom.Title:
		return true
	}
	return false
}

// boilerWords are class and id words of site furniture.
var boilerWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menubar": true, "header": true,
	"head": true, "top": true, "topbar": true, "footer": true, "foot": true, "bottom": true,
	"sidebar": true, "side": true, "aside": true, "breadcrumb": true, "breadcrumbs": true,
	"crumb": true, "crumbs": true, "bread": true, "location": true, "position": true, "weizhi": true,
	"copyright": true, "banner": true, "share": true, "comment": true, "comments": true,
	"related": true, "recommend": true, "toolbar": true, "tools": true, "login": true, "search": true,
	"ad": true, "ads": true, "advert": true, "links": true, "friendlink": true, "qrcode": true,
	"print": true, "subnav": true, "leftnav": true, "left": true, "right": true, "hot": true, "info": true,
	"meta": true, "fontsize": true, "skip": true, "sitemap": true,
}

// boilerClass reports whether an element's class or id names site furniture.
func boilerClass(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" && a.Key != "role" {
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n' || (r >= '0' && r <= '9')
		})
		for _, w := range words {
			if boilerWords[w] {
				return true
			}
		}
	}
	return false
}

// nodeStats is the text of a subtree: runes outside links, runes inside
// links.
type nodeStats struct{ text, link int }

// subtreeStats computes, without recursion, the text counts of every
// element under root, leaving out skipped subtrees (and those in extra).
func subtreeStats(root *html.Node, extra map[*html.Node]bool) map[*html.Node]nodeStats {
	stats := map[*html.Node]nodeStats{}
	type frame struct {
		n          *html.Node
		done, link bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if !f.done {
			if n.Type == html.ElementNode && (skipTag(n.DataAtom) || extra[n]) {
				continue
			}
			link := f.link || (n.Type == html.ElementNode && n.DataAtom == atom.A)
			stack = append(stack, frame{n: n, done: true, link: link})
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				stack = append(stack, frame{n: c, link: link})
			}
			continue
		}
		var s nodeStats
		if n.Type == html.TextNode {
			s.text = countVisible(n.Data)
			if f.link {
				s.link = s.text
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			cs := stats[c]
			s.text += cs.text
			s.link += cs.link
		}
		stats[n] = s
	}
	return stats
}

func countVisible(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// articleNode finds the element that holds the article: starting at
// <body>, it goes down into the child that holds most of the text outside
// links while that child holds at least 70% of it. It also returns the
// furniture (named by class or id) to leave out inside that element.
func articleNode(doc *html.Node) (*html.Node, map[*html.Node]bool) {
	body := findElement(doc, atom.Body)
	if body == nil {
		body = doc
	}
	stats := subtreeStats(body, nil)
	total := stats[body].text - stats[body].link
	if total <= 0 {
		return nil, nil
	}
	// Furniture named by class or id goes, unless it holds most of the page.
	extra := map[*html.Node]bool{}
	walkElements(body, func(n *html.Node) bool {
		if n != body && boilerClass(n) {
			if s := stats[n]; (s.text-s.link)*10 < total*3 {
				extra[n] = true
				return false
			}
		}
		return true
	})
	if len(extra) > 0 {
		stats = subtreeStats(body, extra)
	}
	node := body
	for {
		own := stats[node].text - stats[node].link
		var best *html.Node
		bestText := 0
		for c := node.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || skipTag(c.DataAtom) || extra[c] {
				continue
			}
			if t := stats[c].text - stats[c].link; t > bestText {
				best, bestText = c, t
			}
		}
		if best == nil || bestText*10 < own*7 || isParagraph(best.DataAtom) {
			break
		}
		node = best
	}
	return node, extra
}

func isParagraph(a atom.Atom) bool {
	switch a {
	case atom.P, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Pre:
		return true
	}
	return false
}

// findElement returns the first element with atom a, without recursion.
func findElement(root *html.Node, a atom.Atom) *html.Node {
	var found *html.Node
	walkElements(root, func(n *html.Node) bool {
		if found != nil {
			return false
		}
		if n.DataAtom == a {
			found = n
			return false
		}
		return true
	})
	return found
}

// walkElements visits the elements under root in document order, without
// recursion; visit returns false to skip an element's children.
func walkElements(root *html.Node, visit func(*html.Node) bool) {
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.ElementNode && !visit(n) {
			continue
		}
		// Push children in reverse so that they pop in order.
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
}

// isBlock reports whether an element starts and ends a line.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th, atom.Table,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Blockquote,
		atom.Pre, atom.Dd, atom.Dt, atom.Dl, atom.Hr, atom.Main, atom.Center, atom.Caption, atom.Figure,
		atom.Figcaption, atom.Address, atom.Tbody, atom.Thead, atom.Tfoot:
		return true
	}
	return false
}

// blockLines writes the text under root as lines, one per block, leaving
// out the elements in skipped.
func blockLines(root *html.Node, skipped map[*html.Node]bool) []string {
	var (
		lines []string
		cur   strings.Builder
	)
	flush := func() {
		if s := cleanHTMLText(cur.String()); s != "" {
			lines = append(lines, s)
		}
		cur.Reset()
	}
	type frame struct {
		n          *html.Node
		close, pre bool
	}
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.close {
			flush()
			continue
		}
		pre := f.pre
		switch n.Type {
		case html.TextNode:
			if pre {
				for i, part := range strings.Split(n.Data, "\n") {
					if i > 0 {
						flush()
					}
					cur.WriteString(part)
				}
			} else {
				cur.WriteString(n.Data)
			}
			continue
		case html.ElementNode:
			if skipTag(n.DataAtom) || skipped[n] {
				continue
			}
			pre = pre || n.DataAtom == atom.Pre
			if isBlock(n.DataAtom) {
				flush()
				stack = append(stack, frame{n: n, close: true})
			}
		case html.CommentNode, html.DoctypeNode:
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c, pre: pre})
		}
	}
	flush()
	return lines
}

// cleanHTMLText collapses the white space of HTML text into single spaces
// and drops the spaces that source line breaks leave between Chinese
// characters.
func cleanHTMLText(s string) string {
	var b strings.Builder
	space := false
	var prev rune
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space && b.Len() > 0 && !(isWide(prev) && isWide(r)) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
		prev = r
	}
	return strings.TrimSpace(b.String())
}

// isWide reports whether r is a CJK character or full-width punctuation.
func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF) ||
		(r >= 0x2460 && r <= 0x24FF) || r == '“' || r == '”' || r == '‘' || r == '’' || r == '…' || r == '—'
}

// boilerLine reports whether a line is site furniture that slipped into the
// article container: copyright, ICP number, print and close buttons.
func boilerLine(s string) bool {
	if utf8.RuneCountInString(s) > 80 {
		return false
	}
	for _, w := range []string{"版权所有", "ICP备", "ICP证", "公网安备", "网站标识码", "技术支持：", "技术支持:",
		"主办单位：", "主办单位:", "承办单位：", "浏览次数", "阅读次数", "访问量", "【打印", "【关闭", "[打印", "[关闭",
		"关闭窗口", "打印本页", "字号：", "字体：", "分享到", "扫一扫", "上一篇", "下一篇"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func dropBoilerplate(lines []string) []string {
	out := lines[:0]
	for _, l := range lines {
		if !boilerLine(l) {
			out = append(out, l)
		}
	}
	return out
}

// outsideTitle returns the page's heading when the article container left
// it out: an <h1>–<h3> (or an element whose class names a title) before the
// container whose text names a notice. It returns "" when the article
// already starts with it.
func outsideTitle(doc, article *html.Node, lines []string) string {
	for i, l := range lines {
		if i >= 4 {
			break
		}
		if titleLike(l) {
			return ""
		}
	}
	var title string
	walkElements(doc, func(n *html.Node) bool {
		if n == article || title != "" {
			return false
		}
		if skipTag(n.DataAtom) {
			return false
		}
		if n.DataAtom == atom.H1 || n.DataAtom == atom.H2 || n.DataAtom == atom.H3 || hasClassWord(n, "title") {
			t := cleanHTMLText(nodeText(n))
			if utf8.RuneCountInString(t) <= 80 && strings.Contains(t, "关于") &&
				(strings.Contains(t, "通报") || strings.Contains(t, "公告") || strings.Contains(t, "公示")) {
				title = t
				return false
			}
		}
		return true
	})
	return title
}

func hasClassWord(n *html.Node, word string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			if strings.Contains(strings.ToLower(a.Val), word) {
				return true
			}
		}
	}
	return false
}

// nodeText returns the text under n, without recursion.
func nodeText(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		if c.Type == html.ElementNode && skipTag(c.DataAtom) {
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}

// metaRows returns the metadata rows of a page outside its article: each
// table row (cells joined by " | ") and each innermost block that names a
// metadata label (发布时间, 成文日期, 发布机构, 公开责任部门, 来源 …), at most 40.
func metaRows(doc, article *html.Node) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] && len(out) < 40 && metaLabelsIn(s) {
			seen[s] = true
			out = append(out, s)
		}
	}
	walkElements(doc, func(n *html.Node) bool {
		if n == article || (skipTag(n.DataAtom) && n.DataAtom != atom.Header && n.DataAtom != atom.Footer) {
			return false
		}
		if n.DataAtom == atom.Tr {
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
					if t := cleanHTMLText(nodeText(c)); t != "" {
						cells = append(cells, t)
					}
				}
			}
			add(strings.Join(cells, " | "))
			return false
		}
		if isBlock(n.DataAtom) && !hasBlockChild(n) {
			add(cleanHTMLText(nodeText(n)))
			return false
		}
		return true
	})
	return out
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (isBlock(c.DataAtom) || c.DataAtom == atom.Table) {
			return true
		}
	}
	return false
}
