package quantity

import (
	"strings"
	"unicode"

	"github.com/rectify-dev/rectify"
)

// maxText bounds the words kept with a figure.
const maxText = 200

// keyword is a word that gives a figure its meaning, and the meaning it
// gives (挽回经济损失 → 挽回损失).
type keyword struct{ word, meaning string }

func kw(pairs ...string) []keyword {
	out := make([]keyword, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, keyword{pairs[i], pairs[i+1]})
	}
	return out
}

var (
	// moneyRecovered are the meanings of money that came back.
	moneyRecovered = kw("追回", "追回", "追缴", "追缴", "清退", "清退", "退还", "退还", "返还", "返还", "退赔", "退赔",
		"挽回经济损失", "挽回损失", "挽回损失", "挽回损失", "挽回", "挽回损失", "收缴", "收缴", "补缴", "补缴",
		"收回", "收回", "退缴", "退缴", "扣回", "扣回", "缴入国库", "缴入国库", "上缴国库", "缴入国库", "缴回", "缴回",
		"补交", "补缴", "归垫", "归垫", "退回", "退还")
	// moneyOther are the other meanings of money.
	moneyOther = kw("投入", "投入", "拨付", "拨付", "筹集", "筹集", "罚没", "罚没", "罚款", "罚款", "节约", "节约",
		"节省", "节约", "发放", "发放", "支付", "支付", "兑现", "兑现", "减免", "减免", "落实", "落实")
	// moneyWeak name an amount without saying what became of it.
	moneyWeak = kw("涉及", "涉及", "金额", "涉及")
	// personForms are the forms of accountability (问责方式).
	personForms = kw("诫勉谈话", "诫勉谈话", "诫勉", "诫勉谈话", "提醒谈话", "提醒谈话", "谈话提醒", "提醒谈话",
		"批评教育", "批评教育", "通报批评", "通报批评", "约谈", "约谈", "责令检查", "责令检查", "责令作出书面检查", "责令检查",
		"书面检查", "责令检查", "组织处理", "组织处理", "调整岗位", "组织处理", "免职", "组织处理", "降职", "组织处理",
		"党纪政务处分", "党纪政务处分", "党纪处分", "党纪处分", "纪律处分", "党纪处分", "政务处分", "政务处分",
		"移送司法机关", "移送司法机关", "移送司法", "移送司法机关", "立案审查", "立案审查", "立案", "立案审查",
		"谈话函询", "谈话函询", "函询", "谈话函询", "开除党籍", "党纪处分", "留党察看", "党纪处分", "严重警告", "党纪处分",
		"撤销党内职务", "党纪处分", "记大过", "政务处分", "记过", "政务处分", "撤职", "政务处分", "开除公职", "政务处分")
	// personGeneric are words of accountability that name no form.
	personGeneric = kw("问责", "问责", "追责", "问责", "追究责任", "问责", "责任追究", "问责", "处分", "问责",
		"处理", "问责", "追究", "问责")
	// ruleWords say that a figure counts rules.
	ruleWords = []string{"制度", "建章立制", "办法", "规定", "细则", "规则", "规程", "章程", "规范性文件", "机制"}
	// ruleVerbs give a rule's meaning.
	ruleVerbs = kw("建章立制", "建章立制", "制定修订", "制定修订", "制定和修订", "制定修订", "制修订", "制定修订",
		"建立完善", "建立完善", "建立健全", "建立健全", "修订完善", "修订完善", "新建", "新建", "新制定", "制定",
		"制定", "制定", "修订", "修订", "修改", "修订", "完善", "完善", "建立", "建立", "出台", "出台", "印发", "印发",
		"健全", "健全", "废止", "废止", "废除", "废止", "清理", "清理")
	// ruleMeasures are the measure words rules are counted in.
	ruleMeasures = []string{"项", "个", "件", "条", "部", "份", "套"}
)

// lastKeyword returns the keyword of ks that ends last in s (the longest
// of those ending there), or "" and false.
func lastKeyword(s string, ks []keyword) (string, bool) {
	best, bestEnd, bestLen := "", -1, 0
	for _, k := range ks {
		i := strings.LastIndex(s, k.word)
		if i < 0 {
			continue
		}
		end := i + len(k.word)
		if end > bestEnd || end == bestEnd && len(k.word) > bestLen {
			best, bestEnd, bestLen = k.meaning, end, len(k.word)
		}
	}
	return best, bestEnd >= 0
}

// firstKeyword returns the keyword of ks that starts first in s (the
// longest of those starting there).
func firstKeyword(s string, ks []keyword) (string, bool) {
	best, bestAt, bestLen := "", len(s)+1, 0
	for _, k := range ks {
		i := strings.Index(s, k.word)
		if i < 0 {
			continue
		}
		if i < bestAt || i == bestAt && len(k.word) > bestLen {
			best, bestAt, bestLen = k.meaning, i, len(k.word)
		}
	}
	return best, bestAt <= len(s)
}

// meaningOf looks for a meaning in before (nearest first) then after
// (first first), group by group: a group found in before or after wins
// over the next group.
func meaningOf(before, after string, groups ...[]keyword) (string, bool) {
	for _, g := range groups {
		if m, ok := lastKeyword(before, g); ok {
			return m, true
		}
		if m, ok := firstKeyword(after, g); ok {
			return m, true
		}
	}
	return "", false
}

func isClauseEnd(r rune) bool { return strings.ContainsRune("，,；;。！？!?\n：:", r) }

func isSentenceEnd(r rune) bool { return strings.ContainsRune("。；;！？!?\n", r) }

func isSubEnd(r rune) bool { return isClauseEnd(r) || r == '、' }

// classify gives the figure n its kind and meaning from the words around
// it: before reaches back to the start of its phrase or the previous
// figure, after forward to the end of its phrase or the next figure.
func classify(rs []rune, n number, prevEnd int, prev []rectify.Quantity) (rectify.Quantity, bool) {
	from := n.start
	for from > prevEnd && from > n.start-window && !isSubEnd(rs[from-1]) {
		from--
	}
	before := string(rs[from:n.start])
	to := n.end
	for to < len(rs) && to < n.end+window && !isSubEnd(rs[to]) && !isDigit(rs[to]) {
		to++
	}
	after := string(rs[n.end:to])
	q := rectify.Quantity{Value: n.value, Unit: n.unit, Approx: n.approx}
	q.Text = strings.TrimSpace(string(rs[from:to]))
	if r := []rune(q.Text); len(r) > maxText {
		q.Text = string(r[:maxText])
	}
	switch {
	case n.unit == "元":
		q.Kind = rectify.QuantityMoney
		var ok bool
		if q.Meaning, ok = meaningOf(before, after, moneyRecovered, moneyOther); !ok {
			if q.Meaning, ok = lastKeyword(sentenceBefore(rs, n.start, prev), moneyRecovered); !ok {
				q.Meaning, _ = meaningOf(before, after, moneyWeak)
			}
		}
		return q, true
	case oneOf(n.unit, personUnits):
		if m, ok := meaningOf(before, after, personForms, personGeneric); ok {
			q.Kind, q.Meaning = rectify.QuantityPerson, m
			if q.Unit != "人次" {
				q.Unit = "人"
			}
			return q, true
		}
	case oneOf(n.unit, ruleMeasures):
		if containsAny(before+after, ruleWords) || continuesRules(rs, n, prev, before) {
			q.Kind = rectify.QuantityRule
			q.Meaning, _ = meaningOf(before, after, ruleVerbs)
			return q, true
		}
	}
	q.Kind = rectify.QuantityCount
	q.Meaning = countMeaning(before, after)
	if q.Meaning == "" {
		return q, false
	}
	return q, true
}

// sentenceBefore returns the words of the sentence before start, back to
// the end of the previous money figure, within the window: 对违规发放的奖金进行清退，
// 涉及金额 3.5 万元 is money returned.
func sentenceBefore(rs []rune, start int, prev []rectify.Quantity) string {
	from := start
	for from > 0 && from > start-window && !isSentenceEnd(rs[from-1]) {
		from--
	}
	s := string(rs[from:start])
	// Only the last few figures can lie within the window.
	for _, q := range prev[max(0, len(prev)-window/2):] {
		if q.Kind == rectify.QuantityMoney && q.Text != "" {
			if i := strings.LastIndex(s, q.Text); i >= 0 {
				s = s[i+len(q.Text):]
			}
		}
	}
	return s
}

// continuesRules reports whether the figure goes on counting the rules of
// the figure before it in its phrase: 新建制度 4 项、修订 7 项.
func continuesRules(rs []rune, n number, prev []rectify.Quantity, before string) bool {
	if len(prev) == 0 || prev[len(prev)-1].Kind != rectify.QuantityRule {
		return false
	}
	if _, ok := lastKeyword(before, ruleVerbs); !ok {
		return false
	}
	// The previous figure must be in the same sentence.
	for k := n.start - 1; k >= 0 && k >= n.start-window; k-- {
		if isSentenceEnd(rs[k]) {
			return false
		}
		if isDigit(rs[k]) || isHanNumeral(rs[k]) {
			return true
		}
	}
	return false
}

func oneOf(s string, set []string) bool {
	for _, x := range set {
		if s == x {
			return true
		}
	}
	return false
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// Words that say nothing of what is counted, trimmed from a count's meaning.
var (
	leadFillers = []string{"截至目前", "截至", "目前", "现已", "已经", "共计", "累计", "合计", "总计", "其中", "先后",
		"全年", "同时", "此外", "另外", "并且", "全部", "均已", "共", "已", "并", "均", "还", "又", "另", "对", "向",
		"为", "给予", "计", "再", "和", "与", "今年以来", "年以来", "月以来", "以来", "年内", "全面", "已完成"}
	trailFillers = []string{"共计", "累计", "合计", "总计", "达到", "数量", "总数", "大约", "将近", "超过", "共", "达",
		"约", "近", "逾", "超", "计", "了", "等", "为", "的"}
)

// nounStops end the thing counted after a figure: 284 个问题已全部整改 counts
// 问题.
const nounStops = "已均并全完得的于在被将都正和与"

// countMeaning returns the action and thing a count counts: the words
// before it, or when those are a verb only, the verb and the thing after
// it (安装 12 台设备 → 安装设备).
func countMeaning(before, after string) string {
	b := []rune(before)
	// Keep the words after the last character that is not Chinese.
	for i := len(b) - 1; i >= 0; i-- {
		if !unicode.Is(unicode.Han, b[i]) {
			// 2023年遗留: the rest of a date is no part of the thing.
			if isDigit(b[i]) && i+1 < len(b) && strings.ContainsRune("年月日", b[i+1]) {
				i++
			}
			b = b[i+1:]
			break
		}
	}
	m := trimFillers(string(b))
	if len([]rune(m)) <= 2 {
		a := []rune(after)
		k := 0
		for k < len(a) && k < 4 && unicode.Is(unicode.Han, a[k]) && !strings.ContainsRune(nounStops, a[k]) {
			k++
		}
		m = trimFillers(m + string(a[:k]))
	}
	if r := []rune(m); len(r) > 16 {
		m = string(r[len(r)-16:])
	}
	return m
}

func trimFillers(s string) string {
	for changed := true; changed; {
		changed = false
		for _, f := range leadFillers {
			if strings.HasPrefix(s, f) && len(s) > len(f) {
				s, changed = s[len(f):], true
			}
		}
		for _, f := range trailFillers {
			if strings.HasSuffix(s, f) {
				s, changed = s[:len(s)-len(f)], true
			}
		}
	}
	return s
}

// isPart reports whether the figure at pos breaks down an earlier one of
// its kind in its sentence: 问责 5 人次，其中诫勉谈话 2 人. Words such as 另 or
// 此外 after the 其中 end the breakdown.
func isPart(rs []rune, pos int, kind rectify.QuantityKind, prev []rectify.Quantity, ends []int) bool {
	for k := len(prev) - 1; k >= 0 && pos-ends[k] <= 10*window; k-- {
		between := rs[ends[k]:pos]
		for _, r := range between {
			if isSentenceEnd(r) {
				return false
			}
		}
		if prev[k].Kind != kind {
			continue
		}
		s := string(between)
		i := strings.LastIndex(s, "其中")
		if i < 0 {
			if prev[k].Part {
				continue
			}
			return false
		}
		return !containsAny(s[i:], []string{"另", "此外", "同时", "还"})
	}
	return false
}
