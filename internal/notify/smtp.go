package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// SMTP sends mail through an SMTP server (a submission server, normally):
// it greets with EHLO, switches to TLS with STARTTLS when the server offers
// it (or speaks TLS from the start for smtps://), authenticates with AUTH
// PLAIN when a user is set (never over a connection in clear text, except
// to the local machine), and sends one message per call: a MIME message in
// UTF-8 with an RFC 2047 subject, Date and Message-ID, a text/plain body
// and, when given, a text/html alternative.
type SMTP struct {
	// Addr is the server's host:port.
	Addr string
	// Username and Password, when Username is set, authenticate with AUTH PLAIN.
	Username, Password string
	// ImplicitTLS speaks TLS from the start (port 465, smtps://) instead of
	// upgrading with STARTTLS.
	ImplicitTLS bool
	// TLSConfig verifies the server's certificate; nil verifies it against
	// the system's roots for the host of Addr.
	TLSConfig *tls.Config
	// From is the sender's address, with a name if wanted.
	From mail.Address
	// Hello is the name this client gives in EHLO; "localhost" when empty.
	Hello string
	// Timeout bounds the whole conversation; 30 seconds when zero.
	Timeout time.Duration
	// Now is the clock of the Date header; time.Now when nil.
	Now func() time.Time
}

// ParseSMTP returns an SMTP sender for a URL such as
// smtp://user:pass@mail.example.org:587 (STARTTLS when offered, port 587 by
// default) or smtps://user:pass@mail.example.org (TLS from the start, port
// 465 by default), sending as from ("单位名称 <noreply@example.org>" or a
// bare address). It returns an error for any other URL or a bad address.
func ParseSMTP(rawURL, from string) (*SMTP, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL and its password
		}
		return nil, fmt.Errorf("notify: smtp url: %w", err)
	}
	s := &SMTP{}
	port := "587"
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.ImplicitTLS, port = true, "465"
	default:
		return nil, fmt.Errorf("notify: smtp url: scheme %q, want smtp:// or smtps://", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("notify: smtp url: no host")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	s.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	a, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("notify: mail from %q: %w", from, err)
	}
	s.From = *a
	return s, nil
}

// Send delivers m to m.To. It returns an error when the server refuses the
// message or the conversation fails or times out (the message was then not
// delivered, unless the connection broke after the server took it).
func (s *SMTP) Send(ctx context.Context, m *Message) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return fmt.Errorf("notify: smtp: recipient %q: %w", m.To, err)
	}
	if to.Name == "" {
		to.Name = m.ToName
	}
	body, err := s.compose(to, m)
	if err != nil {
		return fmt.Errorf("notify: smtp: %w", err)
	}
	if err := s.deliver(ctx, to.Address, body); err != nil {
		return fmt.Errorf("notify: smtp %s: %w", s.Addr, err)
	}
	return nil
}

func (s *SMTP) deliver(ctx context.Context, rcpt string, body []byte) error {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return err
	}
	tlsConfig := s.TLSConfig
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	dialer := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	if s.ImplicitTLS {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: tlsConfig}).DialContext(ctx, "tcp", s.Addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.Addr)
	}
	if err != nil {
		return err
	}
	// net/smtp knows no context: the deadline bounds every read and write,
	// and an ended context closes the connection.
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return err
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return err
	}
	if !s.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return fmt.Errorf("starttls: %w", err)
			}
		}
	}
	if s.Username != "" {
		// PlainAuth refuses to send the password over a connection in
		// clear text to anything but the local machine.
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(s.From.Address); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(body); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	// The server took the message at the end of DATA: a failed QUIT does
	// not undo that.
	_ = c.Quit()
	return nil
}

// compose writes the message: headers, then a text/plain part, or a
// multipart/alternative of text/plain and text/html, each in UTF-8 and
// base64 (a third larger than Chinese text, where quoted-printable would
// triple it), with CRLF line ends.
func (s *SMTP) compose(to *mail.Address, m *Message) ([]byte, error) {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(fold(k+": "+v) + "\r\n") }
	header("From", formatAddress(s.From))
	header("To", formatAddress(*to))
	header("Subject", mime.BEncoding.Encode("UTF-8", oneLine(m.Subject)))
	header("Date", now().Format(time.RFC1123Z))
	header("Message-ID", messageID(s.From.Address))
	header("MIME-Version", "1.0")
	// RFC 3834: an automatic message; mail robots should not answer it.
	header("Auto-Submitted", "auto-generated")
	if m.HTML == "" {
		header("Content-Type", "text/plain; charset=UTF-8")
		header("Content-Transfer-Encoding", "base64")
		b.WriteString("\r\n")
		writeBase64(&b, m.Text)
		return b.Bytes(), nil
	}
	var parts bytes.Buffer
	mw := multipart.NewWriter(&parts)
	header("Content-Type", "multipart/alternative; boundary=\""+mw.Boundary()+"\"")
	b.WriteString("\r\n")
	for _, p := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {p.typ + "; charset=UTF-8"},
			"Content-Transfer-Encoding": {"base64"},
		})
		if err != nil {
			return nil, err
		}
		var part bytes.Buffer
		writeBase64(&part, p.body)
		if _, err := w.Write(part.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	b.Write(parts.Bytes())
	return b.Bytes(), nil
}

// writeBase64 writes text in base64, in lines of 76 characters, with CRLF
// line ends (RFC 2045).
func writeBase64(b *bytes.Buffer, text string) {
	// Text is encoded in its canonical form, with CRLF line ends.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\n", "\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(text))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
}

// fold breaks a header line at spaces (before encoded words, addresses,
// parameters) into lines of at most 78 characters where it can.
func fold(line string) string {
	words := strings.Split(line, " ")
	var b strings.Builder
	n := 0
	for i, w := range words {
		switch {
		case i == 0:
		case n+1+len(w) > 78:
			b.WriteString("\r\n ")
			n = 1
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// formatAddress writes a name and address for a header, the name in
// RFC 2047 words of base64 when it is not plain ASCII.
func formatAddress(a mail.Address) string {
	if a.Name == "" {
		return "<" + a.Address + ">"
	}
	for _, r := range a.Name {
		if r >= 0x80 {
			return mime.BEncoding.Encode("UTF-8", oneLine(a.Name)) + " <" + a.Address + ">"
		}
	}
	return a.String()
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// messageID returns a new unique Message-ID in the domain of the sender.
func messageID(from string) string {
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	var r [12]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails
	return "<" + strconv.FormatInt(time.Now().UnixNano(), 36) + "." + hex.EncodeToString(r[:]) + "@" + domain + ">"
}
