-- The figures of a progress report (整改成效的数字): money recovered (in 元),
-- rules made or revised, people held accountable by form, things counted
-- with their measure word. Read from the report's text and confirmed or
-- corrected by the unit; audited like the record. value is the figure as a
-- canonical decimal text ("126000", "8.5"), the same bytes on both
-- databases. progress.quantified marks a report whose figures were read
-- (by its form, or afterwards for reports older than this table).
CREATE TABLE progress_quantities (
	id          INTEGER PRIMARY KEY,
	progress_id INTEGER NOT NULL REFERENCES progress (id) ON DELETE CASCADE,
	problem_id  INTEGER NOT NULL REFERENCES problems (id) ON DELETE CASCADE,
	kind        TEXT    NOT NULL CHECK (kind IN ('money', 'rule', 'person', 'count')),
	meaning     TEXT    NOT NULL DEFAULT '',
	value       TEXT    NOT NULL,
	unit        TEXT    NOT NULL,
	approx      INTEGER NOT NULL DEFAULT 0,
	part        INTEGER NOT NULL DEFAULT 0,
	text        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX progress_quantities_progress ON progress_quantities (progress_id);
CREATE INDEX progress_quantities_problem ON progress_quantities (problem_id, kind);
ALTER TABLE progress ADD COLUMN quantified INTEGER NOT NULL DEFAULT 0;
CREATE INDEX progress_unquantified ON progress (id) WHERE quantified = 0;
