use schema_model::Table;

type Points = i32;

#[derive(Table)]
pub struct Ticket {
    #[column(primary_key)]
    pub id: String,
    /// PostgreSQL would accept `DEFAULT 99999999999` and fail every insert relying on it.
    #[column(default = 99999999999)]
    pub estimated_points: Option<i32>,
    #[column(default = -32769)]
    pub priority: i16,
    /// Through an alias: the type, not its spelling, decides.
    #[column(default = 2147483648)]
    pub story_points: Points,
    #[column(default = 1e39)]
    pub weight: f32,
    #[column(default = 1e400)]
    pub score: f64,
    /// At the limits: fine.
    #[column(default = -9223372036854775808)]
    pub lowest: i64,
    #[column(default = 32767)]
    pub highest: i16,
    #[column(default = 3e38)]
    pub heaviest: f32,
    #[column(default = 99999999999)]
    pub wide: f64,
}

fn main() {}
