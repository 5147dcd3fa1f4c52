package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/rectify-dev/rectify"
)

// The limits of the public opinion form (群众意见建议). The network is
// closed, so there is no captcha service: a flood is held back by counts
// per client address and per unit, a hidden field that people leave empty
// and scripts fill (a honeypot), a form that must stay open a few seconds
// before it is sent (a timestamp the server signs), a size limit on the
// text, and the refusal of a text the unit received a moment ago.
const (
	floodPerAddrMinute  = 3               // opinions from one address in a minute
	floodPerAddrDay     = 20              // … in a day
	floodPerUnitHour    = 60              // opinions to one unit in an hour, from anyone
	floodMinFill        = 3 * time.Second // a form sent sooner was not filled by a person
	floodMaxFormAge     = 12 * time.Hour  // a form older than this is sent again
	floodDuplicate      = 24 * time.Hour  // the same text to the same unit within this is refused
	lookupPerAddrMinute = 5               // receipt lookups from one address in a minute
	lookupPerAddrDay    = 60              // … in a day
	// floodMaxAddrs and floodMaxTexts bound the memory the guard holds:
	// past them, expired entries are swept and then the oldest dropped.
	floodMaxAddrs = 20000
	floodMaxTexts = 20000
	// publicFormMaxBody bounds the body of the form: the text's 5000
	// characters take 45 KB URL-encoded.
	publicFormMaxBody = 64 << 10
)

// floodGuard holds the counts of the public form in memory, bounded in
// size, on an injected clock. It is safe for concurrent use. The counts
// live as long as the process: a restart forgives everyone, which is fine
// for a flood that is measured in minutes and a day.
type floodGuard struct {
	now func() time.Time
	key []byte // signs the forms' timestamps; new at every start

	mu    sync.Mutex
	addrs map[string][]time.Time // by client address: its accepted opinions of the last day, oldest first
	units map[int64][]time.Time  // by unit: its opinions of the last hour, oldest first
	texts map[[32]byte]time.Time // by unit and text: when the text was received
	looks map[string][]time.Time // by client address: its receipt lookups of the last day, oldest first
}

func newFloodGuard(now func() time.Time) (*floodGuard, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("web: flood guard: %w", err)
	}
	return &floodGuard{now: now, key: key, addrs: map[string][]time.Time{},
		units: map[int64][]time.Time{}, texts: map[[32]byte]time.Time{}, looks: map[string][]time.Time{}}, nil
}

// formToken returns the signed timestamp of a form of the notice with
// inspectionID issued at t: it proves when the form was shown, so that a
// submission made too soon after (a script) or much later can be told.
func (g *floodGuard) formToken(t time.Time, inspectionID int64) string {
	var b [16 + 16]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(t.UnixMilli()))
	binary.BigEndian.PutUint64(b[8:16], uint64(inspectionID))
	copy(b[16:], g.sign(b[:16]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (g *floodGuard) sign(b []byte) []byte {
	m := hmac.New(sha256.New, g.key)
	m.Write(b)
	return m.Sum(nil)[:16]
}

// Messages of the form's checks, shown to the person who sent it.
const (
	msgFormBroken  = "表单已失效，请刷新页面后重新填写"
	msgFormTooFast = "提交过快，请确认填写的内容后再次提交"
	msgFormOld     = "页面打开时间过长，请确认填写的内容后再次提交"
	msgHoneypot    = "提交未通过校验，请刷新页面后重新填写"
)

// checkToken returns nil when tok is a form of the notice with
// inspectionID shown at least floodMinFill and at most floodMaxFormAge
// ago, else an EINVALID error saying what to do (the form is shown again
// with a new token, the input kept).
func (g *floodGuard) checkToken(tok string, inspectionID int64) error {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != 32 || !hmac.Equal(b[16:], g.sign(b[:16])) ||
		int64(binary.BigEndian.Uint64(b[8:16])) != inspectionID {
		return rectify.Errorf(rectify.EINVALID, msgFormBroken)
	}
	issued := time.UnixMilli(int64(binary.BigEndian.Uint64(b[0:8])))
	switch age := g.now().Sub(issued); {
	case age < floodMinFill:
		return rectify.Errorf(rectify.EINVALID, msgFormTooFast)
	case age > floodMaxFormAge:
		return rectify.Errorf(rectify.EINVALID, msgFormOld)
	}
	return nil
}

// admit counts an opinion from addr to the unit with unitID with text,
// and returns nil when it may be stored: ERATELIMIT when the address or
// the unit is over its limit, ECONFLICT when the unit received the same
// text (spaces and punctuation aside) within floodDuplicate. A refused
// opinion is not counted.
func (g *floodGuard) admit(addr string, unitID int64, text string) error {
	now := g.now()
	key := textKey(unitID, text)
	g.mu.Lock()
	defer g.mu.Unlock()

	recent := since(g.addrs[addr], now.Add(-24*time.Hour))
	if n := len(since(recent, now.Add(-time.Minute))); n >= floodPerAddrMinute {
		return rectify.Errorf(rectify.ERATELIMIT, "提交过于频繁：同一网络每分钟最多提交 %d 条意见，请 1 分钟后再试", floodPerAddrMinute)
	}
	if len(recent) >= floodPerAddrDay {
		return rectify.Errorf(rectify.ERATELIMIT, "同一网络每天最多提交 %d 条意见，今天已达上限；请明天再提交，或通过页面所列电话、地址、电子邮箱反映", floodPerAddrDay)
	}
	unit := since(g.units[unitID], now.Add(-time.Hour))
	if len(unit) >= floodPerUnitHour {
		return rectify.Errorf(rectify.ERATELIMIT, "该单位近一小时收到的意见较多，请稍后再试，或通过页面所列电话、地址、电子邮箱反映")
	}
	if at, ok := g.texts[key]; ok && now.Sub(at) < floodDuplicate {
		return rectify.Errorf(rectify.ECONFLICT, "相同内容的意见已经收到，我们会尽快办理，无需重复提交")
	}

	if _, known := g.addrs[addr]; !known && len(g.addrs) >= floodMaxAddrs {
		g.sweepAddrs(now)
	}
	g.addrs[addr] = append(recent, now)
	g.units[unitID] = append(unit, now)
	if len(g.texts) >= floodMaxTexts {
		g.sweepTexts(now)
	}
	g.texts[key] = now
	return nil
}

// lookup counts a receipt lookup from addr and returns ERATELIMIT when
// the address is over its limit: guessing receipts is slow.
func (g *floodGuard) lookup(addr string) error {
	now := g.now()
	g.mu.Lock()
	defer g.mu.Unlock()
	recent := since(g.looks[addr], now.Add(-24*time.Hour))
	if n := len(since(recent, now.Add(-time.Minute))); n >= lookupPerAddrMinute {
		return rectify.Errorf(rectify.ERATELIMIT, "查询过于频繁：同一网络每分钟最多查询 %d 次，请 1 分钟后再试", lookupPerAddrMinute)
	}
	if len(recent) >= lookupPerAddrDay {
		return rectify.Errorf(rectify.ERATELIMIT, "同一网络每天最多查询 %d 次，今天已达上限；请明天再查，或拨打通报所列电话", lookupPerAddrDay)
	}
	if _, known := g.looks[addr]; !known && len(g.looks) >= floodMaxAddrs {
		sweepTimes(g.looks, now)
	}
	g.looks[addr] = append(recent, now)
	return nil
}

// sweepTimes drops the keys without a time in the last day, and when none
// was, the one whose last time is the oldest.
func sweepTimes(m map[string][]time.Time, now time.Time) {
	var oldest string
	var oldestAt time.Time
	for a, ts := range m {
		last := ts[len(ts)-1]
		if now.Sub(last) >= 24*time.Hour {
			delete(m, a)
			continue
		}
		if oldest == "" || last.Before(oldestAt) {
			oldest, oldestAt = a, last
		}
	}
	if len(m) >= floodMaxAddrs {
		delete(m, oldest)
	}
}

// since returns the tail of ts (oldest first) after t, reusing ts.
func since(ts []time.Time, t time.Time) []time.Time {
	i := 0
	for i < len(ts) && !ts[i].After(t) {
		i++
	}
	return ts[i:]
}

// sweepAddrs drops the addresses without an opinion in the last day, and
// when none was, the one whose last opinion is the oldest.
func (g *floodGuard) sweepAddrs(now time.Time) {
	var oldest string
	var oldestAt time.Time
	for a, ts := range g.addrs {
		last := ts[len(ts)-1]
		if now.Sub(last) >= 24*time.Hour {
			delete(g.addrs, a)
			continue
		}
		if oldest == "" || last.Before(oldestAt) {
			oldest, oldestAt = a, last
		}
	}
	if len(g.addrs) >= floodMaxAddrs {
		delete(g.addrs, oldest)
	}
}

// sweepTexts drops the texts received before the duplicate window, and
// when none was, the oldest.
func (g *floodGuard) sweepTexts(now time.Time) {
	var oldest [32]byte
	var oldestAt time.Time
	for k, at := range g.texts {
		if now.Sub(at) >= floodDuplicate {
			delete(g.texts, k)
			continue
		}
		if oldestAt.IsZero() || at.Before(oldestAt) {
			oldest, oldestAt = k, at
		}
	}
	if len(g.texts) >= floodMaxTexts {
		delete(g.texts, oldest)
	}
}

// textKey is the hash of a text sent to a unit, compared without spaces,
// punctuation and case, so that a text sent again with a comma more is
// still the same.
func textKey(unitID int64, text string) [32]byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00", unitID)
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return sha256.Sum256([]byte(b.String()))
}
