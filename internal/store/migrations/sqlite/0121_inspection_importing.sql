-- An inspection being imported in batches (a notice of many problems):
-- the time of its latest batch, NULL once the import finished (and for
-- every inspection stored at once). Pages mark it 导入中; an import that
-- stopped (its server went down) is removed when no batch came for an
-- hour. Not part of the audited row: the log records the rows the
-- batches create, and a removal as deletions.
ALTER TABLE inspections ADD COLUMN importing TEXT;
CREATE INDEX inspections_importing ON inspections (importing) WHERE importing IS NOT NULL;
