// Package demo fills an empty database with an invented but living record
// of inspection rectification (巡察整改), so that a newcomer sees the system
// at work at once (Fill, for `rectify serve --demo`), and builds large
// synthetic records for benchmarks (Generate; the test-support package
// demotest keeps them between runs).
//
// Everything is dated relative to a given day, so the demo always looks
// current, and drawn from a seeded random source, so the same day and seed
// give the same record. Units, people, places, phone numbers and texts are
// invented; the city 临江市 is no real place.
package demo

import (
	"context"
	"fmt"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// DefaultSeed is the seed of the demo when Options gives none.
const DefaultSeed uint64 = 20240701

// Options tune Fill.
type Options struct {
	// Seed chooses the record; 0 means DefaultSeed. The same today and
	// seed give the same record.
	Seed uint64
}

// Summary says what Fill stored: the units an account can be scoped to,
// the inspections, the counts, and where the planted failure modes are.
type Summary struct {
	Today rectify.Date `json:"today"`
	Seed  uint64       `json:"seed"`

	// City is the root of the unit tree (临江市); Office the city's
	// inspection office (市委巡察办), which holds no inspection of its own.
	City   int64 `json:"city"`
	Office int64 `json:"office"`
	// Bureau is the showcase bureau (临江市水利局), BureauUnits it and its
	// subordinate units, BureauChild one of those with an inspection of its
	// own (临江市河道管理处).
	Bureau      int64   `json:"bureau"`
	BureauUnits []int64 `json:"bureau_units"`
	BureauChild int64   `json:"bureau_child"`
	// Units holds every unit's ID by its name.
	Units map[string]int64 `json:"units"`

	// Inspections are the IDs in the order they were stored (oldest round
	// first); Showcase is the bureau's current inspection, which has a
	// problem in every status and light.
	Inspections []int64 `json:"inspections"`
	Showcase    int64   `json:"showcase"`

	Counts  Counts  `json:"counts"`
	Planted Planted `json:"planted"`
	// Accounts are the demo accounts worth creating, one per role.
	Accounts []Account `json:"accounts"`
}

// Counts are how many records Fill stored. ByStatus and ByTrack count the
// problems' current statuses and tracks.
type Counts struct {
	Units          int                    `json:"units"`
	Inspections    int                    `json:"inspections"`
	Published      int                    `json:"published"`
	Findings       int                    `json:"findings"`
	Problems       int                    `json:"problems"`
	Measures       int                    `json:"measures"`
	MeasuresDone   int                    `json:"measures_done"`
	StatusChanges  int                    `json:"status_changes"`
	Progress       int                    `json:"progress"`
	Evidence       int                    `json:"evidence"`
	Rules          int                    `json:"rules"`
	Accountability int                    `json:"accountability"`
	Comments       int                    `json:"comments"`
	Rechecks       int                    `json:"rechecks"`
	ByStatus       map[rectify.Status]int `json:"by_status"`
	ByTrack        map[rectify.Track]int  `json:"by_track"`
}

// Planted names the problems that carry a failure mode on purpose, for the
// checks to find (see domain.md, "The failure modes").
type Planted struct {
	// Rebound was completed, then reopened by a failed look-back (回头看发现反弹).
	Rebound int64 `json:"rebound"`
	// Copied are two problems of different units whose last progress
	// reports say the same thing word for word (照搬照抄).
	Copied [2]int64 `json:"copied"`
	// Copies are the clusters of copied texts the similarity checks
	// (rectify similar) should find, and no others: the report of Copied,
	// one measure in three units, a measure that restates its problem and
	// a result of the first round repeated in the unit's look-back
	// (回头看). Every other measure, report and notice is written with
	// clauses of its own.
	Copies []PlantedCluster `json:"copies"`
	// MeetingOnly was completed with one report whose only evidence is a
	// notice calling a meeting (文字整改).
	MeetingOnly int64 `json:"meeting_only"`
	// ReusedPhoto are two problems of one unit whose evidence is the same
	// photo (材料雷同).
	ReusedPhoto [2]int64 `json:"reused_photo"`
	// Late was completed after its deadline.
	Late int64 `json:"late"`
	// Overdue is open past its deadline; DueSoon is due within
	// rectify.DefaultWarnDays days (both in the showcase).
	Overdue int64 `json:"overdue"`
	DueSoon int64 `json:"due_soon"`
}

// Account is a demo account to create: who, in what role, over which unit's
// subtree.
type Account struct {
	Login  string       `json:"login"`
	Name   string       `json:"name"`
	Role   rectify.Role `json:"role"`
	UnitID int64        `json:"unit_id"`
}

// ErrNotEmpty is returned by Fill and Generate when the database already
// holds inspections.
var ErrNotEmpty = &rectify.Error{Code: rectify.ECONFLICT, Message: "数据库中已有巡察记录，演示数据只能载入空数据库"}

// Fill stores the demo record into st, dated relative to today: a unit tree
// of an invented city, 16 inspections of every kind over four rounds of the
// last two years with about 240 problems in every status, track and light,
// measures, status histories, progress with small evidence files, rules,
// accountability, look-backs (one failed: a rebound), public comments and
// published notices, and a few failure modes for the checks to find.
//
// It refuses with ErrNotEmpty (ECONFLICT) when the database holds any
// inspection, and with EINVALID when today is not set. The audit log names
// the user ctx carries (rectify.WithUser), else "演示数据". It writes one
// transaction per inspection and per progress report; should a write fail
// half-way, the database holds part of the demo and should be discarded.
func Fill(ctx context.Context, st *store.Store, today rectify.Date, opt Options) (*Summary, error) {
	if today.IsZero() {
		return nil, fmt.Errorf("demo: fill: %w", rectify.Errorf(rectify.EINVALID, "请指定演示数据的基准日期"))
	}
	if err := mustBeEmpty(ctx, st); err != nil {
		return nil, fmt.Errorf("demo: fill: %w", err)
	}
	seed := opt.Seed
	if seed == 0 {
		seed = DefaultSeed
	}
	ctx = withActor(ctx, "演示数据")
	f := newFiller(st, today, seed)
	if err := f.fill(ctx); err != nil {
		return nil, fmt.Errorf("demo: fill: %w", err)
	}
	return f.sum, nil
}

// withActor returns ctx carrying a user named name when it carries none,
// so that the audit log says who wrote the record rather than "system".
func withActor(ctx context.Context, name string) context.Context {
	if rectify.UserFrom(ctx) != nil {
		return ctx
	}
	return rectify.WithUser(ctx, &rectify.User{Login: "demo", Name: name, Role: rectify.RoleAdmin})
}

// mustBeEmpty returns ErrNotEmpty when st holds an inspection.
func mustBeEmpty(ctx context.Context, st *store.Store) error {
	ins, err := st.ListInspections(ctx, store.InspectionFilter{})
	if err != nil {
		return err
	}
	if len(ins) > 0 {
		return ErrNotEmpty
	}
	return nil
}
