package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// The figures of a progress report in its form (整改数字): as the unit types,
// htmx asks for the figures read from the text and shows them with a box
// each, ticked, and their value and meaning editable; the report is sent
// with them, so that the record keeps what the unit confirmed — nothing is
// typed twice. Without JavaScript the form sends no figures and they are
// read from the text when it is stored.

// figureItem is a figure in the form.
type figureItem struct {
	Index     int
	Kind      rectify.QuantityKind
	KindLabel string
	Meaning   string
	Value     string // in Unit; money in 万元 from ten thousand on
	Unit      string
	Approx    bool
	Part      bool
	Text      string
	Checked   bool
	Error     string
}

// figuresView is the figures of the form and the text they were read from.
type figuresView struct {
	Items []figureItem
	// Text is the text the figures were read from: a report sent with
	// another text (typed on after the last reading) has its figures read
	// again when it is stored.
	Text string
}

// newFigures returns the figures read from text, all ticked.
func newFigures(text string) *figuresView {
	v := &figuresView{Text: text}
	for i, q := range workflow.ExtractQuantities(text) {
		it := figureItem{Index: i, Kind: q.Kind, KindLabel: q.Kind.Label(), Meaning: q.Meaning, Unit: q.Unit,
			Approx: q.Approx, Part: q.Part, Text: q.Text, Checked: true}
		it.Value = rectify.FormatQuantityValue(q.Value)
		if q.Kind == rectify.QuantityMoney && q.Value >= 10000 {
			it.Value, it.Unit = rectify.FormatQuantityValue(q.Value/10000), "万元"
		}
		v.Items = append(v.Items, it)
	}
	return v
}

// figuresFromForm returns the figures the form sent (nil when it sent
// none), as the unit left them, each with its error.
func figuresFromForm(f *httpx.Form) *figuresView {
	if f.Get("figures") != "1" {
		return nil
	}
	v := &figuresView{Text: f.Value("figures_text")}
	ticked := map[string]bool{}
	for _, s := range f.Values["q"] {
		ticked[s] = true
	}
	for i := 0; i < workflow.MaxQuantities; i++ {
		n := strconv.Itoa(i)
		kind := rectify.QuantityKind(f.Get("q_kind_" + n))
		if kind == "" {
			continue
		}
		it := figureItem{Index: i, Kind: kind, KindLabel: kind.Label(), Meaning: f.Get("q_meaning_" + n),
			Value: f.Get("q_value_" + n), Unit: f.Get("q_unit_" + n), Approx: f.Get("q_approx_"+n) == "1",
			Part: f.Get("q_part_"+n) == "1", Text: f.Get("q_text_" + n), Checked: ticked[n]}
		v.Items = append(v.Items, it)
	}
	return v
}

// quantities returns the ticked figures as the record keeps them (money
// in 元), marking each figure whose value is not a number.
func (v *figuresView) quantities() ([]rectify.Quantity, bool) {
	var out []rectify.Quantity
	ok := true
	for i := range v.Items {
		it := &v.Items[i]
		if !it.Checked {
			continue
		}
		val, err := strconv.ParseFloat(strings.ReplaceAll(it.Value, ",", ""), 64)
		if err != nil || val < 0 {
			it.Error, ok = "请填写数值", false
			continue
		}
		q := rectify.Quantity{Kind: it.Kind, Meaning: it.Meaning, Value: val, Unit: it.Unit, Approx: it.Approx,
			Part: it.Part, Text: it.Text}
		if it.Unit == "万元" {
			q.Value, q.Unit = val*10000, "元"
		}
		if err := q.Validate(); err != nil {
			it.Error, ok = "数字有误：请检查类别、含义和数值", false
			continue
		}
		out = append(out, q)
	}
	return out, ok
}

// applyFigures puts the figures the form sent into in: those the unit
// confirmed, unless the text changed since they were read (then they are
// read again from the text as stored). It adds a form error for a bad
// value, and returns the figures to show again should the form come back.
func applyFigures(f *httpx.Form, in *workflow.ProgressInput) *figuresView {
	v := figuresFromForm(f)
	if v == nil || strings.TrimSpace(v.Text) != strings.TrimSpace(in.Text) {
		if in.Text == "" {
			return nil
		}
		return newFigures(in.Text)
	}
	qs, ok := v.quantities()
	if !ok {
		f.AddError("quantities", "有数字的数值不是数字，请修改或取消勾选")
		return v
	}
	in.Quantities, in.QuantitiesConfirmed = qs, true
	return v
}

// progressFigures answers the progress form's htmx request with the
// figures read from its text.
func (w *Web) progressFigures(rw http.ResponseWriter, r *http.Request) error {
	id, err := httpx.PathID(r, "problemID")
	if err != nil {
		return err
	}
	u, err := currentUser(r)
	if err != nil {
		return err
	}
	unit, err := w.Store.ProblemUnit(r.Context(), id)
	if err != nil {
		return err
	}
	if !u.InScope(unit.Path) {
		return rectify.Errorf(rectify.EFORBIDDEN, "无权查看本单位范围以外的记录")
	}
	f, err := httpx.ParseForm(r)
	if err != nil {
		return err
	}
	text := f.Value("text")
	if n := len([]rune(text)); n > 10000 {
		return rectify.Errorf(rectify.EINVALID, "%s", fmt.Sprintf("整改情况过长（%d 字），最多 10000 字", n))
	}
	return w.renderPart(rw, http.StatusOK, "problem", "progress-figures", newFigures(text))
}
