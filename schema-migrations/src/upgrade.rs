//! Moves a folder of an older layout to [`crate::layout::LAYOUT_VERSION`]: our snapshots to
//! `meta/_schema/`, and drizzle-kit's own snapshot of the same schema in their old place. No `.sql` file is
//! touched: drizzle's migrator has recorded the hash of every applied one.

use crate::journal::Journal;
use crate::layout::{drizzle_snapshot, MigrationPaths, JOURNAL, SUM};
use crate::sum::{recorded, sha256_hex, sum_file};
use crate::Files;
use crate::{drizzle_snapshot, snapshot};

/// What an upgrade writes and removes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Upgrade {
    /// New or rewritten files (relative to the folder).
    pub writes: Files,
    pub removes: Vec<String>,
    /// One line per move, for the user.
    pub moves: Vec<String>,
}

impl Upgrade {
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.removes.is_empty()
    }
}

/// Plans the upgrade of `current`; `Err` lists why the folder cannot be upgraded as it is
/// (an edited file would otherwise be blessed by the new checksums).
pub fn upgrade(current: &Files, display_dir: &str, command: &str) -> Result<Upgrade, Vec<String>> {
    let mut plan = Upgrade::default();
    let Some(text) = current.get(JOURNAL) else {
        return Ok(plan);
    };
    let journal = Journal::parse(text, &format!("{display_dir}/{JOURNAL}"))?;
    if let Some(sum) = current.get(SUM) {
        let recorded = recorded(sum);
        let edited: Vec<String> = current
            .iter()
            .filter(|(path, _)| *path != SUM)
            .filter(|(path, contents)| {
                recorded
                    .get(path.as_str())
                    .is_some_and(|h| *h != sha256_hex(contents.as_bytes()))
            })
            .map(|(path, _)| {
                format!("{display_dir}/{path} differs from its checksum in {display_dir}/{SUM}; restore it before upgrading")
            })
            .collect();
        if !edited.is_empty() {
            return Err(edited);
        }
    }
    let mut after = current.clone();
    let mut prev_id = drizzle_snapshot::ORIGIN_ID.to_string();
    for entry in &journal.entries {
        let old = drizzle_snapshot(entry.idx as usize);
        let Some(text) = current.get(&old).filter(|t| snapshot::is_legacy(t)) else {
            continue;
        };
        let schema = snapshot::from_json(text)
            .map_err(|e| vec![format!("{display_dir}/{old} is not a schema snapshot: {e}")])?
            .schema;
        let new = MigrationPaths::of(&entry.tag).snapshot;
        plan.moves.push(format!(
            "{display_dir}/{old} -> {display_dir}/{new} (snapshot format version {})",
            snapshot::VERSION
        ));
        let contents = snapshot::to_json(&schema, false);
        // drizzle-kit's own snapshot takes the old place, so it can continue the history.
        let ids = drizzle_snapshot::Ids {
            id: drizzle_snapshot::id_of(&entry.tag),
            prev_id: std::mem::take(&mut prev_id),
        };
        let drizzle = drizzle_snapshot::to_json(&schema, &ids);
        prev_id = ids.id;
        after.insert(new.clone(), contents.clone());
        after.insert(old.clone(), drizzle.clone());
        plan.writes.insert(new, contents);
        plan.writes.insert(old, drizzle);
    }
    if plan.writes.is_empty() {
        return Ok(plan);
    }
    after.remove(SUM);
    plan.writes.insert(SUM.into(), sum_file(&after, command));
    Ok(plan)
}
