package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Heads are the versions of the record that a server's caches check at
// every request: the audit log's head (Generation), which every change
// moves, and the version of what signing in reads (AccountsVersion).
type Heads struct {
	Generation int64
	Accounts   int64
}

// headsKey is the context key of the heads a request read at its start.
type headsKey struct{}

// WithHeads returns ctx carrying h, read at the start of a request that
// reads: Generation and AccountsVersion then answer h's without asking the
// database again. Each is read before what it guards, so a value read
// earlier in the same request guards as well (a cache reads again sooner,
// never keeps longer). A request that writes moves the heads: it carries
// none.
func WithHeads(ctx context.Context, h Heads) context.Context {
	return context.WithValue(ctx, headsKey{}, &h)
}

// WithoutHeads returns ctx carrying no heads, so that Generation and
// AccountsVersion read the database.
func WithoutHeads(ctx context.Context) context.Context {
	if ctx.Value(headsKey{}) == nil {
		return ctx
	}
	return context.WithValue(ctx, headsKey{}, (*Heads)(nil))
}

// headsOf returns the heads ctx carries, or nil.
func headsOf(ctx context.Context) *Heads {
	h, _ := ctx.Value(headsKey{}).(*Heads)
	return h
}

// headsQueries gives, per kind of UnitPathOf and for none (""), the query
// of the heads and the path of the record's unit, NULL when there is no
// such record.
var headsQueries = func() map[string]string {
	const heads = "SELECT (SELECT seq FROM audit_head WHERE id = 1), (SELECT version FROM accounts_head WHERE id = 1)"
	m := map[string]string{"": heads + ", NULL"}
	for kind, q := range unitPathQueries {
		m[kind] = heads + ", (" + q.query + ")"
	}
	return m
}()

// ReadHeads returns the record's heads and, for a kind of UnitPathOf, the
// path of the unit of the record of that kind with id, in one read: what a
// request that reads one record needs before its answer. It returns a
// not-found error, as UnitPathOf, when there is no such record, and an
// error for an unknown kind.
func (s *Store) ReadHeads(ctx context.Context, kind string, id int64) (Heads, string, error) {
	q, ok := headsQueries[kind]
	if !ok {
		return Heads{}, "", fmt.Errorf("store: heads: unknown kind %q", kind)
	}
	var h Heads
	var path sql.NullString
	var err error
	if kind == "" {
		err = s.reader().queryRow(ctx, q).Scan(&h.Generation, &h.Accounts, &path)
	} else {
		err = s.reader().queryRow(ctx, q, id).Scan(&h.Generation, &h.Accounts, &path)
	}
	if err != nil {
		return Heads{}, "", fmt.Errorf("store: heads: %w", err)
	}
	if kind != "" && !path.Valid {
		return Heads{}, "", fmt.Errorf("store: heads: %w", notFound(unitPathQueries[kind].label, id))
	}
	return h, path.String, nil
}
