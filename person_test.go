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
