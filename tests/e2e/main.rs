//! End-to-end tests.

mod migrations;
mod typescript;
mod verify;
