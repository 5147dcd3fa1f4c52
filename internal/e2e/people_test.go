package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// A unit picks a leader from the people list; a name the list does not
// hold is marked new as it is typed, and once saved it waits on the list
// for the office to confirm it.
func TestPeoplePicker(t *testing.T) {
	browser := startBrowser(t)
	a := startApp(t)
	ctx := rectify.AsSystem(context.Background())
	known := &rectify.Person{UnitID: a.demo.Bureau, Name: "林春燕", Post: "副局长"}
	if err := a.st.Update(ctx, "add person", func(tx *store.Tx) error { return tx.CreatePerson(ctx, known) }); err != nil {
		t.Fatal(err)
	}
	unit := newUser(t, browser, a.url, "people-unit")
	unit.login("tianbao", password)
	unit.open("/inspections/" + strconv.FormatInt(a.demo.Showcase, 10))
	problem := unit.attr(`[data-testid=problem-row]:not([data-status=completed]):not([data-status=submitted])`, "data-problem-id")
	unit.open("/problems/" + problem)
	unit.click(`#edit summary`)
	if got := unit.attr(`#f-leader`, "list"); got != "people-list" {
		unit.fatalf("the leader field suggests no list (list=%q)", got)
	}
	if got := unit.eval(`[...document.querySelectorAll("#people-list option")].map(o => o.value).join(" ")`); !strings.Contains(got, "林春燕") {
		unit.fatalf("the people list offers %q, not 林春燕", got)
	}
	unit.fill(`[data-testid=problem-edit-form] #f-leader`, "林春燕（副局长）")
	if got := unit.text(`#f-leader-new`); got != "" {
		unit.fatalf("a name on the list is marked new: %q", got)
	}
	unit.fill(`[data-testid=problem-edit-form] #f-leader`, "林春燕（副局长）、周新人")
	if got := unit.text(`#f-leader-new`); !strings.Contains(got, "新姓名：周新人") || strings.Contains(got, "林春燕") {
		unit.fatalf("the new name is not marked as typed: %q", got)
	}
	unit.shot("people-picker")
	unit.submit(`[data-testid=problem-save]`)
	unit.see("林春燕（副局长）、周新人", "周新人：新提议")

	office := newUser(t, browser, a.url, "people-office")
	office.login("banshi", password)
	office.open("/admin/people")
	office.see("周新人 新提议", "人待确认")
	office.submit(`form[action$="/confirm"] button`)
	office.see("已确认“周新人”")
	if office.count(".tag-new") != 0 {
		office.fatalf("a confirmed name is still marked new")
	}
	unit.open("/problems/" + problem)
	if strings.Contains(unit.pageText(), "周新人：新提议") {
		unit.fatalf("the problem still marks the confirmed leader new")
	}
}
