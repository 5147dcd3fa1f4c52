package rectify_test

import (
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
)

func TestPersonNames(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a bare name", "林春燕", "林春燕"},
		{"a post in full-width brackets", "林春燕（副局长）", "林春燕"},
		{"a post in ASCII brackets", "林春燕(副局长)", "林春燕"},
		{"a post holding a separator", "林春燕（副局长、党组成员）", "林春燕"},
		{"two leaders with posts", "林春燕（副局长）、王五(主任)", "林春燕|王五"},
		{"separators of every kind", " 王五，钱七;赵六 / 孙八　周九 ", "王五|钱七|赵六|孙八|周九"},
		{"an unclosed bracket drops the rest", "王五（副局长", "王五"},
		{"only a post", "（待定）", ""},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(rectify.PersonNames(tt.in), "|"); got != tt.want {
				t.Errorf("PersonNames(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPersonValidate(t *testing.T) {
	tests := []struct {
		name  string
		p     rectify.Person
		field string // the field with a problem, "" for none
	}{
		{"good", rectify.Person{UnitID: 1, Name: "林春燕", Post: "副局长"}, ""},
		{"no name", rectify.Person{UnitID: 1, Name: " "}, "name"},
		{"a post in the name", rectify.Person{UnitID: 1, Name: "林春燕（副局长）"}, "name"},
		{"no unit", rectify.Person{Name: "林春燕"}, "unit_id"},
		{"too long a post", rectify.Person{UnitID: 1, Name: "林春燕", Post: strings.Repeat("长", 61)}, "post"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			fields := rectify.ErrorFields(err)
			if tt.field == "" && err != nil {
				t.Fatalf("Validate() = %v, want nil", err)
			}
			if tt.field != "" && fields[tt.field] == "" {
				t.Fatalf("Validate() = %v (%v), want a problem with %s", err, fields, tt.field)
			}
		})
	}
}

func FuzzPersonNames(f *testing.F) {
	for _, s := range []string{"林春燕（副局长）、王五", "(((", "a)b)c", "张三 李四"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range rectify.PersonNames(s) {
			if n == "" || rectify.PersonName(n) != n {
				t.Errorf("PersonNames(%q) gave %q, not a bare name", s, n)
			}
		}
	})
}

func TestIsNamed(t *testing.T) {
	const water, station, transport = "/1/2/", "/1/2/3/", "/1/4/"
	people := []*rectify.Person{
		{ID: 1, UnitPath: water, Name: "林春燕", UserID: 14},
		{ID: 2, UnitPath: transport, Name: "钱七", UserID: 9},
		{ID: 3, UnitPath: station, Name: "赵六"},
	}
	lin := &rectify.User{ID: 14, Name: "林春燕"}
	namesake := &rectify.User{ID: 13, Name: "林春燕"}
	chen := &rectify.User{ID: 15, Name: "陈晓（科长）"}
	qian := &rectify.User{ID: 20, Name: "钱七"}
	tests := []struct {
		name, field, unit string
		u                 *rectify.User
		want              bool
	}{
		{"the linked account, the post in brackets", "林春燕（副局长）", water, lin, true},
		{"the link holds from a unit below", "林春燕", station, lin, true},
		{"a namesake the list does not link is not the leader", "林春燕（副局长）", water, namesake, false},
		{"away from the linking list, the name decides", "林春燕", transport, namesake, true},
		{"an account named with a post", "王五、陈晓", water, chen, true},
		{"a link of a unit that is not near does not count", "钱七", water, qian, true},
		{"a listed name without an account falls back on names", "赵六", station, &rectify.User{ID: 8, Name: "赵六"}, true},
		{"someone else", "王五", water, lin, false},
		{"nobody", "林春燕", water, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rectify.IsNamed(tt.field, tt.unit, people, tt.u); got != tt.want {
				t.Errorf("IsNamed(%q, %q, %v) = %v, want %v", tt.field, tt.unit, tt.u, got, tt.want)
			}
		})
	}
}
