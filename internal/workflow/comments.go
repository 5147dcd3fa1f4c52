package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// commentMove is one allowed move of a public opinion and who may make it.
type commentMove struct {
	from, to rectify.CommentState
	by       rectify.Actor
}

// commentMoves is the one place where the handling of a public opinion
// (群众意见建议) is written down. The office (巡察办, acting as a reviewer)
// triages a new opinion (分办), assigns it to whoever must act (交办), and
// closes it (办结) once answered, or at once when it needs no action; the
// unit it was assigned to, or the office, replies (答复) and may amend the
// reply, publishing it on the public page or not.
var commentMoves = []commentMove{
	{rectify.CommentNew, rectify.CommentTriaged, rectify.ActorReviewer},
	{rectify.CommentNew, rectify.CommentAssigned, rectify.ActorReviewer},
	{rectify.CommentTriaged, rectify.CommentAssigned, rectify.ActorReviewer},
	{rectify.CommentAssigned, rectify.CommentAssigned, rectify.ActorReviewer}, // 改派
	{rectify.CommentTriaged, rectify.CommentReplied, rectify.ActorReviewer},
	{rectify.CommentAssigned, rectify.CommentReplied, rectify.ActorUnit},
	{rectify.CommentAssigned, rectify.CommentReplied, rectify.ActorReviewer},
	{rectify.CommentReplied, rectify.CommentReplied, rectify.ActorUnit}, // 修改答复、公开答复
	{rectify.CommentReplied, rectify.CommentReplied, rectify.ActorReviewer},
	{rectify.CommentReplied, rectify.CommentClosed, rectify.ActorReviewer},
	{rectify.CommentNew, rectify.CommentClosed, rectify.ActorReviewer},     // 无需办理，写明理由
	{rectify.CommentTriaged, rectify.CommentClosed, rectify.ActorReviewer}, // 同上
}

// CommentStateLabel returns the Chinese name of a state (待处理, 已分办, …).
func CommentStateLabel(st rectify.CommentState) string {
	switch st {
	case rectify.CommentNew:
		return "待处理"
	case rectify.CommentTriaged:
		return "已分办"
	case rectify.CommentAssigned:
		return "已交办"
	case rectify.CommentReplied:
		return "已答复"
	case rectify.CommentClosed:
		return "已办结"
	}
	return string(st)
}

// CanMoveComment reports whether by may move an opinion from one state to
// another. It returns nil, or an ETRANSITION *rectify.Error saying why not.
func CanMoveComment(from, to rectify.CommentState, by rectify.Actor) error {
	if from == "" {
		from = rectify.CommentNew
	}
	side := rectify.Actor("")
	for _, m := range commentMoves {
		if m.from == from && m.to == to {
			side = m.by
			if m.by == by {
				return nil
			}
		}
	}
	switch {
	case from == rectify.CommentClosed:
		return rectify.Errorf(rectify.ETRANSITION, "意见建议已办结，不能再改动")
	case to == rectify.CommentReplied && by == rectify.ActorUnit:
		return rectify.Errorf(rectify.ETRANSITION, "意见建议须先由巡察办交办，才能由整改单位答复")
	case side == rectify.ActorReviewer:
		return rectify.Errorf(rectify.ETRANSITION, "意见建议由巡察办分办、交办和办结")
	case to == rectify.CommentClosed && from == rectify.CommentAssigned:
		return rectify.Errorf(rectify.ETRANSITION, "已交办的意见建议须先答复，才能办结")
	}
	return rectify.Errorf(rectify.ETRANSITION, "意见建议不能从“%s”改为“%s”", CommentStateLabel(from), CommentStateLabel(to))
}

// CommentRecheckDays is how soon the look-back proposed by an opinion about
// a signed-off problem falls due.
const CommentRecheckDays = 7

// Triage accepts a new opinion (分办, office) and, when inspectionID is not
// 0, files it under that inspection (of a unit in the opinion's subtree).
func (s *Service) Triage(ctx context.Context, commentID, inspectionID int64) error {
	return s.moveComment(ctx, "triage comment", commentID, rectify.CommentTriaged, func(ctx context.Context, tx *store.Tx, u *rectify.User, pc *rectify.PublicComment, unit *rectify.Unit) error {
		if inspectionID == 0 {
			return nil
		}
		in, err := tx.GetInspection(ctx, inspectionID)
		if err != nil {
			return err
		}
		iu, err := tx.GetUnit(ctx, in.UnitID)
		if err != nil {
			return err
		}
		if err := inScope(u, iu); err != nil {
			return err
		}
		if !rectify.Within(iu.Path, unit.Path) {
			return rectify.Errorf(rectify.EINVALID, "该巡察不属于意见所反映的单位")
		}
		pc.InspectionID = in.ID
		return nil
	})
}

// LinkToProblem links an opinion to the problem it is about (office), and
// files it under the problem's inspection; a new opinion is triaged by it.
// An opinion about a signed-off problem proposes a rebound check: a
// look-back due in CommentRecheckDays days is scheduled, unless one is
// pending already by then; it is returned (nil when none was scheduled).
func (s *Service) LinkToProblem(ctx context.Context, commentID, problemID int64) (*rectify.Recheck, error) {
	var rc *rectify.Recheck
	err := s.updateComment(ctx, "link comment", commentID, func(ctx context.Context, tx *store.Tx, u *rectify.User, pc *rectify.PublicComment, unit *rectify.Unit) error {
		switch {
		case pc.State == rectify.CommentClosed:
			return rectify.Errorf(rectify.ETRANSITION, "意见建议已办结，不能再改动")
		case u.Actor() != rectify.ActorReviewer:
			return rectify.Errorf(rectify.ETRANSITION, "意见建议由巡察办分办、交办和办结")
		}
		to := pc.State
		if to == rectify.CommentNew {
			to = rectify.CommentTriaged
		}
		pu, err := tx.ProblemUnit(ctx, problemID)
		if err != nil {
			return err
		}
		if err := inScope(u, pu); err != nil {
			return err
		}
		if !rectify.Within(pu.Path, unit.Path) {
			return rectify.Errorf(rectify.EINVALID, "该问题不属于意见所反映的单位")
		}
		p, err := tx.GetProblemRow(ctx, problemID)
		if err != nil {
			return err
		}
		pc.State, pc.ProblemID, pc.InspectionID = to, p.ID, p.InspectionID
		if p.Status != rectify.StatusCompleted {
			return nil
		}
		due := s.today().AddDays(CommentRecheckDays)
		pending, err := tx.ListRechecks(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, r := range pending {
			if r.Done.IsZero() && !r.Due.After(due) {
				return nil
			}
		}
		rc = &rectify.Recheck{ProblemID: p.ID, Due: due,
			Note: fmt.Sprintf("群众意见（编号 %d）反映该问题可能反弹，提议回头看：%s", pc.ID, clip(pc.Text, 60))}
		return tx.CreateRecheck(ctx, rc)
	})
	if err != nil {
		return nil, err
	}
	return rc, nil
}

// Assign hands the opinion to whoever must act on it (交办, office):
// assignee names the unit, department or person (required).
func (s *Service) Assign(ctx context.Context, commentID int64, assignee string) error {
	if err := required("assignee", "承办单位或承办人", assignee, 200); err != nil {
		return wrap("assign comment", err)
	}
	return s.moveComment(ctx, "assign comment", commentID, rectify.CommentAssigned, func(_ context.Context, _ *store.Tx, _ *rectify.User, pc *rectify.PublicComment, _ *rectify.Unit) error {
		pc.Assignee = strings.TrimSpace(assignee)
		return nil
	})
}

// Reply answers the opinion (答复): by the unit it was assigned to, or by
// the office. public publishes the reply on the public page (or withdraws
// it, when false). Text is required.
func (s *Service) Reply(ctx context.Context, commentID int64, text string, public bool) error {
	if err := required("reply", "答复内容", text, 5000); err != nil {
		return wrap("reply to comment", err)
	}
	return s.moveComment(ctx, "reply to comment", commentID, rectify.CommentReplied, func(_ context.Context, _ *store.Tx, _ *rectify.User, pc *rectify.PublicComment, _ *rectify.Unit) error {
		pc.Reply, pc.ReplyPublic = strings.TrimSpace(text), public
		return nil
	})
}

// Close closes the opinion (办结, office). An opinion never answered needs
// a note saying why no action is needed; it is kept as the (unpublished)
// reply.
func (s *Service) Close(ctx context.Context, commentID int64, note string) error {
	return s.moveComment(ctx, "close comment", commentID, rectify.CommentClosed, func(_ context.Context, _ *store.Tx, _ *rectify.User, pc *rectify.PublicComment, _ *rectify.Unit) error {
		if pc.Reply == "" {
			if err := required("note", "办结说明", note, 5000); err != nil {
				return err
			}
			pc.Reply, pc.ReplyPublic = strings.TrimSpace(note), false
		}
		return nil
	})
}

type commentEdit func(ctx context.Context, tx *store.Tx, u *rectify.User, pc *rectify.PublicComment, unit *rectify.Unit) error

// moveComment moves an opinion to state to, checked by CanMoveComment,
// after edit has filled in the rest.
func (s *Service) moveComment(ctx context.Context, op string, commentID int64, to rectify.CommentState, edit commentEdit) error {
	return s.updateComment(ctx, op, commentID, func(ctx context.Context, tx *store.Tx, u *rectify.User, pc *rectify.PublicComment, unit *rectify.Unit) error {
		if err := CanMoveComment(pc.State, to, u.Actor()); err != nil {
			return err
		}
		if err := edit(ctx, tx, u, pc, unit); err != nil {
			return err
		}
		pc.State = to
		return nil
	})
}

// updateComment reads the opinion in a transaction, checks the user's
// scope, lets edit change it and saves it.
func (s *Service) updateComment(ctx context.Context, op string, commentID int64, edit commentEdit) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap(op, err)
	}
	err = s.Store.Update(ctx, op, func(tx *store.Tx) error {
		pc, err := tx.GetComment(ctx, commentID)
		if err != nil {
			return err
		}
		unit, err := tx.GetUnit(ctx, pc.UnitID)
		if err != nil {
			return err
		}
		if err := inScope(u, unit); err != nil {
			return err
		}
		if err := edit(ctx, tx, u, pc, unit); err != nil {
			return err
		}
		return tx.UpdateComment(ctx, pc)
	})
	return wrap(op, err)
}
