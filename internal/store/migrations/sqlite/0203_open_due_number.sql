-- The open problems by deadline, then in the order of inspection and
-- number: a yellow list (黄灯, a window of a few days' deadlines) of many
-- matches reads each day's problems in the list's order and stops at the
-- page (store.pageBranches), rather than walking every open problem for
-- the few in the window. Both indexes of open problems hold the status,
-- so that the condition on it (the five statuses) is checked in the index
-- and a branch is read from its index alone. The statuses must stay those
-- of the store's openDeadlineStatuses, in the same order.
CREATE INDEX problems_open_due_number ON problems (due, inspection_id, number, id, status)
	WHERE status IN ('mostly_completed', 'submitted', 'in_progress', 'not_completed', 'not_started');
DROP INDEX problems_open_number;
CREATE INDEX problems_open_number ON problems (inspection_id, number, id, due, status)
	WHERE status IN ('mostly_completed', 'submitted', 'in_progress', 'not_completed', 'not_started');
