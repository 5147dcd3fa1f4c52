package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rectify-dev/rectify"
)

// Accounts are not part of the record: their changes are not in the audit
// log (a password hash has no place there), and sessions change on every
// request.

const userCols = `us.id, us.login, us.name, us.role, us.unit_id, COALESCE(un.path, ''), us.email, us.phone,
	us.password_hash, us.disabled, us.version, us.created`

const userFrom = " FROM users us LEFT JOIN units un ON un.id = us.unit_id"

func scanUser(row interface{ Scan(...any) error }) (*rectify.User, error) {
	u := &rectify.User{}
	err := row.Scan(&u.ID, &u.Login, &u.Name, &u.Role, idCol{&u.UnitID}, &u.ScopePath, &u.Email, &u.Phone,
		&u.PasswordHash, &u.Disabled, &u.Version, timeCol{&u.Created})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser stores a new account with its password hash and sets ID,
// ScopePath, Version and Created. It returns EINVALID for a bad account,
// ECONFLICT when the login is taken and not-found when the unit does not exist.
func (s *Store) CreateUser(ctx context.Context, u *rectify.User) error {
	u.Login = strings.TrimSpace(u.Login)
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	now := s.now()
	return s.write(ctx, "create user", func(c conn) error {
		if err := c.loginFree(ctx, u.Login, 0); err != nil {
			return err
		}
		scope := ""
		if u.UnitID != 0 {
			unit, err := c.getUnit(ctx, u.UnitID)
			if err != nil {
				return err
			}
			scope = unit.Path
		}
		id, err := c.insert(ctx, `INSERT INTO users (login, name, role, unit_id, email, phone, password_hash, disabled, version, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
			u.Login, u.Name, u.Role, nullID(u.UnitID), u.Email, u.Phone, u.PasswordHash, u.Disabled, c.time(now))
		if err != nil {
			return err
		}
		u.ID, u.ScopePath, u.Version, u.Created = id, scope, 1, now
		return nil
	})
}

func (c conn) loginFree(ctx context.Context, login string, except int64) error {
	var id int64
	err := c.queryRow(ctx, "SELECT id FROM users WHERE login = ?", login).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case id == except:
		return nil
	}
	return &rectify.Error{Code: rectify.ECONFLICT, Message: "登录名已被占用",
		Fields: map[string]string{"login": "登录名“" + login + "”已被占用"}}
}

// GetUser returns the account with id, or a not-found error.
func (s *Store) GetUser(ctx context.Context, id int64) (*rectify.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userCols+userFrom+" WHERE us.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: get user: %w", notFound("账号", id))
	}
	if err != nil {
		return nil, fmt.Errorf("store: get user: %w", err)
	}
	return u, nil
}

// GetUserByLogin returns the account with login, or a not-found error.
func (s *Store) GetUserByLogin(ctx context.Context, login string) (*rectify.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userCols+userFrom+" WHERE us.login = ?", strings.TrimSpace(login)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: get user: %w", rectify.Errorf(rectify.ENOTFOUND, "账号“%s”不存在", login))
	}
	if err != nil {
		return nil, fmt.Errorf("store: get user: %w", err)
	}
	return u, nil
}

// ListUsers returns the accounts whose scope lies within scopePath ("" for
// all), by login. Admins of every unit are listed only when scopePath is "".
func (s *Store) ListUsers(ctx context.Context, scopePath string) (out []*rectify.User, err error) {
	q, args := "SELECT "+userCols+userFrom, []any(nil)
	if scopePath != "" {
		lo, hi := scopeRange(scopePath)
		q += " WHERE un.path >= ? AND un.path < ?"
		args = append(args, lo, hi)
	}
	rows, err := s.reader().query(ctx, q+" ORDER BY us.login", args...)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

// CountUsers returns how many accounts exist.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.reader().queryRow(ctx, "SELECT COUNT(*) FROM users").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// UpdateUser saves the login, name, role, unit, contact and disabled flag of
// u when u.Version is current (not the password: see SetPassword), and sets
// the new Version and ScopePath. Disabling an account ends its sessions. It
// returns ErrStale, not-found, ECONFLICT for a taken login, or EINVALID.
func (s *Store) UpdateUser(ctx context.Context, u *rectify.User) error {
	u.Login = strings.TrimSpace(u.Login)
	if err := u.Validate(); err != nil {
		return fmt.Errorf("store: update user: %w", err)
	}
	scope := ""
	err := s.write(ctx, "update user", func(c conn) error {
		if err := c.loginFree(ctx, u.Login, u.ID); err != nil {
			return err
		}
		if u.UnitID != 0 {
			unit, err := c.getUnit(ctx, u.UnitID)
			if err != nil {
				return err
			}
			scope = unit.Path
		}
		res, err := c.exec(ctx, `UPDATE users SET login = ?, name = ?, role = ?, unit_id = ?, email = ?, phone = ?,
			disabled = ?, version = version + 1 WHERE id = ? AND version = ?`,
			u.Login, u.Name, u.Role, nullID(u.UnitID), u.Email, u.Phone, u.Disabled, u.ID, u.Version)
		if err != nil {
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
	u.Version++
	u.ScopePath = scope
	return nil
}

// SetPassword replaces the password hash of the account and ends its other
// sessions (all of them when keepSession is ""). It returns not-found when
// there is no such account.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string, keepSession string) error {
	return s.write(ctx, "set password", func(c conn) error {
		res, err := c.exec(ctx, "UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?", hash, userID)
		if err != nil {
			return err
		}
		if err := checkFound(res, "账号", userID); err != nil {
			return err
		}
		_, err = c.exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id <> ?", userID, keepSession)
		return err
	})
}

// Session is a signed-in browser: ID is the SHA-256 of the cookie's token.
type Session struct {
	ID       string
	UserID   int64
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, ss *Session) error {
	return s.write(ctx, "create session", func(c conn) error {
		_, err := c.exec(ctx, "INSERT INTO sessions (id, user_id, created, last_seen, expires) VALUES (?, ?, ?, ?, ?)",
			ss.ID, ss.UserID, c.time(ss.Created), c.time(ss.LastSeen), c.time(ss.Expires))
		return err
	})
}

// GetSession returns the session with id and its account, or a not-found
// error (also when the session has expired by now).
func (s *Store) GetSession(ctx context.Context, id string, now time.Time) (*Session, *rectify.User, error) {
	ss := &Session{ID: id}
	u := &rectify.User{}
	r := s.reader()
	err := r.queryRow(ctx, "SELECT se.user_id, se.created, se.last_seen, se.expires, "+userCols+
		userFrom+" JOIN sessions se ON se.user_id = us.id WHERE se.id = ? AND se.expires > ?", id, r.time(now)).Scan(
		&ss.UserID, timeCol{&ss.Created}, timeCol{&ss.LastSeen}, timeCol{&ss.Expires},
		&u.ID, &u.Login, &u.Name, &u.Role, idCol{&u.UnitID}, &u.ScopePath, &u.Email, &u.Phone,
		&u.PasswordHash, &u.Disabled, &u.Version, timeCol{&u.Created})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, rectify.Errorf(rectify.ENOTFOUND, "会话不存在或已过期")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("store: get session: %w", err)
	}
	return ss, u, nil
}

// TouchSession records that the session was used at lastSeen and moves its
// expiry to expires.
func (s *Store) TouchSession(ctx context.Context, id string, lastSeen, expires time.Time) error {
	return s.write(ctx, "touch session", func(c conn) error {
		_, err := c.exec(ctx, "UPDATE sessions SET last_seen = ?, expires = ? WHERE id = ?", c.time(lastSeen), c.time(expires), id)
		return err
	})
}

// DeleteSession ends a session; ending one that does not exist is no error.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	return s.write(ctx, "delete session", func(c conn) error {
		_, err := c.exec(ctx, "DELETE FROM sessions WHERE id = ?", id)
		return err
	})
}

// DeleteExpiredSessions removes the sessions that expired before now and
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

// Token is an API token of an account; Hash is the SHA-256 of the secret.
type Token struct {
	ID       int64     `json:"id"`
	UserID   int64     `json:"user_id"`
	Name     string    `json:"name"`
	Hash     string    `json:"-"`
	Prefix   string    `json:"prefix"`
	Created  time.Time `json:"created"`
	LastUsed time.Time `json:"last_used,omitzero"`
}

const tokenCols = "id, user_id, name, hash, prefix, created, last_used"

func scanToken(row interface{ Scan(...any) error }) (*Token, error) {
	t := &Token{}
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &t.Prefix, timeCol{&t.Created}, timeCol{&t.LastUsed}); err != nil {
		return nil, err
	}
	return t, nil
}

// CreateToken stores a token and sets its ID and Created. It returns
// EINVALID without a name.
func (s *Store) CreateToken(ctx context.Context, t *Token) error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Name == "" || len([]rune(t.Name)) > 64 {
		return &rectify.Error{Code: rectify.EINVALID, Message: "输入有误，请检查标出的字段",
			Fields: map[string]string{"name": "请填写令牌名称（不超过64个字）"}}
	}
	now := s.now()
	return s.write(ctx, "create token", func(c conn) error {
		id, err := c.insert(ctx, "INSERT INTO api_tokens (user_id, name, hash, prefix, created) VALUES (?, ?, ?, ?, ?)",
			t.UserID, t.Name, t.Hash, t.Prefix, c.time(now))
		if err != nil {
			return err
		}
		t.ID, t.Created = id, now
		return nil
	})
}

// GetTokenByHash returns the token whose secret hashes to hash and its
// account, or a not-found error.
func (s *Store) GetTokenByHash(ctx context.Context, hash string) (*Token, error) {
	t, err := scanToken(s.reader().queryRow(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE hash = ?", hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rectify.Errorf(rectify.ENOTFOUND, "令牌无效或已撤销")
	}
	if err != nil {
		return nil, fmt.Errorf("store: get token: %w", err)
	}
	return t, nil
}

// TouchToken records the last use of a token.
func (s *Store) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return s.write(ctx, "touch token", func(c conn) error {
		_, err := c.exec(ctx, "UPDATE api_tokens SET last_used = ? WHERE id = ?", c.time(at), id)
		return err
	})
}

// ListTokens returns the tokens of an account, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) (out []*Token, err error) {
	rows, err := s.reader().query(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE user_id = ? ORDER BY id DESC", userID)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer func() { err = errors.Join(err, rows.Close()) }()
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	return out, nil
}

// DeleteToken revokes the token id of the account userID; not-found when
// the account has no such token.
func (s *Store) DeleteToken(ctx context.Context, userID, id int64) error {
	return s.write(ctx, "delete token", func(c conn) error {
		res, err := c.exec(ctx, "DELETE FROM api_tokens WHERE id = ? AND user_id = ?", id, userID)
		if err != nil {
			return err
		}
		return checkFound(res, "令牌", id)
	})
}
