package notice

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// asSource returns the golden fixture as an inspection of source s: its
// sub-kind only where s has one, title and opening left to the renderer.
func asSource(s rectify.Source) *rectify.Inspection {
	in := waterBureau()
	in.Source = s
	if !s.HasKind() {
		in.Kind = ""
	}
	in.Title, in.Opening = "", ""
	switch s {
	case rectify.SourceSupervision:
		in.Team = "县政府第一督查组"
	case rectify.SourceOther:
		in.Team = "县农业农村局检查组"
	}
	return in
}

// TestRenderKinds: each kind of rectification speaks its own words in
// the notice it generates, and the notice reads back as rendered, kind
// included.
func TestRenderKinds(t *testing.T) {
	tests := []struct {
		source rectify.Source
		see    []string
		notSee []string
	}{
		{rectify.SourceXuncha, []string{"关于县委第二巡察组常规巡察反馈意见整改进展情况的通报", "（一）反馈问题：",
			"反馈了巡察意见。现将整改进展情况通报如下。", "巡察反馈的", "整改结果："}, []string{"审计", "办理"}},
		{rectify.SourceXunshi, []string{"常规巡视反馈意见整改进展情况的通报", "反馈了巡视意见", "巡视反馈的"}, []string{"巡察反馈的"}},
		{rectify.SourceAudit, []string{"审计整改情况的公告", "一、审计整改工作开展情况", "二、审计发现问题的整改情况",
			"开展了审计，并于2024年6月20日出具了审计报告。现将审计整改情况公告如下。", "审计发现的", "整改情况：", "整改结果："},
			[]string{"反馈问题：", "巡察反馈的"}},
		{rectify.SourceEnvironment, []string{"交办件办理情况的公示", "开展了生态环境保护督察，并于2024年6月20日交办了群众信访件。",
			"现将交办件办理情况公示如下。", "督察组交办的", "件交办件，已办结", "办理情况：", "办理结果：已办结", "二、督察交办件办理情况"},
			[]string{"整改结果：", "具体问题"}},
		{rectify.SourceSupervision, []string{"督查发现问题整改情况的通报", "（一）督查发现问题：", "反馈了督查意见", "督查发现的"}, nil},
		{rectify.SourceOther, []string{"问题整改情况的通报", "（一）发现问题：", "开展了检查"}, nil},
	}
	for _, tt := range tests {
		t.Run(string(tt.source), func(t *testing.T) {
			in := asSource(tt.source)
			out := renderString(t, in, RenderOptions{})
			for _, s := range tt.see {
				if !strings.Contains(out, s) {
					t.Errorf("the notice does not say %q:\n%s", s, out)
				}
			}
			for _, s := range tt.notSee {
				if strings.Contains(out, s) {
					t.Errorf("the notice says %q, a word of another kind", s)
				}
			}
			doc := mustParse(t, []byte(out))
			if tt.source != rectify.SourceOther && doc.Inspection.Source != tt.source {
				t.Errorf("read back as %q", doc.Inspection.Source)
			}
			want := RecordStructure(in, RenderOptions{})
			if tt.source == rectify.SourceOther {
				want.Inspection.Source = "" // 其他 names no kind a reader could tell
			}
			reportStructureDiff(t, "Render → Parse", want, doc.Structure(), out)
		})
	}
}

// TestRenderKindLayouts: where the published forms differ, so does the
// order of a problem's paragraphs: the audit announcement gives what was
// done before the result; the list of cases gives the case, its
// responsible units, what was done and the result, as the columns of its
// table.
func TestRenderKindLayouts(t *testing.T) {
	tests := []struct {
		source rectify.Source
		order  []string
	}{
		{rectify.SourceXuncha, []string{"1．", "整改结果：", "整改情况："}},
		{rectify.SourceAudit, []string{"1．", "整改情况：", "整改结果："}},
		{rectify.SourceEnvironment, []string{"1．", "责任单位：", "办理情况：", "办理结果："}},
	}
	for _, tt := range tests {
		t.Run(string(tt.source), func(t *testing.T) {
			in := asSource(tt.source)
			in.Findings[0].Problems[0].OwnerUnit = "县水利局工程股"
			out := renderString(t, in, RenderOptions{})
			at := strings.Index(out, "二、")
			for _, s := range tt.order {
				i := strings.Index(out[at:], s)
				if i < 0 {
					t.Fatalf("no %q after %q:\n%s", s, out[:at], out)
				}
				at += i
			}
		})
	}
}

// TestRenderKindGolden: the notices of an audit and of an environmental
// inspection, generated from the record (golden files, -update), and the
// two reports of the corpus read, recorded and written again.
func TestRenderKindGolden(t *testing.T) {
	corpus := func(name string) func() *rectify.Inspection {
		return func() *rectify.Inspection {
			data, err := os.ReadFile(filepath.Join("testdata", "corpus", name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			return mustParse(t, data).Record(RecordOptions{Author: "通报导入"})
		}
	}
	tests := []struct {
		name string
		in   func() *rectify.Inspection
		opt  RenderOptions
	}{
		{"render_kind_audit.txt", func() *rectify.Inspection { return asSource(rectify.SourceAudit) }, RenderOptions{}},
		{"render_kind_environment.txt", func() *rectify.Inspection { return asSource(rectify.SourceEnvironment) }, RenderOptions{}},
		{"render_kind_environment.md", func() *rectify.Inspection { return asSource(rectify.SourceEnvironment) }, RenderOptions{Format: FormatMarkdown}},
		{"render_corpus_audit_announcement.txt", corpus("audit_announcement"), RenderOptions{}},
		{"render_corpus_environment_cases.txt", corpus("environment_cases"), RenderOptions{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderString(t, tt.in(), tt.opt)
			path := filepath.Join("testdata", tt.name+".golden")
			if updatingGolden() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run with -update to create it): %v", err)
			}
			if got != string(want) {
				t.Errorf("Render differs from %s (run with -update if the change is intended):\n%s", path, renderLineDiff(string(want), got))
			}
		})
	}
}
