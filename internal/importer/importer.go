// Package importer brings a published notice into the record: read it, check
// it, attach it to a unit and store it in one transaction. The CLI and the
// web upload both call it, so the two surfaces import alike.
package importer

import (
	"context"
	"fmt"
	"strings"

	rectify "github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/notice"
)

// Store is what an import needs of the storage.
type Store interface {
	// GetUnit returns the unit, or an error matching rectify.ErrNotFound.
	GetUnit(ctx context.Context, id int64) (*rectify.Unit, error)
	// CreateInspection stores the whole tree in one transaction, or nothing.
	CreateInspection(ctx context.Context, in *rectify.Inspection) error
	// CreateInspectionInUnit stores the tree under the unit named unitName,
	// created as a root when missing, all in one transaction, or nothing.
	CreateInspectionInUnit(ctx context.Context, in *rectify.Inspection, unitName string) (*rectify.Unit, error)
}

// Options says where the notice goes and who brings it in.
type Options struct {
	// UnitID attaches the inspection to an existing unit. Zero: find or
	// create a root unit named after the inspected organisation.
	UnitID int64
	// Author is recorded as the author of the imported statuses.
	Author string
}

// Preview is a notice read and checked, not yet stored.
type Preview struct {
	Document *notice.Document
	// Lint holds the reader's warnings and the consistency checks, by line.
	Lint []notice.Warning
	// UnitName is the unit the inspection will be attached to when no unit is chosen.
	UnitName string
	// Counts are the indicators of the record the notice gives, as of its date.
	Counts rectify.Indicators
}

// Read parses and checks a notice without storing anything. It returns an
// EINVALID *rectify.Error when data is not a notice at all.
func Read(data []byte) (*Preview, error) {
	doc, err := notice.Parse(data)
	if err != nil {
		return nil, err
	}
	p := &Preview{Document: doc, Lint: notice.Lint(doc), UnitName: UnitName(doc)}
	in := doc.Record(notice.RecordOptions{})
	asOf := in.LatestStatusDate()
	if asOf.IsZero() {
		asOf = doc.Date
	}
	p.Counts = rectify.Compute(asOf, in.Problems(), nil, nil, nil)
	return p, nil
}

// Result is what an import stored.
type Result struct {
	InspectionID int64               `json:"inspection_id"`
	UnitID       int64               `json:"unit_id"`
	UnitName     string              `json:"unit_name"`
	Findings     int                 `json:"findings"`
	Problems     int                 `json:"problems"`
	Measures     int                 `json:"measures"`
	Counts       rectify.Indicators  `json:"counts"`
	Warnings     []notice.Warning    `json:"warnings"`
	Inspection   *rectify.Inspection `json:"-"`
}

// Store stores a previewed notice. A failure stores nothing.
func (p *Preview) Store(ctx context.Context, st Store, opt Options) (*Result, error) {
	in := p.Document.Record(notice.RecordOptions{Author: opt.Author})
	var unit *rectify.Unit
	var err error
	if opt.UnitID != 0 {
		if unit, err = st.GetUnit(ctx, opt.UnitID); err != nil {
			return nil, fmt.Errorf("import: unit %d: %w", opt.UnitID, err)
		}
		in.UnitID = unit.ID
		err = st.CreateInspection(ctx, in)
	} else {
		if p.UnitName == "" {
			return nil, rectify.Errorf(rectify.EINVALID, "通报中没有找到被巡察单位的名称，请指定所属单位")
		}
		unit, err = st.CreateInspectionInUnit(ctx, in, p.UnitName)
	}
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	res := &Result{
		InspectionID: in.ID,
		UnitID:       unit.ID,
		UnitName:     unit.Name,
		Findings:     len(in.Findings),
		Counts:       p.Counts,
		Warnings:     p.Lint,
		Inspection:   in,
	}
	for _, pr := range in.Problems() {
		res.Problems++
		res.Measures += len(pr.Measures)
	}
	if res.Warnings == nil {
		res.Warnings = []notice.Warning{}
	}
	return res, nil
}

// Import reads, checks and stores a notice in one call.
func Import(ctx context.Context, st Store, data []byte, opt Options) (*Result, error) {
	p, err := Read(data)
	if err != nil {
		return nil, err
	}
	return p.Store(ctx, st, opt)
}

// UnitName returns the name of the unit a notice speaks of: the inspected
// organisation of the opening (or the issuer's fuller form of the same name),
// else the issuer, without the Party-body wrapping ("中共X委员会", "X党委",
// "X党组") — 中共某某中心委员会 → 某某中心.
func UnitName(d *notice.Document) string {
	inspected, issuer := bareUnitName(d.Inspection.UnitName), bareUnitName(d.Issuer)
	switch {
	case inspected == "":
		return issuer
	case issuer != "" && strings.HasSuffix(issuer, inspected):
		// The opening often shortens the name the issuer gives in full:
		// 县水利局 for 青溪县水利局.
		return issuer
	}
	return inspected
}

func bareUnitName(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "中国共产党")
	s = strings.TrimPrefix(s, "中共")
	for _, suffix := range []string{"党委员会", "委员会", "党工委", "党委", "党组", "党总支", "党支部", "总支部", "支部"} {
		if strings.HasSuffix(s, suffix) && len(s) > len(suffix) {
			s = strings.TrimSuffix(s, suffix)
			break
		}
	}
	return strings.TrimSpace(s)
}
