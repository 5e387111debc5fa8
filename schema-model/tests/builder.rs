//! `SchemaBuilder::build`: the whole-schema checks, one test per mistake, each reading the
//! message a user sees.

// The tables are declared to be read as schema, never constructed.
#![allow(dead_code)]

use schema_model::builder::Columns;
use schema_model::*;

#[derive(Table)]
#[table(
    name = "users",
    many(posts = Post),
    index(handle, unique, where_sql = "\"handle\" IS NOT NULL")
)]
pub struct User {
    #[column(primary_key)]
    pub id: String,
    #[column(unique)]
    pub email: String,
    pub name: String,
    /// Unique only where it is set: a partial index, which PostgreSQL does not accept as a
    /// foreign key's target.
    pub handle: Option<String>,
}

#[derive(Table)]
#[table(name = "posts")]
pub struct Post {
    #[column(primary_key)]
    pub id: String,
    #[column(references = User::id, on_delete = cascade)]
    pub author_id: String,
}

fn errors(result: Result<Schema, SchemaErrors>) -> Vec<SchemaError> {
    match result {
        Ok(_) => panic!("the schema was accepted"),
        Err(SchemaErrors(errors)) => errors,
    }
}

#[test]
fn a_consistent_schema_builds_in_declaration_order() {
    let schema = SchemaBuilder::new()
        .tables(tables![User, Post])
        .build()
        .unwrap();
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["users", "posts"]);
    assert_eq!(schema.table("posts").unwrap(), &Post::table_def());
}

mod other {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "users")]
    pub struct Person {
        #[column(primary_key)]
        pub id: String,
    }
}

#[test]
fn two_tables_with_one_name() {
    let errors = errors(
        SchemaBuilder::new()
            .table::<User>()
            .table::<Post>()
            .table::<other::Person>()
            .build(),
    );
    assert_eq!(
        errors,
        [SchemaError::DuplicateTable {
            name: "users".into(),
            first: "builder::User".into(),
            second: "builder::other::Person".into(),
        }]
    );
    assert_eq!(
        errors[0].to_string(),
        "two tables are named `users`: `builder::User` and `builder::other::Person`; rename one with `#[table(name = \"...\")]`"
    );
}

#[test]
fn a_foreign_key_to_a_table_left_out() {
    let errors = errors(SchemaBuilder::new().table::<Post>().build());
    assert_eq!(
        errors[0].to_string(),
        "table `posts`, column `author_id`: foreign key `posts_author_id_users_id_fk` references table `users`, which is not in the schema; add `.table::<User>()` to the builder"
    );
    assert_eq!(errors.len(), 1);
}

/// A `text NOT NULL` column, for the hand-written tables below.
fn text_column(name: &str) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        renamed_from: None,
        sql_type: SqlType::Text,
        not_null: true,
        default: None,
        ts: ColumnTs::default(),
        generated: None,
    }
}

/// Comments, written by hand: the derive does not compile a foreign key to a column that is not
/// a key (`User::name` is no associated item), so this check is for tables like this one.
struct Comment;

impl Table for Comment {
    const NAME: &'static str = "comments";
    fn table_def() -> TableDef {
        let to_users = |column: &str, target: &str| {
            ForeignKey::new(
                Self::NAME,
                vec![column.into()],
                "users",
                vec![target.into()],
                FkAction::NoAction,
                FkAction::NoAction,
            )
        };
        TableDef {
            name: Self::NAME.into(),
            renamed_from: None,
            columns: vec![
                text_column("id"),
                text_column("author_name"),
                text_column("author_email"),
                text_column("author_handle"),
            ],
            primary_key: Some(PrimaryKey::new(Self::NAME, vec!["id".into()])),
            uniques: vec![],
            foreign_keys: vec![
                // `users.name` is neither the primary key nor unique.
                to_users("author_name", "name"),
                // `users.email` is unique: fine.
                to_users("author_email", "email"),
                // `users.handle` has a unique index, but a partial one.
                to_users("author_handle", "handle"),
            ],
            indexes: vec![],
            ts: TableTs::default(),
            checks: Vec::new(),
        }
    }
}

#[test]
fn a_foreign_key_to_a_column_that_is_not_unique() {
    let errors = errors(
        SchemaBuilder::new()
            .tables(tables![User, Post])
            .table::<Comment>()
            .build(),
    );
    assert_eq!(
        errors,
        [
            SchemaError::ReferencedColumnNotUnique {
                table: "comments".into(),
                columns: Columns(vec!["author_name".into()]),
                foreign_key: "comments_author_name_users_name_fk".into(),
                ref_table: "users".into(),
                ref_columns: Columns(vec!["name".into()]),
            },
            SchemaError::ReferencedColumnNotUnique {
                table: "comments".into(),
                columns: Columns(vec!["author_handle".into()]),
                foreign_key: "comments_author_handle_users_handle_fk".into(),
                ref_table: "users".into(),
                ref_columns: Columns(vec!["handle".into()]),
            }
        ]
    );
    assert!(errors[0]
        .to_string()
        .contains("there is no unique constraint matching given keys"));
}

/// A table written by hand, for what the derive cannot produce.
struct HandWritten;

impl Table for HandWritten {
    const NAME: &'static str = "hand_written";
    fn table_def() -> TableDef {
        TableDef {
            name: Self::NAME.into(),
            renamed_from: None,
            columns: vec![text_column("user_id")],
            primary_key: None,
            uniques: vec![UniqueConstraint {
                name: "hand_written_user_id_users_uid_fk".into(),
                columns: vec!["user_id".into()],
                nulls_not_distinct: false,
            }],
            foreign_keys: vec![ForeignKey::new(
                Self::NAME,
                vec!["user_id".into()],
                "users",
                vec!["uid".into()],
                FkAction::NoAction,
                FkAction::NoAction,
            )],
            indexes: vec![],
            ts: TableTs::default(),
            checks: Vec::new(),
        }
    }
}

#[test]
fn a_foreign_key_to_a_missing_column_and_a_constraint_name_taken_twice_in_a_table() {
    let errors = errors(
        SchemaBuilder::new()
            .tables(tables![User, Post])
            .table::<HandWritten>()
            .build(),
    );
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        [
            "table `hand_written`, column `user_id`: foreign key `hand_written_user_id_users_uid_fk` references `uid` of table `users`, which has no such column",
            "the name `hand_written_user_id_users_uid_fk` is used twice: by the unique constraint on table `hand_written` and by the foreign key on table `hand_written` `user_id`; PostgreSQL keeps tables, indexes and the constraints backed by them in one namespace per schema: rename one",
        ]
    );
}

#[derive(Table)]
#[table(name = "tags", many(posts = Post))]
pub struct Tag {
    #[column(primary_key)]
    pub id: String,
}

#[test]
fn a_relation_whose_target_is_left_out() {
    let errors = errors(SchemaBuilder::new().table::<Tag>().build());
    assert_eq!(
        errors,
        [SchemaError::MissingRelationTarget {
            table: "tags".into(),
            relation: "posts".into(),
            target: "posts".into(),
            rust_type: "Post".into(),
        }]
    );
}

#[test]
fn an_inverse_relation_without_a_foreign_key_back() {
    let errors = errors(
        SchemaBuilder::new()
            .tables(tables![User, Post, Tag])
            .build(),
    );
    assert_eq!(
        errors[0].to_string(),
        "table `tags`: relation `posts` (many) needs a foreign key from `posts` to `tags` with its relation, and `posts` has none; drizzle cannot resolve the relation: add `references = ...` to a field of `posts` (without `no_relation`) or drop the relation"
    );
    assert_eq!(errors.len(), 1);
}

/// `a` with a unique `b_c` and `a_b` with a unique `c` both make `a_b_c_unique`.
#[derive(Table)]
#[table(name = "a")]
pub struct A {
    #[column(primary_key)]
    pub id: i32,
    #[column(unique)]
    pub b_c: String,
}

#[derive(Table)]
#[table(name = "a_b")]
pub struct AB {
    #[column(primary_key)]
    pub id: i32,
    #[column(unique)]
    pub c: String,
}

/// An index named like a table.
#[derive(Table)]
#[table(name = "a_b_c_index")]
pub struct IndexLike {
    #[column(primary_key)]
    pub id: i32,
}

#[derive(Table)]
#[table(name = "x", index(b, c))]
pub struct X {
    #[column(primary_key)]
    pub id: i32,
    pub b: i32,
    pub c: i32,
}

#[test]
fn constraint_and_index_names_that_collide_across_tables() {
    let errors = errors(SchemaBuilder::new().tables(tables![A, AB]).build());
    assert_eq!(
        errors,
        [SchemaError::NameCollision {
            name: "a_b_c_unique".into(),
            first: "unique constraint on table `a` `b_c`".into(),
            second: "unique constraint on table `a_b` `c`".into(),
        }]
    );
    // A table is a relation too: an index may not take its name. `x_b_c_index` is not
    // `a_b_c_index`, so only a table named like the index collides.
    #[derive(Table)]
    #[table(name = "x_b_c_index")]
    pub struct XIndexLike {
        #[column(primary_key)]
        pub id: i32,
    }
    let errors = errors_of(tables![IndexLike, X, XIndexLike]);
    assert_eq!(
        errors,
        [SchemaError::NameCollision {
            name: "x_b_c_index".into(),
            first: "table `x_b_c_index`".into(),
            second: "index on table `x` (`b`, `c`)".into(),
        }]
    );
}

fn errors_of(tables: &[&'static decl::TableDecl]) -> Vec<SchemaError> {
    errors(SchemaBuilder::new().tables(tables).build())
}

mod roles {
    use schema_model::{Table, TsEnum};

    #[derive(TsEnum)]
    #[ts_enum(name = "Role")]
    pub enum WorkspaceRole {
        Admin,
        Member,
    }

    #[derive(TsEnum)]
    #[ts_enum(name = "Role")]
    pub enum ProjectRole {
        Owner,
        Viewer,
    }

    #[derive(Table)]
    #[table(name = "memberships")]
    pub struct Membership {
        #[column(primary_key)]
        pub id: String,
        pub workspace_role: WorkspaceRole,
        /// The same enum twice is fine.
        pub previous_role: Option<WorkspaceRole>,
        pub project_roles: Vec<ProjectRole>,
    }
}

#[test]
fn two_different_ts_enums_with_one_name() {
    let errors = errors_of(tables![roles::Membership,]);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["two different TypeScript enums are named `Role`: \"admin\" | \"member\" (table `memberships`, column `workspace_role`) and \"owner\" | \"viewer\" (table `memberships`, column `project_roles`); rename one with `#[ts_enum(name = \"...\")]`"]
    );
}

#[test]
fn every_mistake_is_reported_at_once() {
    let errors = errors_of(tables![Post, Tag, A, AB]);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let all = SchemaErrors(errors).to_string();
    assert_eq!(all.lines().count(), 3);
}

mod ambiguous {
    use schema_model::Table;

    #[derive(Table)]
    #[table(name = "people", many(documents = Document))]
    pub struct Person {
        #[column(primary_key)]
        pub id: String,
    }

    #[derive(Table)]
    #[table(name = "documents")]
    pub struct Document {
        #[column(primary_key)]
        pub id: String,
        #[column(references = Person::id, relation = "author")]
        pub author_id: String,
        #[column(references = Person::id, relation = "editor")]
        pub editor_id: Option<String>,
    }

    /// The same, with the second foreign key left out of the relations.
    #[derive(Table)]
    #[table(name = "notes")]
    pub struct Note {
        #[column(primary_key)]
        pub id: String,
        #[column(references = Person::id)]
        pub author_id: String,
        #[column(references = Person::id, no_relation)]
        pub editor_id: Option<String>,
    }

    #[derive(Table)]
    #[table(name = "people", many(notes = Note))]
    pub struct NotePerson {
        #[column(primary_key)]
        pub id: String,
    }
}

#[test]
fn an_inverse_relation_with_two_foreign_keys_back() {
    let errors = errors_of(tables![ambiguous::Person, ambiguous::Document]);
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["table `people`: relation `documents` (many) is ambiguous: `documents` has 2 relations to `people` (`author`, `editor`); drizzle cannot tell which one it inverts: mark the others `no_relation` or drop the inverse relation"]
    );
    let schema = SchemaBuilder::new()
        .tables(tables![ambiguous::NotePerson, ambiguous::Note])
        .build()
        .unwrap();
    assert_eq!(schema.table("notes").unwrap().ts.relations.len(), 1);
    assert_eq!(schema.table("notes").unwrap().foreign_keys.len(), 2);
}
