-- What the public form's limits count, in the database so that every
-- server behind a balancer counts the same senders: one row per event
-- and key (kind 'addr': an opinion from an address; 'net': from its
-- network; 'unit': to a unit; 'text': a text to a unit, by its hash;
-- 'lookup': a receipt looked up from an address; 'pow': a solved
-- challenge, so that it is used once). Rows older than two days are
-- removed hourly.
CREATE TABLE public_events (
	kind TEXT NOT NULL,
	key  TEXT NOT NULL,
	at   TEXT NOT NULL
);
CREATE INDEX public_events_key ON public_events (kind, key, at);
CREATE INDEX public_events_at ON public_events (at);

-- Secrets of the application that every server must share, made at
-- random once: the key that signs the public form's timestamps,
-- challenges and receipts.
CREATE TABLE app_secrets (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
