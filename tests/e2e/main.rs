//! End-to-end tests.

mod migrations;
mod support;
mod typescript;
mod verify;
