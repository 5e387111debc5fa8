//! PostgreSQL DDL, as drizzle-kit writes it.
