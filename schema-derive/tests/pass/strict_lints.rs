//! The expansion is clean under strict lints: a user crate that denies warnings compiles.
#![deny(warnings, missing_docs, unused_qualifications, unused_results)]

use schema_model::{nanoid, SchemaBuilder, Table, TsEnum};

/// A role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, TsEnum)]
pub enum Role {
    /// Admin.
    Admin,
    /// Member.
    Member,
}

/// Users.
#[derive(Table)]
#[table(name = "users", many(memberships = Membership))]
pub struct User {
    /// Id.
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    /// Email.
    #[column(unique, sql_type = "varchar(255)")]
    pub email: String,
}

/// Memberships.
#[derive(Table)]
#[table(name = "memberships", unique(user_id, role), index(role))]
pub struct Membership {
    /// Id.
    #[column(primary_key)]
    pub id: i64,
    /// User.
    #[column(references = User::id, on_delete = set_null)]
    pub user_id: Option<String>,
    /// Role.
    #[column(default = "member")]
    pub role: Role,
    /// Roles before.
    #[column(default_json = "[]")]
    pub previous_roles: Vec<Role>,
    /// When.
    #[column(default_now)]
    pub created_at: chrono::NaiveDateTime,
    /// Score.
    #[column(default = -0.5)]
    pub score: f64,
}

/// A private table referencing a public one, and referenced by nothing.
#[derive(Table)]
struct AuditEntry {
    #[column(primary_key)]
    id: i32,
    #[column(references = Membership::id, on_delete = cascade)]
    membership_id: i64,
}

fn main() {
    assert_eq!(AuditEntry::table_def().foreign_keys.len(), 1);
    let schema = SchemaBuilder::new()
        .table::<User>()
        .table::<Membership>()
        .build()
        .unwrap();
    assert_eq!(schema.tables.len(), 2);
    assert_eq!(User::default_id().len(), 21);
    assert_eq!("admin".parse::<Role>(), Ok(Role::Admin));
    assert_eq!(Role::ALL, &[Role::Admin, Role::Member]);
}
