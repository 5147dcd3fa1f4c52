-- Search texts are now folded (traditional characters as simplified, 台帐
-- as 台账, full-width as half-width) as queries are: every problem's text is
-- rebuilt by the store before the next search.
INSERT OR IGNORE INTO search_stale (problem_id) SELECT id FROM problems;
