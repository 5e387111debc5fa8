-- Primary keys, unique constraints, foreign keys and check constraints of one schema. Key columns
-- come out in key order (unnest ... WITH ORDINALITY), not in table order.
-- $1 is the schemas to read; a table outside `public` is named `schema.table`, the model's key.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || c.relname::text AS table_name,
       con.conname::text AS constraint_name,
       con.contype::text AS kind,
       ARRAY(
           SELECT a.attname::text
           FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
           ORDER BY k.ord
       ) AS columns,
       CASE WHEN rc.oid IS NULL THEN NULL ELSE CASE WHEN rn.nspname = 'public' THEN '' ELSE rn.nspname::text || '.' END || rc.relname::text END AS ref_table,
       ARRAY(
           SELECT a.attname::text
           FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
           ORDER BY k.ord
       ) AS ref_columns,
       con.confdeltype::text AS on_delete,
       con.confupdtype::text AS on_update,
       COALESCE(ix.indnullsnotdistinct, false) AS nulls_not_distinct,
       pg_catalog.pg_get_constraintdef(con.oid) AS definition
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u')
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND con.contype IN ('p', 'u', 'f', 'c')
ORDER BY n.nspname, c.relname, con.conname
