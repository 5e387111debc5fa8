//! End-to-end tests.

mod adoption;
mod migrations;
mod support;
mod typescript;
mod verify;
