-- Base tables of one schema of the current database, with their comments.
SELECT table_name, comment
FROM duckdb_tables()
WHERE database_name = current_database()
  AND schema_name = coalesce(:schema, current_schema())
  AND NOT temporary
ORDER BY table_name
