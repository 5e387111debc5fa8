//! Assertions on a schema (usually one read from the catalog) that read like sentences, after
//! Prisma's migration tests:
//!
//! ```text
//! catalog.schema.assert_table("accounts")
//!     .assert_pk_on_columns(&["id"])
//!     .assert_fk_on_columns(&["user_id"], |fk| {
//!         fk.assert_references("users", &["id"]).assert_referential_action_on_delete(FkAction::Cascade)
//!     });
//! ```
//!
//! Each failure panics at the caller with the table, the object and what was there instead.

use schema_model::{ColumnDef, FkAction, ForeignKey, Schema, SqlDefault, SqlType, TableDef};

use crate::compare::canonical_type;

pub trait SchemaAssertions {
    fn assert_table(&self, name: &str) -> TableAssertion<'_>;
    fn assert_has_no_table(&self, name: &str) -> &Self;
}

impl SchemaAssertions for Schema {
    #[track_caller]
    fn assert_table(&self, name: &str) -> TableAssertion<'_> {
        match self.table(name) {
            Some(table) => TableAssertion { table },
            None => panic!(
                "expected a table `{name}`; the tables are: {}",
                self.tables
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    #[track_caller]
    fn assert_has_no_table(&self, name: &str) -> &Self {
        assert!(
            self.table(name).is_none(),
            "expected no table `{name}`, but there is one"
        );
        self
    }
}

pub struct TableAssertion<'a> {
    table: &'a TableDef,
}

fn list(columns: &[String]) -> String {
    format!("({})", columns.join(", "))
}

fn owned(columns: &[&str]) -> Vec<String> {
    columns.iter().map(|c| c.to_string()).collect()
}

impl<'a> TableAssertion<'a> {
    #[track_caller]
    pub fn assert_column(
        self,
        name: &str,
        check: impl FnOnce(ColumnAssertion<'a>) -> ColumnAssertion<'a>,
    ) -> Self {
        let Some(column) = self.table.column(name) else {
            panic!(
                "table `{}`: expected a column `{name}`; the columns are: {}",
                self.table.name,
                self.table
                    .columns
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        check(ColumnAssertion {
            table: &self.table.name,
            column,
        });
        self
    }

    #[track_caller]
    pub fn assert_pk_on_columns(self, columns: &[&str]) -> Self {
        let found = self.table.primary_key.as_ref().map(|pk| list(&pk.columns));
        assert_eq!(
            found.as_deref(),
            Some(list(&owned(columns)).as_str()),
            "table `{}`: primary key",
            self.table.name
        );
        self
    }

    #[track_caller]
    pub fn assert_unique_on_columns(self, columns: &[&str]) -> Self {
        let wanted = owned(columns);
        assert!(
            self.table.uniques.iter().any(|u| u.columns == wanted),
            "table `{}`: expected a unique constraint on {}; found unique constraints on: {}",
            self.table.name,
            list(&wanted),
            self.table
                .uniques
                .iter()
                .map(|u| list(&u.columns))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self
    }

    #[track_caller]
    pub fn assert_index_on_columns(self, columns: &[&str]) -> Self {
        let wanted = owned(columns);
        assert!(
            self.table.indexes.iter().any(|i| i.columns == wanted),
            "table `{}`: expected an index on {}; found indexes on: {}",
            self.table.name,
            list(&wanted),
            self.table
                .indexes
                .iter()
                .map(|i| list(&i.columns))
                .collect::<Vec<_>>()
                .join(", ")
        );
        self
    }

    #[track_caller]
    pub fn assert_fk_on_columns(
        self,
        columns: &[&str],
        check: impl FnOnce(FkAssertion<'a>) -> FkAssertion<'a>,
    ) -> Self {
        let wanted = owned(columns);
        let Some(fk) = self.table.foreign_keys.iter().find(|f| f.columns == wanted) else {
            panic!(
                "table `{}`: expected a foreign key on {}; found foreign keys on: {}",
                self.table.name,
                list(&wanted),
                self.table
                    .foreign_keys
                    .iter()
                    .map(|f| list(&f.columns))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        };
        check(FkAssertion {
            table: &self.table.name,
            fk,
        });
        self
    }

    #[track_caller]
    pub fn assert_has_no_fk_on_columns(self, columns: &[&str]) -> Self {
        let wanted = owned(columns);
        assert!(
            !self.table.foreign_keys.iter().any(|f| f.columns == wanted),
            "table `{}`: expected no foreign key on {}",
            self.table.name,
            list(&wanted)
        );
        self
    }
}

pub struct ColumnAssertion<'a> {
    table: &'a str,
    column: &'a ColumnDef,
}

impl ColumnAssertion<'_> {
    #[track_caller]
    pub fn assert_type(self, sql_type: SqlType) -> Self {
        assert_eq!(
            canonical_type(&self.column.sql_type),
            canonical_type(&sql_type),
            "column `{}.{}`: type",
            self.table,
            self.column.name
        );
        self
    }

    #[track_caller]
    pub fn assert_not_null(self) -> Self {
        assert!(
            self.column.not_null,
            "column `{}.{}`: expected NOT NULL, found nullable",
            self.table, self.column.name
        );
        self
    }

    #[track_caller]
    pub fn assert_nullable(self) -> Self {
        assert!(
            !self.column.not_null,
            "column `{}.{}`: expected nullable, found NOT NULL",
            self.table, self.column.name
        );
        self
    }

    #[track_caller]
    pub fn assert_default(self, default: Option<SqlDefault>) -> Self {
        assert_eq!(
            self.column.default, default,
            "column `{}.{}`: default",
            self.table, self.column.name
        );
        self
    }
}

pub struct FkAssertion<'a> {
    table: &'a str,
    fk: &'a ForeignKey,
}

impl FkAssertion<'_> {
    #[track_caller]
    pub fn assert_references(self, table: &str, columns: &[&str]) -> Self {
        assert_eq!(
            (self.fk.ref_table.as_str(), list(&self.fk.ref_columns)),
            (table, list(&owned(columns))),
            "table `{}`: foreign key {} references",
            self.table,
            self.fk.name
        );
        self
    }

    #[track_caller]
    pub fn assert_referential_action_on_delete(self, action: FkAction) -> Self {
        assert_eq!(
            self.fk.on_delete.sql(),
            action.sql(),
            "table `{}`: foreign key {} ON DELETE",
            self.table,
            self.fk.name
        );
        self
    }

    #[track_caller]
    pub fn assert_referential_action_on_update(self, action: FkAction) -> Self {
        assert_eq!(
            self.fk.on_update.sql(),
            action.sql(),
            "table `{}`: foreign key {} ON UPDATE",
            self.table,
            self.fk.name
        );
        self
    }

    #[track_caller]
    pub fn assert_name(self, name: &str) -> Self {
        assert_eq!(
            self.fk.name, name,
            "table `{}`: foreign key name",
            self.table
        );
        self
    }
}
