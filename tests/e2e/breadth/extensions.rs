//! Extensions and their types: `citext` and `hstore` columns, a `pg_trgm` operator class, the
//! `bloom` index method, declared with `SchemaBuilder::extension` and created before first use.
//! Step 2 adds `hstore` and a column of its type, and moves the trigram index from GIN to GiST.
//! pgvector is not installable here: `vector(n)` and `USING hnsw` are proven by their DDL
//! against drizzle-kit's only (`pgvector_ddl_agrees_with_drizzle_kit`).

use schema_model::{tables, Schema, SchemaBuilder};

mod step1 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(
        name = "members",
        index(
            name = "members_name_trgm_index",
            name(op = "gin_trgm_ops"),
            using = "gin"
        ),
        index(name, using = "bloom")
    )]
    pub struct Member {
        #[column(primary_key)]
        pub id: String,
        #[column(sql_type = "citext")]
        pub email: String,
        pub name: String,
    }
}

mod step2 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(
        name = "members",
        index(
            name = "members_name_trgm_index",
            name(op = "gist_trgm_ops"),
            using = "gist"
        ),
        index(name, using = "bloom")
    )]
    pub struct Member {
        #[column(primary_key)]
        pub id: String,
        #[column(sql_type = "citext")]
        pub email: String,
        pub name: String,
        #[column(sql_type = "hstore", ts_type = "Record<string, string | null>")]
        pub attributes: Option<String>,
    }
}

mod vector {
    use schema_model::Table;

    #[derive(Table)]
    #[table(
        name = "documents",
        index(
            name = "documents_embedding_index",
            embedding(op = "vector_cosine_ops"),
            using = "hnsw"
        )
    )]
    pub struct Document {
        #[column(primary_key)]
        pub id: String,
        #[column(sql_type = "vector(1536)", ts_type = "number[]")]
        pub embedding: String,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

pub(crate) fn steps() -> [Schema; 2] {
    [
        build(
            SchemaBuilder::new()
                .extension("citext")
                .extension("pg_trgm")
                .extension("bloom")
                .tables(tables![step1::Member]),
        ),
        build(
            SchemaBuilder::new()
                .extension("citext")
                .extension("pg_trgm")
                .extension("bloom")
                .extension("hstore")
                .tables(tables![step2::Member]),
        ),
    ]
}

#[test]
fn extensions_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    super::prove("extensions", &steps())
}

/// Each extension is created first, before the tables that use it, and dropped last.
#[test]
fn extensions_are_created_before_their_first_use() {
    let [one, two] = steps();
    let create = schema_model::ddl::render(&schema_model::ddl::create_schema(&one));
    let statements: Vec<&str> = create
        .split(schema_model::ddl::BREAKPOINT)
        .map(str::trim)
        .collect();
    assert_eq!(
        &statements[..4],
        [
            r#"CREATE EXTENSION IF NOT EXISTS "citext";"#,
            r#"CREATE EXTENSION IF NOT EXISTS "pg_trgm";"#,
            r#"CREATE EXTENSION IF NOT EXISTS "bloom";"#,
            "CREATE TABLE \"members\" (\n\t\"id\" text PRIMARY KEY NOT NULL,\n\t\"email\" \"citext\" NOT NULL,\n\t\"name\" text NOT NULL\n);",
        ]
    );
    let plan = schema_model::diff::plan(&one, &two, Default::default()).expect("not destructive");
    let up = plan.up_sql();
    assert!(
        up.starts_with(r#"CREATE EXTENSION IF NOT EXISTS "hstore";"#),
        "{up}"
    );
    assert!(
        up.contains(r#"ALTER TABLE "members" ADD COLUMN "attributes" "hstore";"#),
        "{up}"
    );
    let down = plan.down_sql();
    assert!(
        down.trim_end()
            .ends_with(r#"DROP EXTENSION IF EXISTS "hstore";"#),
        "{down}"
    );
}

/// pgvector: drizzle-kit generate on the fixture writes what our planner writes; nothing is
/// applied (the extension is not installable on this machine).
#[test]
fn pgvector_ddl_agrees_with_drizzle_kit() -> anyhow::Result<()> {
    let schema = build(
        SchemaBuilder::new()
            .extension("vector")
            .tables(tables![vector::Document]),
    );
    let modules = crate::support::node_modules(&crate::support::repo_root().join("ts"))?;
    let scratch = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let scratch = scratch.path();
    std::os::unix::fs::symlink(&modules, scratch.join("node_modules"))?;
    let fixture = scratch.join("vector.ts");
    std::fs::copy(
        crate::support::repo_root().join("tests/drizzle-fixture/breadth/pgvector/step1.ts"),
        &fixture,
    )?;
    let theirs = super::drizzle_generate(&modules, scratch, &fixture, "theirs", "vector")?
        .ok_or_else(|| anyhow::anyhow!("drizzle-kit found nothing to generate"))?;
    let ours = schema_model::ddl::render(&schema_model::ddl::create_schema(&schema));
    assert!(ours.contains(
        r#"CREATE INDEX "documents_embedding_index" ON "documents" USING hnsw ("embedding" vector_cosine_ops);"#
    ), "{ours}");
    assert!(
        ours.contains(r#""embedding" vector(1536) NOT NULL"#),
        "{ours}"
    );
    super::same_statements(&theirs, &ours, "pgvector")
}
