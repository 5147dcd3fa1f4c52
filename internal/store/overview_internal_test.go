package store

import (
	"fmt"
	"testing"

	"github.com/rectify-dev/rectify"
)

// TestDayColEqualsDateScan holds the facts' date scanner to
// rectify.Date.Scan on the text a driver may give.
func TestDayColEqualsDateScan(t *testing.T) {
	var srcs []any
	for _, s := range []string{"2024-02-29", "2023-02-29", "2100-02-29", "2000-02-29", "2023-12-31", "2023-13-01",
		"2023-00-10", "2023-04-31", "2023-04-00", "0001-01-01", "2023-11-28T00:00:00Z", "2023-1-01", "2023/01/01",
		"20230101", "", "2023-01-0x", "+023-01-01", "2023-01-01 00:00:00"} {
		srcs = append(srcs, s, []byte(s))
	}
	for y := 1999; y <= 2001; y++ {
		for m := 1; m <= 12; m++ {
			for day := 27; day <= 32; day++ {
				srcs = append(srcs, fmt.Sprintf("%04d-%02d-%02d", y, m, day))
			}
		}
	}
	srcs = append(srcs, nil, rectify.MustDate("2024-06-15").Time(), 42)
	for _, src := range srcs {
		var want, got rectify.Date
		werr := want.Scan(src)
		gerr := dayCol{&got}.Scan(src)
		if got != want || (gerr == nil) != (werr == nil) {
			t.Errorf("%#v: got %v (%v), want %v (%v)", src, got, gerr, want, werr)
		}
	}
}
