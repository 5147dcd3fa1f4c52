-- Indexes that match the problem list's filters and orders, so that a
-- page reads what it shows (EXPLAIN QUERY PLAN / EXPLAIN in the store's
-- plan test):
--  - by inspection and number, covering the status and deadline columns
--    that the light and status filters check, so that a page of a unit's
--    subtree walks one index without reading rows;
--  - by status then deadline then id: a status filter sorted by deadline,
--    and the deadline lights (red, yellow, green) of open problems, each
--    a range; covering next_milestone as the old index did;
--  - the next milestone of long-term problems, for their lights;
--  - deadline and last change with the id, the tie-break of both orders.
DROP INDEX problems_inspection;
CREATE INDEX problems_inspection ON problems (inspection_id, number, id, status, due, next_milestone);
DROP INDEX problems_status;
CREATE INDEX problems_status ON problems (status, due, id, next_milestone);
CREATE INDEX problems_milestone ON problems (next_milestone, id) WHERE status = 'long_term';
DROP INDEX problems_due;
CREATE INDEX problems_due ON problems (due, id);
DROP INDEX problems_updated;
CREATE INDEX problems_updated ON problems (updated, id);

