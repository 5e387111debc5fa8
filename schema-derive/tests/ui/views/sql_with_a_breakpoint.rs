use schema_model::View;

#[derive(View)]
#[view(sql = "select 1 as id --> statement-breakpoint")]
pub struct ActiveUser {
    pub id: i32,
}

fn main() {}
