//! The harness on features the toolkit had before issue 12: tables, a foreign key, a composite
//! unique constraint, indexes, then a nullable column and an index more.

use schema_model::{tables, Schema, SchemaBuilder};

mod step1 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "projects")]
    pub struct Project {
        #[column(primary_key)]
        pub id: String,
        pub name: String,
        #[column(default_now)]
        pub created_at: chrono::NaiveDateTime,
    }

    #[derive(Table)]
    #[table(name = "tasks", unique(project_id, position), index(project_id))]
    pub struct Task {
        #[column(primary_key)]
        pub id: String,
        #[column(references = Project::id, on_delete = cascade, no_relation)]
        pub project_id: String,
        #[column(default = 0)]
        pub position: i32,
    }
}

mod step2 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "projects")]
    pub struct Project {
        #[column(primary_key)]
        pub id: String,
        pub name: String,
        #[column(default_now)]
        pub created_at: chrono::NaiveDateTime,
        pub archived_at: Option<chrono::NaiveDateTime>,
    }

    #[derive(Table)]
    #[table(
        name = "tasks",
        unique(project_id, position),
        index(project_id),
        index(title)
    )]
    pub struct Task {
        #[column(primary_key)]
        pub id: String,
        #[column(references = Project::id, on_delete = cascade, no_relation)]
        pub project_id: String,
        #[column(default = 0)]
        pub position: i32,
        pub title: Option<String>,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

#[test]
fn basics_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    super::prove(
        "basics",
        &[
            build(SchemaBuilder::new().tables(tables![step1::Project, step1::Task])),
            build(SchemaBuilder::new().tables(tables![step2::Project, step2::Task])),
        ],
    )
}
