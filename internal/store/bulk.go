package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/textfold"
)

// Bulk loading: a large record written into an empty database at once (the
// synthetic records of `rectify demo generate`, a province's record moved in
// from elsewhere). The rows go in with their IDs assigned here, in large
// transactions, many rows a statement on SQLite and by COPY on PostgreSQL;
// the secondary indexes of the loaded tables (read from the schema, so that
// an index any migration adds is handled too) are dropped first and built
// again at the end, and so is the full-text index; the audit log gets one
// "create" entry per row with its final state, hash-chained as it goes; the
// planner's statistics are refreshed last. What is loaded is exactly what
// the store's own write paths would have stored: `rectify audit verify`
// passes on it.

// ErrBulkNotEmpty is returned by BulkLoad for a database that already holds
// units, inspections, problems or people.
var ErrBulkNotEmpty = rectify.Errorf(rectify.ECONFLICT, "数据库中已有记录，批量写入只能用于空数据库")

// BulkProgress is a progress report of a problem loaded by Bulk.Inspection.
type BulkProgress struct {
	Date   rectify.Date
	Text   string
	Author string
	// Measure is the index in the problem's Measures of the measure the
	// report is about, -1 for none.
	Measure int
	Files   []EvidenceFile
	// ID is set by the loader.
	ID int64
}

// bulkTable is a table the loader writes, with the rows waiting to go in.
type bulkTable struct {
	name  string
	cols  []string
	rows  [][]any
	audit *auditEntity
	// perm gives, for the id and each column of audit in its order, the
	// index of the value in a row of cols.
	perm    []int
	virtual bool // a full-text table: no column check, no indexes
	lastID  int64
}

// Bulk writes rows into an empty database; see BulkLoad.
type Bulk struct {
	s       *Store
	dialect string
	at      time.Time
	atVal   any
	actorID int64
	actor   string
	seq     int64
	prev    string
	tables  []*bulkTable // in the order of their foreign keys
	byName  map[string]*bulkTable
	paths   map[int64]string
	pending int // rows waiting in all tables
	sinceTx int // rows written in the current transaction
	flushFn func(ctx context.Context, t *bulkTable) error
	commit  func(ctx context.Context) error
	setHead func(ctx context.Context, seq int64, hash string) error
	scratch []any
	// Rows counts the rows written, audit log included.
	Rows int64
}

// bulkFlushAt is how many rows wait before they are written, and
// bulkCommitAt how many go into one transaction.
const (
	bulkFlushAt  = 20000
	bulkCommitAt = 400000
)

func (s *Store) bulkTables() []*bulkTable {
	t := func(name string, audit *auditEntity, cols ...string) *bulkTable {
		return &bulkTable{name: name, cols: cols, audit: audit}
	}
	search := t("problem_search", nil, "problem_id", "body")
	if s.dialect == Postgres {
		search.cols = append(search.cols, "pairs")
	}
	out := []*bulkTable{
		t("units", auditUnit, "id", "parent_id", "name", "path", "phone", "address", "mailbox", "email", "version"),
		t("people", auditPerson, "id", "unit_id", "name", "post", "user_id", "proposed", "version"),
		t("inspections", auditInspection, "id", "unit_id", "unit_name", "team", "kind", "round", "start_date", "end_date",
			"feedback", "issuer", "title", "notice_date", "deployer", "opening", "work", "next_steps", "phone", "address",
			"mailbox", "email", "published", "reported", "source", "version", "created", "importing"),
		t("findings", auditFinding, "id", "inspection_id", "number", "title"),
		t("problems", auditProblem, "id", "inspection_id", "finding_id", "number", "title", "description", "track", "class",
			"leader", "owner_unit", "due", "opened", "status", "status_date", "next_milestone", "version", "updated",
			"public_progress_id", "public_text"),
		t("measures", auditMeasure, "id", "problem_id", "number", "grp", "text", "owner", "due", "done", "version"),
		t("status_changes", auditStatusChange, "id", "problem_id", "status", "class", "date", "author", "reason", "text",
			"next_milestone"),
		// quantified false: the figures of loaded reports are read by the
		// workflow's backfill (QuantifyPending) afterwards.
		t("progress", auditProgress, "id", "problem_id", "measure_id", "date", "text", "author", "created", "quantified"),
		t("evidence", auditEvidence, "id", "progress_id", "problem_id", "name", "content_type", "size", "sha256", "created"),
		t("evidence_content", nil, "evidence_id", "data"),
		search,
		t("audit_log", nil, "seq", "at", "actor_id", "actor_name", "action", "entity", "entity_id", "problem_id",
			"before_json", "after_json", "prev_hash", "hash"),
	}
	if s.dialect == SQLite {
		// The pairs wait in a temporary table and go into their index in
		// one statement at the end: the full-text index writes its pending
		// terms out at every statement, and many small segments cost
		// merges.
		pairs := t("temp.bulk_pairs", nil, "id", "body")
		pairs.virtual = true
		out = slices.Insert(out, len(out)-1, pairs)
	}
	return out
}

// BulkLoad runs fill with a loader of the empty database, and finishes the
// load when fill returns nil. It refuses a database that holds units,
// inspections, problems or people (ErrBulkNotEmpty) and one whose loaded
// tables have columns the loader does not know (a migration added one: the
// loader must learn it). The rows are recorded in the audit log as created by
// the user of ctx. A load that fails leaves what it wrote so far, without its
// indexes rebuilt: start again on a new database.
func (s *Store) BulkLoad(ctx context.Context, fill func(b *Bulk) error) error {
	if err := s.bulkLoad(ctx, fill); err != nil {
		return fmt.Errorf("store: bulk load: %w", err)
	}
	return nil
}

func (s *Store) bulkLoad(ctx context.Context, fill func(b *Bulk) error) error {
	for _, table := range []string{"units", "inspections", "problems", "people"} {
		var one int
		err := s.db.QueryRowContext(ctx, "SELECT 1 FROM "+table+" LIMIT 1").Scan(&one)
		if err == nil {
			return ErrBulkNotEmpty
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	b := &Bulk{s: s, dialect: s.dialect, byName: map[string]*bulkTable{}, paths: map[int64]string{}}
	b.at = s.now().UTC().Truncate(time.Microsecond)
	b.atVal = b.timeVal(b.at)
	var err error
	if b.actorID, b.actor, err = actorOf(rectify.UserFrom(ctx)); err != nil {
		return err
	}
	b.tables = s.bulkTables()
	for _, t := range b.tables {
		b.byName[t.name] = t
		if err := t.bind(); err != nil {
			return err
		}
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := b.prepare(ctx, conn); err != nil {
		return err
	}
	if s.dialect == Postgres {
		return conn.Raw(func(dc any) error {
			pc, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("unexpected driver connection %T", dc)
			}
			return b.loadPostgres(ctx, conn, pc.Conn(), fill)
		})
	}
	return b.loadSQLite(ctx, conn, fill)
}

// bind checks the audited columns are among the table's and computes perm.
func (t *bulkTable) bind() error {
	if t.audit == nil {
		return nil
	}
	idx := func(name string) int { return slices.Index(t.cols, name) }
	t.perm = []int{idx("id")}
	for _, c := range t.audit.cols {
		i := idx(c.name)
		if i < 0 {
			return fmt.Errorf("table %s: the loader does not write the audited column %s", t.name, c.name)
		}
		t.perm = append(t.perm, i)
	}
	return nil
}

// prepare checks the columns of the tables against the loader's, reads
// the chain head and the IDs in use.
func (b *Bulk) prepare(ctx context.Context, conn *sql.Conn) error {
	for _, t := range b.tables {
		if t.virtual {
			continue
		}
		q := "SELECT name FROM pragma_table_info(?)"
		if b.dialect == Postgres {
			q = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
		}
		rows, err := conn.QueryContext(ctx, q, t.name)
		if err != nil {
			return err
		}
		var have []string
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			have = append(have, name)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, name := range have {
			if !slices.Contains(t.cols, name) {
				return fmt.Errorf("table %s: column %s is unknown to the loader (internal/store/bulk.go)", t.name, name)
			}
		}
		if len(have) != len(t.cols) {
			return fmt.Errorf("table %s: the loader writes columns the table lacks", t.name)
		}
		if t.cols[0] == "id" {
			if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+t.name).Scan(&t.lastID); err != nil {
				return err
			}
		}
	}
	return conn.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&b.seq, &b.prev)
}

// schemaObject is an index or trigger dropped for the load, to be made
// again after it.
type schemaObject struct{ kind, name, sql string }

func (b *Bulk) loadedTables() []string {
	var names []string
	for _, t := range b.tables {
		if !t.virtual {
			names = append(names, t.name)
		}
	}
	return names
}

func (b *Bulk) loadSQLite(ctx context.Context, conn *sql.Conn, fill func(b *Bulk) error) (err error) {
	// The secondary indexes of the loaded tables and the triggers that
	// carry search texts into the full-text index.
	var dropped []schemaObject
	names := b.loadedTables()
	rows, err := conn.QueryContext(ctx, `SELECT type, name, sql FROM sqlite_master
		WHERE sql IS NOT NULL AND ((type = 'index' AND tbl_name IN (`+placeholders(len(names))+`))
		OR (type = 'trigger' AND tbl_name = 'problem_search')) ORDER BY type, name`, anySlice(names)...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			rows.Close()
			return err
		}
		dropped = append(dropped, o)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	exec := func(q string, args ...any) error {
		_, err := conn.ExecContext(ctx, q, args...)
		return err
	}
	// The load's own settings: no foreign key checks (the loader gives
	// the keys), no waiting for the disk (a load that fails is started
	// again on a new database), a larger page cache for the index builds.
	var sync, cache int64
	if err := conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
		return err
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
		return err
	}
	for _, q := range []string{"PRAGMA foreign_keys = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"} {
		if err := exec(q); err != nil {
			return err
		}
	}
	defer func() {
		for _, q := range []string{"PRAGMA foreign_keys = ON", fmt.Sprintf("PRAGMA synchronous = %d", sync),
			fmt.Sprintf("PRAGMA cache_size = %d", cache)} {
			if ferr := exec(q); err == nil {
				err = ferr
			}
		}
	}()
	if err := exec("CREATE TEMP TABLE bulk_pairs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"); err != nil {
		return err
	}
	defer func() { _ = exec("DROP TABLE IF EXISTS temp.bulk_pairs") }()
	if err := exec("BEGIN IMMEDIATE"); err != nil {
		return err
	}
	inTx := true
	defer func() {
		if inTx {
			_ = exec("ROLLBACK")
		}
	}()
	for _, o := range dropped {
		if err := exec("DROP " + strings.ToUpper(o.kind) + " " + quoteIdent(o.name)); err != nil {
			return err
		}
	}
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	b.flushFn = func(ctx context.Context, t *bulkTable) error {
		per := max(1, min(200, 30000/len(t.cols)))
		for len(t.rows) > 0 {
			n := min(per, len(t.rows))
			key := fmt.Sprintf("%s/%d", t.name, n)
			st := stmts[key]
			if st == nil {
				row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
				q := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " +
					strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
				var err error
				if st, err = conn.PrepareContext(ctx, q); err != nil {
					return fmt.Errorf("%s: %w", t.name, err)
				}
				if n == per {
					stmts[key] = st
				} else {
					defer st.Close()
				}
			}
			args := b.scratch[:0]
			for _, r := range t.rows[:n] {
				args = append(args, r...)
			}
			b.scratch = args
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
			t.rows = t.rows[n:]
		}
		t.rows = nil
		return nil
	}
	b.setHead = func(ctx context.Context, seq int64, hash string) error {
		return exec("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash)
	}
	b.commit = func(ctx context.Context) error {
		if err := exec("COMMIT"); err != nil {
			return err
		}
		return exec("BEGIN IMMEDIATE")
	}
	if err := fill(b); err != nil {
		return err
	}
	if err := b.finish(ctx); err != nil {
		return err
	}
	// The full-text index from the search texts, the dropped indexes and
	// triggers again.
	// Both full-text indexes are built with a large in-memory hash (few,
	// large segments, few merges), then given back the default size.
	for _, q := range []string{
		"INSERT INTO problem_fts (problem_fts, rank) VALUES ('hashsize', 268435456)",
		"INSERT INTO problem_pairs (problem_pairs, rank) VALUES ('hashsize', 268435456)",
	} {
		if err := exec(q); err != nil {
			return fmt.Errorf("full-text index: %w", err)
		}
	}
	if err := exec("INSERT INTO problem_pairs (rowid, body) SELECT id, body FROM temp.bulk_pairs ORDER BY id"); err != nil {
		return fmt.Errorf("pairs index: %w", err)
	}
	if err := exec("DROP TABLE temp.bulk_pairs"); err != nil {
		return err
	}
	if err := exec("INSERT INTO problem_fts (problem_fts) VALUES ('rebuild')"); err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	for _, q := range []string{
		"INSERT INTO problem_fts (problem_fts, rank) VALUES ('hashsize', 1048576)",
		"INSERT INTO problem_pairs (problem_pairs, rank) VALUES ('hashsize', 1048576)",
	} {
		if err := exec(q); err != nil {
			return fmt.Errorf("full-text index: %w", err)
		}
	}
	for _, o := range dropped {
		if err := exec(o.sql); err != nil {
			return fmt.Errorf("%s %s: %w", o.kind, o.name, err)
		}
	}
	if err := exec("COMMIT"); err != nil {
		return err
	}
	inTx = false
	for _, q := range []string{"PRAGMA analysis_limit=1000", "ANALYZE", "PRAGMA optimize", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if err := exec(q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	return nil
}

func (b *Bulk) loadPostgres(ctx context.Context, sc *sql.Conn, pc *pgx.Conn, fill func(b *Bulk) error) error {
	var dropped []schemaObject
	rows, err := pc.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes i
		WHERE schemaname = current_schema() AND tablename = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c
			WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
		ORDER BY indexname`, b.loadedTables())
	if err != nil {
		return err
	}
	for rows.Next() {
		o := schemaObject{kind: "index"}
		if err := rows.Scan(&o.name, &o.sql); err != nil {
			rows.Close()
			return err
		}
		dropped = append(dropped, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	tx, err := pc.Begin(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	for _, o := range dropped {
		if _, err := tx.Exec(ctx, "DROP INDEX "+quoteIdent(o.name)); err != nil {
			return err
		}
	}
	b.flushFn = func(ctx context.Context, t *bulkTable) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows))
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		t.rows = nil
		return nil
	}
	b.setHead = func(ctx context.Context, seq int64, hash string) error {
		_, err := tx.Exec(ctx, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", seq, hash)
		return err
	}
	b.commit = func(ctx context.Context) error {
		if err := tx.Commit(ctx); err != nil {
			return err
		}
		tx, err = pc.Begin(ctx)
		return err
	}
	if err := fill(b); err != nil {
		return err
	}
	if err := b.finish(ctx); err != nil {
		return err
	}
	for _, o := range dropped {
		if _, err := tx.Exec(ctx, o.sql); err != nil {
			return fmt.Errorf("index %s: %w", o.name, err)
		}
	}
	// IDs given here: the identity sequences follow on from them.
	for _, t := range b.tables {
		if t.cols[0] != "id" || t.lastID == 0 {
			continue
		}
		if _, err := tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence($1, 'id'), $2)", t.name, t.lastID); err != nil {
			return fmt.Errorf("sequence of %s: %w", t.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	// VACUUM as well as ANALYZE: rows written by COPY are not yet marked
	// visible to all in the visibility map, so until autovacuum reaches
	// the tables every index-only scan of the lists would read the table
	// too.
	_, err = pc.Exec(ctx, "VACUUM (ANALYZE)")
	return err
}

// finish writes what waits and moves the chain head.
func (b *Bulk) finish(ctx context.Context) error {
	if err := b.flush(ctx); err != nil {
		return err
	}
	return b.setHead(ctx, b.seq, b.prev)
}

// add queues a row of the table named name; the row is kept as it is.
func (b *Bulk) add(ctx context.Context, name string, row []any) error {
	t := b.byName[name]
	t.rows = append(t.rows, row)
	b.pending++
	b.Rows++
	if t.audit != nil {
		vals := make([]any, len(t.perm))
		for i, k := range t.perm {
			vals[i] = row[k]
		}
		st := t.audit.state(vals, nil)
		b.seq++
		e := AuditEntry{Seq: b.seq, At: b.at, ActorID: b.actorID, ActorName: b.actor, Action: ActionCreate,
			Entity: t.audit.name, EntityID: st.id, ProblemID: st.problemID, After: st.json, PrevHash: b.prev}
		e.Hash = e.ComputeHash()
		b.prev = e.Hash
		a := b.byName["audit_log"]
		a.rows = append(a.rows, []any{e.Seq, b.atVal, e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID,
			nullID(e.ProblemID), "", e.After, e.PrevHash, e.Hash})
		b.pending++
		b.Rows++
	}
	if b.pending >= bulkFlushAt {
		return b.flush(ctx)
	}
	return nil
}

// flush writes the waiting rows, table by table in the order of their
// foreign keys, and commits when the transaction has grown large.
func (b *Bulk) flush(ctx context.Context) error {
	for _, t := range b.tables {
		if len(t.rows) == 0 {
			continue
		}
		n := len(t.rows)
		if err := b.flushFn(ctx, t); err != nil {
			return err
		}
		b.sinceTx += n
	}
	b.pending = 0
	if b.sinceTx >= bulkCommitAt {
		b.sinceTx = 0
		return b.commit(ctx)
	}
	return nil
}

func (b *Bulk) nextID(table string) int64 {
	t := b.byName[table]
	t.lastID++
	return t.lastID
}

func (b *Bulk) dateVal(d rectify.Date) any {
	if d.IsZero() {
		return nil
	}
	if b.dialect == Postgres {
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return d.String()
}

func (b *Bulk) timeVal(t time.Time) any {
	t = t.UTC()
	if b.dialect == Postgres {
		return t
	}
	return t.Format(sqliteTime)
}

func (b *Bulk) boolVal(v bool) any {
	if b.dialect == Postgres {
		return v
	}
	if v {
		return int64(1)
	}
	return int64(0)
}

// Unit adds u under u.ParentID (a unit added before, or none) and sets its
// ID, Path and Version.
func (b *Bulk) Unit(ctx context.Context, u *rectify.Unit) error {
	if err := u.Validate(); err != nil {
		return err
	}
	parentPath := ""
	if u.ParentID != 0 {
		p, ok := b.paths[u.ParentID]
		if !ok {
			return notFound("上级单位", u.ParentID)
		}
		parentPath = p
	}
	u.ID = b.nextID("units")
	u.Path, u.Version = rectify.UnitPath(parentPath, u.ID), 1
	b.paths[u.ID] = u.Path
	return b.add(ctx, "units", []any{u.ID, nullID(u.ParentID), u.Name, u.Path, u.Contact.Phone, u.Contact.Address,
		u.Contact.Mailbox, u.Contact.Email, int64(1)})
}

// Person adds p to the people list of its unit and sets its ID and Version.
func (b *Bulk) Person(ctx context.Context, p *rectify.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	p.ID, p.Version = b.nextID("people"), 1
	return b.add(ctx, "people", []any{p.ID, p.UnitID, p.Name, p.Post, nullID(p.UserID), b.boolVal(p.Proposed), int64(1)})
}

// Inspection adds in with its whole tree and sets the IDs, as
// CreateInspection does; progress gives the progress reports of its
// problems, which get their IDs too (in the order of their dates).
func (b *Bulk) Inspection(ctx context.Context, in *rectify.Inspection, progress map[*rectify.Problem][]*BulkProgress) error {
	if err := validateTree(in); err != nil {
		return err
	}
	if _, ok := b.paths[in.UnitID]; !ok {
		return notFound("单位", in.UnitID)
	}
	work, err := paragraphsJSON(in.Work)
	if err != nil {
		return err
	}
	next, err := paragraphsJSON(in.NextSteps)
	if err != nil {
		return err
	}
	reported, err := reportedJSON(in.Reported)
	if err != nil {
		return err
	}
	in.ID, in.Version, in.Created = b.nextID("inspections"), 1, b.at
	err = b.add(ctx, "inspections", []any{in.ID, in.UnitID, in.UnitName, in.Team, string(in.Kind), int64(in.Round),
		b.dateVal(in.Start), b.dateVal(in.End), b.dateVal(in.Feedback), in.Issuer, in.Title, b.dateVal(in.NoticeDate),
		in.Deployer, in.Opening, work, next, in.Contact.Phone, in.Contact.Address, in.Contact.Mailbox, in.Contact.Email,
		b.boolVal(in.Published), reported, sourceCol(in.Source), int64(1), b.atVal, nil})
	if err != nil {
		return err
	}
	for _, f := range in.Findings {
		f.ID, f.InspectionID = b.nextID("findings"), in.ID
		if err := b.add(ctx, "findings", []any{f.ID, in.ID, int64(f.Number), f.Title}); err != nil {
			return err
		}
		for _, p := range f.Problems {
			if err := b.problem(ctx, in, f, p, progress[p]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (b *Bulk) problem(ctx context.Context, in *rectify.Inspection, f *rectify.Finding, p *rectify.Problem, reports []*BulkProgress) error {
	setCurrent(p)
	p.ID, p.InspectionID, p.FindingID, p.Version = b.nextID("problems"), in.ID, f.ID, 1
	err := b.add(ctx, "problems", []any{p.ID, in.ID, f.ID, int64(p.Number), p.Title, p.Description, string(p.Track), p.Class,
		p.Leader, p.OwnerUnit, b.dateVal(p.Due), b.dateVal(p.Opened), string(p.Status), b.dateVal(p.StatusDate),
		b.dateVal(p.NextMilestone), int64(1), b.atVal, nil, ""})
	if err != nil {
		return err
	}
	texts := make([]string, 0, len(p.Measures)+len(reports))
	for _, m := range p.Measures {
		m.ID, m.ProblemID, m.Version = b.nextID("measures"), p.ID, 1
		err := b.add(ctx, "measures", []any{m.ID, p.ID, int64(m.Number), m.Group, m.Text, m.Owner, b.dateVal(m.Due),
			b.dateVal(m.Done), int64(1)})
		if err != nil {
			return err
		}
		if m.Group != "" {
			texts = append(texts, m.Group)
		}
		texts = append(texts, m.Text)
	}
	for i := range p.History {
		h := &p.History[i]
		h.ID, h.ProblemID = b.nextID("status_changes"), p.ID
		err := b.add(ctx, "status_changes", []any{h.ID, p.ID, string(h.Status), h.Class, b.dateVal(h.Date), h.Author,
			h.Reason, h.Text, b.dateVal(h.NextMilestone)})
		if err != nil {
			return err
		}
	}
	reports = slices.Clone(reports)
	slices.SortStableFunc(reports, func(x, y *BulkProgress) int { return x.Date.Compare(y.Date) })
	var progressTexts []string
	for _, r := range reports {
		if r.Date.IsZero() || strings.TrimSpace(r.Text) == "" {
			return rectify.Errorf(rectify.EINVALID, "问题 %d 的整改情况缺少日期或内容", p.Number)
		}
		var measure int64
		if r.Measure >= 0 && r.Measure < len(p.Measures) {
			measure = p.Measures[r.Measure].ID
		}
		r.ID = b.nextID("progress")
		created := b.timeVal(time.Date(r.Date.Year, r.Date.Month, r.Date.Day, 2, 0, 0, 0, time.UTC).Add(time.Duration(r.ID%28800) * time.Second))
		err := b.add(ctx, "progress", []any{r.ID, p.ID, nullID(measure), b.dateVal(r.Date), r.Text, r.Author, created,
			b.boolVal(false)})
		if err != nil {
			return err
		}
		progressTexts = append(progressTexts, r.Text)
		for _, file := range r.Files {
			id := b.nextID("evidence")
			sum := sha256.Sum256(file.Data)
			err := b.add(ctx, "evidence", []any{id, r.ID, p.ID, file.Name, file.ContentType, int64(len(file.Data)),
				hex.EncodeToString(sum[:]), created})
			if err == nil {
				err = b.add(ctx, "evidence_content", []any{id, file.Data})
			}
			if err != nil {
				return err
			}
		}
	}
	body := textfold.Fold(searchBody(p.Title, p.Description, texts, progressTexts))
	pairs := hanPairs(body)
	if b.dialect == Postgres {
		if pairs == nil {
			pairs = []string{}
		}
		return b.add(ctx, "problem_search", []any{p.ID, body, pairs})
	}
	if err := b.add(ctx, "problem_search", []any{p.ID, body}); err != nil {
		return err
	}
	return b.add(ctx, "temp.bulk_pairs", []any{p.ID, strings.Join(pairs, " ")})
}

func anySlice(xs []string) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// quoteIdent quotes a name for SQL.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// SchemaObjects returns the definitions of the indexes and triggers of the
// database, sorted: what a load must leave as it found.
func (s *Store) SchemaObjects(ctx context.Context) ([]string, error) {
	q := "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
	if s.dialect == Postgres {
		q = "SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()"
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: schema objects: %w", err)
	}
	var out []string
	for rows.Next() {
		var x string
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: schema objects: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store: schema objects: %w", err)
	}
	slices.Sort(out)
	return out, nil
}
