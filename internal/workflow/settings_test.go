package workflow_test

import (
	"context"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// A setting stored on a unit holds for its subtree; the nearest wins; the
// system's holds where no unit sets one; the defaults where nothing does.
func TestSettingsInherit(t *testing.T) {
	w := newWorld(t)
	admin := as(w.admin)
	ctx := rectify.AsSystem(context.Background())
	get := func(u *rectify.Unit) workflow.Settings {
		t.Helper()
		path := ""
		if u != nil {
			path = u.Path
		}
		s, err := w.svc.Settings(ctx, path)
		ok(t, err)
		return s
	}
	if got := get(w.station); got != workflow.DefaultSettings() || got.WarnDays != 3 || got.RecheckMonths != 6 {
		t.Errorf("defaults: %+v", got)
	}
	ok(t, w.svc.SetSetting(admin, 0, workflow.SettingWarnDays, "4"))
	ok(t, w.svc.SetSetting(admin, w.root.ID, workflow.SettingWarnDays, "5"))
	ok(t, w.svc.SetSetting(admin, w.station.ID, workflow.SettingWarnDays, " 2 "))
	ok(t, w.svc.SetSetting(admin, w.water.ID, workflow.SettingRecheckMonths, "12"))
	for _, c := range []struct {
		name    string
		unit    *rectify.Unit
		warn    int
		recheck int
	}{
		{"the system", nil, 4, 6},
		{"the county", w.root, 5, 6},
		{"the water bureau inherits the county's warning", w.water, 5, 12},
		{"the station's own warning, the bureau's look-back", w.station, 2, 12},
		{"the transport bureau", w.transport, 5, 6},
	} {
		if got := get(c.unit); got.WarnDays != c.warn || got.RecheckMonths != c.recheck || got.EscalationDays != 7 {
			t.Errorf("%s: %+v, want warn %d, recheck %d", c.name, got, c.warn, c.recheck)
		}
	}
	ok(t, w.svc.SetSetting(admin, w.station.ID, workflow.SettingWarnDays, ""))
	if got := get(w.station); got.WarnDays != 5 {
		t.Errorf("after clearing the station's: %d", got.WarnDays)
	}
	cache := w.svc.NewSettingsCache()
	for range 2 {
		got, err := cache.For(ctx, w.water.Path)
		ok(t, err)
		if got.WarnDays != 5 || got.RecheckMonths != 12 {
			t.Errorf("cached: %+v", got)
		}
	}
	for _, c := range []struct {
		name        string
		user        *rectify.User
		unit        int64
		key, value  string
		code, words string
	}{
		{"a reviewer", w.reviewer, w.water.ID, workflow.SettingWarnDays, "5", rectify.EFORBIDDEN, "只有巡察办管理员"},
		{"an editor", w.waterEditor, w.water.ID, workflow.SettingWarnDays, "5", rectify.EFORBIDDEN, ""},
		{"a scoped admin on the system", &rectify.User{ID: 9, Name: "局管理员", Role: rectify.RoleAdmin, UnitID: w.water.ID, ScopePath: w.water.Path},
			0, workflow.SettingWarnDays, "5", rectify.EFORBIDDEN, "默认设置"},
		{"a scoped admin elsewhere", &rectify.User{ID: 9, Name: "局管理员", Role: rectify.RoleAdmin, UnitID: w.water.ID, ScopePath: w.water.Path},
			w.transport.ID, workflow.SettingWarnDays, "5", rectify.EFORBIDDEN, "无权处理"},
		{"not a number", w.admin, w.water.ID, workflow.SettingWarnDays, "三", rectify.EINVALID, "黄灯预警提前天数应为 0 到 60 之间的整数"},
		{"out of range", w.admin, w.water.ID, workflow.SettingRecheckMonths, "0", rectify.EINVALID, "回头看间隔月数"},
		{"unknown", w.admin, w.water.ID, "colour", "red", rectify.EINVALID, "未知的设置项"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantErr(t, w.svc.SetSetting(as(c.user), c.unit, c.key, c.value), c.code, c.words)
		})
	}
}

// Lights as of any day, past or future, with the office's warning window.
func TestLightsAsOf(t *testing.T) {
	p := &rectify.Problem{Due: d("2024-03-15"), History: []rectify.StatusChange{
		{Status: rectify.StatusInProgress, Date: d("2024-01-05")},
		{Status: rectify.StatusLongTerm, Class: "I", Date: d("2024-03-20"), NextMilestone: d("2024-06-30")},
		{Status: rectify.StatusCompleted, Date: d("2024-07-15")},
	}}
	m := &rectify.Measure{Due: d("2024-03-15"), Done: d("2024-03-14")}
	three, five := workflow.DefaultSettings(), workflow.Settings{WarnDays: 5, RecheckMonths: 6, EscalationDays: 10}
	tests := []struct {
		asOf    string
		set     workflow.Settings
		light   rectify.Light
		measure rectify.Light
	}{
		{"2024-01-01", three, rectify.LightGreen, rectify.LightGreen}, // before any status: not started, far from due
		{"2024-03-01", three, rectify.LightGreen, rectify.LightGreen},
		{"2024-03-10", three, rectify.LightGreen, rectify.LightGreen},   // five days left
		{"2024-03-10", five, rectify.LightYellow, rectify.LightYellow},  // within the office's five
		{"2024-03-12", three, rectify.LightYellow, rectify.LightYellow}, // three days left
		{"2024-03-15", three, rectify.LightYellow, rectify.LightNone},   // due today; the measure is done
		{"2024-03-16", three, rectify.LightRed, rectify.LightNone},      // overdue
		{"2024-04-01", three, rectify.LightBlue, rectify.LightNone},     // long-term, milestone ahead
		{"2024-06-28", three, rectify.LightYellow, rectify.LightNone},   // milestone near
		{"2024-07-05", three, rectify.LightRed, rectify.LightNone},      // milestone passed
		{"2024-07-15", three, rectify.LightNone, rectify.LightNone},     // completed
		{"2030-01-01", three, rectify.LightNone, rectify.LightNone},     // far future
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			if got := tt.set.Light(p, d(tt.asOf)); got != tt.light {
				t.Errorf("problem light %s, want %s", got, tt.light)
			}
			if got := tt.set.MeasureLight(m, d(tt.asOf)); got != tt.measure {
				t.Errorf("measure light %s, want %s", got, tt.measure)
			}
		})
	}
	open := &rectify.Problem{Due: d("2024-03-15"), History: []rectify.StatusChange{{Status: rectify.StatusInProgress, Date: d("2024-01-05")}}}
	for _, c := range []struct {
		asOf     string
		days     int
		escalate bool
	}{{"2024-03-15", 0, false}, {"2024-03-20", 5, false}, {"2024-03-25", 10, true}, {"2025-03-15", 365, true}} {
		days, esc := five.Overdue(open, d(c.asOf))
		if days != c.days || esc != c.escalate {
			t.Errorf("overdue on %s: %d days, escalate %v; want %d, %v", c.asOf, days, esc, c.days, c.escalate)
		}
	}
}

func TestSetRobotSettings(t *testing.T) {
	w := newWorld(t)
	ctx := as(w.admin)
	tests := []struct {
		name, setting, value string
		ok                   bool
	}{
		{"a DingTalk robot", workflow.SettingDingTalkWebhook, "https://oapi.dingtalk.com/robot/send?access_token=abc123", true},
		{"off stops the parent's robot", workflow.SettingDingTalkWebhook, "off", true},
		{"empty inherits again", workflow.SettingDingTalkWebhook, "", true},
		{"any other host is refused", workflow.SettingDingTalkWebhook, "https://example.org/robot/send?access_token=abc", false},
		{"plain http is refused", workflow.SettingDingTalkWebhook, "http://oapi.dingtalk.com/robot/send?access_token=abc", false},
		{"no token", workflow.SettingDingTalkWebhook, "https://oapi.dingtalk.com/robot/send", false},
		{"a WeCom robot", workflow.SettingWeComWebhook, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1", true},
		{"a WeCom robot on another path", workflow.SettingWeComWebhook, "https://qyapi.weixin.qq.com/cgi-bin/message/send?key=k-1", false},
		{"a signing secret", workflow.SettingDingTalkSecret, "SEC0123456789abcdef", true},
		{"a secret that is not one", workflow.SettingDingTalkSecret, "password", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := w.svc.SetSetting(ctx, w.water.ID, tt.setting, tt.value)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok {
				if rectify.ErrorCode(err) != rectify.EINVALID || rectify.ErrorFields(err)[tt.setting] == "" {
					t.Fatalf("error %v, want a message on %s", err, tt.setting)
				}
			}
		})
	}
	if err := w.svc.SetSetting(as(w.waterEditor), w.water.ID, workflow.SettingWeComWebhook,
		"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-2"); rectify.ErrorCode(err) != rectify.EFORBIDDEN {
		t.Errorf("an editor set a robot: %v", err)
	}
}

// The problem list reads the warning windows from the few units that set
// one (SubtreeWindows, store.WindowAt); every unit must get the window
// that ResolveSettings gives it from its whole chain, whatever the top of
// the list.
func TestSubtreeWindowsAgreeWithSettings(t *testing.T) {
	ctx := rectify.AsSystem(context.Background())
	for _, c := range []struct {
		name     string
		settings map[*rectify.Unit]string // nil: the system's
	}{
		{"none", nil},
		{"the system's only", map[*rectify.Unit]string{nil: "4"}},
		{"nested", map[*rectify.Unit]string{nil: "4", rootUnit: "5", stationUnit: "2"}},
		{"a child back to the default", map[*rectify.Unit]string{waterUnit: "9", stationUnit: "3"}},
		{"a value out of range is ignored", map[*rectify.Unit]string{rootUnit: "6", waterUnit: "99", stationUnit: "1"}},
		{"siblings", map[*rectify.Unit]string{waterUnit: "0", transportUnit: "60"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			units := map[*rectify.Unit]*rectify.Unit{rootUnit: w.root, waterUnit: w.water, stationUnit: w.station, transportUnit: w.transport}
			for u, v := range c.settings {
				var id int64
				if u != nil {
					id = units[u].ID
				}
				// Stored directly: an out-of-range value is one the
				// workflow refuses but an old record may hold.
				ok(t, w.s.SetSetting(ctx, id, workflow.SettingWarnDays, v))
			}
			for _, top := range []string{"", w.root.Path, w.water.Path, w.station.Path, w.transport.Path} {
				def, windows, err := workflow.SubtreeWindows(ctx, w.s, top)
				ok(t, err)
				if want, err := w.svc.Settings(ctx, top); err != nil || def != want.WarnDays {
					t.Errorf("top %q: window %d, settings say %d (%v)", top, def, want.WarnDays, err)
				}
				for _, u := range units {
					if top != "" && !strings.HasPrefix(u.Path, top) {
						continue
					}
					want, err := w.svc.Settings(ctx, u.Path)
					ok(t, err)
					if got := store.WindowAt(windows, u.Path, def); got != want.WarnDays {
						t.Errorf("top %q: %s gets %d days (windows %v), settings say %d", top, u.Name, got, windows, want.WarnDays)
					}
				}
			}
		})
	}
}

// Keys of the world's units in the table above, before a world exists.
var rootUnit, waterUnit, stationUnit, transportUnit = &rectify.Unit{}, &rectify.Unit{}, &rectify.Unit{}, &rectify.Unit{}
