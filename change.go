package rectify

import "time"

// ChangeState is where a change request stands.
type ChangeState string

// The states of a change request (变更申请).
const (
	ChangePending    ChangeState = "pending"    // 待审核
	ChangeApproved   ChangeState = "approved"   // 已同意
	ChangeRejected   ChangeState = "rejected"   // 未同意
	ChangeSuperseded ChangeState = "superseded" // 被新的申请取代
)

// Label returns the Chinese term of the state.
func (s ChangeState) Label() string {
	switch s {
	case ChangePending:
		return "待审核"
	case ChangeApproved:
		return "已同意"
	case ChangeRejected:
		return "未同意"
	case ChangeSuperseded:
		return "已被新的申请取代"
	}
	return string(s)
}

// ChangeRequest is a unit's change to what moves the indicators of a
// problem already assigned — its title, description, deadline or track —
// held until a reviewer decides (变更申请): a unit cannot turn a red
// problem green by pushing its own deadline back. The proposed values are
// the whole set; those equal to the problem's stay as they are.
type ChangeRequest struct {
	ID          int64       `json:"id"`
	ProblemID   int64       `json:"problem_id"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Track       Track       `json:"track"`
	Due         Date        `json:"due"`
	Reason      string      `json:"reason"`
	RequestedBy string      `json:"requested_by"`
	Requested   time.Time   `json:"requested"`
	State       ChangeState `json:"state"`
	DecidedBy   string      `json:"decided_by,omitempty"`
	Decided     time.Time   `json:"decided,omitzero"`
	Note        string      `json:"note,omitempty"` // the reviewer's why
}

// MovesIndicators reports whether the edit of p to title, description,
// track and due changes what a unit may not change alone: the title or
// description, or a deadline or track already set (setting one for the
// first time is the unit's plan, and free).
func MovesIndicators(p *Problem, title, description string, track Track, due Date) bool {
	return p.Title != title || p.Description != description ||
		(!p.Due.IsZero() && p.Due != due) || (p.Track != "" && p.Track != track)
}
