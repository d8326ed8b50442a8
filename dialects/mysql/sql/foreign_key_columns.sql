-- The columns of every foreign key of one schema, one row per column pair; the caller
-- orders them by ORDINAL_POSITION.  Read here rather than from SHOW CREATE TABLE, whose
-- SQLAlchemy parser skips a key REFERENCES a table whose name holds a backtick.
SELECT TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION, COLUMN_NAME,
       REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = :schema
  AND REFERENCED_TABLE_NAME IS NOT NULL
