-- The people list (人员名单) kept per unit: who may be named a problem's
-- responsible leader (责任领导) or a measure's owner, with their post and,
-- where they have one, their account, so that reminders meant for the
-- leader reach that account. proposed marks a name typed by an editor that
-- an admin has not confirmed yet (新提议). Part of the record: audited.

CREATE TABLE people (
	id       INTEGER PRIMARY KEY,
	unit_id  INTEGER NOT NULL REFERENCES units (id),
	name     TEXT    NOT NULL,
	post     TEXT    NOT NULL DEFAULT '',
	user_id  INTEGER REFERENCES users (id),
	proposed INTEGER NOT NULL DEFAULT 0,
	version  INTEGER NOT NULL DEFAULT 1,
	UNIQUE (unit_id, name)
);
CREATE INDEX people_user ON people (user_id);
