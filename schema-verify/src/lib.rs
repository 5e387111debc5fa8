//! Proves on a real PostgreSQL that a database is exactly the declared schema.
