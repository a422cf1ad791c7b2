-- A retried row is a new attempt of it: the stored outcome that makes redelivery harmless is
-- kept per attempt, so a retry is applied afresh while a redelivered attempt re-emits its outcome.
alter table applied_row add column attempt integer not null default 1;
alter table applied_row drop constraint applied_row_pkey;
alter table applied_row add primary key (import_id, row_number, attempt);

-- Imports an administrator cancelled: their rows not applied yet end CANCELLED.
create table cancelled_import (
    import_id    uuid primary key,
    cancelled_by varchar(100),
    cancelled_at timestamptz not null
);
