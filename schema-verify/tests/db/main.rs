//! schema-verify against a real PostgreSQL (SCHEMA_VERIFY_PROVIDER picks where it comes from):
//! one server for the run, one database per test.

mod fixture;
mod kill;
mod migrate;
mod reliability;
mod verify;
mod versions;
