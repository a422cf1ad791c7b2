-- Completion reports form an outbox like welcome emails: one row per import attempt that
-- finished (whatever the redeliveries of its ImportFinished event), sent once to whoever started it.
-- A report claimed for sending (SENDING) whose lease ran out, because the sender died while
-- sending it, is claimed again and sent with the same Message-ID.
create table completion_report (
    import_id       uuid         not null,
    attempt         integer      not null,
    report_to       varchar(254),
    event           jsonb        not null,
    status          varchar(20)  not null,
    attempts        integer      not null default 0,
    next_attempt_at timestamptz  not null default now(),
    lease_until     timestamptz,
    error           text,
    created_at      timestamptz  not null default now(),
    sent_at         timestamptz,
    primary key (import_id, attempt)
);
create index completion_report_due on completion_report (next_attempt_at) where status in ('PENDING', 'SENDING');
