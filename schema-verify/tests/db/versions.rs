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

/// A table with a unique index and a `NULLS NOT DISTINCT` unique over a nullable column.
fn unique_probes_schema(nulls_not_distinct: bool) -> schema_model::Schema {
    use schema_model::{ColumnDef, Index, PrimaryKey, SqlType, TableDef};
    let column = |name: &str, not_null: bool| ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type: SqlType::Text,
        not_null,
        default: None,
        generated: None,
        ts: Default::default(),
    };
    let mut codes = TableDef::empty("codes");
    codes.columns = vec![
        column("id", true),
        column("email", true),
        column("region", true),
        column("code", false),
    ];
    codes.primary_key = Some(PrimaryKey::new("codes", vec!["id".into()]));
    let mut unique = UniqueConstraint::new("codes", vec!["region".into(), "code".into()]);
    unique.nulls_not_distinct = nulls_not_distinct;
    codes.uniques = vec![unique];
    codes.indexes = vec![Index::new("codes_email_index", vec!["email".into()], true)];
    schema_model::Schema {
        tables: vec![codes],
        ..Default::default()
    }
}

#[test]
fn unique_indexes_and_nulls_not_distinct_uniques_are_probed_by_behaviour() {
    let major = server_major();
    let has_nnd = major >= 15;
    let db = test_database("versions_unique_probes");
    let mut client = db.connect().unwrap();
    let declared = unique_probes_schema(true);
    // Before 15 the table cannot hold NULLS NOT DISTINCT: created without it, the probe skips.
    client
        .batch_execute(&schema_model::ddl::render(
            &schema_model::ddl::create_schema(&unique_probes_schema(has_nnd)),
        ))
        .unwrap();
    let observed = |client: &mut postgres::Client| -> Vec<(String, String, bool)> {
        schema_verify::run_probes(client, &declared)
            .into_iter()
            .filter(|p| p.object == "codes_email_index" || p.action.contains("NULLS NOT DISTINCT"))
            .map(|p| (p.object, p.observed, p.passed))
            .collect()
    };
    let nnd_observed = if has_nnd {
        "refused with SQLSTATE 23505".to_string()
    } else {
        format!("skipped: PostgreSQL {major} has no NULLS NOT DISTINCT (15 and later do)")
    };
    assert_eq!(
        observed(&mut client),
        [
            ("codes_region_code_unique".to_string(), nnd_observed, true),
            (
                "codes_email_index".to_string(),
                "refused with SQLSTATE 23505".to_string(),
                true
            ),
        ],
        "PostgreSQL {major}"
    );

    // Without the index, and with NULLs distinct again: both probes fail.
    client
        .batch_execute(
            "DROP INDEX codes_email_index;
             ALTER TABLE codes DROP CONSTRAINT codes_region_code_unique;
             ALTER TABLE codes ADD CONSTRAINT codes_region_code_unique UNIQUE (region, code);",
        )
        .unwrap();
    let after = observed(&mut client);
    assert_eq!(
        after[1],
        (
            "codes_email_index".to_string(),
            "the duplicate accepted".to_string(),
            false
        ),
        "PostgreSQL {major}"
    );
    if has_nnd {
        assert_eq!(
            after[0],
            (
                "codes_region_code_unique".to_string(),
                "the duplicate accepted".to_string(),
                false
            )
        );
    }
}
