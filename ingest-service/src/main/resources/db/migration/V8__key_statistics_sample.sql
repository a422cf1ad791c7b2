-- Staging's statistics refresh covers the login id and email keys too (see ImportRows.analyze): in
-- a table never analyzed, the planner expected each key of a batch to match a hundredth of the
-- import, and hashed all of its rows per batch. A sample of 3,000 rows tells it each key is rare
-- as well as the default 30,000: the three columns took 35 to 52 ms on 300,000 staged rows,
-- measured alone on PostgreSQL 15.
alter table import_row alter column login_key set statistics 10,
                       alter column email_key set statistics 10;
