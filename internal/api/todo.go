package api

import (
	"net/http"

	"github.com/rectify-dev/rectify/internal/httpx"
	"github.com/rectify-dev/rectify/internal/workflow"
)

// toDo answers the caller's to-do list (待办): the red and yellow problems
// of the scope, what was sent back and why, what waits for the caller's
// sign-off, the public opinions waiting, the look-backs due and the
// reminders given up, each part with its total.
func (a *API) toDo(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	limit := q.num("limit", 20, 0, 200)
	source := q.source("source")
	if err := q.err(); err != nil {
		return err
	}
	td, err := a.flow.ToDoOf(r.Context(), limit, source)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, td)
}

// bulkProblems makes one change to many problems at once (批量处理), all or
// nothing, as the problem list's bulk form does.
func (a *API) bulkProblems(w http.ResponseWriter, r *http.Request) error {
	var in workflow.BulkInput
	if err := httpx.DecodeJSON(r, &in); err != nil {
		return err
	}
	res, err := a.flow.Bulk(r.Context(), in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
