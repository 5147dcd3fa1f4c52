-- The version of what signing in by an API token reads: every change to an
-- account, to a token (but its last use) or to a unit's place moves it, in
-- the transaction of the change, whoever makes it. A server keeps what it
-- read of a token while the version stays the same (auth.Tokens).
CREATE TABLE accounts_head (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO accounts_head (id, version) VALUES (1, 0);

CREATE TRIGGER users_version_ai AFTER INSERT ON users BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_version_au AFTER UPDATE ON users BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER users_version_ad AFTER DELETE ON users BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER api_tokens_version_ai AFTER INSERT ON api_tokens BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER api_tokens_version_au AFTER UPDATE OF user_id, hash, expires ON api_tokens BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER api_tokens_version_ad AFTER DELETE ON api_tokens BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
-- A unit moved: the scopes of the accounts of its subtree moved with it.
CREATE TRIGGER units_version_au AFTER UPDATE OF path ON units BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
CREATE TRIGGER units_version_ad AFTER DELETE ON units BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
END;
