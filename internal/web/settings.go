package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/auth"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/store"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// 设置 (an office's settings, admins): what a unit sets for its subtree —
// how many days before a deadline the light turns yellow, how many months
// after sign-off a look-back falls due, after how many days overdue an
// item is escalated — each shown with the value in force and where it
// comes from (本单位设置, 继承自 临江市, 系统默认设置, 默认值). A field left
// empty inherits again. Every change goes through the workflow, which
// checks the value; a value changed by someone else since the page was
// shown is not overwritten ("已被他人修改"). The group robots of the
// reminders are shown with where they come from, their addresses masked.

func (w *Web) settingRoutes() []httpx.Route {
	return []httpx.Route{
		{Pattern: "GET /settings", Perm: auth.Admin, Handler: w.settings},
		{Pattern: "POST /settings", Perm: auth.Admin, UnitField: "unit_id", Handler: w.saveSettings},
	}
}

// settingSpec describes a setting on the page.
type settingSpec struct {
	Name, Label, Unit, Hint string
	// Editable settings are changed here through the workflow; the others
	// are shown with their source only.
	Editable bool
	Secret   bool // the value holds a credential: shown masked
}

// settingSpecs lists the settings the page shows, in order.
func settingSpecs() []settingSpec {
	return []settingSpec{
		{Name: workflow.SettingWarnDays, Label: "黄灯预警提前天数", Unit: "天", Editable: true,
			Hint: "整改时限（长期整改为下一节点）前多少天亮黄灯"},
		{Name: workflow.SettingRecheckMonths, Label: "回头看间隔", Unit: "个月", Editable: true,
			Hint: "问题销号后多少个月安排回头看"},
		{Name: workflow.SettingEscalationDays, Label: "逾期升级督办天数", Unit: "天", Editable: true,
			Hint: "逾期多少天后提醒上一级督办"},
		{Name: workflow.SettingEvidenceQuota, Label: "证明材料容量上限", Unit: "MB", Editable: true,
			Hint: "每个单位的问题可上传的证明材料合计多少 MB（默认 20480 MB，即 20 GB）；超过时上传被拒绝并说明"},
		{Name: workflow.SettingDingTalkWebhook, Label: "钉钉群机器人", Secret: true, Editable: true, Hint: "督办提醒发送到的钉钉群"},
		{Name: workflow.SettingDingTalkSecret, Label: "钉钉加签密钥", Secret: true, Editable: true},
		{Name: workflow.SettingWeComWebhook, Label: "企业微信群机器人", Secret: true, Editable: true, Hint: "督办提醒发送到的企业微信群"},
	}
}

type settingRow struct {
	settingSpec
	Own       string // stored on the unit itself, "" when it inherits (never a secret's value)
	HasOwn    bool   // the unit stores its own value
	OwnPrint  string // a fingerprint of the stored value, to notice another's change to a secret
	Effective string // in force on the unit
	Source    string // where Effective comes from
}

// fingerprint returns a short digest of a stored value: enough to tell that
// a secret changed, nothing of the secret.
func fingerprint(v string) string {
	if v == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(v))
	return hex.EncodeToString(sum[:8])
}

type settingsData struct {
	Units  []*rectify.Unit
	System bool          // the user may set the system's defaults (unit 0)
	Unit   *rectify.Unit // nil for the system
	Rows   []settingRow
	Form   *httpx.Form
}

// settings shows the settings of the unit ?unit= (the user's own unit by
// default; 0 for the system's defaults, admins of every unit only).
func (w *Web) settings(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	id := me.UnitID
	if s := r.URL.Query().Get("unit"); s != "" {
		if id, err = strconv.ParseInt(s, 10, 64); err != nil || id < 0 {
			return rectify.Errorf(rectify.ENOTFOUND, "单位“%s”不存在", s)
		}
	}
	return w.settingsPage(rw, r, http.StatusOK, id, nil)
}

// settingsOf returns the unit with id (nil for the system, 0) checked
// against me's scope, the settings stored on it and on its ancestors, and
// the names of those ancestors by ID.
func (w *Web) settingsOf(r *http.Request, me *rectify.User, id int64) (*rectify.Unit, []store.Setting, map[int64]string, error) {
	ctx := r.Context()
	var unit *rectify.Unit
	path := auth.RootPath
	if id != 0 {
		var err error
		if unit, err = w.Store.GetUnit(ctx, id); err != nil {
			return nil, nil, nil, err
		}
		path = unit.Path
	}
	if err := auth.Check(me, auth.Admin, path); err != nil {
		return nil, nil, nil, err
	}
	chain := workflow.UnitChain(path)
	stored, err := w.Store.Settings(ctx, chain)
	if err != nil {
		return nil, nil, nil, err
	}
	names := map[int64]string{}
	for _, uid := range chain[1:] {
		if uid == id {
			names[uid] = unit.Name
			continue
		}
		u, err := w.Store.GetUnit(ctx, uid)
		if err != nil {
			return nil, nil, nil, err
		}
		names[uid] = u.Name
	}
	return unit, stored, names, nil
}

func (w *Web) settingsPage(rw http.ResponseWriter, r *http.Request, status int, id int64, f *httpx.Form) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	unit, stored, names, err := w.settingsOf(r, me, id)
	if err != nil {
		return err
	}
	units, err := w.Store.ListUnits(r.Context(), me.ScopePath)
	if err != nil {
		return err
	}
	path := ""
	if unit != nil {
		path = unit.Path
	}
	data := settingsData{Units: units, System: auth.Allowed(me, auth.Admin, auth.RootPath), Unit: unit, Form: f}
	data.Rows = settingRows(path, id, stored, names)
	if data.Form == nil {
		v := url.Values{"unit_id": {strconv.FormatInt(id, 10)}}
		for _, row := range data.Rows {
			switch {
			case row.Editable && row.Secret:
				v.Set(row.Name, "") // never sent back to the browser
				v.Set("was_"+row.Name, row.OwnPrint)
			case row.Editable:
				v.Set(row.Name, row.Own)
				v.Set("was_"+row.Name, row.Own)
			}
		}
		data.Form = httpx.NewForm(v)
	}
	return w.render(rw, r, status, "settings", data)
}

// settingRows returns the rows of the page for the unit with id at path
// (0 and "" for the system) given the settings stored on it and its
// ancestors.
func settingRows(path string, id int64, stored []store.Setting, names map[int64]string) []settingRow {
	chain := workflow.UnitChain(path)
	resolved := workflow.ResolveSettings(path, stored)
	defaults := workflow.DefaultSettings()
	numbers := map[string][2]int{
		workflow.SettingWarnDays:       {resolved.WarnDays, defaults.WarnDays},
		workflow.SettingRecheckMonths:  {resolved.RecheckMonths, defaults.RecheckMonths},
		workflow.SettingEscalationDays: {resolved.EscalationDays, defaults.EscalationDays},
		workflow.SettingEvidenceQuota:  {resolved.EvidenceQuotaMB, defaults.EvidenceQuotaMB},
	}
	var rows []settingRow
	for _, spec := range settingSpecs() {
		row := settingRow{settingSpec: spec, Source: "默认值"}
		from := int64(-1)
		// The nearest unit of the chain that stores the setting.
		for i := len(chain) - 1; i >= 0 && from < 0; i-- {
			for _, st := range stored {
				if st.UnitID == chain[i] && st.Name == spec.Name && strings.TrimSpace(st.Value) != "" {
					if _, numeric := numbers[spec.Name]; numeric {
						if _, err := strconv.Atoi(strings.TrimSpace(st.Value)); err != nil {
							continue
						}
					}
					from, row.Effective = chain[i], strings.TrimSpace(st.Value)
					if chain[i] == id {
						row.Own = row.Effective
					}
				}
			}
		}
		switch {
		case from == id && id != 0:
			row.Source = "本单位设置"
		case from == 0:
			row.Source = "系统默认设置（全部单位）"
		case from > 0:
			row.Source = "继承自 " + names[from]
		}
		if n, numeric := numbers[spec.Name]; numeric {
			row.Effective = strconv.Itoa(n[0])
			if from < 0 {
				row.Effective = strconv.Itoa(n[1])
			}
		}
		if spec.Secret && row.Effective != "" {
			row.Effective = maskSecret(row.Effective)
		}
		row.HasOwn = row.Own != ""
		if spec.Secret {
			row.OwnPrint = fingerprint(row.Own)
			row.Own = ""
		}
		if row.Effective == "" {
			row.Effective, row.Source = "未设置", ""
		}
		rows = append(rows, row)
	}
	return rows
}

// maskSecret shows enough of a webhook or secret to recognise it and
// none of its credential.
func maskSecret(s string) string {
	if s == workflow.RobotOff {
		return "已关闭（不向上级的群发送）"
	}
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host + "/…（已设置）"
	}
	return "已设置"
}

// saveSettings saves the settings of the unit unit_id (0: the system's)
// that the form changed, each through the workflow. A setting changed by
// someone else since the form was shown is left as it is, with a message
// on its field; a bad value gets a message and the other changes are
// saved.
func (w *Web) saveSettings(rw http.ResponseWriter, r *http.Request) error {
	me, err := currentUser(r)
	if err != nil {
		return err
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	if f.Get("unit_id") == "" {
		return rectify.Errorf(rectify.EINVALID, "请选择单位")
	}
	id := f.Int64("unit_id")
	unit, stored, _, err := w.settingsOf(r, me, id)
	if err != nil {
		return err
	}
	own := map[string]string{}
	for _, st := range stored {
		if st.UnitID == id {
			own[st.Name] = strings.TrimSpace(st.Value)
		}
	}
	saved := 0
	for _, spec := range settingSpecs() {
		if !spec.Editable || !f.Has(spec.Name) {
			continue
		}
		value, was, cur := f.Get(spec.Name), f.Get("was_"+spec.Name), own[spec.Name]
		if spec.Secret {
			// A secret is never shown: an empty field keeps it, the
			// 清除 box removes it, and a change by someone else is told
			// by its fingerprint.
			clear := f.Checked("clear_" + spec.Name)
			if value == "" && !clear {
				continue
			}
			if was != fingerprint(cur) {
				f.AddError(spec.Name, "已被他人修改，未保存；请核对后重新提交")
				f.Set("was_"+spec.Name, fingerprint(cur))
				continue
			}
			if clear {
				value = ""
			}
			if err := w.Work.SetSetting(r.Context(), id, spec.Name, value); err != nil {
				if !f.Fail(err) {
					return err
				}
				f.Set(spec.Name, "")
				continue
			}
			f.Set(spec.Name, "")
			f.Set("was_"+spec.Name, fingerprint(value))
			saved++
			continue
		}
		if value == cur {
			f.Set("was_"+spec.Name, cur)
			continue
		}
		if was != cur {
			shown := cur
			if shown == "" {
				shown = "（沿用上级）"
			}
			f.AddError(spec.Name, "已被他人修改为“"+shown+"”，未保存；请核对后重新提交")
			f.Set("was_"+spec.Name, cur)
			continue
		}
		if err := w.Work.SetSetting(r.Context(), id, spec.Name, value); err != nil {
			if !f.Fail(err) {
				return err
			}
			continue
		}
		f.Set("was_"+spec.Name, value)
		saved++
	}
	where := "系统默认设置"
	if unit != nil {
		where = "“" + unit.Name + "”的设置"
	}
	if !f.Valid() {
		if f.Message == "" || f.Message == "输入有误，请检查标出的字段" {
			f.Message = "标出的设置未保存，请检查"
		}
		if saved > 0 {
			f.Message += "；其余 " + strconv.Itoa(saved) + " 项修改已保存"
		}
		return w.settingsPage(rw, r, http.StatusUnprocessableEntity, id, f)
	}
	if saved > 0 {
		w.Log.InfoContext(r.Context(), "settings changed", "unit", id, "count", saved, "by", me.Login)
	}
	msg := "已保存" + where
	if saved == 0 {
		msg = where + "没有改动"
	}
	return redirect(rw, r, "/settings?unit="+strconv.FormatInt(id, 10), msg)
}
