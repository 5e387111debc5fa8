use schema_model::View;

#[derive(View)]
#[view(name = "active_users")]
pub struct ActiveUser {
    pub id: String,
}

fn main() {}
