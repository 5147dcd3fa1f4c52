-- The settings of one name, by unit: a list's warning windows are read
-- from the units that set one (store.SettingsUnder), not by probing the
-- settings of every unit of the subtree.
CREATE INDEX settings_name ON settings (name, unit_id);
