// Package store keeps rectify's records in a database: SQLite by default (an
// embedded file, pure Go) or PostgreSQL, through database/sql with SQL
// written by hand. It applies its embedded migrations when it opens.
//
// Every method takes a context first. A record that does not exist gives an
// error matching rectify.ErrNotFound; an update carrying a version that is no
// longer current gives an error matching rectify.ErrStale and changes
// nothing; input that fails the domain's validation gives an EINVALID
// *rectify.Error. Every write runs in one transaction.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/rectify-dev/rectify"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Dialect names, as Store.Dialect returns them.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is the database of rectify. Its methods are safe for concurrent use.
type Store struct {
	// Now is the clock used for created and updated times; it defaults to
	// time.Now. Set it right after Open, before the store is shared.
	Now func() time.Time

	dialect string
	dsn     string  // the URL or file path, for backups
	db      *sql.DB // writes; on PostgreSQL also reads
	rdb     *sql.DB // reads
	// prepared, on SQLite, keeps statements prepared on the one writing
	// connection from one transaction to the next.
	prepared *preparedStmts
	// reads, on SQLite, keeps the statements of reads prepared on the
	// pool of reading connections.
	reads *readStmts
	// objects, when set, holds the content of evidence files uploaded
	// from then on (SetEvidenceStore).
	objects EvidenceStore
	// pairs, on PostgreSQL, keeps the statistics of the character pairs
	// of the search texts (commonTerms).
	pairs pairStats
	// counts keeps the lists' counts while the record stays as it was.
	counts countCache
}

// Open opens the database named by dsn and applies any migrations not yet
// applied. A postgres:// or postgresql:// URL opens PostgreSQL; anything else
// is the path of a SQLite file, created when missing. It returns an error
// when the database cannot be reached or a migration fails.
func Open(ctx context.Context, dsn string) (*Store, error) {
	return OpenWith(ctx, dsn, Options{})
}

// Options are the choices of OpenWith.
type Options struct {
	// SyncFull makes SQLite sync its log at every commit
	// (synchronous=FULL): a commit survives a power loss or a crash of
	// the operating system. The default, NORMAL, keeps the database whole
	// in those cases too but may lose the last commits before them; a
	// crash of the program alone loses nothing either way. PostgreSQL
	// keeps its own setting (synchronous_commit).
	SyncFull bool
}

// OpenWith is Open with the choices of opt.
func OpenWith(ctx context.Context, dsn string, opt Options) (*Store, error) {
	var s *Store
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err = openPostgres(dsn)
	} else {
		s, err = openSQLite(dsn, opt)
	}
	if err != nil {
		return nil, err
	}
	if err := s.ping(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.auditBaseline(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.dialect == SQLite && !s.emptyRecord(ctx) {
		// Refresh the planner's statistics where they are missing or far
		// off, within a bounded effort (see SQLite's PRAGMA optimize). Not
		// on an empty record: the statistics of empty tables (the
		// full-text index's among them) would stay when it fills, and
		// SQLite would plan a full-text delete as a scan of the whole
		// index.
		if _, err := s.db.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			s.Close()
			return nil, fmt.Errorf("store: open: optimize: %w", err)
		}
	}
	return s, nil
}

// emptyRecord reports whether the record holds no problem (or cannot be
// read).
func (s *Store) emptyRecord(ctx context.Context) bool {
	var one int
	return s.db.QueryRowContext(ctx, "SELECT 1 FROM problems LIMIT 1").Scan(&one) != nil
}

// ping checks the first connection. On a new SQLite file, switching to WAL
// needs an exclusive lock, and a process opening the file at the same moment
// is told "database is locked" at once, without the busy timeout: it waits a
// little and tries again.
func (s *Store) ping(ctx context.Context) error {
	var err error
	for wait := 10 * time.Millisecond; wait < 3*time.Second; wait *= 2 {
		if err = s.db.PingContext(ctx); err == nil || s.dialect != SQLite || !isBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return err
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// Optimize refreshes the statistics the query planner chooses indexes by.
// Run it after a large import and from time to time (a daily job);
// it takes well under a second on SQLite and is ANALYZE on PostgreSQL.
func (s *Store) Optimize(ctx context.Context) error {
	stmts := []string{"ANALYZE"}
	if s.dialect == SQLite {
		stmts = []string{"PRAGMA analysis_limit=1000", "ANALYZE", "PRAGMA optimize"}
	}
	for _, q := range stmts {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
	}
	return nil
}

func openPostgres(dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(max(8, 2*runtime.NumCPU()))
	db.SetMaxIdleConns(max(8, 2*runtime.NumCPU()))
	db.SetConnMaxIdleTime(5 * time.Minute)
	return &Store{Now: time.Now, dialect: Postgres, dsn: dsn, db: db, rdb: db}, nil
}

// openSQLite opens two pools on one file. SQLite lets one connection write at
// a time; with several writing connections, transactions that start reading
// and then write fail with SQLITE_BUSY however long the busy timeout is. So
// all writes go through a pool of exactly one connection, where they queue in
// Go instead, and begin IMMEDIATE so that even another process's writer
// waits politely (busy_timeout) rather than failing mid-transaction. Reads
// use a separate pool of read-only connections: in WAL mode they run beside
// the writer and never block it.
func openSQLite(path string, opt Options) (*Store, error) {
	path = strings.TrimPrefix(path, "sqlite://")
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("store: open sqlite: bad file path %q", path)
	}
	sync := "NORMAL"
	if opt.SyncFull {
		sync = "FULL"
	}
	common := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(" + sync + ")" +
		"&_pragma=cache_size(-32768)&_pragma=mmap_size(268435456)"
	db, err := sql.Open("sqlite", path+"?"+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	s := &Store{Now: time.Now, dialect: SQLite, dsn: path, db: db, rdb: db, prepared: &preparedStmts{m: map[string]*sql.Stmt{}}}
	if path == ":memory:" {
		return s, nil // every connection would see its own database
	}
	rdb, err := sql.Open("sqlite", path+"?"+common+"&_pragma=query_only(1)")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	n := max(4, runtime.NumCPU())
	rdb.SetMaxOpenConns(n)
	rdb.SetMaxIdleConns(n)
	rdb.SetConnMaxIdleTime(5 * time.Minute)
	s.rdb = rdb
	s.reads = &readStmts{db: rdb, m: map[string]*sql.Stmt{}}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	err := s.reads.close()
	if s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return errors.Join(err, s.prepared.close(), s.db.Close())
}

// Dialect returns SQLite or Postgres.
func (s *Store) Dialect() string { return s.dialect }

// now returns the clock's time in UTC, to the microsecond that both
// databases keep.
func (s *Store) now() time.Time {
	clock := s.Now
	if clock == nil {
		clock = time.Now
	}
	return clock().UTC().Truncate(time.Microsecond)
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs queries written with ? placeholders on either database.
type conn struct {
	q       querier
	dialect string
	// stmts, in a SQLite write transaction, keeps each statement prepared
	// for the rest of the transaction: an import runs the same inserts a
	// hundred times. (pgx caches prepared statements by itself.)
	stmts *stmtCache
	// audit, in a write transaction, collects the audit log's entries of
	// the changes made; they are appended just before the commit.
	audit *auditBuf
	// reads, on SQLite's reading pool, keeps each read's statement
	// prepared from one request to the next.
	reads *readStmts
	// counts, on the reading pool, keeps the lists' counts while the
	// record stays as it was (countRow).
	counts *countCache
}

// stmtCache holds the statements prepared on one transaction; they close
// with it.
type stmtCache struct {
	tx *sql.Tx
	m  map[string]*sql.Stmt
	// shared are the statements kept from earlier transactions; missed
	// are the queries this one had to prepare, kept once it ends.
	shared *preparedStmts
	missed []string
}

// stmt returns the prepared statement of query, or nil when statements are
// not cached or it cannot be prepared (running the query then reports why).
func (c conn) stmt(ctx context.Context, query string) *sql.Stmt {
	if c.stmts == nil {
		return c.reads.get(ctx, query)
	}
	if st, ok := c.stmts.m[query]; ok {
		return st
	}
	var st *sql.Stmt
	if kept := c.stmts.shared.get(query); kept != nil {
		st = c.stmts.tx.StmtContext(ctx, kept) // prepared on this connection already
	} else {
		var err error
		if st, err = c.stmts.tx.PrepareContext(ctx, query); err != nil {
			return nil
		}
		c.stmts.missed = append(c.stmts.missed, query)
	}
	c.stmts.m[query] = st
	return st
}

// preparedStmts are statements prepared on SQLite's one writing connection
// and kept there: parsing a statement costs about as much as running it,
// and a use case runs the same few dozen each time. A statement cannot be
// prepared on the pool while a transaction holds its one connection, so
// those a transaction lacked are prepared after it ends.
type preparedStmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxPrepared bounds the statements kept (a few queries are built with a
// varying number of placeholders).
const maxPrepared = 512

func (p *preparedStmts) get(query string) *sql.Stmt {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[query]
}

// keep prepares the queries on db, unless kept already or too many are;
// a query that fails to prepare is left to be prepared in each
// transaction, as before.
func (p *preparedStmts) keep(ctx context.Context, db *sql.DB, queries []string) {
	if p == nil {
		return
	}
	for _, q := range queries {
		p.mu.Lock()
		_, have := p.m[q]
		full := len(p.m) >= maxPrepared
		p.mu.Unlock()
		if have || full {
			continue
		}
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		p.mu.Lock()
		if _, have := p.m[q]; have {
			st.Close()
		} else {
			p.m[q] = st
		}
		p.mu.Unlock()
	}
}

// readStmts are statements prepared on SQLite's pool of reading
// connections (database/sql prepares each on a connection the first time
// it runs there): SQLite parses and plans a statement each time it is
// prepared, which costs a single problem's reads more than running them.
// At most maxReadPrepared are kept; a query past that is prepared each
// time it runs.
type readStmts struct {
	db *sql.DB
	mu sync.RWMutex
	m  map[string]*sql.Stmt
}

// get returns the statement of query, prepared now when it is not yet;
// nil when r is nil, when maxReadPrepared are kept, or when it cannot be
// prepared (running the query then reports why).
// maxReadPrepared bounds the reading statements kept: each is prepared on
// every reading connection, and lists build a few queries with a varying
// number of placeholders.
const maxReadPrepared = 256

func (r *readStmts) get(ctx context.Context, query string) *sql.Stmt {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	st, full := r.m[query], len(r.m) >= maxReadPrepared
	r.mu.RUnlock()
	if st != nil || full {
		return st
	}
	st, err := r.db.PrepareContext(ctx, plainParams(query))
	if err != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if kept, ok := r.m[query]; ok {
		st.Close()
		return kept
	}
	if len(r.m) >= maxReadPrepared {
		st.Close()
		return nil
	}
	r.m[query] = st
	return st
}

func (r *readStmts) close() error {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for q, st := range r.m {
		errs = append(errs, st.Close())
		delete(r.m, q)
	}
	return errors.Join(errs...)
}

func (p *preparedStmts) close() error {
	if p == nil {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for q, st := range p.m {
		errs = append(errs, st.Close())
		delete(p.m, q)
	}
	return errors.Join(errs...)
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query, args = c.literals(query, args)
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.q.ExecContext(ctx, c.rebind(query), args...)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args = c.literals(query, args)
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	if c.reads != nil {
		query = plainParams(query) // planned as when prepared
	}
	return c.q.QueryContext(ctx, c.rebind(query), args...)
}

func (c conn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query, args = c.literals(query, args)
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	if c.reads != nil {
		query = plainParams(query)
	}
	return c.q.QueryRowContext(ctx, c.rebind(query), args...)
}

// lit is an argument that PostgreSQL is given written into the statement
// rather than bound to a placeholder (SQLite binds it as usual). A
// statement without placeholders is planned once when prepared and its
// plan kept on the connection, where one with them is planned again at
// every run (a plan for unknown values, tried after five runs, is
// rejected when it costs more): the lists' filters, dates, statuses,
// scopes and limits take a few values a day, the cursors many, so only
// the former are given as lit. Only values whose text needs no quoting
// beyond a pair of single quotes are written: others stay bound.
type lit struct{ v any }

// lits returns args with each value lit can write wrapped in it, but for
// int64s (ids of units, inspections and problems: many values).
func lits(args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if _, id := a.(int64); id {
			out[i] = a
			continue
		}
		if _, done := a.(lit); !done {
			if _, ok := literal(a); ok {
				a = lit{a}
			}
		}
		out[i] = a
	}
	return out
}

// literal returns v as an SQL literal, and false when it is of no kind
// that lit writes.
func literal(v any) (string, bool) {
	switch v := v.(type) {
	case lit:
		return literal(v.v)
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case rectify.Date:
		if v.IsZero() {
			return "", false
		}
		return "'" + v.String() + "'", true
	case rectify.Status:
		return literal(string(v))
	case string:
		for i := 0; i < len(v); i++ {
			ch := v[i]
			if !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch == '_' || ch == '/' || ch == '-' || ch == '.') {
				return "", false
			}
		}
		return "'" + v + "'", true
	}
	return "", false
}

// literals returns query and args with the lit arguments written into the
// query on PostgreSQL, and unwrapped on SQLite.
func (c conn) literals(query string, args []any) (string, []any) {
	found := false
	for _, a := range args {
		if _, ok := a.(lit); ok {
			found = true
			break
		}
	}
	if !found {
		return query, args
	}
	bound := make([]any, 0, len(args))
	if c.dialect != Postgres {
		for _, a := range args {
			if l, ok := a.(lit); ok {
				a = l.v
			}
			bound = append(bound, a)
		}
		return query, bound
	}
	placed := 0
	query = replaceParams(query, 8*len(args), func(b *strings.Builder, n int) {
		placed = n
		if n <= len(args) {
			if l, ok := args[n-1].(lit); ok {
				s, _ := literal(l)
				b.WriteString(s)
				return
			}
			bound = append(bound, args[n-1])
		}
		b.WriteByte('?')
	})
	// Arguments past the placeholders stay, for the driver to refuse.
	for _, a := range args[min(placed, len(args)):] {
		if l, ok := a.(lit); ok {
			a = l.v
		}
		bound = append(bound, a)
	}
	return query, bound
}

// plainParams returns query with each ? placeholder outside quoted
// literals written +? on SQLite's reading pool. SQLite's planner
// (built with STAT4) reads the values bound to a bare placeholder that
// constrains an index with samples (ANALYZE's sqlite_stat4) and then marks
// the statement to be parsed and planned afresh at every bind: a kept
// statement of a list (dates, ids, paths) was parsed at every run, about
// a fifth of a yellow list's CPU. A unary plus leaves the value and its
// affinity (none) as they were and the index usable, but hides the value
// from the planner, which plans once from the index's statistics.
func plainParams(query string) string {
	return replaceParams(query, 32, func(b *strings.Builder, _ int) { b.WriteString("+?") })
}

// replaceParams returns query with each ? placeholder outside quoted
// literals replaced by what write writes for the nth (from 1); grow is
// the room to add for them.
func replaceParams(query string, grow int, write func(b *strings.Builder, n int)) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + grow)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '?':
			n++
			write(&b, n)
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

// insert runs an INSERT … RETURNING id and returns the id.
func (c conn) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	if err := c.queryRow(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}

// rebind turns the ? placeholders of query into PostgreSQL's $1, $2, …;
// question marks inside quoted literals are left alone. SQLite takes ? as is.
func (c conn) rebind(query string) string {
	if c.dialect != Postgres {
		return query
	}
	return replaceParams(query, 16, func(b *strings.Builder, n int) {
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	})
}

// time returns t as the column value of a timestamp: fixed-width RFC 3339
// text in UTC on SQLite (so that it sorts as text), timestamptz on PostgreSQL.
func (c conn) time(t time.Time) any {
	t = t.UTC()
	if c.dialect == SQLite {
		return t.Format(sqliteTime)
	}
	return t
}

const sqliteTime = "2006-01-02T15:04:05.000000000Z"

// reader returns a conn on the read pool.
func (s *Store) reader() conn {
	return conn{q: s.rdb, dialect: s.dialect, reads: s.reads, counts: &s.counts}
}

// write runs fn in one transaction on the writer and commits it when fn
// returns nil, with the audit log's entries of what fn changed (recorded
// as the work of rectify.UserFrom(ctx); ErrNoActor when it records a change
// and ctx carries no user — the system only when rectify.AsSystem says so). Errors come
// back wrapped with "store: op: ".
func (s *Store) write(ctx context.Context, op string, fn func(c conn) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s: begin: %w", op, err)
	}
	c := conn{q: tx, dialect: s.dialect, audit: &auditBuf{now: s.now, user: rectify.UserFrom(ctx)}}
	if s.dialect == SQLite {
		c.stmts = &stmtCache{tx: tx, m: map[string]*sql.Stmt{}, shared: s.prepared}
	}
	err = fn(c)
	if err == nil {
		err = c.finishTouches(ctx)
	}
	if err == nil {
		err = c.flushAudit(ctx)
	}
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) {
			err = errors.Join(err, rerr)
		}
		return fmt.Errorf("store: %s: %w", op, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s: commit: %w", op, err)
	}
	if c.stmts != nil && len(c.stmts.missed) > 0 {
		s.prepared.keep(ctx, s.db, c.stmts.missed)
	}
	return nil
}

// notFound returns a not-found error naming the record (in Chinese, for the
// user) that matches rectify.ErrNotFound.
func notFound(what string, id int64) error {
	return rectify.Errorf(rectify.ENOTFOUND, "未找到%s（编号 %d）", what, id)
}

// checkUpdated turns an UPDATE … WHERE id = ? AND version = ? that touched
// no row into ErrStale, or into not-found when the row is gone.
func (c conn) checkUpdated(ctx context.Context, res sql.Result, table, what string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	return c.mustExist(ctx, table, what, id, rectify.ErrStale)
}

// mustExist returns ifExists when the row id of table exists, a not-found
// error when it does not.
func (c conn) mustExist(ctx context.Context, table, what string, id int64, ifExists error) error {
	var one int
	err := c.queryRow(ctx, "SELECT 1 FROM "+table+" WHERE id = ?", id).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return notFound(what, id)
	case err != nil:
		return err
	}
	return ifExists
}

// checkDeleted turns a DELETE that touched no row into not-found.
func checkFound(res sql.Result, what string, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound(what, id)
	}
	return nil
}

// nullID returns id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idCol scans a nullable id into an int64, NULL as 0.
type idCol struct{ p *int64 }

func (c idCol) Scan(src any) error {
	var n sql.NullInt64
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.p = n.Int64
	return nil
}

// timeCol scans a timestamp written by conn.time, NULL as the zero time.
type timeCol struct{ p *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.p = time.Time{}
	case time.Time:
		*c.p = v.UTC()
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a time", src)
	}
	return nil
}

func (c timeCol) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("bad time %q: %w", s, err)
	}
	*c.p = t.UTC()
	return nil
}

// scopeRange returns the bounds lo <= path < hi of the subtree at scope: a
// path holds only digits and slashes, and '0' follows '/'.
func scopeRange(scope string) (lo, hi string) {
	if !strings.HasSuffix(scope, "/") {
		scope += "/"
	}
	return scope, scope[:len(scope)-1] + "0"
}

// placeholders returns "?, ?, …" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// closeRows closes rows and returns the first of err, the iteration error
// and the close error.
func closeRows(rows *sql.Rows, err error) error {
	if err == nil {
		err = rows.Err()
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}
