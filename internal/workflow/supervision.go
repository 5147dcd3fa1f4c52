package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/office"
	"github.com/rectify-dev/rectify/internal/store"
)

// DefaultSupervisionRequest is the request (督办要求) of a supervision
// order where no office has written its own.
const DefaultSupervisionRequest = "请对照上述问题逐项压实整改责任：已逾期的问题，于5个工作日内书面报告逾期原因、整改进展和完成时限，" +
	"并附证明材料；临近整改时限的问题，确保按期完成并及时提交销号。确有困难需调整时限的，应书面说明理由，经批准后执行。"

// maxSupervision is how many problems one supervision order lists at most.
const maxSupervision = 500

// SupervisionInput says what a supervision order (督办单) covers: the red
// and yellow problems of a unit's subtree, or the problems chosen.
type SupervisionInput struct {
	UnitID   int64
	Problems []int64
}

// SupervisionOrder is a supervision order: its problems with how late each
// is, the office's request and who sends it.
type SupervisionOrder struct {
	Unit    *rectify.Unit // nil for a selection
	AsOf    rectify.Date
	Office  string // the sending office: the top of the user's scope
	Request string
	// RequestUnit is where the request is stored (0: the system's), for
	// the admin who rewrites it.
	RequestUnit int64
	Items       []SupervisionEntry
	Red, Yellow int
}

// SupervisionEntry is a problem of an order.
type SupervisionEntry struct {
	Problem  *rectify.Problem
	UnitName string
	Lateness rectify.Lateness
}

// Supervision returns the supervision order of in as of today. A unit's
// lists its red and yellow problems, red first and each by deadline; a
// selection lists the problems chosen, in the order given, whatever their
// light. It returns EUNAUTHORIZED, EFORBIDDEN for a unit or problem out of
// the user's scope, ENOTFOUND, and EINVALID for neither a unit nor
// problems, or too many problems.
func (s *Service) Supervision(ctx context.Context, in SupervisionInput) (*SupervisionOrder, error) {
	u, err := actingUser(ctx)
	if err != nil {
		return nil, wrap("supervision", err)
	}
	if in.UnitID == 0 && len(in.Problems) == 0 {
		return nil, wrap("supervision", rectify.Errorf(rectify.EINVALID, "请选择单位，或在问题清单中勾选问题"))
	}
	if len(in.Problems) > maxSupervision {
		return nil, wrap("supervision", rectify.Errorf(rectify.EINVALID, "一张督办单最多列%d个问题", maxSupervision))
	}
	today := s.today()
	o := &SupervisionOrder{AsOf: today, Office: "巡察工作领导小组办公室", RequestUnit: u.UnitID}
	if u.UnitID != 0 {
		top, err := s.Store.GetUnit(ctx, u.UnitID)
		if err != nil {
			return nil, wrap("supervision", err)
		}
		o.Office = top.Name
	}
	scope := u.ScopePath
	if in.UnitID != 0 {
		unit, err := s.Store.GetUnit(ctx, in.UnitID)
		if err != nil {
			return nil, wrap("supervision", err)
		}
		if err := inScope(u, unit); err != nil {
			return nil, wrap("supervision", err)
		}
		o.Unit, scope = unit, unit.Path
	}
	units, err := s.Store.ListUnits(ctx, scope)
	if err != nil {
		return nil, wrap("supervision", err)
	}
	names := make(map[int64]string, len(units))
	for _, unit := range units {
		names[unit.ID] = unit.Name
	}
	def, own, err := WarnWindows(ctx, s.Store, units, scope)
	if err != nil {
		return nil, wrap("supervision", err)
	}
	unitOf, err := s.inspectionUnits(ctx, scope)
	if err != nil {
		return nil, wrap("supervision", err)
	}
	entry := func(p *rectify.Problem) SupervisionEntry {
		warn := def
		if w, ok := own[unitOf[p.InspectionID]]; ok {
			warn = w
		}
		return SupervisionEntry{Problem: p, UnitName: names[unitOf[p.InspectionID]],
			Lateness: rectify.LatenessOf(today, p.Status, p.Due, p.NextMilestone, warn)}
	}
	if len(in.Problems) > 0 {
		ps, err := s.Store.GetProblems(ctx, in.Problems)
		if err != nil {
			return nil, wrap("supervision", err)
		}
		for _, p := range ps {
			if _, ok := unitOf[p.InspectionID]; !ok {
				unit, err := s.Store.ProblemUnit(ctx, p.ID)
				if err != nil {
					return nil, wrap("supervision", err)
				}
				return nil, wrap("supervision", inScope(u, unit))
			}
			o.Items = append(o.Items, entry(p))
		}
		if len(ps) < len(slices.Compact(slices.Sorted(slices.Values(in.Problems)))) {
			return nil, wrap("supervision", rectify.Errorf(rectify.ENOTFOUND, "所选问题中有的已不存在，请刷新问题清单后重选"))
		}
	} else {
		for _, light := range []rectify.Light{rectify.LightRed, rectify.LightYellow} {
			lf := store.LightFilter{Lights: []rectify.Light{light}, AsOf: today, WarnDays: def, UnitWarnDays: own}
			ps, _, err := s.Store.ListProblemsLit(ctx, store.ProblemFilter{ScopePath: scope, Sort: store.SortDue, Limit: maxSupervision}, lf)
			if err != nil {
				return nil, wrap("supervision", err)
			}
			for _, p := range ps {
				o.Items = append(o.Items, entry(p))
			}
		}
	}
	for _, it := range o.Items {
		switch it.Lateness.Light {
		case rectify.LightRed:
			o.Red++
		case rectify.LightYellow:
			o.Yellow++
		}
	}
	if o.Request, err = s.supervisionRequest(ctx, scope); err != nil {
		return nil, wrap("supervision", err)
	}
	return o, nil
}

// supervisionRequest returns the request in force on the subtree path: the
// nearest unit's that stores one, the system's, or the default.
func (s *Service) supervisionRequest(ctx context.Context, path string) (string, error) {
	chain := UnitChain(path)
	stored, err := s.Store.Settings(ctx, chain)
	if err != nil {
		return "", err
	}
	best, text := -1, DefaultSupervisionRequest
	for _, st := range stored {
		if st.Name != SettingSupervisionRequest || strings.TrimSpace(st.Value) == "" {
			continue
		}
		if d := slices.Index(chain, st.UnitID); d > best {
			best, text = d, strings.TrimSpace(st.Value)
		}
	}
	return text, nil
}

// To names whom the order goes to.
func (o *SupervisionOrder) To() string {
	if o.Unit != nil {
		return o.Unit.Name
	}
	var names []string
	for _, it := range o.Items {
		if it.UnitName != "" && !slices.Contains(names, it.UnitName) {
			names = append(names, it.UnitName)
		}
	}
	if len(names) == 0 {
		return "所选问题的责任单位"
	}
	return strings.Join(names, "、")
}

// Summary is the order's opening sentence.
func (o *SupervisionOrder) Summary() string {
	if o.Unit != nil {
		if o.Red+o.Yellow == 0 {
			return fmt.Sprintf("截至%s，你单位巡察反馈问题中没有亮红灯、黄灯的问题。", o.AsOf.Chinese())
		}
		return fmt.Sprintf("截至%s，你单位巡察反馈问题中有%d个亮红灯（已逾期）、%d个亮黄灯（临近整改时限），具体如下：",
			o.AsOf.Chinese(), o.Red, o.Yellow)
	}
	return fmt.Sprintf("截至%s，以下%d个巡察反馈问题需督促整改（其中%d个亮红灯、%d个亮黄灯）：",
		o.AsOf.Chinese(), len(o.Items), o.Red, o.Yellow)
}

// Document returns the order as the document office writes.
func (o *SupervisionOrder) Document() *office.Supervision {
	d := &office.Supervision{Title: "巡察整改督办单", To: o.To(), Office: o.Office, AsOf: o.AsOf,
		Summary: o.Summary(), Request: o.Request}
	spans := o.Unit == nil || len(o.units()) > 1
	for _, it := range o.Items {
		item := office.SupervisionItem{Number: it.Problem.Number, Title: it.Problem.Title, OwnerUnit: it.Problem.OwnerUnit,
			Leader: it.Problem.Leader, Due: it.Problem.Due, Late: it.Lateness.Text(),
			Status: it.Problem.Status.LabelWithClass(it.Problem.Class)}
		if spans {
			item.Unit = it.UnitName
		}
		d.Items = append(d.Items, item)
	}
	return d
}

// units returns the inspected units of the order's problems.
func (o *SupervisionOrder) units() []string {
	var names []string
	for _, it := range o.Items {
		if !slices.Contains(names, it.UnitName) {
			names = append(names, it.UnitName)
		}
	}
	return names
}
