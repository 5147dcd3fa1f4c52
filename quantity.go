package rectify

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// QuantityKind says what a figure in a progress text counts.
type QuantityKind string

// The kinds of quantity (整改成效的数字).
const (
	QuantityMoney  QuantityKind = "money"  // 资金: recovered, returned, paid back…, in 元
	QuantityRule   QuantityKind = "rule"   // 制度: rules made or revised (建章立制), in 项
	QuantityPerson QuantityKind = "person" // 问责: people held accountable, by form, in 人次
	QuantityCount  QuantityKind = "count"  // things counted with their measure word (安装设备 12 台)
)

// QuantityKinds lists the kinds in the order pages show them.
var QuantityKinds = []QuantityKind{QuantityMoney, QuantityRule, QuantityPerson, QuantityCount}

// Label returns the kind's Chinese name.
func (k QuantityKind) Label() string {
	switch k {
	case QuantityMoney:
		return "资金"
	case QuantityRule:
		return "制度"
	case QuantityPerson:
		return "问责"
	case QuantityCount:
		return "数量"
	}
	return string(k)
}

// Valid reports whether k is one of the kinds.
func (k QuantityKind) Valid() bool {
	for _, q := range QuantityKinds {
		if q == k {
			return true
		}
	}
	return false
}

// Quantity is a figure of a progress report (整改情况) with its unit and
// meaning: 追回资金 120 万元, 修订制度 3 项, 诫勉谈话 2 人. It is read from the
// report's text and confirmed or corrected by the unit that reports it;
// the record keeps it beside the text so that a round's results add up.
type Quantity struct {
	ID         int64        `json:"id,omitempty"`
	ProgressID int64        `json:"progress_id,omitempty"`
	ProblemID  int64        `json:"problem_id,omitempty"`
	Kind       QuantityKind `json:"kind"`
	// Meaning is what the figure counts: for money what was done with it
	// (追回, 清退, 挽回损失…), for a rule the verb (制定, 修订…), for people
	// the form of accountability (诫勉谈话, 党纪处分…), for a count the
	// action and thing (安装设备).
	Meaning string `json:"meaning"`
	// Value is in Unit; money is always in 元.
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
	// Approx marks a figure given as about, more than or nearly (约, 余, 多, 近).
	Approx bool `json:"approx,omitempty"`
	// Part marks a figure that breaks down another one of its sentence
	// (其中…): it is left out of the sums.
	Part bool `json:"part,omitempty"`
	// Text is the words the figure was read from, as written.
	Text string `json:"text,omitempty"`
}

// RecoveryMeanings are the meanings of money that count as recovered
// (追回资金): what came back to the public purse or to the people.
var RecoveryMeanings = []string{"追回", "追缴", "清退", "退还", "返还", "退赔", "挽回损失", "收缴", "补缴", "收回", "退缴",
	"扣回", "缴入国库", "缴回", "归垫"}

// IsRecovery reports whether q is money recovered.
func (q *Quantity) IsRecovery() bool {
	if q.Kind != QuantityMoney {
		return false
	}
	for _, m := range RecoveryMeanings {
		if q.Meaning == m {
			return true
		}
	}
	return false
}

// IsRuleMade reports whether q counts rules made or revised (not repealed).
func (q *Quantity) IsRuleMade() bool { return q.Kind == QuantityRule && q.Meaning != "废止" }

// IsAccountability reports whether q counts people held accountable, in any
// form: 问责, 诫勉谈话, 党纪处分, 批评教育, 约谈…
func (q *Quantity) IsAccountability() bool { return q.Kind == QuantityPerson }

// Validate checks the quantity's own fields.
func (q *Quantity) Validate() error {
	var v Invalid
	if !q.Kind.Valid() {
		v.Add("kind", "请选择数字的类别")
	}
	if math.IsNaN(q.Value) || math.IsInf(q.Value, 0) || q.Value < 0 || q.Value > 1e15 {
		v.Add("value", "数值须为不小于 0 的数")
	}
	checkText(&v, "meaning", "含义", q.Meaning, 50, false)
	checkText(&v, "unit", "单位", q.Unit, 10, q.Kind != "")
	checkText(&v, "text", "原文", q.Text, 200, false)
	return v.Err()
}

// FormatQuantityValue writes a value without trailing zeros: 12, 1.5, 2350.5.
func FormatQuantityValue(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// FormatMoney writes an amount of 元 as people read it: in 万元 from ten
// thousand on (1,200 元, 35.6 万元, 1.2 亿元 stays 12000 万元 so that sums
// compare), else in 元.
func FormatMoney(yuan float64) string {
	if yuan >= 10000 {
		return FormatQuantityValue(yuan/10000) + " 万元"
	}
	return FormatQuantityValue(yuan) + " 元"
}

// String writes the quantity as a phrase: 追回 120 万元, 诫勉谈话 2 人次.
func (q Quantity) String() string {
	var b strings.Builder
	b.WriteString(q.Meaning)
	if q.Meaning != "" {
		b.WriteByte(' ')
	}
	if q.Approx {
		b.WriteString("约 ")
	}
	if q.Kind == QuantityMoney {
		b.WriteString(FormatMoney(q.Value))
	} else {
		b.WriteString(FormatQuantityValue(q.Value) + " " + q.Unit)
	}
	return b.String()
}

// QuantityLine is a sum of figures of one kind, meaning and unit.
type QuantityLine struct {
	Kind    QuantityKind `json:"kind"`
	Meaning string       `json:"meaning"`
	Unit    string       `json:"unit"`
	Value   float64      `json:"value"`
	// Approx says that a figure of the sum was about or more than.
	Approx bool `json:"approx,omitempty"`
	// Count is how many figures were added.
	Count int `json:"count"`
}

// QuantityTotals are the results of rectification in numbers: what the
// overview shows for a unit or round and the notice's summary states.
type QuantityTotals struct {
	Recovered       float64 `json:"recovered"` // 追回资金, in 元 (RecoveryMeanings)
	RecoveredApprox bool    `json:"recovered_approx,omitempty"`
	RulesMade       float64 `json:"rules_made"` // 建立完善制度, in 项 (not repealed)
	RulesApprox     bool    `json:"rules_approx,omitempty"`
	Accountable     float64 `json:"accountable"` // 问责, in 人次
	AccountApprox   bool    `json:"accountable_approx,omitempty"`
	// Lines are the sums by kind, meaning and unit, in the order of
	// QuantityKinds then by meaning.
	Lines []QuantityLine `json:"lines"`
}

// IsZero reports whether there is nothing to state.
func (t QuantityTotals) IsZero() bool { return len(t.Lines) == 0 }

// Add adds the figure q to t; a breakdown (q.Part) is left out, as it is
// counted by the figure it breaks down.
func (t *QuantityTotals) Add(q Quantity) {
	if q.Part {
		return
	}
	t.AddLine(QuantityLine{Kind: q.Kind, Meaning: q.Meaning, Unit: q.Unit, Value: q.Value, Approx: q.Approx, Count: 1})
}

// AddLine adds a sum already made (of the same rule) to t.
func (t *QuantityTotals) AddLine(l QuantityLine) {
	q := Quantity{Kind: l.Kind, Meaning: l.Meaning}
	switch {
	case q.IsRecovery():
		t.Recovered += l.Value
		t.RecoveredApprox = t.RecoveredApprox || l.Approx
	case q.IsRuleMade():
		t.RulesMade += l.Value
		t.RulesApprox = t.RulesApprox || l.Approx
	case q.IsAccountability():
		t.Accountable += l.Value
		t.AccountApprox = t.AccountApprox || l.Approx
	}
	unit := l.Unit
	if l.Kind == QuantityPerson {
		unit = "人次"
	}
	for i := range t.Lines {
		x := &t.Lines[i]
		if x.Kind == l.Kind && x.Meaning == l.Meaning && x.Unit == unit {
			x.Value += l.Value
			x.Approx = x.Approx || l.Approx
			x.Count += l.Count
			return
		}
	}
	l.Unit = unit
	t.Lines = append(t.Lines, l)
	sort.SliceStable(t.Lines, func(i, j int) bool {
		a, b := t.Lines[i], t.Lines[j]
		if a.Kind != b.Kind {
			return kindOrder(a.Kind) < kindOrder(b.Kind)
		}
		if a.Meaning != b.Meaning {
			return a.Meaning < b.Meaning
		}
		return a.Unit < b.Unit
	})
}

func kindOrder(k QuantityKind) int {
	for i, q := range QuantityKinds {
		if q == k {
			return i
		}
	}
	return len(QuantityKinds)
}

// SumQuantities adds up qs (see QuantityTotals.Add).
func SumQuantities(qs []Quantity) QuantityTotals {
	var t QuantityTotals
	for _, q := range qs {
		t.Add(q)
	}
	return t
}

// Sentence writes the totals as the notice states them, without spaces
// between figure and word as official documents write: 共追回资金12.5万元，
// 建立完善制度8项，问责5人次. It returns "" when there is nothing to state.
func (t QuantityTotals) Sentence() string {
	var parts []string
	about := func(approx bool) string {
		if approx {
			return "约"
		}
		return ""
	}
	if t.Recovered > 0 {
		parts = append(parts, "追回资金"+about(t.RecoveredApprox)+strings.ReplaceAll(FormatMoney(t.Recovered), " ", ""))
	}
	if t.RulesMade > 0 {
		parts = append(parts, "建立完善制度"+about(t.RulesApprox)+FormatQuantityValue(t.RulesMade)+"项")
	}
	if t.Accountable > 0 {
		parts = append(parts, "问责"+about(t.AccountApprox)+FormatQuantityValue(t.Accountable)+"人次")
	}
	if len(parts) == 0 {
		return ""
	}
	return "共" + strings.Join(parts, "，")
}

// ValueText writes the sum with its unit, money in 元 or 万元, "约" before a
// sum of approximate figures: 12.5 万元, 约 300 台.
func (l QuantityLine) ValueText() string {
	q := Quantity{Kind: l.Kind, Value: l.Value, Unit: l.Unit, Approx: l.Approx}
	return q.String()
}

// Label writes what the sum counts: its meaning, or the kind's name.
func (l QuantityLine) Label() string {
	if l.Meaning != "" {
		return l.Meaning
	}
	return "其他" + l.Kind.Label()
}

// RecoveredText writes the money recovered: 12.5 万元, 约 300 万元, "—" for none.
func (t QuantityTotals) RecoveredText() string {
	if t.Recovered == 0 {
		return "—"
	}
	return approxPrefix(t.RecoveredApprox) + FormatMoney(t.Recovered)
}

// RulesText writes the rules made or revised: 8 项, "—" for none.
func (t QuantityTotals) RulesText() string {
	if t.RulesMade == 0 {
		return "—"
	}
	return approxPrefix(t.RulesApprox) + FormatQuantityValue(t.RulesMade) + " 项"
}

// AccountableText writes the people held accountable: 5 人次, "—" for none.
func (t QuantityTotals) AccountableText() string {
	if t.Accountable == 0 {
		return "—"
	}
	return approxPrefix(t.AccountApprox) + FormatQuantityValue(t.Accountable) + " 人次"
}

func approxPrefix(approx bool) string {
	if approx {
		return "约 "
	}
	return ""
}

// AccountableOnce applies the rule that counts people held accountable
// once (问责人次不重复计算) to the figures of one inspection: figures are
// the sums read from its progress texts, records its accountability
// records (问责记录) counted by form, one 人次 each. An inspection whose
// accountability the office recorded counts those records, and the
// figures of people in its texts are left out — a unit that both records
// a 诫勉谈话 and reports "诫勉谈话2人" tells of the same people; an
// inspection without records counts the figures of its texts. Money,
// rules and other counts are kept as they are.
func AccountableOnce(figures, records []QuantityLine) []QuantityLine {
	if len(records) == 0 {
		return figures
	}
	out := make([]QuantityLine, 0, len(figures)+len(records))
	for _, l := range figures {
		if l.Kind != QuantityPerson {
			out = append(out, l)
		}
	}
	return append(out, records...)
}

// AccountableOnceNote is the rule of AccountableOnce in one line, as the
// pages state it.
const AccountableOnceNote = "问责人次不重复计算：登记了问责记录的巡察按问责记录计（每条一人次），未登记的按整改情况中所述人次计。"
