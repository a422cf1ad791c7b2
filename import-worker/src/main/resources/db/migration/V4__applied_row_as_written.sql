-- The stored outcome is only read back whole, by this service: kept as written (json), not parsed into jsonb.
alter table applied_row alter column event type json using event::json;
