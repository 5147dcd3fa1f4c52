package auth

import (
	"github.com/rectify-dev/rectify"
)

// Permission is what a route asks of its caller. The zero Permission is no
// permission at all: a route that declares none is refused at start.
type Permission string

// The permissions.
const (
	Public Permission = "public" // anyone, signed in or not: the login form, the public pages
	Self   Permission = "self"   // any signed-in user, on their own account
	Read   Permission = "read"   // see the record of a unit in scope
	// Import brings a document (a notice, the feedback, a problem list)
	// into the record of a unit in scope: the unit's editors, and the
	// office (admins and reviewers) who keep an inspection's problem list.
	Import Permission = "import"
	Edit   Permission = "edit"   // change the record of a unit in scope: progress, measures, submissions, imports
	Review Permission = "review" // sign off, reject, look back, hold accountable, in scope
	Admin  Permission = "admin"  // accounts, units and settings in scope
)

// Permissions returns every permission in order of strength.
func Permissions() []Permission { return []Permission{Public, Self, Read, Import, Edit, Review, Admin} }

// Valid reports whether p is one of the permissions.
func (p Permission) Valid() bool {
	switch p {
	case Public, Self, Read, Import, Edit, Review, Admin:
		return true
	}
	return false
}

// Grant is a row of the policy: which roles hold a permission (within
// their scope).
type Grant struct {
	Perm                            Permission
	Admin, Reviewer, Editor, Viewer bool
}

// Policy returns the whole policy, one row per permission that needs a
// role. Public and Self need none: anyone, any signed-in user.
//
//	permission   巡察办 admin  审核 reviewer  填报 editor  查看 viewer
//	Read         yes           yes            yes          yes
//	Import       yes           yes            yes          -
//	Edit         yes           -              yes          -
//	Review       yes           yes            -            -
//	Admin        yes           -              -            -
func Policy() []Grant {
	return []Grant{
		//       admin  reviewer editor viewer
		{Read, true, true, true, true},
		{Import, true, true, true, false},
		{Edit, true, false, true, false},
		{Review, true, true, false, false},
		{Admin, true, false, false, false},
	}
}

// Holds reports whether role r holds permission p somewhere (scope aside).
func Holds(r rectify.Role, p Permission) bool {
	switch p {
	case Public:
		return true
	case Self:
		return r.Valid()
	}
	for _, g := range Policy() {
		if g.Perm != p {
			continue
		}
		switch r {
		case rectify.RoleAdmin:
			return g.Admin
		case rectify.RoleReviewer:
			return g.Reviewer
		case rectify.RoleEditor:
			return g.Editor
		case rectify.RoleViewer:
			return g.Viewer
		}
	}
	return false
}

// RootPath is the unit path of "every unit": above all units, so that only
// an admin of every unit holds it in scope (an account without a unit, a
// new top-level unit).
const RootPath = "/"

// Allowed reports whether u may act with permission p on the unit at
// unitPath. unitPath "" means no particular unit — a list or a dashboard
// that the handler filters to u's scope, or the user's own account — and
// then only the role counts; RootPath means every unit. No user and a
// disabled account hold nothing but Public.
func Allowed(u *rectify.User, p Permission, unitPath string) bool {
	if p == Public {
		return true
	}
	if u == nil || u.Disabled || !Holds(u.Role, p) {
		return false
	}
	if p == Self || unitPath == "" {
		return true
	}
	return u.InScope(unitPath)
}

// Check returns nil when Allowed(u, p, unitPath), otherwise EUNAUTHORIZED
// without a user and EFORBIDDEN with a Chinese message saying why.
func Check(u *rectify.User, p Permission, unitPath string) error {
	if Allowed(u, p, unitPath) {
		return nil
	}
	switch {
	case u == nil:
		return rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	case u.Disabled:
		return rectify.Errorf(rectify.EFORBIDDEN, "账号已停用")
	case !Holds(u.Role, p):
		switch p {
		case Edit, Import:
			return rectify.Errorf(rectify.EFORBIDDEN, "%s不能修改记录", u.Role.Label())
		case Review:
			return rectify.Errorf(rectify.EFORBIDDEN, "只有审核人员或巡察办管理员才能进行此操作")
		case Admin:
			return rectify.Errorf(rectify.EFORBIDDEN, "只有巡察办管理员才能进行此操作")
		}
		return rectify.Errorf(rectify.EFORBIDDEN, "无权进行此操作")
	case unitPath == RootPath:
		return rectify.Errorf(rectify.EFORBIDDEN, "只有全部单位的管理员才能进行此操作")
	}
	return rectify.Errorf(rectify.EFORBIDDEN, "无权%s本单位范围以外的记录", p.verb())
}

// verb names what p does, for messages.
func (p Permission) verb() string {
	switch p {
	case Edit, Import:
		return "修改"
	case Review:
		return "审核"
	case Admin:
		return "管理"
	}
	return "查看"
}

// Label returns the Chinese name of p, for pages and documentation.
func (p Permission) Label() string {
	switch p {
	case Public:
		return "公开访问"
	case Self:
		return "本人账号"
	case Read:
		return "查看"
	case Import:
		return "导入文件"
	case Edit:
		return "填报和修改"
	case Review:
		return "审核销号"
	case Admin:
		return "管理"
	}
	return string(p)
}
