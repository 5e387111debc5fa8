//! PostgreSQL schemas other than `public` (`#[table(schema = "auth")]`, drizzle's
//! `pgSchema("auth")`): `CREATE SCHEMA` first, an enum type and two tables in it, foreign keys
//! inside it and from `public` into it; in step 2 a table comes into it with a foreign key back
//! into `public`, a column, an enum value and a sequence (`auth.sequence`) are added; in step 3
//! an index in it is replaced (`DROP INDEX "auth"."…"`) and the sequence dropped. Step 1's down file drops the schema again (`DROP SCHEMA`), proven
//! through the catalog. drizzle-kit asks whether a table moved between schemas is a move
//! (`SET SCHEMA`) and its statements for a dropped schema drop a foreign key after the table
//! it pointed at, so neither is in the fixture.

use schema_model::{PgSequence, Schema, SchemaBuilder};

mod step1 {
    use schema_model::{Table, TsEnum};

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "role", schema = "auth")]
    pub enum Role {
        Member,
        Admin,
    }

    #[derive(Table)]
    #[table(name = "users", schema = "auth")]
    pub struct User {
        #[column(primary_key)]
        pub id: String,
        #[column(unique)]
        pub email: String,
        #[column(default = "member")]
        pub role: Role,
    }

    #[derive(Table)]
    #[table(
        name = "sessions",
        schema = "auth",
        index(user_id, name = "sessions_user_id_idx")
    )]
    pub struct Session {
        #[column(primary_key)]
        pub id: String,
        #[column(references = User::id, on_delete = cascade, no_relation)]
        pub user_id: String,
        pub expires_at: chrono::NaiveDateTime,
    }

    #[derive(Table)]
    #[table(name = "posts")]
    pub struct Post {
        #[column(primary_key)]
        pub id: String,
        /// A foreign key from `public` into `auth`.
        #[column(references = User::id)]
        pub author_id: String,
        pub title: String,
    }
}

mod step2 {
    use schema_model::{Table, TsEnum};

    pub use super::step1::{Post, Session};

    #[derive(TsEnum)]
    #[ts_enum(pg_enum = "role", schema = "auth")]
    pub enum Role {
        Member,
        Admin,
        Owner,
    }

    #[derive(Table)]
    #[table(name = "users", schema = "auth")]
    pub struct User {
        #[column(primary_key)]
        pub id: String,
        #[column(unique)]
        pub email: String,
        #[column(default = "member")]
        pub role: Role,
        pub name: Option<String>,
    }

    #[derive(Table)]
    #[table(name = "api_keys", schema = "auth")]
    pub struct ApiKey {
        #[column(primary_key)]
        pub id: String,
        #[column(references = User::id, on_delete = cascade, no_relation)]
        pub user_id: String,
        /// A foreign key from `auth` back into `public`.
        #[column(references = Post::id, on_delete = set_null, no_relation)]
        pub last_post_id: Option<String>,
        #[column(default = 0)]
        pub uses: i32,
    }
}

mod step3 {
    use schema_model::Table;

    pub use super::step2::{ApiKey, Post, User};

    #[derive(Table)]
    #[table(
        name = "sessions",
        schema = "auth",
        index(expires_at, name = "sessions_expires_at_idx")
    )]
    pub struct Session {
        #[column(primary_key)]
        pub id: String,
        #[column(references = User::id, on_delete = cascade, no_relation)]
        pub user_id: String,
        pub expires_at: chrono::NaiveDateTime,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

#[test]
fn schemas_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    super::prove(
        "schemas",
        &[
            build(
                SchemaBuilder::new()
                    .table::<step1::User>()
                    .table::<step1::Session>()
                    .table::<step1::Post>(),
            ),
            build(
                SchemaBuilder::new()
                    .table::<step2::User>()
                    .table::<step2::Session>()
                    .table::<step2::ApiKey>()
                    .table::<step2::Post>()
                    .sequence(
                        PgSequence::new("ticket_numbers")
                            .schema("auth")
                            .start_with(100)
                            .increment(5),
                    ),
            ),
            build(
                SchemaBuilder::new()
                    .table::<step3::User>()
                    .table::<step3::Session>()
                    .table::<step3::ApiKey>()
                    .table::<step3::Post>(),
            ),
        ],
    )
}

/// The verifier on a database built by our migrations of step 2: it reads `auth` beside
/// `public`, finds everything as declared, and its probes (foreign keys across schemas, the
/// enum type in `auth`) pass; a foreign key into `auth` that goes missing is reported on its
/// table.
#[test]
fn the_verifier_reads_every_declared_schema_and_probes_across_them() -> anyhow::Result<()> {
    use anyhow::ensure;
    use schema_verify::{verify_database, FindingKind, VerifyOptions, VerifyReport};

    let declared = build(
        SchemaBuilder::new()
            .table::<step2::User>()
            .table::<step2::Session>()
            .table::<step2::ApiKey>()
            .table::<step2::Post>(),
    );
    let db = schema_verify::testing::test_database("breadth_schemas_verify");
    let mut client = db.connect()?;
    let sql = schema_model::ddl::render(&schema_model::ddl::create_schema(&declared));
    crate::migrations::apply(&mut client, &sql, "the schema's DDL")?;

    let mut report = VerifyReport::default();
    verify_database(
        &mut client,
        &declared,
        &VerifyOptions::default(),
        &mut report,
    )?;
    ensure!(report.is_ok(), "{}", report.to_text());
    for (table, object) in [
        ("posts", "posts_author_id_users_id_fk"),
        ("auth.api_keys", "api_keys_last_post_id_posts_id_fk"),
        ("auth.sessions", "sessions_user_id_users_id_fk"),
    ] {
        ensure!(
            report
                .probes
                .iter()
                .any(|p| p.table == table && p.object == object && p.passed),
            "no passing probe of {table}.{object}:\n{}",
            report.to_text()
        );
    }
    ensure!(
        report
            .probes
            .iter()
            .any(|p| p.table == "auth.users" && p.object == "role" && p.passed),
        "no passing probe of the enum column auth.users.role:\n{}",
        report.to_text()
    );

    client
        .batch_execute("ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_author_id_users_id_fk\"")?;
    let mut report = VerifyReport::default();
    verify_database(
        &mut client,
        &declared,
        &VerifyOptions::default(),
        &mut report,
    )?;
    let findings: Vec<(&str, &str, FindingKind)> = report
        .findings
        .iter()
        .map(|f| (f.table.as_str(), f.object.as_str(), f.kind))
        .collect();
    ensure!(
        findings
            == [(
                "posts",
                "posts_author_id_users_id_fk",
                FindingKind::MissingForeignKey
            )],
        "{findings:?}"
    );
    Ok(())
}
