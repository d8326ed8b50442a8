-- Every index with its key members. origin: 'c' CREATE INDEX, 'u' UNIQUE, 'pk' PRIMARY KEY.
-- ix.cid is -2 for an expression member, -1 for the rowid.
SELECT m.name AS table_name, il.seq, il.name AS index_name, il."unique", il.origin,
       il.partial, ix.seqno, ix.cid, ix.name, ix."desc", ix.coll
FROM {master} AS m
JOIN pragma_index_list(m.name, :schema) AS il
JOIN pragma_index_xinfo(il.name, :schema) AS ix
WHERE m.type = 'table'
  AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~'
  AND ix.key = 1
  AND (:names IS NULL
       OR m.name COLLATE NOCASE IN (SELECT value FROM json_each(:names)))
ORDER BY m.name, il.name, ix.seqno
