package workflow_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// TestSignOffJSON reads single problems as the API serves them, from two
// services on two handles of one database (two servers), after each kind
// of change made by either, and wants every answer to be the sign-off view
// as read afresh at that moment: the cache of answers is never stale, for
// any user.
func TestSignOffJSON(t *testing.T) {
	dsn := testdb.DSN(t)
	open := func() *store.Store {
		st, err := store.Open(context.Background(), dsn)
		ok(t, err)
		t.Cleanup(func() { st.Close() })
		return st
	}
	first, second := open(), open()
	w := newWorldOn(t, first)
	second.Now = first.Now
	other := workflow.New(second)
	other.Now = w.svc.Now
	servers := map[string]*workflow.Service{"this server": w.svc, "the other server": other}

	p := w.problem(problemSpec{status: rectify.StatusInProgress, open: 1, evidence: true, due: d("2024-03-08")})
	q := w.problem(problemSpec{unit: w.transport, status: rectify.StatusNotStarted, due: d("2024-02-20"), title: "公路养护资金使用不规范"})
	users := map[string]*rectify.User{"admin": w.admin, "reviewer": w.reviewer, "water editor": w.waterEditor,
		"transport editor": w.transportEditor, "viewer": w.viewer}

	// want is the view read afresh, encoded as the API serves it.
	want := func(u *rectify.User, id int64) (string, string) {
		fresh := workflow.New(first)
		fresh.Now = w.svc.Now
		v, err := fresh.SignOffView(as(u), id)
		if err != nil {
			return "", rectify.ErrorCode(err)
		}
		if v.Next == nil {
			v.Next = []rectify.Status{}
		}
		if v.Flags == nil {
			v.Flags = []workflow.EvidenceFlag{}
		}
		if v.OpenMeasures == nil {
			v.OpenMeasures = []*rectify.Measure{}
		}
		if v.Progress == nil {
			v.Progress = []*rectify.Progress{}
		}
		if v.Rechecks == nil {
			v.Rechecks = []*rectify.Recheck{}
		}
		b, err := json.Marshal(v)
		ok(t, err)
		return string(b), ""
	}
	check := func(t *testing.T) {
		t.Helper()
		for twice := range 2 { // the second round from the caches
			for name, svc := range servers {
				for who, u := range users {
					for _, id := range []int64{p.ID, q.ID} {
						b, err := svc.SignOffJSON(as(u), id)
						wantBody, wantCode := want(u, id)
						if code := rectify.ErrorCode(err); code != wantCode || string(b) != wantBody {
							t.Errorf("round %d, %s, %s, problem %d:\n got %s (%v)\nwant %s (%s)", twice+1, name, who, id, b, err, wantBody, wantCode)
						}
					}
				}
			}
		}
	}

	steps := []struct {
		name   string
		change func(t *testing.T)
	}{
		{"before any change", func(t *testing.T) {}},
		{"a progress report on the other server", func(t *testing.T) {
			_, err := other.AddProgress(as(w.waterEditor), workflow.ProgressInput{ProblemID: p.ID, Date: w.today(),
				Text: "召开专题会议部署整改，完成河道巡查记录整改。"})
			ok(t, err)
		}},
		{"the problem edited on this server", func(t *testing.T) {
			cur, err := first.GetProblem(context.Background(), p.ID)
			ok(t, err)
			_, err = w.svc.EditProblem(as(w.admin), workflow.ProblemEdit{ID: p.ID, Version: cur.Version, Title: cur.Title,
				Description: cur.Description, Track: rectify.TrackDeadline, Leader: "李副局长", OwnerUnit: "河湖科",
				Due: d("2024-03-02"), Opened: cur.Opened})
			ok(t, err)
		}},
		{"a status change on the other server", func(t *testing.T) {
			_, err := other.ChangeStatus(as(w.transportEditor), q.ID, workflow.StatusInput{To: rectify.StatusInProgress})
			ok(t, err)
		}},
		{"a setting of the unit", func(t *testing.T) {
			ok(t, other.SetSetting(as(w.admin), w.water.ID, workflow.SettingWarnDays, "10"))
		}},
		{"the unit renamed", func(t *testing.T) {
			u, err := second.GetUnit(context.Background(), w.water.ID)
			ok(t, err)
			u.Name = "中共青石县水利局党组"
			ok(t, second.UpdateUnit(rectify.AsSystem(context.Background()), u))
		}},
		{"the next day", func(t *testing.T) { w.now = w.now.AddDate(0, 0, 1) }},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			st.change(t)
			check(t)
		})
	}
}
