-- The catalog's own type text of columns SQLAlchemy reflected as NullType (spatial
-- types: GEOMETRY, POINT, LINESTRING...; anything newer than SQLAlchemy's type table).
-- Run only when such a column exists, narrowed to the tables that have one.
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = :schema
