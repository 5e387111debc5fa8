//! An rpath, so `target/debug/xtask` runs by its path as well as through `cargo run`: it links
//! the toolkit dynamically (`schema-cli-dylib`, in the target folder's `deps`) and with it Rust's
//! `libstd` (in the toolchain), and only `cargo run` puts those on the loader's path.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    // `$ORIGIN` (Linux) and `@loader_path` (macOS) are the binary's folder: `target/debug/`, or
    // `target/debug/deps/` for cargo's own copy. Windows has no rpath; cargo run sets PATH.
    let origin = match os.as_str() {
        "macos" | "ios" => "@loader_path",
        "windows" => return,
        _ => "$ORIGIN",
    };
    let mut paths = vec![format!("{origin}/deps"), origin.to_string()];
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let target = std::env::var("TARGET").expect("cargo sets TARGET for build scripts");
    let libdir = Command::new(rustc)
        .args(["--print", "target-libdir", "--target", &target])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok());
    match libdir {
        Some(libdir) => paths.push(libdir.trim().to_string()),
        None => println!(
            "cargo:warning=could not ask rustc for its library folder: run the xtask through `cargo xtask`"
        ),
    }
    for path in paths {
        println!("cargo:rustc-link-arg-bins=-Wl,-rpath,{path}");
    }
}
