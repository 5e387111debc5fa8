//! Views and materialized views: created after their tables; in step 2 a view's query changes
//! (dropped and created again) and a materialized view over a new table comes, with a column
//! typed by a `TsEnum` no table uses; in step 3 a view
//! goes (on its own: drizzle-kit asks whether a view dropped beside one created is a rename).

use schema_model::{Schema, SchemaBuilder};

mod step1 {
    use schema_model::{Table, View};

    #[derive(Table)]
    #[table(name = "users")]
    pub struct User {
        #[column(primary_key)]
        pub id: String,
        pub email: String,
        pub active: bool,
        pub score: Option<i32>,
    }

    #[derive(View)]
    #[view(
        name = "active_users",
        sql = r#"select "id", "email" from "users" where "active""#
    )]
    pub struct ActiveUser {
        pub id: String,
        pub email: String,
    }

    #[derive(View)]
    #[view(name = "user_emails", sql = r#"select "email" from "users""#)]
    pub struct UserEmail {
        pub email: String,
    }
}

mod step2 {
    use schema_model::{Table, TsEnum, View};

    pub use super::step1::{User, UserEmail};

    #[derive(Table)]
    #[table(name = "posts")]
    pub struct Post {
        #[column(primary_key)]
        pub id: String,
        #[column(references = User::id, on_delete = cascade, no_relation)]
        pub user_id: String,
        pub title: String,
    }

    #[derive(View)]
    #[view(
        name = "active_users",
        sql = r#"select "id", "email", "score" from "users" where "active" and coalesce("score", 0) > 0"#
    )]
    pub struct ActiveUser {
        pub id: String,
        pub email: String,
        pub score: Option<i32>,
    }

    #[derive(View)]
    #[view(
        name = "post_counts",
        materialized,
        sql = r#"select "user_id", count(*)::integer as "posts", 'post'::text as "kind" from "posts" group by "user_id""#
    )]
    pub struct PostCount {
        pub user_id: String,
        pub posts: i32,
        /// A union no table uses: schema.ts and types.ts declare it for the view.
        pub kind: PostKind,
    }

    #[derive(TsEnum)]
    pub enum PostKind {
        Post,
        Draft,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

#[test]
fn views_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    super::prove(
        "views",
        &[
            build(
                SchemaBuilder::new()
                    .table::<step1::User>()
                    .view::<step1::ActiveUser>()
                    .view::<step1::UserEmail>(),
            ),
            build(
                SchemaBuilder::new()
                    .table::<step2::User>()
                    .table::<step2::Post>()
                    .view::<step2::ActiveUser>()
                    .view::<step2::PostCount>()
                    .view::<step2::UserEmail>(),
            ),
            build(
                SchemaBuilder::new()
                    .table::<step2::User>()
                    .table::<step2::Post>()
                    .view::<step2::ActiveUser>()
                    .view::<step2::PostCount>(),
            ),
        ],
    )
}
