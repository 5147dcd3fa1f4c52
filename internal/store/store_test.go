package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/testdb"
)

func TestOpenTwiceMigratesOnce(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	s1, err := store.Open(ctx, dsn)
	ok(t, err)
	v1, err := s1.SchemaVersion(ctx)
	ok(t, err)
	u := &rectify.Unit{Name: "中共青石县委员会"}
	ok(t, s1.CreateUnit(ctx, u))
	ok(t, s1.Close())

	s2, err := store.Open(ctx, dsn)
	ok(t, err)
	defer s2.Close()
	v2, err := s2.SchemaVersion(ctx)
	ok(t, err)
	if v1 < 1 || v2 != v1 {
		t.Errorf("schema version after first open %d, after second %d; want the same, at least 1", v1, v2)
	}
	got, err := s2.GetUnit(ctx, u.ID)
	ok(t, err)
	if got.Name != u.Name {
		t.Errorf("unit after reopening: %q, want %q", got.Name, u.Name)
	}
	if s2.Dialect() != testdb.Dialect() {
		t.Errorf("Dialect() = %s, want %s", s2.Dialect(), testdb.Dialect())
	}
}

func TestUnitTree(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)

	t.Run("paths", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			unit *rectify.Unit
			want string
		}{
			{"root", c.root, "/" + itoa(c.root.ID) + "/"},
			{"child", c.water, c.root.Path + itoa(c.water.ID) + "/"},
			{"grandchild", c.station, c.water.Path + itoa(c.station.ID) + "/"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.GetUnit(ctx, tc.unit.ID)
				ok(t, err)
				if got.Path != tc.want || tc.unit.Path != tc.want {
					t.Errorf("path stored %q, returned %q, want %q", got.Path, tc.unit.Path, tc.want)
				}
				same(t, "unit", got, tc.unit)
			})
		}
	})

	t.Run("scope", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			scope string
			want  []string
		}{
			// Depth first, siblings by pinyin: 交通 (jiao) before 水务 (shui),
			// though the water bureau was created first.
			{"all", "", []string{c.root.Name, c.transport.Name, c.water.Name, c.station.Name}},
			{"county", c.root.Path, []string{c.root.Name, c.transport.Name, c.water.Name, c.station.Name}},
			{"water bureau", c.water.Path, []string{c.water.Name, c.station.Name}},
			{"leaf", c.station.Path, []string{c.station.Name}},
			{"no slash at the end", strings.TrimSuffix(c.transport.Path, "/"), []string{c.transport.Name}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				us, err := s.ListUnits(ctx, tc.scope)
				ok(t, err)
				var names []string
				for _, u := range us {
					names = append(names, u.Name)
				}
				same(t, "units in tree order", names, tc.want)
			})
		}
	})

	t.Run("find and ensure", func(t *testing.T) {
		u, err := s.FindUnitByName(ctx, c.water.Name)
		ok(t, err)
		if u.ID != c.water.ID {
			t.Errorf("FindUnitByName found %d, want %d", u.ID, c.water.ID)
		}
		_, err = s.FindUnitByName(ctx, "中共青石县林业局党组")
		wantCode(t, err, rectify.ENOTFOUND)

		again, err := s.EnsureUnit(ctx, c.water.Name, c.root.ID)
		ok(t, err)
		if again.ID != c.water.ID {
			t.Errorf("EnsureUnit of an existing unit gave %d, want %d", again.ID, c.water.ID)
		}
		made, err := s.EnsureUnit(ctx, "中共青石县林业局党组", c.root.ID)
		ok(t, err)
		if made.ID == 0 || made.Path != c.root.Path+itoa(made.ID)+"/" {
			t.Errorf("EnsureUnit made %+v", made)
		}
		twice, err := s.EnsureUnit(ctx, "中共青石县林业局党组", c.root.ID)
		ok(t, err)
		if twice.ID != made.ID {
			t.Errorf("second EnsureUnit gave %d, want %d", twice.ID, made.ID)
		}
		_, err = s.EnsureUnit(ctx, "  ", 0)
		wantCode(t, err, rectify.EINVALID)
	})

	t.Run("move re-paths the subtree", func(t *testing.T) {
		water, err := s.GetUnit(ctx, c.water.ID)
		ok(t, err)
		water.ParentID = c.transport.ID
		ok(t, s.UpdateUnit(ctx, water))
		wantPath := c.transport.Path + itoa(c.water.ID) + "/"
		if water.Path != wantPath {
			t.Errorf("moved unit path %q, want %q", water.Path, wantPath)
		}
		station, err := s.GetUnit(ctx, c.station.ID)
		ok(t, err)
		if want := wantPath + itoa(c.station.ID) + "/"; station.Path != want {
			t.Errorf("child of the moved unit has path %q, want %q", station.Path, want)
		}
		us, err := s.ListUnits(ctx, c.transport.Path)
		ok(t, err)
		if len(us) != 3 {
			t.Errorf("transport subtree has %d units after the move, want 3", len(us))
		}

		// Under its own child: refused.
		water.ParentID = c.station.ID
		err = s.UpdateUnit(ctx, water)
		wantCode(t, err, rectify.EINVALID)
		// Back to a root.
		water.ParentID = 0
		ok(t, s.UpdateUnit(ctx, water))
		if want := "/" + itoa(c.water.ID) + "/"; water.Path != want {
			t.Errorf("path as a root %q, want %q", water.Path, want)
		}
	})

	t.Run("create under a missing parent", func(t *testing.T) {
		err := s.CreateUnit(ctx, &rectify.Unit{Name: "无主单位", ParentID: 99999})
		wantCode(t, err, rectify.ENOTFOUND)
	})
}

func TestInspectionRoundTrip(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))

	if in.ID == 0 || in.Version != 1 || !in.Created.Equal(clock) {
		t.Fatalf("after create: id %d, version %d, created %v", in.ID, in.Version, in.Created)
	}
	seen := map[int64]bool{}
	for _, f := range in.Findings {
		if f.ID == 0 || f.InspectionID != in.ID {
			t.Errorf("finding %d: id %d, inspection %d", f.Number, f.ID, f.InspectionID)
		}
		for _, p := range f.Problems {
			if p.ID == 0 || seen[p.ID] || p.FindingID != f.ID || p.InspectionID != in.ID || p.Version != 1 {
				t.Errorf("problem %d: %+v", p.Number, p)
			}
			seen[p.ID] = true
			for _, m := range p.Measures {
				if m.ID == 0 || m.ProblemID != p.ID || m.Version != 1 {
					t.Errorf("problem %d measure %d: %+v", p.Number, m.Number, m)
				}
			}
			for _, h := range p.History {
				if h.ID == 0 || h.ProblemID != p.ID {
					t.Errorf("problem %d history %s: %+v", p.Number, h.Date, h)
				}
			}
		}
	}
	// The current status comes from the last history entry.
	ps := in.Problems()
	for _, tc := range []struct {
		number    int
		status    rectify.Status
		date      string
		class     string
		milestone string
	}{
		{1, rectify.StatusCompleted, "2023-10-25", "", ""},
		{2, rectify.StatusLongTerm, "2023-11-20", "I", "2024-06-30"},
		{4, rectify.StatusNotStarted, "", "", ""},
		{5, rectify.StatusSubmitted, "2023-11-25", "", ""},
	} {
		p := ps[tc.number-1]
		if p.Status != tc.status || p.StatusDate.String() != tc.date || p.Class != tc.class || p.NextMilestone.String() != tc.milestone {
			t.Errorf("problem %d current status %s %s %q %s, want %s %s %q %s", tc.number,
				p.Status, p.StatusDate, p.Class, p.NextMilestone, tc.status, tc.date, tc.class, tc.milestone)
		}
	}

	got, err := s.LoadInspection(ctx, in.ID)
	ok(t, err)
	same(t, "loaded inspection", got, in)

	header, err := s.GetInspection(ctx, in.ID)
	ok(t, err)
	want := *in
	want.Findings = nil
	same(t, "inspection header", header, &want)

	p, err := s.GetProblem(ctx, ps[1].ID)
	ok(t, err)
	same(t, "problem with measures and history", p, ps[1])

	list, err := s.ListInspections(ctx, store.InspectionFilter{ScopePath: c.root.Path})
	ok(t, err)
	if len(list) != 1 || list[0].ID != in.ID || list[0].Findings != nil {
		t.Errorf("ListInspections: %+v", list)
	}

	// Delete takes the whole tree with it.
	ok(t, s.DeleteInspection(ctx, in.ID))
	_, err = s.LoadInspection(ctx, in.ID)
	wantCode(t, err, rectify.ENOTFOUND)
	_, err = s.GetProblem(ctx, ps[0].ID)
	wantCode(t, err, rectify.ENOTFOUND)
	_, total, err := s.ListProblems(ctx, store.ProblemFilter{Query: "采砂"})
	ok(t, err)
	if total != 0 {
		t.Errorf("search finds %d problems of a deleted inspection", total)
	}
	_, total, err = s.ListProblems(ctx, store.ProblemFilter{Query: "河道采砂"})
	ok(t, err)
	if total != 0 {
		t.Errorf("full-text search finds %d problems of a deleted inspection", total)
	}
}

func TestCreateInspectionFailureStoresNothing(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	for _, tc := range []struct {
		name  string
		spoil func(in *rectify.Inspection, c county)
		code  string
		field string // a field the EINVALID error must name
	}{
		{"problem in the middle without a title", func(in *rectify.Inspection, _ county) {
			in.Findings[1].Problems[1].Title = " "
		}, rectify.EINVALID, "findings[1].problems[1].title"},
		{"measure without text", func(in *rectify.Inspection, _ county) {
			in.Findings[2].Problems[0].Measures[0].Text = ""
		}, rectify.EINVALID, "findings[2].problems[0].measures[0].text"},
		{"history entry with an unknown status", func(in *rectify.Inspection, _ county) {
			in.Findings[1].Problems[0].History[1].Status = "done"
		}, rectify.EINVALID, "findings[1].problems[0].history[1].status"},
		{"header without a team", func(in *rectify.Inspection, _ county) {
			in.Team = ""
		}, rectify.EINVALID, "team"},
		{"unit that does not exist", func(in *rectify.Inspection, _ county) {
			in.UnitID = 99999
		}, rectify.ENOTFOUND, ""},
		// The domain does not check a measure's number; the database refuses
		// a negative one, after the inspection, two findings and three
		// problems have been written.
		{"database refuses the last measure", func(in *rectify.Inspection, _ county) {
			in.Findings[2].Problems[0].Measures[0].Number = -1
		}, rectify.EINTERNAL, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			c := newCounty(t, s)
			in := waterInspection(c.water.ID)
			tc.spoil(in, c)
			err := s.CreateInspection(ctx, in)
			wantCode(t, err, tc.code)
			if tc.field != "" {
				if _, ok := rectify.ErrorFields(err)[tc.field]; !ok {
					t.Errorf("error fields %v do not name %s", rectify.ErrorFields(err), tc.field)
				}
			}
			if in.ID != 0 || in.Findings[0].ID != 0 || in.Findings[0].Problems[0].ID != 0 {
				t.Errorf("IDs set on a failed create: inspection %d, finding %d, problem %d",
					in.ID, in.Findings[0].ID, in.Findings[0].Problems[0].ID)
			}
			list, err := s.ListInspections(ctx, store.InspectionFilter{})
			ok(t, err)
			_, total, err := s.ListProblems(ctx, store.ProblemFilter{})
			ok(t, err)
			_, found, err := s.ListProblems(ctx, store.ProblemFilter{Query: "河道采砂"})
			ok(t, err)
			if len(list) != 0 || total != 0 || found != 0 {
				t.Errorf("after a failed create: %d inspections, %d problems, %d found by search; want none", len(list), total, found)
			}
			// The store still works.
			ok(t, s.CreateInspection(ctx, waterInspection(c.water.ID)))
		})
	}
}

func TestNotFound(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	const missing = 424242
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"GetUnit", func() error { _, err := s.GetUnit(ctx, missing); return err }},
		{"UpdateUnit", func() error { return s.UpdateUnit(ctx, &rectify.Unit{ID: missing, Name: "某单位", Version: 1}) }},
		{"GetInspection", func() error { _, err := s.GetInspection(ctx, missing); return err }},
		{"LoadInspection", func() error { _, err := s.LoadInspection(ctx, missing); return err }},
		{"UpdateInspection", func() error {
			return s.UpdateInspection(ctx, &rectify.Inspection{ID: missing, UnitID: missing, Team: "某巡察组", Version: 1})
		}},
		{"DeleteInspection", func() error { return s.DeleteInspection(ctx, missing) }},
		{"GetProblem", func() error { _, err := s.GetProblem(ctx, missing); return err }},
		{"UpdateProblem", func() error {
			return s.UpdateProblem(ctx, &rectify.Problem{ID: missing, Title: "某问题", Version: 1})
		}},
		{"AddStatusChange", func() error {
			_, err := s.AddStatusChange(ctx, missing, 1, rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2024-01-01")})
			return err
		}},
		{"GetMeasure", func() error { _, err := s.GetMeasure(ctx, missing); return err }},
		{"CreateMeasure", func() error { return s.CreateMeasure(ctx, &rectify.Measure{ProblemID: missing, Text: "某措施"}) }},
		{"UpdateMeasure", func() error {
			return s.UpdateMeasure(ctx, &rectify.Measure{ID: missing, Text: "某措施", Version: 1})
		}},
		{"DeleteMeasure", func() error { return s.DeleteMeasure(ctx, missing) }},
		{"AddProgress", func() error {
			return s.AddProgress(ctx, &rectify.Progress{ProblemID: missing, Date: d("2024-01-01"), Text: "已完成"}, nil)
		}},
		{"OpenEvidence", func() error { _, _, err := s.OpenEvidence(ctx, missing); return err }},
		{"GetRule", func() error { _, err := s.GetRule(ctx, missing); return err }},
		{"UpdateRule", func() error {
			return s.UpdateRule(ctx, &rectify.Rule{ID: missing, Title: "某制度", Kind: rectify.RuleNew, Date: d("2024-01-01")})
		}},
		{"DeleteRule", func() error { return s.DeleteRule(ctx, missing) }},
		{"GetAccountability", func() error { _, err := s.GetAccountability(ctx, missing); return err }},
		{"DeleteAccountability", func() error { return s.DeleteAccountability(ctx, missing) }},
		{"GetComment", func() error { _, err := s.GetComment(ctx, missing); return err }},
		{"UpdateComment", func() error {
			return s.UpdateComment(ctx, &rectify.PublicComment{ID: missing, State: rectify.CommentTriaged, Version: 1})
		}},
		{"GetRecheck", func() error { _, err := s.GetRecheck(ctx, missing); return err }},
		{"UpdateRecheck", func() error { return s.UpdateRecheck(ctx, &rectify.Recheck{ID: missing, Due: d("2024-01-01")}) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			wantCode(t, err, rectify.ENOTFOUND)
			if msg := rectify.ErrorMessage(err); !strings.HasPrefix(msg, "未找到") {
				t.Errorf("message for the user %q does not start with 未找到", msg)
			}
		})
	}
}

func TestStaleVersionRefused(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.water.ID)
	ok(t, s.CreateInspection(ctx, in))
	comment := &rectify.PublicComment{UnitID: c.water.ID, Contact: "138****0000", Text: "建议公开河道巡查结果。"}
	ok(t, s.CreateComment(ctx, comment))

	// Each case: a first editor saves with the version she read, a second
	// editor then saves with the same (now old) version; the second save is
	// refused and the first one's change stays.
	for _, tc := range []struct {
		name   string
		save   func(version int, text string) error
		stored func() (string, int, error)
	}{
		{"unit", func(v int, text string) error {
			return s.UpdateUnit(ctx, &rectify.Unit{ID: c.transport.ID, ParentID: c.root.ID, Name: text, Version: v})
		}, func() (string, int, error) {
			u, err := s.GetUnit(ctx, c.transport.ID)
			if err != nil {
				return "", 0, err
			}
			return u.Name, u.Version, nil
		}},
		{"inspection", func(v int, text string) error {
			h := *waterInspection(c.water.ID)
			h.ID, h.Version, h.Title, h.Findings = in.ID, v, text, nil
			return s.UpdateInspection(ctx, &h)
		}, func() (string, int, error) {
			h, err := s.GetInspection(ctx, in.ID)
			if err != nil {
				return "", 0, err
			}
			return h.Title, h.Version, nil
		}},
		{"problem", func(v int, text string) error {
			p := *in.Findings[0].Problems[0]
			p.Version, p.Title = v, text
			return s.UpdateProblem(ctx, &p)
		}, func() (string, int, error) {
			p, err := s.GetProblem(ctx, in.Findings[0].Problems[0].ID)
			if err != nil {
				return "", 0, err
			}
			return p.Title, p.Version, nil
		}},
		{"status change", func(v int, text string) error {
			_, err := s.AddStatusChange(ctx, in.Findings[1].Problems[1].ID, v,
				rectify.StatusChange{Status: rectify.StatusInProgress, Date: d("2023-12-01"), Reason: text})
			return err
		}, func() (string, int, error) {
			p, err := s.GetProblem(ctx, in.Findings[1].Problems[1].ID)
			if err != nil {
				return "", 0, err
			}
			var reasons []string
			for _, h := range p.History {
				reasons = append(reasons, h.Reason)
			}
			return strings.Join(reasons, ","), p.Version, nil
		}},
		{"measure", func(v int, text string) error {
			m := *in.Findings[0].Problems[0].Measures[0]
			m.Version, m.Text = v, text
			return s.UpdateMeasure(ctx, &m)
		}, func() (string, int, error) {
			m, err := s.GetMeasure(ctx, in.Findings[0].Problems[0].Measures[0].ID)
			if err != nil {
				return "", 0, err
			}
			return m.Text, m.Version, nil
		}},
		{"comment", func(v int, text string) error {
			pc := *comment
			pc.Version, pc.State, pc.Reply = v, rectify.CommentReplied, text
			return s.UpdateComment(ctx, &pc)
		}, func() (string, int, error) {
			pc, err := s.GetComment(ctx, comment.ID)
			if err != nil {
				return "", 0, err
			}
			return pc.Reply, pc.Version, nil
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, v, err := tc.stored()
			ok(t, err)
			ok(t, tc.save(v, "第一位编辑的修改"))
			err = tc.save(v, "第二位编辑的修改")
			wantCode(t, err, rectify.ECONFLICT)
			if !errors.Is(err, rectify.ErrStale) {
				t.Errorf("error %q does not match rectify.ErrStale", err)
			}
			text, v2, err := tc.stored()
			ok(t, err)
			if v2 != v+1 || strings.Contains(text, "第二位") || !strings.Contains(text, "第一位") {
				t.Errorf("after the refused save: %q, version %d; want the first editor's change at version %d", text, v2, v+1)
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestConcurrentOpenAndWrites(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	dsn := testdb.DSN(t)
	// Several processes starting at once migrate the database once.
	const n = 4
	stores := make([]*store.Store, n)
	errs := make(chan error, n)
	for i := range n {
		go func() {
			var err error
			stores[i], err = store.Open(ctx, dsn)
			errs <- err
		}()
	}
	for range n {
		ok(t, <-errs)
	}
	t.Cleanup(func() {
		for _, s := range stores {
			s.Close()
		}
	})
	v, err := stores[0].SchemaVersion(ctx)
	ok(t, err)
	if v < 1 {
		t.Fatalf("schema version %d", v)
	}

	// Writers on every store at once: each write waits its turn.
	const perStore = 10
	for i, s := range stores {
		go func() {
			for j := range perStore {
				in := &rectify.Unit{Name: "单位" + strconv.Itoa(i) + "-" + strconv.Itoa(j)}
				if err := s.CreateUnit(ctx, in); err != nil {
					errs <- err
					return
				}
				if _, err := s.ListUnits(ctx, ""); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range n {
		ok(t, <-errs)
	}
	us, err := stores[0].ListUnits(ctx, "")
	ok(t, err)
	if len(us) != n*perStore {
		t.Errorf("%d units, want %d", len(us), n*perStore)
	}

	// Imports naming the same new unit at once create it once.
	ids := make(chan int64, n)
	for _, s := range stores {
		go func() {
			u, err := s.EnsureUnit(ctx, "中共青石县林业局党组", 0)
			if err != nil {
				errs <- err
				ids <- 0
				return
			}
			errs <- nil
			ids <- u.ID
		}()
	}
	first := int64(-1)
	for range n {
		ok(t, <-errs)
		id := <-ids
		if first == -1 {
			first = id
		}
		if id != first {
			t.Errorf("EnsureUnit at once gave units %d and %d", first, id)
		}
	}
}

func TestCreateInspectionInUnit(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)

	in := waterInspection(0)
	u, err := s.CreateInspectionInUnit(ctx, in, "青石县水利局")
	ok(t, err)
	if u.ID == 0 || u.Path != rectify.UnitPath("", u.ID) || in.UnitID != u.ID || in.ID == 0 {
		t.Fatalf("unit %+v, inspection unit %d, id %d", u, in.UnitID, in.ID)
	}
	// A second notice of the same unit goes to the same unit.
	again := waterInspection(0)
	u2, err := s.CreateInspectionInUnit(ctx, again, "青石县水利局")
	ok(t, err)
	if u2.ID != u.ID {
		t.Errorf("second import made unit %d, want %d", u2.ID, u.ID)
	}

	tests := []struct {
		name  string
		unit  string
		spoil func(in *rectify.Inspection)
		code  string
	}{
		{"database refuses a measure", "青石县交通局", func(in *rectify.Inspection) {
			in.Findings[2].Problems[0].Measures[0].Number = -1
		}, rectify.EINTERNAL},
		{"invalid problem", "青石县财政局", func(in *rectify.Inspection) { in.Findings[0].Problems[0].Title = "" }, rectify.EINVALID},
		{"no unit name", " ", func(*rectify.Inspection) {}, rectify.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := waterInspection(0)
			tt.spoil(bad)
			_, err := s.CreateInspectionInUnit(ctx, bad, tt.unit)
			wantCode(t, err, tt.code)
			if bad.UnitID != 0 || bad.ID != 0 {
				t.Errorf("failed create left unit %d, id %d", bad.UnitID, bad.ID)
			}
			if _, err := s.FindUnitByName(ctx, tt.unit); !errors.Is(err, rectify.ErrNotFound) {
				t.Errorf("the unit of a failed import was stored: %v", err)
			}
		})
	}
	list, err := s.ListInspections(ctx, store.InspectionFilter{})
	ok(t, err)
	if len(list) != 2 {
		t.Errorf("%d inspections, want the two good imports", len(list))
	}
}
