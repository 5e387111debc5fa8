//! A small task tracker's schema: teams, people, who belongs to which team, and tasks that nest.

use chrono::NaiveDateTime;
use schema_model::{nanoid, Schema, SchemaBuilder, SchemaErrors, Table, TsEnum};

#[derive(TsEnum)]
pub enum TaskStatus {
    Todo,
    InProgress,
    Done,
}

#[derive(Table)]
#[table(name = "teams", many(members = TeamMember, tasks = Task))]
pub struct Team {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(unique)]
    pub slug: String,
    pub name: String,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

#[derive(Table)]
#[table(name = "people", many(memberships = TeamMember))]
pub struct Person {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(unique)]
    pub email: String,
    pub display_name: Option<String>,
}

/// Who belongs to which team: a composite primary key.
#[derive(Table)]
#[table(name = "team_members", primary_key(team_id, person_id))]
pub struct TeamMember {
    #[column(references = Team::id, on_delete = cascade)]
    pub team_id: String,
    #[column(references = Person::id, on_delete = cascade)]
    pub person_id: String,
    #[column(default = false)]
    pub admin: bool,
}

/// A task; subtasks point at their parent (a self-referencing foreign key).
#[derive(Table)]
#[table(name = "tasks", index(team_id, status))]
pub struct Task {
    #[column(primary_key, default_fn = nanoid)]
    pub id: String,
    #[column(references = Team::id, on_delete = cascade)]
    pub team_id: String,
    #[column(references = Task::id, on_delete = set_null, relation = "parent")]
    pub parent_id: Option<String>,
    #[column(references = Person::id, on_delete = set_null, no_relation)]
    pub assignee_id: Option<String>,
    pub title: String,
    #[column(default = "todo")]
    pub status: TaskStatus,
    /// Checklist and links, typed by the app's own `TaskDetails`.
    #[column(ts_import = "TaskDetails", default_json = "{}")]
    pub details: serde_json::Value,
    #[column(default_now)]
    pub created_at: NaiveDateTime,
}

/// The schema; `Err` lists every whole-schema mistake.
pub fn try_schema() -> Result<Schema, SchemaErrors> {
    SchemaBuilder::new()
        .table::<Team>()
        .table::<Person>()
        .table::<TeamMember>()
        .table::<Task>()
        .build()
}
