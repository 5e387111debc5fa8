// Views (issue 12): a table and two views with explicit columns.
import { sql } from "drizzle-orm";
import { boolean, integer, pgTable, pgView, text } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull(),
  active: boolean("active").notNull(),
  score: integer("score"),
});

export const activeUsers = pgView("active_users", {
  id: text("id").notNull(),
  email: text("email").notNull(),
}).as(sql`select "id", "email" from "users" where "active"`);

export const userEmails = pgView("user_emails", {
  email: text("email").notNull(),
}).as(sql`select "email" from "users"`);
