package web

import (
	"testing"
	"time"

	"github.com/rectify-dev/rectify"
)

// BenchmarkToDo measures the to-do list on the benchmark record: the
// count the navigation shows on every page (a query per part of the list,
// the lights counted from the facts in memory), the counts the API
// answers (limit=0, the lights counted in SQL), and the page, for every
// unit and for a district:
//
//	go test -run '^$' -bench ToDo -benchtime 50x ./internal/web/
func BenchmarkToDo(b *testing.B) {
	w, h, gen := benchPages(b)
	all, district := benchUsers(gen)
	for _, bc := range []struct {
		name string
		user *rectify.User
	}{{"every unit", all}, {"a district", district}} {
		ctx := rectify.WithUser(b.Context(), bc.user)
		if _, err := w.lateCount(ctx); err != nil { // the facts read once
			b.Fatal(err)
		}
		b.Run("navigation, "+bc.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := w.Work.ToDoActions(ctx); err != nil {
					b.Fatal(err)
				}
				if _, err := w.lateCount(ctx); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			reportP95(b, times)
		})
		b.Run("API counts, "+bc.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := w.Work.ToDo(ctx, 0); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			reportP95(b, times)
		})
		b.Run("page, "+bc.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				times = append(times, benchRequest(b, h, bc.user, "/todo"))
			}
			reportP95(b, times)
		})
	}
}
