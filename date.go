package rectify

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day without a time or zone: deadlines, feedback dates,
// status dates. The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is how a Date is written in JSON, in the store and on the CLI.
const DateLayout = "2006-01-02"

// NewDate returns the Date of y-m-d, normalised like time.Date.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads YYYY-MM-DD. An empty string gives the zero Date. It returns
// an EINVALID *Error for anything else.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "日期“%s”格式不对，应为 YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for literals in tests and fixtures; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String returns YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	b, _ := d.AppendText(make([]byte, 0, len(DateLayout)))
	return string(b)
}

// AppendText appends YYYY-MM-DD to b, nothing for the zero Date: written
// digit by digit, since a list of problems writes a few dates each.
func (d Date) AppendText(b []byte) ([]byte, error) {
	switch {
	case d.IsZero():
		return b, nil
	case d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 99:
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, d.Month, d.Day), nil
	}
	y, m := d.Year, int(d.Month)
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10)), nil
}

// Chinese returns the date as 2023年11月28日, or "" for the zero Date.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, int(d.Month), d.Day)
}

// Before reports whether d is strictly before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is strictly after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	default:
		return cmp(d.Day, e.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// AddMonths returns d moved by n months, clamped to the last day of the
// target month (2023-01-31 + 1 month = 2023-02-28).
func (d Date) AddMonths(n int) Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := d.Day
	if day > last {
		day = last
	}
	return Date{first.Year(), first.Month(), day}
}

// DaysUntil returns the number of days from d to e (negative when e is before d).
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Hours() / 24)
}

// MarshalText writes YYYY-MM-DD, or nothing for the zero Date.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(make([]byte, 0, len(DateLayout))) }

// UnmarshalText reads YYYY-MM-DD or an empty string.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores the Date as YYYY-MM-DD text, or NULL when unset.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a Date from NULL, text or a time.Time.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateOf(v)
		return nil
	case string:
		return d.scanText(v)
	case []byte:
		return d.scanText(string(v))
	}
	return fmt.Errorf("rectify.Date: cannot scan %T", src)
}

func (d *Date) scanText(s string) error {
	if len(s) > len(DateLayout) {
		s = s[:len(DateLayout)] // "2023-11-28T00:00:00Z" from some drivers
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return fmt.Errorf("rectify.Date: %w", err)
	}
	*d = DateOf(t)
	return nil
}

// MaxDate returns the later of a and b.
func MaxDate(a, b Date) Date {
	if a.After(b) {
		return a
	}
	return b
}
