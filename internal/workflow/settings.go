package workflow

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// The names of the settings of an office, as stored.
const (
	SettingWarnDays       = "warn_days"         // 黄灯预警提前天数
	SettingRecheckMonths  = "recheck_months"    // 销号后回头看间隔（月）
	SettingEscalationDays = "escalation_days"   // 逾期多少天升级督办
	SettingEvidenceQuota  = "evidence_quota_mb" // 单位证明材料容量上限（MB）

	// The group robots the reminders go to (the jobs read them).
	SettingDingTalkWebhook = "dingtalk_webhook" // https://oapi.dingtalk.com/robot/send?access_token=…
	SettingDingTalkSecret  = "dingtalk_secret"  // SEC…, when the robot signs (加签)
	SettingWeComWebhook    = "wecom_webhook"    // https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…

	// The request (督办要求) printed on every supervision order of the
	// unit's subtree.
	SettingSupervisionRequest = "supervision_request"

	// RobotOff, as a unit's webhook, stops an ancestor's robot from
	// reaching the unit's subtree.
	RobotOff = "off"
)

// robotSettings are the text settings and how to check a value.
var robotSettings = map[string]func(string) string{
	SettingDingTalkWebhook: func(v string) string {
		return checkWebhook(v, "oapi.dingtalk.com", "/robot/send", "access_token", "钉钉群机器人地址")
	},
	SettingWeComWebhook: func(v string) string {
		return checkWebhook(v, "qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key", "企业微信群机器人地址")
	},
	SettingSupervisionRequest: func(v string) string {
		if utf8.RuneCountInString(v) > 500 || strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\n' }) {
			return "督办要求不能超过500个字"
		}
		return ""
	},
	SettingDingTalkSecret: func(v string) string {
		if !strings.HasPrefix(v, "SEC") || len(v) > 200 || strings.ContainsAny(v, " \t\r\n") {
			return "钉钉加签密钥应以 SEC 开头（在机器人安全设置中复制）"
		}
		return ""
	},
}

// checkWebhook returns why v is not a webhook of the documented host, path
// and token parameter, or "". The server posts reminders to it: only the
// robots' own addresses are accepted, never an arbitrary one.
func checkWebhook(v, host, path, token, label string) string {
	if v == RobotOff {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "https" || u.Host != host || u.Path != path || u.Query().Get(token) == "" || u.User != nil || u.Fragment != "" {
		return label + "应为 https://" + host + path + "?" + token + "=… 形式（填 off 则不向上级单位的群发送）"
	}
	return ""
}

// Settings are an office's settings: those stored on a unit apply to its
// subtree, a unit's own overriding its ancestors', the system's (unit 0)
// applying where no unit sets one, the defaults where nothing does.
type Settings struct {
	// WarnDays: the light turns yellow this many days before a deadline.
	WarnDays int `json:"warn_days"`
	// RecheckMonths: a completed problem is looked back at this many
	// months after its sign-off.
	RecheckMonths int `json:"recheck_months"`
	// EscalationDays: an item overdue this many days is escalated to the
	// level above (for the reminders).
	EscalationDays int `json:"escalation_days"`
	// EvidenceQuotaMB: the evidence files of a unit's problems may take
	// this many megabytes in all, so that one account cannot fill the
	// server's disk.
	EvidenceQuotaMB int `json:"evidence_quota_mb"`
}

// DefaultSettings returns the settings where no office sets any.
func DefaultSettings() Settings {
	return Settings{WarnDays: rectify.DefaultWarnDays, RecheckMonths: 6, EscalationDays: 7, EvidenceQuotaMB: 20 << 10}
}

// settingRange is the allowed range of each setting.
var settingRange = map[string][2]int{
	SettingWarnDays:       {0, 60},
	SettingRecheckMonths:  {1, 36},
	SettingEscalationDays: {1, 365},
	SettingEvidenceQuota:  {1, 10_000_000},
}

var settingLabels = map[string]string{
	SettingWarnDays:       "黄灯预警提前天数",
	SettingRecheckMonths:  "回头看间隔月数",
	SettingEscalationDays: "逾期升级督办天数",
	SettingEvidenceQuota:  "证明材料容量上限（MB）",
}

// UnitChain returns 0 (the system) and the IDs of the units on path from
// the root down, whose settings decide what applies on the unit at path
// ("/1/4/9/" gives 0, 1, 4, 9).
func UnitChain(path string) []int64 {
	return append([]int64{0}, rectify.PathIDs(path)...)
}

// ResolveSettings returns the settings in force on the unit at path given
// the settings stored on it and its ancestors: the nearest one's wins.
// Stored values that do not parse or lie out of range are ignored.
func ResolveSettings(path string, stored []store.Setting) Settings {
	chain := UnitChain(path)
	depth := make(map[int64]int, len(chain))
	for i, id := range chain {
		depth[id] = i
	}
	out := DefaultSettings()
	best := map[string]int{}
	for _, st := range stored {
		d, ok := depth[st.UnitID]
		if !ok {
			continue
		}
		if prev, seen := best[st.Name]; seen && prev > d {
			continue
		}
		n, ok := settingValue(st)
		if !ok {
			continue
		}
		best[st.Name] = d
		switch st.Name {
		case SettingWarnDays:
			out.WarnDays = n
		case SettingRecheckMonths:
			out.RecheckMonths = n
		case SettingEscalationDays:
			out.EscalationDays = n
		case SettingEvidenceQuota:
			out.EvidenceQuotaMB = n
		}
	}
	return out
}

// settingValue returns the value of a stored setting and whether it
// counts: a whole number in the setting's range (others are ignored, as if
// not stored).
func settingValue(st store.Setting) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(st.Value))
	r, known := settingRange[st.Name]
	if err != nil || !known || n < r[0] || n > r[1] {
		return 0, false
	}
	return n, true
}

// Settings returns the settings in force on the unit at unitPath ("" for
// the system's). It needs no user: jobs call it too.
func (s *Service) Settings(ctx context.Context, unitPath string) (Settings, error) {
	stored, err := s.Store.Settings(ctx, UnitChain(unitPath))
	if err != nil {
		return Settings{}, wrap("settings", err)
	}
	return ResolveSettings(unitPath, stored), nil
}

// settingsIn returns the settings in force on the problem's unit, read in tx.
func (s *Service) settingsIn(ctx context.Context, tx *store.Tx, problemID int64) (Settings, error) {
	unit, err := tx.ProblemUnit(ctx, problemID)
	if err != nil {
		return Settings{}, err
	}
	stored, err := tx.Settings(ctx, UnitChain(unit.Path))
	if err != nil {
		return Settings{}, err
	}
	return ResolveSettings(unit.Path, stored), nil
}

// SetSetting stores the setting name (SettingWarnDays, …) of the unit with
// unitID as value: a whole number in the setting's range, or for a robot the
// webhook of the documented host (or RobotOff) and DingTalk's SEC… secret;
// an empty value
// removes it, so that the unit inherits again. unitID 0 sets the system's
// default. Only administrators may, on a unit in their scope (the system's:
// those of every unit). It returns EFORBIDDEN, ENOTFOUND, or EINVALID for
// an unknown name or a bad value.
func (s *Service) SetSetting(ctx context.Context, unitID int64, name, value string) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("set setting", err)
	}
	if u.Role != rectify.RoleAdmin {
		return wrap("set setting", rectify.Errorf(rectify.EFORBIDDEN, "只有巡察办管理员才能修改设置"))
	}
	if unitID == 0 {
		if u.UnitID != 0 {
			return wrap("set setting", rectify.Errorf(rectify.EFORBIDDEN, "只有全市（县）管理员才能修改默认设置"))
		}
	} else {
		unit, err := s.Store.GetUnit(ctx, unitID)
		if err != nil {
			return wrap("set setting", err)
		}
		if err := inScope(u, unit); err != nil {
			return wrap("set setting", err)
		}
	}
	value = strings.TrimSpace(value)
	if check, ok := robotSettings[name]; ok {
		if value != "" {
			if why := check(value); why != "" {
				var v rectify.Invalid
				v.Add(name, why)
				return wrap("set setting", v.Err())
			}
		}
		return wrap("set setting", s.Store.SetSetting(ctx, unitID, name, value))
	}
	r, known := settingRange[name]
	if !known {
		return wrap("set setting", rectify.Errorf(rectify.EINVALID, "未知的设置项“%s”", name))
	}
	if value != "" {
		n, err := strconv.Atoi(value)
		if err != nil || n < r[0] || n > r[1] {
			var v rectify.Invalid
			v.Add(name, settingLabels[name]+"应为 "+strconv.Itoa(r[0])+" 到 "+strconv.Itoa(r[1])+" 之间的整数")
			return wrap("set setting", v.Err())
		}
		value = strconv.Itoa(n)
	}
	return wrap("set setting", s.Store.SetSetting(ctx, unitID, name, value))
}

// Light returns the deadline light of p on day asOf (红黄绿蓝灯) with the
// office's warning window: none when completed, blue for a long-term item
// whose next milestone lies ahead, yellow within WarnDays of the deadline
// or milestone, red past it, green otherwise. Any past or future day gives
// the light as it stood, or will stand, from p's history.
func (st Settings) Light(p *rectify.Problem, asOf rectify.Date) rectify.Light {
	return p.LightAsOf(asOf, st.WarnDays)
}

// MeasureLight returns the light of a measure on day asOf: none once done
// by then, else by its deadline as for a problem in progress.
func (st Settings) MeasureLight(m *rectify.Measure, asOf rectify.Date) rectify.Light {
	if m.IsDone(asOf) {
		return rectify.LightNone
	}
	return rectify.LightOf(asOf, rectify.StatusInProgress, m.Due, rectify.Date{}, st.WarnDays)
}

// Overdue reports whether p is open past its deadline (a long-term item:
// past its next milestone) by at least the office's escalation days on day
// asOf, and by how many days: what the reminders escalate.
func (st Settings) Overdue(p *rectify.Problem, asOf rectify.Date) (days int, escalate bool) {
	status, h := p.StatusAsOf(asOf)
	due := p.Due
	if status == rectify.StatusLongTerm {
		due = h.NextMilestone
	}
	if status == rectify.StatusCompleted || due.IsZero() || !due.Before(asOf) {
		return 0, false
	}
	days = due.DaysUntil(asOf)
	return days, days >= st.EscalationDays
}

// SettingsCache resolves the settings of many units, reading each unit's
// once: for a job or a list that computes lights across offices. It is not
// safe for concurrent use; make one per run.
type SettingsCache struct {
	s *Service
	m map[string]Settings
}

// NewSettingsCache returns an empty cache.
func (s *Service) NewSettingsCache() *SettingsCache {
	return &SettingsCache{s: s, m: map[string]Settings{}}
}

// For returns the settings in force on the unit at unitPath.
func (c *SettingsCache) For(ctx context.Context, unitPath string) (Settings, error) {
	if set, ok := c.m[unitPath]; ok {
		return set, nil
	}
	set, err := c.s.Settings(ctx, unitPath)
	if err != nil {
		return Settings{}, err
	}
	c.m[unitPath] = set
	return set, nil
}
