-- What the public notice shows was done for a problem (整改情况): the
-- progress report the unit marks as standing in the notice, or one public
-- sentence (公开表述) it writes instead. NULL and '' mean "not chosen": the
-- notice shows the latest report. The use case checks that the report is
-- one of the problem's own. The audit log leaves the columns out of a
-- problem's state while they are empty, so rows logged before them stay as
-- logged.

ALTER TABLE problems ADD COLUMN public_progress_id bigint;
ALTER TABLE problems ADD COLUMN public_text text NOT NULL DEFAULT '';
