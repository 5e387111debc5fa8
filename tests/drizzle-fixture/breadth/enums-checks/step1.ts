// Issue 12, PostgreSQL enums and CHECK constraints: an enum type used by a column with a default,
// and two checks.
import { sql } from "drizzle-orm";
import { check, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";

export const taskStatus = pgEnum("task_status", ["todo", "in_progress", "done"]);

export const tasks = pgTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    status: taskStatus("status").default("todo").notNull(),
    priority: integer("priority").default(1).notNull(),
    estimate: integer("estimate"),
  },
  (table) => [
    check("tasks_priority_positive", sql`"priority" > 0`),
    check("tasks_estimate_small", sql`"estimate" <= 100`),
  ],
);
