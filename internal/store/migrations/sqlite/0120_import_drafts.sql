-- Uploads waiting between their preview and their confirmation (the
-- notice import, kind 'notice'; the ledger import, 'ledger'), in the
-- database so that a preview made on one server behind a balancer is
-- confirmed on another. Data is the file as uploaded; meta what the
-- preview decided (JSON: the unit, the inspection, the document as read,
-- the digest of the plan shown). A draft is its uploader's, lives until
-- expires, and is removed when used, replaced, or swept after expiring.
CREATE TABLE import_drafts (
	id      TEXT    PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind    TEXT    NOT NULL CHECK (kind IN ('notice', 'ledger')),
	name    TEXT    NOT NULL DEFAULT '',
	data    BLOB    NOT NULL,
	meta    BLOB    NOT NULL,
	size    INTEGER NOT NULL CHECK (size >= 0),
	created TEXT    NOT NULL,
	expires TEXT    NOT NULL
);
CREATE INDEX import_drafts_user ON import_drafts (user_id, kind, created);
CREATE INDEX import_drafts_kind ON import_drafts (kind, created);
CREATE INDEX import_drafts_expires ON import_drafts (expires);
