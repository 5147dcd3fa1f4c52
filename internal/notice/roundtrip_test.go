package notice

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

// seedNoticePath is where the shared seed notice lies, seen from this package.
var seedNoticePath = filepath.Join("..", "..", "..", "shared", "seed", "notice-shaoyang-2023-11-28.txt")

func readSeedNotice(t testing.TB) []byte {
	t.Helper()
	if _, err := os.Stat(filepath.Dir(seedNoticePath)); err != nil {
		t.Skip("the shared seed folder is absent")
	}
	data, err := os.ReadFile(seedNoticePath)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t testing.TB, data []byte) *Document {
	t.Helper()
	d, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return d
}

// noticeShape is what a test expects of a parsed notice before trusting its round
// trip: a parser that reads nothing would round-trip trivially.
type noticeShape struct {
	issuer   string
	date     string
	team     string
	kind     rectify.InspectionKind
	asOf     string
	problems []int // per finding
	measures []int // per problem
	statuses string
}

// statusCodes writes the statuses of s, one letter a problem: C completed,
// L long-term, M mostly completed, S submitted, P in progress, N not
// completed, O not started.
func statusCodes(s Structure) string {
	codes := map[rectify.Status]string{
		rectify.StatusCompleted: "C", rectify.StatusLongTerm: "L", rectify.StatusMostlyCompleted: "M",
		rectify.StatusSubmitted: "S", rectify.StatusInProgress: "P", rectify.StatusNotCompleted: "N",
		rectify.StatusNotStarted: "O",
	}
	var b strings.Builder
	for _, f := range s.Findings {
		for _, p := range f.Problems {
			if c, ok := codes[p.Status]; ok {
				b.WriteString(c)
			} else {
				b.WriteString("?")
			}
		}
	}
	return b.String()
}

func checkShape(t *testing.T, s Structure, want noticeShape) {
	t.Helper()
	var problems, measures []int
	for _, f := range s.Findings {
		problems = append(problems, len(f.Problems))
		for _, p := range f.Problems {
			measures = append(measures, len(p.Measures))
		}
	}
	got := noticeShape{s.Issuer, s.Date.String(), s.Inspection.Team, s.Inspection.Kind, s.Summary.AsOf.String(), problems, measures, statusCodes(s)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parsed notice:\n got %+v\nwant %+v", got, want)
	}
}

// diffStructure lists where a and b differ, field by field.
func diffStructure(a, b Structure) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if a.Issuer != b.Issuer {
		add("issuer: %q != %q", a.Issuer, b.Issuer)
	}
	if a.Title != b.Title {
		add("title: %q != %q", a.Title, b.Title)
	}
	if a.Date != b.Date {
		add("date: %v != %v", a.Date, b.Date)
	}
	if a.Inspection != b.Inspection {
		add("inspection: %+v != %+v", a.Inspection, b.Inspection)
	}
	if !reflect.DeepEqual(a.Work, b.Work) {
		add("work:\n  %q\n  %q", a.Work, b.Work)
	}
	if !reflect.DeepEqual(a.NextSteps, b.NextSteps) {
		add("next steps:\n  %q\n  %q", a.NextSteps, b.NextSteps)
	}
	if a.Summary != b.Summary {
		add("summary: %+v != %+v", a.Summary, b.Summary)
	}
	if a.Contact != b.Contact {
		add("contact: %+v != %+v", a.Contact, b.Contact)
	}
	if len(a.Findings) != len(b.Findings) {
		add("findings: %d != %d", len(a.Findings), len(b.Findings))
	}
	for i := range min(len(a.Findings), len(b.Findings)) {
		fa, fb := a.Findings[i], b.Findings[i]
		if fa.Number != fb.Number || fa.Title != fb.Title {
			add("finding %d: %d %q != %d %q", i+1, fa.Number, fa.Title, fb.Number, fb.Title)
		}
		if len(fa.Problems) != len(fb.Problems) {
			add("finding %d: %d problems != %d", i+1, len(fa.Problems), len(fb.Problems))
		}
		for j := range min(len(fa.Problems), len(fb.Problems)) {
			pa, pb := fa.Problems[j], fb.Problems[j]
			if pa.Number != pb.Number || pa.Title != pb.Title || pa.Description != pb.Description {
				add("finding %d problem %d:\n  %d %q %q\n  %d %q %q", i+1, j+1, pa.Number, pa.Title, pa.Description, pb.Number, pb.Title, pb.Description)
			}
			if pa.Status != pb.Status || pa.Class != pb.Class {
				add("problem %d: status %s %q != %s %q", pa.Number, pa.Status, pa.Class, pb.Status, pb.Class)
			}
			if !reflect.DeepEqual(pa.Measures, pb.Measures) {
				add("problem %d measures:\n  %q\n  %q", pa.Number, pa.Measures, pb.Measures)
			}
		}
	}
	if len(out) == 0 && !reflect.DeepEqual(a, b) {
		add("structures differ: %#v != %#v", a, b) // a field the diff above misses
	}
	return out
}

func reportStructureDiff(t *testing.T, what string, want, got Structure, rendered string) {
	t.Helper()
	if d := diffStructure(want, got); len(d) > 0 {
		if len(d) > 10 {
			d = append(d[:10], fmt.Sprintf("… and %d more", len(d)-10))
		}
		t.Errorf("%s: the structure changed (want, then got):\n%s", what, strings.Join(d, "\n"))
		if testing.Verbose() {
			t.Logf("rendered notice:\n%s", rendered)
		}
	}
}

// checkRoundTrip checks Document → Record → Render → Parse on a notice in both
// formats: the structure read back must be the structure read first.
func checkRoundTrip(t *testing.T, data []byte, want noticeShape) {
	doc := mustParse(t, data)
	orig := doc.Structure()
	checkShape(t, orig, want)
	in := doc.Record(RecordOptions{Author: "导入"})
	for _, format := range []Format{FormatText, FormatMarkdown} {
		t.Run(string(format), func(t *testing.T) {
			out := renderString(t, in, RenderOptions{Format: format})
			back := mustParse(t, []byte(out))
			reportStructureDiff(t, "Document → Record → Render → Parse", orig, back.Structure(), out)
			if len(back.Warnings) > 0 {
				t.Errorf("reading the rendered notice gave warnings: %v", back.Warnings)
			}
			// Rendering may cure a finding of Lint (a missing number, a
			// summary that does not add up) but never add one.
			had := map[string]bool{}
			for _, w := range Lint(doc) {
				had[w.Code] = true
			}
			for _, w := range Lint(back) {
				if !had[w.Code] {
					t.Errorf("the rendered notice has a Lint finding the original has not: %v", w)
				}
			}
			if rs := RecordStructure(in, RenderOptions{Format: format}); !reflect.DeepEqual(rs, orig) {
				reportStructureDiff(t, "RecordStructure of the record", orig, rs, out)
			}
			// A second round changes nothing.
			again := renderString(t, back.Record(RecordOptions{Author: "导入"}), RenderOptions{Format: format})
			if again != out {
				t.Errorf("rendering the notice read back differs from the first rendering:\n%s", renderLineDiff(out, again))
			}
		})
	}
}

func TestRoundTripSeed(t *testing.T) {
	data := readSeedNotice(t)
	checkRoundTrip(t, data, noticeShape{
		issuer:   "中共邵阳市园林绿化中心委员会",
		date:     "2023-11-28",
		team:     "市委第四巡察组",
		kind:     rectify.KindExtended,
		asOf:     "2023-11-28",
		problems: []int{2, 2, 5, 1, 2, 3, 4, 1, 1, 2, 1, 1},
		measures: []int{2, 3, 5, 4, 2, 6, 2, 3, 3, 4, 3, 2, 3, 2, 3, 4, 3, 4, 2, 2, 1, 2, 2, 3, 4},
		statuses: "CCCLCLLLLCCCCCCCCCCCCLLCC",
	})
}

func TestRoundTripFixtures(t *testing.T) {
	tests := []struct {
		file string
		want noticeShape
	}{
		{"render_roundtrip_forestry.txt", noticeShape{
			issuer: "中共桐江市林业局党组", date: "2023-12-20", team: "市委第三巡察组", kind: rectify.KindRegular, asOf: "2023-12-15",
			problems: []int{2, 2, 3}, measures: []int{3, 2, 4, 1, 3, 2, 2}, statuses: "CLLCCMP",
		}},
		{"render_roundtrip_hospital.txt", noticeShape{
			issuer: "中共平川县人民医院委员会", date: "2024-10-08", team: "县委第一巡察组", kind: rectify.KindSpecial, asOf: "2024-09-30",
			problems: []int{2, 2, 2}, measures: []int{3, 2, 12, 2, 2, 1}, statuses: "CPLNOC",
		}},
		{"render_roundtrip_school.txt", noticeShape{
			issuer: "中共云岭市第一中学委员会", date: "2024-01-08", team: "市委第五巡察组", kind: rectify.KindFollowUp, asOf: "2023-12-29",
			problems: []int{2, 2}, measures: []int{2, 2, 2, 2}, statuses: "CCLC",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, data, tt.want)
		})
	}
}

func TestRoundTripRecord(t *testing.T) {
	// The fixture of the golden files, with a problem in every status.
	for _, opt := range []RenderOptions{{}, {Format: FormatMarkdown}, {AsOf: rectify.MustDate("2024-08-01")}} {
		t.Run(fmt.Sprintf("%s as of %v", opt.Format, opt.AsOf), func(t *testing.T) {
			in := waterBureau()
			out := renderString(t, in, opt)
			reportStructureDiff(t, "Render → Parse", RecordStructure(in, opt), mustParse(t, []byte(out)).Structure(), out)
		})
	}
}

// TestRoundTripEdgeCases changes one thing of the golden fixture at a time,
// the things real records hold that random text does not, and checks that
// the notice reads back as rendered, with no warning but the one the
// missing fact deserves.
func TestRoundTripEdgeCases(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *rectify.Inspection)
		warn string // the one warning code expected, if any
		// gap names a known disagreement of the parser: the case is skipped
		// while it lasts and runs in full once the parser reads it.
		gap string
	}{
		{"single measure with a semicolon inside", func(in *rectify.Inspection) {
			in.Findings[1].Problems[1].Measures[0].Text = "组织干部职工参观学习；结合典型案例开展讨论"
		}, "", ""},
		{"measure with a full stop inside", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Measures[1].Text = "建立闭环流程。针对销号慢的问题，实行周调度"
		}, "", ""},
		{"measure starting with digits", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Measures[0].Text = "10月份以来对全县河段巡河记录逐一核查"
		}, "", ""},
		{"measure with a book title and quotes", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Measures[0].Text = "学习《中国共产党纪律处分条例》，开展“以案促改”"
		}, "", ""},
		{"measure with a number in brackets", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Measures[0].Text = "对照制度第（2）款逐项核查"
		}, "", ""},
		{"forty measures", func(in *rectify.Inspection) {
			var ms []*rectify.Measure
			for i := range 40 {
				ms = append(ms, &rectify.Measure{Number: i + 1, Text: "核查台账" + strings.Repeat("记录", i%3+1)})
			}
			in.Findings[0].Problems[0].Measures = ms
		}, "", ""},
		{"ungrouped measures before a group", func(in *rectify.Inspection) {
			in.Findings[1].Problems[0].Measures[0].Group = ""
			in.Findings[1].Problems[0].Measures[1].Group = ""
		}, "", ""},
		{"groups stored with their heading words", func(in *rectify.Inspection) {
			for _, m := range in.Findings[1].Problems[0].Measures {
				m.Group = "关于" + m.Group + "的问题"
			}
		}, "", ""},
		{"work paragraph starting with 1.", func(in *rectify.Inspection) {
			in.Work[0] = "1.压实整改责任。局党组召开专题会议研究部署整改工作。"
		}, "", ""},
		{"work paragraph with 截至", func(in *rectify.Inspection) {
			in.Work[1] = "截至目前，共召开调度会6次，督促整改事项20余项。"
		}, "", ""},
		{"work paragraph naming 整改结果", func(in *rectify.Inspection) {
			in.Work[1] = "整改结果将作为年度考核的重要依据。"
		}, "", ""},
		{"work paragraph of two lines", func(in *rectify.Inspection) {
			in.Work[0] = "（一）压实整改责任。\n局党组召开专题会议研究部署整改工作。"
		}, "", ""},
		{"next step naming the contact channels", func(in *rectify.Inspection) {
			in.NextSteps[0] = "畅通监督渠道，公开联系电话和电子邮箱，接受群众监督。"
		}, "", ""},
		{"finding title with a colon", func(in *rectify.Inspection) {
			in.Findings[0].Title = "落实上级部署有差距：河湖治理推进慢"
		}, "", ""},
		{"problem title ending with a question mark", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Title = "河长制为何推进不力？"
		}, "", ""},
		{"problem title ending with a closing quote", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Title = "未落实“河长巡河”"
		}, "", ""},
		{"description of several sentences", func(in *rectify.Inspection) {
			in.Findings[0].Problems[0].Description = "一是巡河记录缺失；二是销号不及时。上轮巡察整改情况也不理想。"
		}, "", ""},
		{"problem numbers start again in each finding", func(in *rectify.Inspection) {
			for _, f := range in.Findings {
				for i, p := range f.Problems {
					p.Number = i + 1
				}
			}
		}, "", ""},
		{"twenty-three findings", func(in *rectify.Inspection) {
			for i := range 20 {
				in.Findings = append(in.Findings, &rectify.Finding{Number: 4 + i, Title: "其他方面" + strings.Repeat("存在不足", i%3+1),
					Problems: []*rectify.Problem{{Number: 7 + i, Title: "具体表现" + strings.Repeat("不到位", i%4+1), Opened: in.Feedback,
						Measures: fixtureMeasures("建立工作台账")}}})
			}
		}, "", ""},
		{"long-term without a class", func(in *rectify.Inspection) { in.Findings[0].Problems[1].History[0].Class = "" }, "", ""},
		{"long-term of class III", func(in *rectify.Inspection) { in.Findings[0].Problems[1].History[0].Class = "III" }, "", ""},
		{"no title", func(in *rectify.Inspection) { in.Title = "" }, "", ""},
		{"a provincial tour", func(in *rectify.Inspection) { in.Deployer, in.Team = "省委", "省委第九巡视组" }, "", ""},
		{"no kind", func(in *rectify.Inspection) { in.Kind = "" }, "", ""},
		{"no unit name", func(in *rectify.Inspection) { in.UnitName = "" }, "", ""},
		{"no team and no deployer", func(in *rectify.Inspection) { in.Team, in.Deployer = "", "" }, CodeMissingInfo, ""},
		{"only the start day", func(in *rectify.Inspection) { in.End = rectify.Date{} }, "", ""},
		{"no period", func(in *rectify.Inspection) { in.Start, in.End = rectify.Date{}, rectify.Date{} }, CodeMissingInfo, ""},
		{"no issuer: the unit signs", func(in *rectify.Inspection) { in.Issuer = "" }, "", ""},
		{"no issuer and no unit name", func(in *rectify.Inspection) { in.Issuer, in.UnitName = "", "" }, CodeNoIssuer, ""},
		{"an opening as the unit wrote it", func(in *rectify.Inspection) {
			in.Opening = "根据县委统一部署，县委第二巡察组于2024年4月8日至5月31日对县水利局党组开展了常规巡察，并于2024年6月20日反馈了巡察意见。局党组高度重视，现将整改进展情况通报如下。"
		}, "", ""},
		{"a problem without measures", func(in *rectify.Inspection) { in.Findings[0].Problems[0].Measures = nil }, CodeNoMeasures, ""},
		{"address with brackets", func(in *rectify.Inspection) {
			in.Contact.Address = "青溪县滨河路18号县水利局三楼（办公室）"
		}, "", ""},
	}
	for _, tt := range tests {
		for _, format := range []Format{FormatText, FormatMarkdown} {
			t.Run(tt.name+"/"+string(format), func(t *testing.T) {
				in := waterBureau()
				tt.edit(in)
				opt := RenderOptions{Format: format}
				out := renderString(t, in, opt)
				doc := mustParse(t, []byte(out))
				want := RecordStructure(in, opt)
				if d := diffStructure(want, doc.Structure()); tt.gap != "" && len(d) > 0 {
					t.Skipf("known parser gap: %s (%s)", tt.gap, strings.Join(d, "; "))
				}
				reportStructureDiff(t, "Render → Parse", want, doc.Structure(), out)
				for _, w := range doc.Warnings {
					if w.Code != tt.warn {
						t.Errorf("unexpected warning: %v", w)
					}
				}
			})
		}
	}
}

// TestRoundTripGenerated renders random inspections and reads them back:
// the parser must find exactly what the renderer wrote, in both formats.
func TestRoundTripGenerated(t *testing.T) {
	n := 200
	if testing.Short() {
		n = 30
	}
	for seed := range uint64(n) {
		g := noticeGenerator{rand.New(rand.NewPCG(seed, 2024))}
		in, opt := g.inspection(), g.options()
		for _, format := range []Format{FormatText, FormatMarkdown} {
			opt.Format = format
			out := renderString(t, in, opt)
			doc, err := Parse([]byte(out))
			if err != nil {
				t.Errorf("seed %d, %s: Parse: %v", seed, format, err)
				continue
			}
			if len(doc.Warnings) > 0 {
				t.Errorf("seed %d, %s: reading the rendered notice gave warnings: %v", seed, format, doc.Warnings)
			}
			for _, w := range Lint(doc) {
				// A day asked for before the feedback gives a notice dated
				// before it, which Lint rightly reports; nothing else may come up.
				if w.Code != CodeDatedBeforeFB || !opt.AsOf.Before(in.Feedback) {
					t.Errorf("seed %d, %s: Lint on the rendered notice: %v", seed, format, w)
				}
			}
			want := RecordStructure(in, opt)
			if d := diffStructure(want, doc.Structure()); len(d) > 0 {
				t.Errorf("seed %d, %s: Render → Parse changed the structure (want, then got):\n%s", seed, format, strings.Join(d[:min(len(d), 6)], "\n"))
				if testing.Verbose() {
					t.Logf("rendered notice:\n%s", out)
				}
				continue
			}
			// The record made of the parsed notice says the same again.
			if d := diffStructure(want, RecordStructure(doc.Record(RecordOptions{}), RenderOptions{})); len(d) > 0 {
				t.Errorf("seed %d, %s: Render → Parse → Record changed the structure:\n%s", seed, format, strings.Join(d[:min(len(d), 6)], "\n"))
			}
		}
	}
}

// noticeGenerator builds random inspections whose texts hold no character that
// could change the structure of a notice (no digits, numerals, brackets,
// semicolons or the words notices use as labels).
type noticeGenerator struct{ r *rand.Rand }

// generatedWords make up the random texts.
const generatedWords = "党建学习教育培训服务质量资金项目档案规范制度考核队伍作风纪律宣传群众意识形态干部职工设施设备环境卫生绿地苗木花卉公园车辆采购合同会议材料记录审核监管执行落实推进责任领导机制程序标准台账检查巡查维护安全风险防控廉洁廉政财务预算收支票据报销公务接待用车办公场所运行保障"

// text returns random two-character words, minRunes…maxRunes characters long.
func (g noticeGenerator) text(minRunes, maxRunes int) string {
	runes := []rune(generatedWords)
	n := minRunes + g.r.IntN(maxRunes-minRunes+1)
	out := make([]rune, 0, n+1)
	for len(out) < n {
		w := 2 * g.r.IntN(len(runes)/2)
		out = append(out, runes[w], runes[w+1])
	}
	return string(out)
}

// sentences returns 1…n sentences joined by full stops, each with a comma
// now and then.
func (g noticeGenerator) sentences(n int) string {
	var b strings.Builder
	for range 1 + g.r.IntN(n) {
		b.WriteString(g.text(4, 12))
		if g.r.IntN(2) == 0 {
			b.WriteString("，" + g.text(3, 10))
		}
		b.WriteString("。")
	}
	return b.String()
}

func (g noticeGenerator) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g noticeGenerator) date(from rectify.Date, minDays, maxDays int) rectify.Date {
	return from.AddDays(minDays + g.r.IntN(maxDays-minDays+1))
}

func (g noticeGenerator) inspection() *rectify.Inspection {
	place := g.pick("青石县农业农村局", "河东区城市管理局", "北湖市交通运输局", "南山县供销合作社", "东川市统计局", "西岭镇人民政府")
	deployer := g.pick("市委", "县委", "区委", "")
	teamOf := deployer
	if teamOf == "" {
		teamOf = "市委"
	}
	start := rectify.NewDate(2019+g.r.IntN(7), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28))
	end := g.date(start, 20, 90)
	feedback := g.date(end, 10, 40)
	in := &rectify.Inspection{
		UnitName: place + g.pick("党组", "党委"),
		Team:     teamOf + "第" + rectify.HanNumeral(1+g.r.IntN(9)) + "巡察组",
		Kind:     rectify.InspectionKinds[g.r.IntN(len(rectify.InspectionKinds))],
		Start:    start,
		End:      end,
		Feedback: feedback,
		Deployer: deployer,
		Issuer:   "中共" + place + g.pick("委员会", "党组"),
		Title:    g.pick("", "关于巡察整改情况的通报", "关于巡察反馈问题整改落实情况的通报"),
	}
	for range g.r.IntN(4) {
		in.Work = append(in.Work, g.sentences(3))
	}
	for range g.r.IntN(3) {
		in.NextSteps = append(in.NextSteps, g.sentences(3))
	}
	if g.r.IntN(4) > 0 {
		in.Contact.Phone = fmt.Sprintf("0%d-%d", 700+g.r.IntN(99), 1000000+g.r.IntN(8999999))
	}
	if g.r.IntN(3) > 0 {
		in.Contact.Address = place + g.text(2, 6) + "路" + fmt.Sprint(1+g.r.IntN(300)) + "号"
	}
	if g.r.IntN(3) > 0 {
		in.Contact.Email = fmt.Sprintf("zg%d@example.cn", g.r.IntN(100000))
	}

	last := feedback
	number := 0
	findings := 1 + g.r.IntN(8)
	if g.r.IntN(5) == 0 {
		findings = 10 + g.r.IntN(14) // numbered 十… and beyond 二十
	}
	for i := range findings {
		f := &rectify.Finding{Number: i + 1, Title: g.text(6, 16)}
		for range 1 + g.r.IntN(3) {
			number++
			p := &rectify.Problem{Number: number, Title: g.text(5, 14), Opened: feedback}
			if g.r.IntN(3) > 0 {
				p.Description = g.sentences(3)
			}
			g.status(p, feedback)
			for _, h := range p.History {
				last = rectify.MaxDate(last, h.Date)
			}
			p.Measures = g.measures()
			f.Problems = append(f.Problems, p)
		}
		in.Findings = append(in.Findings, f)
	}
	in.NoticeDate = g.date(last, 0, 15)
	return in
}

// status gives p a random history of one or two entries, or none.
func (g noticeGenerator) status(p *rectify.Problem, feedback rectify.Date) {
	statuses := []rectify.Status{
		rectify.StatusCompleted, rectify.StatusLongTerm, rectify.StatusMostlyCompleted, rectify.StatusSubmitted,
		rectify.StatusInProgress, rectify.StatusNotCompleted, rectify.StatusNotStarted, "",
	}
	d := feedback
	for range 1 + g.r.IntN(2) {
		st := statuses[g.r.IntN(len(statuses))]
		if st == "" {
			return
		}
		d = g.date(d, 1, 90)
		h := rectify.StatusChange{Status: st, Date: d, Author: "测试"}
		if st == rectify.StatusLongTerm {
			h.Class = g.pick("I", "I", "II", "")
		}
		p.History = append(p.History, h)
		p.Status, p.Class, p.StatusDate = st, h.Class, d
		if st == rectify.StatusLongTerm {
			p.Track = rectify.TrackLongTerm
		}
	}
}

// measures returns 1…6 measures, sometimes more than twenty, sometimes in
// two or three groups.
func (g noticeGenerator) measures() []*rectify.Measure {
	switch g.r.IntN(8) {
	case 0: // grouped
		var out []*rectify.Measure
		for range 2 + g.r.IntN(2) {
			group := g.text(4, 10)
			for range 1 + g.r.IntN(3) {
				out = append(out, &rectify.Measure{Number: len(out) + 1, Group: group, Text: g.measureText()})
			}
		}
		return out
	case 1: // many
		return g.plainMeasures(21 + g.r.IntN(4))
	}
	return g.plainMeasures(1 + g.r.IntN(6))
}

func (g noticeGenerator) plainMeasures(n int) []*rectify.Measure {
	out := make([]*rectify.Measure, n)
	for i := range out {
		out[i] = &rectify.Measure{Number: i + 1, Text: g.measureText()}
	}
	return out
}

func (g noticeGenerator) measureText() string {
	s := g.text(6, 20)
	if g.r.IntN(3) == 0 {
		s += "，" + g.text(4, 12)
	}
	return s
}

// options returns render options: mostly as of the record's latest status,
// sometimes as of a given day.
func (g noticeGenerator) options() RenderOptions {
	if g.r.IntN(4) == 0 {
		return RenderOptions{AsOf: rectify.NewDate(2020+g.r.IntN(7), time.Month(1+g.r.IntN(12)), 1+g.r.IntN(28))}
	}
	return RenderOptions{}
}

func BenchmarkRenderSeed(b *testing.B) {
	in := mustParse(b, readSeedNotice(b)).Record(RecordOptions{Author: "导入"})
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Render(&buf, in, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
