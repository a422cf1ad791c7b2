-- Review before applying, mirror user, dry run, retries and cancellation.
alter table import_job add column review boolean not null default false;
alter table import_job add column mirror_user varchar(254);
-- the mirror user's memberships, captured once when the job starts (null until then)
alter table import_job add column mirror_groups text[];
alter table import_job add column mirror_business_units text[];
alter table import_job add column cancelled integer not null default 0;
-- the current attempt: 1, then one more for each retry of the failed rows
alter table import_job add column attempt integer not null default 1;
alter table import_job add column cancelled_by varchar(100);

drop index import_job_unfinished;
create index import_job_unfinished on import_job (status)
    where status in ('RECEIVED', 'VALIDATING', 'RUNNING', 'CANCELLING');

-- each row remembers its attempt: an outcome counts only for the attempt it belongs to
alter table import_row add column attempt integer not null default 1;
-- what review found: [{"column": ..., "problem": ..., "value": ...}], never a password; null when nothing
alter table import_row add column findings jsonb;
-- what an UPDATED row changed: [{"property": ..., "from": ..., "to": ...}]; null when nothing
alter table import_row add column changes jsonb;

create index import_row_findings on import_row (import_id, row_number) where review_error is not null;
