package jobs

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// DefaultPolicy is when a reminder may be sent again on its day: a failed
// send is tried again by the next runs of the day, three times in all; a
// claim whose process died while sending is taken over after ten minutes
// (sends time out long before).
var DefaultPolicy = store.ClaimPolicy{MaxAttempts: 3, Lease: 10 * time.Minute}

// Reminders sends the reminders (督办提醒) of a day: to each person, one
// message per kind with the items they are reminded of (see Recipients);
// to each unit's group robots, one digest of its yellow and red items.
//
// Each item is reminded at most once a day to each person or group,
// however many runs and processes there are: before a message is sent, the
// run claims its items for the recipient and the day in the database, in
// one transaction (store.ClaimReminders), and the message holds only the
// items this run claimed; an item another run has sent, or is sending, is
// left out, and a message left with no item is not sent. The outcome is
// recorded: a failed send is claimed and sent again by a later run of the
// same day, up to Policy.MaxAttempts times; the next day is a new day. The
// claim is committed before the message goes out (so that a slow mail
// server holds no lock on the database): a process that dies between the
// two leaves a claim that Policy.Lease later becomes free again.
type Reminders struct {
	Store *store.Store
	// Mail sends the messages to people; nil sends none (their items are
	// not claimed, so a run with mail can send them later that day).
	Mail notify.Sender
	// RobotSender returns the sender of a group robot; nil uses
	// notify.DingTalk and notify.WeCom with HTTPClient.
	RobotSender func(Robot) notify.Sender
	// HTTPClient makes the robots' requests; nil uses one with a 10-second
	// timeout.
	HTTPClient *http.Client
	// BaseURL is where the application is served, for links to problems
	// ("https://rectify.example.org"); no links when empty.
	BaseURL string
	Log     *slog.Logger
	// Now is the clock of claims and signatures; time.Now when nil.
	Now func() time.Time
	// Instance names this process in its claims; when empty, each run
	// makes a name of the host, the process ID and a random part.
	Instance string
	// Policy says when a reminder may be claimed again on its day;
	// DefaultPolicy when zero.
	Policy store.ClaimPolicy
	// RobotPerMinute is the most posts to one robot in a minute: DingTalk
	// and WeCom take 20, and refuse more for a while. 0 does not pace.
	// Sleep waits (nil: a timer).
	RobotPerMinute int
	Sleep          func(ctx context.Context, d time.Duration) error
}

// Options say what a run does.
type Options struct {
	// Day is the day of the run, in the server's time zone; the lights and
	// deadlines are those of that day.
	Day rectify.Date
	// Kinds are the kinds of reminder to send; all when nil.
	Kinds []Kind
	// DryRun claims and sends nothing: the report says what would be sent
	// (what no run has sent yet that day).
	DryRun bool
}

// The statuses of a delivery.
const (
	DeliverySent      = "sent"
	DeliveryFailed    = "failed"
	DeliveryDryRun    = "dry-run"    // would be sent
	DeliveryNoChannel = "no-channel" // the person has no mail address, or no mail is configured
)

// Delivery is one message of a run.
type Delivery struct {
	Kind      Kind
	Channel   string // ChannelMail, ChannelDingTalk, ChannelWeCom
	Recipient string // as claimed: user:12, dingtalk:unit:4, wecom:unit:4
	// To says who, for people: "张伟 <zhangwei@example.org>", "钉钉群（水务局）".
	To string
	// Items are the IDs of the items in the message (problems; look-backs
	// for KindRecheck); Taken counts those left out because another run
	// had sent them or was sending them.
	Items []int64
	Taken int
	// Status is one of the Delivery constants; Error says why it failed.
	Status  string
	Error   string
	Message *notify.Message
}

// Report is what a run did, message by message.
type Report struct {
	Day        rectify.Date
	Deliveries []*Delivery
}

// Count returns how many deliveries have status.
func (r *Report) Count(status string) int {
	n := 0
	for _, d := range r.Deliveries {
		if d.Status == status {
			n++
		}
	}
	return n
}

// item is something to remind of: a problem (KindDue, KindEscalation) or a
// look-back (KindRecheck).
type item struct {
	kind    Kind
	id      int64
	problem *rectify.Problem
	recheck *rectify.Recheck
	insp    *rectify.Inspection
	unit    *rectify.Unit
	set     workflow.Settings
	day     rectify.Date // the day of the run
	light   rectify.Light
	due     rectify.Date // the deadline, milestone or look-back date that counts
	// milestone: due is the next milestone of a long-term item.
	milestone bool
	days      int // from the day to due: left when positive, overdue when negative
	// who is responsible: the recipients of the daily digest.
	responsible []Recipient
}

// entry is an item in one person's message, with why they get it.
type entry struct {
	*item
	as []string
}

// digest is one message to be: a recipient and its entries.
type digest struct {
	kind      Kind
	channel   string
	recipient string
	user      *rectify.User // a person, or nil for a group
	unit      *rectify.Unit // the group's unit
	robot     Robot
	entries   []entry
}

// Run sends the reminders of opt.Day and returns what it did. A failed
// send is in the report (and the log), not an error: Run returns an error
// only when the database cannot be read or written.
func (r *Reminders) Run(ctx context.Context, opt Options) (*Report, error) {
	if opt.Day.IsZero() {
		return nil, fmt.Errorf("jobs: remind: no day")
	}
	kinds := opt.Kinds
	if len(kinds) == 0 {
		kinds = Kinds
	}
	g := &gather{r: r, ctx: ctx, day: opt.Day, settings: workflow.New(r.Store).NewSettingsCache(),
		insp: map[int64]*rectify.Inspection{}, problems: map[int64]*rectify.Problem{}}
	if err := g.load(); err != nil {
		return nil, fmt.Errorf("jobs: remind: %w", err)
	}
	report := &Report{Day: opt.Day}
	var done map[store.ReminderKey]bool
	if opt.DryRun {
		var err error
		if done, err = r.doneOn(ctx, opt.Day); err != nil {
			return nil, fmt.Errorf("jobs: remind: %w", err)
		}
	}
	by := r.Instance
	if by == "" {
		by = InstanceName()
	}
	last := map[string][]time.Time{} // robot webhook → its posts in the last minute
	for _, kind := range kinds {
		items, err := g.items(kind)
		if err != nil {
			return nil, fmt.Errorf("jobs: remind %s: %w", kind, err)
		}
		digests, err := g.digests(kind, items)
		if err != nil {
			return nil, fmt.Errorf("jobs: remind %s: %w", kind, err)
		}
		for _, dg := range digests {
			d, err := r.deliver(ctx, opt, by, dg, done, last)
			if err != nil {
				return report, fmt.Errorf("jobs: remind %s: %w", kind, err)
			}
			if d != nil {
				report.Deliveries = append(report.Deliveries, d)
			}
		}
	}
	return report, nil
}

// gather reads what a run needs once.
type gather struct {
	r        *Reminders
	ctx      context.Context
	day      rectify.Date
	settings *workflow.SettingsCache
	units    map[int64]*rectify.Unit
	users    []*rectify.User
	people   []*rectify.Person // the people lists, for the accounts of leaders and owners
	insp     map[int64]*rectify.Inspection
	problems map[int64]*rectify.Problem // with measures and history
}

func (g *gather) load() error {
	units, err := g.r.Store.ListUnits(g.ctx, "")
	if err != nil {
		return err
	}
	g.units = make(map[int64]*rectify.Unit, len(units))
	for _, u := range units {
		g.units[u.ID] = u
	}
	if g.users, err = g.r.Store.ListUsers(g.ctx, ""); err != nil {
		return err
	}
	g.people, err = g.r.Store.ListPeople(g.ctx, "")
	return err
}

func (g *gather) inspection(id int64) (*rectify.Inspection, *rectify.Unit, error) {
	in, ok := g.insp[id]
	if !ok {
		var err error
		if in, err = g.r.Store.GetInspection(g.ctx, id); err != nil {
			return nil, nil, err
		}
		g.insp[id] = in
	}
	return in, g.units[in.UnitID], nil
}

// office returns the inspection with id, its unit and the settings in
// force there; the unit is nil, and the settings zero, for an inspection
// of a unit that is no longer there.
func (g *gather) office(inspectionID int64) (*rectify.Inspection, *rectify.Unit, workflow.Settings, error) {
	in, unit, err := g.inspection(inspectionID)
	if err != nil || unit == nil {
		return in, nil, workflow.Settings{}, err
	}
	set, err := g.settings.For(g.ctx, unit.Path)
	if err != nil {
		return nil, nil, workflow.Settings{}, err
	}
	return in, unit, set, nil
}

func (g *gather) problem(id int64) (*rectify.Problem, error) {
	if p, ok := g.problems[id]; ok {
		return p, nil
	}
	p, err := g.r.Store.GetProblem(g.ctx, id)
	if err != nil {
		return nil, err
	}
	g.problems[id] = p
	return p, nil
}

// openStatuses are the statuses of problems not completed.
func openStatuses() []rectify.Status {
	var out []rectify.Status
	for _, s := range rectify.Statuses {
		if s.Open() {
			out = append(out, s)
		}
	}
	return out
}

// items returns what to remind of in a reminder of kind: for KindDue the
// open problems yellow or red on the day, for KindEscalation those overdue
// by at least their office's escalation days, for KindRecheck the
// look-backs not done and due within the office's warning days or past.
func (g *gather) items(kind Kind) ([]*item, error) {
	if kind == KindRecheck {
		return g.rechecks()
	}
	rows, _, err := g.r.Store.ListProblems(g.ctx, store.ProblemFilter{Statuses: openStatuses(), Sort: store.SortNumber})
	if err != nil {
		return nil, err
	}
	// The rows' current statuses decide cheaply which problems matter;
	// those are read whole, for their history, measures and owners.
	var ids []int64
	for _, row := range rows {
		_, unit, set, err := g.office(row.InspectionID)
		if err != nil {
			return nil, err
		}
		if unit == nil {
			continue
		}
		if l := set.Light(row, g.day); (l == rectify.LightYellow || l == rectify.LightRed) && g.problems[row.ID] == nil {
			ids = append(ids, row.ID)
		}
	}
	full, err := g.r.Store.GetProblems(g.ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range full {
		g.problems[p.ID] = p
	}
	var out []*item
	for _, row := range rows {
		p := g.problems[row.ID]
		if p == nil {
			continue
		}
		in, unit, set, err := g.office(p.InspectionID)
		if err != nil {
			return nil, err
		}
		if unit == nil {
			continue
		}
		it := &item{kind: kind, id: p.ID, problem: p, insp: in, unit: unit, set: set, day: g.day, light: set.Light(p, g.day)}
		status, h := p.StatusAsOf(g.day)
		it.due = p.Due
		if status == rectify.StatusLongTerm {
			it.due, it.milestone = h.NextMilestone, true
		}
		it.days = g.day.DaysUntil(it.due)
		switch kind {
		case KindDue:
			if it.light != rectify.LightYellow && it.light != rectify.LightRed {
				continue
			}
		case KindEscalation:
			if _, escalate := set.Overdue(p, g.day); !escalate {
				continue
			}
		}
		it.responsible = Recipients(KindDue, unit.Path, p, g.day, g.users, g.people)
		out = append(out, it)
	}
	return out, nil
}

// maxWarnDays bounds the warning days an office may set (see workflow).
const maxWarnDays = 60

func (g *gather) rechecks() ([]*item, error) {
	due, err := g.r.Store.ListRechecksDue(g.ctx, g.day.AddDays(maxWarnDays))
	if err != nil {
		return nil, err
	}
	var out []*item
	for _, rc := range due {
		p, err := g.problem(rc.ProblemID)
		if err != nil {
			return nil, err
		}
		in, unit, set, err := g.office(p.InspectionID)
		if err != nil {
			return nil, err
		}
		if unit == nil {
			continue
		}
		days := g.day.DaysUntil(rc.Due)
		if days > set.WarnDays {
			continue
		}
		light := rectify.LightYellow
		if days < 0 {
			light = rectify.LightRed
		}
		out = append(out, &item{kind: KindRecheck, id: rc.ID, problem: p, recheck: rc, insp: in, unit: unit, set: set,
			day: g.day, light: light, due: rc.Due, days: days, responsible: Recipients(KindDue, unit.Path, p, g.day, g.users, g.people)})
	}
	return out, nil
}

// digests groups the items of kind into messages: one per person, and for
// KindDue one per unit and group robot.
func (g *gather) digests(kind Kind, items []*item) ([]*digest, error) {
	people := map[int64]*digest{}
	groups := map[string]*digest{}
	robots := map[int64][]Robot{}
	for _, it := range items {
		for _, rc := range Recipients(kind, it.unit.Path, it.problem, g.day, g.users, g.people) {
			dg := people[rc.User.ID]
			if dg == nil {
				dg = &digest{kind: kind, channel: ChannelMail, recipient: "user:" + strconv.FormatInt(rc.User.ID, 10), user: rc.User}
				people[rc.User.ID] = dg
			}
			dg.entries = append(dg.entries, entry{it, rc.As})
		}
		if kind != KindDue {
			continue
		}
		rbs, ok := robots[it.unit.ID]
		if !ok {
			stored, err := g.r.Store.Settings(g.ctx, workflow.UnitChain(it.unit.Path))
			if err != nil {
				return nil, err
			}
			rbs = RobotsFor(it.unit.Path, stored)
			robots[it.unit.ID] = rbs
		}
		for _, rb := range rbs {
			key := rb.Channel + ":unit:" + strconv.FormatInt(it.unit.ID, 10)
			dg := groups[key]
			if dg == nil {
				dg = &digest{kind: kind, channel: rb.Channel, recipient: key, unit: it.unit, robot: rb}
				groups[key] = dg
			}
			dg.entries = append(dg.entries, entry{it, nil})
		}
	}
	var out []*digest
	for _, id := range slices.Sorted(maps.Keys(people)) {
		out = append(out, people[id])
	}
	for _, key := range slices.Sorted(maps.Keys(groups)) {
		out = append(out, groups[key])
	}
	for _, dg := range out {
		slices.SortFunc(dg.entries, func(a, b entry) int {
			return cmp.Or(cmp.Compare(a.insp.ID, b.insp.ID), lightRank(a.light)-lightRank(b.light),
				cmp.Compare(a.days, b.days), cmp.Compare(a.problem.Number, b.problem.Number), cmp.Compare(a.id, b.id))
		})
	}
	return out, nil
}

// lightRank puts red before yellow.
func lightRank(l rectify.Light) int {
	if l == rectify.LightRed {
		return 0
	}
	return 1
}

// keys returns the claim keys of the digest's entries.
func (dg *digest) keys(day rectify.Date) []store.ReminderKey {
	out := make([]store.ReminderKey, len(dg.entries))
	for i, e := range dg.entries {
		out[i] = store.ReminderKey{Kind: string(dg.kind), ItemID: e.id, Recipient: dg.recipient, Day: day}
	}
	return out
}

// deliver claims, renders and sends one digest, and records the outcome.
// It returns nil when there is nothing to send (every item was taken).
func (r *Reminders) deliver(ctx context.Context, opt Options, by string, dg *digest, done map[store.ReminderKey]bool,
	last map[string][]time.Time) (*Delivery, error) {
	d := &Delivery{Kind: dg.kind, Channel: dg.channel, Recipient: dg.recipient, To: dg.to()}
	if dg.user != nil && (dg.user.Email == "" || r.Mail == nil) {
		d.Status = DeliveryNoChannel
		for _, e := range dg.entries {
			d.Items = append(d.Items, e.id)
		}
		return d, nil
	}
	keys := dg.keys(opt.Day)
	var claimed []store.ReminderKey
	if opt.DryRun {
		for _, k := range keys {
			if !done[k] {
				claimed = append(claimed, k)
			}
		}
	} else {
		var err error
		if claimed, err = r.Store.ClaimReminders(ctx, keys, by, r.policy()); err != nil {
			return nil, err
		}
	}
	d.Taken = len(keys) - len(claimed)
	if len(claimed) == 0 {
		return nil, nil
	}
	mine := map[int64]bool{}
	for _, k := range claimed {
		mine[k.ItemID] = true
	}
	var entries []entry
	for _, e := range dg.entries {
		if mine[e.id] {
			entries = append(entries, e)
			d.Items = append(d.Items, e.id)
		}
	}
	d.Message = r.render(opt.Day, dg, entries)
	if opt.DryRun {
		d.Status = DeliveryDryRun
		return d, nil
	}
	err := r.send(ctx, dg, d.Message, last)
	outcome := ""
	if err != nil {
		outcome = err.Error()
		d.Status, d.Error = DeliveryFailed, outcome
		r.log().Warn("reminder not sent", "kind", dg.kind, "channel", dg.channel, "recipient", dg.recipient,
			"items", len(entries), "err", err)
	} else {
		d.Status = DeliverySent
		r.log().Info("reminder sent", "kind", dg.kind, "channel", dg.channel, "recipient", dg.recipient, "items", len(entries))
	}
	// Recorded even when ctx has ended: the claim must not wait out its lease.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if ferr := r.Store.FinishReminders(fctx, claimed, by, outcome); ferr != nil {
		return d, ferr
	}
	return d, nil
}

// send delivers m to the digest's recipient, pacing posts to one robot.
func (r *Reminders) send(ctx context.Context, dg *digest, m *notify.Message, last map[string][]time.Time) error {
	if dg.user != nil {
		return r.Mail.Send(ctx, m)
	}
	if r.RobotPerMinute > 0 {
		// Wall time, whatever the run's clock: the robots count real minutes.
		recent := last[dg.robot.Webhook]
		for len(recent) > 0 && time.Since(recent[0]) >= time.Minute {
			recent = recent[1:]
		}
		if len(recent) >= r.RobotPerMinute {
			if err := r.sleep(ctx, time.Minute-time.Since(recent[0])); err != nil {
				return err
			}
			recent = recent[1:]
		}
		last[dg.robot.Webhook] = append(recent, time.Now())
	}
	return r.robotSender(dg.robot).Send(ctx, m)
}

func (r *Reminders) robotSender(rb Robot) notify.Sender {
	if r.RobotSender != nil {
		return r.RobotSender(rb)
	}
	client := r.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if rb.Channel == ChannelWeCom {
		return &notify.WeCom{Webhook: rb.Webhook, Client: client}
	}
	return &notify.DingTalk{Webhook: rb.Webhook, Secret: rb.Secret, Client: client, Now: r.Now}
}

func (r *Reminders) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// doneOn returns the keys of day that no run may claim now: sent, being
// sent, or failed too often.
func (r *Reminders) doneOn(ctx context.Context, day rectify.Date) (map[store.ReminderKey]bool, error) {
	list, err := r.Store.ListReminders(ctx, day)
	if err != nil {
		return nil, err
	}
	p := r.policy()
	done := make(map[store.ReminderKey]bool, len(list))
	for _, rm := range list {
		if rm.State != store.ReminderFailed || rm.Attempts >= p.MaxAttempts {
			done[rm.ReminderKey] = true
		}
	}
	return done, nil
}

func (r *Reminders) policy() store.ClaimPolicy {
	if r.Policy.MaxAttempts <= 0 {
		return DefaultPolicy
	}
	return r.Policy
}

func (r *Reminders) log() *slog.Logger {
	if r.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Log
}

// InstanceName returns a name for this process in its claims: the host,
// the process ID and a random part.
func InstanceName() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return host + "/" + strconv.Itoa(os.Getpid()) + "/" + hex.EncodeToString(b[:])
}
