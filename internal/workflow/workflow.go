// Package workflow holds the use cases of rectification work (整改工作流程):
// starting, submitting, signing off and rejecting problems (销号), long-term
// items and their milestones, measures and progress with evidence,
// look-backs (回头看) and rebounds (反弹), random samples for on-site checks,
// accountability (问责) and rules (建章立制), the triage of public opinions
// (群众意见建议), the settings of offices, deadline lights and a problem's
// history. The web pages, the JSON API, the CLI and scheduled jobs all call
// these, so the rules hold whichever way a change comes in.
//
// Inspections typed by hand (inspections.go) split the work by side. The
// office — admins, and reviewers whose scope holds the unit — creates an
// inspection, changes its facts (unit, team, kind, round, period, feedback
// date) and keeps its problem list: findings and problems added, renamed,
// moved and deleted, the list numbered 1…n again after each change and
// guarded by the inspection's version. A unit's editor answers for the
// list but does not rewrite it: within its scope it edits each problem's
// own facts, its measures and progress, and the texts of its notice
// (issuer, title, opening, the organisation and closing sections, the
// public contacts), which it publishes. A problem with progress reports,
// or that waits for sign-off, is or once was signed off, is never deleted;
// a finding only when empty.
//
// The acting user travels in the context (rectify.WithUser), the same user
// the store records as the author of the audit log's entries. Every use case
// checks that the user may act on the unit (rectify.User.InScope) and in
// that role, that the status change is allowed (rectify.CanTransition) and
// the domain's rules, and writes everything in one transaction. Errors are
// *rectify.Error values with a Chinese message: EUNAUTHORIZED without a
// user, EFORBIDDEN outside the user's scope or role, ENOTFOUND, EINVALID
// for bad input (with fields), ETRANSITION for a move the rules refuse (the
// message says why), ECONFLICT for a record changed meanwhile.
package workflow

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// Store is what the use cases need of the database; *store.Store provides
// it. Writes go through Update, in one transaction with their audit log
// entries.
type Store interface {
	ListStore
	// Update runs fn in one transaction; nothing is stored when it fails.
	Update(ctx context.Context, op string, fn func(tx *store.Tx) error) error
	GetProblem(ctx context.Context, id int64) (*rectify.Problem, error)
	ProblemUnit(ctx context.Context, problemID int64) (*rectify.Unit, error)
	GetUnit(ctx context.Context, id int64) (*rectify.Unit, error)
	GetInspection(ctx context.Context, id int64) (*rectify.Inspection, error)
	ListProgress(ctx context.Context, problemID int64) ([]*rectify.Progress, error)
	ListUnquantified(ctx context.Context, limit int) ([]store.UnquantifiedProgress, error)
	ListRechecks(ctx context.Context, problemID int64) ([]*rectify.Recheck, error)
	ListProblems(ctx context.Context, f store.ProblemFilter) ([]*rectify.Problem, int, error)
	CreateRule(ctx context.Context, r *rectify.Rule) error
	CreateAccountability(ctx context.Context, a *rectify.Accountability) error
	Settings(ctx context.Context, unitIDs []int64) ([]store.Setting, error)
	SetSetting(ctx context.Context, unitID int64, name, value string) error
	ProblemHistory(ctx context.Context, problemID int64) ([]store.AuditEntry, error)
	// What the to-do list (待办) reads.
	ListUnits(ctx context.Context, scopePath string) ([]*rectify.Unit, error)
	ListPeople(ctx context.Context, scopePath string) ([]*rectify.Person, error)
	ListInspections(ctx context.Context, f store.InspectionFilter) ([]*rectify.Inspection, error)
	ListProblemsLit(ctx context.Context, f store.ProblemFilter, lf store.LightFilter) ([]*rectify.Problem, int, error)
	ListSentBack(ctx context.Context, scopePath string, limit int) ([]store.SentBack, int, error)
	ListComments(ctx context.Context, f store.CommentFilter) ([]*rectify.PublicComment, int, error)
	ListRechecksIn(ctx context.Context, f store.RecheckFilter) ([]store.RecheckRow, error)
	ListUndelivered(ctx context.Context, f store.UndeliveredFilter) ([]store.Undelivered, int, error)
	// For imports: the unit named name, an inspection's tree, and the
	// unit's inspections by team on a feedback date.
	FindUnitsByName(ctx context.Context, name, scopePath string) ([]*rectify.Unit, error)
	LoadInspection(ctx context.Context, id int64) (*rectify.Inspection, error)
	SameInspections(ctx context.Context, unitID int64, team string, feedback rectify.Date) ([]*rectify.Inspection, error)
	// A large import's removal when it fails, and the imports whose
	// server stopped.
	AbandonImport(ctx context.Context, id int64) error
	StaleImports(ctx context.Context, t time.Time) ([]int64, error)
	// What a supervision order (督办单) reads besides.
	GetProblems(ctx context.Context, ids []int64) ([]*rectify.Problem, error)
	// The public result of a problem: its choice and its reports.
	ProblemPublic(ctx context.Context, id int64) (rectify.Public, error)
	ListChangeRequests(ctx context.Context, problemID int64) ([]*rectify.ChangeRequest, error)
	ListPendingChanges(ctx context.Context, scopePath string, limit int) ([]store.PendingChange, int, error)
}

// Service runs the use cases on a store.
type Service struct {
	Store Store
	// Now is the clock: "today" for status changes, deadlines and
	// look-backs. Tests and replays set it; it defaults to time.Now.
	Now func() time.Time

	// views keeps the answers of SignOffJSON, made on first use.
	viewsOnce sync.Once
	views     *signOffCache
}

// New returns a service on st with the real clock.
func New(st Store) *Service {
	return &Service{Store: st, Now: time.Now}
}

// today returns the day by the service's clock.
func (s *Service) today() rectify.Date {
	now := s.Now
	if now == nil {
		now = time.Now
	}
	return rectify.DateOf(now())
}

// actingUser returns the user in ctx, or EUNAUTHORIZED.
func actingUser(ctx context.Context) (*rectify.User, error) {
	u := rectify.UserFrom(ctx)
	if u == nil {
		return nil, rectify.Errorf(rectify.EUNAUTHORIZED, "请先登录")
	}
	if u.Disabled {
		return nil, rectify.Errorf(rectify.EFORBIDDEN, "账号已停用")
	}
	return u, nil
}

// writer returns the user in ctx when the user may change the record.
func writer(ctx context.Context) (*rectify.User, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, err
	}
	if u.Role == rectify.RoleViewer || !u.Role.Valid() {
		return nil, rectify.Errorf(rectify.EFORBIDDEN, "查看人员不能修改记录")
	}
	return u, nil
}

// reviewer returns the user in ctx when the user acts for the inspecting
// side (巡察办, 巡察组, 纪委): admins and reviewers.
func reviewer(ctx context.Context, what string) (*rectify.User, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, err
	}
	if u.Actor() != rectify.ActorReviewer {
		return nil, rectify.Errorf(rectify.EFORBIDDEN, "只有审核人员（巡察办、巡察组）才能%s", what)
	}
	return u, nil
}

// inScope returns EFORBIDDEN unless the unit lies within the user's scope.
func inScope(u *rectify.User, unit *rectify.Unit) error {
	if !u.InScope(unit.Path) {
		return rectify.Errorf(rectify.EFORBIDDEN, "无权处理“%s”的记录", unit.Name)
	}
	return nil
}

// authorName is what status changes and reports record as their author.
func authorName(u *rectify.User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Login
}

// wrap prefixes err with the use case's name.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("workflow: %s: %w", op, err)
}

// required returns EINVALID naming field when text is blank or longer than
// maxRunes.
func required(field, label, text string, maxRunes int) error {
	var v rectify.Invalid
	switch {
	case strings.TrimSpace(text) == "":
		v.Add(field, "请填写"+label)
	case utf8.RuneCountInString(text) > maxRunes:
		v.Add(field, fmt.Sprintf("%s不能超过%d个字", label, maxRunes))
	}
	return v.Err()
}

// clip returns s cut to n runes, with an ellipsis when cut.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
