-- Views (relkind v) and materialized views (m) of one schema: each column in order with
-- PostgreSQL's own spelling of its type, and the query as pg_get_viewdef prints it.
-- $1 is the schemas to read; a view outside `public` is named `schema.view`, the model's key.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || c.relname::text AS view_name,
       c.relkind = 'm' AS materialized,
       pg_catalog.pg_get_viewdef(c.oid) AS definition,
       a.attname::text AS column_name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = ANY($1) AND c.relkind IN ('v', 'm')
ORDER BY n.nspname, c.relname, a.attnum
