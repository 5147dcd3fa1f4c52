package auth_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock                   { return &fakeClock{time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)} }

func TestLimiter(t *testing.T) {
	clock := newClock()
	l := auth.NewLimiter(clock.now)
	const ip, other = "10.0.0.7", "10.0.0.8"
	for i := range 4 {
		if err := l.Check("wang", ip); err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
		l.Fail("wang", ip)
		clock.advance(time.Minute)
	}
	l.Fail("Wang", ip) // the fifth failure, in another case: the same login
	err := l.Check("wang", ip)
	if rectify.ErrorCode(err) != rectify.ERATELIMIT || rectify.ErrorMessage(err) != "登录失败次数过多，请15分钟后再试" {
		t.Fatalf("after 5 failures: %v", err)
	}
	if err := l.Check("wang", other); err != nil {
		t.Errorf("the same login from another desk is locked: %v", err)
	}
	if err := l.Check("li", ip); err != nil {
		t.Errorf("another login from the same address is locked: %v", err)
	}
	clock.advance(14*time.Minute + 30*time.Second)
	if msg := rectify.ErrorMessage(l.Check("wang", ip)); msg != "登录失败次数过多，请1分钟后再试" {
		t.Errorf("near the end: %q", msg)
	}
	clock.advance(time.Minute)
	if err := l.Check("wang", ip); err != nil {
		t.Errorf("still locked after the lockout: %v", err)
	}

	// Failures older than the window do not count.
	for range 4 {
		l.Fail("zhao", ip)
	}
	clock.advance(16 * time.Minute)
	l.Fail("zhao", ip)
	if err := l.Check("zhao", ip); err != nil {
		t.Errorf("old failures counted: %v", err)
	}
	// A success forgets the failures.
	for range 4 {
		l.Fail("sun", ip)
	}
	l.Succeed("sun", ip)
	l.Fail("sun", ip)
	if err := l.Check("sun", ip); err != nil {
		t.Errorf("failures before a success counted: %v", err)
	}
}

func TestLimiterBoundedMemory(t *testing.T) {
	clock := newClock()
	l := auth.NewLimiter(clock.now)
	l.MaxKeys = 100
	for range 5 {
		l.Fail("target", "10.0.0.1")
	}
	for i := range 1000 {
		clock.advance(time.Second)
		l.Fail(fmt.Sprint("made-up-", i), "10.0.0.2")
		if l.Len() > 100 {
			t.Fatalf("%d pairs remembered", l.Len())
		}
	}
}
