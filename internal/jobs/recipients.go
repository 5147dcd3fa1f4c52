package jobs

import (
	"cmp"
	"slices"
	"strings"

	"github.com/rectify-dev/rectify"
)

// Kind is a kind of reminder (督办提醒).
type Kind string

// The kinds of reminder.
const (
	// KindDue is the daily digest of what is yellow or red (黄灯、红灯).
	KindDue Kind = "due"
	// KindEscalation raises an item red for at least the office's
	// escalation days (升级督办).
	KindEscalation Kind = "escalation"
	// KindRecheck reminds the reviewers of look-backs due soon or overdue
	// (回头看).
	KindRecheck Kind = "recheck"
)

// Kinds lists the kinds in the order a run sends them.
var Kinds = []Kind{KindDue, KindEscalation, KindRecheck}

// Label returns the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindDue:
		return "整改提醒"
	case KindEscalation:
		return "逾期督办"
	case KindRecheck:
		return "回头看提醒"
	}
	return string(k)
}

// Why a person is reminded of an item, as the message says it.
const (
	AsEditor = "整改单位填报人"
	AsLeader = "责任领导"
	AsOwner  = "措施责任人"
	AsOffice = "巡察办（审核人员）"
)

// Recipient is a person to remind of an item, and why (AsEditor, …).
type Recipient struct {
	User *rectify.User
	As   []string
}

// Recipients returns who is reminded of problem p, whose inspection is of
// the unit at unitPath, in a reminder of kind on day asOf, among users.
//
// Only accounts that are not disabled and whose scope holds the unit (the
// accounts that may open the problem's page) are ever reminded. Among them:
//
//   - The unit's editors (AsEditor): the accounts with role editor scoped to
//     the unit nearest to it, its own editors when it has some, else its
//     parent's, and so on up: the level above hears of an item through
//     escalation, not daily.
//   - The responsible leader (AsLeader): the accounts of the names in
//     p.Leader ("张三、李四" names two; a post in brackets, 林春燕（副局长）,
//     is not part of the name). A name is found in the people lists
//     (人员名单) of the unit, the units above it and below it: an entry
//     linked to an account reaches that account. A name no linked entry
//     holds reaches the accounts whose Name, without a post, is the name.
//   - The owners of measures not done by asOf (AsOwner): the accounts of the
//     names in a measure's Owner, found the same way.
//   - The office (AsOffice): the admins and reviewers scoped nearest to the
//     unit (an admin of every unit only when no one nearer is).
//
// A name that several accounts in scope carry goes to those scoped nearest
// to the unit. KindDue reaches the editors, the leader and the owners;
// KindEscalation the leader and the office; KindRecheck the office. Each
// person appears once, with every reason that applies, the nearest first
// (then by account ID).
func Recipients(kind Kind, unitPath string, p *rectify.Problem, asOf rectify.Date, users []*rectify.User, people []*rectify.Person) []Recipient {
	var inScope []*rectify.User
	for _, u := range users {
		if !u.Disabled && u.InScope(unitPath) {
			inScope = append(inScope, u)
		}
	}
	var out []Recipient
	add := func(as string, us []*rectify.User) {
		for _, u := range us {
			i := slices.IndexFunc(out, func(r Recipient) bool { return r.User.ID == u.ID })
			if i < 0 {
				out = append(out, Recipient{User: u})
				i = len(out) - 1
			}
			if !slices.Contains(out[i].As, as) {
				out[i].As = append(out[i].As, as)
			}
		}
	}
	named := func(names []string) []*rectify.User {
		var all []*rectify.User
		for _, name := range names {
			if ids := rectify.LinkedAccounts(people, unitPath, name); len(ids) > 0 {
				if us := nearest(inScope, func(u *rectify.User) bool { return slices.Contains(ids, u.ID) }); len(us) > 0 {
					all = append(all, us...)
					continue
				}
			}
			all = append(all, nearest(inScope, func(u *rectify.User) bool { return rectify.PersonName(u.Name) == name })...)
		}
		return all
	}
	editors := func() []*rectify.User {
		return nearest(inScope, func(u *rectify.User) bool { return u.Role == rectify.RoleEditor })
	}
	office := func() []*rectify.User {
		return nearest(inScope, func(u *rectify.User) bool {
			return u.Role == rectify.RoleAdmin || u.Role == rectify.RoleReviewer
		})
	}
	var owners []string
	if p != nil {
		for _, m := range p.Measures {
			if !m.IsDone(asOf) {
				owners = append(owners, rectify.PersonNames(m.Owner)...)
			}
		}
	}
	var leaders []string
	if p != nil {
		leaders = rectify.PersonNames(p.Leader)
	}
	switch kind {
	case KindDue:
		add(AsEditor, editors())
		add(AsLeader, named(leaders))
		add(AsOwner, named(owners))
	case KindEscalation:
		add(AsLeader, named(leaders))
		add(AsOffice, office())
	case KindRecheck:
		add(AsOffice, office())
	}
	slices.SortStableFunc(out, func(a, b Recipient) int {
		if d := scopeDepth(b.User) - scopeDepth(a.User); d != 0 {
			return d
		}
		return cmp.Compare(a.User.ID, b.User.ID)
	})
	return out
}

// nearest returns the users that match and are scoped to the deepest unit
// among those that match, by ID.
func nearest(users []*rectify.User, match func(*rectify.User) bool) []*rectify.User {
	best := -1
	var out []*rectify.User
	for _, u := range users {
		if !match(u) {
			continue
		}
		switch d := scopeDepth(u); {
		case d > best:
			best, out = d, []*rectify.User{u}
		case d == best:
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b *rectify.User) int { return cmp.Compare(a.ID, b.ID) })
	return out
}

// scopeDepth returns how deep the unit of u's scope lies: 0 for every unit,
// 1 for a root unit, and so on.
func scopeDepth(u *rectify.User) int {
	return strings.Count(strings.Trim(u.ScopePath, "/"), "/") + min(1, len(strings.Trim(u.ScopePath, "/")))
}
