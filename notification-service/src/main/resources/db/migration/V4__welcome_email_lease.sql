-- A welcome email claimed for sending holds a lease: if its sender dies while sending it, the
-- email is claimed again once the lease has passed and sent with the same Message-ID (and a
-- fresh link), so a crash costs at most one duplicate instead of a user who never gets a link.
alter table welcome_email add column lease_until timestamptz;
drop index welcome_email_due;
create index welcome_email_due on welcome_email (next_attempt_at) where status in ('PENDING', 'SENDING');
