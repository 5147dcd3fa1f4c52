package workflow

import (
	"context"

	"github.com/rectify-dev/rectify"
	"github.com/rectify-dev/rectify/internal/store"
)

// The people lists (人员名单) of units: admins keep them; a name an editor
// types as a leader or an owner that the list does not hold is proposed
// (新提议) and waits there for an admin to confirm, edit or delete it.

// maxProposed bounds the names one field may propose.
const maxProposed = 10

// AddPerson adds p to its unit's list and sets p.ID and p.Version. An
// admin's entry is confirmed as given; anyone else's is a proposal without
// an account link, for an admin to confirm. It returns EUNAUTHORIZED,
// EFORBIDDEN (a viewer, a unit out of scope), ENOTFOUND, or EINVALID (a bad
// name, one the unit's list holds already, a missing account).
func (s *Service) AddPerson(ctx context.Context, p *rectify.Person) error {
	u, err := writer(ctx)
	if err != nil {
		return wrap("add person", err)
	}
	if u.Role != rectify.RoleAdmin {
		p.Proposed, p.UserID = true, 0
	}
	err = s.Store.Update(ctx, "add person", func(tx *store.Tx) error {
		if err := s.personUnitInScope(ctx, tx, u, p.UnitID); err != nil {
			return err
		}
		if err := s.accountInScope(ctx, tx, u, p.UserID); err != nil {
			return err
		}
		return tx.CreatePerson(ctx, p)
	})
	return wrap("add person", err)
}

// EditPerson saves an entry's unit, name, post, account link and whether it
// is still a proposal (an admin confirms a proposal by saving it with
// Proposed false) when p.Version is current. Only admins may, within their
// scope. Errors as AddPerson's, and ECONFLICT for an old version.
func (s *Service) EditPerson(ctx context.Context, p *rectify.Person) error {
	u, err := admin(ctx, "修改人员名单")
	if err != nil {
		return wrap("edit person", err)
	}
	err = s.Store.Update(ctx, "edit person", func(tx *store.Tx) error {
		cur, err := tx.GetPerson(ctx, p.ID)
		if err != nil {
			return err
		}
		if err := s.personUnitInScope(ctx, tx, u, cur.UnitID); err != nil {
			return err
		}
		if err := s.personUnitInScope(ctx, tx, u, p.UnitID); err != nil {
			return err
		}
		if p.UserID != cur.UserID {
			if err := s.accountInScope(ctx, tx, u, p.UserID); err != nil {
				return err
			}
		}
		return tx.UpdatePerson(ctx, p)
	})
	return wrap("edit person", err)
}

// DeletePerson removes an entry from its unit's list; what problems and
// measures wrote stays as written. Only admins may, within their scope.
// It returns EFORBIDDEN or ENOTFOUND.
func (s *Service) DeletePerson(ctx context.Context, id int64) error {
	u, err := admin(ctx, "修改人员名单")
	if err != nil {
		return wrap("delete person", err)
	}
	err = s.Store.Update(ctx, "delete person", func(tx *store.Tx) error {
		cur, err := tx.GetPerson(ctx, id)
		if err != nil {
			return err
		}
		if err := s.personUnitInScope(ctx, tx, u, cur.UnitID); err != nil {
			return err
		}
		return tx.DeletePerson(ctx, id)
	})
	return wrap("delete person", err)
}

// admin returns the user in ctx when an admin, else EFORBIDDEN saying what
// only admins may do.
func admin(ctx context.Context, what string) (*rectify.User, error) {
	u, err := writer(ctx)
	if err != nil {
		return nil, err
	}
	if u.Role != rectify.RoleAdmin {
		return nil, rectify.Errorf(rectify.EFORBIDDEN, "只有巡察办管理员才能%s", what)
	}
	return u, nil
}

func (s *Service) personUnitInScope(ctx context.Context, tx *store.Tx, u *rectify.User, unitID int64) error {
	if unitID == 0 {
		var v rectify.Invalid
		v.Add("unit_id", "请选择单位")
		return v.Err()
	}
	unit, err := tx.GetUnit(ctx, unitID)
	if err != nil {
		return err
	}
	return inScope(u, unit)
}

// accountInScope refuses to link an account the admin may not manage.
func (s *Service) accountInScope(ctx context.Context, tx *store.Tx, u *rectify.User, userID int64) error {
	if userID == 0 {
		return nil
	}
	acct, err := tx.GetUser(ctx, userID)
	if err != nil {
		var v rectify.Invalid
		v.Add("user_id", "所选账号不存在")
		return v.Err()
	}
	if u.UnitID != 0 && (acct.ScopePath == "" || !u.InScope(acct.ScopePath)) {
		return rectify.Errorf(rectify.EFORBIDDEN, "无权关联账号“%s”", acct.Name)
	}
	return nil
}

// proposeNames adds to the list of unit, as proposals (an admin's as
// confirmed entries), the names in field (a leader's or an owner's, with or
// without posts in brackets) that no list near the unit holds yet.
func proposeNames(ctx context.Context, tx *store.Tx, u *rectify.User, unit *rectify.Unit, field string) error {
	names := rectify.PersonNames(field)
	if len(names) == 0 {
		return nil
	}
	near, err := tx.PeopleNear(ctx, unit.Path)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(near))
	for _, p := range near {
		known[p.Name] = true
	}
	added := 0
	for _, n := range names {
		if known[n] || added >= maxProposed {
			continue
		}
		p := &rectify.Person{UnitID: unit.ID, Name: n, Proposed: u.Role != rectify.RoleAdmin}
		if p.Validate() != nil {
			continue // too long to be a name: left as written
		}
		if err := tx.CreatePerson(ctx, p); err != nil {
			return err
		}
		known[n] = true
		added++
	}
	return nil
}
