use schema_model::{Table, TsEnum};

#[derive(TsEnum)]
pub enum WorkspaceRole {
    Admin,
    Member,
    Viewer,
}

#[derive(Table)]
pub struct WorkspaceMember {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "membr")]
    pub role: WorkspaceRole,
    /// A variant: fine.
    #[column(default = "viewer")]
    pub previous_role: Option<WorkspaceRole>,
}

fn main() {}
