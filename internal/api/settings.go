package api

import (
	"net/http"
	"strconv"

	"github.com/rectify-dev/rectify/internal/workflow"
)

// unitSettings are the settings of an office: those in force on the unit
// (its own, else its nearest ancestor's, else the defaults) and those set
// on the unit itself.
type unitSettings struct {
	Settings workflow.Settings `json:"settings" doc:"在该单位生效的设置"`
	Own      ownSettings       `json:"own" doc:"该单位自己的设置；未设置的项沿用上级单位或默认值"`
}

// ownSettings are the settings a unit sets itself; a setting absent or
// null is not set on the unit, which inherits it.
type ownSettings struct {
	WarnDays        *int `json:"warn_days,omitempty" doc:"黄灯预警提前天数，0 到 60"`
	RecheckMonths   *int `json:"recheck_months,omitempty" doc:"销号后回头看间隔月数，1 到 36"`
	EscalationDays  *int `json:"escalation_days,omitempty" doc:"逾期多少天升级督办，1 到 365"`
	EvidenceQuotaMB *int `json:"evidence_quota_mb,omitempty" doc:"单位证明材料容量上限（MB），1 到 10000000；默认 20480"`
}

// fields returns the settings by their stored names.
func (in *ownSettings) fields() map[string]**int {
	return map[string]**int{
		workflow.SettingWarnDays:       &in.WarnDays,
		workflow.SettingRecheckMonths:  &in.RecheckMonths,
		workflow.SettingEscalationDays: &in.EscalationDays,
		workflow.SettingEvidenceQuota:  &in.EvidenceQuotaMB,
	}
}

// getSettings shows the settings of the unit of the path.
func (a *API) getSettings(w http.ResponseWriter, r *http.Request) error {
	unit, err := a.pathUnit(r)
	if err != nil {
		return err
	}
	set, err := a.flow.Settings(r.Context(), unit.Path)
	if err != nil {
		return err
	}
	stored, err := a.Store.Settings(r.Context(), []int64{unit.ID})
	if err != nil {
		return err
	}
	out := unitSettings{Settings: set}
	fields := out.Own.fields()
	for _, s := range stored {
		if p, ok := fields[s.Name]; ok && s.UnitID == unit.ID {
			if n, err := strconv.Atoi(s.Value); err == nil {
				*p = &n
			}
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// putSettings replaces the settings set on the unit of the path: a setting
// not given is removed from the unit, which then inherits it.
func (a *API) putSettings(w http.ResponseWriter, r *http.Request) error {
	unit, err := a.pathUnit(r)
	if err != nil {
		return err
	}
	var in ownSettings
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	for _, name := range []string{workflow.SettingWarnDays, workflow.SettingRecheckMonths, workflow.SettingEscalationDays, workflow.SettingEvidenceQuota} {
		value := ""
		if v := *in.fields()[name]; v != nil {
			value = strconv.Itoa(*v)
		}
		if err := a.flow.SetSetting(r.Context(), unit.ID, name, value); err != nil {
			return err
		}
	}
	return a.getSettings(w, r)
}
