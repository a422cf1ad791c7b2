-- The user directory. Login ids, emails and names of groups and business units are unique
-- case-insensitively.
create table user_group (
    id         bigserial primary key,
    name       varchar(100) not null,
    created_at timestamptz  not null default now()
);
create unique index user_group_name on user_group (lower(name));

create table business_unit (
    id         bigserial primary key,
    name       varchar(100) not null,
    created_at timestamptz  not null default now()
);
create unique index business_unit_name on business_unit (lower(name));

create table directory_user (
    id                 bigserial primary key,
    login_id           varchar(254) not null,
    email              varchar(254),
    first_name         varchar(100),
    last_name          varchar(100),
    full_name          varchar(200),
    auth_type          varchar(10)  not null,
    distinguished_name varchar(500),
    password_hash      varchar(200),
    status             varchar(30)  not null,
    built_in           boolean      not null default false,
    created_by_import  uuid,
    created_at         timestamptz  not null default now(),
    updated_at         timestamptz  not null default now()
);
create unique index directory_user_login_id on directory_user (lower(login_id));
create unique index directory_user_email on directory_user (lower(email));

create table user_group_member (
    user_id  bigint not null references directory_user (id) on delete cascade,
    group_id bigint not null references user_group (id),
    primary key (user_id, group_id)
);

create table user_business_unit (
    user_id          bigint not null references directory_user (id) on delete cascade,
    business_unit_id bigint not null references business_unit (id),
    primary key (user_id, business_unit_id)
);

-- Every row event ever applied, with the outcome event it produced. Written in the same
-- transaction as the row's change to the directory, so a redelivered row re-emits this outcome
-- instead of being applied again.
create table applied_row (
    import_id  uuid        not null,
    row_number integer     not null,
    outcome    varchar(20) not null,
    event      jsonb       not null,
    applied_at timestamptz not null default now(),
    primary key (import_id, row_number)
);

-- The built-in Administrator, a member of the Security Administrators group.
insert into user_group (name) values ('Security Administrators');
insert into directory_user (login_id, email, full_name, auth_type, status, built_in)
values ('admin', 'admin@localhost', 'Administrator', 'NATIVE', 'ACTIVE', true);
insert into user_group_member (user_id, group_id)
select u.id, g.id from directory_user u, user_group g where u.login_id = 'admin' and g.name = 'Security Administrators';
