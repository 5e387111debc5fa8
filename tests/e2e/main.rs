//! End-to-end tests.

mod example;
mod migrations;
mod readme;
mod support;
mod typescript;
mod verify;
