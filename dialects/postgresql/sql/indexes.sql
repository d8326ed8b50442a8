-- Every index of the tables in :oids except the primary key's.  constraint_name names the
-- UNIQUE or EXCLUDE constraint an index was made for (the index is that constraint).  Key and INCLUDE columns
-- come back as attribute numbers (named from the columns already read); expressions are
-- deparsed and operator classes looked up only for the indexes that have them, so a
-- plain index costs no per-row subquery.
WITH nondefault AS MATERIALIZED (
    SELECT coalesce(array_agg(opc.oid), '{}') AS oids
    FROM pg_catalog.pg_opclass AS opc
    WHERE NOT opc.opcdefault
)
SELECT i.indrelid AS relid,
       ic.relname AS name,
       i.indisunique AS is_unique,
       am.amname AS method,
       pg_get_expr(i.indpred, i.indrelid) AS predicate,
       {nulls_not_distinct} AS nulls_not_distinct,
       uc.conname AS constraint_name,
       i.indnkeyatts AS key_count,
       CAST(i.indkey AS int2[]) AS attnums,
       CAST(i.indoption AS int2[]) AS sort_options,
       CASE WHEN i.indexprs IS NOT NULL THEN
           ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                 FROM generate_series(1, CAST(i.indnkeyatts AS int)) AS k ORDER BY k)
       END AS definitions,
       CASE WHEN CAST(i.indclass AS oid[]) && nd.oids THEN
           ARRAY(SELECT CASE WHEN opc.opcdefault THEN NULL ELSE opc.opcname END
                 FROM unnest(CAST(i.indclass AS oid[])) WITH ORDINALITY AS u(opc_oid, ord)
                 JOIN pg_catalog.pg_opclass AS opc ON opc.oid = u.opc_oid
                 ORDER BY u.ord)
       END AS opclasses
FROM pg_catalog.pg_index AS i
JOIN pg_catalog.pg_class AS ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am AS am ON am.oid = ic.relam
CROSS JOIN nondefault AS nd
LEFT JOIN pg_catalog.pg_constraint AS uc
       ON uc.conindid = i.indexrelid AND uc.conrelid = i.indrelid AND uc.contype IN ('u', 'x')
WHERE i.indrelid = ANY (CAST(:oids AS oid[]))
  AND NOT i.indisprimary
ORDER BY i.indrelid, ic.relname
