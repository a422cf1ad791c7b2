-- Activation is an outbox: spending a welcome link stores the chosen password's hash with the
-- spent token in one statement, and a publisher hands it to the directory as a UserActivated
-- event, then forgets it. A crash in between publishes it later; nothing is lost, no link is
-- spent for nothing.
alter table welcome_email add column activation_hash varchar(200);
create index welcome_email_activation_due on welcome_email (token_used_at) where activation_hash is not null;

-- An administrator may send a welcome email again: a fresh link, the old one revoked, and a
-- Message-ID of its own (resends counts them).
alter table welcome_email add column resends integer not null default 0;

-- A user's welcome emails are found by the pipeline's case key of the login id (io.userimport.model.CaseKey).
alter table welcome_email add column login_key varchar(254);
update welcome_email set login_key = lower(login_id);
create index welcome_email_login_key on welcome_email (login_key, created_at);
