package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/importer"
	"github.com/rectify-dev/rectify/internal/store"
)

// An uploaded notice or ledger waits between its preview and its
// confirmation as a draft kept in the database (store.Draft), never sent
// back and forth through the browser and never only in one server's
// memory: behind a balancer the confirmation may reach another server
// than the preview, and finds the same draft. The confirmation names the
// draft by a random ID; only its uploader may use it, and it expires.
// What is applied is the very file that was previewed, with what the
// preview decided (the unit, the inspection, the document as read — a
// scan is not read by OCR twice — or the digest of the ledger's plan, so
// that a record changed in between is noticed and shown again instead of
// applied unseen).

// The limits of drafts: each user keeps a few of each kind, each kind a
// bounded number of bytes in all (the oldest go), for half an hour.
const (
	ledgerDraftTTL = 30 * time.Minute
	draftLifetime  = 30 * time.Minute
)

var (
	ledgerDraftLimits = store.DraftLimits{PerUser: 3, MaxBytes: 160 << 20, TTL: ledgerDraftTTL} // about eight of the largest ledgers
	noticeDraftLimits = store.DraftLimits{PerUser: 3, MaxBytes: 256 << 20, TTL: draftLifetime}
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

// ledgerMeta is what a ledger draft keeps beside the file.
type ledgerMeta struct {
	InspectionID int64  `json:"inspection_id"`
	Plan         string `json:"plan"`
}

// errDraftGone is what a confirmation of a ledger draft that expired, was
// replaced or is someone else's gets.
var errDraftGone = rectify.Errorf(rectify.ENOTFOUND, "台账预览已过期（保留 30 分钟）或已导入，请重新上传")

// putLedgerDraft keeps d under a new random ID, which it sets.
func (w *Web) putLedgerDraft(ctx context.Context, d *ledgerDraft) error {
	meta, err := json.Marshal(ledgerMeta{InspectionID: d.InspectionID, Plan: d.Plan})
	if err != nil {
		return fmt.Errorf("web: ledger draft: %w", err)
	}
	sd := &store.Draft{UserID: d.UserID, Kind: store.DraftLedger, Name: d.Name, Data: d.Data, Meta: meta}
	if err := w.Store.PutDraft(ctx, sd, ledgerDraftLimits, w.Now()); err != nil {
		return err
	}
	d.ID, d.Created = sd.ID, sd.Created
	return nil
}

// ledgerDraft returns the ledger draft id of the user with userID, or
// errDraftGone.
func (w *Web) ledgerDraft(ctx context.Context, userID int64, id string) (*ledgerDraft, error) {
	sd, err := w.Store.GetDraft(ctx, store.DraftLedger, userID, id, w.Now())
	if errors.Is(err, store.ErrDraftGone) {
		return nil, errDraftGone
	}
	if err != nil {
		return nil, err
	}
	var m ledgerMeta
	if err := json.Unmarshal(sd.Meta, &m); err != nil {
		return nil, fmt.Errorf("web: ledger draft: %w", err)
	}
	return &ledgerDraft{ID: sd.ID, UserID: sd.UserID, Name: sd.Name, Data: sd.Data, InspectionID: m.InspectionID,
		Plan: m.Plan, Created: sd.Created}, nil
}

// setLedgerPlan keeps the plan of d shown again.
func (w *Web) setLedgerPlan(ctx context.Context, d *ledgerDraft) error {
	meta, err := json.Marshal(ledgerMeta{InspectionID: d.InspectionID, Plan: d.Plan})
	if err != nil {
		return fmt.Errorf("web: ledger draft: %w", err)
	}
	return w.Store.SetDraftMeta(ctx, d.ID, meta)
}

// importDraft is an uploaded notice waiting for its import.
type importDraft struct {
	id      string
	userID  int64
	unitID  int64
	into    int64 // the inspection of the record the document goes into, 0: a new one
	name    string
	data    []byte
	preview *importer.Preview // as read at the upload: a scan is not read by OCR twice
	created time.Time
}

// noticeMeta is what a notice draft keeps beside the file.
type noticeMeta struct {
	UnitID  int64             `json:"unit_id"`
	Into    int64             `json:"into"`
	Preview *importer.Preview `json:"preview"`
}

// putImportDraft keeps d, under its ID when it has one (a draft put back
// after an import that stored nothing), else under a new one it sets.
func (w *Web) putImportDraft(ctx context.Context, d *importDraft) error {
	meta, err := json.Marshal(noticeMeta{UnitID: d.unitID, Into: d.into, Preview: d.preview})
	if err != nil {
		return fmt.Errorf("web: import draft: %w", err)
	}
	sd := &store.Draft{ID: d.id, UserID: d.userID, Kind: store.DraftNotice, Name: d.name, Data: d.data, Meta: meta, Created: d.created}
	if err := w.Store.PutDraft(ctx, sd, noticeDraftLimits, w.Now()); err != nil {
		return err
	}
	d.id, d.created = sd.ID, sd.Created
	return nil
}

// takeImportDraft returns the notice draft id of the user and removes it,
// so that of two confirmations, on one server or two, one imports; nil
// when there is none (expired, used, another user's).
func (w *Web) takeImportDraft(ctx context.Context, userID int64, id string) (*importDraft, error) {
	sd, err := w.Store.TakeDraft(ctx, store.DraftNotice, userID, id, w.Now())
	if errors.Is(err, store.ErrDraftGone) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m noticeMeta
	if err := json.Unmarshal(sd.Meta, &m); err != nil {
		return nil, fmt.Errorf("web: import draft: %w", err)
	}
	return &importDraft{id: sd.ID, userID: sd.UserID, unitID: m.UnitID, into: m.Into, name: sd.Name, data: sd.Data,
		preview: m.Preview, created: sd.Created}, nil
}
