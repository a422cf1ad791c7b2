-- Staging refreshes the statistics of import_id alone while it loads an import's rows (see
-- ImportRows.analyze): what the planner needs is how many rows each import has, and a sample of
-- 3,000 rows (statistics target 10) tells it as well as the default 30,000 for the imports big
-- enough to matter. Measured alone on PostgreSQL 15, for a table of a million staged rows: 18 ms,
-- against 345 to 738 ms for the whole table at the default target.
alter table import_row alter column import_id set statistics 10;
