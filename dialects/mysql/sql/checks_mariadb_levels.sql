-- MariaDB 10.5.10+: as checks_mariadb.sql, with LEVEL ('Table' or 'Column').  The bulk
-- reader (bulk.py) reads no SHOW CREATE TABLE, whose CONSTRAINT lines are exactly the
-- table-level checks; LEVEL tells them apart from the column-level ones.
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, CHECK_CLAUSE AS sqltext, LEVEL
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = :schema
