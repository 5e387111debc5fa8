fn main() -> std::process::ExitCode {
    schema_cli::run(tasks_schema::try_schema)
}
