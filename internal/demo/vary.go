package demo

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// The large synthetic record (Generate) writes a measure or a progress
// report from a template's text wrapped in clauses drawn for each problem:
// who leads it, by when, what it covers, how it is checked, where its
// papers go. The template's words alone would repeat across thousands of
// problems and read as copies (照搬照抄) to the similarity checks; the drawn
// clauses, full of the unit's own departments, people, dates and figures,
// make two ordinary texts share little beyond the template's phrase, while
// the copies planted on purpose (see plant.go) share nearly everything.

// varier draws the clauses.
type varier struct {
	r *rand.Rand
	// undated, when set, draws again any clause that names a date: the
	// demo's notices are read back and linted, and a date in a measure or
	// a report later than the notice's reads as a deadline still to come.
	undated bool
}

// dated finds a date, or a part of one, in a clause.
var dated = regexp.MustCompile(`\d+[年月日号]`)

// redraw returns s, or when the varier keeps dates out and s names one, a
// clause drawn again by draw until one names none.
func (w *varier) redraw(s string, draw func() string) string {
	for i := 0; w.undated && i < 50 && dated.MatchString(s); i++ {
		s = draw()
	}
	return s
}

// textCtx is what a problem's texts may name.
type textCtx struct {
	u        *unitSpec
	sec      *sector
	st       *staff
	dept     string // the department that owns the problem
	feedback rectify.Date
	due      rectify.Date
	v        *vars
}

// synonyms are words a writer may use for one another; a template's
// phrase is written with some of them swapped.
var synonyms = [][2]string{
	{"加强", "强化"}, {"建立", "健全"}, {"全面", "深入"}, {"开展", "组织"}, {"规范", "完善"}, {"进一步", "持续"},
	{"严格", "从严"}, {"及时", "按时"}, {"排查", "清查"}, {"整治", "治理"}, {"监督", "监管"}, {"定期", "按期"},
	{"逐一", "逐项"}, {"确保", "保证"}, {"明确", "细化"}, {"组织", "安排"}, {"制定", "研究制定"}, {"召开", "组织召开"},
	{"清理", "清查"}, {"台账", "工作台账"}, {"专项", "专门"}, {"落实", "压实"},
}

// reword swaps each synonym of s with the given chance (in percent), at
// most once per pair.
func (w *varier) reword(s string, chance int) string {
	for _, pair := range synonyms {
		a, b := pair[0], pair[1]
		if w.r.IntN(2) == 0 {
			a, b = b, a
		}
		if strings.Contains(s, a) && !strings.Contains(s, b) && w.r.IntN(100) < chance {
			s = strings.Replace(s, a, b, 1)
		}
	}
	return s
}

func (w *varier) date(c *textCtx, minDays, spanDays int) string {
	d := c.feedback.AddDays(minDays + w.r.IntN(spanDays))
	switch w.r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d年%d月底", d.Year, d.Month)
	case 1:
		return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
	}
	return fmt.Sprintf("%d月%d日", d.Month, d.Day)
}

func (w *varier) dept(c *textCtx) string { return pick(w.r, c.sec.depts) }

func (w *varier) head(c *textCtx) string {
	if len(c.st.heads) == 0 {
		return personName(w.r)
	}
	return pick(w.r, c.st.heads)
}

func (w *varier) biz(c *textCtx) string { return pick(w.r, c.sec.businesses) }

// clause draws one of fs.
func (w *varier) clause(c *textCtx, fs []func(w *varier, c *textCtx) string) string {
	return fs[w.r.IntN(len(fs))](w, c)
}

var measureLeads = []func(w *varier, c *textCtx) string{
	func(w *varier, c *textCtx) string { return "由" + c.dept + "牵头，" + w.head(c) + "负责，" },
	func(w *varier, c *textCtx) string { return w.date(c, 20, 150) + "前，由" + w.head(c) + "牵头，" },
	func(w *varier, c *textCtx) string {
		return "对照反馈意见第" + strconv.Itoa(1+w.r.IntN(9)) + "条，" + w.dept(c)
	},
	func(w *varier, c *textCtx) string { return "结合" + w.biz(c) + "工作实际，" },
	func(w *varier, c *textCtx) string { return "会同" + w.dept(c) + "，" },
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("在%d年%s内，由%s", c.feedback.Year+w.r.IntN(2), pick(w.r, []string{"上半年", "下半年", "第三季度", "第四季度"}),
			w.dept(c))
	},
	func(w *varier, c *textCtx) string { return "成立由" + w.head(c) + "任组长的工作专班，" },
	func(w *varier, c *textCtx) string { return "针对" + w.biz(c) + "中暴露的薄弱环节，" },
	func(w *varier, c *textCtx) string { return w.head(c) + "牵头，" },
}

var measureDetails = []func(w *varier, c *textCtx) string{
	func(w *varier, c *textCtx) string {
		return "由" + w.head(c) + "逐项列出问题清单和时间节点"
	},
	func(w *varier, c *textCtx) string {
		return "由" + w.head(c) + "具体负责，每" + pick(w.r, []string{"周", "半月", "月"}) + "报告一次进展"
	},
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("覆盖%s、%s等科室，%s前完成自查", c.dept, w.dept(c), w.date(c, 10, 90))
	},
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("由%s对%d年以来的相关事项全面回溯", w.head(c), c.feedback.Year-1-w.r.IntN(4))
	},
	func(w *varier, c *textCtx) string {
		return "由" + w.dept(c) + "在" + w.date(c, 30, 180) + "前形成专项报告报" + c.u.orgShort + "审定"
	},
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("结果由%s自%s起在%s内部公示", w.head(c), w.date(c, 30, 200), c.u.short)
	},
	func(w *varier, c *textCtx) string {
		return w.head(c) + "重点检查" + w.biz(c) + "和" + w.biz(c) + "两个环节"
	},
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("纳入%s%d年度工作要点", w.dept(c), c.feedback.Year+w.r.IntN(2))
	},
	func(w *varier, c *textCtx) string { return "相关资料由" + w.head(c) + "统一归档备查" },
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("%s抽取%d个样本逐一核对", w.head(c), 5+w.r.IntN(40))
	},
	func(w *varier, c *textCtx) string {
		return "主动接受驻" + c.u.short + "纪检监察组监督，" + w.head(c) + "为联络人"
	},
	func(w *varier, c *textCtx) string {
		return "由" + w.head(c) + "实行" + pick(w.r, []string{"周调度、月通报", "挂图作战、对账销号", "清单管理、闭环推进", "专人盯办、限时办结"})
	},
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("%s同步梳理%s近%d年的同类问题", w.head(c), w.dept(c), 2+w.r.IntN(4))
	},
	func(w *varier, c *textCtx) string {
		return fmt.Sprintf("由%s分批推进，%s前完成第一批，%s前全部完成", w.dept(c), w.date(c, 20, 60), w.date(c, 80, 200))
	},
}

var measureCloses = []string{"确保问题整改到位", "坚决防止问题反弹", "切实堵塞管理漏洞", "推动形成长效机制", "做到件件有着落",
	"以整改实效取信于民", "不达目的不收兵", "", "", "", "", ""}

// measure writes a measure around the template's phrase core: no "；" or
// "。" (a notice joins measures with them).
func (w *varier) measure(core string, c *textCtx) string {
	var b strings.Builder
	b.WriteString(w.redraw(w.clause(c, measureLeads), func() string { return w.clause(c, measureLeads) }))
	b.WriteString(w.reword(core, 70))
	first := w.r.IntN(len(measureDetails))
	second := (first + 1 + w.r.IntN(len(measureDetails)-1)) % len(measureDetails)
	for _, k := range []int{first, second} {
		b.WriteString("，")
		b.WriteString(w.redraw(measureDetails[k](w, c), func() string { return w.clause(c, measureDetails) }))
	}
	if cl := pick(w.r, measureCloses); cl != "" {
		b.WriteString("，")
		b.WriteString(cl)
	}
	return b.String()
}

// paragraph writes a paragraph of a notice (组织整改落实情况, 下一步整改工作安排)
// from a stock sentence: with a clause of the unit's own departments,
// people and dates before its full stop.
func (w *varier) paragraph(stock string, c *textCtx) string {
	if w == nil {
		return stock
	}
	d := *c
	d.dept = w.dept(c)
	return strings.TrimSuffix(stock, "。") + "，" + w.redraw(w.clause(&d, measureDetails), func() string { return w.clause(&d, measureDetails) }) + "。"
}

var progressOpenings = []func(w *varier, c *textCtx, d rectify.Date) string{
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("截至%d年%d月%d日，%s", d.Year, d.Month, d.Day, w.dept(c))
	},
	func(w *varier, c *textCtx, d rectify.Date) string { return c.dept + w.head(c) + "报告：" },
	func(w *varier, c *textCtx, d rectify.Date) string { return "经" + w.head(c) + "牵头推进，" },
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("按照%s%d年%d月制定的整改方案，", w.dept(c), c.feedback.Year, c.feedback.Month)
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%d月%d日以来，在%s督促下，", d.Month, 1+w.r.IntN(28), w.head(c))
	},
	func(w *varier, c *textCtx, d rectify.Date) string { return "在" + w.dept(c) + "配合下，" },
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%s主持第%d次调度会后，", w.head(c), 2+w.r.IntN(9))
	},
	func(w *varier, c *textCtx, d rectify.Date) string { return w.head(c) + "带队督导后，" },
}

var progressDetails = []func(w *varier, c *textCtx, d rectify.Date) string{
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("佐证材料已由%s%s整理归档", w.dept(c), w.head(c))
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return w.head(c) + "已对完成情况逐项复核"
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return "下一步由" + w.head(c) + "每" + pick(w.r, []string{"月", "季度", "半年"}) + "开展一次抽查"
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("整改情况已于%d月%d日在%s内部通报", d.Month, d.Day, c.u.short)
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("已由%s于%d月%d日报%s审议", w.head(c), d.Month, d.Day, c.u.orgShort)
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return "后续工作由" + w.head(c) + "跟踪督办"
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%s于%d月%d日完成现场核查", w.head(c), d.Month, 1+w.r.IntN(28))
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return w.head(c) + "已向驻" + c.u.short + "纪检监察组报备"
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return "涉及" + w.biz(c) + "的部分由" + w.head(c) + "同步推进"
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%s回访群众%d户，满意率%d%%", w.head(c), 10+w.r.IntN(90), 85+w.r.IntN(15))
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%s在%d月%d日的推进会上研究解决了具体困难", w.head(c), d.Month, 1+w.r.IntN(28))
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%d月%d日%s组织了现场验收", d.Month, d.Day, w.dept(c))
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return "问题清单中第" + strconv.Itoa(1+w.r.IntN(12)) + "项已由" + w.head(c) + "签字确认"
	},
	func(w *varier, c *textCtx, d rectify.Date) string {
		return fmt.Sprintf("%s专门印发了%d号工作提示", w.dept(c), 1+w.r.IntN(40))
	},
}

// progress writes a progress report of day d around core, a sentence that
// may end in "。".
func (w *varier) progress(core string, c *textCtx, d rectify.Date) string {
	// An early report names its problem, which the record shows beside
	// it anyway: the drawn clauses tell reports apart here.
	if rest, ok := strings.CutPrefix(core, "针对“"); ok {
		if _, after, ok := strings.Cut(rest, "”，"); ok {
			core = after
		}
	}
	core = strings.TrimSuffix(w.reword(core, 70), "。")
	var b strings.Builder
	opening := func() string { return progressOpenings[w.r.IntN(len(progressOpenings))](w, c, d) }
	b.WriteString(w.redraw(opening(), opening))
	b.WriteString(core)
	for _, k := range w.r.Perm(len(progressDetails))[:3] {
		b.WriteString("，")
		b.WriteString(w.redraw(progressDetails[k](w, c, d), func() string { return progressDetails[w.r.IntN(len(progressDetails))](w, c, d) }))
	}
	b.WriteString("。")
	return b.String()
}

// copyOf returns s as a copy would read: word for word, or with one small
// edit.
func (w *varier) copyOf(s string) string {
	if w.r.IntN(3) == 0 {
		return s
	}
	return w.edit(s)
}

// edit makes a small change to s, as a writer copying it would: a word
// swapped for its synonym, a word added or dropped, a figure changed.
func (w *varier) edit(s string) string {
	for range 8 {
		var t string
		switch w.r.IntN(10) {
		case 0, 1, 2, 3:
			t = w.changeDigit(s)
		case 4, 5, 6:
			t = w.commaToPause(s)
		case 7, 8:
			t = w.swapOne(s)
		default:
			t = w.insertOne(s)
		}
		if t != s {
			return t
		}
	}
	return s + "等"
}

// commaToPause turns one comma of s, not the first, into an enumeration
// comma (、), as a hurried copy does.
func (w *varier) commaToPause(s string) string {
	n := strings.Count(s, "，")
	if n < 2 {
		return s
	}
	k := 1 + w.r.IntN(n-1)
	i := 0
	for range k + 1 {
		j := strings.Index(s[i:], "，")
		i += j + len("，")
	}
	i -= len("，")
	return s[:i] + "、" + s[i+len("，"):]
}

func (w *varier) swapOne(s string) string {
	start := w.r.IntN(len(synonyms))
	for i := range synonyms {
		pair := synonyms[(start+i)%len(synonyms)]
		for _, ab := range [][2]string{{pair[0], pair[1]}, {pair[1], pair[0]}} {
			if strings.Contains(s, ab[0]) && !strings.Contains(ab[1], ab[0]) {
				return strings.Replace(s, ab[0], ab[1], 1)
			}
		}
	}
	return s
}

var editInserts = [][2]string{{"加强", "切实加强"}, {"推进", "扎实推进"}, {"完成", "全部完成"}, {"建立", "认真建立"},
	{"开展", "深入开展"}, {"落实", "抓好落实"}, {"整改", "整改工作"}}

func (w *varier) insertOne(s string) string {
	start := w.r.IntN(len(editInserts))
	for i := range editInserts {
		x := editInserts[(start+i)%len(editInserts)]
		if strings.Contains(s, x[0]) && !strings.Contains(s, x[1]) {
			return strings.Replace(s, x[0], x[1], 1)
		}
	}
	return s
}

// changeDigit changes one digit of s that is not part of a year.
func (w *varier) changeDigit(s string) string {
	var idx []int
	for i := 0; i < len(s); i++ {
		if s[i] >= '1' && s[i] <= '9' && (i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9') && !strings.HasPrefix(s[i+1:], "年") {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return s
	}
	i := pick(w.r, idx)
	d := byte('1' + (int(s[i]-'1')+1+w.r.IntN(8))%9)
	return s[:i] + string(d) + s[i+1:]
}

// restate writes a measure that only restates its problem (the feedback's
// words turned into a fix).
func (w *varier) restate(p *rectify.Problem) string {
	text := p.Description
	if utf8.RuneCountInString(text) < 15 {
		text = p.Title + "，" + text
	}
	text = strings.TrimSuffix(strings.TrimSpace(text), "。")
	text = strings.NewReplacer("；", "，", "。", "，").Replace(text)
	return pick(w.r, []string{"针对", "关于", "整改"}) + text + pick(w.r, []string{"的问题，立行立改", "的问题，抓紧整改", "，立即整改到位"})
}
