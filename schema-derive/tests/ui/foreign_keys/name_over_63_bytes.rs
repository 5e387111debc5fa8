use schema_model::Table;

#[derive(Table)]
#[table(name = "workspace_members_of_the_organisation")]
pub struct Member {
    #[column(primary_key)]
    pub id: String,
}

#[derive(Table)]
#[table(name = "invitations")]
pub struct Invitation {
    #[column(primary_key)]
    pub id: String,
    #[column(references = Member::id)]
    pub invited_by_member_id: String,
}

fn main() {}
