-- A failed row can be retried: the failure recorded is that of the row's latest attempt, and a
-- retry that succeeds removes it.
alter table import_failure add column attempt integer not null default 1;
