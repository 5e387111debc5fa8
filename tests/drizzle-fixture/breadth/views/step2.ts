// Views, step 2: a new table with a materialized view over it, a view whose query changes
// (dropped and created again).
import { sql } from "drizzle-orm";
import {
  boolean,
  integer,
  pgMaterializedView,
  pgTable,
  pgView,
  text,
} from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  active: boolean("active").notNull(),
  score: integer("score"),
});

export const posts = pgTable("posts", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
});

export const activeUsers = pgView("active_users", {
  id: text("id").notNull(),
  email: text("email").notNull(),
  score: integer("score"),
}).as(
  sql`select "id", "email", "score" from "users" where "active" and coalesce("score", 0) > 0`,
);

export const postCounts = pgMaterializedView("post_counts", {
  userId: text("user_id").notNull(),
  posts: integer("posts").notNull(),
  kind: text("kind").notNull(),
}).as(
  sql`select "user_id", count(*)::integer as "posts", 'post'::text as "kind" from "posts" group by "user_id"`,
);

export const userEmails = pgView("user_emails", {
  email: text("email").notNull(),
}).as(sql`select "email" from "users"`);
