package notify_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rectify-dev/rectify/internal/notify"
	"github.com/rectify-dev/rectify/internal/notify/notifytest"
)

const digest = "#### 巡察整改提醒：1项即将到期，1项已逾期\n\n" +
	"- 🔴 [问题3 河道采砂整治推进迟缓](https://rectify.example.org/problems/3)，已逾期10天 @13800001111\n" +
	"- 🟡 [问题5 “一河一策”未更新](https://rectify.example.org/problems/5)，还剩2天\n"

func TestDingTalk(t *testing.T) {
	at := time.Date(2024, 3, 1, 8, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		secret  string
		mobiles []string
		wantAt  map[string]any
	}{
		{name: "unsigned, nobody mentioned", wantAt: map[string]any{"isAtAll": false}},
		{name: "signed, mentioning a member", secret: "SEC0123456789abcdef+/=", mobiles: []string{"13800001111"},
			wantAt: map[string]any{"atMobiles": []any{"13800001111"}, "isAtAll": false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := notifytest.NewRobotServer(t)
			d := &notify.DingTalk{Webhook: srv.URL + "/robot/send?access_token=abc123", Secret: tt.secret,
				Now: func() time.Time { return at }}
			err := d.Send(context.Background(), &notify.Message{Subject: "巡察整改提醒：1项即将到期，1项已逾期",
				Markdown: digest, AtMobiles: tt.mobiles})
			if err != nil {
				t.Fatal(err)
			}
			posts := srv.Posts()
			if len(posts) != 1 {
				t.Fatalf("%d posts, want 1", len(posts))
			}
			p := posts[0]
			want := map[string]any{
				"msgtype":  "markdown",
				"markdown": map[string]any{"title": "巡察整改提醒：1项即将到期，1项已逾期", "text": digest},
				"at":       tt.wantAt,
			}
			if !reflect.DeepEqual(p.JSON, want) {
				t.Errorf("payload %s\nwant %v", p.Body, want)
			}
			if p.Path != "/robot/send" || p.Query.Get("access_token") != "abc123" ||
				!strings.HasPrefix(p.ContentType, "application/json") || !strings.Contains(p.ContentType, "utf-8") {
				t.Errorf("request %s?%s (%s)", p.Path, p.Query.Encode(), p.ContentType)
			}
			if tt.secret == "" {
				if p.Query.Has("timestamp") || p.Query.Has("sign") {
					t.Errorf("an unsigned robot got %s", p.Query.Encode())
				}
				return
			}
			// The signature as DingTalk documents it, computed here anew.
			ts := strconv.FormatInt(at.UnixMilli(), 10)
			mac := hmac.New(sha256.New, []byte(tt.secret))
			mac.Write([]byte(ts + "\n" + tt.secret))
			sign := base64.StdEncoding.EncodeToString(mac.Sum(nil))
			if p.Query.Get("timestamp") != ts || p.Query.Get("sign") != sign {
				t.Errorf("timestamp %s sign %s, want %s %s", p.Query.Get("timestamp"), p.Query.Get("sign"), ts, sign)
			}
			if got := notify.DingTalkSign(at.UnixMilli(), tt.secret); got != sign {
				t.Errorf("DingTalkSign %s, want %s", got, sign)
			}
		})
	}
}

func TestWeCom(t *testing.T) {
	srv := notifytest.NewRobotServer(t)
	w := &notify.WeCom{Webhook: srv.URL + "/cgi-bin/webhook/send?key=693a91f6-7xxx"}
	if err := w.Send(context.Background(), &notify.Message{Subject: "不发送", Markdown: digest,
		AtMobiles: []string{"13800001111"}}); err != nil {
		t.Fatal(err)
	}
	posts := srv.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts, want 1", len(posts))
	}
	want := map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": digest}}
	if !reflect.DeepEqual(posts[0].JSON, want) {
		t.Errorf("payload %s\nwant %v", posts[0].Body, want)
	}
	if posts[0].Path != "/cgi-bin/webhook/send" || posts[0].Query.Get("key") != "693a91f6-7xxx" {
		t.Errorf("request %s?%s", posts[0].Path, posts[0].Query.Encode())
	}
}

func TestRobotLimits(t *testing.T) {
	srv := notifytest.NewRobotServer(t)
	long := strings.Repeat("- 🔴 [问题3 河道采砂整治推进迟缓](https://rectify.example.org/problems/3)，已逾期10天\n", 100)
	w := &notify.WeCom{Webhook: srv.URL + "/send?key=k"}
	if err := w.Send(context.Background(), &notify.Message{Markdown: long}); err != nil {
		t.Fatal(err)
	}
	content := srv.Posts()[0].JSON["markdown"].(map[string]any)["content"].(string)
	if len(content) > notify.MaxMarkdownBytes || !strings.HasSuffix(content, "请登录系统查看）") ||
		!strings.HasPrefix(long, strings.SplitAfter(content, "\n\n……")[0][:100]) {
		t.Errorf("%d bytes, ending %q", len(content), content[max(0, len(content)-80):])
	}
}

func TestRobotErrors(t *testing.T) {
	srv := notifytest.NewRobotServer(t)
	failing := http.NewServeMux()
	failing.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
	failing.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) })
	failing.HandleFunc("/noerrcode", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"ok":true}`)) })
	other := &http.Server{Handler: failing}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go other.Serve(ln) //nolint:errcheck // ends with Close
	t.Cleanup(func() { other.Close() })
	base := "http://" + ln.Addr().String()

	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + closed.Addr().String() + "/robot/send?access_token=topsecret"
	closed.Close()

	srv.Fail("/robot/send", 1)
	tests := []struct {
		name    string
		sender  notify.Sender
		wantErr string
	}{
		{"errcode not 0", &notify.DingTalk{Webhook: srv.URL + "/robot/send?access_token=a"}, "errcode 410100: send too fast"},
		{"HTTP 500", &notify.WeCom{Webhook: base + "/500?key=a"}, "HTTP 500"},
		{"not JSON", &notify.WeCom{Webhook: base + "/html?key=a"}, "not JSON"},
		{"no errcode", &notify.DingTalk{Webhook: base + "/noerrcode?access_token=a"}, "without errcode"},
		{"refused, without the token in the error", &notify.DingTalk{Webhook: refused}, "refused"},
		{"a timeout", &notify.WeCom{Webhook: srv.URL + "/send?key=a", Client: &http.Client{Timeout: time.Nanosecond}}, "Timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sender.Send(context.Background(), &notify.Message{Subject: "提醒", Markdown: "正文"})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "topsecret") {
				t.Errorf("the error shows the webhook's token: %v", err)
			}
		})
	}
	if _, err := url.Parse(refused); err != nil {
		t.Fatal(err)
	}
}
