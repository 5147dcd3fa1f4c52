-- A unit's change to what moves a problem's indicators (title,
-- description, a deadline or track already set), held until a reviewer
-- decides (变更申请). Audited like the record.
CREATE TABLE change_requests (
	id           INTEGER PRIMARY KEY,
	problem_id   INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	title        TEXT    NOT NULL,
	description  TEXT    NOT NULL DEFAULT '',
	track        TEXT    NOT NULL DEFAULT '',
	due          TEXT,
	reason       TEXT    NOT NULL DEFAULT '',
	requested_by TEXT    NOT NULL,
	requested    TEXT    NOT NULL,
	state        TEXT    NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
	decided_by   TEXT    NOT NULL DEFAULT '',
	decided      TEXT,
	note         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX change_requests_problem ON change_requests (problem_id, state);
CREATE INDEX change_requests_state ON change_requests (state, problem_id);
