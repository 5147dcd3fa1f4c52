package store_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

func TestPeople(t *testing.T) {
	s := open(t)
	c := newCounty(t, s)
	ctx := rectify.WithUser(context.Background(), &rectify.User{ID: 1, Name: "县委巡察办", Role: rectify.RoleAdmin})
	acct := &rectify.User{Login: "lincy", Name: "林春燕", Role: rectify.RoleViewer, UnitID: c.water.ID}
	ok(t, s.CreateUser(ctx, acct))
	add := func(unit *rectify.Unit, name, post string, userID int64, proposed bool) *rectify.Person {
		t.Helper()
		p := &rectify.Person{UnitID: unit.ID, Name: name, Post: post, UserID: userID, Proposed: proposed}
		ok(t, s.Update(ctx, "add", func(tx *store.Tx) error { return tx.CreatePerson(ctx, p) }))
		return p
	}
	lin := add(c.water, "林春燕", "副局长", acct.ID, false)
	add(c.root, "周县长", "副县长", 0, false)
	add(c.station, "赵站长", "站长", 0, true)
	add(c.transport, "吴局长", "局长", 0, false)

	names := func(ps []*rectify.Person) string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		sort.Strings(out)
		return strings.Join(out, " ")
	}
	tests := []struct {
		name string
		get  func() ([]*rectify.Person, error)
		want string
	}{
		{"every unit", func() ([]*rectify.Person, error) { return s.ListPeople(ctx, "") }, "吴局长 周县长 林春燕 赵站长"},
		{"a subtree", func() ([]*rectify.Person, error) { return s.ListPeople(ctx, c.water.Path) }, "林春燕 赵站长"},
		{"near the water bureau: its subtree and the county, not its neighbour",
			func() ([]*rectify.Person, error) { return s.PeopleNear(ctx, c.water.Path) }, "周县长 林春燕 赵站长"},
		{"near the station: itself and above", func() ([]*rectify.Person, error) { return s.PeopleNear(ctx, c.station.Path) }, "周县长 林春燕 赵站长"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps, err := tt.get()
			ok(t, err)
			if got := names(ps); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}

	got, err := s.GetPerson(ctx, lin.ID)
	ok(t, err)
	if got.UserID != acct.ID || got.Post != "副局长" || got.UnitName != c.water.Name || got.UnitPath != c.water.Path || got.Proposed {
		t.Errorf("GetPerson = %+v", got)
	}

	t.Run("a name the unit's list holds already", func(t *testing.T) {
		err := s.Update(ctx, "add", func(tx *store.Tx) error {
			return tx.CreatePerson(ctx, &rectify.Person{UnitID: c.water.ID, Name: "林春燕"})
		})
		if rectify.ErrorFields(err)["name"] == "" {
			t.Errorf("got %v, want a problem with the name", err)
		}
	})
	t.Run("an update from an old version", func(t *testing.T) {
		old := *got
		upd := *got
		upd.Post = "局长"
		ok(t, s.Update(ctx, "edit", func(tx *store.Tx) error { return tx.UpdatePerson(ctx, &upd) }))
		err := s.Update(ctx, "edit", func(tx *store.Tx) error { return tx.UpdatePerson(ctx, &old) })
		if !errors.Is(err, rectify.ErrStale) {
			t.Errorf("got %v, want stale", err)
		}
	})
	t.Run("deleted", func(t *testing.T) {
		ok(t, s.Update(ctx, "delete", func(tx *store.Tx) error { return tx.DeletePerson(ctx, lin.ID) }))
		if _, err := s.GetPerson(ctx, lin.ID); !errors.Is(err, rectify.ErrNotFound) {
			t.Errorf("got %v, want not found", err)
		}
	})
	r, err := s.VerifyAudit(context.Background())
	ok(t, err)
	if !r.OK() {
		t.Errorf("the audit log disagrees with the people: %s", messages(r))
	}
}
