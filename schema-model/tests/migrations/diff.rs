//! The planner: one test per kind of change, destructive refusals, renames, down plans.
//! Every statement a test sees is parsed with sqlparser's PostgreSQL dialect.

use schema_model::diff::{plan, Plan, PlanOptions, Step};
use schema_model::sql_read::{self, replay, sql_shape};
use schema_model::{FkAction, Schema, SqlDefault, SqlType, TableDef};

use crate::fixtures::{baseline, column, table, with_plan};

const ALLOW: PlanOptions = PlanOptions {
    allow_destructive: true,
};
const SAFE: PlanOptions = PlanOptions {
    allow_destructive: false,
};

fn checked(plan: Plan) -> Plan {
    for statement in plan.up_statements().iter().chain(&plan.down_statements()) {
        assert_eq!(
            sql_read::parse(&statement.sql),
            Ok(1),
            "sqlparser (PostgreSQL) rejects: {}",
            statement.sql
        );
    }
    plan
}

/// The up statements from `from` to `to` (destructive steps allowed), after checking that the
/// up plan replays to `to` and the down plan back to `from`.
fn up(from: &Schema, to: &Schema) -> Vec<String> {
    let plan = checked(plan(from, to, ALLOW).unwrap());
    let base = schema_model::ddl::render(&schema_model::ddl::create_schema(from));
    let up_sql = plan.up_sql();
    let down_sql = plan.down_sql();
    let after = replay([("from.sql", base.as_str()), ("up.sql", up_sql.as_str())]).unwrap();
    assert_eq!(sql_shape(&after), sql_shape(to), "up plan:\n{up_sql}");
    let back = replay([
        ("from.sql", base.as_str()),
        ("up.sql", up_sql.as_str()),
        ("down.sql", down_sql.as_str()),
    ])
    .unwrap();
    assert_eq!(sql_shape(&back), sql_shape(from), "down plan:\n{down_sql}");
    plan.up_statements().into_iter().map(|s| s.sql).collect()
}

fn one_table(t: TableDef) -> Schema {
    Schema {
        tables: vec![t],
        ..Default::default()
    }
}

fn posts() -> crate::fixtures::Table {
    table("posts", "posts").id("id").text("title", true)
}

#[test]
fn no_change_plans_nothing() {
    let plan = plan(&with_plan(), &with_plan(), SAFE).unwrap();
    assert!(plan.is_empty());
    assert!(plan.down.is_empty());
}

#[test]
fn plan_01_01_creates_seven_tables_then_their_foreign_keys() {
    let plan = checked(plan(&baseline(), &with_plan(), SAFE).unwrap());
    insta::assert_snapshot!("plan_01_01_up", plan.up_sql());
    let creates: Vec<&str> = plan
        .up
        .iter()
        .filter_map(|s| match s {
            Step::CreateTable(t) => Some(t.name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        creates,
        [
            "accounts",
            "activity_logs",
            "invitations",
            "sessions",
            "users",
            "verification_tokens",
            "workspace_members"
        ]
    );
    assert_eq!(plan.up.len(), 7 + 8, "7 tables and 8 foreign keys");
}

#[test]
fn plan_01_01_rolls_back_dependents_first() {
    let plan = checked(plan(&baseline(), &with_plan(), SAFE).unwrap());
    assert_eq!(
        plan.down_sql(),
        "DROP TABLE \"activity_logs\" CASCADE;--> statement-breakpoint\n\
         DROP TABLE \"invitations\" CASCADE;--> statement-breakpoint\n\
         DROP TABLE \"workspace_members\" CASCADE;--> statement-breakpoint\n\
         DROP TABLE \"verification_tokens\" CASCADE;--> statement-breakpoint\n\
         DROP TABLE \"accounts\" CASCADE;--> statement-breakpoint\n\
         DROP TABLE \"sessions\" CASCADE;--> statement-breakpoint\n\
         DROP TABLE \"users\" CASCADE;"
    );
}

#[test]
fn drop_table() {
    let from = with_plan();
    let to = baseline();
    assert_eq!(up(&from, &to).len(), 7);
}

#[test]
fn add_column() {
    let from = one_table(posts().build());
    let to = one_table(
        posts()
            .col(column(
                "views",
                SqlType::Integer,
                true,
                Some(SqlDefault::Number("0".into())),
            ))
            .build(),
    );
    assert_eq!(
        up(&from, &to),
        ["ALTER TABLE \"posts\" ADD COLUMN \"views\" integer DEFAULT 0 NOT NULL;"]
    );
}

#[test]
fn drop_column() {
    let from = one_table(posts().text("body", false).build());
    let to = one_table(posts().build());
    assert_eq!(
        up(&from, &to),
        ["ALTER TABLE \"posts\" DROP COLUMN \"body\";"]
    );
}

#[test]
fn alter_column_type_widening() {
    let from = one_table(
        posts()
            .col(column("n", SqlType::Integer, false, None))
            .build(),
    );
    let to = one_table(
        posts()
            .col(column("n", SqlType::BigInt, false, None))
            .build(),
    );
    assert_eq!(
        up(&from, &to),
        ["ALTER TABLE \"posts\" ALTER COLUMN \"n\" SET DATA TYPE bigint;"]
    );
}

#[test]
fn alter_column_type_with_a_default_drops_and_sets_the_default_around_it() {
    let from = one_table(
        posts()
            .col(column(
                "n",
                SqlType::Text,
                false,
                Some(SqlDefault::Text("1".into())),
            ))
            .build(),
    );
    let to = one_table(
        posts()
            .col(column(
                "n",
                SqlType::Integer,
                false,
                Some(SqlDefault::Number("1".into())),
            ))
            .build(),
    );
    assert_eq!(
        up(&from, &to),
        [
            "ALTER TABLE \"posts\" ALTER COLUMN \"n\" DROP DEFAULT;",
            "ALTER TABLE \"posts\" ALTER COLUMN \"n\" SET DATA TYPE integer USING \"n\"::integer;",
            "ALTER TABLE \"posts\" ALTER COLUMN \"n\" SET DEFAULT 1;",
        ]
    );
}

#[test]
fn alter_column_nullability() {
    let nullable = one_table(posts().text("body", false).build());
    let required = one_table(
        posts()
            .col(column(
                "body",
                SqlType::Text,
                true,
                Some(SqlDefault::Text("".into())),
            ))
            .build(),
    );
    assert_eq!(
        up(&nullable, &required),
        [
            "ALTER TABLE \"posts\" ALTER COLUMN \"body\" SET DEFAULT '';",
            "ALTER TABLE \"posts\" ALTER COLUMN \"body\" SET NOT NULL;",
        ]
    );
    let required = one_table(posts().text("body", true).build());
    assert_eq!(
        up(&required, &nullable),
        ["ALTER TABLE \"posts\" ALTER COLUMN \"body\" DROP NOT NULL;"]
    );
}

#[test]
fn alter_column_default() {
    let with = |d: Option<SqlDefault>| {
        one_table(posts().col(column("s", SqlType::Text, false, d)).build())
    };
    assert_eq!(
        up(&with(None), &with(Some(SqlDefault::Text("a".into())))),
        ["ALTER TABLE \"posts\" ALTER COLUMN \"s\" SET DEFAULT 'a';"]
    );
    assert_eq!(
        up(&with(Some(SqlDefault::Text("a".into()))), &with(None)),
        ["ALTER TABLE \"posts\" ALTER COLUMN \"s\" DROP DEFAULT;"]
    );
}

#[test]
fn add_and_drop_primary_key() {
    let keyless = one_table(table("t", "t").text("a", true).text("b", true).build());
    let keyed = one_table(
        table("t", "t")
            .text("a", true)
            .text("b", true)
            .pk(&["a", "b"])
            .build(),
    );
    assert_eq!(
        up(&keyless, &keyed),
        ["ALTER TABLE \"t\" ADD CONSTRAINT \"t_a_b_pk\" PRIMARY KEY(\"a\",\"b\");"]
    );
    assert_eq!(
        up(&keyed, &keyless),
        ["ALTER TABLE \"t\" DROP CONSTRAINT \"t_a_b_pk\";"]
    );
}

#[test]
fn add_and_drop_unique_single_and_composite() {
    let plain = one_table(posts().text("slug", true).build());
    let single = one_table(posts().text("slug", true).unique(&["slug"]).build());
    let composite = one_table(
        posts()
            .text("slug", true)
            .unique(&["title", "slug"])
            .build(),
    );
    assert_eq!(
        up(&plain, &single),
        ["ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_slug_unique\" UNIQUE(\"slug\");"]
    );
    assert_eq!(
        up(&single, &composite),
        [
            "ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_slug_unique\";",
            "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_title_slug_unique\" UNIQUE(\"title\",\"slug\");",
        ]
    );
    assert_eq!(
        up(&composite, &plain),
        ["ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_title_slug_unique\";"]
    );
}

fn users() -> TableDef {
    table("users", "users").id("id").build()
}

fn with_author(on_delete: Option<FkAction>) -> Schema {
    let mut t = posts().text("author", false);
    if let Some(action) = on_delete {
        t = t.fk("author", "users", action);
    }
    Schema {
        tables: vec![users(), t.build()],
        ..Default::default()
    }
}

#[test]
fn add_and_drop_foreign_key() {
    let add = "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_users_id_fk\" FOREIGN KEY (\"author\") REFERENCES \"public\".\"users\"(\"id\") ON DELETE cascade ON UPDATE no action;";
    assert_eq!(
        up(&with_author(None), &with_author(Some(FkAction::Cascade))),
        [add]
    );
    assert_eq!(
        up(&with_author(Some(FkAction::Cascade)), &with_author(None)),
        ["ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_author_users_id_fk\";"]
    );
}

#[test]
fn changed_on_delete_drops_and_adds_the_foreign_key() {
    assert_eq!(
        up(&with_author(Some(FkAction::Cascade)), &with_author(Some(FkAction::SetNull))),
        [
            "ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_author_users_id_fk\";",
            "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_users_id_fk\" FOREIGN KEY (\"author\") REFERENCES \"public\".\"users\"(\"id\") ON DELETE set null ON UPDATE no action;",
        ]
    );
}

#[test]
fn add_and_drop_index() {
    let plain = one_table(posts().build());
    let indexed = one_table(posts().index("posts_title_idx", &["title"], false).build());
    assert_eq!(
        up(&plain, &indexed),
        ["CREATE INDEX \"posts_title_idx\" ON \"posts\" USING btree (\"title\");"]
    );
    assert_eq!(up(&indexed, &plain), ["DROP INDEX \"posts_title_idx\";"]);
}

#[test]
fn declared_table_rename_is_a_rename_not_a_drop() {
    let from = one_table(
        posts()
            .unique(&["title"])
            .index("posts_title_idx", &["title"], false)
            .build(),
    );
    let to = one_table(
        table("articles", "articles")
            .id("id")
            .text("title", true)
            .unique(&["title"])
            .index("articles_title_idx", &["title"], false)
            .renamed_from("posts")
            .build(),
    );
    assert!(plan(&from, &to, SAFE).is_ok(), "a rename loses nothing");
    // The constraints keep their content; only their names follow the table's.
    assert_eq!(
        up(&from, &to),
        [
            "ALTER TABLE \"posts\" RENAME TO \"articles\";",
            "ALTER TABLE \"articles\" RENAME CONSTRAINT \"posts_pkey\" TO \"articles_pkey\";",
            "ALTER TABLE \"articles\" RENAME CONSTRAINT \"posts_title_unique\" TO \"articles_title_unique\";",
            "ALTER INDEX \"posts_title_idx\" RENAME TO \"articles_title_idx\";",
        ]
    );
}

#[test]
fn declared_column_rename_is_a_rename_not_a_drop() {
    let from = one_table(posts().text("body", false).build());
    let mut renamed = column("content", SqlType::Text, false, None);
    renamed.renamed_from = Some("body".into());
    let to = one_table(posts().col(renamed).build());
    assert!(plan(&from, &to, SAFE).is_ok(), "a rename loses nothing");
    assert_eq!(
        up(&from, &to),
        ["ALTER TABLE \"posts\" RENAME COLUMN \"body\" TO \"content\";"]
    );
}

#[test]
fn a_rename_that_already_happened_is_ignored() {
    let mut renamed = column("content", SqlType::Text, false, None);
    renamed.renamed_from = Some("body".into());
    let schema = one_table(posts().col(renamed).renamed_from("old_posts").build());
    assert!(plan(&schema, &schema, SAFE).unwrap().is_empty());
}

#[test]
fn destructive_steps_are_refused_with_every_table_and_column_named() {
    let from = Schema {
        tables: vec![
            posts()
                .text("body", false)
                .col(column("n", SqlType::BigInt, false, None))
                .text("summary", false)
                .build(),
            users(),
        ],
        ..Default::default()
    };
    let to = Schema {
        tables: vec![posts()
            .col(column("n", SqlType::Integer, false, None))
            .text("summary", true)
            .text("subtitle", true)
            .build()],
        ..Default::default()
    };
    let error = plan(&from, &to, SAFE).unwrap_err();
    let named: Vec<(String, Option<String>)> = error
        .changes
        .iter()
        .map(|c| (c.table.clone(), c.column.clone()))
        .collect();
    let expected = [
        ("posts", Some("n")),
        ("posts", Some("summary")),
        ("posts", Some("subtitle")),
        ("posts", Some("body")),
        ("users", None),
    ];
    assert_eq!(
        named,
        expected
            .iter()
            .map(|(t, c)| (t.to_string(), c.map(str::to_string)))
            .collect::<Vec<_>>()
    );
    let message = error.to_string();
    assert!(
        message.contains("posts.n: changing the type from bigint to integer"),
        "{message}"
    );
    assert!(message.contains("posts.summary: SET NOT NULL"), "{message}");
    assert!(
        message.contains("users: the table is no longer in the schema"),
        "{message}"
    );
    assert!(
        message.contains("if that is intended, allow destructive steps"),
        "{message}"
    );
    // Allowed, the same change plans.
    assert!(plan(&from, &to, ALLOW).is_ok());
}

#[test]
fn set_not_null_with_a_default_is_not_destructive() {
    let from = one_table(posts().text("s", false).build());
    let to = one_table(
        posts()
            .col(column(
                "s",
                SqlType::Text,
                true,
                Some(SqlDefault::Text("x".into())),
            ))
            .build(),
    );
    assert!(plan(&from, &to, SAFE).is_ok());
}

#[test]
fn widening_type_changes_are_not_destructive() {
    for (a, b) in [
        (SqlType::SmallInt, SqlType::Integer),
        (SqlType::Integer, SqlType::BigInt),
        (SqlType::Real, SqlType::DoublePrecision),
        (SqlType::Varchar(Some(10)), SqlType::Varchar(Some(20))),
        (SqlType::Varchar(Some(10)), SqlType::Text),
    ] {
        let from = one_table(posts().col(column("c", a.clone(), false, None)).build());
        let to = one_table(posts().col(column("c", b.clone(), false, None)).build());
        assert!(plan(&from, &to, SAFE).is_ok(), "{a:?} -> {b:?}");
        assert!(plan(&to, &from, SAFE).is_err(), "{b:?} -> {a:?} narrows");
    }
}

#[test]
fn suggested_names_read_like_the_change() {
    let plan = plan(&baseline(), &with_plan(), SAFE).unwrap();
    assert_eq!(plan.suggested_name(), "create_accounts_and_more");
    let from = one_table(posts().build());
    let to = one_table(posts().text("body", false).build());
    assert_eq!(
        schema_model::diff::plan(&from, &to, SAFE)
            .unwrap()
            .suggested_name(),
        "add_posts_body"
    );
}

#[test]
fn a_change_to_one_table_is_named_after_it_without_and_more() {
    let name = |from: TableDef, to: TableDef| {
        plan(&one_table(from), &one_table(to), ALLOW)
            .unwrap()
            .suggested_name()
    };
    // A column and its index: two kinds of step, one table.
    assert_eq!(
        name(
            posts().build(),
            posts()
                .timestamp("due_date", false)
                .index("posts_due_date_idx", &["due_date"], false)
                .build()
        ),
        "alter_posts"
    );
    // An index replaced: the dropped index's table is known from the down plan.
    assert_eq!(
        name(
            posts().index("posts_title_idx", &["title"], false).build(),
            posts()
                .text("body", false)
                .index("posts_title_body_idx", &["title", "body"], false)
                .build()
        ),
        "alter_posts"
    );
    // A NOT NULL set and a column dropped.
    assert_eq!(
        name(
            posts().text("body", false).text("slug", false).build(),
            posts().text("body", true).build()
        ),
        "alter_posts"
    );
    // A new table with its index is still just its creation.
    let created = plan(
        &Schema::default(),
        &one_table(posts().index("posts_title_idx", &["title"], false).build()),
        ALLOW,
    )
    .unwrap();
    assert_eq!(created.suggested_name(), "create_posts");
    // Two tables: "and more" is true.
    let two = Schema {
        tables: vec![
            posts().build(),
            table("authors", "authors").id("id").build(),
        ],
        ..Default::default()
    };
    let changed = Schema {
        tables: vec![
            posts().text("body", false).build(),
            table("authors", "authors")
                .id("id")
                .text("name", false)
                .build(),
        ],
        ..Default::default()
    };
    assert_eq!(
        // drizzle-kit's order of altered tables: by export name.
        plan(&two, &changed, ALLOW).unwrap().suggested_name(),
        "add_authors_name_and_more"
    );
}

#[test]
fn tables_that_refer_to_each_other_drop_and_come_back() {
    let a = table("a", "a")
        .id("id")
        .text("b_id", false)
        .fk("b_id", "b", FkAction::NoAction)
        .build();
    let b = table("b", "b")
        .id("id")
        .text("a_id", false)
        .fk("a_id", "a", FkAction::NoAction)
        .build();
    let c = table("c", "c")
        .id("id")
        .text("a_id", false)
        .fk("a_id", "a", FkAction::Cascade)
        .build();
    let both = Schema {
        tables: vec![a, b, c],
        ..Default::default()
    };
    let statements = up(&both, &Schema::default());
    // `c` refers to `a` and nothing refers to `c`: it goes first; `a` and `b` form a cycle that
    // CASCADE resolves.
    assert_eq!(
        statements,
        [
            "DROP TABLE \"c\" CASCADE;",
            "DROP TABLE \"b\" CASCADE;",
            "DROP TABLE \"a\" CASCADE;"
        ]
    );
}

#[test]
fn a_changed_key_that_a_foreign_key_refers_to_takes_the_foreign_key_along() {
    let schema = |nulls_not_distinct: bool| {
        let mut users = table("users", "users")
            .id("id")
            .text("email", true)
            .unique(&["email"])
            .build();
        users.uniques[0].nulls_not_distinct = nulls_not_distinct;
        let mut posts = posts().text("author_email", false).build();
        posts.foreign_keys.push(schema_model::ForeignKey::new(
            "posts",
            vec!["author_email".into()],
            "users",
            vec!["email".into()],
            FkAction::Cascade,
            FkAction::NoAction,
        ));
        Schema {
            tables: vec![users, posts],
            ..Default::default()
        }
    };
    assert_eq!(
        up(&schema(false), &schema(true)),
        [
            "ALTER TABLE \"posts\" DROP CONSTRAINT \"posts_author_email_users_email_fk\";",
            "ALTER TABLE \"users\" DROP CONSTRAINT \"users_email_unique\";",
            "ALTER TABLE \"users\" ADD CONSTRAINT \"users_email_unique\" UNIQUE NULLS NOT DISTINCT(\"email\");",
            "ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_author_email_users_email_fk\" FOREIGN KEY (\"author_email\") REFERENCES \"public\".\"users\"(\"email\") ON DELETE cascade ON UPDATE no action;",
        ]
    );
}

#[test]
fn renames_carry_constraints_and_references_along_without_a_drop() {
    let before = {
        let users = table("users", "users")
            .id("id")
            .text("mail", true)
            .unique(&["mail"])
            .build();
        let mut posts = posts().text("author", false).build();
        posts.foreign_keys.push(schema_model::ForeignKey::new(
            "posts",
            vec!["author".into()],
            "users",
            vec!["mail".into()],
            FkAction::Cascade,
            FkAction::NoAction,
        ));
        Schema {
            tables: vec![users, posts],
            ..Default::default()
        }
    };
    let after = {
        let mut email = column("email", SqlType::Text, true, None);
        email.renamed_from = Some("mail".into());
        let people = table("people", "people")
            .id("id")
            .col(email)
            .unique(&["email"])
            .renamed_from("users")
            .build();
        let mut posts = posts().text("author", false).build();
        posts.foreign_keys.push(schema_model::ForeignKey::new(
            "posts",
            vec!["author".into()],
            "people",
            vec!["email".into()],
            FkAction::Cascade,
            FkAction::NoAction,
        ));
        Schema {
            tables: vec![people, posts],
            ..Default::default()
        }
    };
    assert!(plan(&before, &after, SAFE).is_ok(), "renames lose nothing");
    assert_eq!(
        up(&before, &after),
        [
            "ALTER TABLE \"users\" RENAME TO \"people\";",
            "ALTER TABLE \"people\" RENAME COLUMN \"mail\" TO \"email\";",
            "ALTER TABLE \"people\" RENAME CONSTRAINT \"users_pkey\" TO \"people_pkey\";",
            "ALTER TABLE \"people\" RENAME CONSTRAINT \"users_mail_unique\" TO \"people_email_unique\";",
            "ALTER TABLE \"posts\" RENAME CONSTRAINT \"posts_author_users_mail_fk\" TO \"posts_author_people_email_fk\";",
        ]
    );
}

#[test]
fn down_steps_that_cannot_restore_data_are_warned_about_in_the_down_file() {
    let from = Schema {
        tables: vec![
            posts().text("summary", false).build(),
            table("drafts", "drafts").id("id").build(),
        ],
        ..Default::default()
    };
    let to = one_table(table("posts", "posts").id("id").build());
    up(&from, &to);
    let plan = plan(&from, &to, ALLOW).unwrap();
    let messages: Vec<String> = plan
        .down_warnings()
        .into_iter()
        .map(|w| format!("{} <- {}", plan.down[w.step], w.message))
        .collect();
    assert_eq!(
        messages,
        [
            "CREATE TABLE \"drafts\" (\n\t\"id\" text PRIMARY KEY NOT NULL\n); <- re-creates table \"drafts\" empty: the rows the up migration dropped are not restored",
            "ALTER TABLE \"posts\" ADD COLUMN \"title\" text NOT NULL; <- fails if table \"posts\" has rows: it re-adds NOT NULL column \"title\" without a default (and the dropped values are not restored)",
            "ALTER TABLE \"posts\" ADD COLUMN \"summary\" text; <- re-adds column \"posts\".\"summary\" holding NULL: the dropped values are not restored",
        ]
    );
    let down = plan.down_sql();
    assert!(
        down.contains(
            "-- warning: fails if table \"posts\" has rows: it re-adds NOT NULL column \"title\" \
             without a default (and the dropped values are not restored)\n\
             ALTER TABLE \"posts\" ADD COLUMN \"title\" text NOT NULL;"
        ),
        "{down}"
    );
    // A plan whose down steps all run on any data has no warning.
    let added = plan_of(&to, &from);
    assert!(
        added.down_warnings().is_empty(),
        "{:?}",
        added.down_warnings()
    );
    assert!(!added.down_sql().contains("-- warning"));
}

fn plan_of(from: &Schema, to: &Schema) -> Plan {
    plan(from, to, ALLOW).unwrap()
}

/// `auth.users` (with an enum column of `auth.role` and an index) and `public.posts` pointing
/// into it.
fn with_auth_schema() -> Schema {
    let users = table("auth.users", "users")
        .id("id")
        .col(column(
            "role",
            SqlType::Enum("auth.role".into()),
            true,
            Some(SqlDefault::Text("member".into())),
        ))
        .index("users_role_idx", &["role"], false)
        .build();
    let posts = posts().fk("title", "auth.users", FkAction::Cascade).build();
    Schema {
        tables: vec![users, posts],
        enums: vec![schema_model::PgEnum {
            name: "auth.role".into(),
            values: vec!["member".into(), "admin".into()],
            renamed_values: Default::default(),
        }],
        ..Default::default()
    }
}

#[test]
fn a_schema_is_created_first_and_its_names_are_qualified_as_drizzle_kit_writes_them() {
    let to = with_auth_schema();
    let statements = up(&Schema::default(), &to);
    assert_eq!(statements[0], "CREATE SCHEMA \"auth\";");
    assert_eq!(
        statements[1],
        "CREATE TYPE \"auth\".\"role\" AS ENUM('member', 'admin');"
    );
    assert!(statements
        .iter()
        .any(|s| s.starts_with("CREATE TABLE \"auth\".\"users\" (")
            && s.contains("\"role\" \"auth\".\"role\" DEFAULT 'member' NOT NULL")));
    // Constraint names stay bare; the reference is qualified.
    assert!(statements.contains(
        &"ALTER TABLE \"posts\" ADD CONSTRAINT \"posts_title_users_id_fk\" FOREIGN KEY (\"title\") REFERENCES \"auth\".\"users\"(\"id\") ON DELETE cascade ON UPDATE no action;".to_string()
    ));
    assert!(statements.contains(
        &"CREATE INDEX \"users_role_idx\" ON \"auth\".\"users\" USING btree (\"role\");"
            .to_string()
    ));
    assert_eq!(
        to.tables[0].primary_key.as_ref().unwrap().name,
        "users_pkey"
    );
}

#[test]
fn the_schema_is_dropped_last_once_nothing_is_left_in_it() {
    let from = with_auth_schema();
    let to = one_table(posts().build());
    let statements = up(&from, &to);
    let position = |prefix: &str| {
        statements
            .iter()
            .position(|s| s.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {statements:#?}"))
    };
    // The foreign key into the schema goes before the table it points at (drizzle-kit 0.31
    // writes it after `DROP TABLE ... CASCADE` removed it, and its migration fails).
    assert!(
        position("ALTER TABLE \"posts\" DROP CONSTRAINT")
            < position("DROP TABLE \"auth\".\"users\" CASCADE;")
    );
    assert!(position("DROP TABLE \"auth\".\"users\"") < position("DROP TYPE \"auth\".\"role\";"));
    assert_eq!(statements.last().unwrap(), "DROP SCHEMA \"auth\";");
    // The down plan creates it again, first.
    let down = plan(&from, &to, ALLOW).unwrap().down_statements();
    assert_eq!(down[0].sql, "CREATE SCHEMA \"auth\";");
}

#[test]
fn an_index_and_a_table_in_a_schema_are_dropped_and_renamed_qualified() {
    let from = with_auth_schema();
    let mut to = from.clone();
    to.tables[0].indexes.clear();
    to.tables[0].name = "auth.members".into();
    to.tables[0].renamed_from = Some("auth.users".into());
    to.tables[1].foreign_keys[0].ref_table = "auth.members".into();
    let statements = up(&from, &to);
    assert!(
        statements.contains(&"ALTER TABLE \"auth\".\"users\" RENAME TO \"members\";".to_string()),
        "{statements:#?}"
    );
    assert!(
        statements.contains(&"DROP INDEX \"auth\".\"users_role_idx\";".to_string()),
        "{statements:#?}"
    );
}

#[test]
fn a_schema_another_table_still_uses_stays() {
    let from = with_auth_schema();
    let mut to = from.clone();
    to.tables
        .push(table("auth.sessions", "sessions").id("id").build());
    let statements = up(&from, &to);
    assert!(
        !statements.iter().any(|s| s.contains("SCHEMA")),
        "{statements:#?}"
    );
    let statements = up(&to, &from);
    assert!(
        !statements.iter().any(|s| s.contains("SCHEMA")),
        "{statements:#?}"
    );
}

#[test]
fn a_migration_of_a_table_in_a_schema_is_named_without_the_dot() {
    let from = one_table(posts().build());
    let mut to = from.clone();
    to.tables
        .push(table("auth.sessions", "sessions").id("id").build());
    let created = plan(&from, &to, ALLOW).unwrap();
    assert_eq!(created.suggested_name(), "create_auth_sessions");
    let mut to2 = to.clone();
    to2.tables[1]
        .columns
        .push(column("note", SqlType::Text, false, None));
    assert_eq!(
        plan(&to, &to2, ALLOW).unwrap().suggested_name(),
        "add_auth_sessions_note"
    );
}

#[test]
fn a_renamed_table_in_a_schema_renames_its_index_qualified() {
    let users = table("auth.users", "users")
        .id("id")
        .text("email", true)
        .index("users_email_index", &["email"], false)
        .build();
    let members = table("auth.members", "members")
        .id("id")
        .text("email", true)
        .index("members_email_index", &["email"], false)
        .renamed_from("auth.users")
        .build();
    let statements = up(&one_table(users), &one_table(members));
    assert_eq!(
        statements,
        [
            "ALTER TABLE \"auth\".\"users\" RENAME TO \"members\";",
            "ALTER TABLE \"auth\".\"members\" RENAME CONSTRAINT \"users_pkey\" TO \"members_pkey\";",
            "ALTER INDEX \"auth\".\"users_email_index\" RENAME TO \"members_email_index\";",
        ]
    );
}

#[test]
fn using_is_written_only_where_postgresql_has_no_assignment_cast() {
    use schema_model::diff::needs_using;
    let t = SqlType::parse;
    // PostgreSQL converts these by itself (pg_cast context i or a); an explicit cast to
    // varchar(3) would cut '12345' to '123' where the assignment cast refuses it.
    for (from, to) in [
        ("integer", "varchar(3)"),
        ("text", "varchar(3)"),
        ("bigint", "integer"),
        ("double precision", "numeric(10, 2)"),
        ("timestamp with time zone", "date"),
        ("jsonb", "json"),
        ("boolean", "text"),
        ("uuid", "char(36)"),
        ("integer[]", "bigint[]"),
        ("integer[]", "text"),
    ] {
        assert!(!needs_using(&t(from), &t(to)), "{from} -> {to}");
    }
    // These PostgreSQL refuses without USING (42804), as drizzle-kit writes them.
    for (from, to) in [
        ("text", "integer"),
        ("boolean", "integer"),
        ("text", "uuid"),
        ("text", "jsonb"),
        ("text[]", "integer[]"),
        ("integer[]", "integer[][]"),
        ("text", "citext"),
    ] {
        assert!(needs_using(&t(from), &t(to)), "{from} -> {to}");
    }
    let from = one_table(
        posts()
            .col(column("n", SqlType::Integer, false, None))
            .build(),
    );
    let to = one_table(
        posts()
            .col(column("n", SqlType::Varchar(Some(3)), false, None))
            .build(),
    );
    assert_eq!(
        up(&from, &to),
        ["ALTER TABLE \"posts\" ALTER COLUMN \"n\" SET DATA TYPE varchar(3);"]
    );
}

#[test]
fn a_custom_type_is_set_quoted_where_drizzle_kit_writes_an_undefined_schema() {
    // drizzle-kit 0.31.11 writes `SET DATA TYPE "undefined"."citext"` (its typeSchema is unset
    // for a customType), which PostgreSQL refuses: schema "undefined" does not exist.
    let from = one_table(
        posts()
            .col(column("email", SqlType::Text, false, None))
            .build(),
    );
    let to = one_table(
        posts()
            .col(column("email", SqlType::parse("citext"), false, None))
            .build(),
    );
    assert_eq!(
        up(&from, &to),
        ["ALTER TABLE \"posts\" ALTER COLUMN \"email\" SET DATA TYPE \"citext\" USING \"email\"::citext;"]
    );
}
