package httpx

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/rectify-dev/rectify"
)

// TrustedProxies are the address ranges of the reverse proxies (nginx on
// the intranet, say) whose word on the client's address is believed. The
// zero value trusts nobody: the client is the direct peer of the
// connection.
type TrustedProxies []netip.Prefix

// ParseTrustedProxies reads a comma-separated list of ranges in CIDR
// notation ("10.0.0.0/8, fd00::/8") or single addresses ("127.0.0.1",
// "::1"); spaces and empty entries are ignored. It returns an EINVALID
// error naming the first entry that is neither.
func ParseTrustedProxies(s string) (TrustedProxies, error) {
	var tp TrustedProxies
	for _, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		p, err := parsePrefix(entry)
		if err != nil {
			return nil, rectify.Errorf(rectify.EINVALID, "“%s”不是有效的网段", entry)
		}
		tp = append(tp, p)
	}
	return tp, nil
}

// parsePrefix reads a range or a single address (a range of one), IPv4 in
// IPv6 taken as IPv4; bits below the length are dropped (10.1.2.3/8 is
// 10.0.0.0/8).
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a.Zone() != "" {
		return netip.Prefix{}, net.InvalidAddrError(s)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// String returns the ranges as ParseTrustedProxies reads them.
func (tp TrustedProxies) String() string {
	parts := make([]string, len(tp))
	for i, p := range tp {
		parts[i] = p.String()
	}
	return strings.Join(parts, ",")
}

// trusts reports whether a is inside one of the ranges.
func (tp TrustedProxies) trusts(a netip.Addr) bool {
	a = a.WithZone("").Unmap()
	for _, p := range tp {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Client returns the address of the client of r, without the port.
//
// When the direct peer (r.RemoteAddr) is not a trusted proxy, it is the
// client, whatever the request's headers say. When it is, X-Forwarded-For
// is read from the right — each proxy appends the address it was reached
// from — skipping the addresses that are themselves trusted proxies: the
// first untrusted one is the client. An entry that is not an address
// (a port is allowed: 203.0.113.7:4711, [2001:db8::7]:4711) stops the
// walk, and the last address read before it (or the peer) is the client;
// when every entry is trusted, the leftmost is. Without X-Forwarded-For, a
// trusted peer's X-Real-IP names the client.
func (tp TrustedProxies) Client(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	peer = peer.Unmap()
	if !tp.trusts(peer) {
		return peer.String()
	}
	forwarded := strings.Join(r.Header.Values("X-Forwarded-For"), ",")
	if strings.TrimSpace(forwarded) == "" {
		if a, ok := forwardedAddr(r.Header.Get("X-Real-IP")); ok {
			return a.String()
		}
		return peer.String()
	}
	client := peer
	hops := strings.Split(forwarded, ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := forwardedAddr(hops[i])
		if !ok {
			break
		}
		client = a
		if !tp.trusts(a) {
			break
		}
	}
	return client.String()
}

// forwardedAddr reads an address a proxy forwarded, with or without a
// port, IPv4 in IPv6 taken as IPv4. Anything else ("unknown", a host name,
// an address with a zone) is not an address.
func forwardedAddr(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return netip.Addr{}, false
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		s = ap.Addr().String()
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		s = s[1 : len(s)-1]
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

type clientKey struct{}

// ResolveClient finds the client's address of every request once, by tp,
// for ClientIP and so for everything that reads it: the login limiter,
// the limits of the public form, the request log. It goes outermost, so
// that the request log sees it too.
func ResolveClient(tp TrustedProxies) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := context.WithValue(r.Context(), clientKey{}, tp.Client(r))
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// ClientIP returns the address of the client of r, without the port: the
// one ResolveClient found, else (no proxy trusted) the direct peer's.
func ClientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientKey{}).(string); ok {
		return ip
	}
	return TrustedProxies(nil).Client(r)
}
