-- Login ids, emails and names are compared by a key the services compute (io.userimport.model.CaseKey),
-- never by the database's lower(), which depends on its locale and differs from Java's for letters
-- such as the dotted capital I: the two disagreeing turned a row into a constraint violation. Rows
-- written before this version get lower(), which is the same key for ASCII.
alter table directory_user add column login_key varchar(254);
alter table directory_user add column email_key varchar(254);
update directory_user set login_key = lower(login_id), email_key = lower(email);
alter table directory_user alter column login_key set not null;
drop index directory_user_login_id;
drop index directory_user_email;
create unique index directory_user_login_key on directory_user (login_key);
create unique index directory_user_email_key on directory_user (email_key);

alter table user_group add column name_key varchar(100);
update user_group set name_key = lower(name);
alter table user_group alter column name_key set not null;
drop index user_group_name;
create unique index user_group_name_key on user_group (name_key);

alter table business_unit add column name_key varchar(100);
update business_unit set name_key = lower(name);
alter table business_unit alter column name_key set not null;
drop index business_unit_name;
create unique index business_unit_name_key on business_unit (name_key);
