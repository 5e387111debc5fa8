//! What differs between PostgreSQL 13 and 18, on whichever version the shared server runs
//! (`.ci/verify-versions` runs these once per version with SCHEMA_VERIFY_PG_VERSION).

use schema_model::UniqueConstraint;
use schema_verify::testing::{shared_server, test_database};
use schema_verify::{introspect, verify_database, Error, Migrations, VerifyOptions, VerifyReport};

use crate::fixture::{fixtures, schema};

fn server_major() -> u32 {
    shared_server().server_major().unwrap()
}

#[test]
fn the_fixture_verifies_catalog_and_behaviour() {
    let major = server_major();
    if let Ok(wanted) = std::env::var("SCHEMA_VERIFY_PG_VERSION") {
        assert_eq!(
            wanted.parse::<u32>().unwrap(),
            major,
            "the server's version"
        );
    }
    let db = test_database("versions_fixture");
    let mut client = db.connect().unwrap();
    Migrations::load(&fixtures("good"))
        .unwrap()
        .migrate(&mut client)
        .unwrap();
    let mut report = VerifyReport::default();
    verify_database(
        &mut client,
        &schema(),
        &VerifyOptions::default(),
        &mut report,
    )
    .unwrap();
    // PostgreSQL 18 keeps NOT NULL as pg_constraint rows too; they are not undeclared checks.
    assert!(report.is_ok(), "PostgreSQL {major}:\n{}", report.to_text());
    assert_eq!(report.probes.len(), 49, "PostgreSQL {major}");
}

#[test]
fn nulls_not_distinct_needs_postgresql_15() {
    let major = server_major();
    let db = test_database("versions_nulls");
    let mut client = db.connect().unwrap();
    let mut declared = schema();
    declared.tables.retain(|t| t.name == "users");
    let users = &mut declared.tables[0];
    users.columns.retain(|c| c.name != "name");
    let mut unique = UniqueConstraint::new("users", vec!["email".into()]);
    unique.nulls_not_distinct = true;
    users.uniques = vec![unique];

    if major >= 15 {
        client
            .batch_execute(&schema_model::ddl::render(
                &schema_model::ddl::create_schema(&declared),
            ))
            .unwrap();
        let catalog = introspect(&mut client, "public").unwrap();
        assert!(catalog.schema.tables[0].uniques[0].nulls_not_distinct);
        let mut report = VerifyReport::default();
        verify_database(
            &mut client,
            &declared,
            &VerifyOptions::default(),
            &mut report,
        )
        .unwrap();
        assert!(report.is_ok(), "{}", report.to_text());
    } else {
        let mut report = VerifyReport {
            server: "the test server".into(),
            ..VerifyReport::default()
        };
        let error = verify_database(
            &mut client,
            &declared,
            &VerifyOptions::default(),
            &mut report,
        )
        .unwrap_err();
        assert!(matches!(error, Error::Unsupported { .. }), "{error}");
        let message = error.to_string();
        assert!(
            message.starts_with(&format!(
                "the test server runs PostgreSQL {major}, which cannot hold this schema:\n  table \
                 users, unique constraint users_email_unique: UNIQUE NULLS NOT DISTINCT needs \
                 PostgreSQL 15 or later\n"
            )),
            "{message}"
        );
    }
}
