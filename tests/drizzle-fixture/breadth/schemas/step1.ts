// Issue 12, PostgreSQL schemas other than public: a schema `auth` with an enum and two tables, a
// foreign key inside it and one from a public table into it.
import { index, pgSchema, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auth = pgSchema("auth");

export const role = auth.enum("role", ["member", "admin"]);

export const users = auth.table("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  role: role("role").default("member").notNull(),
});

export const sessions = auth.table(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (table) => [index("sessions_user_id_idx").on(table.userId)],
);

export const posts = pgTable("posts", {
  id: text("id").primaryKey(),
  authorId: text("author_id").notNull().references(() => users.id),
  title: text("title").notNull(),
});
