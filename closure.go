package rectify

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The rules of closure (销号), one place for every way a problem reaches
// submitted or completed: the pages, the API and the ledger import.

// CircledNumber writes a measure's number as notices do: ①…⑳, then (21).
func CircledNumber(n int) string {
	if n >= 1 && n <= 20 {
		return string(rune('①' + n - 1))
	}
	return "(" + strconv.Itoa(n) + ")"
}

// OpenMeasures returns the measures of p not done by day asOf.
func (p *Problem) OpenMeasures(asOf Date) []*Measure {
	var out []*Measure
	for _, m := range p.Measures {
		if !m.IsDone(asOf) {
			out = append(out, m)
		}
	}
	return out
}

// ClosureRefusal says why p, with its measures and with evidence files
// behind its progress, may not be closed as of day asOf — verb is what is
// refused (提交销号, 销号) — or "" when it may: a problem is not closed
// while a measure is open, nor without evidence.
func (p *Problem) ClosureRefusal(evidence int, asOf Date, verb string) string {
	if open := p.OpenMeasures(asOf); len(open) > 0 {
		names := make([]string, len(open))
		for i, m := range open {
			names[i] = CircledNumber(m.Number) + clipRunes(strings.TrimSpace(m.Text), 30)
		}
		return fmt.Sprintf("还有 %d 项整改措施未完成，不能%s：%s", len(open), verb, strings.Join(names, "；"))
	}
	if evidence == 0 {
		return fmt.Sprintf("没有任何证明材料，不能%s：请在整改情况中上传照片、会议纪要、合同、票据等材料", verb)
	}
	return ""
}

// FrozenRefusal says why what (问题, 整改措施) of p may not change, or ""
// when it may: what a reviewer signs off, or is about to, stays as signed
// off.
func (p *Problem) FrozenRefusal(what string) string {
	switch p.Status {
	case StatusSubmitted:
		return "问题已提交销号，等待审核，不能修改" + what + "；如需修改请由审核人员退回"
	case StatusCompleted:
		return "问题已销号，不能修改" + what + "；发现反弹须由审核人员重新打开"
	}
	return ""
}

// clipRunes cuts s to n runes, with an ellipsis when cut.
func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
