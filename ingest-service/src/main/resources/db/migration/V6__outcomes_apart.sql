-- Each row's outcome, one per attempt, in a table of its own. A row used to be written twice:
-- staged, then updated with its outcome, which rewrote the whole staged row (its two JSON
-- documents too). An outcome is now one narrow insert, and the outcomes of a retried row's earlier
-- attempts are kept. The row's current attempt is the staged row's attempt.
create table row_outcome (
    import_id    uuid        not null,
    row_number   integer     not null,
    attempt      integer     not null,
    outcome      varchar(20) not null,
    reason       text,
    warnings     text[]      not null default '{}',
    changes      json,
    processed_at timestamptz not null,
    primary key (import_id, row_number, attempt)
);
insert into row_outcome (import_id, row_number, attempt, outcome, reason, warnings, changes, processed_at)
select import_id, row_number, attempt, outcome, reason, warnings, changes, coalesce(processed_at, now())
from import_row where outcome is not null;

alter table import_row drop column outcome, drop column reason, drop column warnings, drop column changes,
                       drop column processed_at;
-- staged rows are no longer updated in place: no room to keep free on each page for that
alter table import_row set (fillfactor = 100);
-- Rows are staged only by the service that holds their job, and jobs are never deleted: the
-- foreign key's check on every staged row (a trigger per row) guarded nothing.
alter table import_row drop constraint import_row_import_id_fkey;

-- A row's cells as uploaded are kept as an array in the order of the job's file_columns (null for
-- the password columns), not as an object repeating every header name in every row: a third of
-- the staged row. Rows staged before are converted by the same keys the object had.
update import_row r
set original = coalesce((
        select json_agg(r.original -> (case when h.name = '' then 'column ' || h.i else h.name end) order by h.i)
        from import_job j cross join unnest(j.file_columns) with ordinality as h(name, i)
        where j.id = r.import_id), '[]')
where json_typeof(r.original) = 'object' and r.original::text <> '{}';
update import_row set original = '[]' where json_typeof(original) = 'object';
