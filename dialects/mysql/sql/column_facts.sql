-- Per column of one schema, what SHOW CREATE TABLE parsing cannot give:
-- * the effective collation (SHOW CREATE TABLE omits one equal to the table default);
-- * the default, used only for BIT columns, whose b'...' default SQLAlchemy's
--   parser drops (MariaDB quotes other literals here, MySQL 8 does not, so the
--   SHOW CREATE TABLE text stays the reference for everything else).
SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME, COLUMN_DEFAULT, DATA_TYPE
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = %(schema)s
  AND (COLLATION_NAME IS NOT NULL OR DATA_TYPE = 'bit')
