-- Indexes made by CREATE INDEX (constraints' own indexes are not listed here).
SELECT table_name, index_name, is_unique, expressions, sql
FROM duckdb_indexes()
WHERE database_name = current_database()
  AND schema_name = coalesce(:schema, current_schema())
  AND NOT is_primary
ORDER BY table_name, index_name
