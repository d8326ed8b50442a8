-- Every column of every table of the schema, in declaration order.
SELECT table_name, column_name, data_type, column_default, is_nullable, comment
FROM duckdb_columns()
WHERE database_name = current_database()
  AND schema_name = coalesce(:schema, current_schema())
ORDER BY table_name, column_index
