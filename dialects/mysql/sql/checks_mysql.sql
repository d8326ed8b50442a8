-- MySQL 8.0.16+: CHECK constraints of one schema.  CHECK_CONSTRAINTS has no TABLE_NAME
-- column on MySQL, so the table comes from TABLE_CONSTRAINTS; MySQL check names are
-- unique within a schema, so the join is one-to-one.
SELECT tc.TABLE_NAME AS table_name, cc.CONSTRAINT_NAME AS name, cc.CHECK_CLAUSE AS sqltext
FROM information_schema.CHECK_CONSTRAINTS AS cc
JOIN information_schema.TABLE_CONSTRAINTS AS tc
  ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA
 AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME
 AND tc.CONSTRAINT_TYPE = 'CHECK'
WHERE cc.CONSTRAINT_SCHEMA = :schema
