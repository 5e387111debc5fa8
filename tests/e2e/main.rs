//! End-to-end tests.

mod evolution;
mod example;
mod migrations;
mod readme;
mod support;
mod typescript;
mod verify;
