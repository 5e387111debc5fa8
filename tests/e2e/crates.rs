//! A schema over several crates: this crate's table points at tables of another crate
//! (orchestrator-schema's `users` and `workspaces`), and one `SchemaBuilder` registers both
//! crates' tables. cargo then rebuilds only the crate whose tables changed, and those after it
//! (`CRATES=20 bash benches/derive-cost/run.sh 2000` measures it).

use orchestrator_schema::auth::User;
use schema_model::{tables, FkAction, SchemaBuilder, Table};

#[derive(Table)]
#[table(name = "user_notes")]
#[allow(dead_code)] // declared for its table, never made as a value
pub struct UserNote {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub user_id: String,
    #[column(references = orchestrator_schema::baseline::Workspace::id, on_delete = set_null)]
    pub workspace_id: Option<String>,
    pub body: String,
}

#[test]
fn a_table_points_at_tables_of_another_crate_and_one_builder_registers_both_crates() {
    let schema = SchemaBuilder::new()
        .tables(orchestrator_schema::TABLES)
        .tables(tables![UserNote])
        .build()
        .unwrap_or_else(|errors| panic!("{errors}"));
    assert_eq!(
        schema.tables.len(),
        orchestrator_schema::schema().tables.len() + 1
    );
    let notes = schema.table("user_notes").expect("the table of this crate");
    let targets: Vec<(&str, &str, FkAction)> = notes
        .foreign_keys
        .iter()
        .map(|fk| {
            (
                fk.ref_table.as_str(),
                fk.ref_columns[0].as_str(),
                fk.on_delete,
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("users", "id", FkAction::Cascade),
            ("workspaces", "id", FkAction::SetNull)
        ]
    );
    // Without the other crate's tables, the builder names the one missing.
    let missing = SchemaBuilder::new()
        .tables(tables![UserNote])
        .build()
        .expect_err("users and workspaces are not registered")
        .to_string();
    assert!(missing.contains("users"), "{missing}");
}
