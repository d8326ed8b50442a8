-- The tables of :oids that no longer exist for the server, though this transaction's
-- snapshot still shows them: dropped by another connection after the snapshot.
--
-- Repeatable read gives the catalog tables one snapshot, but pg_get_expr, format_type
-- and the regclass output read the server's current catalog (its caches), so facts of a
-- table dropped meanwhile come back torn (a SERIAL column read as "no default").  The
-- regclass output is the current catalog's answer: the bare oid digits when the relation
-- is gone.  The caches learn of other sessions' DDL only when this transaction first
-- locks a relation, so the statement names a catalog no other statement of the read
-- uses (pg_shdescription, locked ACCESS SHARE like any catalog read; no row is read).
SELECT o AS oid
FROM unnest(CAST(:oids AS oid[])) AS o
WHERE CAST(CAST(o AS regclass) AS text) = CAST(o AS text)
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_shdescription WHERE false)
