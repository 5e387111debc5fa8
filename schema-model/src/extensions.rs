//! Extensions a schema needs, and the column types they (or the user) name.
//!
//! drizzle-kit 0.31 writes no `CREATE EXTENSION`: a drizzle user adds it by hand to a migration.
//! We write `CREATE EXTENSION IF NOT EXISTS "citext";` ourselves, first in the migration that
//! declares it (before any table whose columns or indexes use it), and `DROP EXTENSION IF
//! EXISTS` last in the one that stops declaring it.

use crate::ddl::{ident, Statement};

/// `CREATE EXTENSION IF NOT EXISTS "citext";`
pub fn create_extension(name: &str) -> Statement {
    Statement {
        sql: format!("CREATE EXTENSION IF NOT EXISTS {};", ident(name)),
        newline_after: false,
    }
}

/// `DROP EXTENSION IF EXISTS "citext";`
pub fn drop_extension(name: &str) -> Statement {
    Statement {
        sql: format!("DROP EXTENSION IF EXISTS {};", ident(name)),
        newline_after: false,
    }
}

/// Whether `name` is a valid extension name to declare: what `CREATE EXTENSION` accepts
/// unquoted (lower-case letters, digits, `_` and `-`, as contrib's `uuid-ossp`), at most 63 bytes.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= crate::model::MAX_IDENTIFIER_BYTES
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        && name.starts_with(|c: char| c.is_ascii_lowercase())
}

/// The extension steps of a plan from `from` to `to`: those to create (first), and those to
/// drop (last, after the tables and columns of their types are gone).
pub(crate) fn plan_extensions(
    from: &crate::model::Schema,
    to: &crate::model::Schema,
) -> (Vec<crate::diff::Step>, Vec<crate::diff::Step>) {
    use crate::diff::Step;
    let create = to
        .extensions
        .iter()
        .filter(|e| !from.extensions.contains(e))
        .map(|name| Step::CreateExtension { name: name.clone() })
        .collect();
    let drop = from
        .extensions
        .iter()
        .rev()
        .filter(|e| !to.extensions.contains(e))
        .map(|name| Step::DropExtension { name: name.clone() })
        .collect();
    (create, drop)
}
