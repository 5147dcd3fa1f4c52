-- The tamper-evident history of the record and the settings of offices.
--
-- audit_log holds one entry per change to a row of the record (who, when,
-- what, the row before and after as canonical JSON). Each entry's hash is
-- SHA-256 over its canonical encoding, which includes the hash of the entry
-- before it, so that editing, removing or reordering an entry breaks the
-- chain. The store appends entries in the transaction of the change, with
-- consecutive numbers; audit_head holds the number and hash of the last one
-- (the chain head), so that removing entries at the end is seen too.
-- problem_id names the problem an entry concerns (the problem itself, its
-- measures, status history, progress, evidence, look-backs, comments), for
-- the problem's page. No foreign keys: entries outlive the rows they record.

CREATE TABLE audit_log (
	seq         INTEGER PRIMARY KEY,
	at          TEXT    NOT NULL,
	actor_id    INTEGER NOT NULL DEFAULT 0, -- 0: the system (an import, a job)
	actor_name  TEXT    NOT NULL,
	action      TEXT    NOT NULL,           -- create, update, delete, status, baseline
	entity      TEXT    NOT NULL,           -- problem, measure, status_change, …
	entity_id   INTEGER NOT NULL,
	problem_id  INTEGER,
	before_json TEXT    NOT NULL DEFAULT '', -- '' when the row did not exist
	after_json  TEXT    NOT NULL DEFAULT '', -- '' when the row is gone
	prev_hash   TEXT    NOT NULL,
	hash        TEXT    NOT NULL
);
-- A problem's history, and the history of a row that concerns no problem
-- (a unit, an inspection, a rule, a setting). Entries are written far more
-- often than looked up: every index costs each change a page or two.
CREATE INDEX audit_log_problem ON audit_log (problem_id, seq) WHERE problem_id IS NOT NULL;
CREATE INDEX audit_log_other ON audit_log (entity, entity_id, seq) WHERE problem_id IS NULL;

-- One row. baseline turns 1 once the rows that predate the log have been
-- recorded in it (done by the store when it first opens the database).
CREATE TABLE audit_head (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	seq      INTEGER NOT NULL,
	hash     TEXT    NOT NULL,
	baseline INTEGER NOT NULL DEFAULT 0
);
INSERT INTO audit_head (id, seq, hash, baseline) VALUES (1, 0, '', 0);

-- Settings of an office: a unit and, by inheritance, its subtree (unit_id 0:
-- every unit). A unit without a setting takes its nearest ancestor's.
CREATE TABLE settings (
	id      INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL,
	name    TEXT    NOT NULL,
	value   TEXT    NOT NULL,
	UNIQUE (unit_id, name)
);

-- Problems whose search text awaits rebuilding after a change to their
-- measures or progress: the store rebuilds them in a batch before the next
-- search, sparing each report the cost of rewriting a full-text document.
CREATE TABLE search_stale (
	problem_id INTEGER PRIMARY KEY REFERENCES problems (id) ON DELETE CASCADE
);
