-- A unit's change to what moves a problem's indicators (title,
-- description, a deadline or track already set), held until a reviewer
-- decides (变更申请). Audited like the record.
CREATE TABLE change_requests (
	id           bigserial   PRIMARY KEY,
	problem_id   bigint      NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	title        text        NOT NULL,
	description  text        NOT NULL DEFAULT '',
	track        text        NOT NULL DEFAULT '',
	due          date,
	reason       text        NOT NULL DEFAULT '',
	requested_by text        NOT NULL,
	requested    timestamptz NOT NULL,
	state        text        NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
	decided_by   text        NOT NULL DEFAULT '',
	decided      timestamptz,
	note         text        NOT NULL DEFAULT ''
);
CREATE INDEX change_requests_problem ON change_requests (problem_id, state);
CREATE INDEX change_requests_state ON change_requests (state, problem_id);
