package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// The audit log (审计日志) records every change to the record: who made it,
// when, to which row, and the row before and after, each as canonical JSON
// read back from the database as stored. Entries are appended by the write
// paths of this package, in the transaction of the change, and chained by
// hash (see AuditEntry.ComputeHash). VerifyAudit checks the chain and
// compares every row of the record with the last state the log gives it.
//
// Adding a column to an audited table: add it to the entity below, or the
// test that compares the entities with the schema fails.

// The entities the audit log names.
const (
	EntityUnit           = "unit"
	EntityInspection     = "inspection"
	EntityFinding        = "finding"
	EntityProblem        = "problem"
	EntityMeasure        = "measure"
	EntityStatusChange   = "status_change"
	EntityProgress       = "progress"
	EntityEvidence       = "evidence"
	EntityRule           = "rule"
	EntityAccountability = "accountability"
	EntityComment        = "comment"
	EntityRecheck        = "recheck"
	EntitySetting        = "setting"
	EntityPerson         = "person"
	EntityChange         = "change_request"
)

// The actions the audit log records.
const (
	ActionCreate   = "create"
	ActionUpdate   = "update"
	ActionDelete   = "delete"
	ActionStatus   = "status"   // a problem's current status refreshed by a status change
	ActionBaseline = "baseline" // a row that predates the log, recorded when the log began
)

// SystemActor is the actor name of entries of work no person does, made
// with rectify.AsSystem (jobs, commands without an author, the log's
// baseline). A change without any user in the context is refused.
const SystemActor = rectify.SystemActor

// ErrNoActor is returned by a change whose context carries no acting user
// (rectify.WithUser, or rectify.AsSystem for work no person does).
var ErrNoActor = errors.New("store: a change without an acting user (rectify.WithUser or rectify.AsSystem)")

// auditKind says how a column's value is written in the canonical JSON, so
// that both databases give the same bytes: SQLite keeps dates and times as
// text and booleans as integers, PostgreSQL as date, timestamptz, boolean.
type auditKind uint8

const (
	kValue auditKind = iota // text or integer, as it comes
	kDate                   // "YYYY-MM-DD"
	kTime                   // RFC 3339 in UTC with nine fractional digits
	kBool                   // true or false
)

type auditCol struct {
	name string
	kind auditKind
	// omitEmpty leaves the column out of the state while it holds "" or
	// NULL: a column added after rows were logged ("name?") keeps their
	// state, and so the log's hashes, as they were.
	omitEmpty bool
}

// auditEntity is an audited table: the columns its canonical state holds
// (the id is the entry's entity_id and not repeated).
type auditEntity struct {
	name       string
	table      string
	label      string // Chinese, for reports: 问题, 整改措施, …
	cols       []auditCol
	problemCol string // the column naming the row's problem: "id" for problems, "" for none
	selectCols string // "id, col, …"
	problemIdx int    // index in the scanned values of problemCol, -1 for none
	numberIdx  int    // index of the "number" column, -1 for none
	// ruleProblems adds the rule's problems (rule_problems) as "problem_ids".
	ruleProblems bool
}

// scanTargets returns the values of a row of e's selectCols and pointers
// to them, for rows.Scan.
func (e *auditEntity) scanTargets() (vals, ptrs []any) {
	vals = make([]any, len(e.cols)+1)
	ptrs = make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, ptrs
}

// newAuditEntity describes a table; cols are "name" or "name:date",
// "name:time", "name:bool", and "name?" for a text column left out of the
// state while it is empty.
func newAuditEntity(name, table, label, problemCol string, cols ...string) *auditEntity {
	e := &auditEntity{name: name, table: table, label: label, problemCol: problemCol, problemIdx: -1, numberIdx: -1}
	for _, c := range cols {
		if n, ok := strings.CutSuffix(c, "?"); ok {
			c = n
			e.cols = append(e.cols, auditCol{name: c, omitEmpty: true})
			continue
		}
		col := auditCol{name: c}
		if n, k, ok := strings.Cut(c, ":"); ok {
			col.name = n
			switch k {
			case "date":
				col.kind = kDate
			case "time":
				col.kind = kTime
			case "bool":
				col.kind = kBool
			}
		}
		e.cols = append(e.cols, col)
	}
	sort.Slice(e.cols, func(i, j int) bool { return e.cols[i].name < e.cols[j].name })
	names := []string{"id"}
	for i, c := range e.cols {
		names = append(names, c.name)
		if c.name == problemCol {
			e.problemIdx = i + 1
		}
		if c.name == "number" {
			e.numberIdx = i + 1
		}
	}
	if problemCol == "id" {
		e.problemIdx = 0
	}
	e.selectCols = strings.Join(names, ", ")
	return e
}

// The audited tables. problems.updated is left out: it is the time of the
// last change to the problem, its measures or its progress, kept for
// sorting, not part of the record.
var (
	auditUnit = newAuditEntity(EntityUnit, "units", "单位", "",
		"parent_id", "name", "path", "phone", "address", "mailbox?", "email", "version")
	auditInspection = newAuditEntity(EntityInspection, "inspections", "巡察", "",
		"unit_id", "unit_name", "team", "kind", "round", "start_date:date", "end_date:date", "feedback:date",
		"issuer", "title", "notice_date:date", "deployer", "opening?", "work", "next_steps", "phone", "address",
		"mailbox?", "email",
		"published:bool", "reported?", "source?", "version", "created:time")
	auditFinding = newAuditEntity(EntityFinding, "findings", "反馈问题", "",
		"inspection_id", "number", "title")
	auditProblem = newAuditEntity(EntityProblem, "problems", "问题", "id",
		"inspection_id", "finding_id", "number", "title", "description", "track", "class", "leader", "owner_unit",
		"due:date", "opened:date", "status", "status_date:date", "next_milestone:date", "version",
		"public_progress_id?", "public_text?")
	auditMeasure = newAuditEntity(EntityMeasure, "measures", "整改措施", "problem_id",
		"problem_id", "number", "grp", "text", "owner", "due:date", "done:date", "version")
	auditStatusChange = newAuditEntity(EntityStatusChange, "status_changes", "状态记录", "problem_id",
		"problem_id", "status", "class", "date:date", "author", "reason", "text", "next_milestone:date")
	auditProgress = newAuditEntity(EntityProgress, "progress", "整改情况", "problem_id",
		"problem_id", "measure_id", "date:date", "text", "author", "created:time")
	auditEvidence = newAuditEntity(EntityEvidence, "evidence", "证明材料", "problem_id",
		"progress_id", "problem_id", "name", "content_type", "size", "sha256", "created:time")
	auditRule = func() *auditEntity {
		e := newAuditEntity(EntityRule, "rules", "制度", "", "inspection_id", "title", "kind", "date:date")
		e.ruleProblems = true
		return e
	}()
	auditAccountability = newAuditEntity(EntityAccountability, "accountability", "问责记录", "problem_id",
		"inspection_id", "problem_id", "person", "form", "date:date", "reason")
	auditComment = newAuditEntity(EntityComment, "public_comments", "意见建议", "problem_id",
		"unit_id", "inspection_id", "problem_id", "name", "contact", "text", "state", "assignee", "reply",
		"reply_public:bool", "received:time", "version", "receipt_code?")
	auditRecheck = newAuditEntity(EntityRecheck, "rechecks", "回头看", "problem_id",
		"problem_id", "due:date", "done:date", "result", "reviewer", "note", "sampled:bool")
	auditSetting = newAuditEntity(EntitySetting, "settings", "设置", "", "unit_id", "name", "value")
	auditPerson  = newAuditEntity(EntityPerson, "people", "人员", "", "unit_id", "name", "post", "user_id",
		"proposed:bool", "version")
	auditChange = newAuditEntity(EntityChange, "change_requests", "变更申请", "problem_id",
		"problem_id", "title", "description", "track", "due:date", "reason", "requested_by", "requested:time",
		"state", "decided_by", "decided:time", "note")
)

// auditEntities lists the audited tables in the order VerifyAudit reports them.
var auditEntities = []*auditEntity{
	auditUnit, auditInspection, auditFinding, auditProblem, auditMeasure, auditStatusChange, auditProgress,
	auditEvidence, auditRule, auditAccountability, auditComment, auditRecheck, auditSetting, auditPerson,
	auditChange, auditQuantity,
}

// auditEntityNamed returns the entity called name, or nil.
func auditEntityNamed(name string) *auditEntity {
	for _, e := range auditEntities {
		if e.name == name {
			return e
		}
	}
	return nil
}

// AuditEntityLabel returns the Chinese name of an audited entity (问题,
// 整改措施, …), or the name itself when unknown.
func AuditEntityLabel(entity string) string {
	if e := auditEntityNamed(entity); e != nil {
		return e.label
	}
	return entity
}

// rowState is a row as the audit log records it.
type rowState struct {
	id        int64
	problemID int64
	number    int64 // the row's number (问题编号), -1 when it has none
	json      string
}

// encode returns the canonical JSON of a row scanned into vals (the id
// first, then e.cols): the columns in name order, each value normalised by
// its kind, and for a rule its problems.
func (e *auditEntity) encode(vals []any, problemIDs []int64) string {
	b := make([]byte, 0, 256)
	b = append(b, '{')
	extra := e.ruleProblems
	for i, c := range e.cols {
		if c.omitEmpty && isEmptyValue(vals[i+1]) {
			continue
		}
		if extra && "problem_ids" < c.name {
			b = appendProblemIDs(b, problemIDs)
			extra = false
		}
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = appendJSONString(b, c.name)
		b = append(b, ':')
		b = appendValue(b, c.kind, vals[i+1])
	}
	if extra {
		b = appendProblemIDs(b, problemIDs)
	}
	b = append(b, '}')
	return string(b)
}

// isEmptyValue reports whether a scanned column value is NULL or "".
func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []byte:
		return len(x) == 0
	}
	return false
}

func appendProblemIDs(b []byte, ids []int64) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, `"problem_ids":[`...)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return append(b, ']')
}

// appendValue writes one column value as canonical JSON.
func appendValue(b []byte, kind auditKind, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...)
	case bool:
		return strconv.AppendBool(b, x)
	case int64:
		if kind == kBool && (x == 0 || x == 1) {
			return strconv.AppendBool(b, x == 1)
		}
		return strconv.AppendInt(b, x, 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.AppendInt(b, int64(x), 10)
		}
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	case time.Time:
		switch kind {
		case kDate:
			return appendJSONString(b, x.Format(rectify.DateLayout))
		case kTime:
			return appendJSONString(b, x.UTC().Format(sqliteTime))
		}
		return appendJSONString(b, x.UTC().Format(time.RFC3339Nano))
	case []byte:
		return appendValue(b, kind, string(x))
	case string:
		if kind == kTime {
			if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return appendJSONString(b, t.UTC().Format(sqliteTime))
			}
		}
		return appendJSONString(b, x)
	}
	return appendJSONString(b, fmt.Sprint(v))
}

// appendJSONString writes s as a JSON string: quotes, backslashes and
// control characters escaped, everything else as UTF-8 (a byte that is not
// UTF-8 as \ufffd).
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// states returns the rows of e that where selects, by id, as the log
// records them.
func (c conn) states(ctx context.Context, e *auditEntity, where string, args ...any) ([]rowState, error) {
	rows, err := c.query(ctx, "SELECT "+e.selectCols+" FROM "+e.table+" WHERE "+where+" ORDER BY id", args...)
	if err != nil {
		return nil, fmt.Errorf("audit %s: %w", e.name, err)
	}
	var out []rowState
	var rules [][]any
	vals, ptrs := e.scanTargets()
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("audit %s: %w", e.name, closeRows(rows, err))
		}
		if e.ruleProblems {
			rules = append(rules, append([]any(nil), vals...))
			continue
		}
		out = append(out, e.state(vals, nil))
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("audit %s: %w", e.name, err)
	}
	for _, v := range rules {
		ids, err := c.ruleProblemIDs(ctx, asInt(v[0]))
		if err != nil {
			return nil, fmt.Errorf("audit %s: %w", e.name, err)
		}
		out = append(out, e.state(v, ids))
	}
	return out, nil
}

// state returns the rowState of scanned values.
func (e *auditEntity) state(vals []any, problemIDs []int64) rowState {
	st := rowState{id: asInt(vals[0]), number: -1, json: e.encode(vals, problemIDs)}
	if e.problemIdx >= 0 {
		st.problemID = asInt(vals[e.problemIdx])
	}
	if e.numberIdx >= 0 {
		st.number = asInt(vals[e.numberIdx])
	}
	return st
}

func (c conn) ruleProblemIDs(ctx context.Context, ruleID int64) ([]int64, error) {
	rows, err := c.query(ctx, "SELECT problem_id FROM rule_problems WHERE rule_id = ? ORDER BY problem_id", ruleID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, closeRows(rows, err)
		}
		ids = append(ids, id)
	}
	return ids, closeRows(rows, nil)
}

// asInt returns v as an int64 (0 for NULL or anything else).
func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	case string:
		n, _ := strconv.ParseInt(x, 10, 64)
		return n
	case []byte:
		n, _ := strconv.ParseInt(string(x), 10, 64)
		return n
	}
	return 0
}

// state returns the row id of e as the log records it; ok is false when
// there is no such row.
func (c conn) state(ctx context.Context, e *auditEntity, id int64) (st rowState, ok bool, err error) {
	sts, err := c.states(ctx, e, "id = ?", id)
	if err != nil || len(sts) == 0 {
		return rowState{}, false, err
	}
	return sts[0], true, nil
}

// pendingEntry is an entry waiting for its number and hash until the
// transaction's entries are appended.
type pendingEntry struct {
	action, entity      string
	entityID, problemID int64
	before, after       string
}

// auditBuf collects what a write transaction settles at its end: the
// entries of the audit log, and the problems whose measures or progress it
// touched (see touchProblem).
type auditBuf struct {
	now     func() time.Time
	user    *rectify.User
	entries []pendingEntry
	touched map[int64]any  // problem → the time of the change
	updated map[int64]bool // problems whose update time the transaction set itself
}

// auditFlushAt is how many entries a transaction buffers before it appends
// them; a transaction normally appends once, just before it commits.
const auditFlushAt = 4096

// record buffers an entry of the transaction.
func (c conn) record(ctx context.Context, action string, e *auditEntity, st rowState, before, after string) error {
	if c.audit == nil {
		return errors.New("audit: a change outside a write transaction")
	}
	c.audit.entries = append(c.audit.entries, pendingEntry{action: action, entity: e.name, entityID: st.id,
		problemID: st.problemID, before: before, after: after})
	if len(c.audit.entries) >= auditFlushAt {
		return c.flushAudit(ctx)
	}
	return nil
}

// auditCreated records the row id of e, just inserted, as created.
func (c conn) auditCreated(ctx context.Context, e *auditEntity, id int64) error {
	st, ok, err := c.state(ctx, e, id)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("audit %s %d: the row just written is missing", e.name, id)
	}
	return c.record(ctx, ActionCreate, e, st, "", st.json)
}

// returning runs a statement of one row of e (an INSERT or UPDATE without
// its RETURNING clause) and returns the row as stored after it, read back
// by RETURNING, as the log records it; ok is false when the statement
// touched no row.
func (c conn) returning(ctx context.Context, e *auditEntity, query string, args ...any) (st rowState, ok bool, err error) {
	rows, err := c.query(ctx, query+" RETURNING "+e.selectCols, args...)
	if err != nil {
		return rowState{}, false, err
	}
	vals, ptrs := e.scanTargets()
	if rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return rowState{}, false, closeRows(rows, err)
		}
		st, ok = e.state(vals, nil), true
	}
	return st, ok, closeRows(rows, nil)
}

// insertAudited runs an INSERT of one row of e (without RETURNING), records
// the row as created and returns its ID.
func (c conn) insertAudited(ctx context.Context, e *auditEntity, query string, args ...any) (int64, error) {
	st, ok, err := c.returning(ctx, e, query, args...)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, fmt.Errorf("insert %s: no row", e.name)
	}
	return st.id, c.record(ctx, ActionCreate, e, st, "", st.json)
}

// auditCreatedWhere records every row of e that where selects as created
// with action (ActionCreate, or ActionBaseline).
func (c conn) auditCreatedWhere(ctx context.Context, action string, e *auditEntity, where string, args ...any) error {
	sts, err := c.states(ctx, e, where, args...)
	if err != nil {
		return err
	}
	for _, st := range sts {
		if err := c.record(ctx, action, e, st, "", st.json); err != nil {
			return err
		}
	}
	return nil
}

// auditChanged records the change of a row from before (read before the
// change) to what is stored now: an update (or action), or a delete when the
// row is gone. A row that did not change is not recorded.
func (c conn) auditChanged(ctx context.Context, action string, e *auditEntity, before rowState) error {
	after, ok, err := c.state(ctx, e, before.id)
	if err != nil {
		return err
	}
	if !ok {
		return c.auditDeleted(ctx, e, before)
	}
	if after.json == before.json {
		return nil
	}
	return c.record(ctx, action, e, after, before.json, after.json)
}

// auditChangedAll records the changes of rows read before a change
// (auditChanged for each).
func (c conn) auditChangedAll(ctx context.Context, action string, e *auditEntity, before []rowState) error {
	for _, st := range before {
		if err := c.auditChanged(ctx, action, e, st); err != nil {
			return err
		}
	}
	return nil
}

// auditDeleted records the row before, now deleted.
func (c conn) auditDeleted(ctx context.Context, e *auditEntity, before rowState) error {
	return c.record(ctx, ActionDelete, e, before, before.json, "")
}

// mustState returns the row id of e as the log records it, or a not-found
// error naming it as what.
func (c conn) mustState(ctx context.Context, e *auditEntity, id int64, what string) (rowState, error) {
	st, ok, err := c.state(ctx, e, id)
	if err != nil {
		return rowState{}, err
	}
	if !ok {
		return rowState{}, notFound(what, id)
	}
	return st, nil
}

// flushAudit appends the buffered entries to the log: it takes the chain
// head (locked on PostgreSQL until the transaction ends, so that appends of
// several processes take turns; SQLite has one writer already), numbers and
// hashes each entry after it, and moves the head.
func (c conn) flushAudit(ctx context.Context) error {
	if c.audit == nil || len(c.audit.entries) == 0 {
		return nil
	}
	q := "SELECT seq, hash FROM audit_head WHERE id = 1"
	if c.dialect == Postgres {
		q += " FOR UPDATE"
	}
	var seq int64
	var prev string
	if err := c.queryRow(ctx, q).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit: chain head: %w", err)
	}
	now := time.Now
	if c.audit.now != nil {
		now = c.audit.now
	}
	at := now().UTC().Truncate(time.Microsecond)
	actorID, actorName, err := actorOf(c.audit.user)
	if err != nil {
		return err
	}
	const cols = 12
	const chunk = 200
	entries := c.audit.entries
	for len(entries) > 0 {
		n := min(len(entries), chunk)
		args := make([]any, 0, n*cols)
		for _, p := range entries[:n] {
			seq++
			e := AuditEntry{Seq: seq, At: at, ActorID: actorID, ActorName: actorName, Action: p.action,
				Entity: p.entity, EntityID: p.entityID, ProblemID: p.problemID, Before: p.before, After: p.after,
				PrevHash: prev}
			e.Hash = e.ComputeHash()
			prev = e.Hash
			args = append(args, e.Seq, c.time(e.At), e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID,
				nullID(e.ProblemID), e.Before, e.After, e.PrevHash, e.Hash)
		}
		_, err := c.exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id,
			problem_id, before_json, after_json, prev_hash, hash) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", n), ", "), args...)
		if err != nil {
			return fmt.Errorf("audit: append: %w", err)
		}
		entries = entries[n:]
	}
	if _, err := c.exec(ctx, "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, prev); err != nil {
		return fmt.Errorf("audit: move chain head: %w", err)
	}
	c.audit.entries = c.audit.entries[:0]
	return nil
}

// actorOf returns the id and name the log records for u, ErrNoActor
// when there is no user or it has neither name nor login.
func actorOf(u *rectify.User) (int64, string, error) {
	if u == nil {
		return 0, "", ErrNoActor
	}
	name := u.Name
	if name == "" {
		name = u.Login
	}
	if name == "" {
		return 0, "", ErrNoActor
	}
	return u.ID, name, nil
}

// AuditEntry is one entry of the audit log.
type AuditEntry struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id"` // 0 for the system
	ActorName string    `json:"actor_name"`
	Action    string    `json:"action"` // ActionCreate, …
	Entity    string    `json:"entity"` // EntityProblem, …
	EntityID  int64     `json:"entity_id"`
	ProblemID int64     `json:"problem_id,omitempty"` // the problem the entry concerns, 0 for none
	// Before and After are the row as canonical JSON before and after the
	// change: Before is "" for a created row, After "" for a deleted one.
	Before   string `json:"before,omitempty"`
	After    string `json:"after,omitempty"`
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

// auditTimeLayout is how an entry's time enters its hash: UTC, to the
// microsecond that both databases keep.
const auditTimeLayout = "2006-01-02T15:04:05.000000Z"

// ComputeHash returns the hex SHA-256 of the entry's canonical encoding: a
// JSON array of a version tag, the number, time, actor, action, entity, ids,
// the states before and after and the hash of the entry before. Hash is not
// part of it.
func (e *AuditEntry) ComputeHash() string {
	b := make([]byte, 0, 160+len(e.Before)+len(e.After)+len(e.ActorName))
	b = append(b, `["rectify-audit-v1",`...)
	b = strconv.AppendInt(b, e.Seq, 10)
	b = append(b, ',')
	b = appendJSONString(b, e.At.UTC().Format(auditTimeLayout))
	b = append(b, ',')
	b = strconv.AppendInt(b, e.ActorID, 10)
	b = append(b, ',')
	b = appendJSONString(b, e.ActorName)
	b = append(b, ',')
	b = appendJSONString(b, e.Action)
	b = append(b, ',')
	b = appendJSONString(b, e.Entity)
	b = append(b, ',')
	b = strconv.AppendInt(b, e.EntityID, 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, e.ProblemID, 10)
	b = append(b, ',')
	b = appendJSONString(b, e.Before)
	b = append(b, ',')
	b = appendJSONString(b, e.After)
	b = append(b, ',')
	b = appendJSONString(b, e.PrevHash)
	b = append(b, ']')
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// auditBaseline records, once, the rows that were in the database before
// the log began (a database made before the log existed), so that the log
// accounts for every row. It runs when the store opens; a database whose
// baseline is done is left alone.
func (s *Store) auditBaseline(ctx context.Context) error {
	const flag = "SELECT CASE WHEN baseline THEN 1 ELSE 0 END FROM audit_head WHERE id = 1"
	var done int
	if err := s.db.QueryRowContext(ctx, flag).Scan(&done); err != nil {
		return fmt.Errorf("store: audit baseline: %w", err)
	}
	if done == 1 {
		return nil
	}
	// The baseline is the store's own work, whoever opens it.
	return s.write(rectify.AsSystem(ctx), "audit baseline", func(c conn) error {
		q := flag
		if c.dialect == Postgres {
			q += " FOR UPDATE"
		}
		if err := c.queryRow(ctx, q).Scan(&done); err != nil {
			return err
		}
		if done == 1 {
			return nil // another process did it meanwhile
		}
		for _, e := range auditEntities {
			if err := c.auditCreatedWhere(ctx, ActionBaseline, e, "1 = 1"); err != nil {
				return err
			}
		}
		set := "UPDATE audit_head SET baseline = 1 WHERE id = 1"
		if c.dialect == Postgres {
			set = "UPDATE audit_head SET baseline = true WHERE id = 1"
		}
		_, err := c.exec(ctx, set)
		return err
	})
}
