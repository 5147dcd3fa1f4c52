-- The version of what signing in by an API token reads: every change to an
-- account, to a token (but its last use) or to a unit's place moves it, in
-- the transaction of the change, whoever makes it. A server keeps what it
-- read of a token while the version stays the same (auth.Tokens).
CREATE TABLE accounts_head (
	id      integer PRIMARY KEY CHECK (id = 1),
	version bigint  NOT NULL
);
INSERT INTO accounts_head (id, version) VALUES (1, 0);

CREATE FUNCTION accounts_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE accounts_head SET version = version + 1 WHERE id = 1;
	RETURN NULL;
END
$$;

CREATE TRIGGER users_version AFTER INSERT OR UPDATE OR DELETE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION accounts_version_bump();
CREATE TRIGGER api_tokens_version AFTER INSERT OR DELETE OR UPDATE OF user_id, hash, expires ON api_tokens
	FOR EACH STATEMENT EXECUTE FUNCTION accounts_version_bump();
-- A unit moved: the scopes of the accounts of its subtree moved with it.
CREATE TRIGGER units_version AFTER DELETE OR UPDATE OF path ON units
	FOR EACH STATEMENT EXECUTE FUNCTION accounts_version_bump();
