-- MariaDB: one row per member of every index of one schema (the primary key included):
-- SUB_PART is the prefix length, COLLATION 'D' a DESC member, INDEX_TYPE tells
-- FULLTEXT and SPATIAL, IGNORED (10.6+) an index the optimiser must not use.  The caller orders members by SEQ_IN_INDEX.
SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART,
       COLLATION, INDEX_TYPE, IGNORED
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = :schema
