package zhsort_test

import (
	"strings"
	"testing"

	"github.com/rectify-dev/rectify/internal/zhsort"
)

func TestStrings(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"names by pinyin, not by code point", "张三 阿里 王五 李四 赵六", "阿里 李四 王五 张三 赵六"},
		{"units by pinyin", "县委办 北京路街道 安全局 交通局", "安全局 北京路街道 交通局 县委办"},
		{"latin and digits before Chinese", "水务局 A组 2号", "2号 A组 水务局"},
		{"one", "王五", "王五"},
		{"none", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := strings.Fields(tt.in)
			zhsort.Strings(s)
			if got := strings.Join(s, " "); got != tt.want {
				t.Errorf("Strings(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSortFuncStable(t *testing.T) {
	type unit struct {
		id   int
		name string
	}
	s := []unit{{1, "交通局"}, {2, "安全局"}, {3, "交通局"}}
	zhsort.SortFunc(s, func(u unit) string { return u.name })
	if s[0].id != 2 || s[1].id != 1 || s[2].id != 3 {
		t.Errorf("SortFunc = %v, want 安全局 then the two 交通局 in their order", s)
	}
	if zhsort.Compare("阿里", "张三") >= 0 || zhsort.Compare("张三", "张三") != 0 {
		t.Error("Compare disagrees with pinyin")
	}
}
