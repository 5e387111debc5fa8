use schema_model::View;

#[derive(View)]
#[view(sql = r#"select "id", "email" from "users""#)]
pub struct ActiveUser {
    #[column(primary_key)]
    pub id: String,
    #[column(default = "x", unique)]
    pub email: String,
}

fn main() {}
