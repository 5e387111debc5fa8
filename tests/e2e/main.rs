//! End-to-end tests.

mod typescript;
