-- Accounts of the web application: users with a role over a unit subtree,
-- their server-side sessions and their API tokens. Secrets are kept only as
-- hashes: a password as argon2id in PHC form, a session or API token as the
-- hex SHA-256 of the random token (the token itself lives in the cookie or
-- the script that holds it).

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT    NOT NULL,
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
-- Logins are unique regardless of ASCII case.
CREATE UNIQUE INDEX users_login ON users (lower(login));
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
	id        TEXT    PRIMARY KEY, -- hex SHA-256 of the cookie's token
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created   TEXT    NOT NULL,
	expires   TEXT    NOT NULL,    -- the absolute end of the session
	last_seen TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires);

CREATE TABLE api_tokens (
	id        INTEGER PRIMARY KEY,
	user_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name      TEXT    NOT NULL,
	hash      TEXT    NOT NULL UNIQUE, -- hex SHA-256 of the token
	prefix    TEXT    NOT NULL,        -- the token's first characters, for display
	created   TEXT    NOT NULL,
	last_used TEXT,
	expires   TEXT                     -- NULL: never
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
