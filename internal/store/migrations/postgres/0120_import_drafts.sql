-- Uploads waiting between their preview and their confirmation (the
-- notice import, kind 'notice'; the ledger import, 'ledger'), in the
-- database so that a preview made on one server behind a balancer is
-- confirmed on another. Data is the file as uploaded; meta what the
-- preview decided (JSON: the unit, the inspection, the document as read,
-- the digest of the plan shown). A draft is its uploader's, lives until
-- expires, and is removed when used, replaced, or swept after expiring.
CREATE TABLE import_drafts (
	id      text        PRIMARY KEY,
	user_id bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	kind    text        NOT NULL CHECK (kind IN ('notice', 'ledger')),
	name    text        NOT NULL DEFAULT '',
	data    bytea       NOT NULL,
	meta    bytea       NOT NULL,
	size    bigint      NOT NULL CHECK (size >= 0),
	created timestamptz NOT NULL,
	expires timestamptz NOT NULL
);
CREATE INDEX import_drafts_user ON import_drafts (user_id, kind, created);
CREATE INDEX import_drafts_kind ON import_drafts (kind, created);
CREATE INDEX import_drafts_expires ON import_drafts (expires);
