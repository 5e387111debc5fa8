//! Indexes beyond plain btree: unique indexes, methods (hash, brin), DESC and NULLS FIRST, a
//! partial index, storage parameters, an expression index, and a `NULLS NOT DISTINCT` unique
//! constraint. Step 2 swaps a method, changes an order, a predicate and a storage parameter,
//! adds an expression index and makes the unique constraint treat NULLs as equal.

use schema_model::{tables, Schema, SchemaBuilder};

mod step1 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(
        name = "articles",
        unique(author_id, title),
        index(slug, unique),
        index(author_id, published_at(desc)),
        index(title, using = "hash"),
        index(
            name = "articles_live_index",
            published_at(nulls_first),
            where_sql = "\"deleted_at\" IS NULL"
        ),
        index(created_at, using = "brin")
    )]
    pub struct Article {
        #[column(primary_key)]
        pub id: String,
        pub slug: String,
        pub author_id: String,
        pub title: Option<String>,
        pub published_at: Option<chrono::NaiveDateTime>,
        pub deleted_at: Option<chrono::NaiveDateTime>,
        #[column(default_now)]
        pub created_at: chrono::NaiveDateTime,
    }
}

// clippy takes the two `nulls_first` of the index list for a repeated attribute.
#[allow(clippy::duplicated_attributes)]
mod step2 {
    use schema_model::Table;

    #[derive(Table)]
    #[table(
        name = "articles",
        unique(author_id, title, nulls_not_distinct),
        index(name = "articles_slug_lower_index", sql = "lower(\"slug\")"),
        index(slug, unique),
        index(author_id, published_at(desc, nulls_first)),
        index(title),
        index(
            name = "articles_live_index",
            published_at(nulls_first),
            where_sql = "\"deleted_at\" IS NULL AND \"published_at\" IS NOT NULL"
        ),
        index(created_at, using = "brin", with(pages_per_range = 16))
    )]
    pub struct Article {
        #[column(primary_key)]
        pub id: String,
        pub slug: String,
        pub author_id: String,
        pub title: Option<String>,
        pub published_at: Option<chrono::NaiveDateTime>,
        pub deleted_at: Option<chrono::NaiveDateTime>,
        #[column(default_now)]
        pub created_at: chrono::NaiveDateTime,
    }
}

fn build(builder: SchemaBuilder) -> Schema {
    builder.build().expect("a consistent schema")
}

pub(crate) fn steps() -> [Schema; 2] {
    [
        build(SchemaBuilder::new().tables(tables![step1::Article])),
        build(SchemaBuilder::new().tables(tables![step2::Article])),
    ]
}

#[test]
fn indexes_agree_with_drizzle_kit_and_postgresql() -> anyhow::Result<()> {
    super::prove("indexes", &steps())
}

/// The statements themselves, spelled as drizzle-kit 0.31 spells them (the proof above compares
/// them with drizzle-kit's; this says what they are).
#[test]
fn indexes_plan_spells_each_index_feature() {
    let [one, two] = steps();
    let up = schema_model::diff::plan(&one, &two, Default::default())
        .expect("no destructive step")
        .up_sql();
    let expected = [
        r#"ALTER TABLE "articles" DROP CONSTRAINT "articles_author_id_title_unique";"#,
        r#"DROP INDEX "articles_author_id_published_at_index";"#,
        r#"DROP INDEX "articles_title_index";"#,
        r#"DROP INDEX "articles_live_index";"#,
        r#"DROP INDEX "articles_created_at_index";"#,
        r#"CREATE INDEX "articles_slug_lower_index" ON "articles" USING btree (lower("slug"));"#,
        r#"CREATE INDEX "articles_author_id_published_at_index" ON "articles" USING btree ("author_id","published_at" DESC NULLS FIRST);"#,
        r#"CREATE INDEX "articles_title_index" ON "articles" USING btree ("title");"#,
        r#"CREATE INDEX "articles_live_index" ON "articles" USING btree ("published_at" NULLS FIRST) WHERE "deleted_at" IS NULL AND "published_at" IS NOT NULL;"#,
        r#"CREATE INDEX "articles_created_at_index" ON "articles" USING brin ("created_at") WITH (pages_per_range=16);"#,
        r#"ALTER TABLE "articles" ADD CONSTRAINT "articles_author_id_title_unique" UNIQUE NULLS NOT DISTINCT("author_id","title");"#,
    ];
    let statements: Vec<&str> = up
        .split(schema_model::ddl::BREAKPOINT)
        .map(str::trim)
        .collect();
    assert_eq!(statements, expected, "{up}");
    let create = schema_model::ddl::render(&schema_model::ddl::create_schema(&one));
    for statement in [
        r#"CREATE UNIQUE INDEX "articles_slug_index" ON "articles" USING btree ("slug");"#,
        r#"CREATE INDEX "articles_author_id_published_at_index" ON "articles" USING btree ("author_id","published_at" DESC NULLS LAST);"#,
        r#"CREATE INDEX "articles_title_index" ON "articles" USING hash ("title");"#,
        r#"CREATE INDEX "articles_live_index" ON "articles" USING btree ("published_at" NULLS FIRST) WHERE "deleted_at" IS NULL;"#,
    ] {
        assert!(create.contains(statement), "{statement} not in\n{create}");
    }
}
