-- Every foreign key member. When the DDL names no referred column ("to" is NULL), the
-- key refers to the parent's primary key: take the parent's pk column at this position.
SELECT m.name AS table_name, f.id, f.seq, f."table", f."from",
       coalesce(f."to", (SELECT p.name FROM pragma_table_info(f."table", :schema) AS p
                         WHERE p.pk = f.seq + 1)) AS "to",
       f.on_update, f.on_delete, f."match"
FROM {master} AS m
JOIN pragma_foreign_key_list(m.name, :schema) AS f
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~'
  AND (:names IS NULL
       OR m.name COLLATE NOCASE IN (SELECT value FROM json_each(:names)))
ORDER BY m.name, f.id, f.seq
