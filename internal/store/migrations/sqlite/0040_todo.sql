-- The to-do list (待办) reads, for every signed-in person on every page,
-- the reminders given up after their last try and the problems a reviewer
-- sent back. The first are few among many sent: a partial index finds them
-- by day. The second are found through problems_status and the latest
-- status change of each problem (status_changes_problem).
CREATE INDEX reminders_failed ON reminders (day, kind, item_id) WHERE state = 'failed';
