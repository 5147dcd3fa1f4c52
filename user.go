package rectify

import (
	"context"
	"strings"
	"time"
)

// Role is what a user may do, within the unit subtree of their scope.
type Role string

// The roles.
const (
	RoleAdmin    Role = "admin"    // 巡察办: everything in scope, accounts and units
	RoleReviewer Role = "reviewer" // 巡察组 / 纪委 / 组织部: read all in scope, sign off
	RoleEditor   Role = "editor"   // 被巡察单位: edit its unit and subtree
	RoleViewer   Role = "viewer"   // read only
)

// Roles lists the roles in display order.
var Roles = []Role{RoleAdmin, RoleReviewer, RoleEditor, RoleViewer}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleAdmin, RoleReviewer, RoleEditor, RoleViewer:
		return true
	}
	return false
}

// Label returns the Chinese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "巡察办管理员"
	case RoleReviewer:
		return "审核人员"
	case RoleEditor:
		return "整改单位填报人"
	case RoleViewer:
		return "查看人员"
	}
	return string(r)
}

// User is an account. Its scope is the subtree of UnitID; UnitID 0 (only
// for admins) means every unit.
type User struct {
	ID        int64  `json:"id"`
	Login     string `json:"login"`
	Name      string `json:"name"`
	Role      Role   `json:"role"`
	UnitID    int64  `json:"unit_id,omitempty"`
	ScopePath string `json:"scope_path,omitempty"` // the Path of UnitID, "" for every unit
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Disabled  bool   `json:"disabled,omitempty"`
	// PasswordHash is the argon2id hash in PHC form; never shown.
	PasswordHash string `json:"-"`
	// Recorder marks an administrator acting for a command-line import:
	// its status changes record what the file says (ActorSystem). Never
	// stored; set only by the code that runs such an import.
	Recorder bool      `json:"-"`
	Version  int       `json:"version"`
	Created  time.Time `json:"created"`
}

// Validate checks the account's fields.
func (u *User) Validate() error {
	var v Invalid
	checkText(&v, "login", "登录名", u.Login, 64, true)
	if strings.ContainsAny(u.Login, " \t\r\n/\\:") {
		v.Add("login", "登录名不能包含空格、斜杠或冒号")
	}
	checkText(&v, "name", "姓名", u.Name, 64, true)
	if !u.Role.Valid() {
		v.Add("role", "请选择角色")
	}
	if u.UnitID == 0 && u.Role != RoleAdmin {
		v.Add("unit_id", "请选择所属单位")
	}
	checkText(&v, "email", "电子邮箱", u.Email, 200, false)
	if u.Email != "" && !strings.Contains(u.Email, "@") {
		v.Add("email", "电子邮箱格式不对")
	}
	checkText(&v, "phone", "电话", u.Phone, 50, false)
	return v.Err()
}

// InScope reports whether the unit at path lies within the user's scope.
func (u *User) InScope(path string) bool {
	if u.UnitID == 0 && u.Role == RoleAdmin {
		return true
	}
	return Within(path, u.ScopePath)
}

// Actor returns the side the user acts on in status changes: ActorSystem
// for a recorder (an administrator's command-line import, which records
// what a file says rather than deciding), else by role.
func (u *User) Actor() Actor {
	if u.Recorder && u.Role == RoleAdmin {
		return ActorSystem
	}
	if u.Role == RoleAdmin || u.Role == RoleReviewer {
		return ActorReviewer
	}
	return ActorUnit
}

type userKey struct{}

// WithUser returns a context carrying the user on whose behalf work is done.
// The store records that user as the author of history entries; requests and
// jobs set it once, at their edge.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// SystemActor is the name the audit log records for work that no person
// does: the log's baseline, scheduled jobs, a command run on the server
// without an author.
const SystemActor = "system"

// AsSystem returns a context carrying the system as the acting user
// (SystemActor), the explicit way for jobs, commands and migrations to say
// that no person does the work. The store refuses a change whose context
// carries no user at all: a forgotten user is a fault, never "system".
func AsSystem(ctx context.Context) context.Context {
	return WithUser(ctx, &User{Name: SystemActor})
}

// IsSystem reports whether u is the system that AsSystem names.
func (u *User) IsSystem() bool { return u != nil && u.ID == 0 && u.Name == SystemActor }

// UserFrom returns the user WithUser put in ctx, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}
