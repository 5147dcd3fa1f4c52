package jobs

import (
	"strings"

	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// The settings of an office that name its group robots, stored like the
// other settings of a unit (store.SetSetting) and inherited down the tree.
// The workflow owns their names and checks their values.
const (
	SettingDingTalkWebhook = workflow.SettingDingTalkWebhook
	SettingDingTalkSecret  = workflow.SettingDingTalkSecret
	SettingWeComWebhook    = workflow.SettingWeComWebhook
)

// RobotOff, as a unit's webhook, stops the robot of an ancestor from
// reaching the unit's subtree.
const RobotOff = workflow.RobotOff

// The channels a reminder goes by.
const (
	ChannelMail     = "mail"
	ChannelDingTalk = "dingtalk"
	ChannelWeCom    = "wecom"
)

// Robot is a group robot that a unit's digests go to.
type Robot struct {
	Channel string // ChannelDingTalk or ChannelWeCom
	Webhook string
	Secret  string // DingTalk's signing secret, "" when it does not sign
	UnitID  int64  // the unit whose setting it is (0: the system's)
}

// RobotsFor returns the group robots of the unit at path, given the
// settings stored on it and its ancestors (see UnitChain): for each
// channel, the webhook set on the unit nearest to it, DingTalk's secret
// taken from the same unit as its webhook; none for a channel whose
// nearest webhook is RobotOff or not an http(s) URL.
func RobotsFor(path string, stored []store.Setting) []Robot {
	chain := workflow.UnitChain(path)
	depth := make(map[int64]int, len(chain))
	for i, id := range chain {
		depth[id] = i
	}
	type found struct {
		depth int
		value string
	}
	nearest := map[string]found{}
	secrets := map[int64]string{}
	for _, st := range stored {
		d, ok := depth[st.UnitID]
		if !ok {
			continue
		}
		switch st.Name {
		case SettingDingTalkSecret:
			secrets[st.UnitID] = strings.TrimSpace(st.Value)
		case SettingDingTalkWebhook, SettingWeComWebhook:
			if f, seen := nearest[st.Name]; !seen || d > f.depth {
				nearest[st.Name] = found{d, strings.TrimSpace(st.Value)}
			}
		}
	}
	var out []Robot
	for _, c := range []struct{ setting, channel string }{
		{SettingDingTalkWebhook, ChannelDingTalk},
		{SettingWeComWebhook, ChannelWeCom},
	} {
		f, ok := nearest[c.setting]
		if !ok || !(strings.HasPrefix(f.value, "https://") || strings.HasPrefix(f.value, "http://")) {
			continue
		}
		rb := Robot{Channel: c.channel, Webhook: f.value, UnitID: chain[f.depth]}
		if c.channel == ChannelDingTalk {
			rb.Secret = secrets[rb.UnitID]
		}
		out = append(out, rb)
	}
	return out
}
