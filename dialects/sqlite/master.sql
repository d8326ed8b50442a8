-- Every table and index of one schema, with the stored CREATE text.
-- {master} is the quoted "schema".sqlite_master; the names parameter is a JSON array or NULL.
-- Table names compare ASCII case-insensitively, as SQLite compares identifiers.
SELECT m.type, m.name, m.tbl_name, m.sql
FROM {master} AS m
WHERE m.type IN ('table', 'index')
  AND m.tbl_name NOT LIKE 'sqlite~_%' ESCAPE '~'
  AND (:names IS NULL
       OR m.tbl_name COLLATE NOCASE IN (SELECT value FROM json_each(:names)))
ORDER BY m.type DESC, m.tbl_name, m.name
