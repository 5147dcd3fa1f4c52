package web

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/importer"
)

// TestDraftsRoundTrip: what a preview decided comes back from the
// database as it was — the document as read (so a confirmation never
// reads a scan twice and stores what was shown), the unit, the
// inspection, the ledger's plan — and only to its uploader, once.
func TestDraftsRoundTrip(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	files := []string{
		"testdata/notice_water.txt",
		"../importer/testdata/feedback-transport.txt",
		"../importer/testdata/problem-list.txt",
		"../notice/testdata/notice_status_in_text.txt",
		"../notice/testdata/render_roundtrip_school.txt",
	}
	me, other := hs.users["tianbao"].ID, hs.users["banshi"].ID
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			must(t, err)
			p, err := importer.Read(data)
			must(t, err)
			d := &importDraft{userID: me, unitID: hs.bureau.ID, into: 7, name: filepath.Base(file), data: data, preview: p}
			must(t, hs.w.putImportDraft(ctx, d))
			if got, err := hs.w.takeImportDraft(ctx, other, d.id); err != nil || got != nil {
				t.Fatalf("another user took the draft: %v", err)
			}
			got, err := hs.w.takeImportDraft(ctx, me, d.id)
			must(t, err)
			if got == nil {
				t.Fatal("the draft is gone")
			}
			if got.unitID != d.unitID || got.into != 7 || got.name != d.name || string(got.data) != string(data) || !got.created.Equal(d.created) {
				t.Errorf("draft %+v", got)
			}
			if !reflect.DeepEqual(got.preview, p) {
				t.Errorf("the preview changed on its way through the database:\n got %+v\nwant %+v", got.preview.Document, p.Document)
			}
			if again, err := hs.w.takeImportDraft(ctx, me, d.id); err != nil || again != nil {
				t.Errorf("taken twice: %v", err)
			}
		})
	}

	l := &ledgerDraft{UserID: me, Name: "台账.xlsx", Data: []byte("PK…"), InspectionID: 3, Plan: "abc"}
	must(t, hs.w.putLedgerDraft(ctx, l))
	l.Plan = "def"
	must(t, hs.w.setLedgerPlan(ctx, l))
	got, err := hs.w.ledgerDraft(ctx, me, l.ID)
	must(t, err)
	if got.Name != l.Name || string(got.Data) != string(l.Data) || got.InspectionID != 3 || got.Plan != "def" || !got.Created.Equal(clock) {
		t.Errorf("ledger draft %+v", got)
	}
	if _, err := hs.w.ledgerDraft(ctx, other, l.ID); err != errDraftGone {
		t.Errorf("another user's: %v", err)
	}
}
