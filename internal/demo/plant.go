package demo

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/similar"
	"github.com/rectify-dev/rectify/internal/store"
)

// Copies planted in the large synthetic record for the similarity checks
// (照搬照抄, 千篇一律), and figures written into its progress reports for the
// quantities: both recorded in Generated, so that a check can be scored
// against what was planted.

// The kinds of planted cluster.
const (
	// PlantSameMeasure: one measure text, with small edits, in problems of
	// several units and rounds.
	PlantSameMeasure = "same_measure"
	// PlantRestatesProblem: a measure that restates its own problem.
	PlantRestatesProblem = "restates_problem"
	// PlantReusedProgress: one progress text, with small edits, reported
	// for several problems of one unit.
	PlantReusedProgress = "reused_progress"
	// PlantRepeatedResult: a problem's result repeated, with small edits,
	// from a problem of an earlier round of the same unit.
	PlantRepeatedResult = "repeated_result"
)

// PlantedCluster is a group of texts planted as copies of one another:
// the measures (same_measure, restates_problem) or progress reports
// (reused_progress, repeated_result) and their problems, in ID order.
type PlantedCluster struct {
	Kind        string  `json:"kind"`
	MeasureIDs  []int64 `json:"measure_ids,omitempty"`
	ProblemIDs  []int64 `json:"problem_ids"`
	ProgressIDs []int64 `json:"progress_ids,omitempty"`
}

// PlantedGroups returns planted clusters as the scoring of the
// similarity checks takes them (similar.ScoreGroups, with the texts named
// as workflow.SimilarCluster.TextGroup names them).
func PlantedGroups(planted []PlantedCluster) []similar.Group {
	out := make([]similar.Group, len(planted))
	for i, c := range planted {
		out[i].Kind = c.Kind
		for _, id := range c.MeasureIDs {
			out[i].Texts = append(out[i].Texts, similar.Text{Kind: string(store.TextMeasure), ID: id})
		}
		for _, id := range c.ProgressIDs {
			out[i].Texts = append(out[i].Texts, similar.Text{Kind: string(store.TextProgress), ID: id})
		}
	}
	return out
}

// UnitQuantities are the figures the progress reports of one unit's
// problems state, added up (see quantityRE and classify for what counts).
type UnitQuantities struct {
	UnitID int64  `json:"unit_id"`
	Unit   string `json:"unit"`
	// RecoveredYuan is money recovered, returned, refunded or paid back
	// (追回、清退、退还、挽回、收回、扣回、归垫、补交、缴入国库), in 元: 12.5万元 is
	// 125000.
	RecoveredYuan int64 `json:"recovered_yuan"`
	// Rules are rules made or revised (制度、办法、规定、细则、机制 counted in 项
	// or 件).
	Rules int `json:"rules"`
	// Accountability is people held to account, in 人次 or 人, and by its
	// form (问责, 诫勉谈话, 通报批评, 党纪政务处分, 组织处理).
	Accountability       int            `json:"accountability"`
	AccountabilityByForm map[string]int `json:"accountability_by_form,omitempty"`
	// Reports is how many progress reports state at least one of these.
	Reports int `json:"reports"`
}

// quantityRE finds a figure with its measure word.
var quantityRE = regexp.MustCompile(`(\d+(?:\.\d+)?)(亿元|万元|元|人次|人|项|件)`)

var (
	recoveredWords      = []string{"追回", "清退", "退还", "挽回", "收回", "扣回", "归垫", "补交", "缴入国库"}
	ruleWords           = []string{"制度", "办法", "规定", "细则", "机制"}
	accountabilityForms = []string{"诫勉谈话", "通报批评", "党纪政务处分", "组织处理", "问责"}
)

// clauseOf returns the clause of s around byte offset i: from the
// punctuation before it to the punctuation after it.
func clauseOf(s string, i, j int) string {
	start := 0
	for _, p := range []string{"，", "。", "；", "、", "："} {
		if k := strings.LastIndex(s[:i], p); k >= 0 && k+len(p) > start {
			start = k + len(p)
		}
	}
	end := len(s)
	for _, p := range []string{"，", "。", "；", "、"} {
		if k := strings.Index(s[j:], p); k >= 0 && j+k < end {
			end = j + k
		}
	}
	return s[start:end]
}

// yuan converts a figure in the given money unit to 元, exactly.
func yuan(num, unit string) int64 {
	whole, frac, _ := strings.Cut(num, ".")
	scale := map[string]int{"元": 0, "万元": 4, "亿元": 8}[unit]
	if len(frac) > scale {
		frac = frac[:scale]
	}
	frac += strings.Repeat("0", scale-len(frac))
	n, _ := strconv.ParseInt(whole+frac, 10, 64)
	return n
}

// count adds the figures text states to q; it reports whether there were
// any.
func (q *UnitQuantities) count(text string) bool {
	any := false
	for _, m := range quantityRE.FindAllStringSubmatchIndex(text, -1) {
		num, unit := text[m[2]:m[3]], text[m[4]:m[5]]
		clause := clauseOf(text, m[0], m[1])
		has := func(words []string) bool {
			return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(clause, w) })
		}
		switch unit {
		case "元", "万元", "亿元":
			if has(recoveredWords) {
				q.RecoveredYuan += yuan(num, unit)
				any = true
			}
		case "项", "件":
			if has(ruleWords) {
				n, _ := strconv.Atoi(num)
				q.Rules += n
				any = true
			}
		case "人次", "人":
			for _, form := range accountabilityForms {
				if strings.Contains(clause, form) {
					n, _ := strconv.Atoi(num)
					q.Accountability += n
					if q.AccountabilityByForm == nil {
						q.AccountabilityByForm = map[string]int{}
					}
					q.AccountabilityByForm[form] += n
					any = true
					break
				}
			}
		}
	}
	if any {
		q.Reports++
	}
	return any
}

// quantityClause writes a result in figures for a progress report.
func quantityClause(r *rand.Rand) string {
	wan := func() string { return strconv.FormatFloat(float64(5+r.IntN(2000))/10, 'f', 1, 64) }
	switch r.IntN(9) {
	case 0:
		return "追回资金" + wan() + "万元"
	case 1:
		return fmt.Sprintf("清退违规发放款项%d元", 800+r.IntN(90000))
	case 2:
		return "挽回经济损失" + wan() + "万元"
	case 3:
		return fmt.Sprintf("制定修订制度%d项", 1+r.IntN(6))
	case 4:
		return fmt.Sprintf("新建管理办法%d项", 1+r.IntN(3))
	case 5:
		return fmt.Sprintf("问责%d人次", 1+r.IntN(8))
	case 6:
		return fmt.Sprintf("对%d人次进行诫勉谈话", 1+r.IntN(5))
	case 7:
		return fmt.Sprintf("通报批评%d人次", 1+r.IntN(6))
	}
	return fmt.Sprintf("给予党纪政务处分%d人次", 1+r.IntN(3))
}

// withQuantities adds one or two results in figures to a report's text.
func withQuantities(r *rand.Rand, text string) string {
	text = strings.TrimSuffix(text, "。")
	text += "，" + quantityClause(r)
	if r.IntN(3) == 0 {
		text += "，" + quantityClause(r)
	}
	return text + "。"
}

// planter plants the copies while the inspections are written: about one
// cluster of each kind per plantEvery problems (two of reused_progress),
// same_measure clusters gathering members at random, the others at
// regular intervals.
type planter struct {
	r     *rand.Rand
	w     *varier
	out   []*plannedCluster
	open  []*plannedCluster // same_measure clusters still taking members
	units map[int][]pastResult
	// sinceReused counts the problems since the last reused_progress
	// cluster: one every plantEvery/2 problems.
	sinceReused, sinceRestated, sinceRepeated int
	restated                                  map[*template]bool
}

const plantEvery = 2000

// plannedCluster is a cluster as planted: pointers to what gets its ID
// when the inspection is loaded.
type plannedCluster struct {
	kind     string
	want     int // members wanted (same_measure)
	base     string
	measures []*rectify.Measure
	problems []*rectify.Problem
	reports  []*store.BulkProgress
	units    map[int]bool
	// past are earlier results, already with IDs (repeated_result).
	pastProblem, pastProgress int64
}

// pastResult is the last report of a problem of an inspection already
// loaded: a result a later round may repeat.
type pastResult struct {
	feedback  rectify.Date
	text      string
	problemID int64
	reportID  int64
}

// plantedProblem is a problem of the inspection being written, with its
// reports.
type plantedProblem struct {
	p       *rectify.Problem
	tmpl    *template
	reports []*store.BulkProgress
	taken   bool // already part of a cluster
}

// plant plants copies in the problems of one inspection of the unit ui
// (before it is loaded).
func (pl *planter) plant(ui int, in *rectify.Inspection, ps []*plantedProblem) {
	r, w := pl.r, pl.w
	chance := func(perMille float64) bool { return r.Float64()*1000 < perMille }
	// Same measure across units and rounds: about 5 members a cluster.
	for _, x := range ps {
		if len(x.p.Measures) == 0 || !chance(5*1000.0/plantEvery) {
			continue
		}
		m := x.p.Measures[len(x.p.Measures)-1]
		var c *plannedCluster
		for _, o := range pl.open {
			if !o.units[ui] {
				c = o
				break
			}
		}
		if c == nil {
			c = &plannedCluster{kind: PlantSameMeasure, want: 3 + r.IntN(6), base: m.Text, units: map[int]bool{}}
			pl.open = append(pl.open, c)
			pl.out = append(pl.out, c)
		} else {
			m.Text = w.copyOf(c.base)
		}
		c.units[ui] = true
		c.measures = append(c.measures, m)
		c.problems = append(c.problems, x.p)
		x.taken = true
		if len(c.measures) >= c.want {
			pl.open = slices.DeleteFunc(pl.open, func(o *plannedCluster) bool { return o == c })
		}
	}
	// A measure that restates its problem.
	for _, x := range ps {
		pl.sinceRestated++
		// One restatement per template: two problems of one template
		// restated would be one measure in two units, a copy of another
		// kind.
		if x.taken || len(x.p.Measures) == 0 || pl.sinceRestated < plantEvery || pl.restated[x.tmpl] {
			continue
		}
		pl.sinceRestated = 0
		pl.restated[x.tmpl] = true
		m := x.p.Measures[0]
		m.Text = w.restate(x.p)
		x.taken = true
		pl.out = append(pl.out, &plannedCluster{kind: PlantRestatesProblem, measures: []*rectify.Measure{m},
			problems: []*rectify.Problem{x.p}})
	}
	// A result repeated from an earlier round of the unit.
	for _, x := range ps {
		pl.sinceRepeated++
		if x.taken || len(x.reports) == 0 || pl.sinceRepeated < plantEvery {
			continue
		}
		var past []pastResult
		for _, pr := range pl.units[ui] {
			if pr.feedback.Before(in.Feedback) {
				past = append(past, pr)
			}
		}
		if len(past) == 0 {
			continue
		}
		pl.sinceRepeated = 0
		src := pick(r, past)
		rep := x.reports[len(x.reports)-1]
		rep.Text = w.copyOf(src.text)
		x.taken = true
		pl.out = append(pl.out, &plannedCluster{kind: PlantRepeatedResult, problems: []*rectify.Problem{x.p},
			reports: []*store.BulkProgress{rep}, pastProblem: src.problemID, pastProgress: src.reportID})
	}
	// One progress text for several problems of the unit.
	var free []*plantedProblem
	for _, x := range ps {
		if !x.taken && len(x.reports) > 0 {
			free = append(free, x)
		}
	}
	pl.sinceReused += len(ps)
	if len(free) >= 4 && pl.sinceReused >= plantEvery/2 {
		pl.sinceReused = 0
		n := min(len(free), 4+r.IntN(7))
		r.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
		c := &plannedCluster{kind: PlantReusedProgress}
		for i, x := range free[:n] {
			rep := x.reports[len(x.reports)-1]
			if i == 0 {
				c.base = rep.Text
			} else {
				rep.Text = w.copyOf(c.base)
			}
			x.taken = true
			c.problems = append(c.problems, x.p)
			c.reports = append(c.reports, rep)
		}
		pl.out = append(pl.out, c)
	}
}

// remember keeps the results of a loaded inspection that later rounds may
// repeat: a few untouched last reports.
func (pl *planter) remember(ui int, in *rectify.Inspection, ps []*plantedProblem) {
	kept := pl.units[ui]
	for _, x := range ps {
		if x.taken || len(x.reports) == 0 || pl.r.IntN(4) != 0 {
			continue
		}
		rep := x.reports[len(x.reports)-1]
		kept = append(kept, pastResult{feedback: in.Feedback, text: rep.Text, problemID: x.p.ID, reportID: rep.ID})
	}
	if len(kept) > 40 {
		kept = kept[len(kept)-40:]
	}
	pl.units[ui] = kept
}

// clusters returns what was planted, with IDs: clusters of fewer than two
// texts (a same_measure cluster that found no second unit) are left out.
func (pl *planter) clusters() []PlantedCluster {
	var out []PlantedCluster
	for _, c := range pl.out {
		pc := PlantedCluster{Kind: c.kind}
		for _, m := range c.measures {
			pc.MeasureIDs = append(pc.MeasureIDs, m.ID)
		}
		for _, p := range c.problems {
			pc.ProblemIDs = append(pc.ProblemIDs, p.ID)
		}
		for _, rep := range c.reports {
			pc.ProgressIDs = append(pc.ProgressIDs, rep.ID)
		}
		if c.pastProblem != 0 {
			pc.ProblemIDs = append(pc.ProblemIDs, c.pastProblem)
			pc.ProgressIDs = append(pc.ProgressIDs, c.pastProgress)
		}
		if c.kind == PlantSameMeasure && len(pc.MeasureIDs) < 2 {
			continue
		}
		slices.Sort(pc.MeasureIDs)
		slices.Sort(pc.ProblemIDs)
		slices.Sort(pc.ProgressIDs)
		out = append(out, pc)
	}
	return out
}
