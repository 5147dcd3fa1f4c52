package auth

import (
	"strings"
	"sync"
	"time"

	"github.com/rectify-dev/rectify"
)

// Limiter counts failed logins per pair of login name and client address
// and locks a pair out after too many failures within a window, so that
// guessing a password takes years while a colleague at another desk still
// signs in. It keeps at most MaxKeys pairs, forgetting first the idle ones
// and then the least recently seen, so a flood of made-up names cannot
// exhaust memory. Safe for concurrent use; the zero value is not usable
// (see NewLimiter).
type Limiter struct {
	Now      func() time.Time
	Failures int           // failures within Window that lock the pair
	Window   time.Duration // how far back failures count
	Lockout  time.Duration // how long a locked pair stays locked
	MaxKeys  int           // pairs remembered at most

	mu   sync.Mutex
	keys map[string]*attempts
}

type attempts struct {
	failures []time.Time
	until    time.Time // locked until
	seen     time.Time
}

// NewLimiter returns a limiter of 5 failures in 15 minutes, locked for 15
// minutes, over at most 10,000 pairs, on the clock now.
func NewLimiter(now func() time.Time) *Limiter {
	return &Limiter{Now: now, Failures: 5, Window: 15 * time.Minute, Lockout: 15 * time.Minute, MaxKeys: 10000}
}

func limitKey(login, ip string) string {
	return strings.ToLower(strings.TrimSpace(login)) + "\x00" + ip
}

// Check returns an ERATELIMIT error naming the wait when the pair is
// locked, nil otherwise.
func (l *Limiter) Check(login, ip string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	a := l.keys[limitKey(login, ip)]
	if a == nil || !now.Before(a.until) {
		return nil
	}
	minutes := int((a.until.Sub(now) + time.Minute - 1) / time.Minute)
	return rectify.Errorf(rectify.ERATELIMIT, "登录失败次数过多，请%d分钟后再试", minutes)
}

// Fail records a failed attempt of the pair and locks it when it reached
// the limit.
func (l *Limiter) Fail(login, ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.Now()
	if l.keys == nil {
		l.keys = map[string]*attempts{}
	}
	k := limitKey(login, ip)
	a := l.keys[k]
	if a == nil {
		l.evict(now)
		a = &attempts{}
		l.keys[k] = a
	}
	a.seen = now
	kept := a.failures[:0]
	for _, t := range a.failures {
		if now.Sub(t) < l.Window {
			kept = append(kept, t)
		}
	}
	a.failures = append(kept, now)
	if len(a.failures) >= l.Failures {
		a.until = now.Add(l.Lockout)
		a.failures = nil
	}
}

// Succeed forgets the failures of the pair after a successful login.
func (l *Limiter) Succeed(login, ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.keys, limitKey(login, ip))
}

// Len returns how many pairs the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// evict makes room for one more pair: first the pairs neither locked nor
// failing within the window, then the least recently seen.
func (l *Limiter) evict(now time.Time) {
	if len(l.keys) < l.MaxKeys {
		return
	}
	for k, a := range l.keys {
		if !now.Before(a.until) && (len(a.failures) == 0 || now.Sub(a.failures[len(a.failures)-1]) >= l.Window) {
			delete(l.keys, k)
		}
	}
	for len(l.keys) >= l.MaxKeys {
		var oldest string
		var at time.Time
		for k, a := range l.keys {
			if oldest == "" || a.seen.Before(at) {
				oldest, at = k, a.seen
			}
		}
		delete(l.keys, oldest)
	}
}
