-- Columns of every table, hidden ones included (2 = virtual, 3 = stored generated).
-- :tables is the JSON array of the exact table names the master query found: iterating
-- it (rather than scanning sqlite_master again) costs nothing per table not asked for.
SELECT t.value AS table_name, c.cid, c.name, c.type, c."notnull", c.dflt_value, c.pk, c.hidden
FROM json_each(:tables) AS t
JOIN pragma_table_xinfo(t.value, :schema) AS c
ORDER BY t.value, c.cid
