-- The secret part of an opinion's receipt number (回执编号): with it, and
-- only with it, the sender looks up the opinion's state and public reply
-- on the public page. Ten hexadecimal digits from crypto/rand, made by the
-- store with the opinion. Opinions received before keep none: their
-- receipts (day and number only) were guessable, so they are looked up by
-- telephone as before.
ALTER TABLE public_comments ADD COLUMN receipt_code TEXT NOT NULL DEFAULT '';
