package notify_test

import (
	"context"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/notify/notifytest"
)

var sent = time.Date(2024, 3, 1, 8, 30, 0, 0, time.FixedZone("CST", 8*3600))

func TestSMTP(t *testing.T) {
	text := "张伟同志：\n\n截至2024年3月1日，您负责的整改事项中有1项已逾期：\n" +
		".以点开头的一行也要原样送达\n" +
		"问题3 河道采砂整治推进迟缓，已逾期10天\n" + strings.Repeat("很长的一行", 40) + "\n"
	tests := []struct {
		name     string
		opts     notifytest.SMTPOptions
		user     string // the URL's user:password
		html     string
		to       string
		refuse   int
		wantErr  string
		wantTLS  bool
		wantUser string
	}{
		{name: "plain text to a server without TLS or AUTH", to: "zhangwei@example.org"},
		{name: "STARTTLS when offered, then AUTH PLAIN, with an HTML part",
			opts: notifytest.SMTPOptions{StartTLS: true, User: "mailer", Password: "s3cret"}, user: "mailer:s3cret",
			html: "<p>张伟同志：</p><p>问题3 已逾期10天</p>", to: "zhangwei@example.org", wantTLS: true, wantUser: "mailer"},
		{name: "a recipient refused", to: "busy@example.org", refuse: 1, wantErr: "450"},
		{name: "a wrong password", opts: notifytest.SMTPOptions{User: "mailer", Password: "s3cret"}, user: "mailer:wrong",
			to: "zhangwei@example.org", wantErr: "535"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := notifytest.NewSMTPServer(t, tt.opts)
			u := "smtp://" + srv.Addr
			if tt.user != "" {
				u = "smtp://" + tt.user + "@" + srv.Addr
			}
			s, err := notify.ParseSMTP(u, "青石县委巡察办 <xcb@example.org>")
			if err != nil {
				t.Fatal(err)
			}
			s.TLSConfig = srv.ClientTLS
			s.Now = func() time.Time { return sent }
			srv.Refuse(tt.to, tt.refuse)
			err = s.Send(context.Background(), &notify.Message{To: tt.to, ToName: "张伟",
				Subject: "巡察整改提醒：3项即将到期，2项已逾期", Text: text, HTML: tt.html})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %s", err, tt.wantErr)
				}
				if n := len(srv.Mails()); n != 0 {
					t.Fatalf("%d messages delivered despite the error", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			mails := srv.Mails()
			if len(mails) != 1 {
				t.Fatalf("%d messages delivered, want 1", len(mails))
			}
			m := mails[0]
			if m.From != "xcb@example.org" || len(m.To) != 1 || m.To[0] != tt.to {
				t.Errorf("envelope from %s to %v", m.From, m.To)
			}
			if m.TLS != tt.wantTLS || m.User != tt.wantUser {
				t.Errorf("TLS %v, user %q; want %v, %q", m.TLS, m.User, tt.wantTLS, tt.wantUser)
			}
			p := m.Parse(t)
			if p.Subject != "巡察整改提醒：3项即将到期，2项已逾期" {
				t.Errorf("subject %q", p.Subject)
			}
			if raw := p.Header.Get("Subject"); !strings.HasPrefix(raw, "=?UTF-8?b?") {
				t.Errorf("subject not encoded as RFC 2047 words: %q", raw)
			}
			if p.Text != text {
				t.Errorf("text body:\n%s\nwant:\n%s", p.Text, text)
			}
			if p.HTML != tt.html {
				t.Errorf("HTML body %q, want %q", p.HTML, tt.html)
			}
			from, err := p.Header.AddressList("From")
			if err != nil || len(from) != 1 || from[0].Name != "青石县委巡察办" || from[0].Address != "xcb@example.org" {
				t.Errorf("From %v (%v)", from, err)
			}
			to, err := p.Header.AddressList("To")
			if err != nil || len(to) != 1 || to[0].Name != "张伟" || to[0].Address != tt.to {
				t.Errorf("To %v (%v)", to, err)
			}
			if date, err := p.Header.Date(); err != nil || !date.Equal(sent) {
				t.Errorf("Date %v (%v), want %v", date, err, sent)
			}
			if id := p.Header.Get("Message-ID"); !regexp.MustCompile(`^<[0-9a-z]+\.[0-9a-f]{24}@example\.org>$`).MatchString(id) {
				t.Errorf("Message-ID %q", id)
			}
			if p.Header.Get("MIME-Version") != "1.0" || p.Header.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("headers %v", p.Header)
			}
			for _, line := range strings.Split(m.Data, "\n") {
				if len(line) > 78 {
					t.Errorf("a line of %d bytes: %q", len(line), line)
				}
			}
		})
	}
}

func TestSMTPTimeout(t *testing.T) {
	// A server that accepts the connection and never greets.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			defer c.Close()
			buf := make([]byte, 1)
			c.Read(buf) //nolint:errcheck // waits until the client hangs up
		}
	}()
	s, err := notify.ParseSMTP("smtp://"+ln.Addr().String(), "xcb@example.org")
	if err != nil {
		t.Fatal(err)
	}
	s.Timeout = 100 * time.Millisecond
	err = s.Send(context.Background(), &notify.Message{To: "a@example.org", Subject: "提醒", Text: "正文"})
	if err == nil || !strings.Contains(err.Error(), "timeout") {
		t.Fatalf("error %v, want a timeout", err)
	}
}

func TestParseSMTP(t *testing.T) {
	tests := []struct {
		url, from string
		addr      string
		user      string
		implicit  bool
		wantErr   bool
	}{
		{url: "smtp://mail.example.org", from: "a@example.org", addr: "mail.example.org:587"},
		{url: "smtp://u%40x:p%3Aw@mail.example.org:25", from: "a@example.org", addr: "mail.example.org:25", user: "u@x"},
		{url: "smtps://mail.example.org", from: "巡察办 <a@example.org>", addr: "mail.example.org:465", implicit: true},
		{url: "http://mail.example.org", from: "a@example.org", wantErr: true},
		{url: "smtp://", from: "a@example.org", wantErr: true},
		{url: "smtp://mail.example.org", from: "not an address", wantErr: true},
		{url: "smtp://u:hunter2@mail.example.org:port", from: "a@example.org", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			s, err := notify.ParseSMTP(tt.url, tt.from)
			if tt.wantErr {
				if err == nil || strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("error %v for %s", err, tt.url)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Addr != tt.addr || s.Username != tt.user || s.ImplicitTLS != tt.implicit {
				t.Errorf("got %s %q %v", s.Addr, s.Username, s.ImplicitTLS)
			}
			if tt.user != "" && s.Password != "p:w" {
				t.Errorf("password %q", s.Password)
			}
			want, _ := mail.ParseAddress(tt.from)
			if s.From != *want {
				t.Errorf("from %v", s.From)
			}
		})
	}
}
