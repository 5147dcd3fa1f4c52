package main

import (
	"strings"
	"testing"
)

func TestTableAlignsChinese(t *testing.T) {
	var tb table
	tb.add("巡察", "单位", "问题")
	tb.add("12", "青溪县水利局", "6")
	tb.add("合计", "", "6")
	var b strings.Builder
	if err := tb.write(&b); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"巡察  单位          问题\n" +
		"12    青溪县水利局  6\n" +
		"合计                6\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	for _, tt := range []struct {
		s string
		w int
	}{{"abc", 3}, {"整改", 4}, {"72.0%", 5}, {"（一）", 6}} {
		if got := displayWidth(tt.s); got != tt.w {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.w)
		}
	}
}
