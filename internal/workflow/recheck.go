package workflow

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// RecordRecheck records the result of a pending look-back (回头看,
// reviewer): passed (巩固) or failed (反弹; note, saying what came back, is
// required). A failed look-back of a completed problem reopens it (back to
// in progress, "回头看发现反弹：…"), its history kept; the rebound counts in
// the indicators. It returns EFORBIDDEN for a unit or out of scope,
// ENOTFOUND, EINVALID for an unknown result or a missing note, ECONFLICT
// for a look-back already recorded.
func (s *Service) RecordRecheck(ctx context.Context, recheckID int64, result rectify.RecheckResult, note string) error {
	u, err := reviewer(ctx, "记录回头看结果")
	if err != nil {
		return wrap("record recheck", err)
	}
	switch result {
	case rectify.RecheckPassed:
	case rectify.RecheckFailed:
		if err := required("note", "反弹情况", note, 2000); err != nil {
			return wrap("record recheck", err)
		}
	default:
		var v rectify.Invalid
		v.Add("result", "回头看结果应为巩固或反弹")
		return wrap("record recheck", v.Err())
	}
	err = s.Store.Update(ctx, "record recheck", func(tx *store.Tx) error {
		rc, err := tx.GetRecheck(ctx, recheckID)
		if err != nil {
			return err
		}
		p, err := s.problemInScope(ctx, tx, u, rc.ProblemID)
		if err != nil {
			return err
		}
		if !rc.Done.IsZero() {
			return rectify.Errorf(rectify.ECONFLICT, "该回头看已于%s记录结果", rc.Done.Chinese())
		}
		today := s.today()
		rc.Done, rc.Result, rc.Reviewer = today, result, authorName(u)
		if n := strings.TrimSpace(note); n != "" {
			rc.Note = n
		}
		if err := tx.UpdateRecheck(ctx, rc); err != nil {
			return err
		}
		if result != rectify.RecheckFailed || p.Status != rectify.StatusCompleted {
			return nil
		}
		_, err = s.applyStatus(ctx, tx, u, p, StatusInput{To: rectify.StatusInProgress, Reason: note}, rc)
		return err
	})
	return wrap("record recheck", err)
}

// Reopen reopens a completed problem found to have come back outside a
// scheduled look-back (reviewer): it records a failed look-back with reason
// and moves the problem back to in progress, history kept. It returns the
// look-back, and ETRANSITION when the problem is not completed, EINVALID
// without a reason, besides the usual errors.
func (s *Service) Reopen(ctx context.Context, problemID int64, reason string) (*rectify.Recheck, error) {
	u, err := reviewer(ctx, "重新打开已销号的问题")
	if err != nil {
		return nil, wrap("reopen", err)
	}
	var rc *rectify.Recheck
	err = s.Store.Update(ctx, "reopen", func(tx *store.Tx) error {
		p, err := s.problemInScope(ctx, tx, u, problemID)
		if err != nil {
			return err
		}
		if p.Status != rectify.StatusCompleted {
			return rectify.Errorf(rectify.ETRANSITION, "问题现为“%s”，只有已销号的问题才能因反弹重新打开", p.Status.Label())
		}
		rc, err = s.applyStatus(ctx, tx, u, p, StatusInput{To: rectify.StatusInProgress, Reason: reason}, nil)
		return err
	})
	if err != nil {
		return nil, wrap("reopen", err)
	}
	return rc, nil
}

// SampleInput asks for a random sample of signed-off problems for on-site
// checks (随机抽查).
type SampleInput struct {
	UnitID int64  `json:"unit_id"` // the office: problems of this unit's subtree
	Count  int    `json:"count"`
	Seed   uint64 `json:"seed"` // the same seed on the same record draws the same problems
	// Due is when the on-site checks are due; 30 days from today when zero.
	Due rectify.Date `json:"due,omitempty"`
}

// SampleDueDays is how long an on-site check of a sample has by default.
const SampleDueDays = 30

// Sample returns the signed-off problems a draw with in.Seed picks among
// those of the unit's subtree, in the record's order, and how many there
// were to pick from; nothing is stored (a preview). It returns EFORBIDDEN
// for a unit's user or out of scope, ENOTFOUND, EINVALID for a count below 1.
func (s *Service) Sample(ctx context.Context, in SampleInput) ([]*rectify.Problem, int, error) {
	u, err := reviewer(ctx, "抽取回头看样本")
	if err != nil {
		return nil, 0, wrap("sample", err)
	}
	picked, total, err := s.sample(ctx, u, in)
	return picked, total, wrap("sample", err)
}

func (s *Service) sample(ctx context.Context, u *rectify.User, in SampleInput) ([]*rectify.Problem, int, error) {
	if in.Count < 1 || in.Count > 10000 {
		var v rectify.Invalid
		v.Add("count", "抽取数量应为 1 到 10000 之间的整数")
		return nil, 0, v.Err()
	}
	unit, err := s.Store.GetUnit(ctx, in.UnitID)
	if err != nil {
		return nil, 0, err
	}
	if err := inScope(u, unit); err != nil {
		return nil, 0, err
	}
	closed, _, err := s.Store.ListProblems(ctx, store.ProblemFilter{ScopePath: unit.Path,
		Statuses: []rectify.Status{rectify.StatusCompleted}, Sort: store.SortNumber})
	if err != nil {
		return nil, 0, err
	}
	return Draw(closed, in.Count, in.Seed), len(closed), nil
}

// Draw returns k of problems picked at random with seed (all when there are
// no more than k), in their order in problems. The same problems, k and
// seed give the same draw, so anyone can check it.
func Draw(problems []*rectify.Problem, k int, seed uint64) []*rectify.Problem {
	if k >= len(problems) {
		return append([]*rectify.Problem(nil), problems...)
	}
	r := rand.New(rand.NewPCG(seed, 0x72656374696679)) // the second word is fixed: "rectify"
	idx := r.Perm(len(problems))[:k]
	sort.Ints(idx)
	out := make([]*rectify.Problem, k)
	for i, j := range idx {
		out[i] = problems[j]
	}
	return out
}

// DrawSample draws a random sample of the signed-off problems of an
// office's subtree (reviewer) and records a sampled look-back for each, due
// in.Due, in one transaction. It returns the look-backs, in the order of
// the problems, and the errors of Sample.
func (s *Service) DrawSample(ctx context.Context, in SampleInput) ([]*rectify.Recheck, error) {
	u, err := reviewer(ctx, "抽取回头看样本")
	if err != nil {
		return nil, wrap("draw sample", err)
	}
	picked, total, err := s.sample(ctx, u, in)
	if err != nil {
		return nil, wrap("draw sample", err)
	}
	due := in.Due
	if due.IsZero() {
		due = s.today().AddDays(SampleDueDays)
	}
	note := fmt.Sprintf("随机抽查：种子 %d，从 %d 个已销号问题中抽取 %d 个", in.Seed, total, len(picked))
	var out []*rectify.Recheck
	err = s.Store.Update(ctx, "draw sample", func(tx *store.Tx) error {
		out = out[:0]
		for _, p := range picked {
			rc := &rectify.Recheck{ProblemID: p.ID, Due: due, Note: note, Sampled: true}
			if err := tx.CreateRecheck(ctx, rc); err != nil {
				return err
			}
			out = append(out, rc)
		}
		return nil
	})
	if err != nil {
		return nil, wrap("draw sample", err)
	}
	return out, nil
}
