-- The enum types of one schema with their labels in sort order (pg_enum.enumsortorder: a value
-- added BEFORE another sorts before it whatever its oid).
-- $1 is the schemas to read; a type outside `public` is named `schema.type`, the model's key.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || t.typname::text AS enum_name,
       ARRAY(
           SELECT e.enumlabel::text
           FROM pg_catalog.pg_enum e
           WHERE e.enumtypid = t.oid
           ORDER BY e.enumsortorder
       ) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY($1) AND t.typtype = 'e'
ORDER BY n.nspname, t.typname
