//! `verify`, `migrate` and `rollback`.

#[derive(clap::Args)]
pub struct VerifyArgs {}

#[derive(clap::Args)]
pub struct MigrateArgs {}

#[derive(clap::Args)]
pub struct RollbackArgs {}

pub fn verify(_args: &VerifyArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

pub fn migrate(_args: &MigrateArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

pub fn rollback(_args: &RollbackArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
