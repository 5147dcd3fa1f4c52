package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

// TestHousekeeping: the hourly task removes import previews past their
// time and imports in batches whose server stopped an hour ago, and
// leaves the fresh ones.
func TestHousekeeping(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	st := testdb.Open(t)
	now := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	unit := &rectify.Unit{Name: "中共青石县水务局党组"}
	if err := st.CreateUnit(ctx, unit); err != nil {
		t.Fatal(err)
	}
	user := &rectify.User{Login: "tianbao", Name: "王填报", Role: rectify.RoleEditor, UnitID: unit.ID, PasswordHash: "x"}
	if err := st.CreateUser(ctx, user); err != nil {
		t.Fatal(err)
	}
	lim := store.DraftLimits{PerUser: 3, MaxBytes: 1 << 20, TTL: 30 * time.Minute}
	old := &store.Draft{UserID: user.ID, Kind: store.DraftNotice, Data: []byte("通报")}
	fresh := &store.Draft{UserID: user.ID, Kind: store.DraftLedger, Data: []byte("台账")}
	if err := st.PutDraft(ctx, old, lim, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := st.PutDraft(ctx, fresh, lim, now.Add(-10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	begin := func(at time.Time, team string) int64 {
		st.Now = func() time.Time { return at }
		in := &rectify.Inspection{UnitID: unit.ID, Team: team, Kind: rectify.KindRegular,
			Findings: []*rectify.Finding{{Number: 1, Title: "制度执行不严", Problems: []*rectify.Problem{{Number: 1, Title: "台账不全"}}}}}
		if err := st.Update(ctx, "import", func(tx *store.Tx) error { return tx.BeginImport(ctx, in) }); err != nil {
			t.Fatal(err)
		}
		return in.ID
	}
	stopped := begin(now.Add(-2*time.Hour), "县委第一巡察组")
	running := begin(now.Add(-time.Minute), "县委第二巡察组")

	if err := jobs.New(jobs.Deps{Store: st, Clock: newFakeClock(now)}).RunOnce(ctx, jobs.TaskSessions); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		gone bool
		err  error
	}{
		{"an expired preview", true, func() error {
			_, err := st.GetDraft(ctx, store.DraftNotice, user.ID, old.ID, now.Add(-time.Hour))
			return err
		}()},
		{"a fresh preview", false, func() error {
			_, err := st.GetDraft(ctx, store.DraftLedger, user.ID, fresh.ID, now)
			return err
		}()},
		{"a stopped import", true, func() error {
			_, err := st.GetInspection(ctx, stopped)
			return err
		}()},
		{"a running import", false, func() error {
			_, err := st.GetInspection(ctx, running)
			return err
		}()},
	}
	for _, c := range checks {
		if gone := rectify.ErrorCode(c.err) == rectify.ENOTFOUND; gone != c.gone {
			t.Errorf("%s: gone %v (%v), want %v", c.name, gone, c.err, c.gone)
		}
	}
}
