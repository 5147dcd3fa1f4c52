package rectify

import "testing"

func TestHanNumeral(t *testing.T) {
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
		{"nine hundred and ninety-nine", 999, "九百九十九"},
		{"thousand", 1000, "一千"},
		{"thousand and ten", 1010, "一千零一十"},
		{"largest", 9999, "九千九百九十九"},
		{"ten thousand in digits", 10000, "10000"},
		{"large in digits", 123456, "123456"},
		{"zero in digits", 0, "0"},
		{"negative in digits", -3, "-3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := HanNumeral(tc.v); got != tc.want {
				t.Errorf("HanNumeral(%d) = %q, want %q", tc.v, got, tc.want)
			}
		})
	}
}
