-- MariaDB: the base tables of one schema (as tables.sql) with the options SHOW CREATE
-- TABLE's last line gives: engine, default collation, comment.  (The character set is
-- the collation's prefix; joining COLLATIONS for it tripled the statement's time.)
SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = :schema
  AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
