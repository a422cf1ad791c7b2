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

-- A row is written twice: staged, then given its outcome. The outcome's update stays on the row's
-- page and touches no index (a HOT update) when no indexed column changes and the page has room:
-- rows of one outcome are found by scanning the import's rows in order, not by an index on it.
drop index import_row_outcome;
alter table import_row set (fillfactor = 60);
-- Only this service reads these documents back: kept as written (json), not parsed into jsonb.
alter table import_row alter column user_fields type json using user_fields::json,
                       alter column original type json using original::json,
                       alter column findings type json using findings::json,
                       alter column changes type json using changes::json;
