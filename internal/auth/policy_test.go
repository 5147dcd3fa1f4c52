package auth_test

import (
	"fmt"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

// TestPolicy checks Allowed for every permission, role, kind of account
// (scoped, of every unit, disabled) and place of the unit (none, inside,
// below, outside, above, every unit), against the policy written out
// again by hand, so that a change of the table shows here.
func TestPolicy(t *testing.T) {
	// The scope: /1/4/ (a bureau); /1/4/9/ lies below it, /1/5/ beside it,
	// /1/ above it.
	const (
		none    = ""
		inside  = "/1/4/"
		below   = "/1/4/9/"
		outside = "/1/5/"
		above   = "/1/"
		every   = auth.RootPath
	)
	roles := map[rectify.Role]map[auth.Permission]bool{
		rectify.RoleAdmin:    {auth.Read: true, auth.Import: true, auth.Edit: true, auth.Review: true, auth.Admin: true},
		rectify.RoleReviewer: {auth.Read: true, auth.Import: true, auth.Review: true},
		rectify.RoleEditor:   {auth.Read: true, auth.Import: true, auth.Edit: true},
		rectify.RoleViewer:   {auth.Read: true},
	}
	places := []string{none, inside, below, outside, above, every}
	n := 0
	for _, p := range auth.Permissions() {
		for _, path := range places {
			// Anonymous.
			check(t, nil, p, path, p == auth.Public)
			n++
			for role, holds := range roles {
				for _, kind := range []string{"scoped", "every unit", "disabled"} {
					u := &rectify.User{ID: 1, Role: role, UnitID: 4, ScopePath: inside}
					switch kind {
					case "every unit":
						if role != rectify.RoleAdmin {
							continue // only admins may lack a unit
						}
						u.UnitID, u.ScopePath = 0, ""
					case "disabled":
						u.Disabled = true
					}
					var want bool
					switch {
					case p == auth.Public:
						want = true
					case kind == "disabled":
						want = false
					case p == auth.Self:
						want = true
					case !holds[p]:
						want = false
					case path == none || kind == "every unit":
						want = true
					default:
						want = path == inside || path == below
					}
					check(t, u, p, path, want)
					n++
				}
			}
		}
	}
	if n != len(auth.Permissions())*6*(1+4*2+1) {
		t.Errorf("checked %d cases", n)
	}
}

func check(t *testing.T, u *rectify.User, p auth.Permission, path string, want bool) {
	t.Helper()
	who := "anonymous"
	if u != nil {
		who = fmt.Sprintf("%s(unit %d, disabled %v)", u.Role, u.UnitID, u.Disabled)
	}
	if got := auth.Allowed(u, p, path); got != want {
		t.Errorf("Allowed(%s, %s, %q) = %v, want %v", who, p, path, got, want)
	}
	err := auth.Check(u, p, path)
	if (err == nil) != want {
		t.Errorf("Check(%s, %s, %q) = %v, disagrees with Allowed", who, p, path, err)
	}
	if err != nil {
		code := rectify.ErrorCode(err)
		if (u == nil) != (code == rectify.EUNAUTHORIZED) || (u != nil && code != rectify.EFORBIDDEN) || rectify.ErrorMessage(err) == "" {
			t.Errorf("Check(%s, %s, %q): code %s, message %q", who, p, path, code, rectify.ErrorMessage(err))
		}
	}
}

func TestPolicyTable(t *testing.T) {
	if len(auth.Policy()) != 5 {
		t.Fatalf("%d rows", len(auth.Policy()))
	}
	for _, p := range auth.Permissions() {
		if !p.Valid() || p.Label() == string(p) {
			t.Errorf("%s: valid %v, label %q", p, p.Valid(), p.Label())
		}
	}
	if auth.Permission("").Valid() {
		t.Error("the zero permission is valid")
	}
	if auth.Holds("boss", auth.Self) || auth.Holds("boss", auth.Read) {
		t.Error("an unknown role holds something")
	}
}

func TestCheckMessages(t *testing.T) {
	editor := &rectify.User{Role: rectify.RoleEditor, UnitID: 4, ScopePath: "/1/4/"}
	viewer := &rectify.User{Role: rectify.RoleViewer, UnitID: 4, ScopePath: "/1/4/"}
	admin := &rectify.User{Role: rectify.RoleAdmin, UnitID: 4, ScopePath: "/1/4/"}
	tests := []struct {
		name string
		u    *rectify.User
		p    auth.Permission
		path string
		want string
	}{
		{"anonymous", nil, auth.Read, "/1/4/", "请先登录"},
		{"viewer edits", viewer, auth.Edit, "/1/4/", "查看人员不能修改记录"},
		{"viewer imports", viewer, auth.Import, "/1/4/", "查看人员不能修改记录"},
		{"editor signs off", editor, auth.Review, "/1/4/", "只有审核人员或巡察办管理员才能进行此操作"},
		{"editor manages", editor, auth.Admin, "", "只有巡察办管理员才能进行此操作"},
		{"editor out of scope", editor, auth.Edit, "/1/5/", "无权修改本单位范围以外的记录"},
		{"viewer out of scope", viewer, auth.Read, "/1/5/", "无权查看本单位范围以外的记录"},
		{"scoped admin on every unit", admin, auth.Admin, auth.RootPath, "只有全部单位的管理员才能进行此操作"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rectify.ErrorMessage(auth.Check(tt.u, tt.p, tt.path)); got != tt.want {
				t.Errorf("message %q, want %q", got, tt.want)
			}
		})
	}
}
