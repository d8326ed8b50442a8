-- Every foreign key member. When the DDL names no referred column ("to" is NULL), the
-- key refers to the parent's primary key: take the parent's pk column at this position.
-- :tables is the JSON array of the exact table names the master query found.
SELECT t.value AS table_name, f.id, f.seq, f."table", f."from",
       coalesce(f."to", (SELECT p.name FROM pragma_table_info(f."table", :schema) AS p
                         WHERE p.pk = f.seq + 1)) AS "to",
       f.on_update, f.on_delete, f."match"
FROM json_each(:tables) AS t
JOIN pragma_foreign_key_list(t.value, :schema) AS f
ORDER BY t.value, f.id, f.seq
