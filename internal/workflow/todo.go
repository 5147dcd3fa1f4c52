package workflow

import (
	"context"
	"slices"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// ToDo is a person's to-do list (待办): what is theirs to do now, each part
// with at most the limit asked for and how many there are in all.
type ToDo struct {
	AsOf rectify.Date `json:"as_of"`
	// Late are the open problems of the user's scope whose light is red or
	// yellow, red first; Mine marks those whose leader is the user.
	Late      []ToDoProblem `json:"late"`
	LateTotal int           `json:"late_total"`
	// SentBack are the problems a reviewer sent back, with the reason, that
	// their unit has not submitted again (units and admins).
	SentBack      []ToDoSentBack `json:"sent_back"`
	SentBackTotal int            `json:"sent_back_total"`
	// SignOff are the problems waiting for sign-off (reviewers and admins).
	SignOff      []ToDoProblem `json:"sign_off"`
	SignOffTotal int           `json:"sign_off_total"`
	// Comments are the public opinions waiting for the user: to be
	// triaged by the office, to be answered by the unit.
	Comments      []*rectify.PublicComment `json:"comments"`
	CommentsTotal int                      `json:"comments_total"`
	// Rechecks are the look-backs not done and due within the warning
	// window or past (reviewers and admins).
	Rechecks      []ToDoRecheck `json:"rechecks"`
	RechecksTotal int           `json:"rechecks_total"`
	// Undelivered are the reminders given up after their last try in the
	// last UndeliveredDays days and not delivered since (reviewers and
	// admins).
	Undelivered      []ToDoUndelivered `json:"undelivered"`
	UndeliveredTotal int               `json:"undelivered_total"`
	// Changes are the units' change requests waiting for a decision
	// (变更申请; reviewers and admins).
	Changes      []ToDoChange `json:"changes"`
	ChangesTotal int          `json:"changes_total"`
}

// ToDoChange is a change request waiting for a reviewer, with its
// problem's number and title.
type ToDoChange struct {
	Request *rectify.ChangeRequest `json:"request"`
	Number  int                    `json:"number"`
	Title   string                 `json:"title"`
}

// Total is how many entries the to-do list has in all.
func (t *ToDo) Total() int {
	return t.LateTotal + t.SentBackTotal + t.SignOffTotal + t.CommentsTotal + t.RechecksTotal + t.UndeliveredTotal + t.ChangesTotal
}

// ToDoProblem is a problem in a to-do list.
type ToDoProblem struct {
	Problem  *rectify.Problem `json:"problem"` // without measures or history
	UnitName string           `json:"unit_name"`
	// Source is the kind of rectification of the problem's inspection
	// (xuncha 巡察, audit 审计 …), so that one list of every kind says
	// which each entry is.
	Source   rectify.Source   `json:"source" doc:"整改来源：xuncha 巡察，xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"`
	Lateness rectify.Lateness `json:"lateness"`
	// Mine is set when the problem's leader (责任领导) is the user.
	Mine bool `json:"mine,omitempty"`
}

// ToDoSentBack is a problem sent back to its unit.
type ToDoSentBack struct {
	Problem  *rectify.Problem `json:"problem"`
	UnitName string           `json:"unit_name"`
	Source   rectify.Source   `json:"source" doc:"整改来源：xuncha 巡察，xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"`
	Date     rectify.Date     `json:"date" doc:"退回日期"`
	By       string           `json:"by" doc:"退回人"`
	Reason   string           `json:"reason" doc:"退回理由"`
}

// ToDoRecheck is a look-back due.
type ToDoRecheck struct {
	Recheck  *rectify.Recheck `json:"recheck"`
	Problem  *rectify.Problem `json:"problem"` // ID, number, title, status
	UnitName string           `json:"unit_name"`
	Source   rectify.Source   `json:"source" doc:"整改来源：xuncha 巡察，xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"`
	Lateness rectify.Lateness `json:"lateness" doc:"离回头看日期还有或已超过几天"`
}

// ToDoUndelivered is a reminder given up.
type ToDoUndelivered struct {
	Kind      string           `json:"kind" doc:"due 临期或逾期提醒，escalation 升级督办，recheck 回头看提醒"`
	Recipient string           `json:"recipient" doc:"user:12 账号，dingtalk:unit:4 或 wecom:unit:4 单位的群机器人"`
	Day       rectify.Date     `json:"day"`
	Attempts  int              `json:"attempts"`
	Error     string           `json:"error" doc:"最后一次发送失败的原因"`
	Problem   *rectify.Problem `json:"problem"` // ID, number, title
	UnitName  string           `json:"unit_name"`
	Source    rectify.Source   `json:"source" doc:"整改来源：xuncha 巡察，xunshi 巡视，audit 审计，environment 生态环境督察，supervision 督查，other 其他"`
}

// UndeliveredDays is how many days back the to-do list looks for
// reminders given up.
const UndeliveredDays = 7

// undeliveredAttempts is how many tries a day a reminder gets before it is
// given up (the jobs' claim policy).
const undeliveredAttempts = 3

// ToDo returns the to-do list of the user in ctx as of today: each part at
// most limit long (at most 200), with its total; with limit 0 only the
// totals (what the navigation shows on every page). It returns
// EUNAUTHORIZED without a user.
func (s *Service) ToDo(ctx context.Context, limit int) (*ToDo, error) {
	return s.toDo(ctx, limit, true, "")
}

// ToDoOf is ToDo narrowed to one kind of rectification (审计, 生态环境督察
// …): the red and yellow problems, those sent back, those waiting for
// sign-off and the look-backs due are of inspections of source only;
// public opinions and reminders not delivered are as ToDo gives them
// (each reminder names its problem's kind). The zero source is ToDo.
// Errors as ToDo's, and EINVALID for an unknown source.
func (s *Service) ToDoOf(ctx context.Context, limit int, source rectify.Source) (*ToDo, error) {
	if source != "" && !source.Valid() {
		return nil, wrap("to-do", source.Validate())
	}
	return s.toDo(ctx, limit, true, source)
}

// ToDoActions returns the totals of the to-do list but the red and yellow
// problems (LateTotal 0): what the pages' navigation asks on every page,
// counting the lights from the facts it keeps in memory instead. Errors as
// ToDo's.
func (s *Service) ToDoActions(ctx context.Context) (*ToDo, error) {
	return s.toDo(ctx, 0, false, "")
}

// toDo is ToDo, with the red and yellow problems left out unless late.
func (s *Service) toDo(ctx context.Context, limit int, late bool, source rectify.Source) (*ToDo, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, wrap("to-do", err)
	}
	counts := limit <= 0
	limit = min(max(limit, 1), 200)
	today := s.today()
	t := &ToDo{AsOf: today, Late: []ToDoProblem{}, SentBack: []ToDoSentBack{}, SignOff: []ToDoProblem{}, Changes: []ToDoChange{},
		Comments: []*rectify.PublicComment{}, Rechecks: []ToDoRecheck{}, Undelivered: []ToDoUndelivered{}}
	units, err := s.Store.ListUnits(ctx, u.ScopePath)
	if err != nil {
		return nil, wrap("to-do", err)
	}
	names := make(map[int64]string, len(units))
	paths := make(map[int64]string, len(units))
	for _, unit := range units {
		names[unit.ID], paths[unit.ID] = unit.Name, unit.Path
	}
	// The people lists tell which leaders are the user (林春燕（副局长）
	// is the account the list links to 林春燕); counting lists no one.
	var people []*rectify.Person
	if !counts {
		if people, err = s.Store.ListPeople(ctx, ""); err != nil {
			return nil, wrap("to-do", err)
		}
	}
	def, own, err := WarnWindows(ctx, s.Store, units, u.ScopePath)
	if err != nil {
		return nil, wrap("to-do", err)
	}
	office := u.Actor() == rectify.ActorReviewer
	unitOf, sourceOf := map[int64]int64{}, map[int64]rectify.Source{}
	if !counts || source != "" {
		if unitOf, sourceOf, err = s.inspectionsIn(ctx, u.ScopePath); err != nil {
			return nil, wrap("to-do", err)
		}
	}
	item := func(p *rectify.Problem) ToDoProblem {
		warn := def
		if w, ok := own[unitOf[p.InspectionID]]; ok {
			warn = w
		}
		return ToDoProblem{Problem: p, UnitName: names[unitOf[p.InspectionID]], Source: sourceOf[p.InspectionID],
			Lateness: rectify.LatenessOf(today, p.Status, p.Due, p.NextMilestone, warn),
			Mine:     rectify.IsNamed(p.Leader, paths[unitOf[p.InspectionID]], people, u)}
	}

	// Red first, then yellow, each by deadline; only counted, both at once.
	lights := [][]rectify.Light{{rectify.LightRed}, {rectify.LightYellow}}
	switch {
	case !late:
		lights = nil
	case counts:
		lights = [][]rectify.Light{{rectify.LightRed, rectify.LightYellow}}
	}
	for _, light := range lights {
		lf := store.LightFilter{Lights: light, AsOf: today, WarnDays: def, UnitWarnDays: own}
		sort := store.SortDue
		if counts {
			sort = store.SortNumber // the first row in the index's order: no sort of them all
		}
		ps, n, err := s.Store.ListProblemsLit(ctx, store.ProblemFilter{ScopePath: u.ScopePath, Source: source, Sort: sort,
			Limit: max(limit-len(t.Late), 1)}, lf)
		if err != nil {
			return nil, wrap("to-do", err)
		}
		t.LateTotal += n
		for _, p := range ps {
			if !counts && len(t.Late) < limit {
				t.Late = append(t.Late, item(p))
			}
		}
	}
	// The user's own first, keeping the order otherwise.
	slices.SortStableFunc(t.Late, func(a, b ToDoProblem) int {
		switch {
		case a.Mine == b.Mine:
			return 0
		case a.Mine:
			return -1
		}
		return 1
	})

	if u.Role != rectify.RoleReviewer {
		sb, n, err := s.Store.ListSentBack(ctx, u.ScopePath, limit)
		if err != nil {
			return nil, wrap("to-do", err)
		}
		t.SentBackTotal = n
		if source != "" {
			// Few are sent back at once: narrowed here, counted from those read.
			sb = slices.DeleteFunc(sb, func(b store.SentBack) bool { return sourceOf[b.Problem.InspectionID] != source })
			t.SentBackTotal = len(sb)
		}
		for _, b := range sb[:min(len(sb), itemLimit(counts, limit))] {
			t.SentBack = append(t.SentBack, ToDoSentBack{Problem: b.Problem, UnitName: b.UnitName, Source: sourceOf[b.Problem.InspectionID],
				Date: b.Date, By: b.By, Reason: b.Reason})
		}
	}
	if office {
		// Counting only, the first row in the index's order of status and
		// deadline: no sort of them all by the time of their last change.
		sort := store.SortUpdated
		if counts {
			sort = store.SortDue
		}
		ps, n, err := s.Store.ListProblems(ctx, store.ProblemFilter{ScopePath: u.ScopePath, Source: source,
			Statuses: []rectify.Status{rectify.StatusSubmitted}, Sort: sort, Limit: limit})
		if err != nil {
			return nil, wrap("to-do", err)
		}
		t.SignOffTotal = n
		for _, p := range ps[:min(len(ps), itemLimit(counts, limit))] {
			t.SignOff = append(t.SignOff, item(p))
		}
		lim := itemLimit(counts, limit)
		if counts || lim <= 0 {
			lim = -1 // the count only
		}
		chs, n, err := s.Store.ListPendingChanges(ctx, u.ScopePath, lim)
		if err != nil {
			return nil, wrap("to-do", err)
		}
		t.ChangesTotal = n
		for _, c := range chs {
			t.Changes = append(t.Changes, ToDoChange{Request: c.Request, Number: c.Number, Title: c.Title})
		}
	}

	var states []rectify.CommentState
	switch {
	case u.Role == rectify.RoleAdmin:
		states = []rectify.CommentState{rectify.CommentNew, rectify.CommentTriaged, rectify.CommentAssigned}
	case u.Role == rectify.RoleReviewer:
		states = []rectify.CommentState{rectify.CommentNew}
	case u.Role == rectify.RoleEditor:
		states = []rectify.CommentState{rectify.CommentTriaged, rectify.CommentAssigned}
	}
	if len(states) > 0 {
		cs, n, err := s.Store.ListComments(ctx, store.CommentFilter{ScopePath: u.ScopePath, States: states, Limit: limit})
		if err != nil {
			return nil, wrap("to-do", err)
		}
		t.Comments = append(t.Comments, cs[:min(len(cs), itemLimit(counts, limit))]...)
		t.CommentsTotal = n
	}

	if office {
		rows, err := s.Store.ListRechecksIn(ctx, store.RecheckFilter{ScopePath: u.ScopePath, Pending: true,
			DueBy: today.AddDays(def)})
		if err != nil {
			return nil, wrap("to-do", err)
		}
		if source != "" {
			rows = slices.DeleteFunc(rows, func(r store.RecheckRow) bool { return sourceOf[r.Problem.InspectionID] != source })
		}
		t.RechecksTotal = len(rows)
		for _, row := range rows[:min(len(rows), itemLimit(counts, limit))] {
			t.Rechecks = append(t.Rechecks, ToDoRecheck{Recheck: row.Recheck, Problem: row.Problem, UnitName: row.UnitName,
				Source: sourceOf[row.Problem.InspectionID], Lateness: rectify.LatenessOf(today, rectify.StatusInProgress, row.Recheck.Due, rectify.Date{}, def)})
		}
		ud, n, err := s.Store.ListUndelivered(ctx, store.UndeliveredFilter{ScopePath: u.ScopePath,
			Since: today.AddDays(-UndeliveredDays), Attempts: undeliveredAttempts, Limit: limit})
		if err != nil {
			return nil, wrap("to-do", err)
		}
		t.UndeliveredTotal = n
		for _, d := range ud[:min(len(ud), itemLimit(counts, limit))] {
			t.Undelivered = append(t.Undelivered, ToDoUndelivered{Kind: d.Kind, Recipient: d.Recipient, Day: d.Day,
				Attempts: d.Attempts, Error: d.Error, Problem: d.Problem, UnitName: d.UnitName, Source: sourceOf[d.Problem.InspectionID]})
		}
	}
	return t, nil
}

// itemLimit is how many entries of a part to keep: none when only counting.
func itemLimit(counts bool, limit int) int {
	if counts {
		return 0
	}
	return limit
}

// inspectionsIn returns the unit and the kind of rectification (巡察 for
// the zero source) of every inspection of the subtree.
func (s *Service) inspectionsIn(ctx context.Context, scopePath string) (map[int64]int64, map[int64]rectify.Source, error) {
	ins, err := s.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: scopePath})
	if err != nil {
		return nil, nil, err
	}
	units := make(map[int64]int64, len(ins))
	sources := make(map[int64]rectify.Source, len(ins))
	for _, in := range ins {
		units[in.ID], sources[in.ID] = in.UnitID, in.Source.Or()
	}
	return units, sources, nil
}

// inspectionUnits returns the unit of every inspection of the subtree.
func (s *Service) inspectionUnits(ctx context.Context, scopePath string) (map[int64]int64, error) {
	ins, err := s.Store.ListInspections(ctx, store.InspectionFilter{ScopePath: scopePath})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int64, len(ins))
	for _, in := range ins {
		out[in.ID] = in.UnitID
	}
	return out, nil
}
