package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rectify-dev/rectify"
)

// Importing a large document in batches. One transaction for a notice of
// 100,000 problems holds SQLite's single write lock for half a minute and
// stalls every other writer; instead the inspection and its findings are
// stored first, marked as being imported (inspections.importing, the time
// of the latest batch), the problems follow in short transactions, and the
// mark is cleared at the end. Every batch writes its audit entries, so the
// log holds exactly the rows stored at any time; an import that fails is
// removed again (each row recorded as deleted), and one whose server
// stopped is removed when no batch came for an hour.

// errImportGone is the error of a batch for an inspection that is no
// longer being imported (removed, or finished).
var errImportGone = rectify.Errorf(rectify.ECONFLICT, "导入已中止：巡察已被删除或导入已结束")

// BeginImport validates the whole tree in, then stores its inspection and
// findings without their problems, marked as being imported; it sets the
// IDs of the inspection and the findings. EINVALID for a tree the domain's
// rules refuse.
func (tx *Tx) BeginImport(ctx context.Context, in *rectify.Inspection) error {
	if err := validateTree(in); err != nil {
		return err
	}
	now := tx.s.now()
	head := *in
	head.Findings = make([]*rectify.Finding, len(in.Findings))
	for i, f := range in.Findings {
		hf := *f
		hf.Problems = nil
		head.Findings[i] = &hf
	}
	ids, err := tx.c.createInspection(ctx, &head, now)
	if err != nil {
		return err
	}
	if _, err := tx.c.exec(ctx, "UPDATE inspections SET importing = ? WHERE id = ?", tx.c.time(now), ids.inspection); err != nil {
		return err
	}
	in.ID, in.Version, in.Created = ids.inspection, 1, now
	for i, f := range in.Findings {
		f.ID, f.InspectionID = ids.findings[i], in.ID
	}
	return nil
}

// ImportProblems stores problems of the inspection being imported (each
// with its FindingID set), with their measures, status histories, search
// texts and audit entries, and renews the mark; it sets their IDs.
// ECONFLICT when the inspection is no longer being imported.
func (tx *Tx) ImportProblems(ctx context.Context, inspectionID int64, problems []*rectify.Problem) error {
	c := tx.c
	now := tx.s.now()
	res, err := c.exec(ctx, "UPDATE inspections SET importing = ? WHERE id = ? AND importing IS NOT NULL", c.time(now), inspectionID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errImportGone
	}
	if len(problems) == 0 {
		return nil
	}
	var ids treeIDs
	search := make([]searchRow, 0, len(problems))
	for _, p := range problems {
		sr, err := c.insertProblemTree(ctx, inspectionID, p.FindingID, p, now, &ids)
		if err != nil {
			return err
		}
		search = append(search, sr)
	}
	// The rows of this batch by their IDs (a range over the inspection
	// would read its earlier batches again on PostgreSQL).
	args := make([]any, len(ids.problems))
	for i, id := range ids.problems {
		args[i] = id
	}
	in := "(" + placeholders(len(args)) + ")"
	for _, part := range []struct {
		e     *auditEntity
		where string
	}{
		{auditProblem, "id IN " + in},
		{auditMeasure, "problem_id IN " + in},
		{auditStatusChange, "problem_id IN " + in},
	} {
		if err := c.auditCreatedWhere(ctx, ActionCreate, part.e, part.where, args...); err != nil {
			return err
		}
	}
	if err := c.putSearch(ctx, search...); err != nil {
		return err
	}
	mi, hi := 0, 0
	for i, p := range problems {
		p.ID, p.InspectionID, p.Version = ids.problems[i], inspectionID, 1
		setCurrent(p)
		for _, m := range p.Measures {
			m.ID, m.ProblemID, m.Version = ids.measures[mi], p.ID, 1
			mi++
		}
		for k := range p.History {
			p.History[k].ID, p.History[k].ProblemID = ids.history[hi], p.ID
			hi++
		}
	}
	return nil
}

// FinishImport clears the mark of the inspection being imported: it is
// whole. ECONFLICT when it is no longer being imported.
func (tx *Tx) FinishImport(ctx context.Context, inspectionID int64) error {
	res, err := tx.c.exec(ctx, "UPDATE inspections SET importing = NULL WHERE id = ? AND importing IS NOT NULL", inspectionID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errImportGone
	}
	return nil
}

// ImportingSince returns when the latest batch of the inspection with id
// was stored, and whether it is being imported at all.
func (s *Store) ImportingSince(ctx context.Context, id int64) (time.Time, bool, error) {
	var at time.Time
	err := s.reader().queryRow(ctx, "SELECT importing FROM inspections WHERE id = ?", id).Scan(timeCol{&at})
	if errors.Is(err, sql.ErrNoRows) {
		return at, false, notFound("巡察", id)
	}
	if err != nil {
		return at, false, fmt.Errorf("store: importing: %w", err)
	}
	return at, !at.IsZero(), nil
}

// Importing reports whether the inspection with id is being imported in
// batches (false for one that does not exist).
func (tx *Tx) Importing(ctx context.Context, id int64) (bool, error) {
	var at time.Time
	err := tx.c.queryRow(ctx, "SELECT importing FROM inspections WHERE id = ?", id).Scan(timeCol{&at})
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return !at.IsZero(), err
}

// ImportingInspections returns the inspections being imported in
// batches, by ID: a few at most, found by a partial index.
func (s *Store) ImportingInspections(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.reader().query(ctx, "SELECT id FROM inspections WHERE importing IS NOT NULL")
	if err != nil {
		return nil, fmt.Errorf("store: importing inspections: %w", err)
	}
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: importing inspections: %w", closeRows(rows, err))
		}
		out[id] = true
	}
	return out, closeRows(rows, nil)
}

// StaleImports returns the inspections being imported whose latest batch
// was stored before t: imports whose server stopped.
func (s *Store) StaleImports(ctx context.Context, t time.Time) ([]int64, error) {
	c := s.reader()
	rows, err := c.query(ctx, "SELECT id FROM inspections WHERE importing IS NOT NULL AND importing < ? ORDER BY id", c.time(t))
	if err != nil {
		return nil, fmt.Errorf("store: stale imports: %w", err)
	}
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: stale imports: %w", closeRows(rows, err))
		}
		out = append(out, id)
	}
	return out, closeRows(rows, nil)
}

// abandonBatch is how many problems a transaction of AbandonImport removes.
const abandonBatch = 200

// AbandonImport removes the inspection with id, being imported, and
// everything stored under it, in short transactions like the import's,
// each row recorded as deleted (see Tx.DeleteProblem, DeleteInspection).
// Nothing happens to an inspection that is not being imported.
func (s *Store) AbandonImport(ctx context.Context, id int64) error {
	for {
		done := false
		err := s.write(ctx, "abandon import", func(c conn) error {
			var at time.Time
			if err := c.queryRow(ctx, "SELECT importing FROM inspections WHERE id = ?", id).Scan(timeCol{&at}); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					done = true
					return nil
				}
				return err
			}
			if at.IsZero() {
				done = true
				return nil
			}
			rows, err := c.query(ctx, "SELECT id FROM problems WHERE inspection_id = ? ORDER BY id DESC LIMIT ?", id, abandonBatch)
			if err != nil {
				return err
			}
			var pids []int64
			for rows.Next() {
				var pid int64
				if err := rows.Scan(&pid); err != nil {
					return closeRows(rows, err)
				}
				pids = append(pids, pid)
			}
			if err := closeRows(rows, nil); err != nil {
				return err
			}
			if len(pids) == 0 {
				done = true
				return nil
			}
			tx := &Tx{c: c, s: s}
			for _, pid := range pids {
				if err := tx.DeleteProblem(ctx, pid); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("store: abandon import %d: %w", id, err)
		}
		if done {
			break
		}
	}
	_, marked, err := s.ImportingSince(ctx, id)
	if rectify.ErrorCode(err) == rectify.ENOTFOUND || (err == nil && !marked) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.DeleteInspection(ctx, id)
}
