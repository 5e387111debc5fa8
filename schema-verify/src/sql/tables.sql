-- Ordinary and partitioned tables of the given schemas.
-- $1 is the schemas to read; a table outside `public` is named `schema.table`, the model's key.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || c.relname::text AS table_name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
ORDER BY n.nspname, c.relname
