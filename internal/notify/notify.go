// Package notify delivers messages: mail over SMTP (SMTP) and the group
// robots of DingTalk (DingTalk, 钉钉自定义机器人) and WeCom (WeCom, 企业微信群
// 机器人) through their JSON webhooks. Every sender takes a context, bounds
// its conversation with a timeout and tries once: retrying is for the
// caller, who records the outcome (see the reminders of internal/jobs).
package notify

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Message is one message to one recipient: a person's mailbox, or the
// group a robot posts to.
type Message struct {
	// To is the mail address of the recipient and ToName their name (mail
	// only; a robot posts to its own group).
	To     string
	ToName string
	// Subject is the mail's subject and the title of a DingTalk message.
	Subject string
	// Text is the plain-text body of a mail; HTML, when set, its HTML
	// alternative.
	Text string
	HTML string
	// Markdown is the body of a robot's message.
	Markdown string
	// AtMobiles are the mobile numbers of group members a DingTalk message
	// mentions (@); their numbers must appear in Markdown as "@number".
	AtMobiles []string
}

// Sender delivers a message. Send returns an error when the message was
// not accepted; it may then have been delivered or not.
type Sender interface {
	Send(ctx context.Context, m *Message) error
}

// Check that the senders implement Sender.
var (
	_ Sender = (*SMTP)(nil)
	_ Sender = (*DingTalk)(nil)
	_ Sender = (*WeCom)(nil)
)

// truncateBytes cuts s to at most n bytes at a line end (or a rune
// boundary), adding a note that it was cut.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const note = "\n\n……（内容过长，其余从略，请登录系统查看）"
	cut := n - len(note)
	if cut < 0 {
		cut = 0
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], '\n'); i > cut/2 {
		cut = i
	}
	return s[:cut] + note
}
