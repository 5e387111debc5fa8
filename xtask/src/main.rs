//! `cargo xtask gen | check | upgrade | verify | migrate | rollback` for the orchestrator's
//! schema: the whole of it is the toolkit's command line over `orchestrator_schema`.

fn main() -> std::process::ExitCode {
    schema_cli_dylib::run(orchestrator_schema::try_schema)
}
