// Issue 12, PostgreSQL schemas, step 2: a table comes into `auth` with a foreign key out of it
// into `public`, `auth.users` gets a column, the enum type in `auth` a value, and `auth` a
// sequence.
import { index, integer, pgSchema, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const auth = pgSchema("auth");

export const role = auth.enum("role", ["member", "admin", "owner"]);

export const ticketNumbers = auth.sequence("ticket_numbers", { startWith: 100, increment: 5 });

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
  (table) => [index("sessions_user_id_idx").on(table.userId)],
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
