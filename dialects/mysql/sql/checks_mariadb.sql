-- MariaDB 10.2+: CHECK constraints of one schema.  Names are unique only per table
-- (a column-level check is named after its column), hence TABLE_NAME.  The column-level
-- checks, such as the json_valid() MariaDB adds to a JSON column, are missing from
-- SHOW CREATE TABLE's CONSTRAINT lines and so from SQLAlchemy's reflection.
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS sqltext
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = :schema
