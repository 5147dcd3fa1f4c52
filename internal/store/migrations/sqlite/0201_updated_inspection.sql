-- The problem list by last change (sort=updated) of a wide scope walks
-- this index and checks each problem's inspection against the scope:
-- with the inspection in the index, without reading the problem.
DROP INDEX problems_updated;
CREATE INDEX problems_updated ON problems (updated, id, inspection_id);
