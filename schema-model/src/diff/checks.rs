//! The planner's part for CHECK constraints: matched by name; a changed one is dropped and added
//! again (drizzle-kit has no `ALTER CONSTRAINT` for checks), after the ones that are only
//! dropped or only added, as drizzle-kit orders them.

use super::{Buckets, Step};
use crate::model::CheckConstraint;

pub(super) fn diff_checks(
    table: &str,
    old: &[CheckConstraint],
    new: &[CheckConstraint],
    b: &mut Buckets,
) {
    let named = |list: &[CheckConstraint], name: &str| list.iter().any(|c| c.name == name);
    let changed: Vec<&CheckConstraint> = new
        .iter()
        .filter(|c| named(old, &c.name) && !old.contains(c))
        .collect();
    let drop = |name: &str| Step::DropCheck {
        table: table.to_string(),
        name: name.to_string(),
    };
    let add = |check: &CheckConstraint| Step::AddCheck {
        table: table.to_string(),
        check: check.clone(),
    };
    b.drop_checks.extend(
        old.iter()
            .filter(|c| !named(new, &c.name))
            .map(|c| drop(&c.name)),
    );
    b.drop_checks.extend(changed.iter().map(|c| drop(&c.name)));
    b.add_checks
        .extend(new.iter().filter(|c| !named(old, &c.name)).map(add));
    b.add_checks.extend(changed.into_iter().map(add));
}
