package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/bits"
	"net/netip"
	"strings"
	"time"
	"unicode"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// The limits of the public opinion form (群众意见建议). The network is
// closed, so there is no captcha service: a flood is held back by counts
// per client address and per network, a hidden field that people leave
// empty and scripts fill (a honeypot), a form that must stay open a few
// seconds before it is sent (a timestamp the server signs), a size limit
// on the text, and the refusal of a text the unit received a moment ago.
// A unit that receives many opinions in an hour stays open to new
// senders: its form then asks the browser to solve a small proof of work
// first, which costs a person a second and a flood a second per opinion.
const (
	floodPerAddrMinute  = 3               // opinions from one address in a minute
	floodPerAddrDay     = 20              // … in a day
	floodPerNetHour     = 30              // opinions from one network (/24, or /48 for IPv6) in an hour
	floodBusyUnitHour   = 20              // opinions to a unit in an hour past which a proof of work is asked
	floodPowBits        = 18              // leading zero bits of the proof: about 260,000 hashes
	floodPowMaxAge      = time.Hour       // a challenge older than this is refused
	floodMinFill        = 3 * time.Second // a form sent sooner was not filled by a person
	floodMaxFormAge     = 12 * time.Hour  // a form older than this is sent again
	floodDuplicate      = 24 * time.Hour  // the same text to the same unit within this is refused
	lookupPerAddrMinute = 5               // receipt lookups from one address in a minute
	lookupPerAddrDay    = 60              // … in a day
	// publicFormMaxBody bounds the body of the form: the text's 5000
	// characters take 45 KB URL-encoded.
	publicFormMaxBody = 64 << 10
)

// floodGuard counts the public form's senders in the database, so that
// every server behind a balancer sees the same counts, on an injected
// clock; it signs forms, challenges and receipts with a key all servers
// share. Safe for concurrent use.
type floodGuard struct {
	st      *store.Store
	now     func() time.Time
	key     []byte
	powBits int // floodPowBits; tests make it cheaper
}

func newFloodGuard(ctx context.Context, st *store.Store, now func() time.Time) (*floodGuard, error) {
	key, err := st.AppSecret(ctx, "public_form")
	if err != nil {
		return nil, fmt.Errorf("web: flood guard: %w", err)
	}
	return &floodGuard{st: st, now: now, key: key, powBits: floodPowBits}, nil
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
	msgPowNeeded   = "该单位近一小时收到的意见较多，为防止恶意刷屏，提交前需由浏览器完成一次简短计算（通常一两秒）。请再次点击提交；如浏览器禁用了脚本，请通过页面所列电话、地址、电子邮箱反映"
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

// busy reports whether the unit received so many opinions in the last
// hour that a new one must carry a proof of work.
func (g *floodGuard) busy(ctx context.Context, unitID int64) (bool, error) {
	n, err := g.st.CountPublicEvents(ctx, store.PublicEvent{Kind: "unit", Key: fmt.Sprint(unitID)},
		g.now().Add(-time.Hour), floodBusyUnitHour)
	return n >= floodBusyUnitHour, err
}

// challenge returns a new signed challenge of a proof of work for the
// notice with inspectionID: its time, the notice, 8 random bytes, signed.
func (g *floodGuard) challenge(inspectionID int64) string {
	var b [24 + 16]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(g.now().UnixMilli()))
	binary.BigEndian.PutUint64(b[8:16], uint64(inspectionID))
	rand.Read(b[16:24])
	copy(b[24:], g.sign(b[:24]))
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// checkPow returns nil when challenge is one of ours for the notice, not
// too old, and SHA-256(challenge ":" nonce) starts with g.powBits zero
// bits; else EINVALID with msgPowNeeded. Whether it was used before is
// admit's to check.
func (g *floodGuard) checkPow(challenge, nonce string, inspectionID int64) error {
	b, err := base64.RawURLEncoding.DecodeString(challenge)
	if err != nil || len(b) != 40 || !hmac.Equal(b[24:], g.sign(b[:24])) ||
		int64(binary.BigEndian.Uint64(b[8:16])) != inspectionID || len(nonce) > 32 ||
		g.now().Sub(time.UnixMilli(int64(binary.BigEndian.Uint64(b[0:8])))) > floodPowMaxAge {
		return rectify.Errorf(rectify.EINVALID, msgPowNeeded)
	}
	if leadingZeros(sha256.Sum256([]byte(challenge+":"+nonce))) < g.powBits {
		return rectify.Errorf(rectify.EINVALID, msgPowNeeded)
	}
	return nil
}

// leadingZeros counts the zero bits a hash starts with.
func leadingZeros(h [32]byte) int {
	n := 0
	for _, b := range h {
		if b != 0 {
			return n + bits.LeadingZeros8(b)
		}
		n += 8
	}
	return n
}

// network returns the network an address counts under: its /24 (IPv4) or
// /48 (IPv6), or the address itself when it is none.
func network(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	bits := 24
	if !ip.Unmap().Is4() {
		bits = 48
	}
	p, err := ip.Unmap().Prefix(bits)
	if err != nil {
		return addr
	}
	return p.String()
}

// admit counts an opinion from addr to the unit with unitID with text,
// and returns nil when it may be stored: ERATELIMIT when the address or
// its network is over its limit, ECONFLICT when the unit received the
// same text (spaces and punctuation aside) within floodDuplicate or the
// challenge pow (when the unit is busy) was used already. A refused
// opinion is not counted.
func (g *floodGuard) admit(ctx context.Context, addr string, unitID int64, text, pow string) error {
	now := g.now()
	addrKey := store.PublicEvent{Kind: "addr", Key: addr}
	count := func(e store.PublicEvent, window time.Duration, limit int) (int, error) {
		return g.st.CountPublicEvents(ctx, e, now.Add(-window), limit)
	}
	n, err := count(addrKey, time.Minute, floodPerAddrMinute)
	if err != nil {
		return err
	}
	if n >= floodPerAddrMinute {
		return rectify.Errorf(rectify.ERATELIMIT, "提交过于频繁：同一网络每分钟最多提交 %d 条意见，请 1 分钟后再试", floodPerAddrMinute)
	}
	if n, err = count(addrKey, 24*time.Hour, floodPerAddrDay); err != nil {
		return err
	}
	if n >= floodPerAddrDay {
		return rectify.Errorf(rectify.ERATELIMIT, "同一网络每天最多提交 %d 条意见，今天已达上限；请明天再提交，或通过页面所列电话、地址、电子邮箱反映", floodPerAddrDay)
	}
	netKey := store.PublicEvent{Kind: "net", Key: network(addr)}
	if n, err = count(netKey, time.Hour, floodPerNetHour); err != nil {
		return err
	}
	if n >= floodPerNetHour {
		return rectify.Errorf(rectify.ERATELIMIT, "同一网段近一小时提交的意见已达 %d 条，请稍后再试，或通过页面所列电话、地址、电子邮箱反映", floodPerNetHour)
	}
	textKey := store.PublicEvent{Kind: "text", Key: textKey(unitID, text)}
	if n, err = count(textKey, floodDuplicate, 1); err != nil {
		return err
	}
	if n > 0 {
		return rectify.Errorf(rectify.ECONFLICT, "相同内容的意见已经收到，我们会尽快办理，无需重复提交")
	}
	events := []store.PublicEvent{addrKey, netKey, {Kind: "unit", Key: fmt.Sprint(unitID)}, textKey}
	if pow != "" {
		powKey := store.PublicEvent{Kind: "pow", Key: pow}
		if n, err = count(powKey, 2*floodPowMaxAge, 1); err != nil {
			return err
		}
		if n > 0 {
			return rectify.Errorf(rectify.EINVALID, msgPowNeeded)
		}
		events = append(events, powKey)
	}
	return g.st.RecordPublicEvents(ctx, events, now)
}

// lookup counts a receipt lookup from addr and returns ERATELIMIT when
// the address is over its limit: guessing receipts is slow.
func (g *floodGuard) lookup(ctx context.Context, addr string) error {
	now := g.now()
	key := store.PublicEvent{Kind: "lookup", Key: addr}
	n, err := g.st.CountPublicEvents(ctx, key, now.Add(-time.Minute), lookupPerAddrMinute)
	if err != nil {
		return err
	}
	if n >= lookupPerAddrMinute {
		return rectify.Errorf(rectify.ERATELIMIT, "查询过于频繁：同一网络每分钟最多查询 %d 次，请 1 分钟后再试", lookupPerAddrMinute)
	}
	if n, err = g.st.CountPublicEvents(ctx, key, now.Add(-24*time.Hour), lookupPerAddrDay); err != nil {
		return err
	}
	if n >= lookupPerAddrDay {
		return rectify.Errorf(rectify.ERATELIMIT, "同一网络每天最多查询 %d 次，今天已达上限；请明天再查，或拨打通报所列电话", lookupPerAddrDay)
	}
	return g.st.RecordPublicEvents(ctx, []store.PublicEvent{key}, now)
}

// textKey is the hash of a text sent to a unit, compared without spaces,
// punctuation and case, so that a text sent again with a comma more is
// still the same.
func textKey(unitID int64, text string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\x00", unitID)
	for _, r := range strings.ToLower(text) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}
