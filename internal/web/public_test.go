package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
)

// movableClock lets a test move the pages' clock (and the flood guard's).
func movableClock(hs *harness) *time.Time {
	now := clock
	hs.w.Now = func() time.Time { return now }
	hs.w.flood.now = hs.w.Now
	return &now
}

// solvePow finds the nonce of a challenge as the public page's script
// does.
func solvePow(g *floodGuard, challenge string) string {
	for n := 0; ; n++ {
		nonce := fmt.Sprint(n)
		if leadingZeros(sha256.Sum256([]byte(challenge+":"+nonce))) >= g.powBits {
			return nonce
		}
	}
}

// TestPublicFlood sends opinions one after another, from one address and
// from many, and checks what each sender reads and what reaches the inbox.
// A browser solves the proof of work when the page asks for one, as the
// page's script does; a step may send without it.
func TestPublicFlood(t *testing.T) {
	hs := newHarness(t)
	fx := newSupFixture(t, hs)
	now := movableClock(hs)
	hs.w.flood.powBits = 8
	ctx := rectify.AsSystem(context.Background())
	path := "/public/inspections/" + fmt.Sprint(fx.pub.ID) + "/comments"
	stored := func() int {
		_, n, err := hs.st.ListComments(ctx, store.CommentFilter{UnitID: hs.bureau.ID})
		must(t, err)
		return n
	}
	base := stored()
	accepted := 0

	type step struct {
		name    string
		advance time.Duration // the clock moves on first
		addr    string
		text    string
		age     time.Duration // how long ago the form was shown; 10 s when 0
		token   string        // instead of a fresh one
		noPow   bool          // sent without solving the page's challenge
		pow     string        // this challenge, solved, instead of a fresh one
		status  int
		see     string
	}
	var lastChallenge string
	send := func(t *testing.T, s step) {
		t.Helper()
		*now = now.Add(s.advance)
		age := s.age
		if age == 0 {
			age = 10 * time.Second
		}
		form := url.Values{"t": {hs.w.flood.formToken(now.Add(-age), fx.pub.ID)}, "contact": {"13800001111"}, "text": {s.text}}
		if s.token != "" {
			form.Set("t", s.token)
		}
		busy, err := hs.w.flood.busy(ctx, fx.pub.UnitID)
		must(t, err)
		if busy && !s.noPow {
			challenge := s.pow
			if challenge == "" {
				challenge = hs.w.flood.challenge(fx.pub.ID)
			}
			lastChallenge = challenge
			form.Set("pow_challenge", challenge)
			form.Set("pow", solvePow(hs.w.flood, challenge))
		}
		w := hs.doFrom(s.addr, path, form)
		if w.Code != s.status {
			t.Fatalf("%s: status %d, want %d: %s", s.name, w.Code, s.status, text(w.Body.String()))
		}
		if w.Code == 303 {
			accepted++
			return
		}
		body := text(w.Body.String())
		if !strings.Contains(body, s.see) {
			t.Errorf("%s: the sender does not read %q: %s", s.name, s.see, body)
		}
		if !strings.Contains(w.Body.String(), ">"+s.text+"</textarea>") && len(s.text) < 100 {
			t.Errorf("%s: the text typed is not kept", s.name)
		}
		if s.see == msgPowNeeded && !strings.Contains(w.Body.String(), `data-pow-bits="8"`) {
			t.Errorf("%s: the form shown again asks for no proof of work", s.name)
		}
	}
	steps := []step{
		{name: "first", addr: "10.0.0.1", text: "意见一：河堤护栏损坏。", status: 303},
		{name: "second", addr: "10.0.0.1", text: "意见二：路灯不亮。", status: 303},
		{name: "third", addr: "10.0.0.1", text: "意见三：垃圾未清运。", status: 303},
		{name: "fourth in a minute", addr: "10.0.0.1", text: "意见四：排水沟堵塞。", status: 429, see: "同一网络每分钟最多提交 3 条意见，请 1 分钟后再试"},
		{name: "another address meanwhile", addr: "10.0.0.2", text: "意见四：排水沟堵塞。", status: 303},
		{name: "the first address a minute later", advance: 61 * time.Second, addr: "10.0.0.1", text: "意见五：水闸漏水。", status: 303},
		{name: "the same text again, punctuation aside", addr: "10.0.0.3", text: "意见一 河堤护栏损坏", status: 409, see: "相同内容的意见已经收到，我们会尽快办理，无需重复提交"},
		{name: "sent too fast", addr: "10.0.0.3", text: "意见六：桥面破损。", age: time.Second, status: 422, see: msgFormTooFast},
		{name: "a form left open overnight", addr: "10.0.0.3", text: "意见六：桥面破损。", age: 13 * time.Hour, status: 422, see: msgFormOld},
		{name: "a form of another notice", addr: "10.0.0.3", text: "意见六：桥面破损。", token: hs.w.flood.formToken(clock.Add(-time.Minute), fx.hidden.ID),
			status: 422, see: msgFormBroken},
		{name: "a forged form", addr: "10.0.0.3", text: "意见六：桥面破损。", token: "AAAA" + hs.w.flood.formToken(clock, fx.pub.ID)[4:],
			status: 422, see: msgFormBroken},
		{name: "a text too long", addr: "10.0.0.3", text: strings.Repeat("长", 5001), status: 422, see: "意见建议不能超过5000个字"},
		{name: "after the mistakes", addr: "10.0.0.3", text: "意见六：桥面破损。", status: 303},
	}
	for i := range 20 {
		s := step{name: fmt.Sprintf("a busy address, opinion %d", i+1), addr: "10.0.0.9", text: fmt.Sprintf("第%d条：某处井盖缺失。", i+1), status: 303}
		if i%3 == 0 {
			s.advance = 61 * time.Second
		}
		steps = append(steps, s)
	}
	steps = append(steps,
		step{name: "the busy address past its day", advance: 61 * time.Second, addr: "10.0.0.9", text: "第21条：某处井盖缺失。", status: 429,
			see: "同一网络每天最多提交 20 条意见，今天已达上限"},
		// The unit has received more than 20 in this hour: new senders
		// still reach it, with the browser's proof of work.
		step{name: "a new sender to the busy unit, without the proof", addr: "10.2.0.1", text: "再一条意见。", noPow: true, status: 422, see: msgPowNeeded},
		step{name: "a new sender to the busy unit, with the proof", addr: "10.2.0.1", text: "再一条意见。", status: 303},
	)
	steps = append(steps,
		step{name: "a challenge solved once, sent again", addr: "10.2.0.2", text: "换个说法的意见。", pow: "last", status: 422, see: msgPowNeeded})
	for i := range 30 {
		steps = append(steps, step{name: fmt.Sprintf("one network, opinion %d", i+1), addr: fmt.Sprintf("10.1.0.%d", i+1),
			text: fmt.Sprintf("群众%d：希望公开整改进展。", i+1), status: 303})
	}
	steps = append(steps,
		step{name: "one network past its hour", addr: "10.1.0.200", text: "群众再一条。", status: 429, see: "同一网段近一小时提交的意见已达 30 条"},
		step{name: "another network meanwhile", addr: "10.7.0.1", text: "群众再一条。", status: 303},
		step{name: "the network an hour later", advance: time.Hour, addr: "10.1.0.200", text: "群众又一条。", status: 303},
	)
	for _, s := range steps {
		if s.pow == "last" {
			s.pow = lastChallenge
		}
		send(t, s)
	}
	if got := stored() - base; got != accepted {
		t.Errorf("%d opinions stored, %d accepted: a refused one was stored", got, accepted)
	}
}

// doFrom posts a form from the client address addr, anonymously.
func (hs *harness) doFrom(addr, target string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = addr + ":40000"
	w := httptest.NewRecorder()
	hs.h.ServeHTTP(w, r)
	return w
}

// TestPublicFloodBehindProxy: behind a trusted reverse proxy, the limits
// per address count each visitor by the address the proxy forwards, so
// that one visitor's flood does not shut out the others; a peer that is
// not a trusted proxy is counted by its own address, and an
// X-Forwarded-For it makes up does not let it past the limit.
func TestPublicFloodBehindProxy(t *testing.T) {
	hs := newHarness(t)
	fx := newSupFixture(t, hs)
	now := movableClock(hs)
	proxies, err := httpx.ParseTrustedProxies("192.0.2.10")
	must(t, err)
	h := httpx.ResolveClient(proxies)(hs.h)
	path := "/public/inspections/" + fmt.Sprint(fx.pub.ID) + "/comments"
	const proxy, outsider = "192.0.2.10", "203.0.113.9"
	steps := []struct {
		name   string
		peer   string
		xff    string
		status int
	}{
		{name: "visitor A, first", peer: proxy, xff: "198.51.100.1", status: 303},
		{name: "visitor A, second", peer: proxy, xff: "198.51.100.1", status: 303},
		{name: "visitor A, third", peer: proxy, xff: "198.51.100.1", status: 303},
		{name: "visitor A, fourth in a minute", peer: proxy, xff: "198.51.100.1", status: 429},
		{name: "visitor A naming another address on the left", peer: proxy, xff: "198.51.100.99, 198.51.100.1", status: 429},
		{name: "visitor B behind the same proxy", peer: proxy, xff: "198.51.100.2", status: 303},
		{name: "visitor B, second", peer: proxy, xff: "198.51.100.2", status: 303},
		{name: "an untrusted peer, first", peer: outsider, xff: "198.51.100.11", status: 303},
		{name: "an untrusted peer, second", peer: outsider, xff: "198.51.100.12", status: 303},
		{name: "an untrusted peer, third", peer: outsider, xff: "198.51.100.13", status: 303},
		{name: "an untrusted peer with yet another made-up address", peer: outsider, xff: "198.51.100.14", status: 429},
		{name: "an untrusted peer naming the proxy", peer: outsider, xff: proxy, status: 429},
	}
	for i, s := range steps {
		form := url.Values{"t": {hs.w.flood.formToken(now.Add(-10*time.Second), fx.pub.ID)}, "contact": {"13800001111"},
			"text": {fmt.Sprintf("意见%d：路灯不亮。", i+1)}}
		r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = s.peer + ":40000"
		r.Header.Set("X-Forwarded-For", s.xff)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != s.status {
			t.Fatalf("%s: status %d, want %d: %s", s.name, w.Code, s.status, text(w.Body.String()))
		}
		if s.status == 429 && !strings.Contains(text(w.Body.String()), "同一网络每分钟最多提交 3 条意见") {
			t.Errorf("%s: the sender is not told the limit: %s", s.name, text(w.Body.String()))
		}
	}
}

// TestFloodGuardShared: two servers on one database sign and count as
// one — a form shown by one is accepted by the other, and an address's
// opinions on one count on the other.
func TestFloodGuardShared(t *testing.T) {
	hs := newHarness(t)
	ctx := rectify.AsSystem(context.Background())
	now := clock
	clk := func() time.Time { return now }
	a, err := newFloodGuard(ctx, hs.st, clk)
	must(t, err)
	b, err := newFloodGuard(ctx, hs.st, clk)
	must(t, err)
	tok := a.formToken(now.Add(-time.Minute), 7)
	if err := b.checkToken(tok, 7); err != nil {
		t.Errorf("a form of one server refused by the other: %v", err)
	}
	for i := range 3 {
		must(t, a.admit(ctx, "10.9.0.1", 1, fmt.Sprint("意见", i), ""))
	}
	if err := b.admit(ctx, "10.9.0.1", 1, "第四条", ""); rectify.ErrorCode(err) != rectify.ERATELIMIT {
		t.Errorf("the fourth opinion in a minute on the other server: %v", err)
	}
	if err := b.admit(ctx, "10.9.0.2", 1, "意见0", ""); rectify.ErrorCode(err) != rectify.ECONFLICT {
		t.Errorf("the same text on the other server: %v", err)
	}
}

func TestNetwork(t *testing.T) {
	for _, tt := range []struct{ addr, want string }{
		{"10.1.2.3", "10.1.2.0/24"},
		{"::ffff:10.1.2.3", "10.1.2.0/24"},
		{"2001:db8:1234:5678::1", "2001:db8:1234::/48"},
		{"not an address", "not an address"},
	} {
		if got := network(tt.addr); got != tt.want {
			t.Errorf("network(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// TestScriptInert puts a script in every field a person types — the
// public form's name, contact and text, an assignee, a reply, a problem's
// title — and checks that every page shows it as text, and that the
// record keeps exactly what was typed.
func TestScriptInert(t *testing.T) {
	hs := newHarness(t)
	newSupFixture(t, hs)
	ctx := rectify.AsSystem(context.Background())
	const payload = `<script>alert(1)</script><b onclick=x>'"&`
	escaped := "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick=x&gt;&#39;&#34;&amp;"

	in := &rectify.Inspection{UnitID: hs.bureau.ID, Team: "县委第三巡察组" + payload, Kind: rectify.KindSpecial, Published: true,
		Title: "通报" + payload, Issuer: "发布单位" + payload, Feedback: rectify.MustDate("2023-09-01"), NoticeDate: rectify.MustDate("2024-02-01"),
		Contact: rectify.Contact{Phone: "0731-1234567", Address: "地址" + payload, Email: "a@example.org" + payload},
		Findings: []*rectify.Finding{{Number: 1, Title: "反馈问题" + payload, Problems: []*rectify.Problem{
			{Number: 1, Title: "问题" + payload, Description: "描述" + payload,
				Measures: []*rectify.Measure{{Number: 1, Text: "措施" + payload}}}}}}}
	must(t, hs.st.CreateInspection(ctx, in))
	notice := "/public/inspections/" + fmt.Sprint(in.ID)

	form := url.Values{"t": {hs.w.flood.formToken(clock.Add(-time.Minute), in.ID)}, "name": {payload}, "contact": {payload},
		"text": {payload}, "problem_id": {fmt.Sprint(in.Problems()[0].ID)}}
	w := hs.do("", "POST", notice+"/comments", form)
	if w.Code != 303 {
		t.Fatalf("opinion: %d %s", w.Code, text(w.Body.String()))
	}
	thanks := w.Header().Get("Location")
	cs, _, err := hs.st.ListComments(ctx, store.CommentFilter{UnitID: hs.bureau.ID, States: []rectify.CommentState{rectify.CommentNew}})
	must(t, err)
	pc := cs[0]
	if pc.Name != payload || pc.Contact != payload || pc.Text != payload {
		t.Fatalf("the opinion is not stored as typed: %q %q %q", pc.Name, pc.Contact, pc.Text)
	}
	c := "/comments/" + fmt.Sprint(pc.ID)
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{c + "/triage", url.Values{"version": {"1"}}},
		{c + "/assign", url.Values{"version": {"2"}, "assignee": {payload}}},
		{c + "/reply", url.Values{"version": {"3"}, "reply": {payload}, "public": {"on"}}},
	} {
		if w := hs.do("banshi", "POST", step.path, step.form); w.Code != 303 {
			t.Fatalf("%s: %d %s", step.path, w.Code, text(w.Body.String()))
		}
	}
	pc, err = hs.st.GetComment(ctx, pc.ID)
	must(t, err)
	if pc.Assignee != payload || pc.Reply != payload {
		t.Fatalf("the handling is not stored as typed: %q %q", pc.Assignee, pc.Reply)
	}
	// A form shown again after a mistake keeps the payload, inert.
	again := url.Values{"t": {"broken"}, "name": {payload}, "contact": {payload}, "text": {payload}}

	pages := []struct {
		name   string
		login  string
		method string
		path   string
		form   url.Values
		least  int // how many times the payload shows, escaped, at least
	}{
		{"the public notice with its reply", "", "GET", notice, nil, 8},
		{"the public form shown again", "", "POST", notice + "/comments", again, 3},
		{"the public unit", "", "GET", "/public/units/" + fmt.Sprint(hs.bureau.ID), nil, 2},
		{"the thank-you page", "", "GET", thanks, nil, 0},
		{"the receipt lookup with its reply", "", "POST", "/public/receipt", url.Values{"receipt": {hs.w.receipt(pc)}}, 1},
		{"the receipt lookup shown again", "", "POST", "/public/receipt", url.Values{"receipt": {payload}}, 1},
		{"the inbox", "banshi", "GET", "/comments", nil, 2},
		{"the opinion's page", "banshi", "GET", c, nil, 5},
		{"publishing", "banshi", "GET", "/publishing", nil, 2},
		{"records", "banshi", "GET", "/records?inspection=" + fmt.Sprint(in.ID), nil, 3},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			w := hs.do(p.login, p.method, p.path, p.form)
			body := w.Body.String()
			if w.Code >= 500 {
				t.Fatalf("status %d", w.Code)
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b onclick") {
				t.Errorf("the script is live on the page:\n%s", body)
			}
			if n := strings.Count(body, escaped); n < p.least {
				t.Errorf("the payload shows %d times escaped, want at least %d", n, p.least)
			}
		})
	}
}

// TestPublicLeaksNothing reads every public page of the fixture and looks
// for what only the workspace may show.
func TestPublicLeaksNothing(t *testing.T) {
	hs := newHarness(t)
	fx := newSupFixture(t, hs)
	secrets := []string{secretProgress, secretLeader, secretReply, hiddenTitle, hiddenReplyTxt, commenterName, commenterPhone,
		"村口河段夜里还有人偷采河砂", "反映某干部违规收受礼品", "zhou@example.org", "新开的洗车场", "0731-5550000", "李女士",
		"水文资料归档不及时", "/comments/", "/problems/", "证明材料"}
	for _, path := range []string{"/public", "/public/units/" + fmt.Sprint(hs.bureau.ID), "/public/units/" + fmt.Sprint(hs.station.ID),
		"/public/units/" + fmt.Sprint(hs.city.ID), "/public/inspections/" + fmt.Sprint(fx.pub.ID),
		"/public/inspections/" + fmt.Sprint(fx.hidden.ID)} {
		w := hs.do("", "GET", path, nil)
		for _, s := range secrets {
			if strings.Contains(w.Body.String(), s) {
				t.Errorf("%s shows %q", path, s)
			}
		}
	}
}
