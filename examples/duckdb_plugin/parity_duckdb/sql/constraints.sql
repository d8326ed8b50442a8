-- Primary keys, uniques, checks and foreign keys (NOT NULL is read from the columns).
SELECT table_name, constraint_type, constraint_name, expression,
       constraint_column_names, referenced_table, referenced_column_names
FROM duckdb_constraints()
WHERE database_name = current_database()
  AND schema_name = coalesce(:schema, current_schema())
  AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'CHECK', 'FOREIGN KEY')
ORDER BY table_name, constraint_index
