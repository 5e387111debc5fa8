//! The planner's part for CHECK constraints: matched by name; a changed one is dropped and added
//! again (drizzle-kit has no `ALTER CONSTRAINT` for checks).

use super::{Buckets, Step};
use crate::model::CheckConstraint;

pub(super) fn diff_checks(
    table: &str,
    old: &[CheckConstraint],
    new: &[CheckConstraint],
    b: &mut Buckets,
) {
    for check in old {
        if !new.contains(check) {
            b.drop_checks.push(Step::DropCheck {
                table: table.to_string(),
                name: check.name.clone(),
            });
        }
    }
    for check in new {
        if !old.contains(check) {
            b.add_checks.push(Step::AddCheck {
                table: table.to_string(),
                check: check.clone(),
            });
        }
    }
}
