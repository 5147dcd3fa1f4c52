package rectify

import (
	"encoding/json"
	"testing"
	"time"
)

// TestDateText: a date is written YYYY-MM-DD with its zeros, the unset
// date as "", in text and in JSON, and read back the same.
func TestDateText(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Date
		want string
	}{
		{"unset", Date{}, ""},
		{"a notice's date", Date{2023, time.November, 28}, "2023-11-28"},
		{"single digits", Date{2024, time.March, 5}, "2024-03-05"},
		{"an early year", Date{999, time.January, 31}, "0999-01-31"},
		{"a year past four digits", Date{12345, time.December, 1}, "12345-12-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.d.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			b, err := json.Marshal(struct {
				Due Date `json:"due"`
			}{tc.d})
			if err != nil {
				t.Fatal(err)
			}
			if want := `{"due":"` + tc.want + `"}`; string(b) != want {
				t.Errorf("JSON %s, want %s", b, want)
			}
			if len(tc.want) != len(DateLayout) {
				return
			}
			back, err := ParseDate(tc.want)
			if err != nil || back != tc.d {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.want, back, err, tc.d)
			}
		})
	}
}
