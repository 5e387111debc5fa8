//! The xtask links the toolkit dynamically (`schema-cli-dylib`); cargo puts that library and
//! Rust's `libstd` on the loader's path for `cargo run` and `cargo test`, but CI scripts and the
//! benchmarks start `target/debug/xtask` by its path. The rpath from `build.rs` must find both.

use std::process::Command;

#[test]
fn the_binary_finds_its_libraries_without_cargo() {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--help")
        .env_remove("LD_LIBRARY_PATH")
        .env_remove("DYLD_LIBRARY_PATH")
        .env_remove("DYLD_FALLBACK_LIBRARY_PATH")
        .output()
        .expect("the xtask binary starts");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{text}");
    assert!(text.contains("gen"), "no usage printed:\n{text}");
}
