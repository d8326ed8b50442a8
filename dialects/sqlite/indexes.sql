-- Every index with its key members. origin: 'c' CREATE INDEX, 'u' UNIQUE, 'pk' PRIMARY KEY.
-- ix.cid is -2 for an expression member, -1 for the rowid.
-- :tables is the JSON array of the exact table names the master query found.
SELECT t.value AS table_name, il.seq, il.name AS index_name, il."unique", il.origin,
       il.partial, ix.seqno, ix.cid, ix.name, ix."desc", ix.coll
FROM json_each(:tables) AS t
JOIN pragma_index_list(t.value, :schema) AS il
JOIN pragma_index_xinfo(il.name, :schema) AS ix
WHERE ix.key = 1
ORDER BY t.value, il.name, ix.seqno
