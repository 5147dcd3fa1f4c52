package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// MaxMarkdownBytes is the most a robot's markdown may hold: WeCom documents
// 4096 bytes of UTF-8 for a markdown message; DingTalk documents no limit,
// so the same budget is kept for both. Longer text is cut at a line end
// with a note.
const MaxMarkdownBytes = 4096

// DingTalk posts to a DingTalk group through a custom robot (钉钉自定义机器人).
//
// As DingTalk documents it: a message is an HTTP POST of JSON in UTF-8 to
// the robot's webhook, https://oapi.dingtalk.com/robot/send?access_token=…;
// a markdown message is
//
//	{"msgtype": "markdown",
//	 "markdown": {"title": "…", "text": "…"},
//	 "at": {"atMobiles": ["138…"], "isAtAll": false}}
//
// where the title shows in the conversation list and a mentioned member's
// number must also appear in the text as "@138…". A robot whose security
// setting is signing (加签) needs two more query parameters: timestamp, the
// current time in milliseconds (within an hour of DingTalk's clock), and
// sign, the HMAC-SHA256 of timestamp+"\n"+secret keyed with the secret (the
// "SEC…" string), Base64-encoded, then URL-encoded. The reply is JSON whose
// errcode is 0 on success (errmsg says why otherwise). A robot may send 20
// messages a minute; more are refused for ten minutes.
type DingTalk struct {
	// Webhook is the robot's URL, with its access_token.
	Webhook string
	// Secret, when set, signs each request.
	Secret string
	// Client makes the requests; nil uses one with a 10-second timeout.
	Client *http.Client
	// Now is the clock of the signature; time.Now when nil.
	Now func() time.Time
}

// DingTalkSign returns the signature of a request at timestamp (in
// milliseconds) with secret: Base64 of HMAC-SHA256(secret,
// timestamp+"\n"+secret), before URL encoding.
func DingTalkSign(timestamp int64, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

type dingTalkMarkdown struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Title string `json:"title"`
		Text  string `json:"text"`
	} `json:"markdown"`
	At struct {
		AtMobiles []string `json:"atMobiles,omitempty"`
		IsAtAll   bool     `json:"isAtAll"`
	} `json:"at"`
}

// Send posts m's Subject and Markdown as a markdown message mentioning
// m.AtMobiles. It returns an error when the request fails, times out, or
// DingTalk answers anything but errcode 0.
func (d *DingTalk) Send(ctx context.Context, m *Message) error {
	target := d.Webhook
	if d.Secret != "" {
		now := time.Now
		if d.Now != nil {
			now = d.Now
		}
		ts := now().UnixMilli()
		sep := "&"
		if !strings.Contains(target, "?") {
			sep = "?"
		}
		target += sep + "timestamp=" + strconv.FormatInt(ts, 10) + "&sign=" + url.QueryEscape(DingTalkSign(ts, d.Secret))
	}
	var msg dingTalkMarkdown
	msg.MsgType = "markdown"
	msg.Markdown.Title = oneLine(m.Subject)
	msg.Markdown.Text = truncateBytes(m.Markdown, MaxMarkdownBytes)
	msg.At.AtMobiles = m.AtMobiles
	if err := postJSON(ctx, d.Client, target, msg); err != nil {
		return fmt.Errorf("notify: dingtalk: %w", err)
	}
	return nil
}

// WeCom posts to a WeCom group through its robot (企业微信群机器人).
//
// As WeCom documents it: a message is an HTTP POST of JSON in UTF-8 to the
// robot's webhook, https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…;
// a markdown message is
//
//	{"msgtype": "markdown", "markdown": {"content": "…"}}
//
// with at most 4096 bytes of content, in a subset of Markdown (headings,
// bold, links, quotes, <font color="info|comment|warning">). Members are
// mentioned in markdown only by user ID (<@userid>), which rectify does not
// know, so nobody is. The reply is JSON whose errcode is 0 on success. A
// robot may send 20 messages a minute.
type WeCom struct {
	// Webhook is the robot's URL, with its key.
	Webhook string
	// Client makes the requests; nil uses one with a 10-second timeout.
	Client *http.Client
}

type weComMarkdown struct {
	MsgType  string `json:"msgtype"`
	Markdown struct {
		Content string `json:"content"`
	} `json:"markdown"`
}

// Send posts m's Markdown as a markdown message. It returns an error when
// the request fails, times out, or WeCom answers anything but errcode 0.
func (w *WeCom) Send(ctx context.Context, m *Message) error {
	var msg weComMarkdown
	msg.MsgType = "markdown"
	msg.Markdown.Content = truncateBytes(m.Markdown, MaxMarkdownBytes)
	if err := postJSON(ctx, w.Client, w.Webhook, msg); err != nil {
		return fmt.Errorf("notify: wecom: %w", err)
	}
	return nil
}

// robotReply is the answer both robots give.
type robotReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// checkReply returns nil when the body of a robot's reply says errcode 0,
// an error naming the code and message otherwise.
func checkReply(body []byte) error {
	var r robotReply
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("reply is not JSON: %.200q", body)
	}
	if r.ErrCode == nil {
		return fmt.Errorf("reply without errcode: %.200q", body)
	}
	if *r.ErrCode != 0 {
		return fmt.Errorf("errcode %d: %s", *r.ErrCode, r.ErrMsg)
	}
	return nil
}

// postJSON posts v as JSON to target and checks the reply.
func postJSON(ctx context.Context, client *http.Client, target string, v any) error {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	var body bytes.Buffer
	enc := json.NewEncoder(&body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, &body)
	if err != nil {
		return errors.New("bad webhook URL") // the URL holds a credential: not in logs
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL and its credential
		}
		return err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %s: %.200q", resp.Status, reply)
	}
	return checkReply(reply)
}
