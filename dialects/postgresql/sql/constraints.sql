-- Primary keys, unique, foreign-key and check constraints of the tables in :oids, and
-- the NOT VALID NOT NULL constraints (PostgreSQL 18 keeps NOT NULL in pg_constraint; a
-- valid one is already pg_attribute.attnotnull, so only the rare NOT VALID ones are read,
-- and never as a second copy of the column's nullability).
-- Constrained columns come back as attribute numbers (named from the columns already
-- read); only a foreign key's referred columns, possibly in a table not read, are named
-- here.
-- Every "char" column is CAST to text: asyncpg returns the internal "char" type as bytes.
SELECT con.conrelid AS relid,
       con.conname AS name,
       CAST(con.contype AS text) AS kind,
       con.conkey AS attnums,
       rn.nspname AS referred_schema,
       rc.relname AS referred_table,
       CASE WHEN con.contype = 'f' THEN pg_table_is_visible(con.confrelid) END
           AS referred_visible,
       CASE WHEN con.contype = 'f' THEN
           ARRAY(SELECT a.attname
                 FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_catalog.pg_attribute AS a
                   ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                 ORDER BY k.ord)
       END AS referred_columns,
       CAST(con.confupdtype AS text) AS onupdate,
       CAST(con.confdeltype AS text) AS ondelete,
       CAST(con.confmatchtype AS text) AS match,
       con.condeferrable AS deferrable,
       con.condeferred AS deferred,
       CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid) END AS definition,
       con.convalidated AS validated,
       {enforced} AS enforced,
       {period} AS period,
       {nulls_not_distinct} AS nulls_not_distinct,
       com.description AS comment
FROM pg_catalog.pg_constraint AS con
LEFT JOIN pg_catalog.pg_class AS rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace AS rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_description AS com
       ON com.objoid = con.oid AND com.classoid = 'pg_catalog.pg_constraint'::regclass
LEFT JOIN pg_catalog.pg_index AS ix ON ix.indexrelid = con.conindid AND con.contype = 'u'
WHERE con.conrelid = ANY (CAST(:oids AS oid[]))
  AND (con.contype IN ('p', 'u', 'f', 'c') OR (con.contype = 'n' AND NOT con.convalidated))
ORDER BY con.conrelid, con.conname
