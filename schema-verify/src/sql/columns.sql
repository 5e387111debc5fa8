-- Every column of every table of one schema, in column order, with PostgreSQL's own spelling of
-- the type (format_type, plus the declared array dimensions, which format_type does not show)
-- (attndims is int2 from PostgreSQL 16 on, int4 before: read as int4) and of the default or
-- generation expression (pg_get_expr), and the sequence behind an
-- identity or serial column (pg_get_serial_sequence) with its options.
-- $1 is the schemas to read; a table outside `public` is named `schema.table`, the model's key.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || c.relname::text AS table_name,
       a.attname::text AS column_name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
       a.attndims::int4 AS array_dims,
       a.attnotnull AS not_null,
       pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       a.attgenerated::text AS generated,
       a.attidentity::text AS identity,
       seq.relname::text AS sequence_name,
       s.seqincrement::text AS seq_increment,
       s.seqmin::text AS seq_min,
       s.seqmax::text AS seq_max,
       s.seqstart::text AS seq_start,
       s.seqcache::text AS seq_cache,
       s.seqcycle AS seq_cycle
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_catalog.pg_class seq
       ON seq.oid = pg_catalog.pg_get_serial_sequence(
              pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname),
              a.attname)::regclass
LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = seq.oid
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY n.nspname, c.relname, a.attnum
