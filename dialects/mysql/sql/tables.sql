-- The base tables of one schema (SQLAlchemy's get_table_names counts MariaDB's
-- system-versioned tables as tables too; views and sequences are not).
SELECT TABLE_NAME
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = :schema
  AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')
