// Package notifytest runs, for tests, what the senders of notify talk to: a
// small SMTP server on 127.0.0.1 that speaks EHLO, STARTTLS, AUTH PLAIN,
// MAIL, RCPT, DATA and QUIT and keeps the messages it receives, and an HTTP
// endpoint standing in for DingTalk's and WeCom's robot webhooks that keeps
// the JSON posted to it. Both stop when the test ends.
package notifytest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Mail is a message the SMTP server received.
type Mail struct {
	From string   // the envelope sender (MAIL FROM)
	To   []string // the envelope recipients (RCPT TO)
	Data string   // the message as sent, headers and body
	// TLS tells whether the conversation had switched to TLS by then, and
	// User who authenticated ("" for nobody).
	TLS  bool
	User string
}

// SMTPServer is an SMTP server for tests.
type SMTPServer struct {
	// Addr is the host:port it listens on.
	Addr string
	// ClientTLS trusts the server's certificate, for a client's TLSConfig
	// (only with StartTLS).
	ClientTLS *tls.Config

	t        testing.TB
	ln       net.Listener
	tls      *tls.Config
	user     string
	password string
	delay    time.Duration

	mu     sync.Mutex
	mails  []Mail
	refuse map[string]int
	wg     sync.WaitGroup
}

// SMTPOptions configure the server.
type SMTPOptions struct {
	// StartTLS offers STARTTLS with a certificate made for the test.
	StartTLS bool
	// User and Password, when User is set, make AUTH PLAIN required.
	User, Password string
	// Delay is how long the server takes to accept a message, as a busy
	// server does.
	Delay time.Duration
}

// NewSMTPServer starts an SMTP server on 127.0.0.1, stopped when t ends.
func NewSMTPServer(t testing.TB, o SMTPOptions) *SMTPServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("notifytest: %v", err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), t: t, ln: ln, user: o.User, password: o.Password, delay: o.Delay,
		refuse: map[string]int{}}
	if o.StartTLS {
		s.tls, s.ClientTLS = testCertificate(t)
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// Refuse makes the server refuse the next n RCPT commands for address
// with a temporary failure (450).
func (s *SMTPServer) Refuse(address string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse[strings.ToLower(address)] = n
}

// Mails returns the messages received so far.
func (s *SMTPServer) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

func (s *SMTPServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(30 * time.Second))
			s.converse(c)
		}()
	}
}

// converse speaks SMTP on one connection until QUIT or an error.
func (s *SMTPServer) converse(c net.Conn) {
	tp := textproto.NewConn(c)
	reply := func(code int, lines ...string) bool {
		for i, l := range lines {
			sep := "-"
			if i == len(lines)-1 {
				sep = " "
			}
			if err := tp.PrintfLine("%d%s%s", code, sep, l); err != nil {
				return false
			}
		}
		return true
	}
	var (
		secure bool
		user   string
		cur    *Mail
	)
	if !reply(220, "notifytest ESMTP") {
		return
	}
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"notifytest", "8BITMIME"}
			if s.tls != nil && !secure {
				ext = append(ext, "STARTTLS")
			}
			if s.user != "" {
				ext = append(ext, "AUTH PLAIN")
			}
			reply(250, ext...)
		case "STARTTLS":
			if s.tls == nil || secure {
				reply(502, "not offered")
				continue
			}
			reply(220, "go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, secure, user = tc, true, ""
			tp = textproto.NewConn(tc)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			b, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(b), "\x00")
			if !strings.EqualFold(mech, "PLAIN") || err != nil || len(parts) != 3 ||
				parts[1] != s.user || parts[2] != s.password {
				reply(535, "authentication failed")
				continue
			}
			user = parts[1]
			reply(235, "authenticated")
		case "MAIL":
			if s.user != "" && user == "" {
				reply(530, "authentication required")
				continue
			}
			cur = &Mail{From: address(arg), TLS: secure, User: user}
			reply(250, "ok")
		case "RCPT":
			if cur == nil {
				reply(503, "MAIL first")
				continue
			}
			to := address(arg)
			s.mu.Lock()
			n := s.refuse[strings.ToLower(to)]
			if n > 0 {
				s.refuse[strings.ToLower(to)] = n - 1
			}
			s.mu.Unlock()
			if n > 0 {
				reply(450, "mailbox busy, try again later")
				continue
			}
			cur.To = append(cur.To, to)
			reply(250, "ok")
		case "DATA":
			if cur == nil || len(cur.To) == 0 {
				reply(503, "RCPT first")
				continue
			}
			reply(354, "end with a dot")
			data, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			cur.Data = string(data)
			time.Sleep(s.delay)
			s.mu.Lock()
			s.mails = append(s.mails, *cur)
			s.mu.Unlock()
			cur = nil
			reply(250, "queued")
		case "RSET":
			cur = nil
			reply(250, "ok")
		case "NOOP":
			reply(250, "ok")
		case "QUIT":
			reply(221, "bye")
			return
		default:
			reply(502, "unknown command")
		}
	}
}

// address returns the address in "FROM:<a@b> SIZE=…" or "TO:<a@b>".
func address(arg string) string {
	if i := strings.IndexByte(arg, '<'); i >= 0 {
		if j := strings.IndexByte(arg[i:], '>'); j > 0 {
			return arg[i+1 : i+j]
		}
	}
	_, a, _ := strings.Cut(arg, ":")
	return strings.TrimSpace(a)
}

// testCertificate makes a self-signed certificate for 127.0.0.1 and
// returns a server config with it and a client config trusting it.
func testCertificate(t testing.TB) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("notifytest: %v", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "notifytest"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("notifytest: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("notifytest: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	client = &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
	return server, client
}

// Parsed is a received mail read as a reader sees it.
type Parsed struct {
	Header mail.Header
	// Subject is the decoded subject.
	Subject string
	// Text and HTML are the decoded bodies ("" for a part that is missing).
	Text, HTML string
}

// Parse reads the mail's headers and decodes its subject and its
// text/plain and text/html parts (quoted-printable or base64; plain or
// multipart/alternative). It fails t on a malformed message.
func (m Mail) Parse(t testing.TB) Parsed {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatalf("notifytest: read message: %v", err)
	}
	p := Parsed{Header: msg.Header}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("notifytest: subject: %v", err)
	}
	media, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("notifytest: content type: %v", err)
	}
	put := func(typ, cte string, body io.Reader) {
		b := decodeBody(t, cte, body)
		switch {
		case strings.HasPrefix(typ, "text/plain"):
			p.Text = b
		case strings.HasPrefix(typ, "text/html"):
			p.HTML = b
		}
	}
	if !strings.HasPrefix(media, "multipart/") {
		put(media, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return p
		}
		if err != nil {
			t.Fatalf("notifytest: part: %v", err)
		}
		put(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part)
	}
}

func decodeBody(t testing.TB, cte string, r io.Reader) string {
	t.Helper()
	switch strings.ToLower(cte) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r) // line ends are skipped
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("notifytest: body: %v", err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}
