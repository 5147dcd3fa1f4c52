package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/rectify-dev/rectify"
)

// An uploaded ledger waits between its preview and its confirmation as a
// draft kept on the server, never sent back and forth through the
// browser: the confirmation names the draft by a random ID, only its
// uploader may use it, and it expires. What is applied is the very file
// that was previewed; the plan of the preview is kept too, so that a
// record changed in between is noticed and shown again instead of applied
// unseen.
const (
	ledgerDraftTTL      = 30 * time.Minute
	ledgerDraftsPerUser = 3
	ledgerDraftMaxBytes = 160 << 20 // all drafts together; about eight of the largest ledgers
)

// ledgerDraft is an uploaded ledger waiting for its confirmation.
type ledgerDraft struct {
	ID           string
	UserID       int64
	Name         string // the file's name as uploaded
	Data         []byte
	InspectionID int64  // where rows without IDs go
	Plan         string // a digest of the preview's changes and errors
	Created      time.Time
}

// ledgerDrafts keeps drafts in memory, bounded by count per user and by
// bytes in all; safe for concurrent use.
type ledgerDrafts struct {
	now func() time.Time

	mu    sync.Mutex
	m     map[string]*ledgerDraft
	bytes int64
}

func newLedgerDrafts(now func() time.Time) *ledgerDrafts {
	return &ledgerDrafts{now: now, m: map[string]*ledgerDraft{}}
}

// put keeps d under a new random ID, which it sets and returns. The
// user's oldest drafts beyond ledgerDraftsPerUser, and the oldest of all
// beyond ledgerDraftMaxBytes, are dropped.
func (s *ledgerDrafts) put(d *ledgerDraft) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("web: ledger draft: %w", err)
	}
	now := s.now()
	d.ID, d.Created = hex.EncodeToString(b[:]), now
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(now)
	for s.count(d.UserID) >= ledgerDraftsPerUser {
		s.drop(s.oldest(func(x *ledgerDraft) bool { return x.UserID == d.UserID }))
	}
	for s.bytes+int64(len(d.Data)) > ledgerDraftMaxBytes && len(s.m) > 0 {
		s.drop(s.oldest(func(*ledgerDraft) bool { return true }))
	}
	s.m[d.ID] = d
	s.bytes += int64(len(d.Data))
	return d.ID, nil
}

// errDraftGone is what a confirmation of a draft that expired, was
// replaced or is someone else's gets.
var errDraftGone = rectify.Errorf(rectify.ENOTFOUND, "台账预览已过期（保留 30 分钟）或已导入，请重新上传")

// get returns the draft id of the user with userID, or errDraftGone.
func (s *ledgerDrafts) get(userID int64, id string) (*ledgerDraft, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(s.now())
	d, ok := s.m[id]
	if !ok || d.UserID != userID {
		return nil, errDraftGone
	}
	return d, nil
}

// remove drops the draft id (after it was applied).
func (s *ledgerDrafts) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.m[id]; ok {
		s.drop(d)
	}
}

func (s *ledgerDrafts) sweep(now time.Time) {
	for _, d := range s.m {
		if now.Sub(d.Created) >= ledgerDraftTTL {
			s.drop(d)
		}
	}
}

func (s *ledgerDrafts) count(userID int64) int {
	n := 0
	for _, d := range s.m {
		if d.UserID == userID {
			n++
		}
	}
	return n
}

func (s *ledgerDrafts) oldest(keep func(*ledgerDraft) bool) *ledgerDraft {
	var o *ledgerDraft
	for _, d := range s.m {
		if keep(d) && (o == nil || d.Created.Before(o.Created) || (d.Created.Equal(o.Created) && d.ID < o.ID)) {
			o = d
		}
	}
	return o
}

func (s *ledgerDrafts) drop(d *ledgerDraft) {
	if d == nil {
		return
	}
	delete(s.m, d.ID)
	s.bytes -= int64(len(d.Data))
}
