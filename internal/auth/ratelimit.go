package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// LimiterStore keeps the failed logins; *store.Store provides it, so that
// every server on the database counts the same attempts.
type LimiterStore interface {
	RecordLoginFailure(ctx context.Context, keys []store.LoginKey, at time.Time) error
	LoginFailures(ctx context.Context, key store.LoginKey, since time.Time, limit int) ([]time.Time, error)
	ForgetLoginFailures(ctx context.Context, key store.LoginKey) error
}

// Limiter slows password guessing and bounds what logins cost. It counts
// failed logins in the database under three keys and refuses a login
// while any of them is locked:
//   - the pair of login name and address: PerPair failures within Window
//     lock it for Lockout, so that guessing a password takes years while a
//     colleague at another desk still signs in;
//   - the address, whatever the names tried: PerAddr failures (spraying
//     one password over many names);
//   - the login name, whatever the addresses: PerName failures (one
//     account guessed from many addresses).
//
// A lock lasts its full time however many other names fail meanwhile: the
// failures live in the database, not in a table of bounded size, and every
// server on the database sees them. Password checks themselves (argon2id,
// 19 MiB each) run at most a few at once in a process; a login that finds
// no turn within Wait is refused, so that a flood of logins cannot exhaust
// the server's memory. Safe for concurrent use; make it with NewLimiter.
type Limiter struct {
	Store   LimiterStore
	Now     func() time.Time
	PerPair int
	PerAddr int
	PerName int
	Window  time.Duration // how far back failures count
	Lockout time.Duration // how long a lock lasts from the failure that made it
	Wait    time.Duration // how long a password check waits for its turn

	slots chan struct{}
}

// NewLimiter returns a limiter on st and the clock now: 5 failures of a
// pair, 30 of an address or of a name within 15 minutes lock it for 15
// minutes; password checks run at most two per processor at once and wait
// at most 3 seconds for their turn.
func NewLimiter(st LimiterStore, now func() time.Time) *Limiter {
	return &Limiter{Store: st, Now: now, PerPair: 5, PerAddr: 30, PerName: 30,
		Window: 15 * time.Minute, Lockout: 15 * time.Minute, Wait: 3 * time.Second,
		slots: make(chan struct{}, max(2, 2*runtime.NumCPU()))}
}

// limitKey is one key a login counts under, with its threshold and the
// message of its lock.
type limitKey struct {
	key   store.LoginKey
	limit int
	say   string
}

// keys returns the three keys a login counts under: the pair first. A
// key is the SHA-256 of what it counts by: a login name typed at the form
// may hold any bytes (PostgreSQL's text refuses NUL), and the table need
// not keep the names people mistyped.
func (l *Limiter) keys(login, ip string) []limitKey {
	name := strings.ToLower(strings.TrimSpace(login))
	key := func(parts ...string) string {
		sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
		return hex.EncodeToString(sum[:])
	}
	return []limitKey{
		{store.LoginKey{Kind: "pair", Key: key(name, ip)}, l.PerPair, "登录失败次数过多，请%d分钟后再试"},
		{store.LoginKey{Kind: "addr", Key: key(ip)}, l.PerAddr, "本机登录失败次数过多，请%d分钟后再试"},
		{store.LoginKey{Kind: "name", Key: key(name)}, l.PerName, "该账号登录失败次数过多，已暂时锁定，请%d分钟后再试或联系巡察办管理员"},
	}
}

// Check returns an ERATELIMIT error naming the wait when the pair, the
// address or the name is locked, nil otherwise.
func (l *Limiter) Check(ctx context.Context, login, ip string) error {
	now := l.Now()
	for _, k := range l.keys(login, ip) {
		failures, err := l.Store.LoginFailures(ctx, k.key, now.Add(-l.Window-l.Lockout), k.limit)
		if err != nil {
			return fmt.Errorf("auth: limiter: %w", err)
		}
		// Locked when the newest k.limit failures fell within one window,
		// until Lockout after the last of them.
		if len(failures) < k.limit || failures[0].Sub(failures[k.limit-1]) >= l.Window {
			continue
		}
		if until := failures[0].Add(l.Lockout); now.Before(until) {
			minutes := int((until.Sub(now) + time.Minute - 1) / time.Minute)
			return rectify.Errorf(rectify.ERATELIMIT, k.say, minutes)
		}
	}
	return nil
}

// Fail records a failed login of the pair, under its three keys.
func (l *Limiter) Fail(ctx context.Context, login, ip string) error {
	var keys []store.LoginKey
	for _, k := range l.keys(login, ip) {
		keys = append(keys, k.key)
	}
	if err := l.Store.RecordLoginFailure(ctx, keys, l.Now()); err != nil {
		return fmt.Errorf("auth: limiter: %w", err)
	}
	return nil
}

// Succeed forgets the failures of the pair after a successful login (the
// address's and the name's stay counted).
func (l *Limiter) Succeed(ctx context.Context, login, ip string) error {
	if err := l.Store.ForgetLoginFailures(ctx, l.keys(login, ip)[0].key); err != nil {
		return fmt.Errorf("auth: limiter: %w", err)
	}
	return nil
}

// Verify reports whether pw matches hash as VerifyPassword does, running
// at most the limiter's number of checks at once. It returns ERATELIMIT
// when no turn came within Wait or ctx ended first.
func (l *Limiter) Verify(ctx context.Context, hash, pw string) (bool, error) {
	timer := time.NewTimer(l.Wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
	case <-timer.C:
		return false, rectify.Errorf(rectify.ERATELIMIT, "登录的人太多，请稍后再试")
	case <-ctx.Done():
		return false, rectify.Errorf(rectify.ERATELIMIT, "登录的人太多，请稍后再试")
	}
	defer func() { <-l.slots }()
	return VerifyPassword(hash, pw), nil
}
