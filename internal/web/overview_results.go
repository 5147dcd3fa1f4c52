package web

import (
	"context"
	"fmt"
	"sort"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// 总览 → 整改成效: the results of rectification in numbers (追回资金, 建立完善
// 制度, 问责 by form, things counted), summed from the figures the record
// keeps of every progress report made by the overview's day, by unit (its
// subtree included), by round and by kind of rectification, of one kind
// when the overview is narrowed to it. People held accountable are counted
// once (rectify.AccountableOnce): an inspection with accountability records
// counts them instead of the figures of people in its texts. A query of
// its own, apart from the counts of problems.

// resultsData is the section.
type resultsData struct {
	Total rectify.QuantityTotals
	// Forms are the people held accountable by form (诫勉谈话, 党纪处分…);
	// Money the money by what became of it; Counts the things counted.
	Forms, Money, Rules, Counts []rectify.QuantityLine
	Units                       []unitResults
	Rounds                      []roundResults
	// Kinds are the sums by kind of rectification (整改来源), in the order
	// of rectify.Sources.
	Kinds []kindResults
	// Note states the rule that counts people held accountable once.
	Note string
}

type kindResults struct {
	Source rectify.Source
	Totals rectify.QuantityTotals
}

type unitResults struct {
	Unit   *rectify.Unit
	Depth  int
	Link   string
	Totals rectify.QuantityTotals
}

type roundResults struct {
	Label  string
	Round  int
	Totals rectify.QuantityTotals
}

// resultsOf is what an inspection brings to the section: the figures of
// its texts and its accountability records, counted once.
type resultsOf struct {
	unit             int64
	round            int
	source           rectify.Source
	figures, records []rectify.QuantityLine
}

// overviewResults sums the figures of the inspections of units in scope as
// of asOf, of source only when it is given; rows are the units the
// overview lists, in its order. It returns nil when the scope holds no
// figures.
func (w *Web) overviewResults(ctx context.Context, units []*rectify.Unit, scope string, asOf rectify.Date, rows []unitFigures, source rectify.Source) (*resultsData, error) {
	sums, err := w.Store.SumQuantities(ctx, scope, asOf)
	if err != nil {
		return nil, err
	}
	recs, err := w.Store.SumAccountability(ctx, scope, asOf)
	if err != nil {
		return nil, err
	}
	byInspection := map[int64]*resultsOf{}
	var order []int64
	for i, list := range [][]store.QuantitySum{sums, recs} {
		for _, s := range list {
			if source != "" && s.Source != source {
				continue
			}
			in := byInspection[s.InspectionID]
			if in == nil {
				in = &resultsOf{unit: s.UnitID, round: s.Round, source: s.Source}
				byInspection[s.InspectionID] = in
				order = append(order, s.InspectionID)
			}
			if i == 0 {
				in.figures = append(in.figures, s.QuantityLine)
			} else {
				in.records = append(in.records, s.QuantityLine)
			}
		}
	}
	if len(order) == 0 {
		return nil, nil
	}
	byID := make(map[int64]*rectify.Unit, len(units))
	for _, u := range units {
		byID[u.ID] = u
	}
	d := &resultsData{Note: rectify.AccountableOnceNote}
	perUnit := map[int64]*rectify.QuantityTotals{}
	perRound := map[int]*rectify.QuantityTotals{}
	perSource := map[rectify.Source]*rectify.QuantityTotals{}
	var lines []store.QuantitySum
	for _, id := range order {
		in := byInspection[id]
		for _, l := range rectify.AccountableOnce(in.figures, in.records) {
			lines = append(lines, store.QuantitySum{InspectionID: id, UnitID: in.unit, Round: in.round, Source: in.source, QuantityLine: l})
		}
	}
	for _, s := range lines {
		d.Total.AddLine(s.QuantityLine)
		if perSource[s.Source] == nil {
			perSource[s.Source] = &rectify.QuantityTotals{}
		}
		perSource[s.Source].AddLine(s.QuantityLine)
		if u := byID[s.UnitID]; u != nil {
			for _, id := range rectify.PathIDs(u.Path) {
				if byID[id] == nil {
					continue
				}
				if perUnit[id] == nil {
					perUnit[id] = &rectify.QuantityTotals{}
				}
				perUnit[id].AddLine(s.QuantityLine)
			}
		}
		if perRound[s.Round] == nil {
			perRound[s.Round] = &rectify.QuantityTotals{}
		}
		perRound[s.Round].AddLine(s.QuantityLine)
	}
	for _, l := range d.Total.Lines {
		switch l.Kind {
		case rectify.QuantityPerson:
			d.Forms = append(d.Forms, l)
		case rectify.QuantityMoney:
			d.Money = append(d.Money, l)
		case rectify.QuantityRule:
			d.Rules = append(d.Rules, l)
		default:
			d.Counts = append(d.Counts, l)
		}
	}
	sort.SliceStable(d.Counts, func(i, j int) bool { return d.Counts[i].Count > d.Counts[j].Count })
	if len(d.Counts) > 20 {
		d.Counts = d.Counts[:20]
	}
	for _, r := range rows {
		if t := perUnit[r.Unit.ID]; t != nil {
			d.Units = append(d.Units, unitResults{Unit: r.Unit, Depth: r.Depth, Link: r.Link, Totals: *t})
		}
	}
	for _, src := range rectify.Sources {
		if t := perSource[src]; t != nil {
			d.Kinds = append(d.Kinds, kindResults{Source: src, Totals: *t})
		}
	}
	for round, t := range perRound {
		label := "未标明轮次"
		if round > 0 {
			label = fmt.Sprintf("第%d轮", round)
		}
		d.Rounds = append(d.Rounds, roundResults{Label: label, Round: round, Totals: *t})
	}
	sort.Slice(d.Rounds, func(i, j int) bool {
		a, b := d.Rounds[i].Round, d.Rounds[j].Round
		if a == 0 || b == 0 {
			return b == 0 && a != 0
		}
		return a < b
	})
	return d, nil
}
