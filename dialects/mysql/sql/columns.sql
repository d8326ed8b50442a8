-- MariaDB: every column of one schema, all SHOW CREATE TABLE says of it, in the
-- catalog's own words: COLUMN_TYPE is the type text SHOW CREATE TABLE prints (with
-- unsigned/zerofill), COLUMN_DEFAULT the default expression (literals quoted, the word
-- NULL for DEFAULT NULL), EXTRA auto_increment / "on update ..." / "VIRTUAL GENERATED".
SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, CHARACTER_SET_NAME,
       COLLATION_NAME, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION,
       COLUMN_COMMENT, DATA_TYPE
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = :schema
