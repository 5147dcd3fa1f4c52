package rectify

import (
	"strings"
	"unicode"
)

// Person is one entry of a unit's people list (人员名单): someone who may be
// named a problem's responsible leader (责任领导) or a measure's owner, with
// their post (职务) and, where they have one, their account, so that the
// reminders meant for "the leader" reach them. Admins keep the list; a name
// typed by an editor that the list does not hold yet is Proposed (新提议)
// until an admin confirms it.
type Person struct {
	ID       int64  `json:"id"`
	UnitID   int64  `json:"unit_id"`
	UnitPath string `json:"-"` // of UnitID, filled when read
	UnitName string `json:"unit_name,omitempty"`
	Name     string `json:"name"`
	Post     string `json:"post,omitempty"`
	// UserID is the person's account, 0 for none.
	UserID   int64 `json:"user_id,omitempty"`
	Proposed bool  `json:"proposed,omitempty"`
	Version  int   `json:"version"`
}

// Validate checks a person before it is stored: a name (a bare one: the
// post goes into Post) and a unit.
func (p *Person) Validate() error {
	var v Invalid
	p.Name = strings.TrimSpace(p.Name)
	p.Post = strings.TrimSpace(p.Post)
	checkText(&v, "name", "姓名", p.Name, 40, true)
	checkText(&v, "post", "职务", p.Post, 60, false)
	if !v.Has("name") && PersonName(p.Name) != p.Name {
		v.Add("name", "姓名中不要带括号或空格，职务请填在“职务”一栏")
	}
	if p.UnitID == 0 {
		v.Add("unit_id", "请选择单位")
	}
	return v.Err()
}

// PersonName returns the bare name in a name as people write it in a
// leader's field: without a post in brackets (林春燕（副局长） and
// 林春燕(副局长) are 林春燕) and without blanks (林 春燕 is 林春燕). An
// unclosed bracket drops the rest.
func PersonName(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '（', '(', '〔', '[', '【', '［':
			depth++
			continue
		case '）', ')', '〕', ']', '】', '］':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth > 0 || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// PersonNames returns the bare names (PersonName) in a field that may hold
// several ("张三、李四", "张三,李四", "张三 李四"): a separator inside
// brackets (林春燕（副局长、党组成员）) does not split.
func PersonNames(field string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if n := PersonName(field[start:end]); n != "" {
			out = append(out, n)
		}
	}
	for i, r := range field {
		switch r {
		case '（', '(', '〔', '[', '【', '［':
			depth++
		case '）', ')', '〕', ']', '】', '］':
			if depth > 0 {
				depth--
			}
		case '、', '，', ',', '；', ';', '/', '／', '|', ' ', '\t', '\n', '\r', '\u3000':
			if depth == 0 {
				flush(i)
				start = i + len(string(r))
			}
		}
	}
	flush(len(field))
	return out
}

// LinkedAccounts returns the accounts that the entries called name (a bare
// name) of the people lists near the unit at unitPath link to: the lists of
// the unit, of the units above it and of those below it. None when no entry
// near the unit links the name to an account.
func LinkedAccounts(people []*Person, unitPath, name string) []int64 {
	var ids []int64
	for _, p := range people {
		if p.UserID != 0 && p.Name == name && unitPath != "" &&
			(Within(p.UnitPath, unitPath) || Within(unitPath, p.UnitPath)) {
			ids = append(ids, p.UserID)
		}
	}
	return ids
}

// IsNamed reports whether the account u is one of the people named in field
// (a leader's or an owner's, posts in brackets allowed) on a record of the
// unit at unitPath. A name the people lists near the unit link to accounts
// (LinkedAccounts) is those accounts; any other name is the accounts whose
// Name, without a post, is the name.
func IsNamed(field, unitPath string, people []*Person, u *User) bool {
	if u == nil {
		return false
	}
	for _, n := range PersonNames(field) {
		if ids := LinkedAccounts(people, unitPath, n); len(ids) > 0 {
			for _, id := range ids {
				if id == u.ID {
					return true
				}
			}
			continue
		}
		if PersonName(u.Name) == n {
			return true
		}
	}
	return false
}
