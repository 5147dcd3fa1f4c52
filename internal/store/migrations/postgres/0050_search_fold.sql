-- Problems whose search text awaits rebuilding. On PostgreSQL search texts
-- are rebuilt with every change; this table holds those a migration makes
-- stale, rebuilt by the store before the next search.
CREATE TABLE search_stale (
	problem_id bigint PRIMARY KEY REFERENCES problems (id) ON DELETE CASCADE
);

-- Search texts are now folded (traditional characters as simplified, 台帐
-- as 台账, full-width as half-width) as queries are: every problem's text is
-- rebuilt.
INSERT INTO search_stale (problem_id) SELECT id FROM problems;
