package notice

import "testing"

func TestChineseNumeral(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    int
		want string
	}{
		{"one", 1, "一"},
		{"ten", 10, "十"},
		{"eleven", 11, "十一"},
		{"twenty-five", 25, "二十五"},
		{"hundred and three", 103, "一百零三"},
		{"hundred and ten", 110, "一百一十"},
		{"largest", 999, "九百九十九"},
		{"thousand in digits", 1000, "1000"},
		{"large in digits", 123456, "123456"},
		{"zero in digits", 0, "0"},
		{"negative in digits", -3, "-3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := chineseNumeral(tc.v); got != tc.want {
				t.Errorf("chineseNumeral(%d) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}
