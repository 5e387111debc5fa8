//! What each PostgreSQL major version can express, so that a schema using something newer than
//! the target server is refused with a clear message (at gen time against the project's minimum
//! version, at verify time against the server) instead of becoming a migration that fails or,
//! worse, means something else.

use crate::Schema;

/// The oldest PostgreSQL major version the toolkit supports.
pub const OLDEST_SUPPORTED: u32 = 13;

/// One thing the schema declares that needs a newer server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRequirement {
    pub table: String,
    /// The constraint (or column) that needs it.
    pub object: String,
    /// What it uses, e.g. `UNIQUE NULLS NOT DISTINCT`.
    pub feature: &'static str,
    /// The first major version that has it.
    pub needs: u32,
}

impl std::fmt::Display for VersionRequirement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "table {}, {}: {} needs PostgreSQL {} or later",
            self.table, self.object, self.feature, self.needs
        )
    }
}

/// Everything `schema` declares that PostgreSQL `server_major` cannot express, in table order.
pub fn requirements_above(schema: &Schema, server_major: u32) -> Vec<VersionRequirement> {
    let mut found = Vec::new();
    for table in &schema.tables {
        for unique in &table.uniques {
            if unique.nulls_not_distinct && server_major < 15 {
                found.push(VersionRequirement {
                    table: table.name.clone(),
                    object: format!("unique constraint {}", unique.name),
                    feature: "UNIQUE NULLS NOT DISTINCT",
                    needs: 15,
                });
            }
        }
    }
    found
}

/// [`requirements_above`] as sentences, e.g. `table users, unique constraint users_email_unique:
/// UNIQUE NULLS NOT DISTINCT needs PostgreSQL 15 or later`. Empty when the server can hold the
/// whole schema.
pub fn unsupported_features(schema: &Schema, server_major: u32) -> Vec<String> {
    requirements_above(schema, server_major)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The oldest major version (at least [`OLDEST_SUPPORTED`]) that can hold the whole schema.
pub fn minimum_version(schema: &Schema) -> u32 {
    requirements_above(schema, OLDEST_SUPPORTED)
        .iter()
        .map(|r| r.needs)
        .max()
        .unwrap_or(OLDEST_SUPPORTED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{TableDef, UniqueConstraint};

    fn schema(nulls_not_distinct: bool) -> Schema {
        let mut users = TableDef::empty("users");
        let mut unique = UniqueConstraint::new("users", vec!["email".into()]);
        unique.nulls_not_distinct = nulls_not_distinct;
        users.uniques.push(unique);
        Schema {
            tables: vec![users],
            ..Default::default()
        }
    }

    #[test]
    fn nulls_not_distinct_needs_15() {
        let schema = schema(true);
        assert_eq!(
            unsupported_features(&schema, 14),
            vec![
                "table users, unique constraint users_email_unique: UNIQUE NULLS NOT DISTINCT \
                 needs PostgreSQL 15 or later"
                    .to_string()
            ]
        );
        assert!(unsupported_features(&schema, 13).len() == 1);
        assert!(unsupported_features(&schema, 15).is_empty());
        assert!(unsupported_features(&schema, 18).is_empty());
        assert_eq!(minimum_version(&schema), 15);
    }

    #[test]
    fn a_plain_unique_fits_every_supported_version() {
        let schema = schema(false);
        for major in OLDEST_SUPPORTED..=18 {
            assert!(unsupported_features(&schema, major).is_empty(), "{major}");
        }
        assert_eq!(minimum_version(&schema), 13);
    }
}
