-- Core records of rectification work: the unit tree, inspections with their
-- findings, problems, measures and status history, progress with evidence,
-- rules, accountability, public comments and look-backs.
-- Dates are TEXT 'YYYY-MM-DD'; times are TEXT RFC 3339 in UTC with a fixed
-- nine-digit fraction, so that they sort as text.

CREATE TABLE units (
	id        INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES units (id),
	name      TEXT    NOT NULL,
	path      TEXT    NOT NULL DEFAULT '',
	phone     TEXT    NOT NULL DEFAULT '',
	address   TEXT    NOT NULL DEFAULT '',
	email     TEXT    NOT NULL DEFAULT '',
	version   INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX units_path ON units (path);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_name ON units (name);

CREATE TABLE inspections (
	id          INTEGER PRIMARY KEY,
	unit_id     INTEGER NOT NULL REFERENCES units (id),
	unit_name   TEXT    NOT NULL DEFAULT '',
	team        TEXT    NOT NULL DEFAULT '',
	kind        TEXT    NOT NULL DEFAULT '',
	round       INTEGER NOT NULL DEFAULT 0,
	start_date  TEXT,
	end_date    TEXT,
	feedback    TEXT,
	issuer      TEXT    NOT NULL DEFAULT '',
	title       TEXT    NOT NULL DEFAULT '',
	notice_date TEXT,
	deployer    TEXT    NOT NULL DEFAULT '',
	work        TEXT    NOT NULL DEFAULT '', -- JSON array of paragraphs
	next_steps  TEXT    NOT NULL DEFAULT '', -- JSON array of paragraphs
	phone       TEXT    NOT NULL DEFAULT '',
	address     TEXT    NOT NULL DEFAULT '',
	email       TEXT    NOT NULL DEFAULT '',
	published   INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created     TEXT    NOT NULL
);
CREATE INDEX inspections_unit ON inspections (unit_id);

CREATE TABLE findings (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
	number        INTEGER NOT NULL CHECK (number >= 0),
	title         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX findings_inspection ON findings (inspection_id, number);

CREATE TABLE problems (
	id             INTEGER PRIMARY KEY,
	inspection_id  INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
	finding_id     INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
	number         INTEGER NOT NULL CHECK (number >= 0),
	title          TEXT    NOT NULL,
	description    TEXT    NOT NULL DEFAULT '',
	track          TEXT    NOT NULL DEFAULT '',
	class          TEXT    NOT NULL DEFAULT '',
	leader         TEXT    NOT NULL DEFAULT '',
	owner_unit     TEXT    NOT NULL DEFAULT '',
	due            TEXT,
	opened         TEXT,
	status         TEXT    NOT NULL DEFAULT 'not_started' CHECK (status IN
		('not_started', 'in_progress', 'submitted', 'mostly_completed', 'not_completed', 'long_term', 'completed')),
	status_date    TEXT,
	next_milestone TEXT,
	version        INTEGER NOT NULL DEFAULT 1,
	updated        TEXT    NOT NULL
);
CREATE INDEX problems_inspection ON problems (inspection_id, number);
CREATE INDEX problems_finding ON problems (finding_id);
-- Covers the status and overdue filters, so that counting them reads no row.
CREATE INDEX problems_status ON problems (status, due, next_milestone);
CREATE INDEX problems_due ON problems (due);
CREATE INDEX problems_updated ON problems (updated);
CREATE INDEX problems_owner_unit ON problems (owner_unit);
CREATE INDEX problems_leader ON problems (leader);

CREATE TABLE measures (
	id         INTEGER PRIMARY KEY,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	number     INTEGER NOT NULL CHECK (number >= 0),
	grp        TEXT    NOT NULL DEFAULT '', -- sub-issue heading ("关于…的问题")
	text       TEXT    NOT NULL,
	owner      TEXT    NOT NULL DEFAULT '',
	due        TEXT,
	done       TEXT,
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX measures_problem ON measures (problem_id, number, done);

CREATE TABLE status_changes (
	id             INTEGER PRIMARY KEY,
	problem_id     INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	status         TEXT    NOT NULL CHECK (status IN
		('not_started', 'in_progress', 'submitted', 'mostly_completed', 'not_completed', 'long_term', 'completed')),
	class          TEXT    NOT NULL DEFAULT '',
	date           TEXT    NOT NULL,
	author         TEXT    NOT NULL DEFAULT '',
	reason         TEXT    NOT NULL DEFAULT '',
	text           TEXT    NOT NULL DEFAULT '',
	next_milestone TEXT
);
CREATE INDEX status_changes_problem ON status_changes (problem_id, date, id);

CREATE TABLE progress (
	id         INTEGER PRIMARY KEY,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	measure_id INTEGER REFERENCES measures (id) ON DELETE SET NULL,
	date       TEXT    NOT NULL,
	text       TEXT    NOT NULL,
	author     TEXT    NOT NULL DEFAULT '',
	created    TEXT    NOT NULL
);
CREATE INDEX progress_problem ON progress (problem_id, date, id);
CREATE INDEX progress_measure ON progress (measure_id);

CREATE TABLE evidence (
	id           INTEGER PRIMARY KEY,
	progress_id  INTEGER NOT NULL REFERENCES progress (id) ON DELETE CASCADE,
	problem_id   INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	name         TEXT    NOT NULL,
	content_type TEXT    NOT NULL DEFAULT '',
	size         INTEGER NOT NULL,
	sha256       TEXT    NOT NULL,
	created      TEXT    NOT NULL
);
CREATE INDEX evidence_progress ON evidence (progress_id);
CREATE INDEX evidence_problem ON evidence (problem_id);
CREATE INDEX evidence_sha256 ON evidence (sha256);

-- The bytes live apart from the metadata so that lists stay light.
CREATE TABLE evidence_content (
	evidence_id INTEGER PRIMARY KEY REFERENCES evidence (id) ON DELETE CASCADE,
	data        BLOB    NOT NULL
);

CREATE TABLE rules (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
	title         TEXT    NOT NULL,
	kind          TEXT    NOT NULL CHECK (kind IN ('new', 'revised')),
	date          TEXT    NOT NULL
);
CREATE INDEX rules_inspection ON rules (inspection_id);

CREATE TABLE rule_problems (
	rule_id    INTEGER NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	PRIMARY KEY (rule_id, problem_id)
);
CREATE INDEX rule_problems_problem ON rule_problems (problem_id);

CREATE TABLE accountability (
	id            INTEGER PRIMARY KEY,
	inspection_id INTEGER NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
	problem_id    INTEGER REFERENCES problems (id) ON DELETE SET NULL,
	person        TEXT    NOT NULL,
	form          TEXT    NOT NULL,
	date          TEXT    NOT NULL,
	reason        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX accountability_inspection ON accountability (inspection_id);
CREATE INDEX accountability_problem ON accountability (problem_id);

CREATE TABLE public_comments (
	id            INTEGER PRIMARY KEY,
	unit_id       INTEGER NOT NULL REFERENCES units (id),
	inspection_id INTEGER REFERENCES inspections (id) ON DELETE SET NULL,
	problem_id    INTEGER REFERENCES problems (id) ON DELETE SET NULL,
	name          TEXT    NOT NULL DEFAULT '',
	contact       TEXT    NOT NULL,
	text          TEXT    NOT NULL,
	state         TEXT    NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'triaged', 'assigned', 'replied', 'closed')),
	assignee      TEXT    NOT NULL DEFAULT '',
	reply         TEXT    NOT NULL DEFAULT '',
	reply_public  INTEGER NOT NULL DEFAULT 0,
	received      TEXT    NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX public_comments_unit ON public_comments (unit_id, state, received);
CREATE INDEX public_comments_state ON public_comments (state, received);
CREATE INDEX public_comments_inspection ON public_comments (inspection_id);
CREATE INDEX public_comments_problem ON public_comments (problem_id);

CREATE TABLE rechecks (
	id         INTEGER PRIMARY KEY,
	problem_id INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	due        TEXT    NOT NULL,
	done       TEXT,
	result     TEXT    NOT NULL DEFAULT '' CHECK (result IN ('', 'passed', 'failed')),
	reviewer   TEXT    NOT NULL DEFAULT '',
	note       TEXT    NOT NULL DEFAULT '',
	sampled    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rechecks_problem ON rechecks (problem_id);
CREATE INDEX rechecks_due ON rechecks (due) WHERE done IS NULL;

-- Search text of a problem: its title, description, measures and progress
-- in lower case, rebuilt by the store on every write that touches them.
CREATE TABLE problem_search (
	problem_id INTEGER PRIMARY KEY REFERENCES problems (id) ON DELETE CASCADE,
	body       TEXT    NOT NULL
);

-- Chinese full-text index: trigrams match any term of three characters or
-- more (two-character words: see problem_pairs below; single characters fall
-- back to LIKE on problem_search). The index reads
-- its text from problem_search (external content) and follows it through
-- these triggers, cascaded deletes included.
CREATE VIRTUAL TABLE problem_fts USING fts5 (
	body,
	content = 'problem_search',
	content_rowid = 'problem_id',
	tokenize = 'trigram'
);
CREATE TRIGGER problem_search_ai AFTER INSERT ON problem_search BEGIN
	INSERT INTO problem_fts (rowid, body) VALUES (new.problem_id, new.body);
END;
CREATE TRIGGER problem_search_ad AFTER DELETE ON problem_search BEGIN
	INSERT INTO problem_fts (problem_fts, rowid, body) VALUES ('delete', old.problem_id, old.body);
END;
CREATE TRIGGER problem_search_au AFTER UPDATE ON problem_search BEGIN
	INSERT INTO problem_fts (problem_fts, rowid, body) VALUES ('delete', old.problem_id, old.body);
	INSERT INTO problem_fts (rowid, body) VALUES (new.problem_id, new.body);
END;

-- Words of two characters (整改, 规划, 台账) are too short for trigrams. A
-- second index holds the overlapping pairs of Chinese characters of the same
-- text, written by the store ("巡查台账" → "巡查 查台 台账"), so that such a
-- word is one token. It keeps no copy of the text (contentless) and loses a
-- problem's row with its search text, cascaded deletes included.
CREATE VIRTUAL TABLE problem_pairs USING fts5 (
	body,
	content = '',
	contentless_delete = 1,
	tokenize = 'unicode61'
);
CREATE TRIGGER problem_search_pairs_ad AFTER DELETE ON problem_search BEGIN
	DELETE FROM problem_pairs WHERE rowid = old.problem_id;
END;
