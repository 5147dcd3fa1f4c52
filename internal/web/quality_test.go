package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// qualityTemplates plants copies in two units' inspections — a measure
// copied with small edits, a measure that restates its problem, a progress
// report copied word for word, one carrying a stored script — analyses the
// record from the page, and sees the clusters as the office and a unit's
// admin see them (the other unit's texts only counted), the flags on a
// problem, and the page refused to an editor.
func qualityTemplates(t *testing.T, hs *harness) {
	t.Helper()
	ctx := rectify.AsSystem(context.Background())
	const xss = `<script>alert("copy")</script>`
	mk := func(unit *rectify.Unit, measure, restated, progress string) *rectify.Problem {
		in := &rectify.Inspection{UnitID: unit.ID, Team: "县委第三巡察组", Kind: rectify.KindSpecial,
			Findings: []*rectify.Finding{{Number: 1, Title: "执行财经纪律不严", Problems: []*rectify.Problem{{
				Number: 1, Title: "公务用车管理松散，私车公养现象时有发生", Due: rectify.MustDate("2024-06-30"),
				Measures: []*rectify.Measure{{Number: 1, Text: measure}, {Number: 2, Text: restated}},
			}}}}}
		must(t, hs.st.CreateInspection(ctx, in))
		p := in.Findings[0].Problems[0]
		must(t, hs.st.AddProgress(ctx, &rectify.Progress{ProblemID: p.ID, Date: rectify.MustDate("2024-02-20"), Text: progress,
			Author: "王填报"}, nil))
		return p
	}
	water := mk(hs.bureau,
		"修订完善机关公务用车使用管理办法，车辆出行实行一车一单登记，每季度公示用车情况。",
		"公务用车管理松散、私车公养现象时有发生的问题。",
		"已清理公务用车加油卡十二张，追回违规报销油费三千余元，相关责任人作出书面检查。"+xss)
	other := mk(hs.other,
		"进一步修订完善机关公务用车使用管理办法，车辆出行严格实行一车一单登记，每季度及时公示用车情况。",
		"建立车辆维修定点制度，维修费用由办公室审核后报销。",
		"已清理公务用车加油卡十二张，追回违规报销油费三千余元，相关责任人作出书面检查。"+xss)
	id := func(v int64) string { return fmt.Sprint(v) }
	// Earlier cases renamed the units.
	bureau, err := hs.st.GetUnit(ctx, hs.bureau.ID)
	must(t, err)
	otherUnit, err := hs.st.GetUnit(ctx, hs.other.ID)
	must(t, err)
	runPageCases(t, hs, []pageCase{
		{name: "quality before any analysis", login: "banshi", method: "GET", path: "/quality", status: 200, page: "quality",
			see: []string{"质量分析", "尚未做过分析", `data-testid="quality-rebuild"`}},
		{name: "analyse now", login: "banshi", method: "POST", path: "/quality/rebuild", status: 303, location: "/quality"},
		{name: "quality of every unit", login: "banshi", method: "GET", path: "/quality", status: 200, page: "quality",
			see: []string{"最近一次分析", "措施雷同", "措施照搬问题表述", "进展一文多用", bureau.Name, otherUnit.Name,
				"<mark>", "/problems/" + id(water.ID), "/problems/" + id(other.ID), "&lt;script&gt;alert"},
			hide: []string{xss}},
		{name: "quality of one kind", login: "banshi", method: "GET", path: "/quality?kind=restates_problem", status: 200, page: "quality",
			see: []string{"问题表述", "整改措施", "私车公养"}, hide: []string{"进展一文多用 相似度"}},
		{name: "quality of a unit's subtree", login: "shuiwu-admin", method: "GET", path: "/quality", status: 200, page: "quality",
			see:  []string{bureau.Name, "另有 1 段来自本范围以外的单位"},
			hide: []string{otherUnit.Name, "/problems/" + id(other.ID), xss}},
		{name: "the flag in a unit's problem list", login: "tianbao", method: "GET", path: "/problems", status: 200,
			page: "problems", see: []string{`data-testid="row-copied"`}},
		{name: "the flags on a unit's problem", login: "tianbao", method: "GET", path: "/problems/" + id(water.ID), status: 200,
			page: "problem", see: []string{"措施与其他 1 个单位的措施高度相似", "措施照搬问题表述", "整改进展与其他 1 个单位的进展雷同"},
			hide: []string{xss}},
	})
	rows, _, err := hs.st.ListSimilar(ctx, store.SimilarFilter{ScopePath: bureau.Path})
	must(t, err)
	kinds := map[string]int{}
	for _, r := range rows {
		kinds[r.Kind]++
	}
	if kinds["same_measure"] < 1 || kinds["restates_problem"] != 1 || kinds["reused_progress"] < 1 {
		t.Errorf("stored clusters by kind: %v", kinds)
	}
}
