package httpx_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
)

func TestParseTrustedProxies(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // the ranges as read, or the error
	}{
		{name: "none", in: "", want: ""},
		{name: "blanks and empty entries", in: " , ,", want: ""},
		{name: "IPv4 range", in: "10.0.0.0/8", want: "10.0.0.0/8"},
		{name: "IPv6 range", in: "fd00::/8", want: "fd00::/8"},
		{name: "single addresses", in: "127.0.0.1, ::1", want: "127.0.0.1/32,::1/128"},
		{name: "several, spaces around", in: " 10.0.0.0/8 ,192.168.1.0/24,", want: "10.0.0.0/8,192.168.1.0/24"},
		{name: "host bits dropped", in: "10.1.2.3/8", want: "10.0.0.0/8"},
		{name: "IPv4 in IPv6 taken as IPv4", in: "::ffff:10.0.0.0/104,::ffff:192.0.2.1", want: "10.0.0.0/8,192.0.2.1/32"},
		{name: "a short address", in: "10.0.0/8", want: "“10.0.0/8”不是有效的网段"},
		{name: "the bad one of several", in: "10.0.0.0/8,proxy.lan,192.168.0.0/16", want: "“proxy.lan”不是有效的网段"},
		{name: "length too long", in: "10.0.0.0/33", want: "“10.0.0.0/33”不是有效的网段"},
		{name: "a port", in: "10.0.0.1:80", want: "“10.0.0.1:80”不是有效的网段"},
		{name: "a zone", in: "fe80::1%eth0", want: "“fe80::1%eth0”不是有效的网段"},
		{name: "a mask instead of a length", in: "10.0.0.0/255.0.0.0", want: "“10.0.0.0/255.0.0.0”不是有效的网段"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, err := httpx.ParseTrustedProxies(tt.in)
			got := tp.String()
			if err != nil {
				got = err.Error()
				if rectify.ErrorCode(err) != rectify.EINVALID {
					t.Errorf("code %s, want invalid", rectify.ErrorCode(err))
				}
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClient(t *testing.T) {
	tp, err := httpx.ParseTrustedProxies("10.0.0.0/8, 192.168.1.1, fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		proxies httpx.TrustedProxies // tp unless none is set
		none    bool                 // trust nobody
		peer    string               // RemoteAddr
		xff     []string             // X-Forwarded-For lines
		realIP  string               // X-Real-IP
		want    string
	}{
		{name: "no proxy trusted: the peer", none: true, peer: "203.0.113.7:4711", xff: []string{"198.51.100.1"}, want: "203.0.113.7"},
		{name: "no proxy trusted, IPv6 peer", none: true, peer: "[2001:db8::7]:4711", want: "2001:db8::7"},
		{name: "no proxy trusted, peer without a port", none: true, peer: "203.0.113.7", want: "203.0.113.7"},
		{name: "peer that is no address", peer: "pipe", xff: []string{"198.51.100.1"}, want: "pipe"},
		{name: "untrusted peer, spoofed header", peer: "203.0.113.7:4711", xff: []string{"10.0.0.5"}, realIP: "10.0.0.6", want: "203.0.113.7"},
		{name: "untrusted IPv6 peer, spoofed header", peer: "[2001:db8::7]:4711", xff: []string{"fd00::5"}, want: "2001:db8::7"},
		{name: "trusted peer without headers", peer: "10.0.0.2:4711", want: "10.0.0.2"},
		{name: "one hop", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1"}, want: "198.51.100.1"},
		{name: "one hop, IPv6", peer: "[fd00::2]:4711", xff: []string{"2001:db8::1"}, want: "2001:db8::1"},
		{name: "IPv6 written in capitals", peer: "[fd00::2]:4711", xff: []string{"2001:DB8::1"}, want: "2001:db8::1"},
		{name: "IPv4 peer in IPv6", peer: "[::ffff:10.0.0.2]:4711", xff: []string{"198.51.100.1"}, want: "198.51.100.1"},
		{name: "IPv4 in IPv6 forwarded", peer: "10.0.0.2:4711", xff: []string{"::ffff:198.51.100.1"}, want: "198.51.100.1"},
		{name: "a single trusted address", peer: "192.168.1.1:4711", xff: []string{"198.51.100.1"}, want: "198.51.100.1"},
		{name: "its neighbour is not trusted", peer: "192.168.1.2:4711", xff: []string{"198.51.100.1"}, want: "192.168.1.2"},
		{name: "forwarded with a port", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1:5555"}, want: "198.51.100.1"},
		{name: "forwarded IPv6 with a port", peer: "10.0.0.2:4711", xff: []string{"[2001:db8::1]:5555"}, want: "2001:db8::1"},
		{name: "forwarded IPv6 in brackets", peer: "10.0.0.2:4711", xff: []string{"[2001:db8::1]"}, want: "2001:db8::1"},
		{name: "two trusted hops", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1, 10.0.0.3"}, want: "198.51.100.1"},
		{name: "hops over IPv4 and IPv6", peer: "[fd00::2]:4711", xff: []string{"198.51.100.1, fd00::9, 10.0.0.3"}, want: "198.51.100.1"},
		{name: "hops on several header lines", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1", "10.0.0.3"}, want: "198.51.100.1"},
		{name: "spoofed entries left of the client", peer: "10.0.0.2:4711", xff: []string{"10.9.9.9, 1.2.3.4, 198.51.100.1"}, want: "198.51.100.1"},
		{name: "the rightmost untrusted, not the leftmost", peer: "10.0.0.2:4711", xff: []string{"1.2.3.4, 198.51.100.1, 10.0.0.3"}, want: "198.51.100.1"},
		{name: "every hop trusted: the leftmost", peer: "10.0.0.2:4711", xff: []string{"10.0.0.4, 10.0.0.3"}, want: "10.0.0.4"},
		{name: "garbage at the right: the peer", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1, unknown"}, want: "10.0.0.2"},
		{name: "garbage behind a trusted hop: that hop", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1, evil.example, 10.0.0.3"}, want: "10.0.0.3"},
		{name: "garbage left of the client", peer: "10.0.0.2:4711", xff: []string{"<script>, 198.51.100.1"}, want: "198.51.100.1"},
		{name: "an empty entry", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1, , 10.0.0.3"}, want: "10.0.0.3"},
		{name: "an address with a zone", peer: "10.0.0.2:4711", xff: []string{"fe80::1%eth0"}, want: "10.0.0.2"},
		{name: "a short address", peer: "10.0.0.2:4711", xff: []string{"198.51.100"}, want: "10.0.0.2"},
		{name: "X-Real-IP without X-Forwarded-For", peer: "10.0.0.2:4711", realIP: "198.51.100.1", want: "198.51.100.1"},
		{name: "X-Forwarded-For before X-Real-IP", peer: "10.0.0.2:4711", xff: []string{"198.51.100.1"}, realIP: "198.51.100.2", want: "198.51.100.1"},
		{name: "blank X-Forwarded-For: X-Real-IP", peer: "10.0.0.2:4711", xff: []string{" "}, realIP: "198.51.100.2", want: "198.51.100.2"},
		{name: "garbage X-Real-IP: the peer", peer: "10.0.0.2:4711", realIP: "unknown", want: "10.0.0.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if tt.realIP != "" {
				r.Header.Set("X-Real-IP", tt.realIP)
			}
			proxies := tp
			if tt.none {
				proxies = nil
			}
			if got := proxies.Client(r); got != tt.want {
				t.Errorf("Client = %q, want %q", got, tt.want)
			}
			// Through the middleware, as every caller reads it.
			var got string
			h := httpx.ResolveClient(proxies)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = httpx.ClientIP(r) }))
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tt.want {
				t.Errorf("ClientIP behind ResolveClient = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestClientIPWithoutResolve: a handler reached without the middleware
// sees the peer, whatever the headers say.
func TestClientIPWithoutResolve(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.RemoteAddr = "10.0.0.2:4711"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	if got := httpx.ClientIP(r); got != "10.0.0.2" {
		t.Errorf("ClientIP = %q, want the peer", got)
	}
}

// TestRequestLogBehindProxy: the request log names the client, not the
// proxy, when ResolveClient goes first.
func TestRequestLogBehindProxy(t *testing.T) {
	tp, err := httpx.ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	h := httpx.Chain(http.NotFoundHandler(), httpx.ResolveClient(tp), httpx.LogRequests(log, time.Now))
	r := httptest.NewRequest(http.MethodGet, "/problems", nil)
	r.RemoteAddr = "10.0.0.2:4711"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	h.ServeHTTP(httptest.NewRecorder(), r)
	if !strings.Contains(logs.String(), "ip=198.51.100.1") {
		t.Errorf("the log does not name the client: %s", logs.String())
	}
}
