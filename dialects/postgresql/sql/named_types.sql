-- Enum labels (in order) and domain base types, for the type oids in :oids.
-- Every "char" column is CAST to text: asyncpg returns the internal "char" type as bytes.
SELECT t.oid AS oid,
       CAST(t.typtype AS text) AS typtype,
       t.typname AS name,
       n.nspname AS schema,
       pg_type_is_visible(t.oid) AS visible,
       ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum AS e
             WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder) AS labels,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END
           AS base_format_type,
       CAST(b.typtype AS text) AS base_typtype,
       t.typbasetype AS base_oid,
       t.typnotnull AS not_null,
       t.typdefault AS "default"
FROM pg_catalog.pg_type AS t
JOIN pg_catalog.pg_namespace AS n ON n.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_type AS b ON b.oid = t.typbasetype
WHERE t.oid = ANY (CAST(:oids AS oid[]))
   OR t.oid IN (SELECT d.typbasetype FROM pg_catalog.pg_type AS d
                WHERE d.oid = ANY (CAST(:oids AS oid[])) AND d.typtype = 'd')
