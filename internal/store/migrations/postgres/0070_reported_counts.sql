-- The counts an imported notice reported (its summary lines), kept as they
-- were stated: a notice that gives counts only is an inspection with these
-- and no problems. A JSON array; empty when the notice gave none. The audit
-- log leaves the column out of a row's state while it is empty, so rows
-- logged before it stay as logged.

ALTER TABLE inspections ADD COLUMN reported TEXT NOT NULL DEFAULT '';
