-- Import jobs and their rows. A row is staged here when its file is reviewed; its outcome is
-- written once, when the first result event for it arrives (a redelivered event changes nothing).
create table import_job (
    id                  uuid primary key,
    status              varchar(20)  not null,
    mode                varchar(20)  not null,
    dry_run             boolean      not null default false,
    skip_invalid_rows   boolean      not null,
    send_welcome_emails boolean      not null,
    identified_by_email boolean      not null default false,
    file_name           varchar(255),
    file_columns        text[]       not null default '{}',
    file_warnings       text[]       not null default '{}',
    total_rows          integer      not null default 0,
    invalid_rows        integer      not null default 0,
    published_rows      integer      not null default 0,
    processed_rows      integer      not null default 0,
    created             integer      not null default 0,
    updated             integer      not null default 0,
    unchanged           integer      not null default 0,
    failed              integer      not null default 0,
    warnings            integer      not null default 0,
    error               text,
    submitted_by        varchar(100) not null,
    submitted_at        timestamptz  not null,
    started_at          timestamptz,
    finished_at         timestamptz
);

create index import_job_submitted_at on import_job (submitted_at desc);
create index import_job_unfinished on import_job (status) where status in ('RECEIVED', 'VALIDATING', 'RUNNING');

create table import_row (
    import_id     uuid    not null references import_job (id) on delete cascade,
    row_number    integer not null,
    login_id      varchar(1000),
    email         varchar(1000),
    -- what is published for the row: the user's fields with a password hash, never a password
    user_fields   jsonb   not null,
    -- the row's cells as uploaded, by header, without the password column
    original      jsonb   not null,
    review_error  text,
    outcome       varchar(20),
    reason        text,
    warnings      text[]  not null default '{}',
    processed_at  timestamptz,
    primary key (import_id, row_number)
);

create index import_row_outcome on import_row (import_id, outcome, row_number);
