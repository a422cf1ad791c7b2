-- Rows are reviewed, staged and published batch by batch: a job knows its total from a first pass
-- over the file, and how many rows it has staged so far, so a stopped service resumes after them.
alter table import_job add column staged_rows integer not null default 0;
update import_job set staged_rows = total_rows;
-- when the attempt's first outcome arrived, and how many rows had theirs before it began: the
-- job's rows per second and its time to completion are measured from these
alter table import_job add column first_outcome_at timestamptz;
alter table import_job add column attempt_base integer not null default 0;

-- A later row with the login id or email of an earlier one is a duplicate: staging looks the
-- batch's keys up here instead of comparing the whole file at the end.
create index import_row_login_key on import_row (import_id, login_key) where login_key is not null;
create index import_row_email_key on import_row (import_id, email_key) where email_key is not null;
