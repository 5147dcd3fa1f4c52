package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rectify-dev/rectify"
)

// Accounts (账号) are not part of the rectification record and are not in
// the audit log; the log names the account that made each change.

const userCols = `u.id, u.login, u.name, u.role, u.unit_id, COALESCE(un.path, ''), u.email, u.phone,
	u.password_hash, u.disabled, u.version, u.created`

const userFrom = " FROM users u LEFT JOIN units un ON un.id = u.unit_id"

func scanUser(row interface{ Scan(...any) error }) (*rectify.User, error) {
	u := &rectify.User{}
	err := row.Scan(&u.ID, &u.Login, &u.Name, &u.Role, idCol{&u.UnitID}, &u.ScopePath, &u.Email, &u.Phone,
		&u.PasswordHash, &u.Disabled, &u.Version, timeCol{&u.Created})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// normalizeUser trims what a form may pad with spaces.
func normalizeUser(u *rectify.User) {
	u.Login = strings.TrimSpace(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.TrimSpace(u.Email)
	u.Phone = strings.TrimSpace(u.Phone)
}

// CreateUser stores a new account and sets its ID, ScopePath, Version and
// Created. u.PasswordHash is stored as given (an empty hash means no
// password: the account cannot sign in until one is set). It returns
// EINVALID for a bad account or a unit that does not exist, and ECONFLICT
// (with a message on the field "login") when the login is taken, whatever
// its case.
func (s *Store) CreateUser(ctx context.Context, u *rectify.User) error {
	normalizeUser(u)
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	now := s.now()
	var id int64
	var path string
	err := s.write(ctx, "create user", func(c conn) error {
		var err error
		if path, err = c.accountUnitPath(ctx, u.UnitID); err != nil {
			return err
		}
		if err := c.loginFree(ctx, u.Login, 0); err != nil {
			return err
		}
		id, err = c.insert(ctx, `INSERT INTO users (login, name, role, unit_id, email, phone, password_hash,
			disabled, version, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			u.Login, u.Name, u.Role, nullID(u.UnitID), u.Email, u.Phone, u.PasswordHash, u.Disabled, c.time(now))
		return loginTaken(err, u.Login)
	})
	if err != nil {
		return err
	}
	u.ID, u.ScopePath, u.Version, u.Created = id, path, 1, now
	return nil
}

// accountUnitPath returns the path of the unit an account is scoped to, ""
// for none; EINVALID when the unit does not exist.
func (c conn) accountUnitPath(ctx context.Context, unitID int64) (string, error) {
	if unitID == 0 {
		return "", nil
	}
	u, err := c.getUnit(ctx, unitID)
	if errors.Is(err, rectify.ErrNotFound) {
		return "", &rectify.Error{Code: rectify.EINVALID, Message: "输入有误，请检查标出的字段",
			Fields: map[string]string{"unit_id": "所选单位不存在"}}
	}
	if err != nil {
		return "", err
	}
	return u.Path, nil
}

// loginFree returns ECONFLICT when another account than id has login.
func (c conn) loginFree(ctx context.Context, login string, id int64) error {
	var other int64
	err := c.queryRow(ctx, "SELECT id FROM users WHERE lower(login) = lower(?) AND id <> ?", login, id).Scan(&other)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	return errLoginTaken(login)
}

func errLoginTaken(login string) error {
	return &rectify.Error{Code: rectify.ECONFLICT, Message: fmt.Sprintf("登录名“%s”已被使用", login),
		Fields: map[string]string{"login": "该登录名已被使用"}}
}

// loginTaken turns a unique violation on the login (two creations racing
// past loginFree) into ECONFLICT.
func loginTaken(err error, login string) error {
	if err == nil {
		return nil
	}
	// SQLite: "UNIQUE constraint failed: index 'users_login'";
	// PostgreSQL: "… violates unique constraint \"users_login\"".
	if strings.Contains(err.Error(), "users_login") {
		return errLoginTaken(login)
	}
	return err
}

// GetUser returns the account with id, or a not-found error.
func (s *Store) GetUser(ctx context.Context, id int64) (*rectify.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userCols+userFrom+" WHERE u.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: get user: %w", notFound("账号", id))
	}
	if err != nil {
		return nil, fmt.Errorf("store: get user: %w", err)
	}
	return u, nil
}

// GetUserByLogin returns the account whose login is login regardless of
// ASCII case, or a not-found error.
func (s *Store) GetUserByLogin(ctx context.Context, login string) (*rectify.User, error) {
	login = strings.TrimSpace(login)
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userCols+userFrom+" WHERE lower(u.login) = lower(?)", login))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: get user: %w", rectify.Errorf(rectify.ENOTFOUND, "未找到账号“%s”", login))
	}
	if err != nil {
		return nil, fmt.Errorf("store: get user: %w", err)
	}
	return u, nil
}

// ListUsers returns the accounts scoped to a unit of the subtree at
// scopePath, or every account when scopePath is "" (accounts of every unit
// only then), ordered by unit and login.
func (s *Store) ListUsers(ctx context.Context, scopePath string) ([]*rectify.User, error) {
	q, args := "SELECT "+userCols+userFrom, []any(nil)
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q, args = q+" WHERE un.path >= ? AND un.path < ?", []any{lo, hi}
	}
	q += " ORDER BY COALESCE(un.path, ''), lower(u.login), u.id"
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	var out []*rectify.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", closeRows(rows, err))
		}
		out = append(out, u)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

// UpdateUser saves the login, name, role, unit, email, phone and disabled
// flag of u when u.Version is current, and sets the new Version and
// ScopePath; the password is left alone (see SetPassword). Disabling an
// account ends its sessions. It returns ErrStale for an old version,
// not-found when the account does not exist, EINVALID for bad fields and
// ECONFLICT when the login is taken.
func (s *Store) UpdateUser(ctx context.Context, u *rectify.User) error {
	normalizeUser(u)
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: update user: %w", err)
	}
	var path string
	err := s.write(ctx, "update user", func(c conn) error {
		var err error
		if path, err = c.accountUnitPath(ctx, u.UnitID); err != nil {
			return err
		}
		if err := c.loginFree(ctx, u.Login, u.ID); err != nil {
			return err
		}
		res, err := c.exec(ctx, `UPDATE users SET login = ?, name = ?, role = ?, unit_id = ?, email = ?, phone = ?,
			disabled = ?, version = version + 1 WHERE id = ? AND version = ?`,
			u.Login, u.Name, u.Role, nullID(u.UnitID), u.Email, u.Phone, u.Disabled, u.ID, u.Version)
		if err := loginTaken(err, u.Login); err != nil {
			return err
		}
		if err := c.checkUpdated(ctx, res, "users", "账号", u.ID); err != nil {
			return err
		}
		if u.Disabled {
			_, err = c.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", u.ID)
		}
		return err
	})
	if err != nil {
		return err
	}
	u.ScopePath = path
	u.Version++
	return nil
}

// SetPassword replaces the password hash of the account with id, ends
// its sessions but keepSession ("" ends them all) and revokes its API
// tokens, so that a changed or reset password shuts out whoever knew the
// old one or held a token made with it. It returns not-found when there is
// no such account.
func (s *Store) SetPassword(ctx context.Context, id int64, hash, keepSession string) error {
	return s.write(ctx, "set password", func(c conn) error {
		res, err := c.exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id)
		if err != nil {
			return err
		}
		if err := checkFound(res, "账号", id); err != nil {
			return err
		}
		if _, err := c.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", id, keepSession); err != nil {
			return err
		}
		_, err = c.exec(ctx, "DELETE FROM api_tokens WHERE user_id = ?", id)
		return err
	})
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// Session is a signed-in browser (会话). ID is the hex SHA-256 of the
// random token the cookie holds; the token itself is never stored. Expires
// is when the session ends unless used again: the session manager moves it
// on with use, never past its absolute limit.
type Session struct {
	ID       string
	UserID   int64
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
}

// CreateSession stores a new session. It returns EINVALID without an ID or
// an expiry, and not-found when the account does not exist.
func (s *Store) CreateSession(ctx context.Context, se *Session) error {
	if se.ID == "" || se.Expires.IsZero() {
		return fmt.Errorf("store: create session: %w", rectify.Errorf(rectify.EINVALID, "会话缺少编号或到期时间"))
	}
	if se.Created.IsZero() {
		se.Created = s.now()
	}
	if se.LastSeen.IsZero() {
		se.LastSeen = se.Created
	}
	return s.write(ctx, "create session", func(c conn) error {
		if err := c.mustExist(ctx, "users", "账号", se.UserID, nil); err != nil {
			return err
		}
		_, err := c.exec(ctx, "INSERT INTO sessions (id, user_id, created, expires, last_seen) VALUES (?, ?, ?, ?, ?)",
			se.ID, se.UserID, c.time(se.Created), c.time(se.Expires), c.time(se.LastSeen))
		return err
	})
}

// GetSession returns the session with id that has not expired by now, and
// its account, in one query; a not-found error otherwise. A disabled
// account's session is returned (the caller refuses it).
func (s *Store) GetSession(ctx context.Context, id string, now time.Time) (*Session, *rectify.User, error) {
	se := &Session{ID: id}
	u := &rectify.User{}
	r := s.reader()
	err := r.queryRow(ctx, "SELECT se.user_id, se.created, se.last_seen, se.expires, "+userCols+userFrom+
		" JOIN sessions se ON se.user_id = u.id WHERE se.id = ? AND se.expires > ?", id, r.time(now)).Scan(
		&se.UserID, timeCol{&se.Created}, timeCol{&se.LastSeen}, timeCol{&se.Expires},
		&u.ID, &u.Login, &u.Name, &u.Role, idCol{&u.UnitID}, &u.ScopePath, &u.Email, &u.Phone,
		&u.PasswordHash, &u.Disabled, &u.Version, timeCol{&u.Created})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("store: get session: %w", rectify.Errorf(rectify.ENOTFOUND, "会话不存在或已过期"))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: get session: %w", err)
	}
	return se, u, nil
}

// TouchSession records that the session with id was used at lastSeen and
// moves its expiry to expires. A session that is gone is not an error.
func (s *Store) TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error {
	return s.write(ctx, "touch session", func(c conn) error {
		_, err := c.exec(ctx, "UPDATE sessions SET last_seen = ?, expires = ? WHERE id = ?",
			c.time(lastSeen), c.time(expires), id)
		return err
	})
}

// DeleteSession ends the session with id; ending one that is gone is not
// an error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return s.write(ctx, "delete session", func(c conn) error {
		_, err := c.exec(ctx, "DELETE FROM sessions WHERE id = ?", id)
		return err
	})
}

// DeleteUserSessions ends every session of the account with userID.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) error {
	return s.write(ctx, "delete user sessions", func(c conn) error {
		_, err := c.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID)
		return err
	})
}

// DeleteExpiredSessions removes the sessions that expired by now and
// returns how many.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, "delete expired sessions", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM sessions WHERE expires <= ?", c.time(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// APIToken is a token a script sends as "Authorization: Bearer rct_…"
// (API 令牌). Hash is the hex SHA-256 of the token; Prefix its first
// characters, to tell tokens apart in a list.
type APIToken struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	Hash     string    `json:"-"`
	Prefix   string    `json:"prefix"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used,omitzero"` // zero: never used
	Expires  time.Time `json:"expires,omitzero"`   // zero: never expires
}

// Expired reports whether the token has expired at now.
func (t *APIToken) Expired(now time.Time) bool {
	return !t.Expires.IsZero() && !now.Before(t.Expires)
}

const tokenCols = "id, user_id, name, hash, prefix, created, last_used, expires"

func scanToken(row interface{ Scan(...any) error }) (*APIToken, error) {
	t := &APIToken{}
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, timeCol{&t.Created},
		timeCol{&t.LastUsed}, timeCol{&t.Expires})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// CreateToken stores a token and sets its ID and Created. It returns
// EINVALID for a token without a name (field "name") or hash, and not-found
// when the user does not exist.
func (s *Store) CreateToken(ctx context.Context, t *APIToken) error {
	t.Name = strings.TrimSpace(t.Name)
	var v rectify.Invalid
	switch {
	case t.Name == "":
		v.Add("name", "请填写令牌名称")
	case utf8.RuneCountInString(t.Name) > 64:
		v.Add("name", "令牌名称不能超过64个字")
	}
	if t.Hash == "" {
		v.Add("hash", "令牌缺少摘要")
	}
	if err := v.Err(); err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	now := s.now()
	var id int64
	err := s.write(ctx, "create token", func(c conn) error {
		if err := c.mustExist(ctx, "users", "账号", t.UserID, nil); err != nil {
			return err
		}
		var expires any
		if !t.Expires.IsZero() {
			expires = c.time(t.Expires)
		}
		var err error
		id, err = c.insert(ctx, `INSERT INTO api_tokens (user_id, name, hash, prefix, created, expires)
			VALUES (?, ?, ?, ?, ?, ?)`, t.UserID, t.Name, t.Hash, t.Prefix, c.time(now), expires)
		return err
	})
	if err != nil {
		return err
	}
	t.ID, t.Created = id, now
	return nil
}

// AccountsVersion returns the version of what signing in by an API token
// reads (GetTokenUser): every change to an account, to a token (but its
// last use) or to a unit's place moves it, in the transaction of the
// change, whichever process makes it: as ctx carries it (WithHeads), else
// as read now. It returns an error when the database cannot be read.
func (s *Store) AccountsVersion(ctx context.Context) (int64, error) {
	if h := headsOf(ctx); h != nil {
		return h.Accounts, nil
	}
	var v int64
	if err := s.reader().queryRow(ctx, "SELECT version FROM accounts_head WHERE id = 1").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: accounts version: %w", err)
	}
	return v, nil
}

// GetTokenUser returns the token whose hash is hash, expired or not, with
// its account, in one read (every request of a script signs in by it), or
// a not-found error.
func (s *Store) GetTokenUser(ctx context.Context, hash string) (*APIToken, *rectify.User, error) {
	t, u := &APIToken{}, &rectify.User{}
	err := s.reader().queryRow(ctx, "SELECT t.id, t.user_id, t.name, t.hash, t.prefix, t.created, t.last_used, t.expires, "+
		userCols+userFrom+" JOIN api_tokens t ON t.user_id = u.id WHERE t.hash = ?", hash).Scan(
		&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, timeCol{&t.Created}, timeCol{&t.LastUsed}, timeCol{&t.Expires},
		&u.ID, &u.Login, &u.Name, &u.Role, idCol{&u.UnitID}, &u.ScopePath, &u.Email, &u.Phone,
		&u.PasswordHash, &u.Disabled, &u.Version, timeCol{&u.Created})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("store: get token: %w", rectify.Errorf(rectify.ENOTFOUND, "令牌不存在或已撤销"))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: get token: %w", err)
	}
	return t, u, nil
}

// ListTokens returns the tokens of the user with userID, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]*APIToken, error) {
	rows, err := s.reader().query(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? ORDER BY id DESC", userID)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	var out []*APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", closeRows(rows, err))
		}
		out = append(out, t)
	}
	if err := closeRows(rows, nil); err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	return out, nil
}

// DeleteToken revokes the token with id of the user with userID. It
// returns not-found when the user holds no such token.
func (s *Store) DeleteToken(ctx context.Context, userID, id int64) error {
	return s.write(ctx, "delete token", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", id, userID)
		if err != nil {
			return err
		}
		return checkFound(res, "令牌", id)
	})
}

// TouchToken records that the token with id was used at at.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.write(ctx, "touch token", func(c conn) error {
		_, err := c.exec(ctx, "UPDATE api_tokens SET last_used = ? WHERE id = ?", c.time(at), id)
		return err
	})
}
