-- Reminders (督办提醒) sent, being sent or failed: one row per item, recipient
-- and day, so that each item is reminded at most once a day to each person
-- or group, however many server processes share the database. A run claims
-- a row (INSERT … ON CONFLICT DO NOTHING) before it sends, and only what it
-- claimed goes into its message; it then records the outcome. A failed row,
-- or one still "sending" long after its claim (its sender died), may be
-- claimed again the same day by a later run, a bounded number of times.
-- Reminders are not part of the record: they are not in the audit log.

CREATE TABLE reminders (
	id          INTEGER PRIMARY KEY,
	kind        TEXT    NOT NULL, -- due, escalation, recheck
	item_id     INTEGER NOT NULL, -- a problem (due, escalation) or a look-back (recheck)
	recipient   TEXT    NOT NULL, -- user:12, dingtalk:unit:4, wecom:unit:4
	day         TEXT    NOT NULL, -- YYYY-MM-DD in the server's time zone
	state       TEXT    NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
	attempts    INTEGER NOT NULL DEFAULT 1,
	claimed_by  TEXT    NOT NULL, -- the process that claimed it last
	claimed_at  TEXT    NOT NULL,
	finished_at TEXT,
	error       TEXT    NOT NULL DEFAULT '',
	UNIQUE (kind, item_id, recipient, day)
);
CREATE INDEX reminders_day ON reminders (day);
