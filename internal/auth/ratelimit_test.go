package auth_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/testdb"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}
func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
func newClock() *fakeClock { return &fakeClock{t: time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)} }

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestLimiter(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	clock := newClock()
	l := auth.NewLimiter(testdb.Open(t), clock.now)
	check := func(login, ip string) error { return l.Check(ctx, login, ip) }
	fail := func(login, ip string) { mustNil(t, l.Fail(ctx, login, ip)) }
	const ip, other = "10.0.0.7", "10.0.0.8"
	for i := range 4 {
		if err := check("wang", ip); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
		fail("wang", ip)
		clock.advance(time.Minute)
	}
	fail("Wang", ip) // the fifth failure, in another case: the same login
	err := check("wang", ip)
	if rectify.ErrorCode(err) != rectify.ERATELIMIT || rectify.ErrorMessage(err) != "登录失败次数过多，请15分钟后再试" {
		t.Fatalf("after 5 failures: %v", err)
	}
	if err := check("wang", other); err != nil {
		t.Errorf("the same login from another desk is locked: %v", err)
	}
	if err := check("li", ip); err != nil {
		t.Errorf("another login from the same address is locked: %v", err)
	}
	clock.advance(14*time.Minute + 30*time.Second)
	if msg := rectify.ErrorMessage(check("wang", ip)); msg != "登录失败次数过多，请1分钟后再试" {
		t.Errorf("near the end: %q", msg)
	}
	clock.advance(time.Minute)
	if err := check("wang", ip); err != nil {
		t.Errorf("still locked after the lockout: %v", err)
	}

	// Failures older than the window do not count.
	for range 4 {
		fail("zhao", ip)
	}
	clock.advance(16 * time.Minute)
	fail("zhao", ip)
	if err := check("zhao", ip); err != nil {
		t.Errorf("old failures counted: %v", err)
	}
	// A login name may hold any bytes, NUL included (PostgreSQL's text
	// refuses NUL: the keys are hashed).
	fail("wang\x00\xff", ip)
	if err := check("wang\x00\xff", ip); err != nil {
		t.Errorf("a name with a NUL byte: %v", err)
	}
	// A success forgets the failures of the pair.
	for range 4 {
		fail("sun", ip)
	}
	mustNil(t, l.Succeed(ctx, "sun", ip))
	fail("sun", ip)
	if err := check("sun", ip); err != nil {
		t.Errorf("failures before a success counted: %v", err)
	}
}

// TestLimiterAcrossKeys: spraying one address over many names locks the
// address; guessing one name from many addresses locks the name; and a
// locked pair stays locked however many other names fail meanwhile.
func TestLimiterAcrossKeys(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	clock := newClock()
	l := auth.NewLimiter(testdb.Open(t), clock.now)
	for i := range 30 {
		mustNil(t, l.Fail(ctx, fmt.Sprint("user", i), "10.1.1.1"))
	}
	if err := l.Check(ctx, "someone-new", "10.1.1.1"); rectify.ErrorMessage(err) != "本机登录失败次数过多，请15分钟后再试" {
		t.Errorf("after 30 names from one address: %v", err)
	}
	if err := l.Check(ctx, "someone-new", "10.1.1.2"); err != nil {
		t.Errorf("another address is locked: %v", err)
	}

	for i := range 30 {
		mustNil(t, l.Fail(ctx, "chen", fmt.Sprintf("10.2.%d.1", i)))
	}
	if err := l.Check(ctx, "chen", "10.9.9.9"); rectify.ErrorCode(err) != rectify.ERATELIMIT ||
		rectify.ErrorMessage(err) != "该账号登录失败次数过多，已暂时锁定，请15分钟后再试或联系巡察办管理员" {
		t.Errorf("after 30 addresses guessing one name: %v", err)
	}

	for range 5 {
		mustNil(t, l.Fail(ctx, "target", "10.3.0.1"))
	}
	for i := range 2000 {
		mustNil(t, l.Fail(ctx, fmt.Sprint("made-up-", i), fmt.Sprintf("10.4.%d.%d", i/250, i%250)))
	}
	clock.advance(10 * time.Minute)
	if err := l.Check(ctx, "target", "10.3.0.1"); rectify.ErrorCode(err) != rectify.ERATELIMIT {
		t.Errorf("the locked pair was forgotten after 2,000 other names failed: %v", err)
	}
}

// TestLimiterBoundsPasswordChecks runs 40 failed logins at once, as a
// flood of made-up names would, and checks that the password checks wait
// their turn: the heap grows with the checks allowed at once (19 MiB of
// argon2id each), not with 40 of them.
func TestLimiterBoundsPasswordChecks(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	l := auth.NewLimiter(testdb.Open(t), time.Now)
	l.Wait = time.Minute
	hash, err := auth.HashPassword("correct horse battery staple")
	mustNil(t, err)
	slots := max(2, 2*runtime.NumCPU())
	// What is live is at most the checks allowed at once (and two being
	// collected); the collector lets the heap reach twice what is live,
	// and a little more when the machine is busy and it falls behind (the
	// slack). 40 checks at once would need 760 MiB.
	const perCheck = 20 << 20
	const slack = 64 << 20
	budget := 2*uint64(slots+2)*perCheck + slack

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Go(func() {
			ok, err := l.Verify(ctx, hash, fmt.Sprint("guess-", i))
			if err != nil || ok {
				t.Errorf("guess %d: %v %v", i, ok, err)
			}
		})
	}
	wg.Wait()
	close(stop)
	<-sampled
	grew := peak.Load() - min(peak.Load(), base.HeapInuse)
	t.Logf("40 password checks at once, %d at a time: the heap grew by %d MiB at most (bound %d MiB)", slots, grew>>20, budget>>20)
	if grew > budget {
		t.Errorf("the heap grew by %d MiB during 40 checks, over the bound of %d MiB for %d at a time", grew>>20, budget>>20, slots)
	}

	// When every slot stays taken longer than Wait, the checks beyond them
	// are refused with a message, not queued without end.
	l.Wait = time.Millisecond
	var refused atomic.Int32
	for range 3 * slots {
		wg.Go(func() {
			if _, err := l.Verify(ctx, hash, "guess"); err != nil {
				if rectify.ErrorMessage(err) != "登录的人太多，请稍后再试" {
					t.Errorf("refused with %v", err)
				}
				refused.Add(1)
			}
		})
	}
	wg.Wait()
	if refused.Load() == 0 {
		t.Errorf("none of %d checks at once was refused with %d slots and a wait of 1 ms", 3*slots, slots)
	}
}
