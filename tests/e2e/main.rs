//! End-to-end tests.

mod diagram;
mod migrations;
mod support;
mod typescript;
mod verify;
