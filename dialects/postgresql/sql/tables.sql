-- The tables (ordinary and partitioned) of every schema in :schemas (NULL: the current
-- schema), restricted to :names when given. One statement for one schema or many
-- tenant schemas alike (read_catalog / read_catalogs).  is_partition marks a partition
-- (never an extra table: its partitioned parent is the model's table).
SELECT c.oid AS oid,
       n.nspname AS schema,
       c.relname AS name,
       com.description AS comment,
       c.relispartition AS is_partition
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_description AS com
       ON com.objoid = c.oid AND com.classoid = 'pg_catalog.pg_class'::regclass
      AND com.objsubid = 0
WHERE n.nspname = ANY (coalesce(CAST(:schemas AS text[]), ARRAY[current_schema()]::text[]))
  AND c.relkind IN ('r', 'p')
  AND (CAST(:names AS text[]) IS NULL OR c.relname = ANY (CAST(:names AS text[])))
ORDER BY n.nspname, c.relname
