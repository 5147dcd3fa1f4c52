package workflow

import (
	"context"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// PublicInput is a unit's choice of what the public notice shows was done
// for a problem: one of its progress reports (ProgressID), or one public
// sentence (Text, 公开表述) written for the notice; neither returns to the
// default, the latest report.
type PublicInput struct {
	ProblemID  int64  `json:"problem_id"`
	ProgressID int64  `json:"progress_id,omitempty"`
	Text       string `json:"text,omitempty"`
}

// SetPublic records which report, or which sentence, stands in the public
// notice for a problem. A sentence wins over a report; a report must be one
// of the problem's own. It returns the problem's public choice as stored
// and: EUNAUTHORIZED, EFORBIDDEN (a viewer, out of scope), ENOTFOUND;
// EINVALID for a report of another problem or a sentence too long.
func (s *Service) SetPublic(ctx context.Context, in PublicInput) (rectify.Public, error) {
	u, err := writer(ctx)
	if err != nil {
		return rectify.Public{}, wrap("set public", err)
	}
	in.Text = strings.TrimSpace(in.Text)
	if err := rectify.ValidatePublicText(in.Text); err != nil {
		return rectify.Public{}, wrap("set public", err)
	}
	if in.Text != "" {
		in.ProgressID = 0 // the sentence stands; a report marked too would be silently ignored
	}
	err = s.Store.Update(ctx, "set public", func(tx *store.Tx) error {
		p, err := s.problemInScope(ctx, tx, u, in.ProblemID)
		if err != nil {
			return err
		}
		if in.ProgressID != 0 {
			reports, err := tx.ListProgress(ctx, p.ID)
			if err != nil {
				return err
			}
			found := false
			for _, r := range reports {
				found = found || r.ID == in.ProgressID
			}
			if !found {
				var v rectify.Invalid
				v.Add("progress_id", "所选的整改情况不属于该问题")
				return v.Err()
			}
		}
		return tx.SetPublic(ctx, p.ID, p.Version, in.ProgressID, in.Text)
	})
	if err != nil {
		return rectify.Public{}, wrap("set public", err)
	}
	pub, err := s.Store.ProblemPublic(ctx, in.ProblemID)
	return pub, wrap("set public", err)
}
