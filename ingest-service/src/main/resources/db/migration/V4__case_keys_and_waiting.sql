-- Duplicates within a file are found by the pipeline's case key (io.userimport.model.CaseKey),
-- the one the directory compares, not by the database's lower().
alter table import_row add column login_key varchar(1000);
alter table import_row add column email_key varchar(1000);
update import_row set login_key = lower(login_id), email_key = lower(email);

-- What a running job waits for is shown in its error column while waiting is true; when its last
-- outcome arrived (a job without progress for a while is looked after); how often its rows
-- without an outcome were sent again; how often an unexpected error interrupted it in a row.
alter table import_job add column waiting boolean not null default false;
alter table import_job add column last_progress_at timestamptz;
alter table import_job add column republished integer not null default 0;
alter table import_job add column interruptions integer not null default 0;
