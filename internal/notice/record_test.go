package notice

import (
	"strings"
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

func TestRecordFacts(t *testing.T) {
	d := &Document{
		Issuer:     "中共示例县林业局党组",
		Date:       rectify.MustDate("2024-09-30"),
		Inspection: InspectionInfo{Team: "县委第一巡察组", Feedback: rectify.MustDate("2024-06-01")},
		Summary:    Summary{AsOf: rectify.MustDate("2024-09-25")},
		Findings: []Finding{{Number: 1, Title: "护林责任不实", Problems: []Problem{
			{Number: 1, Title: "巡护记录缺失", Status: rectify.StatusCompleted, StatusText: "已完成整改",
				Leader: "王副局长", OwnerUnit: "森林资源股", Due: rectify.MustDate("2024-08-31"),
				Measures: []Measure{{Text: "补齐巡护台账"}, {Text: "每周抽查"}}},
			{Number: 2, Title: "防火设施老化", Status: rectify.StatusLongTerm, StatusClass: "I", StatusText: "长期整改I",
				Measures: []Measure{{Text: "分批更换"}}},
			{Number: 3, Title: "宣传不到位", Measures: []Measure{{Text: "进村宣讲"}}},
		}}},
	}
	in := d.Record(RecordOptions{Author: "导入"})
	ps := in.Problems()
	if len(ps) != 3 {
		t.Fatalf("%d problems", len(ps))
	}
	if p := ps[0]; p.Leader != "王副局长" || p.OwnerUnit != "森林资源股" || p.Due.String() != "2024-08-31" {
		t.Errorf("leader %q, owner unit %q, due %s: not carried into the record", p.Leader, p.OwnerUnit, p.Due)
	}
	tests := []struct {
		name        string
		p           *rectify.Problem
		status      rectify.Status
		track       rectify.Track
		class       string
		history     int
		measureDone string
	}{
		{"completed: measures done on the summary date", ps[0], rectify.StatusCompleted, "", "", 1, "2024-09-25"},
		{"long term: class and track, measures open", ps[1], rectify.StatusLongTerm, rectify.TrackLongTerm, "I", 1, ""},
		{"no result: not started, no history", ps[2], "", "", "", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.p.Status != tt.status || tt.p.Track != tt.track || tt.p.Class != tt.class || len(tt.p.History) != tt.history {
				t.Errorf("status %q track %q class %q history %d", tt.p.Status, tt.p.Track, tt.p.Class, len(tt.p.History))
			}
			if tt.history > 0 {
				h := tt.p.History[0]
				if h.Date.String() != "2024-09-25" || h.Author != "导入" || h.Status != tt.status {
					t.Errorf("history entry %+v", h)
				}
			}
			if tt.p.Opened.String() != "2024-06-01" {
				t.Errorf("opened %s, want the feedback date", tt.p.Opened)
			}
			for _, m := range tt.p.Measures {
				if m.Done.String() != tt.measureDone {
					t.Errorf("measure %q done %q, want %q", m.Text, m.Done, tt.measureDone)
				}
			}
		})
	}
}

// TestRecordKeepsTypedTexts: a notice generated from texts typed once,
// read back and recorded, gives the same texts: the opening as written and
// the postal mailbox apart from the address.
func TestRecordKeepsTypedTexts(t *testing.T) {
	tests := []struct {
		name string
		edit func(in *rectify.Inspection)
	}{
		{"every contact", func(*rectify.Inspection) {}},
		{"a mailbox without an address", func(in *rectify.Inspection) { in.Contact.Address = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := typedOnce()
			tt.edit(in)
			doc := mustParse(t, []byte(renderString(t, in, RenderOptions{})))
			got := doc.Record(RecordOptions{Author: "导入"})
			if got.Opening != in.Opening {
				t.Errorf("opening %q, want %q", got.Opening, in.Opening)
			}
			if got.Issuer != in.Issuer || strings.Join(got.Work, "|") != strings.Join(in.Work, "|") ||
				strings.Join(got.NextSteps, "|") != strings.Join(in.NextSteps, "|") {
				t.Errorf("texts %q %q %q", got.Issuer, got.Work, got.NextSteps)
			}
			if got.Contact != in.Contact {
				t.Errorf("contact %+v, want %+v", got.Contact, in.Contact)
			}
		})
	}
}
