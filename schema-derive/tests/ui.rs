//! Compile-fail tests: one file per mistake under `tests/ui/<category>/`, each with the exact
//! compiler output committed next to it; and `tests/pass/`, programs that must compile and run
//! (under strict lints). `TRYBUILD=overwrite cargo test -p schema-derive` rewrites the `.stderr`
//! files after a deliberate change to a message.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
    t.pass("tests/pass/*.rs");
}
