-- The problems of each status group in the order of inspection and
-- number, so that a light list (红灯, 黄灯) reads each group's branch in
-- the list's order and stops at the page (store.pageBranches): the open
-- statuses, whose light is by their deadline, and the long-term ones, by
-- their next milestone. The statuses must stay those of the store's
-- openDeadlineStatuses, in the same order.
CREATE INDEX problems_open_number ON problems (inspection_id, number, id, due)
	WHERE status IN ('mostly_completed', 'submitted', 'in_progress', 'not_completed', 'not_started');
CREATE INDEX problems_long_term_number ON problems (inspection_id, number, id, next_milestone)
	WHERE status = 'long_term';
