use schema_model::View;

#[derive(View)]
#[view(name = "active_users", sql = "  ")]
pub struct ActiveUser {
    pub id: String,
}

fn main() {}
