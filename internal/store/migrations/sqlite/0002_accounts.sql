-- Accounts: users with a role and a scope (a unit subtree), server-side
-- sessions and API tokens. Session and token secrets are kept only as their
-- SHA-256: the secret itself lives in the cookie or the script's settings.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT    NOT NULL UNIQUE,
	name          TEXT    NOT NULL,
	role          TEXT    NOT NULL CHECK (role IN ('admin', 'reviewer', 'editor', 'viewer')),
	unit_id       INTEGER REFERENCES units (id), -- NULL: every unit (admins only)
	email         TEXT    NOT NULL DEFAULT '',
	phone         TEXT    NOT NULL DEFAULT '',
	password_hash TEXT    NOT NULL DEFAULT '',
	disabled      INTEGER NOT NULL DEFAULT 0,
	version       INTEGER NOT NULL DEFAULT 1,
	created       TEXT    NOT NULL
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
	id        TEXT    PRIMARY KEY, -- hex SHA-256 of the cookie's token
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created   TEXT    NOT NULL,
	last_seen TEXT    NOT NULL,
	expires   TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE api_tokens (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name      TEXT    NOT NULL,
	hash      TEXT    NOT NULL UNIQUE, -- hex SHA-256 of the token
	prefix    TEXT    NOT NULL,        -- the first characters, to tell tokens apart
	created   TEXT    NOT NULL,
	last_used TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
