-- Per column of one schema, what SHOW CREATE TABLE parsing cannot give:
-- * the effective collation (SHOW CREATE TABLE omits one equal to the table default);
-- * the comment, where the parser lost it (it stops at a \' escape in the default);
-- * the default, used for BIT columns, whose b'...' default SQLAlchemy's parser
--   drops, and on MariaDB for any default the parser lost (it stops at a \' escape);
--   MySQL 8 does not quote literals here, so there SHOW CREATE TABLE stays the reference.
-- MariaDB's COLUMN_DEFAULT is the bare word NULL for DEFAULT NULL, which is no default,
-- so such rows are left out (a quarter of the rows at 1,000 generated tables); a string
-- default 'NULL' is quoted there, and on MySQL it belongs to a character column, which
-- is kept for its collation.
SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME, COLUMN_DEFAULT, DATA_TYPE, COLUMN_COMMENT
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = :schema
  AND (COLLATION_NAME IS NOT NULL OR DATA_TYPE = 'bit'
       OR (COLUMN_DEFAULT IS NOT NULL AND COLUMN_DEFAULT <> 'NULL')
       OR COLUMN_COMMENT <> '')
