package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rectify-dev/rectify"
)

// The kinds of issue VerifyAudit reports.
const (
	// The chain of the log.
	IssueHash = "hash" // an entry's content no longer gives its hash: altered after it was written
	IssueLink = "link" // an entry's hash is not what the next entry chained to: the entry was rewritten
	IssueGap  = "gap"  // entries are missing: removed from the log
	IssueHead = "head" // the chain head does not match the last entry: entries removed at the end
	// The rows of the record against the log.
	IssueChanged  = "changed"  // a row differs from the state its last entry gives
	IssueUnlogged = "unlogged" // a row the log does not know: written behind the application's back
	IssueDeleted  = "deleted"  // a row the log says exists is gone: deleted behind its back
	IssueRevived  = "revived"  // a row the log says was deleted is there
)

// AuditIssue is one thing VerifyAudit found wrong.
type AuditIssue struct {
	Kind string `json:"kind"`
	// Seq is the entry of the log concerned (for the chain's issues).
	Seq int64 `json:"seq,omitempty"`
	// Entity and ID name the row concerned (for the rows' issues).
	Entity string `json:"entity,omitempty"`
	ID     int64  `json:"id,omitempty"`
	// Fields are the columns changed behind the log (IssueChanged).
	Fields []string `json:"fields,omitempty"`
	// Message says what is wrong, in Chinese.
	Message string `json:"message"`
}

// AuditReport is what VerifyAudit found.
type AuditReport struct {
	Entries  int64  `json:"entries"`   // entries in the log
	HeadSeq  int64  `json:"head_seq"`  // the chain head: number of the last entry
	HeadHash string `json:"head_hash"` // and its hash, to note down and compare later
	Rows     int64  `json:"rows"`      // rows of the record compared with the log
	// Issues lists the chain's issues by entry, then the rows' by entity
	// and ID. Empty when all is well.
	Issues []AuditIssue `json:"issues"`
}

// OK reports whether nothing is wrong.
func (r *AuditReport) OK() bool { return len(r.Issues) == 0 }

// FirstBroken returns the issue of the first broken entry of the chain, or
// nil when the chain is whole.
func (r *AuditReport) FirstBroken() *AuditIssue {
	var first *AuditIssue
	for i := range r.Issues {
		is := &r.Issues[i]
		if is.Seq > 0 && (first == nil || is.Seq < first.Seq) {
			first = is
		}
	}
	return first
}

// VerifyAudit checks the audit log and the record against it, in one
// consistent snapshot of the database. The chain: every entry's hash is
// recomputed from its content, every entry must chain to the one before,
// the numbers must follow on from 1, and the chain head must name the last
// entry. The record: every row of the audited tables must be exactly the
// state the last entry about it gives; a row the log does not know, a row
// gone that the log says exists, a row back that the log says was deleted
// are reported. It returns an error only when the database cannot be read;
// what is wrong is in the report.
func (s *Store) VerifyAudit(ctx context.Context) (*AuditReport, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: verify audit: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read only
	c := conn{q: tx, dialect: s.dialect}
	r := &AuditReport{Issues: []AuditIssue{}}
	logged, err := c.verifyChain(ctx, r)
	if err != nil {
		return nil, fmt.Errorf("store: verify audit: %w", err)
	}
	for _, e := range auditEntities {
		if err := c.verifyRows(ctx, e, logged[e.name], r); err != nil {
			return nil, fmt.Errorf("store: verify audit: %s: %w", e.name, err)
		}
	}
	return r, nil
}

const auditEntryCols = `seq, at, actor_id, actor_name, action, entity, entity_id, problem_id, before_json, after_json,
	prev_hash, hash`

func scanAuditEntry(row interface{ Scan(...any) error }) (AuditEntry, error) {
	var e AuditEntry
	err := row.Scan(&e.Seq, timeCol{&e.At}, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID,
		idCol{&e.ProblemID}, &e.Before, &e.After, &e.PrevHash, &e.Hash)
	return e, err
}

// maxChainIssues bounds the chain's issues reported; the first is what matters.
const maxChainIssues = 20

// verifyChain checks the chain of the log into r and returns, by entity and
// row, what the log last says of each row.
func (c conn) verifyChain(ctx context.Context, r *AuditReport) (map[string]map[int64]loggedRow, error) {
	var headSeq int64
	var headHash string
	if err := c.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return nil, fmt.Errorf("chain head: %w", err)
	}
	r.HeadSeq, r.HeadHash = headSeq, headHash
	logged := map[string]map[int64]loggedRow{}
	for _, e := range auditEntities {
		logged[e.name] = map[int64]loggedRow{}
	}
	rows, err := c.query(ctx, "SELECT "+auditEntryCols+" FROM audit_log ORDER BY seq")
	if err != nil {
		return nil, err
	}
	var lastSeq int64
	var lastHash string
	issues := 0
	add := func(is AuditIssue) {
		issues++
		if issues <= maxChainIssues {
			r.Issues = append(r.Issues, is)
		}
	}
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		r.Entries++
		if m := logged[e.Entity]; m != nil {
			m[e.EntityID] = loggedRow{seq: e.Seq, sum: sha256.Sum256([]byte(e.After)), gone: e.After == ""}
		}
		gap := e.Seq != lastSeq+1
		if gap {
			add(AuditIssue{Kind: IssueGap, Seq: lastSeq + 1, Message: gapMessage(lastSeq+1, e.Seq-1)})
		}
		if got := e.ComputeHash(); got != e.Hash {
			add(AuditIssue{Kind: IssueHash, Seq: e.Seq,
				Message: fmt.Sprintf("审计日志第 %d 条的哈希不符：该条内容在写入后被改动", e.Seq)})
		}
		if !gap && e.PrevHash != lastHash {
			if lastSeq == 0 {
				add(AuditIssue{Kind: IssueLink, Seq: e.Seq,
					Message: fmt.Sprintf("审计日志第 %d 条记录的前一条哈希不为空：日志开头被改写", e.Seq)})
			} else {
				add(AuditIssue{Kind: IssueLink, Seq: lastSeq,
					Message: fmt.Sprintf("审计日志第 %d 条被改写：其哈希与第 %d 条记录的前一条哈希不符", lastSeq, e.Seq)})
			}
		}
		lastSeq, lastHash = e.Seq, e.Hash
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, err
	}
	switch {
	case headSeq > lastSeq:
		add(AuditIssue{Kind: IssueHead, Seq: lastSeq + 1, Message: fmt.Sprintf(
			"审计日志末尾缺失：链头记到第 %d 条，日志只到第 %d 条（第 %d 条起被删除）", headSeq, lastSeq, lastSeq+1)})
	case headSeq < lastSeq:
		add(AuditIssue{Kind: IssueHead, Seq: headSeq + 1, Message: fmt.Sprintf(
			"审计日志第 %d 条起不在链头之内：链头记到第 %d 条，日志却到第 %d 条（链头被改动或日志被直接添加）", headSeq+1, headSeq, lastSeq)})
	case headHash != lastHash:
		add(AuditIssue{Kind: IssueHead, Seq: lastSeq, Message: fmt.Sprintf(
			"审计日志第 %d 条与链头记录的哈希不符：最后一条或链头被改动", lastSeq)})
	}
	if issues > maxChainIssues {
		r.Issues = append(r.Issues, AuditIssue{Kind: IssueHash, Seq: lastSeq,
			Message: fmt.Sprintf("审计日志另有 %d 处不符，未逐条列出", issues-maxChainIssues)})
	}
	sort.SliceStable(r.Issues, func(i, j int) bool { return r.Issues[i].Seq < r.Issues[j].Seq })
	return logged, nil
}

func gapMessage(from, to int64) string {
	if from == to {
		return fmt.Sprintf("审计日志第 %d 条缺失：该条被删除", from)
	}
	return fmt.Sprintf("审计日志第 %d 条至第 %d 条缺失：这些条目被删除", from, to)
}

// loggedRow is what the log last says of a row.
type loggedRow struct {
	seq  int64
	sum  [sha256.Size]byte
	gone bool
}

// verifyRows compares the rows of e with logged, the log's last state of
// each (which it uses up).
func (c conn) verifyRows(ctx context.Context, e *auditEntity, logged map[int64]loggedRow, r *AuditReport) error {
	type mismatch struct {
		st  rowState
		seq int64
	}
	var changed []mismatch
	var issues []AuditIssue
	err := c.eachState(ctx, e, func(st rowState) {
		r.Rows++
		lr, ok := logged[st.id]
		delete(logged, st.id)
		switch {
		case !ok:
			issues = append(issues, AuditIssue{Kind: IssueUnlogged, Entity: e.name, ID: st.id,
				Message: rowName(e, st.id, st.number) + "不在审计日志中：该行是绕过系统直接写入的"})
		case lr.gone:
			issues = append(issues, AuditIssue{Kind: IssueRevived, Entity: e.name, ID: st.id,
				Message: rowName(e, st.id, st.number) + "在审计日志中已被删除，数据库中却仍有该行：被直接恢复或写入"})
		case sha256.Sum256([]byte(st.json)) != lr.sum:
			changed = append(changed, mismatch{st, lr.seq})
		}
	})
	if err != nil {
		return err
	}
	for _, m := range changed {
		var after string
		if err := c.queryRow(ctx, "SELECT after_json FROM audit_log WHERE seq = ?", m.seq).Scan(&after); err != nil {
			return err
		}
		fields := DiffStates(after, m.st.json)
		what := "内容被直接修改"
		if len(fields) > 0 {
			what = strings.Join(fields, "、") + " 被直接修改"
		}
		issues = append(issues, AuditIssue{Kind: IssueChanged, Entity: e.name, ID: m.st.id, Fields: fields,
			Message: rowName(e, m.st.id, m.st.number) + "的记录与审计日志不符：" + what})
	}
	for id, lr := range logged {
		if lr.gone {
			continue
		}
		var after string
		if err := c.queryRow(ctx, "SELECT after_json FROM audit_log WHERE seq = ?", lr.seq).Scan(&after); err != nil {
			return err
		}
		issues = append(issues, AuditIssue{Kind: IssueDeleted, Entity: e.name, ID: id,
			Message: rowName(e, id, stateNumber(after)) + "已被直接删除：审计日志中没有删除记录"})
	}
	sort.SliceStable(issues, func(i, j int) bool { return issues[i].ID < issues[j].ID })
	r.Issues = append(r.Issues, issues...)
	return nil
}

// eachState calls fn with every row of e, by id, as the log records it.
func (c conn) eachState(ctx context.Context, e *auditEntity, fn func(rowState)) error {
	if e.ruleProblems { // few rows, and each needs a second query
		sts, err := c.states(ctx, e, "1 = 1")
		if err != nil {
			return err
		}
		for _, st := range sts {
			fn(st)
		}
		return nil
	}
	rows, err := c.query(ctx, "SELECT "+e.selectCols+" FROM "+e.table+" ORDER BY id")
	if err != nil {
		return err
	}
	vals, ptrs := e.scanTargets()
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return closeRows(rows, err)
		}
		fn(e.state(vals, nil))
	}
	return closeRows(rows, nil)
}

// rowName names a row for a report, ready for the words that follow:
// "问题 #12（编号 3）", "状态记录 #40 ".
func rowName(e *auditEntity, id, number int64) string {
	if number >= 0 && e.numberIdx >= 0 {
		return fmt.Sprintf("%s #%d（编号 %d）", e.label, id, number)
	}
	return fmt.Sprintf("%s #%d ", e.label, id)
}

// stateNumber returns the "number" of a logged state, or -1.
func stateNumber(state string) int64 {
	var v struct {
		Number *int64 `json:"number"`
	}
	if json.Unmarshal([]byte(state), &v) != nil || v.Number == nil {
		return -1
	}
	return *v.Number
}

// DiffStates returns the names of the fields whose values differ between
// two logged states (canonical JSON objects), in name order. A field
// present in one only counts as different.
func DiffStates(a, b string) []string {
	ma, mb := decodeState(a), decodeState(b)
	var out []string
	for k, va := range ma {
		if vb, ok := mb[k]; !ok || !bytes.Equal(va, vb) {
			out = append(out, k)
		}
	}
	for k := range mb {
		if _, ok := ma[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func decodeState(s string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	if s != "" {
		_ = json.Unmarshal([]byte(s), &m) // a state that is not JSON has no fields to compare
	}
	return m
}

// FieldChange is one field of a row changed by a log entry, its values
// written as text ("" for none).
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Changes returns the fields the entry changed, in name order: every field
// of a created or deleted row that has a value, the differing ones of an
// update.
func (e *AuditEntry) Changes() []FieldChange {
	mb, ma := decodeState(e.Before), decodeState(e.After)
	var fields []string
	if e.Before == "" || e.After == "" {
		for k := range mb {
			fields = append(fields, k)
		}
		for k := range ma {
			fields = append(fields, k)
		}
		sort.Strings(fields)
	} else {
		fields = DiffStates(e.Before, e.After)
	}
	out := make([]FieldChange, 0, len(fields))
	for _, f := range fields {
		c := FieldChange{Field: f, Before: stateText(mb[f]), After: stateText(ma[f])}
		if c.Before != c.After {
			out = append(out, c)
		}
	}
	return out
}

// stateText returns a JSON value as text: a string as is, null as "".
func stateText(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// ProblemHistory returns the audit log's entries about the problem with id
// (the problem, its measures, status history, progress, evidence,
// look-backs and linked public comments), oldest first: who changed what
// when, before and after. A problem without entries gives an empty list.
func (s *Store) ProblemHistory(ctx context.Context, problemID int64) ([]AuditEntry, error) {
	out, err := s.reader().auditEntries(ctx, "problem_id = ?", problemID)
	if err != nil {
		return nil, fmt.Errorf("store: problem history: %w", err)
	}
	return out, nil
}

// EntityHistory returns the audit log's entries about one row (entity as
// EntityComment, EntityRule, EntityUnit, …), oldest first. A row that
// concerns a problem (a measure, a linked comment) is looked up under the
// problem it concerns now; entries made while it concerned another are in
// that problem's history (ProblemHistory).
func (s *Store) EntityHistory(ctx context.Context, entity string, id int64) ([]AuditEntry, error) {
	e := auditEntityNamed(entity)
	if e == nil {
		return nil, fmt.Errorf("store: entity history: %w", rectify.Errorf(rectify.EINVALID, "未知的记录类型“%s”", entity))
	}
	c := s.reader()
	out, err := c.auditEntries(ctx, "problem_id IS NULL AND entity = ? AND entity_id = ?", entity, id)
	if err != nil {
		return nil, fmt.Errorf("store: entity history: %w", err)
	}
	if e.problemCol == "" {
		return out, nil
	}
	var pid sql.NullInt64
	err = c.queryRow(ctx, "SELECT "+e.problemCol+" FROM "+e.table+" WHERE id = ?", id).Scan(&pid)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: entity history: %w", err)
	}
	if !pid.Valid {
		return out, nil
	}
	more, err := c.auditEntries(ctx, "problem_id = ? AND entity = ? AND entity_id = ?", pid.Int64, entity, id)
	if err != nil {
		return nil, fmt.Errorf("store: entity history: %w", err)
	}
	out = append(out, more...)
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out, nil
}

// AuditEntries returns at most limit entries of the log numbered after
// afterSeq, in order (for a full listing or an export, page by page).
func (s *Store) AuditEntries(ctx context.Context, afterSeq int64, limit int) ([]AuditEntry, error) {
	if limit <= 0 {
		limit = 1000
	}
	out, err := s.reader().auditEntries(ctx, "seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit entries: %w", err)
	}
	return out, nil
}

func (c conn) auditEntries(ctx context.Context, where string, args ...any) ([]AuditEntry, error) {
	if !strings.Contains(where, "ORDER BY") {
		where += " ORDER BY seq"
	}
	rows, err := c.query(ctx, "SELECT "+auditEntryCols+" FROM audit_log WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	out := []AuditEntry{}
	for rows.Next() {
		e, err := scanAuditEntry(rows)
		if err != nil {
			return nil, closeRows(rows, err)
		}
		out = append(out, e)
	}
	return out, closeRows(rows, nil)
}
