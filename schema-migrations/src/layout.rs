//! Where each file of the migrations folder lives (see the crate docs for the whole layout).

/// drizzle's journal.
pub const JOURNAL: &str = "meta/_journal.json";
/// The checksum file.
pub const SUM: &str = "migrations.sum";
/// The folder of our snapshots (`_`-prefixed: drizzle-kit skips it).
pub const SNAPSHOTS: &str = "meta/_schema";
/// The layout this crate writes; [`crate::upgrade`] moves an older folder to it.
pub const LAYOUT_VERSION: u32 = 1;

/// The three files `gen` writes per migration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationPaths {
    pub up: String,
    pub down: String,
    pub snapshot: String,
}

impl MigrationPaths {
    pub fn of(tag: &str) -> MigrationPaths {
        MigrationPaths {
            up: format!("{tag}.sql"),
            down: format!("{tag}.down.sql"),
            snapshot: format!("{SNAPSHOTS}/{tag}.json"),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.up == path || self.down == path || self.snapshot == path
    }
}

/// Where drizzle-kit keeps its own snapshot of migration `idx` (and where layout 0 kept ours).
pub fn drizzle_snapshot(idx: usize) -> String {
    format!("meta/{idx:04}_snapshot.json")
}

/// A migration's file name prefix from its journal index.
pub fn tag_prefix(idx: usize) -> String {
    format!("{idx:04}_")
}
