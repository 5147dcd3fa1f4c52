-- Copied texts (照搬照抄) as the last analysis of the record found them:
-- clusters of measures, progress reports or notices that copy one another,
-- and the texts of each with their problem, inspection and unit, for the
-- office's page (质量分析) and the flags on a unit's problems. Derived from
-- the record and replaced whole by each analysis (rectify similar --save,
-- the server's nightly work, the page's button); not audited. The score is
-- the cluster's mean similarity in hundredths.
CREATE TABLE similar_clusters (
	id    INTEGER PRIMARY KEY,
	kind  TEXT    NOT NULL,
	score INTEGER NOT NULL,
	units INTEGER NOT NULL,
	size  INTEGER NOT NULL
);
CREATE INDEX similar_clusters_kind ON similar_clusters (kind);

CREATE TABLE similar_members (
	cluster_id    INTEGER NOT NULL REFERENCES similar_clusters (id) ON DELETE CASCADE,
	text_kind     TEXT    NOT NULL,
	text_id       INTEGER NOT NULL,
	problem_id    INTEGER,
	inspection_id INTEGER NOT NULL,
	unit_id       INTEGER NOT NULL
);
CREATE INDEX similar_members_cluster ON similar_members (cluster_id, text_id);
CREATE INDEX similar_members_problem ON similar_members (problem_id);
CREATE INDEX similar_members_unit ON similar_members (unit_id, cluster_id);

-- When the analysis ran, over how many texts and from which similarity.
CREATE TABLE similar_runs (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	built  TEXT    NOT NULL,
	texts  INTEGER NOT NULL,
	least  INTEGER NOT NULL
);
