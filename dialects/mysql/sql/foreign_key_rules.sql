-- ON UPDATE / ON DELETE of every foreign key of one schema.  Constraint names are
-- unique per table (InnoDB: per schema), hence TABLE_NAME.  Not joined with
-- KEY_COLUMN_USAGE in SQL: MariaDB then scans information_schema of every database
-- (EXPLAIN: "Scanned all databases"), 200 ms at 5,000 tables against 13 ms for the two
-- narrowed reads.
SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = :schema
