-- The problems sent back to their unit (退回) are found from the few status
-- changes that are rejections, not from every problem in progress: a
-- partial index holds those alone. The to-do list (待办) counts them on
-- every page.
CREATE INDEX status_changes_rejections ON status_changes (problem_id, date, id) WHERE reason LIKE '退回：%';
