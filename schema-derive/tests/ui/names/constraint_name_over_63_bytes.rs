use schema_model::Table;

#[derive(Table)]
#[table(
    name = "knowledgebase_entries",
    unique(workspace_identifier, entry_type_name)
)]
pub struct KnowledgebaseEntry {
    #[column(primary_key)]
    pub id: String,
    pub workspace_identifier: String,
    #[column(index)]
    pub entry_type_name: String,
    #[column(unique)]
    pub external_source_reference_key: String,
}

fn main() {}
