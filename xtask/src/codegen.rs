//! `gen` and `check`: every generated file comes from one `generate(mode)` function.

#[derive(clap::Args)]
pub struct GenArgs {
    /// Name of the new migration (default: a readable name picked from its contents).
    #[arg(long)]
    pub name: Option<String>,
    /// Allow steps that lose data (drop table or column, narrowing type change, …).
    #[arg(long)]
    pub allow_destructive: bool,
}

pub fn gen(_args: &GenArgs) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}

pub fn check() -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
