//! Migration SQL read back into a schema.

use schema_model::diff::{plan, PlanOptions};
use schema_model::sql_read::{replay, sql_shape};
use schema_model::{ddl, FkAction, Schema, SqlDefault, SqlType};

use crate::fixtures::{baseline, column, table, with_plan};

#[test]
fn the_ddl_reads_back_as_the_schema() {
    let schema = with_plan();
    let sql = ddl::render(&ddl::create_schema(&schema));
    let read = replay([("0000_all.sql", sql.as_str())]).unwrap();
    assert_eq!(sql_shape(&read), sql_shape(&schema));
}

#[test]
fn a_history_of_plans_reads_back_as_the_last_schema() {
    let first = baseline();
    let second = with_plan();
    let mut third = second.clone();
    let users = third.tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.columns.push(column(
        "age",
        SqlType::Integer,
        false,
        Some(SqlDefault::Number("0".into())),
    ));
    users.columns.retain(|c| c.name != "image");
    users.indexes.push(schema_model::Index {
        name: "users_name_idx".into(),
        columns: vec!["name".into()],
        unique: false,
    });
    let logs = third
        .tables
        .iter_mut()
        .find(|t| t.name == "activity_logs")
        .unwrap();
    logs.foreign_keys[1].on_delete = FkAction::Cascade;
    third.tables.retain(|t| t.name != "verification_tokens");

    let allow = PlanOptions {
        allow_destructive: true,
    };
    let files = [
        plan(&Schema::default(), &first, allow).unwrap().up_sql(),
        plan(&first, &second, allow).unwrap().up_sql(),
        plan(&second, &third, allow).unwrap().up_sql(),
    ];
    let read = replay(files.iter().map(|f| ("migration.sql", f.as_str()))).unwrap();
    assert_eq!(sql_shape(&read), sql_shape(&third));
}

#[test]
fn a_hand_edited_migration_no_longer_reads_back_as_the_schema() {
    let schema = with_plan();
    let sql = ddl::render(&ddl::create_schema(&schema)).replace(
        "\"role\" text DEFAULT 'member' NOT NULL,\n\t\"token\"",
        "\"role\" text DEFAULT 'admin' NOT NULL,\n\t\"token\"",
    );
    let read = replay([("0001.sql", sql.as_str())]).unwrap();
    assert_ne!(sql_shape(&read), sql_shape(&schema));
}

#[test]
fn a_statement_on_a_missing_table_names_the_file_and_statement() {
    let sql = "CREATE TABLE \"a\" (\"id\" text);\n--> statement-breakpoint\nALTER TABLE \"b\" ADD COLUMN \"x\" text;";
    let error = replay([("0003_x.sql", sql)]).unwrap_err();
    assert_eq!(error.file, "0003_x.sql");
    assert_eq!(error.statement, 2);
    assert!(error.message.contains("\"b\""), "{}", error.message);
}

#[test]
fn renames_follow_through_to_constraints_and_references() {
    let users = table("users", "users")
        .id("id")
        .text("mail", true)
        .unique(&["mail"])
        .build();
    let posts = table("posts", "posts")
        .id("id")
        .text("author", false)
        .fk("author", "users", FkAction::SetNull)
        .build();
    let sql = format!(
        "{}\n--> statement-breakpoint\nALTER TABLE \"users\" RENAME TO \"people\";\n--> statement-breakpoint\nALTER TABLE \"people\" RENAME COLUMN \"mail\" TO \"email\";",
        ddl::render(&ddl::create_schema(&Schema { tables: vec![users, posts], ..Default::default() }))
    );
    let read = replay([("x.sql", sql.as_str())]).unwrap();
    let people = read.table("people").unwrap();
    assert_eq!(people.uniques[0].columns, vec!["email".to_string()]);
    assert_eq!(
        read.table("posts").unwrap().foreign_keys[0].ref_table,
        "people"
    );
}
