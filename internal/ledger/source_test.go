package ledger_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/ledger"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/xuri/excelize/v2"
)

// TestLedgerSource: the ledger of a unit with an audit and an
// environmental inspection beside its 巡察 carries each row's kind of
// rectification (整改来源) in a column of its own; brought back unchanged
// it changes nothing; a kind it cannot read, or one that is not its
// inspection's, is refused with the cell named.
func TestLedgerSource(t *testing.T) {
	s, in := fixture(t)
	d := rectify.MustDate
	audit := &rectify.Inspection{UnitID: in.UnitID, Source: rectify.SourceAudit, Team: "县审计局审计组", Feedback: d("2025-06-10"),
		Findings: []*rectify.Finding{{Number: 1, Title: "专项资金管理方面", Problems: []*rectify.Problem{
			{Number: 1, Title: "生态护林员补助发放不及时", Leader: "陈刚", OwnerUnit: "计财股", Due: d("2025-09-30"), Opened: d("2025-06-10"),
				Measures: []*rectify.Measure{{Number: 1, Text: "核对发放名册，9月底前补发到位"}}}}}}}
	ok(t, s.CreateInspection(ctx, audit))
	env := &rectify.Inspection{UnitID: in.UnitID, Source: rectify.SourceEnvironment, Team: "省第二生态环境保护督察组", Feedback: d("2025-07-02"),
		Findings: []*rectify.Finding{{Number: 1, Title: "第一批交办件", Problems: []*rectify.Problem{
			{Number: 1, Title: "林区采石场粉尘污染", OwnerUnit: "资源管理股", Due: d("2025-08-31"), Opened: d("2025-07-02")}}}}}
	ok(t, s.CreateInspection(ctx, env))

	data := export(t, s, store.LedgerFilter{UnitID: in.UnitID})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	ok(t, err)
	rows, err := f.GetRows(office.LedgerSheet)
	ok(t, err)
	col := -1
	for i, h := range rows[2] {
		if h == "整改来源" {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no 整改来源 column in the header %q", rows[2])
	}
	kinds := map[string]string{}
	cellOf := map[string]string{} // the kind's cell of each problem's first row
	for r, row := range rows[3:] {
		if len(row) > col {
			kinds[row[3]] = row[col]
			if _, ok := cellOf[row[3]]; !ok {
				name, _ := excelize.CoordinatesToCellName(col+1, r+4)
				cellOf[row[3]] = name
			}
		}
	}
	for problem, want := range map[string]string{"林地占用审批把关不严。个别项目未批先占。": "巡察", "生态护林员补助发放不及时": "审计",
		"林区采石场粉尘污染": "生态环境督察"} {
		if kinds[problem] != want {
			t.Errorf("the row of %s says %q, want %q", problem, kinds[problem], want)
		}
	}

	rep, err := ledger.Import(ctx, s, flowOf(s), data, opts())
	ok(t, err)
	if len(rep.Changes) > 0 || len(rep.Errors) > 0 || rep.Unchanged != rep.Rows || rep.Rows != 8 {
		t.Errorf("an unchanged ledger of three kinds: %d rows, %d unchanged, changes %v, errors %v", rep.Rows, rep.Unchanged, rep.Changes, messages(rep))
	}

	auditCell, envCell := cellOf["生态护林员补助发放不及时"], cellOf["林区采石场粉尘污染"]
	tests := []struct {
		name  string
		cells map[string]any
		want  []string
	}{
		{"a kind no one knows", map[string]any{auditCell: "彩票"},
			[]string{"整改台账!" + auditCell + "：整改来源“彩票”无法识别，应为巡察、巡视、审计、生态环境督察、督查或其他"}},
		{"a case moved to another kind", map[string]any{envCell: "巡察"},
			[]string{"整改台账!" + envCell + "：整改来源“巡察”与这一行所属的“省第二生态环境保护督察组”（生态环境督察）不符；整改来源请在其页面修改，台账不改变问题的来源"}},
		{"the kind written in other words", map[string]any{auditCell: "审计整改", envCell: "中央生态环境保护督察"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := ledger.Import(ctx, s, flowOf(s), edit(t, data, office.LedgerSheet, tt.cells), opts())
			if tt.want == nil {
				ok(t, err)
				if len(rep.Changes) > 0 || len(rep.Errors) > 0 {
					t.Errorf("changes %v, errors %v", rep.Changes, messages(rep))
				}
				return
			}
			if !errors.Is(err, ledger.ErrBadLedger) {
				t.Fatalf("err = %v, want ErrBadLedger", err)
			}
			if got := messages(rep); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}
