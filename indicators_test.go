package rectify_test

import (
	"encoding/json"
	"testing"
	"time"

	rectify "github.com/rectify-dev/rectify"
)

func sc(status rectify.Status, date string) rectify.StatusChange {
	return rectify.StatusChange{Status: status, Date: rectify.MustDate(date)}
}

// sample is a small record: four problems opened on 2024-03-01.
func sample() ([]*rectify.Problem, []*rectify.Recheck, []*rectify.Rule, []*rectify.Accountability) {
	d := rectify.MustDate
	ps := []*rectify.Problem{
		{ID: 1, Opened: d("2024-03-01"), Due: d("2024-05-31"), History: []rectify.StatusChange{
			sc(rectify.StatusInProgress, "2024-03-05"), sc(rectify.StatusCompleted, "2024-05-20")}},
		{ID: 2, Opened: d("2024-03-01"), Due: d("2024-04-30"), History: []rectify.StatusChange{
			sc(rectify.StatusInProgress, "2024-03-05"), sc(rectify.StatusCompleted, "2024-06-10")}},
		{ID: 3, Opened: d("2024-03-01"), Due: d("2024-06-30"), Measures: []*rectify.Measure{{Done: d("2024-04-01")}, {}}},
		{ID: 4, Opened: d("2024-03-01"), Class: "I", History: []rectify.StatusChange{
			{Status: rectify.StatusLongTerm, Class: "I", Date: d("2024-04-01"), NextMilestone: d("2024-09-30")}}},
	}
	rechecks := []*rectify.Recheck{{ProblemID: 1, Due: d("2024-11-20"), Done: d("2024-11-25"), Result: rectify.RecheckFailed}}
	rules := []*rectify.Rule{{Title: "资金审批办法", Kind: rectify.RuleNew, Date: d("2024-04-15")}}
	acc := []*rectify.Accountability{{Person: "张某", Form: "约谈", Date: d("2024-07-01")}}
	return ps, rechecks, rules, acc
}

func TestCompute(t *testing.T) {
	ps, rechecks, rules, acc := sample()
	tests := []struct {
		name string
		asOf string
		want rectify.Indicators
	}{
		{"before feedback", "2024-02-01", rectify.Indicators{}},
		{"first week", "2024-03-02", rectify.Indicators{Total: 4, NotStarted: 4, Measures: 2}},
		{"mid April", "2024-04-20", rectify.Indicators{Total: 4, InProgress: 2, NotStarted: 1, LongTerm: 1,
			Rules: 1, Measures: 2, MeasuresDone: 1}},
		{"after first deadline", "2024-05-01", rectify.Indicators{Total: 4, InProgress: 2, NotStarted: 1, LongTerm: 1,
			Overdue: 1, DuePassed: 1, Rules: 1, Measures: 2, MeasuresDone: 1}},
		{"June: one on time, one late", "2024-07-15", rectify.Indicators{Total: 4, Completed: 2, NotStarted: 1, LongTerm: 1,
			Overdue: 1, DuePassed: 3, CompletedOnTime: 1, Rules: 1, Accountability: 1, Measures: 2, MeasuresDone: 1,
			CompletionRate: 0.5, OnTimeRate: 1.0 / 3}},
		{"milestone passed and a rebound recorded", "2024-12-01", rectify.Indicators{Total: 4, Completed: 2, NotStarted: 1, LongTerm: 1,
			Overdue: 2, DuePassed: 3, CompletedOnTime: 1, Rebounds: 1, Rules: 1, Accountability: 1, Measures: 2, MeasuresDone: 1,
			CompletionRate: 0.5, OnTimeRate: 1.0 / 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want.AsOf = rectify.MustDate(tt.asOf)
			got := rectify.Compute(tt.want.AsOf, ps, rechecks, rules, acc)
			if got != tt.want {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(tt.want)
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestComputeReopenedIsLate(t *testing.T) {
	// Completed on time, reopened by a failed look-back, completed again after
	// the deadline: the completion that counts is the one in force.
	p := &rectify.Problem{Opened: rectify.MustDate("2024-01-01"), Due: rectify.MustDate("2024-03-31"), History: []rectify.StatusChange{
		sc(rectify.StatusCompleted, "2024-03-01"),
		sc(rectify.StatusInProgress, "2024-05-01"),
		sc(rectify.StatusCompleted, "2024-06-01"),
	}}
	for _, tt := range []struct {
		asOf   string
		onTime int
	}{{"2024-04-15", 1}, {"2024-05-15", 0}, {"2024-06-15", 0}} {
		got := rectify.Compute(rectify.MustDate(tt.asOf), []*rectify.Problem{p}, nil, nil, nil)
		if got.CompletedOnTime != tt.onTime {
			t.Errorf("as of %s: on time %d, want %d", tt.asOf, got.CompletedOnTime, tt.onTime)
		}
	}
}

func TestMerge(t *testing.T) {
	a := rectify.Indicators{Total: 4, Completed: 1, DuePassed: 2, CompletedOnTime: 1}
	a.Merge(rectify.Indicators{Total: 6, Completed: 5, DuePassed: 2, CompletedOnTime: 2})
	if a.Total != 10 || a.Completed != 6 || a.CompletionRate != 0.6 || a.OnTimeRate != 0.75 {
		t.Errorf("merged = %+v", a)
	}
}

func TestLightOf(t *testing.T) {
	d := rectify.MustDate
	tests := []struct {
		name      string
		asOf      string
		status    rectify.Status
		due       string
		milestone string
		want      rectify.Light
	}{
		{"completed has no light", "2024-05-01", rectify.StatusCompleted, "2024-04-01", "", rectify.LightNone},
		{"far away", "2024-05-01", rectify.StatusInProgress, "2024-06-01", "", rectify.LightGreen},
		{"no deadline", "2024-05-01", rectify.StatusInProgress, "", "", rectify.LightGreen},
		{"due in three days", "2024-05-01", rectify.StatusInProgress, "2024-05-04", "", rectify.LightYellow},
		{"due in four days", "2024-05-01", rectify.StatusInProgress, "2024-05-05", "", rectify.LightGreen},
		{"due today", "2024-05-01", rectify.StatusSubmitted, "2024-05-01", "", rectify.LightYellow},
		{"a day late", "2024-05-02", rectify.StatusNotStarted, "2024-05-01", "", rectify.LightRed},
		{"long term ahead", "2024-05-01", rectify.StatusLongTerm, "2024-04-01", "2024-09-30", rectify.LightBlue},
		{"long term without milestone", "2024-05-01", rectify.StatusLongTerm, "", "", rectify.LightBlue},
		{"long term milestone near", "2024-09-28", rectify.StatusLongTerm, "", "2024-09-30", rectify.LightYellow},
		{"long term milestone missed", "2024-10-01", rectify.StatusLongTerm, "", "2024-09-30", rectify.LightRed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var due, ms rectify.Date
			if tt.due != "" {
				due = d(tt.due)
			}
			if tt.milestone != "" {
				ms = d(tt.milestone)
			}
			if got := rectify.LightOf(d(tt.asOf), tt.status, due, ms, rectify.DefaultWarnDays); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProblemLightAsOfPastAndFuture(t *testing.T) {
	d := rectify.MustDate
	p := &rectify.Problem{Due: d("2024-05-31"), History: []rectify.StatusChange{
		sc(rectify.StatusInProgress, "2024-03-05"), sc(rectify.StatusSubmitted, "2024-06-03"), sc(rectify.StatusCompleted, "2024-06-05")}}
	for _, tt := range []struct {
		asOf string
		want rectify.Light
	}{{"2024-04-01", rectify.LightGreen}, {"2024-05-29", rectify.LightYellow}, {"2024-06-04", rectify.LightRed}, {"2024-06-05", rectify.LightNone}} {
		if got := p.LightAsOf(d(tt.asOf), 3); got != tt.want {
			t.Errorf("as of %s: %q, want %q", tt.asOf, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	d := rectify.MustDate("2023-01-31")
	if got := d.AddMonths(1).String(); got != "2023-02-28" {
		t.Errorf("AddMonths clamps: %s", got)
	}
	if got := d.AddMonths(12).String(); got != "2024-01-31" {
		t.Errorf("AddMonths year: %s", got)
	}
	if got := d.AddDays(1).String(); got != "2023-02-01" {
		t.Errorf("AddDays: %s", got)
	}
	if got := d.Chinese(); got != "2023年1月31日" {
		t.Errorf("Chinese: %s", got)
	}
	if n := rectify.MustDate("2024-02-28").DaysUntil(rectify.MustDate("2024-03-01")); n != 2 {
		t.Errorf("DaysUntil over a leap day = %d", n)
	}
	if _, err := rectify.ParseDate("2023/01/31"); rectify.ErrorCode(err) != rectify.EINVALID {
		t.Errorf("bad layout accepted: %v", err)
	}
	var s rectify.Date
	for _, src := range []any{"2023-07-03", []byte("2023-07-03"), time.Date(2023, 7, 3, 0, 0, 0, 0, time.UTC), "2023-07-03T00:00:00Z"} {
		if err := s.Scan(src); err != nil || s.String() != "2023-07-03" {
			t.Errorf("Scan(%#v) = %v, %v", src, s, err)
		}
	}
	if err := s.Scan(nil); err != nil || !s.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", s, err)
	}
	b, _ := json.Marshal(struct {
		A rectify.Date `json:"a"`
		B rectify.Date `json:"b"`
	}{A: rectify.MustDate("2023-11-28")})
	if string(b) != `{"a":"2023-11-28","b":""}` {
		t.Errorf("JSON: %s", b)
	}
}

func TestUnitPathsAndScope(t *testing.T) {
	root := rectify.UnitPath("", 1)
	child := rectify.UnitPath(root, 4)
	grand := rectify.UnitPath(child, 9)
	if grand != "/1/4/9/" {
		t.Fatalf("path = %s", grand)
	}
	if !rectify.Within(grand, child) || !rectify.Within(child, child) || rectify.Within(child, grand) {
		t.Error("Within is wrong")
	}
	if rectify.Within(rectify.UnitPath(root, 41), child) {
		t.Error("/1/41/ is within /1/4/")
	}
	if rectify.Within(grand, "") {
		t.Error("an empty scope holds everything")
	}
	if (&rectify.Unit{Path: grand}).Depth() != 2 {
		t.Error("depth of a grandchild")
	}
}

// TestCountsByStatus counts a problem in each status, and one in a status
// that is none, and reads the counts back by status.
func TestCountsByStatus(t *testing.T) {
	var ind rectify.Indicators
	for i, s := range rectify.Statuses {
		for range i + 1 {
			ind.CountStatus(s)
		}
	}
	ind.CountStatus("done")
	for i, s := range rectify.Statuses {
		want := i + 1
		if s == rectify.StatusNotStarted {
			want++ // and the one of no status
		}
		if got := ind.ByStatus(s); got != want {
			t.Errorf("%s: %d, want %d", s, got, want)
		}
	}
	if got := ind.ByStatus("done"); got != 0 {
		t.Errorf("a status that is none: %d", got)
	}
	want := rectify.Indicators{Completed: 1, LongTerm: 2, MostlyCompleted: 3, Submitted: 4, InProgress: 5, NotCompleted: 6, NotStarted: 8}
	if ind != want {
		t.Errorf("got %+v, want %+v", ind, want)
	}
}
