package notice

import (
	"strings"
	"time"
	"unicode/utf8"

	rectify "github.com/rectify-dev/rectify"
)

// What a web page or its copy says of a notice outside its text: rows of
// metadata (发布时间：2024-05-09 16:20, 成文日期, 公开责任部门 | 青溪县自然资源局),
// a breadcrumb (当前位置：首页 > 政务公开 > …) and site furniture (浏览次数, 字号,
// 打印, 关闭). The reader takes the facts from the rows and never reads
// any of it as the title or the body.

// metaField is what a metadata label gives.
type metaKind int

const (
	metaNone metaKind = iota
	metaDate
	metaIssuer
	metaTitle
	metaOther // furniture: read and dropped
)

// pageLabels are the labels of metadata rows, in order of trust within a
// kind (成文日期 is the notice's own date; 发布时间 the day it went online).
var pageLabels = []struct {
	label string
	kind  metaKind
}{
	{"成文日期", metaDate}, {"发文日期", metaDate}, {"印发日期", metaDate}, {"发布日期", metaDate},
	{"发布时间", metaDate}, {"公开日期", metaDate}, {"更新时间", metaDate}, {"日期", metaDate}, {"时间", metaDate},
	{"发文机关", metaIssuer}, {"发布机构", metaIssuer}, {"发文单位", metaIssuer}, {"公开责任部门", metaIssuer},
	{"责任部门", metaIssuer}, {"发布单位", metaIssuer}, {"信息来源", metaIssuer}, {"文章来源", metaIssuer}, {"来源", metaIssuer},
	{"文件名称", metaTitle}, {"标题", metaTitle}, {"名称", metaTitle},
	{"索引号", metaOther}, {"信息索引号", metaOther}, {"发布机关", metaIssuer}, {"主题分类", metaOther}, {"公开方式", metaOther}, {"公开范围", metaOther}, {"文号", metaOther},
	{"发文字号", metaOther}, {"浏览次数", metaOther}, {"访问量", metaOther}, {"阅读量", metaOther}, {"点击数", metaOther},
	{"浏览量", metaOther}, {"字号", metaOther}, {"分享", metaOther}, {"有效性", metaOther}, {"组配分类", metaOther},
	{"作者", metaOther}, {"体裁分类", metaOther}, {"主题词", metaOther}, {"所属机构", metaIssuer},
}

// metaHit is a label found in a row.
type metaHit struct {
	at, valueAt int
	k           int // index in pageLabels
}

// metaHits finds the labels of a row: a label at the start of the row or
// after a separator, followed by a colon, a bar or spaces.
func metaHits(s string) []metaHit {
	var hits []metaHit
	for i := 0; i < len(s); {
		best := -1
		for k, l := range pageLabels {
			if strings.HasPrefix(s[i:], l.label) && (best < 0 || len(l.label) > len(pageLabels[best].label)) {
				best = k
			}
		}
		if best < 0 || !(i == 0 || strings.ContainsAny(s[i-1:i], " |:]】") || strings.HasSuffix(s[:i], "　") || strings.HasSuffix(s[:i], "：")) {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			continue
		}
		j := i + len(pageLabels[best].label)
		v := j
		for v < len(s) && s[v] == ' ' {
			v++
		}
		switch {
		case strings.HasPrefix(s[v:], "："):
			v += len("：")
		case strings.HasPrefix(s[v:], ":"), strings.HasPrefix(s[v:], "|"):
			v++
		case v == j:
			i = j
			continue
		}
		hits = append(hits, metaHit{at: i, valueAt: v, k: best})
		i = v
	}
	return hits
}

// metaLabelsIn reports whether s is a metadata row: short, no sentence,
// and a label of one at its start or two labels in it.
func metaLabelsIn(s string) bool {
	if runeLen(s) > 160 || strings.Contains(s, "。") {
		return false
	}
	hits := metaHits(s)
	return len(hits) >= 2 || (len(hits) == 1 && hits[0].at == 0 && strings.TrimSpace(s[hits[0].valueAt:]) != "")
}

// labelOnly reports whether s is a metadata label and its colon alone.
func labelOnly(s string) bool {
	t := strings.TrimSpace(strings.TrimLeft(s, "•·● "))
	hits := metaHits(t)
	return len(hits) == 1 && hits[0].at == 0 && strings.TrimSpace(t[hits[0].valueAt:]) == "" && hits[0].valueAt > len(pageLabels[hits[0].k].label)
}

// isBreadcrumb reports whether s is a breadcrumb or a line of site
// navigation: 当前位置：首页 > …, 首页 > 政务公开 > …
func isBreadcrumb(s string) bool {
	for _, w := range []string{"当前位置", "您的位置", "您当前的位置", "您当前所在位置", "所在位置", "当前所在位置", "您现在的位置", "现在位置"} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	if strings.HasPrefix(s, "首页") && strings.ContainsAny(s, ">＞»→") {
		return true
	}
	return strings.Count(s, " > ")+strings.Count(s, "->")+strings.Count(s, "＞")+strings.Count(s, "»") >= 2 && runeLen(s) < 80
}

// furnitureWords are lines of a page's furniture copied with the text.
var furnitureWords = []string{"打印本页", "关闭窗口", "【打印】", "【关闭】", "[打印]", "[关闭]", "扫一扫", "分享到", "返回顶部",
	"无障碍", "长者模式", "网站地图", "网站标识码", "ICP备", "版权所有", "主办单位", "主办：", "承办："}

func isFurniture(s string) bool {
	if runeLen(s) > 100 || strings.Contains(s, "。") {
		return false
	}
	for _, w := range furnitureWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// pageMeta is what the metadata rows gave.
type pageMeta struct {
	date     rectify.Date
	dateRank int // index of the label in pageLabels: lower is trusted more
	issuer   string
	issuerK  int
	title    string
}

// readPageMeta takes the metadata rows, breadcrumbs and furniture out of
// the lines, keeping what they say. Only the lines before the body (the
// first 30, before the first line of a sentence) and the last 10 are
// looked at.
func (p *parser) readPageMeta(ls []line) []line {
	m := pageMeta{dateRank: len(pageLabels), issuerK: len(pageLabels)}
	out := ls[:0:0]
	skip := -1
	for i, l := range ls {
		if i == skip {
			continue
		}
		t := l.text
		near := i < 30 || i >= len(ls)-10
		// A label on a line of its own, its value on the next
		// ("发布机构：" then "县文旅局"), as pages copy out.
		if near && i+1 < len(ls) && labelOnly(t) && runeLen(ls[i+1].text) <= 40 && len(metaHits(ls[i+1].text)) == 0 {
			m.read(strings.TrimLeft(t, "•·● ") + ls[i+1].text)
			skip = i + 1
			continue
		}
		switch {
		case near && isBreadcrumb(t):
			continue
		case near && metaLabelsIn(t):
			m.read(t)
			continue
		case near && isFurniture(t):
			continue
		}
		out = append(out, l)
	}
	d := p.doc
	if !m.date.IsZero() {
		p.meta = &m
	}
	if m.issuer != "" && d.Issuer == "" {
		p.metaIssuer = m.issuer
	}
	if m.title != "" {
		p.metaTitle = m.title
	}
	return out
}

// read takes the facts of one row.
func (m *pageMeta) read(s string) {
	hits := metaHits(s)
	for k, h := range hits {
		end := len(s)
		if k+1 < len(hits) {
			end = hits[k+1].at
		}
		v := strings.Trim(strings.TrimSpace(s[h.valueAt:end]), "|　 ")
		if v == "" {
			continue
		}
		switch pageLabels[h.k].kind {
		case metaDate:
			if h.k < m.dateRank {
				if ds := scanDates(v, true); len(ds) > 0 && ds[0].start < 4 {
					if dt, ok := ds[0].date(0); ok {
						m.date, m.dateRank = dt, h.k
					}
				}
			}
		case metaIssuer:
			v = strings.TrimSpace(strings.SplitN(v, " ", 2)[0])
			if h.k < m.issuerK && hasHan(v) && runeLen(v) <= 40 {
				m.issuer, m.issuerK = v, h.k
			}
		case metaTitle:
			if m.title == "" && titleLike(v) {
				m.title = v
			}
		}
	}
}

// applyPageMeta fills the header from the metadata rows and the body where
// the text itself left it empty: the date (the signature's first, then
// 成文日期, then 发布时间), the issuer (heading, title and signature first)
// and the title.
func (p *parser) applyPageMeta() {
	d := p.doc
	if d.Date.IsZero() && p.meta != nil {
		d.Date, d.DateSource = p.meta.date, "metadata"
	}
	if d.Issuer == "" && p.metaIssuer != "" {
		d.Issuer, d.IssuerSource = p.metaIssuer, "metadata"
	}
	if d.Title == "" && p.metaTitle != "" {
		title := p.metaTitle
		if k := strings.Index(title, "关于"); k > 0 && isOrgLine(title[:k]) {
			if d.Issuer == "" {
				d.Issuer, d.IssuerSource = title[:k], "title"
			}
			title = title[k:]
		}
		d.Title = title
	}
	if d.Issuer == "" {
		if is := bodyIssuer(d); is != "" {
			d.Issuer, d.IssuerSource = is, "body"
		}
	}
	if d.Date.IsZero() && d.Title != "" {
		if ds := scanDates(d.Title, true); len(ds) > 0 {
			if dt, ok := ds[len(ds)-1].date(0); ok {
				d.Date, d.DateSource = dt, "title"
			}
		}
	}
}

// selfRefs are the ways a body names its own issuer.
var selfRefs = []string{"我局党组", "局党组", "我委党组", "委党组", "我院党组", "院党组", "我校党委", "校党委", "我局", "我委", "我院", "我校", "我公司", "公司党委", "中心党委", "中心党组"}

// bodyIssuer resolves the issuer from the body's self-reference (我局党组,
// 局党组, 我委): the inspected unit named in the opening (对县水利局党组开展了…)
// when it ends like the self-reference, else "".
func bodyIssuer(d *Document) string {
	text := d.Opening + strings.Join(d.Work, "")
	ref := ""
	for _, w := range selfRefs {
		if strings.Contains(text, w) {
			ref = w
			break
		}
	}
	if ref == "" {
		return ""
	}
	u := d.Inspection.UnitName
	if u != "" && !strings.HasPrefix(u, "我") && isOrgLine(u) {
		return u
	}
	// 对县水利局开展了: the unit without its Party body.
	bare := strings.TrimPrefix(ref, "我")
	for _, suffix := range []string{"党组", "党委"} {
		bare = strings.TrimSuffix(bare, suffix)
	}
	if u != "" && strings.HasSuffix(u, bare) && !strings.HasPrefix(u, "我") {
		return u
	}
	return ""
}

// monthSpan returns the first and last day of a month.
func monthSpan(y, m int) (rectify.Date, rectify.Date) {
	return rectify.NewDate(y, time.Month(m), 1), rectify.NewDate(y, time.Month(m)+1, 0)
}
