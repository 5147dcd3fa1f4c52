-- The notice's own texts, typed once per inspection: the opening paragraph
-- (开头段) as the unit writes it, and the postal mailbox (邮政信箱) of the
-- public channel, of an inspection's notice and of a unit's default channel.
-- Empty means "not given": the notice then writes its opening from the
-- inspection's facts and prints no mailbox. The audit log leaves the columns
-- out of a row's state while they are empty, so rows logged before them stay
-- as logged.

ALTER TABLE inspections ADD COLUMN opening text NOT NULL DEFAULT '';
ALTER TABLE inspections ADD COLUMN mailbox text NOT NULL DEFAULT '';
ALTER TABLE units ADD COLUMN mailbox text NOT NULL DEFAULT '';
