package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

func TestUsers(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)

	admin := &rectify.User{Login: "admin", Name: "管理员", Role: rectify.RoleAdmin, PasswordHash: "h1"}
	editor := &rectify.User{Login: "water", Name: "王填报", Role: rectify.RoleEditor, UnitID: c.water.ID, Email: "w@example.org"}
	viewer := &rectify.User{Login: "station", Name: "赵查看", Role: rectify.RoleViewer, UnitID: c.station.ID}
	for _, u := range []*rectify.User{admin, editor, viewer} {
		ok(t, s.CreateUser(ctx, u))
	}
	if editor.ScopePath != c.water.Path || admin.ScopePath != "" || editor.Version != 1 {
		t.Errorf("editor scope %q, admin scope %q, version %d", editor.ScopePath, admin.ScopePath, editor.Version)
	}

	tests := []struct {
		name  string
		u     *rectify.User
		code  string
		field string
	}{
		{"login taken", &rectify.User{Login: "water", Name: "另一人", Role: rectify.RoleViewer, UnitID: c.water.ID}, rectify.ECONFLICT, "login"},
		{"login taken in another case", &rectify.User{Login: "Water", Name: "另一人", Role: rectify.RoleViewer, UnitID: c.water.ID}, rectify.ECONFLICT, "login"},
		{"no unit for an editor", &rectify.User{Login: "x", Name: "某人", Role: rectify.RoleEditor}, rectify.EINVALID, "unit_id"},
		{"unknown role", &rectify.User{Login: "y", Name: "某人", Role: "boss", UnitID: c.water.ID}, rectify.EINVALID, "role"},
		{"login with a space", &rectify.User{Login: "a b", Name: "某人", Role: rectify.RoleViewer, UnitID: c.water.ID}, rectify.EINVALID, "login"},
		{"missing unit", &rectify.User{Login: "z", Name: "某人", Role: rectify.RoleViewer, UnitID: 9999}, rectify.EINVALID, "unit_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.CreateUser(ctx, tt.u)
			wantCode(t, err, tt.code)
			if tt.field != "" {
				if _, found := rectify.ErrorFields(err)[tt.field]; !found {
					t.Errorf("fields %v do not name %s", rectify.ErrorFields(err), tt.field)
				}
			}
		})
	}

	got, err := s.GetUserByLogin(ctx, " WATER ")
	ok(t, err)
	if got.ID != editor.ID || got.ScopePath != c.water.Path || got.Email != "w@example.org" {
		t.Errorf("by login: %+v", got)
	}
	if _, err := s.GetUser(ctx, 777); !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("missing user: %v", err)
	}

	all, err := s.ListUsers(ctx, "")
	ok(t, err)
	inWater, err := s.ListUsers(ctx, c.water.Path)
	ok(t, err)
	if len(all) != 3 || len(inWater) != 2 {
		t.Errorf("%d users in all, %d in the water bureau's subtree", len(all), len(inWater))
	}
	n, err := s.CountUsers(ctx)
	ok(t, err)
	if n != 3 {
		t.Errorf("count %d", n)
	}

	// Move the editor's unit: the scope follows.
	editor.UnitID = c.transport.ID
	editor.Name = "王填报（交通）"
	ok(t, s.UpdateUser(ctx, editor))
	if editor.Version != 2 || editor.ScopePath != c.transport.Path {
		t.Errorf("after update: version %d scope %q", editor.Version, editor.ScopePath)
	}
	taken := *editor
	taken.Login = "Station"
	wantCode(t, s.UpdateUser(ctx, &taken), rectify.ECONFLICT)
	stale := *editor
	stale.Version = 1
	stale.Name = "旧的修改"
	wantCode(t, s.UpdateUser(ctx, &stale), rectify.ECONFLICT)
	again, err := s.GetUser(ctx, editor.ID)
	ok(t, err)
	if again.Name != "王填报（交通）" {
		t.Errorf("a stale update overwrote the name: %q", again.Name)
	}
}

func TestSessionsAndTokens(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	u := &rectify.User{Login: "water", Name: "王填报", Role: rectify.RoleEditor, UnitID: c.water.ID}
	ok(t, s.CreateUser(ctx, u))

	now := clock
	ss := &store.Session{ID: "abc", UserID: u.ID, Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
	ok(t, s.CreateSession(ctx, ss))
	other := &store.Session{ID: "def", UserID: u.ID, Created: now, LastSeen: now, Expires: now.Add(time.Hour)}
	ok(t, s.CreateSession(ctx, other))

	got, who, err := s.GetSession(ctx, "abc", now.Add(time.Minute))
	ok(t, err)
	if got.UserID != u.ID || who.Login != "water" || who.ScopePath != c.water.Path || !got.Expires.Equal(now.Add(time.Hour)) {
		t.Errorf("session %+v of %+v", got, who)
	}
	if _, _, err := s.GetSession(ctx, "abc", now.Add(2*time.Hour)); !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("expired session found: %v", err)
	}
	ok(t, s.TouchSession(ctx, "abc", now.Add(90*time.Minute), now.Add(3*time.Hour)))
	if _, _, err := s.GetSession(ctx, "abc", now.Add(2*time.Hour)); err != nil {
		t.Errorf("touched session not found: %v", err)
	}

	// A new password ends the other sessions, not the one that changed it.
	ok(t, s.SetPassword(ctx, u.ID, "new-hash", "abc"))
	if _, _, err := s.GetSession(ctx, "def", now); !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("other session survived a password change: %v", err)
	}
	if _, who, err := s.GetSession(ctx, "abc", now); err != nil || who.PasswordHash != "new-hash" {
		t.Errorf("own session: %v, hash %q", err, who.PasswordHash)
	}
	wantCode(t, s.SetPassword(ctx, 999, "x", ""), rectify.ENOTFOUND)

	// Disabling an account ends every session.
	fresh, err := s.GetUser(ctx, u.ID)
	ok(t, err)
	fresh.Disabled = true
	ok(t, s.UpdateUser(ctx, fresh))
	if _, _, err := s.GetSession(ctx, "abc", now); !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("session of a disabled account: %v", err)
	}

	// Expired sessions are swept; live ones stay.
	ok(t, s.UpdateUser(ctx, &rectify.User{ID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, UnitID: u.UnitID, Version: fresh.Version}))
	for i, exp := range []time.Duration{time.Minute, time.Hour} {
		ok(t, s.CreateSession(ctx, &store.Session{ID: fmt.Sprint("s", i), UserID: u.ID, Created: now, LastSeen: now, Expires: now.Add(exp)}))
	}
	n, err := s.DeleteExpiredSessions(ctx, now.Add(10*time.Minute))
	ok(t, err)
	if n != 1 {
		t.Errorf("deleted %d expired sessions, want 1", n)
	}
	if _, _, err := s.GetSession(ctx, "s1", now); err != nil {
		t.Errorf("live session swept: %v", err)
	}
	ok(t, s.DeleteUserSessions(ctx, u.ID))
	if _, _, err := s.GetSession(ctx, "s1", now); !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("session after DeleteUserSessions: %v", err)
	}
	wantCode(t, s.CreateSession(ctx, &store.Session{ID: "x", UserID: 999, Expires: now.Add(time.Hour)}), rectify.ENOTFOUND)

	tok := &store.APIToken{UserID: u.ID, Name: "台账同步脚本", Hash: "h-1", Prefix: "rct_ab"}
	ok(t, s.CreateToken(ctx, tok))
	wantCode(t, s.CreateToken(ctx, &store.APIToken{UserID: u.ID, Name: " ", Hash: "h-2"}), rectify.EINVALID)
	byHash, owner, err := s.GetTokenUser(ctx, "h-1")
	ok(t, err)
	if byHash.ID != tok.ID || byHash.Name != "台账同步脚本" || !byHash.LastUsed.IsZero() {
		t.Errorf("token %+v", byHash)
	}
	if owner.ID != u.ID || owner.Login != u.Login || owner.ScopePath != u.ScopePath || owner.Role != u.Role {
		t.Errorf("token's account %+v, want %+v", owner, u)
	}
	if byHash.Expired(now.Add(1000 * time.Hour)) {
		t.Error("a token without an expiry expired")
	}
	ok(t, s.TouchToken(ctx, tok.ID, now))
	dated := &store.APIToken{UserID: u.ID, Name: "临时", Hash: "h-3", Prefix: "rct_cd", Expires: now.Add(24 * time.Hour)}
	ok(t, s.CreateToken(ctx, dated))
	if got, _, err := s.GetTokenUser(ctx, "h-3"); err != nil || !got.Expires.Equal(dated.Expires) || !got.Expired(now.Add(25*time.Hour)) || got.Expired(now) {
		t.Errorf("dated token %+v, %v", got, err)
	}
	list, err := s.ListTokens(ctx, u.ID)
	ok(t, err)
	if len(list) != 2 || list[0].Name != "临时" || !list[1].LastUsed.Equal(now) {
		t.Errorf("tokens %+v", list)
	}
	wantCode(t, s.DeleteToken(ctx, u.ID+1, tok.ID), rectify.ENOTFOUND)
	ok(t, s.DeleteToken(ctx, u.ID, tok.ID))
	if _, _, err := s.GetTokenUser(ctx, "h-1"); !errors.Is(err, rectify.ErrNotFound) {
		t.Errorf("revoked token found: %v", err)
	}
}

func TestUnitPathOf(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	in := waterInspection(c.station.ID)
	ok(t, s.CreateInspection(ctx, in))
	p := in.Findings[0].Problems[0]
	pg := &rectify.Progress{ProblemID: p.ID, Date: d("2023-09-01"), Text: "完成专项清理。", Author: "张伟"}
	ok(t, s.AddProgress(ctx, pg, []store.EvidenceFile{{Name: "台账.txt", ContentType: "text/plain", Data: []byte("台账")}}))
	pc := &rectify.PublicComment{UnitID: c.transport.ID, Contact: "13800000000", Text: "道路养护不及时。"}
	ok(t, s.CreateComment(ctx, pc))
	rule := &rectify.Rule{InspectionID: in.ID, Title: "河道巡查制度", Kind: rectify.RuleNew, Date: d("2023-09-01")}
	ok(t, s.CreateRule(ctx, rule))
	acc := &rectify.Accountability{InspectionID: in.ID, ProblemID: p.ID, Person: "某某", Form: "约谈", Date: d("2023-09-01"), Reason: "巡查记录造假"}
	ok(t, s.CreateAccountability(ctx, acc))
	rc := &rectify.Recheck{ProblemID: p.ID, Due: d("2024-03-01")}
	ok(t, s.CreateRecheck(ctx, rc))
	admin := &rectify.User{Login: "admin", Name: "管理员", Role: rectify.RoleAdmin}
	ok(t, s.CreateUser(ctx, admin))
	editor := &rectify.User{Login: "water", Name: "王填报", Role: rectify.RoleEditor, UnitID: c.water.ID}
	ok(t, s.CreateUser(ctx, editor))
	person := &rectify.Person{UnitID: c.water.ID, Name: "林春燕"}
	ok(t, s.Update(ctx, "add person", func(tx *store.Tx) error { return tx.CreatePerson(ctx, person) }))

	var wantHeads store.Heads
	var err error
	wantHeads.Generation, err = s.Generation(ctx)
	ok(t, err)
	wantHeads.Accounts, err = s.AccountsVersion(ctx)
	ok(t, err)
	tests := []struct {
		kind string
		id   int64
		want string
	}{
		{store.KindUnit, c.water.ID, c.water.Path},
		{store.KindInspection, in.ID, c.station.Path},
		{store.KindFinding, in.Findings[0].ID, c.station.Path},
		{store.KindProblem, p.ID, c.station.Path},
		{store.KindMeasure, p.Measures[0].ID, c.station.Path},
		{store.KindProgress, pg.ID, c.station.Path},
		{store.KindEvidence, pg.Evidence[0].ID, c.station.Path},
		{store.KindComment, pc.ID, c.transport.Path},
		{store.KindRule, rule.ID, c.station.Path},
		{store.KindAccountability, acc.ID, c.station.Path},
		{store.KindRecheck, rc.ID, c.station.Path},
		{store.KindUser, editor.ID, c.water.Path},
		{store.KindUser, admin.ID, store.RootPath},
		{store.KindPerson, person.ID, c.water.Path},
	}
	if len(store.UnitPathKinds()) != 13 {
		t.Errorf("%d kinds; add a case for the new one", len(store.UnitPathKinds()))
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			got, err := s.UnitPathOf(ctx, tt.kind, tt.id)
			ok(t, err)
			if got != tt.want {
				t.Errorf("path %q, want %q", got, tt.want)
			}
			wantCode(t, func() error { _, err := s.UnitPathOf(ctx, tt.kind, 99999); return err }(), rectify.ENOTFOUND)
			// The same path with the heads, in one read.
			heads, got, err := s.ReadHeads(ctx, tt.kind, tt.id)
			ok(t, err)
			if got != tt.want || heads != wantHeads {
				t.Errorf("read with the heads: path %q, heads %+v; want %q, %+v", got, heads, tt.want, wantHeads)
			}
			wantCode(t, func() error { _, _, err := s.ReadHeads(ctx, tt.kind, 99999); return err }(), rectify.ENOTFOUND)
		})
	}
	if _, err := s.UnitPathOf(ctx, "planet", 1); err == nil || rectify.ErrorCode(err) != rectify.EINTERNAL {
		t.Errorf("unknown kind: %v", err)
	}
	if _, _, err := s.ReadHeads(ctx, "planet", 1); err == nil || rectify.ErrorCode(err) != rectify.EINTERNAL {
		t.Errorf("heads of an unknown kind: %v", err)
	}
	heads, path, err := s.ReadHeads(ctx, "", 0)
	ok(t, err)
	if heads != wantHeads || path != "" {
		t.Errorf("the heads alone: %+v, path %q; want %+v", heads, path, wantHeads)
	}
}

// TestHeadsInContext wants Generation and AccountsVersion to answer the
// heads a request carries, and to read the database for a context without.
func TestHeadsInContext(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s) // moves the generation
	ok(t, s.CreateUser(ctx, &rectify.User{Login: "li", Name: "李审核", Role: rectify.RoleReviewer, UnitID: c.root.ID}))
	stored, _, err := s.ReadHeads(ctx, "", 0)
	ok(t, err)
	carried := store.Heads{Generation: stored.Generation - 1, Accounts: stored.Accounts - 1}
	tests := []struct {
		name string
		ctx  context.Context
		want store.Heads
	}{
		{"none carried", ctx, stored},
		{"carried", store.WithHeads(ctx, carried), carried},
		{"carried, then taken off", store.WithoutHeads(store.WithHeads(ctx, carried)), stored},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got store.Heads
			got.Generation, err = s.Generation(tt.ctx)
			ok(t, err)
			got.Accounts, err = s.AccountsVersion(tt.ctx)
			ok(t, err)
			if got != tt.want {
				t.Errorf("heads %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestAccountsVersion wants the version of what signing in reads to move
// with every change to an account, a token or a unit's place, and to stay
// when a token's use is written back or a unit is renamed.
func TestAccountsVersion(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	s := open(t)
	c := newCounty(t, s)
	u := &rectify.User{Login: "water", Name: "王填报", Role: rectify.RoleEditor, UnitID: c.water.ID}
	ok(t, s.CreateUser(ctx, u))
	ok(t, s.CreateToken(ctx, &store.APIToken{UserID: u.ID, Name: "台账同步脚本", Hash: "h-1", Prefix: "rct_ab"}))
	// Made after the password is set, which revokes the account's tokens.
	tok := &store.APIToken{UserID: u.ID, Name: "临时", Hash: "h-2", Prefix: "rct_cd"}
	unit := func(id int64) *rectify.Unit {
		got, err := s.GetUnit(ctx, id)
		ok(t, err)
		return got
	}
	tests := []struct {
		name   string
		change func()
		moves  bool
	}{
		{"an account made", func() {
			ok(t, s.CreateUser(ctx, &rectify.User{Login: "li", Name: "李审核", Role: rectify.RoleReviewer, UnitID: c.root.ID}))
		}, true},
		{"an account changed", func() {
			cur, err := s.GetUser(ctx, u.ID)
			ok(t, err)
			cur.Role = rectify.RoleViewer
			ok(t, s.UpdateUser(ctx, cur))
		}, true},
		{"a password set", func() { ok(t, s.SetPassword(ctx, u.ID, "hash", "")) }, true},
		{"a token made", func() { ok(t, s.CreateToken(ctx, tok)) }, true},
		{"a token's use written back", func() { ok(t, s.TouchToken(ctx, tok.ID, clock)) }, false},
		{"a unit renamed", func() {
			w := unit(c.water.ID)
			w.Name = "中共青石县水利局党组"
			ok(t, s.UpdateUnit(ctx, w))
		}, false},
		{"a unit moved", func() {
			w := unit(c.station.ID)
			w.ParentID = c.transport.ID
			ok(t, s.UpdateUnit(ctx, w))
		}, true},
		{"a token revoked", func() { ok(t, s.DeleteToken(ctx, u.ID, tok.ID)) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, err := s.AccountsVersion(ctx)
			ok(t, err)
			tt.change()
			after, err := s.AccountsVersion(ctx)
			ok(t, err)
			if moved := after != before; moved != tt.moves {
				t.Errorf("version %d → %d, want moved %v", before, after, tt.moves)
			}
		})
	}
}
