-- The sequences of the given schemas that no column owns (a pgSequence), with their options from
-- pg_sequence. An identity's sequence (pg_depend deptype i) and a serial's (deptype a) are read
-- with their columns (columns.sql) instead.
SELECT CASE WHEN n.nspname = 'public' THEN '' ELSE n.nspname::text || '.' END || c.relname::text AS sequence_name,
       s.seqincrement::text AS seq_increment,
       s.seqmin::text AS seq_min,
       s.seqmax::text AS seq_max,
       s.seqstart::text AS seq_start,
       s.seqcache::text AS seq_cache,
       s.seqcycle AS seq_cycle
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
WHERE n.nspname = ANY($1) AND c.relkind = 'S'
  AND NOT EXISTS (
      SELECT 1
      FROM pg_catalog.pg_depend d
      WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i'))
ORDER BY n.nspname, c.relname
