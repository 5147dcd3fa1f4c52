-- The problem list sorted by status (in the display order of
-- rectify.Statuses, then by deadline, missing deadlines last): an index on
-- the same expressions as the store's ORDER BY, so that a page is read
-- from it instead of sorting every match. The expressions must stay those
-- that store.sortKeys writes.
CREATE INDEX problems_status_order ON problems ((CASE status WHEN 'completed' THEN 0 WHEN 'long_term' THEN 1 WHEN 'mostly_completed' THEN 2 WHEN 'submitted' THEN 3 WHEN 'in_progress' THEN 4 WHEN 'not_completed' THEN 5 WHEN 'not_started' THEN 6 ELSE 99 END), (CASE WHEN due IS NULL THEN 1 ELSE 0 END), due, id);
