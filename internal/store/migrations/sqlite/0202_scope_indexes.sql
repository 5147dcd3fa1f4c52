-- A list of a unit's subtree reads the subtree's inspections: the units
-- by the range of their paths, then each unit's inspections. With the id
-- in both indexes, each is read from its index alone (on PostgreSQL an
-- index-only scan rather than a scan of every inspection joined by hash;
-- on SQLite the rowid was in them already).
DROP INDEX units_path;
CREATE INDEX units_path ON units (path, id);
DROP INDEX inspections_unit;
CREATE INDEX inspections_unit ON inspections (unit_id, id);
