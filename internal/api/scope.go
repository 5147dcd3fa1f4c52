package api

import (
	"context"
	"errors"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// A list is filtered to the caller's scope here: the server checks the
// records a path names, not the units a query names. A unit or inspection
// named in the query is checked as the server checks a path: one that does
// not exist is EINVALID on its parameter, one outside the scope EFORBIDDEN.

// outOfScope is the error of a record outside the caller's scope.
func outOfScope() error {
	return rectify.Errorf(rectify.EFORBIDDEN, "无权查看本单位范围以外的记录")
}

// subtree returns the path of the subtree a list covers: the caller's
// scope, or the subtree of the unit unitID (named by the query parameter
// field) when it is not 0.
func (a *API) subtree(ctx context.Context, u *rectify.User, field string, unitID int64) (string, error) {
	scope, err := scopeOf(u)
	if err != nil || unitID == 0 {
		return scope, err
	}
	path, err := a.Store.UnitPathOf(ctx, store.KindUnit, unitID)
	if errors.Is(err, rectify.ErrNotFound) {
		return "", invalid(field, "所选单位不存在")
	}
	if err != nil {
		return "", err
	}
	if !u.InScope(path) {
		return "", outOfScope()
	}
	return path, nil
}

// checkRecord returns EINVALID on field when the record of kind with id
// does not exist, EFORBIDDEN when it lies outside the caller's scope.
func (a *API) checkRecord(ctx context.Context, u *rectify.User, field, kind string, id int64) error {
	path, err := a.Store.UnitPathOf(ctx, kind, id)
	if errors.Is(err, rectify.ErrNotFound) {
		return invalid(field, "所选记录不存在")
	}
	if err != nil {
		return err
	}
	if !u.InScope(path) {
		return outOfScope()
	}
	return nil
}

// unitIDOfPath returns the ID of the unit at path ("/1/4/9/" gives 9).
func unitIDOfPath(path string) int64 {
	ids := rectify.PathIDs(path)
	if len(ids) == 0 {
		return 0
	}
	return ids[len(ids)-1]
}
