use schema_model::Table;

#[derive(Table)]
pub struct Recipe {
    #[column(primary_key)]
    pub id: String,
    // An unclosed type argument list.
    #[column(ts_type = "Record<string, Persona")]
    pub personas: serde_json::Value,
    // `ts_import` takes a type expression too: one `]` too many.
    #[column(ts_import = "RecipeStep[]]")]
    pub steps: serde_json::Value,
    // JSON holds no functions.
    #[column(ts_type = "(step: RecipeStep) => void")]
    pub callback: serde_json::Value,
    // A property without its colon.
    #[column(ts_type = "{ score number }")]
    pub confidence: serde_json::Value,
}

fn main() {}
