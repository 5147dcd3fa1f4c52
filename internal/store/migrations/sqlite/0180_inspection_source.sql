-- The kind of rectification an inspection's findings come from (整改来源):
-- 巡视, 审计, 生态环境督察, 督查, 其他; '' is 巡察, the kind of every
-- inspection recorded before sources were told apart. The audit log leaves
-- the column out of a row's state while it is empty, so rows logged before
-- it stay as logged.

ALTER TABLE inspections ADD COLUMN source TEXT NOT NULL DEFAULT ''
	CHECK (source IN ('', 'xunshi', 'audit', 'environment', 'supervision', 'other'));
CREATE INDEX inspections_source ON inspections (source);
