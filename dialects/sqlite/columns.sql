-- Columns of every table, hidden ones included (2 = virtual, 3 = stored generated).
SELECT m.name AS table_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
FROM {master} AS m
JOIN pragma_table_xinfo(m.name, :schema) AS c
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~'
  AND (:names IS NULL
       OR m.name COLLATE NOCASE IN (SELECT value FROM json_each(:names)))
ORDER BY m.name, c.cid
