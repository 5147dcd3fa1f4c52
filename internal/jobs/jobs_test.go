package jobs_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/jobs"
	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/notify/notifytest"
	"github.com/rectify-dev/rectify/internal/store"
)

var shanghai = jobs.DefaultLocation()

func TestTaskNext(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	daily := jobs.Task{At: 3 * time.Hour}
	tests := []struct {
		name string
		task jobs.Task
		now  time.Time
		want time.Time
	}{
		{"every: one period on", jobs.Task{Every: 30 * time.Minute}, at("2024-03-01 08:10"), at("2024-03-01 08:40")},
		{"daily: later the same day", daily, at("2024-03-01 02:59"), at("2024-03-01 03:00")},
		{"daily: at its time, the next day", daily, at("2024-03-01 03:00"), at("2024-03-02 03:00")},
		{"daily: in the server's zone, whatever the clock's", daily, at("2024-03-01 20:00").UTC(), at("2024-03-02 03:00")},
		{"daily: across a month's end", daily, at("2024-02-29 23:00"), at("2024-03-01 03:00")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.task.Next(tt.now, shanghai); !got.Equal(tt.want) {
				t.Errorf("next %v, want %v", got.In(shanghai), tt.want)
			}
		})
	}
}

// syncBuffer is a log destination safe for several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestScheduler replays three days on a fake clock, in steps of ten
// minutes: every task runs at its times, a task that panics or fails is
// logged and runs again, and stopping waits for the run under way.
func TestScheduler(t *testing.T) {
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, shanghai)
	clock := newFakeClock(start)
	var logs syncBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))

	var mu sync.Mutex
	runs := map[string][]time.Time{}
	record := func(name string, now time.Time) {
		mu.Lock()
		defer mu.Unlock()
		runs[name] = append(runs[name], now)
	}
	s := jobs.NewScheduler(clock, shanghai, log,
		jobs.Task{Name: "hourly", Every: time.Hour, Run: func(_ context.Context, now time.Time) error {
			record("hourly", now)
			return nil
		}},
		jobs.Task{Name: "daily", At: 3 * time.Hour, Run: func(_ context.Context, now time.Time) error {
			record("daily", now)
			return nil
		}},
		jobs.Task{Name: "panics", Every: 2 * time.Hour, Run: func(_ context.Context, now time.Time) error {
			record("panics", now)
			panic("a report without a unit")
		}},
		jobs.Task{Name: "fails", Every: 3 * time.Hour, Run: func(_ context.Context, now time.Time) error {
			record("fails", now)
			return errors.New("database unreachable")
		}},
	)
	stop := s.Start(context.Background())
	for range 3 * 24 * 6 {
		clock.waitFor(t, 4)
		clock.advance(10 * time.Minute)
	}
	clock.waitFor(t, 4)
	stop()
	stop() // a second stop is harmless

	mu.Lock()
	defer mu.Unlock()
	for name, want := range map[string]int{"hourly": 72, "daily": 3, "panics": 36, "fails": 24} {
		if got := len(runs[name]); got != want {
			t.Errorf("%s ran %d times in three days, want %d", name, got, want)
		}
	}
	for i, at := range runs["daily"] {
		if want := start.AddDate(0, 0, i).Add(3 * time.Hour); !at.Equal(want) {
			t.Errorf("daily run %d at %v, want %v", i, at, want)
		}
	}
	for i, at := range runs["hourly"] {
		if want := start.Add(time.Duration(i+1) * time.Hour); !at.Equal(want) {
			t.Errorf("hourly run %d at %v, want %v", i, at, want)
			break
		}
	}
	out := logs.String()
	for _, want := range []string{`msg="task panicked" task=panics`, "a report without a unit",
		`msg="task failed" task=fails err="jobs: fails: database unreachable"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log does not say %q", want)
		}
	}
}

func TestSchedulerStopWaits(t *testing.T) {
	clock := newFakeClock(time.Date(2024, 3, 1, 9, 0, 0, 0, shanghai))
	started := make(chan struct{})
	var finished bool
	s := jobs.NewScheduler(clock, shanghai, nil, jobs.Task{Name: "slow", Every: time.Minute,
		Run: func(ctx context.Context, _ time.Time) error {
			close(started)
			<-ctx.Done() // a long run that ends when told
			finished = true
			return ctx.Err()
		}})
	stop := s.Start(context.Background())
	clock.waitFor(t, 1)
	clock.advance(time.Minute)
	<-started
	stop()
	if !finished {
		t.Fatal("stop returned before the run under way ended")
	}
}

func TestRunOnce(t *testing.T) {
	var ran []string
	s := jobs.NewScheduler(nil, shanghai, nil,
		jobs.Task{Name: "a", Every: time.Hour, Run: func(context.Context, time.Time) error { ran = append(ran, "a"); return nil }},
		jobs.Task{Name: "b", At: time.Hour, Run: func(context.Context, time.Time) error { ran = append(ran, "b"); panic("b broke") }},
	)
	err := s.RunOnce(context.Background(), "b", "a", "c")
	if err == nil || !strings.Contains(err.Error(), "jobs: b: panic: b broke") || !strings.Contains(err.Error(), `no task "c"`) {
		t.Errorf("error %v", err)
	}
	if strings.Join(ran, ",") != "b,a" {
		t.Errorf("ran %v", ran)
	}
	ran = nil
	if err := s.RunOnce(context.Background()); err == nil || strings.Join(ran, ",") != "a,b" {
		t.Errorf("every task: ran %v, error %v", ran, err)
	}
}

// TestNew replays two days of rectify's scheduled work on a fake clock:
// reminders go out from 08:30, within the reminding hours only, once a
// day; expired sessions and old reminder records are removed.
func TestNew(t *testing.T) {
	smtpd := notifytest.NewSMTPServer(t, notifytest.SMTPOptions{})
	c := newCounty(t, nil)
	ctx := rectify.AsSystem(context.Background())
	start := time.Date(2024, 3, 12, 0, 0, 0, 0, shanghai)
	clock := newFakeClock(start)
	c.s.Now = clock.Now
	mail, err := notify.ParseSMTP("smtp://"+smtpd.Addr, "xcb@example.org")
	ok(t, err)
	var logs syncBuffer
	s := jobs.New(jobs.Deps{Store: c.s, Clock: clock, Location: shanghai, Mail: mail, BaseURL: baseURL,
		Log: slog.New(slog.NewTextHandler(&logs, nil)), KeepReminders: time.Hour})
	var names []string
	for _, task := range s.Tasks() {
		names = append(names, task.Name)
	}
	if got := strings.Join(names, " "); got != "remind escalate rechecks sessions search quantities similar optimize forget-reminders" {
		t.Errorf("tasks: %s", got)
	}
	u, err := c.s.GetUserByLogin(ctx, "zhangwei")
	ok(t, err)
	ok(t, c.s.CreateSession(ctx, &store.Session{ID: "expired", UserID: u.ID, Expires: start.Add(90 * time.Minute)}))

	stop := s.Start(ctx)
	mailsAt := map[string]int{} // local time → mails sent by then
	for range 2 * 24 * 6 {
		clock.waitFor(t, len(names))
		clock.advance(10 * time.Minute)
		clock.waitFor(t, len(names))
		mailsAt[clock.Now().In(shanghai).Format("01-02 15:04")] = len(smtpd.Mails())
	}
	stop()

	// 张伟, 王五, 钱七 and 刘审核 (the look-back, the escalation of P5) on
	// the 12th; on the 13th 刘审核's escalation and 王五's too.
	for _, tt := range []struct {
		at   string
		want int
	}{
		{"03-12 08:20", 0}, {"03-12 08:30", 5}, {"03-12 17:50", 5}, {"03-13 08:20", 5}, {"03-13 08:30", 11}, {"03-14 00:00", 11},
	} {
		if got := mailsAt[tt.at]; got != tt.want {
			t.Errorf("mails by %s: %d, want %d", tt.at, got, tt.want)
		}
	}
	if _, _, err := c.s.GetSession(ctx, "expired", start); err == nil {
		t.Error("the expired session is still there")
	}
	if old, err := c.s.ListReminders(ctx, d("2024-03-12")); err != nil || len(old) != 0 {
		t.Errorf("the 12th's reminders after a day: %d (%v)", len(old), err)
	}
	if recent, err := c.s.ListReminders(ctx, d("2024-03-13")); err != nil || len(recent) == 0 {
		t.Errorf("the 13th's reminders: %d (%v)", len(recent), err)
	}
	// The copied texts were analysed in the night, for 质量分析.
	if run, err := c.s.LastSimilarRun(ctx); err != nil || run.Built.In(shanghai).Format("15:04") != "02:30" {
		t.Errorf("the nightly analysis of copied texts: %+v (%v)", run, err)
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", logs.String())
	}
}
