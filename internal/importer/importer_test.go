package importer_test

import (
	"context"
	"errors"
	"os"
	"testing"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/notice"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

func readSample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/notice-qingxi-water.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestUnitName(t *testing.T) {
	tests := []struct {
		name, inspected, issuer, want string
	}{
		{"committee and party committee agree", "某市园艺中心党委", "中共某市园艺中心委员会", "某市园艺中心"},
		{"opening shortens the issuer's name", "县水利局党组", "中共青溪县水利局党组", "青溪县水利局"},
		{"only the issuer", "", "中共青溪县林业局党组", "青溪县林业局"},
		{"only the opening", "青溪县第一中学党总支", "", "青溪县第一中学"},
		{"different bodies: the inspected one", "青溪县人民医院党委", "中共青溪县卫生健康局党组", "青溪县人民医院"},
		{"nothing", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &notice.Document{Issuer: tt.issuer, Inspection: notice.InspectionInfo{UnitName: tt.inspected}}
			if got := importer.UnitName(d); got != tt.want {
				t.Errorf("UnitName = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestImport(t *testing.T) {
	ctx := context.Background()
	st := testdb.Open(t)
	data := readSample(t)

	res, err := importer.Import(ctx, st, data, importer.Options{Author: "李明"})
	if err != nil {
		t.Fatal(err)
	}
	if res.UnitName != "青溪县水利局" || res.Findings != 3 || res.Problems != 6 || res.Counts.Total != 6 || res.Counts.Completed != 1 {
		t.Errorf("result %+v", res)
	}
	in, err := st.LoadInspection(ctx, res.InspectionID)
	if err != nil {
		t.Fatal(err)
	}
	p := in.Findings[0].Problems[0]
	if len(p.History) != 1 || p.History[0].Author != "李明" || p.Status != rectify.StatusCompleted {
		t.Errorf("first problem: status %q, history %+v", p.Status, p.History)
	}

	// The same notice again, into a unit chosen by id.
	child := &rectify.Unit{Name: "青溪县水利局河道站", ParentID: res.UnitID}
	if err := st.CreateUnit(ctx, child); err != nil {
		t.Fatal(err)
	}
	res2, err := importer.Import(ctx, st, data, importer.Options{UnitID: child.ID})
	if err != nil {
		t.Fatal(err)
	}
	if res2.UnitID != child.ID {
		t.Errorf("imported into unit %d, want %d", res2.UnitID, child.ID)
	}
	units, err := st.ListUnits(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 2 {
		t.Errorf("%d units, want 2", len(units))
	}
}

func TestImportRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		data []byte
		opt  importer.Options
		code string
	}{
		{"not a notice", []byte("会议纪要\n今天天气很好。\n"), importer.Options{}, rectify.EINVALID},
		{"unit that does not exist", readSample(t), importer.Options{UnitID: 77}, rectify.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := testdb.Open(t)
			_, err := importer.Import(ctx, st, tt.data, tt.opt)
			if rectify.ErrorCode(err) != tt.code {
				t.Fatalf("error %v (code %q), want code %q", err, rectify.ErrorCode(err), tt.code)
			}
			list, err := st.ListInspections(ctx, store.InspectionFilter{})
			if err != nil || len(list) != 0 {
				t.Errorf("stored %d inspections (%v)", len(list), err)
			}
			if _, err := st.FindUnitByName(ctx, "青溪县水利局"); !errors.Is(err, rectify.ErrNotFound) {
				t.Errorf("a unit was stored: %v", err)
			}
		})
	}
}

func TestReadPreview(t *testing.T) {
	p, err := importer.Read(readSample(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.UnitName != "青溪县水利局" || p.Counts.Total != 6 || p.Counts.AsOf.String() != "2024-10-10" {
		t.Errorf("preview unit %q, counts %+v", p.UnitName, p.Counts)
	}
	found := false
	for _, w := range p.Lint {
		if w.Code == notice.CodeFutureDeadline {
			found = true
		}
	}
	if !found {
		t.Errorf("the preview lacks the lint finding of the sample's future deadline: %+v", p.Lint)
	}
}
