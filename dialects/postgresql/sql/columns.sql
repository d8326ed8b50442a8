-- Every live column of the tables in :oids, with its type, default, generation and the
-- sequence it owns (SERIAL: pg_depend 'a'; IDENTITY: 'i') in one pass.
--
-- The owned sequence is probed per column through pg_depend's (refclassid, refobjid,
-- refobjsubid) index, and only for a column with a default or an identity: the reader
-- looks at it for nothing else (a SERIAL is a nextval() default; an identity's options
-- come from pg_sequence).  OFFSET 0 keeps the planner from flattening the probe into a
-- join: flattened (or written as a join against pg_depend pre-filtered by :oids), the
-- sequences are estimated at one row and the plan became a nested loop comparing every
-- column with every owned sequence: 18 M comparisons, ~1 s of the ~1.1 s statement, at
-- 1,000 tables.
-- Every "char" column is CAST to text: asyncpg returns the internal "char" type as bytes.
SELECT a.attrelid AS relid,
       a.attnum AS attnum,
       a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS format_type,
       CAST(t.typtype AS text) AS typtype,
       (t.typcategory = 'A' AND t.typelem <> 0) AS is_array,
       CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
           AS base_oid,
       CAST(CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN e.typtype ELSE t.typtype END
            AS text) AS base_typtype,
       a.attndims AS dims,
       NOT a.attnotnull AS nullable,
       pg_get_expr(d.adbin, d.adrelid) AS expr,
       CAST(a.attgenerated AS text) AS generated,
       CAST(a.attidentity AS text) AS identity,
       CAST(CAST(seq.objid AS regclass) AS text) AS sequence,
       s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,
       com.description AS comment,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
       CASE WHEN a.attcollation <> t.typcollation THEN con.nspname END AS collation_schema
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type AS e ON e.oid = t.typelem AND t.typcategory = 'A'
LEFT JOIN pg_catalog.pg_attrdef AS d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_collation AS co ON co.oid = a.attcollation
LEFT JOIN pg_catalog.pg_namespace AS con ON con.oid = co.collnamespace
LEFT JOIN pg_catalog.pg_description AS com
       ON com.objoid = a.attrelid AND com.classoid = 'pg_catalog.pg_class'::regclass
      AND com.objsubid = a.attnum
LEFT JOIN LATERAL (
    SELECT dep.objid
    FROM pg_catalog.pg_depend AS dep
    JOIN pg_catalog.pg_class AS sc ON sc.oid = dep.objid AND sc.relkind = 'S'
    WHERE (d.adbin IS NOT NULL OR a.attidentity <> '')
      AND dep.refclassid = 'pg_catalog.pg_class'::regclass
      AND dep.refobjid = a.attrelid
      AND dep.refobjsubid = a.attnum
      AND dep.classid = 'pg_catalog.pg_class'::regclass
      AND dep.deptype IN ('a', 'i')
    OFFSET 0
) AS seq ON true
LEFT JOIN pg_catalog.pg_sequence AS s ON s.seqrelid = seq.objid AND a.attidentity <> ''
WHERE a.attrelid = ANY (CAST(:oids AS oid[]))
  AND a.attnum > 0
  AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
