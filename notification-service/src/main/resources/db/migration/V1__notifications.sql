-- Welcome emails form an outbox: a result event inserts a PENDING row (once, whatever the
-- redeliveries), the sender claims it (SENDING, with a fresh token whose hash alone is stored),
-- sends it and marks it SENT. A row left SENDING by a crash is never resent automatically, so
-- nobody gets the same welcome email twice.
create table welcome_email (
    import_id        uuid         not null,
    row_number       integer      not null,
    login_id         varchar(254) not null,
    email            varchar(254) not null,
    first_name       varchar(100),
    full_name        varchar(200),
    status           varchar(20)  not null,
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz  not null default now(),
    token_hash       varchar(64),
    token_expires_at timestamptz,
    token_used_at    timestamptz,
    error            text,
    created_at       timestamptz  not null default now(),
    sent_at          timestamptz,
    primary key (import_id, row_number)
);
create index welcome_email_due on welcome_email (next_attempt_at) where status = 'PENDING';
create unique index welcome_email_token on welcome_email (token_hash);

-- Every failed row, once, with its reason.
create table import_failure (
    import_id   uuid         not null,
    row_number  integer      not null,
    login_id    varchar(1000),
    email       varchar(1000),
    reason      text         not null,
    recorded_at timestamptz  not null default now(),
    primary key (import_id, row_number)
);
