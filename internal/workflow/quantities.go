package workflow

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rectify-dev/rectify"
	qty "github.com/rectify-dev/rectify/internal/quantity"
	"github.com/rectify-dev/rectify/internal/store"
)

// MaxQuantities is the most figures one progress report may carry.
const MaxQuantities = 50

// ExtractQuantities returns the figures of a progress text as the progress
// form pre-fills them (整改成效的数字): money, rules, accountability, counts.
func ExtractQuantities(text string) []rectify.Quantity {
	qs := qty.Extract(text)
	if len(qs) > MaxQuantities {
		qs = qs[:MaxQuantities]
	}
	return qs
}

// storeQuantities stores the figures of the report pr, just added: those
// the unit confirmed in its form, else those read from its text.
func (s *Service) storeQuantities(ctx context.Context, tx *store.Tx, pr *rectify.Progress, in ProgressInput) error {
	qs := in.Quantities
	if !in.QuantitiesConfirmed {
		qs = ExtractQuantities(pr.Text)
	}
	if len(qs) > MaxQuantities {
		var v rectify.Invalid
		v.Add("quantities", fmt.Sprintf("一条整改情况最多记录%d个数字", MaxQuantities))
		return v.Err()
	}
	for i := range qs {
		if err := qs[i].Validate(); err != nil {
			var v rectify.Invalid
			v.Add("quantities", fmt.Sprintf("第%d个数字：%s", i+1, fieldMessages(err)))
			return v.Err()
		}
	}
	if err := tx.SetQuantities(ctx, pr.ID, qs); err != nil {
		return err
	}
	pr.Quantities = qs
	return nil
}

// QuantifyBatch is how many reports QuantifyPending reads per transaction.
const QuantifyBatch = 200

// QuantifyPending reads the figures of every progress report whose figures
// were never read — reports made before the record kept figures, and those
// that imports and the demo store without a form — and stores them, in
// transactions of QuantifyBatch reports, as the system's work (the audit
// log names no person). It returns how many reports it read (a report
// another server read meanwhile is not counted). A unit's
// later correction goes through its form as usual. Run at the start of the
// server and by the scheduler; running it again finds nothing to do.
func (s *Service) QuantifyPending(ctx context.Context) (int, error) {
	ctx = rectify.AsSystem(ctx)
	n := 0
	for {
		batch, err := s.Store.ListUnquantified(ctx, QuantifyBatch)
		if err != nil {
			return n, wrap("quantify", err)
		}
		if len(batch) == 0 {
			return n, nil
		}
		done := 0
		err = s.Store.Update(ctx, "quantify", func(tx *store.Tx) error {
			done = 0
			for _, p := range batch {
				ok, err := tx.SetPendingQuantities(ctx, p.ID, ExtractQuantities(p.Text))
				if err != nil {
					return fmt.Errorf("progress %d: %w", p.ID, err)
				}
				if ok {
					done++
				}
			}
			return nil
		})
		if err != nil {
			return n, wrap("quantify", err)
		}
		n += done
		if err := ctx.Err(); err != nil {
			return n, err
		}
	}
}

// fieldMessages joins the messages of an EINVALID error's fields.
func fieldMessages(err error) string {
	var e *rectify.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err.Error()
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msgs := make([]string, 0, len(keys))
	for _, k := range keys {
		msgs = append(msgs, e.Fields[k])
	}
	return strings.Join(msgs, "；")
}
