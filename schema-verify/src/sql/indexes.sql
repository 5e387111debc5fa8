-- Indexes that no constraint owns (a primary key's or unique constraint's index is the
-- constraint itself), with what the model holds of each key: the column (NULL for an
-- expression, whose text pg_get_indexdef gives), the operator class unless it is the type's
-- default, and the order bits of indoption (1 = DESC, 2 = NULLS FIRST).
-- $1 is the schemas to read; a table outside `public` is named `schema.table`, the model's key.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || t.relname::text AS table_name,
       i.relname::text AS index_name,
       ix.indisunique AS is_unique,
       am.amname::text AS method,
       ARRAY(
           SELECT a.attname::text
           FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
           LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum
           WHERE k.ord <= ix.indnkeyatts
           ORDER BY k.ord
       ) AS columns,
       ARRAY(
           SELECT pg_catalog.pg_get_indexdef(ix.indexrelid, k.ord::int, true)
           FROM generate_series(1, ix.indnkeyatts) AS k(ord)
           ORDER BY k.ord
       ) AS key_texts,
       ARRAY(
           SELECT CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname::text END
           FROM unnest(ix.indclass::oid[]) WITH ORDINALITY AS k(opclass, ord)
           JOIN pg_catalog.pg_opclass oc ON oc.oid = k.opclass
           ORDER BY k.ord
       ) AS opclasses,
       ARRAY(
           SELECT o::int
           FROM unnest(ix.indoption::int2[]) WITH ORDINALITY AS k(o, ord)
           ORDER BY k.ord
       ) AS options,
       pg_catalog.pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
       COALESCE(i.reloptions, '{}') AS with_options,
       pg_catalog.pg_get_indexdef(ix.indexrelid) AS definition
FROM pg_catalog.pg_index ix
JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = i.relam
JOIN pg_catalog.pg_class t ON t.oid = ix.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = ANY($1) AND t.relkind IN ('r', 'p')
  AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_constraint con
      WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x')
  )
ORDER BY n.nspname, t.relname, i.relname
