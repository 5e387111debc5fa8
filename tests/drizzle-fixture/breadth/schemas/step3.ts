// Issue 12, PostgreSQL schemas, step 3: an index of `auth.sessions` is replaced by another
// (`DROP INDEX "auth"."…"`, qualified as drizzle-kit writes it).
import { index, integer, pgSchema, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auth = pgSchema("auth");

export const role = auth.enum("role", ["member", "admin", "owner"]);

export const users = auth.table("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  role: role("role").default("member").notNull(),
  name: text("name"),
});

export const sessions = auth.table(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at").notNull(),
  },
  (table) => [index("sessions_expires_at_idx").on(table.expiresAt)],
);

export const apiKeys = auth.table("api_keys", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  lastPostId: text("last_post_id").references(() => posts.id, { onDelete: "set null" }),
  uses: integer("uses").default(0).notNull(),
});

export const posts = pgTable("posts", {
  id: text("id").primaryKey(),
  authorId: text("author_id").notNull().references(() => users.id),
  title: text("title").notNull(),
});
