//! End-to-end tests.

mod adoption;
#[cfg(unix)] // a symlink to the installed npm packages
mod breadth;
mod crates;
mod diagram;
#[cfg(unix)] // symlinks to the installed npm packages
mod evolution;
mod example;
mod migrations;
#[cfg(unix)] // a symlink to the repository
mod readme;
mod support;
mod typescript;
mod verify;
