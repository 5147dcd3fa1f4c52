-- The inspections whose notice gave counts only (reported is not empty)
-- are few; the overview lists them on every request, so that it finds
-- them without reading every inspection.

CREATE INDEX inspections_reported ON inspections (id) WHERE reported <> '';
