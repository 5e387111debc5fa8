//! Assembling tables into a schema, with the checks one derive cannot see.

use crate::column_type::Table;
use crate::model::Schema;

/// Collects tables in declaration order; `build` runs the whole-schema checks.
#[derive(Debug, Default)]
pub struct SchemaBuilder {
    schema: Schema,
}

impl SchemaBuilder {
    pub fn new() -> Self {
        SchemaBuilder::default()
    }

    pub fn table<T: Table>(mut self) -> Self {
        self.schema.tables.push(T::table_def());
        self
    }

    pub fn build(self) -> Result<Schema, SchemaErrors> {
        Ok(self.schema)
    }
}

/// One whole-schema mistake.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("two tables are named `{0}`")]
    DuplicateTable(String),
}

/// Every whole-schema mistake found, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct SchemaErrors(pub Vec<SchemaError>);
