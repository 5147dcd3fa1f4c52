-- Failed logins, counted by the login limiter in the database so that
-- every server behind a balancer counts the same attempts: one row per
-- failure and per key it counts under (kind 'pair': login name and
-- address; 'addr': the address, whatever the name; 'name': the login
-- name, whatever the address). Rows older than a day are removed nightly.
CREATE TABLE login_failures (
	kind text        NOT NULL CHECK (kind IN ('pair', 'addr', 'name')),
	key  text        NOT NULL,
	at   timestamptz NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (kind, key, at);
CREATE INDEX login_failures_at ON login_failures (at);
