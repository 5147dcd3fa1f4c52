package notice

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

// TestRenderPublicResult: a problem's 整改情况 in the notice is what was
// done, as written, as of the notice's day; the notice reads back as the
// record says.
func TestRenderPublicResult(t *testing.T) {
	reports := []rectify.Report{
		{ProgressID: 1, Date: rectify.MustDate("2024-07-15"), Text: "①补齐巡河记录312条；②建立闭环流程"},
		{ProgressID: 2, Date: rectify.MustDate("2024-09-30"), Text: "巡河情况纳入乡镇年度考核，9月30日印发考核办法"},
	}
	tests := []struct {
		name   string
		public rectify.Public
		asOf   string
		want   string
		not    string
	}{
		{"the latest report by the day", rectify.Public{Reports: reports}, "2024-10-10",
			"整改情况：巡河情况纳入乡镇年度考核，9月30日印发考核办法。", "补齐巡河记录"},
		{"an earlier day shows the report of then, numbered as written", rectify.Public{Reports: reports}, "2024-08-01",
			"整改情况：①补齐巡河记录312条；②建立闭环流程。", "考核办法"},
		{"before any report, the planned measures", rectify.Public{Reports: reports}, "2024-07-01",
			"整改情况：①", "补齐巡河记录"},
		{"the report the unit chose", rectify.Public{ProgressID: 1, Reports: reports}, "2024-10-10",
			"整改情况：①补齐巡河记录312条；②建立闭环流程。", "考核办法"},
		{"the public sentence", rectify.Public{ProgressID: 1, Text: "河长制各项制度全面落实", Reports: reports}, "2024-10-10",
			"整改情况：河长制各项制度全面落实。", "补齐巡河记录"},
	}
	for _, tt := range tests {
		for _, format := range []Format{FormatText, FormatMarkdown} {
			t.Run(tt.name+"/"+string(format), func(t *testing.T) {
				in := waterBureau()
				p := in.Findings[0].Problems[0]
				p.Public = tt.public
				planned := p.Measures[0].Text
				var buf bytes.Buffer
				if err := Render(&buf, in, RenderOptions{AsOf: rectify.MustDate(tt.asOf), Format: format}); err != nil {
					t.Fatal(err)
				}
				out := buf.String()
				if !strings.Contains(out, tt.want) || strings.Contains(out, tt.not) {
					t.Errorf("the notice says:\n%s\nwant %q, not %q", out, tt.want, tt.not)
				}
				if tt.want == "整改情况：①" && !strings.Contains(out, planned) {
					t.Errorf("without a report the notice lacks the planned measure %q", planned)
				}
				if format != FormatText {
					return
				}
				d, err := Parse(buf.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				want := RecordStructure(in, RenderOptions{AsOf: rectify.MustDate(tt.asOf)})
				if got := d.Structure(); !reflect.DeepEqual(got.Findings, want.Findings) {
					t.Errorf("the notice reads back as\n%+v\nwant\n%+v", got.Findings, want.Findings)
				}
			})
		}
	}
}
