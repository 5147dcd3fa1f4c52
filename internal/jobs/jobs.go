// Package jobs runs rectify's scheduled work: the reminders (督办提醒) — a
// daily digest to each responsible person of what is yellow or red,
// escalation of what has been red too long, reminders of look-backs
// (回头看) due — delivered by mail and group robots exactly once per item,
// person and day; and housekeeping (expired sessions, search texts, the
// planner's statistics, old reminder records).
//
// Work is a table of named tasks, each run every period or daily at a time
// of day in the server's time zone (Asia/Shanghai unless told otherwise),
// on an injected clock: a Scheduler started with the server and waited for
// on shutdown, where one task's error or panic is logged and stops no
// other. The same tasks run once from the command line (rectify remind).
package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// Clock is the time the scheduler goes by. Tests replace it to replay
// weeks without waiting.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives the time once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns time.Now().
func (SystemClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// DefaultLocation returns the time zone of China (Asia/Shanghai), where the
// days of deadlines and reminders turn; a fixed UTC+8 when the system has
// no time zone data (China keeps no summer time, so the two agree).
func DefaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*60*60)
}

// Task is a named piece of scheduled work.
type Task struct {
	Name string
	// Every runs the task every period, the first time one period after
	// the start.
	Every time.Duration
	// At, when Every is zero, runs the task daily at this time of day (an
	// offset from midnight) in the scheduler's time zone.
	At time.Duration
	// Run does the work; now is the clock's time when the run starts. An
	// error is logged and the task runs again at its next time.
	Run func(ctx context.Context, now time.Time) error
}

// Next returns when the task runs next after now, in loc.
func (t Task) Next(now time.Time, loc *time.Location) time.Time {
	if t.Every > 0 {
		return now.Add(t.Every)
	}
	local := now.In(loc)
	y, m, d := local.Date()
	next := time.Date(y, m, d, 0, 0, 0, 0, loc).Add(t.At)
	for !next.After(now) {
		d++
		next = time.Date(y, m, d, 0, 0, 0, 0, loc).Add(t.At)
	}
	return next
}

// Scheduler runs tasks at their times until stopped.
type Scheduler struct {
	tasks []Task
	clock Clock
	loc   *time.Location
	log   *slog.Logger
}

// NewScheduler returns a scheduler of tasks on clock (nil: the system's) in
// the time zone loc (nil: DefaultLocation), logging to log (nil: nowhere).
func NewScheduler(clock Clock, loc *time.Location, log *slog.Logger, tasks ...Task) *Scheduler {
	if clock == nil {
		clock = SystemClock{}
	}
	if loc == nil {
		loc = DefaultLocation()
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Scheduler{tasks: tasks, clock: clock, loc: loc, log: log}
}

// Tasks returns the scheduler's tasks.
func (s *Scheduler) Tasks() []Task { return append([]Task(nil), s.tasks...) }

// Start runs every task at its times, each in its own goroutine, until ctx
// ends or stop is called; stop then waits for the runs under way to return
// (they see their context end) and may be called more than once.
func (s *Scheduler) Start(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for _, t := range s.tasks {
		wg.Go(func() { s.loop(ctx, t) })
	}
	s.log.Info("scheduler started", "tasks", len(s.tasks))
	return func() {
		cancel()
		wg.Wait()
	}
}

func (s *Scheduler) loop(ctx context.Context, t Task) {
	for {
		now := s.clock.Now()
		next := t.Next(now, s.loc)
		select {
		case <-ctx.Done():
			return
		case <-s.clock.After(next.Sub(now)):
		}
		if ctx.Err() != nil {
			return
		}
		_ = s.run(ctx, t) // logged
	}
}

// RunOnce runs the tasks named (every task when none is named) once, one
// after the other, and returns their errors joined; an unknown name is an
// error.
func (s *Scheduler) RunOnce(ctx context.Context, names ...string) error {
	var errs []error
	if len(names) == 0 {
		for _, t := range s.tasks {
			errs = append(errs, s.run(ctx, t))
		}
		return errors.Join(errs...)
	}
	for _, name := range names {
		found := false
		for _, t := range s.tasks {
			if t.Name == name {
				found = true
				errs = append(errs, s.run(ctx, t))
			}
		}
		if !found {
			errs = append(errs, fmt.Errorf("jobs: no task %q", name))
		}
	}
	return errors.Join(errs...)
}

// run runs t once, turning a panic into an error, and logs the outcome.
func (s *Scheduler) run(ctx context.Context, t Task) (err error) {
	start := s.clock.Now()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: %s: panic: %v", t.Name, p)
			s.log.Error("task panicked", "task", t.Name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			return
		}
		took := s.clock.Now().Sub(start)
		switch {
		case err != nil && ctx.Err() != nil:
			s.log.Info("task stopped", "task", t.Name, "err", err)
		case err != nil:
			err = fmt.Errorf("jobs: %s: %w", t.Name, err)
			s.log.Error("task failed", "task", t.Name, "err", err, "took", took)
		default:
			s.log.Debug("task done", "task", t.Name, "took", took)
		}
	}()
	// Scheduled work is no person's: what it records is the system's.
	return t.Run(rectify.AsSystem(ctx), start)
}

// Deps are what the scheduled work needs.
type Deps struct {
	Store *store.Store
	Log   *slog.Logger
	// Clock is the scheduler's; nil is the system's.
	Clock Clock
	// Location is the server's time zone, where days turn; nil is
	// DefaultLocation.
	Location *time.Location
	// Mail sends reminders to people; nil sends none.
	Mail notify.Sender
	// HTTPClient posts to group robots; nil uses one with a 10-second timeout.
	HTTPClient *http.Client
	// BaseURL is where the application is served, for links in messages.
	BaseURL string
	// RemindHours are the hours when reminders go out, from and until a
	// time of day in Location (08:30 to 18:00 when zero); RemindEvery is
	// how often they are looked for within those hours (30 minutes when
	// zero): the first run of the day sends the digests, later ones what
	// has turned yellow or red since and the sends that failed.
	RemindHours [2]time.Duration
	RemindEvery time.Duration
	// KeepReminders is how long the records of reminders are kept (180
	// days when zero).
	KeepReminders time.Duration
	// Backups, when its Dir is set, makes copies of the database.
	Backups Backups
}

func (d Deps) withDefaults() Deps {
	if d.Clock == nil {
		d.Clock = SystemClock{}
	}
	if d.Location == nil {
		d.Location = DefaultLocation()
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.RemindHours == [2]time.Duration{} {
		d.RemindHours = [2]time.Duration{8*time.Hour + 30*time.Minute, 18 * time.Hour}
	}
	if d.RemindEvery == 0 {
		d.RemindEvery = 30 * time.Minute
	}
	if d.KeepReminders == 0 {
		d.KeepReminders = 180 * 24 * time.Hour
	}
	return d
}

// Reminders returns the sender of reminders of d, on d's clock.
func (d Deps) Reminders() *Reminders {
	d = d.withDefaults()
	return &Reminders{Store: d.Store, Mail: d.Mail, HTTPClient: d.HTTPClient, BaseURL: d.BaseURL, Log: d.Log,
		Now: d.Clock.Now, Instance: InstanceName(), RobotPerMinute: 18}
}

// Today returns the day it is at now in d's time zone.
func (d Deps) Today(now time.Time) rectify.Date {
	return rectify.DateOf(now.In(d.withDefaults().Location))
}

// The names of the tasks New schedules.
const (
	TaskRemind         = "remind"           // the daily digest of yellow and red items
	TaskEscalate       = "escalate"         // red too long: to the leader and the office
	TaskRechecks       = "rechecks"         // look-backs due: to the reviewers
	TaskSessions       = "sessions"         // remove expired sessions, import drafts, stopped imports and old counts of logins and the public form
	TaskSearch         = "search"           // rebuild stale search texts
	TaskOptimize       = "optimize"         // refresh the planner's statistics
	TaskForgetReminder = "forget-reminders" // remove old records of reminders
	TaskBackup         = "backup"           // a copy of the database, with --backup-dir
	TaskSimilar        = "similar"          // find copied texts across the record for 质量分析
	TaskQuantities     = "quantities"       // read the figures of progress reports stored without a form
)

// New returns the scheduler of rectify's work: the three kinds of reminder
// every RemindEvery within the reminding hours, expired sessions hourly,
// stale search texts and the figures of progress reports stored without a
// form every ten minutes, copied texts across the record
// (质量分析) daily at 02:30, the planner's statistics daily at 03:00 and
// old reminder records daily at 03:30. Start it with the server:
//
//	stop := jobs.New(deps).Start(ctx)
//	defer stop()
func New(d Deps) *Scheduler {
	d = d.withDefaults()
	rem := d.Reminders()
	remind := func(kind Kind) func(ctx context.Context, now time.Time) error {
		return func(ctx context.Context, now time.Time) error {
			local := now.In(d.Location)
			y, m, day := local.Date()
			tod := local.Sub(time.Date(y, m, day, 0, 0, 0, 0, d.Location))
			if tod < d.RemindHours[0] || tod >= d.RemindHours[1] {
				return nil // nobody is reminded at night
			}
			_, err := rem.Run(ctx, Options{Day: rectify.DateOf(local), Kinds: []Kind{kind}})
			return err
		}
	}
	tasks := []Task{
		{Name: TaskRemind, Every: d.RemindEvery, Run: remind(KindDue)},
		{Name: TaskEscalate, Every: d.RemindEvery, Run: remind(KindEscalation)},
		{Name: TaskRechecks, Every: d.RemindEvery, Run: remind(KindRecheck)},
		{Name: TaskSessions, Every: time.Hour, Run: func(ctx context.Context, now time.Time) error {
			n, err := d.Store.DeleteExpiredSessions(ctx, now)
			if n > 0 {
				d.Log.Debug("expired sessions removed", "count", n)
			}
			if err != nil {
				return err
			}
			// The login limiter looks back half an hour; a day of failures
			// is kept for whoever reads the database after an attack.
			if _, err = d.Store.DeleteLoginFailuresBefore(ctx, now.Add(-24*time.Hour)); err != nil {
				return err
			}
			// The public form's counts look back a day at most.
			if _, err = d.Store.DeletePublicEventsBefore(ctx, now.Add(-48*time.Hour)); err != nil {
				return err
			}
			// Uploads never confirmed go when they expire.
			if _, err = d.Store.DeleteExpiredDrafts(ctx, now); err != nil {
				return err
			}
			// Imports in batches whose server stopped go after an hour.
			stopped, err := workflow.New(d.Store).AbandonStaleImports(ctx, now)
			if stopped > 0 {
				d.Log.Info("stopped imports removed", "count", stopped)
			}
			return err
		}},
		{Name: TaskSearch, Every: 10 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
			return d.Store.FlushSearch(ctx)
		}},
		{Name: TaskQuantities, Every: 10 * time.Minute, Run: func(ctx context.Context, _ time.Time) error {
			n, err := workflow.New(d.Store).QuantifyPending(ctx)
			if n > 0 {
				d.Log.Info("figures of progress reports read", "reports", n)
			}
			return err
		}},
		{Name: TaskSimilar, At: 2*time.Hour + 30*time.Minute, Run: func(ctx context.Context, now time.Time) error {
			rep, err := workflow.RebuildSimilar(ctx, d.Store, now)
			if err == nil {
				d.Log.Info("copied texts analysed", "texts", rep.Texts, "clusters", len(rep.Clusters))
			}
			return err
		}},
		{Name: TaskOptimize, At: 3 * time.Hour, Run: func(ctx context.Context, _ time.Time) error {
			return d.Store.Optimize(ctx)
		}},
		{Name: TaskForgetReminder, At: 3*time.Hour + 30*time.Minute, Run: func(ctx context.Context, now time.Time) error {
			before := rectify.DateOf(now.In(d.Location).Add(-d.KeepReminders))
			_, err := d.Store.DeleteRemindersBefore(ctx, before)
			return err
		}},
	}
	if d.Backups.Dir != "" {
		every := d.Backups.Every
		if every <= 0 {
			every = 24 * time.Hour
		}
		tasks = append(tasks, Task{Name: TaskBackup, Every: every, Run: func(ctx context.Context, now time.Time) error {
			path, err := d.Backups.Run(ctx, d.Store, now.In(d.Location))
			if err == nil {
				d.Log.Info("database backed up", "path", path)
			}
			return err
		}})
	}
	return NewScheduler(d.Clock, d.Location, d.Log, tasks...)
}
