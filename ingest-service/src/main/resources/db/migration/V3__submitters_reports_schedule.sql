-- Who to send the completion report to, whether a job was started by the schedule, and which
-- attempt's report has been handed to Kafka (a job finished before this version counts as told).
alter table import_job add column submitted_by_email varchar(254);
alter table import_job add column scheduled boolean not null default false;
alter table import_job add column reported_attempt integer not null default 0;
update import_job set reported_attempt = attempt where status in ('COMPLETED', 'FAILED', 'CANCELLED');

create index import_job_unreported on import_job (finished_at)
    where status in ('COMPLETED', 'FAILED', 'CANCELLED') and reported_attempt < attempt;

-- findings may now be warnings, which do not keep a row from being applied
drop index import_row_findings;
create index import_row_findings on import_row (import_id, row_number) where findings is not null;
