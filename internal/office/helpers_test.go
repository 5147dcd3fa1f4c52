package office

import (
	"archive/zip"
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// seedPath is the real published notice, beside the repository.
var seedPath = filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt")

// readSeed returns the seed notice parsed, skipping the test when the
// shared folder is absent.
func readSeed(tb testing.TB) *notice.Document {
	tb.Helper()
	if _, err := os.Stat(filepath.Dir(seedPath)); err != nil {
		tb.Skip("the shared seed folder is absent")
	}
	data, err := os.ReadFile(seedPath)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := notice.Parse(data)
	if err != nil {
		tb.Fatalf("parse the seed: %v", err)
	}
	return d
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", name, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows where two texts part.
func firstDiff(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-80)
	return "want …" + want[from:min(len(want), i+80)] + "…\n got …" + got[from:min(len(got), i+80)] + "…"
}

// zipParts returns the files of a zip archive by name.
func zipParts(t testing.TB, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip archive: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

func history(st rectify.Status, class, date string) []rectify.StatusChange {
	return []rectify.StatusChange{{Status: st, Class: class, Date: rectify.MustDate(date), Author: "局办公室"}}
}

func measures(texts ...string) []*rectify.Measure {
	var out []*rectify.Measure
	for i, t := range texts {
		out = append(out, &rectify.Measure{Number: i + 1, Text: t})
	}
	return out
}

// landBureau is an invented inspection of a county natural resources
// bureau: problems in several statuses, a grouped problem, a problem
// without measures, and characters XML must escape.
func landBureau() *rectify.Inspection {
	feedback := rectify.MustDate("2025-04-18")
	in := &rectify.Inspection{
		ID:         7,
		UnitName:   "县自然资源局党组",
		Team:       "县委第三巡察组",
		Kind:       rectify.KindSpecial,
		Start:      rectify.MustDate("2025-02-24"),
		End:        rectify.MustDate("2025-03-28"),
		Feedback:   feedback,
		Deployer:   "县委",
		Issuer:     "中共东川县自然资源局党组",
		Title:      "关于县委第三巡察组专项巡察反馈意见整改进展情况的通报",
		NoticeDate: rectify.MustDate("2025-08-30"),
		Work: []string{
			"（一）扛牢整改责任。局党组书记带头认领问题，班子成员分兵把口，逐项明确措施和时限。",
			"（二）坚持开门整改。在局门户网站公开问题清单，接受群众监督，收到意见建议12条，均已答复。",
		},
		NextSteps: []string{"（一）紧盯未完成事项，按月调度，完成一项销号一项。"},
		Contact:   rectify.Contact{Phone: "0871-6612345", Address: "东川县新城大道8号自然资源局四楼", Email: "dczrj_xczg@example.cn"},
	}
	in.Findings = []*rectify.Finding{
		{ID: 71, Number: 1, Title: "耕地保护责任落实不到位", Problems: []*rectify.Problem{
			{ID: 701, Number: 1, Title: "违法占用耕地问题整治不彻底", Description: "部分图斑整改后又出现复耕不到位、“大棚房”反弹等情况。",
				Opened: feedback, Track: rectify.TrackDeadline, Leader: "王建国", OwnerUnit: "耕地保护股", Due: rectify.MustDate("2025-07-31"),
				Status: rectify.StatusCompleted, History: history(rectify.StatusCompleted, "", "2025-08-20"),
				Measures: measures("对2024年以来卫片图斑逐宗复核，建立整改台账", "对复耕不到位的14宗图斑督促恢复种植条件", "将耕地保护纳入乡镇目标考核"),
				// What was done reaches the notice: the latest report
				// by the notice's day, as written.
				Public: rectify.Public{Reports: []rectify.Report{
					{ProgressID: 9001, Date: rectify.MustDate("2025-07-10"), Text: "复核卫片图斑326宗，建立整改台账"},
					{ProgressID: 9002, Date: rectify.MustDate("2025-08-18"), Text: "14宗图斑全部恢复种植条件，8月18日经乡镇复查合格"},
				}}},
			{ID: 702, Number: 2, Title: "耕地占补平衡项目验收把关不严",
				Opened: feedback, Track: rectify.TrackLongTerm, Leader: "李红梅", OwnerUnit: "国土整治中心",
				Status: rectify.StatusLongTerm, Class: "I", History: history(rectify.StatusLongTerm, "I", "2025-08-20"),
				Measures: measures("委托第三方对已验收项目质量进行复核", "修订补充耕地项目验收办法，明确“谁验收、谁负责”")},
		}},
		{ID: 72, Number: 2, Title: "权力运行监督制约不够有力", Problems: []*rectify.Problem{
			{ID: 703, Number: 3, Title: "不动产登记窗口存在“吃拿卡要”苗头", Description: "群众反映办件时限长、材料反复要求补交。",
				Opened: feedback, Track: rectify.TrackImmediate, Leader: "张立", OwnerUnit: "不动产登记中心", Due: rectify.MustDate("2025-05-31"),
				Status: rectify.StatusInProgress, History: history(rectify.StatusInProgress, "", "2025-08-20"),
				Measures: append(groupMeasures("办件时限长", 1, "推行“一窗受理、集成服务”，压缩办理时限至3个工作日"),
					groupMeasures("材料反复补交", 2, "公布材料清单，实行一次性告知")...)},
			{ID: 704, Number: 4, Title: "矿产资源出让监管存在薄弱环节 <待核实> & 跟踪",
				Opened: feedback, Track: rectify.TrackDeadline, Due: rectify.MustDate("2025-09-30")},
		}},
	}
	return in
}

func groupMeasures(group string, first int, texts ...string) []*rectify.Measure {
	out := measures(texts...)
	for i, m := range out {
		m.Group = group
		m.Number = first + i
	}
	return out
}
