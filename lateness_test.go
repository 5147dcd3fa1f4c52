package rectify_test

import (
	"testing"

	rectify "github.com/rectify-dev/rectify"
)

func TestLatenessOf(t *testing.T) {
	d := rectify.MustDate
	asOf := d("2024-06-10")
	tests := []struct {
		name      string
		status    rectify.Status
		due, next string
		want      string
		light     rectify.Light
		overdue   int
	}{
		{"overdue twelve days", rectify.StatusInProgress, "2024-05-29", "", "逾期 12 天", rectify.LightRed, 12},
		{"overdue one day", rectify.StatusNotStarted, "2024-06-09", "", "逾期 1 天", rectify.LightRed, 1},
		{"due today", rectify.StatusInProgress, "2024-06-10", "", "今天到期", rectify.LightYellow, 0},
		{"three days left, yellow", rectify.StatusInProgress, "2024-06-13", "", "还有 3 天", rectify.LightYellow, 0},
		{"four days left, green", rectify.StatusInProgress, "2024-06-14", "", "还有 4 天", rectify.LightGreen, 0},
		{"submitted and overdue", rectify.StatusSubmitted, "2024-06-01", "", "逾期 9 天", rectify.LightRed, 9},
		{"no deadline", rectify.StatusInProgress, "", "", "未定时限", rectify.LightGreen, 0},
		{"completed late", rectify.StatusCompleted, "2024-01-01", "", "已完成", rectify.LightNone, 0},
		{"long-term without milestone", rectify.StatusLongTerm, "2024-01-01", "", "长期整改", rectify.LightBlue, 0},
		{"long-term, milestone ahead", rectify.StatusLongTerm, "2024-01-01", "2024-07-10", "距节点还有 30 天", rectify.LightBlue, 0},
		{"long-term, milestone near", rectify.StatusLongTerm, "", "2024-06-12", "距节点还有 2 天", rectify.LightYellow, 0},
		{"long-term, milestone today", rectify.StatusLongTerm, "", "2024-06-10", "今天到节点", rectify.LightYellow, 0},
		{"long-term, milestone passed", rectify.StatusLongTerm, "2024-12-31", "2024-06-05", "节点逾期 5 天", rectify.LightRed, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var due, next rectify.Date
			if tt.due != "" {
				due = d(tt.due)
			}
			if tt.next != "" {
				next = d(tt.next)
			}
			l := rectify.LatenessOf(asOf, tt.status, due, next, 3)
			if got := l.Text(); got != tt.want {
				t.Errorf("Text() = %q, want %q", got, tt.want)
			}
			if l.Light != tt.light {
				t.Errorf("Light = %q, want %q", l.Light, tt.light)
			}
			if want := rectify.LightOf(asOf, tt.status, due, next, 3); l.Light != want {
				t.Errorf("Light = %q, LightOf says %q", l.Light, want)
			}
			if l.Overdue() != tt.overdue {
				t.Errorf("Overdue() = %d, want %d", l.Overdue(), tt.overdue)
			}
		})
	}
}

func TestLatenessAsOfHistory(t *testing.T) {
	d := rectify.MustDate
	p := &rectify.Problem{Due: d("2024-05-31"), History: []rectify.StatusChange{
		sc(rectify.StatusInProgress, "2024-03-05"), sc(rectify.StatusCompleted, "2024-06-10")}}
	tests := []struct {
		name, asOf, want string
	}{
		{"before the deadline", "2024-05-21", "还有 10 天"},
		{"late, still open", "2024-06-09", "逾期 9 天"},
		{"signed off", "2024-06-10", "已完成"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.LatenessAsOf(d(tt.asOf), 3).Text(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMeasureLateness(t *testing.T) {
	d := rectify.MustDate
	tests := []struct {
		name string
		m    rectify.Measure
		want string
	}{
		{"done", rectify.Measure{Due: d("2024-06-01"), Done: d("2024-06-05")}, "已完成"},
		{"done later than asked about", rectify.Measure{Due: d("2024-06-01"), Done: d("2024-06-20")}, "逾期 9 天"},
		{"open, ahead", rectify.Measure{Due: d("2024-06-15")}, "还有 5 天"},
		{"open, no deadline", rectify.Measure{}, "未定时限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := rectify.MeasureLateness(&tt.m, d("2024-06-10"), 3).Text(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
