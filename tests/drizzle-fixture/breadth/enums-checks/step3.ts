// Step 3: a value removed (drizzle-kit's recipe: the columns to text, the type dropped and
// created again, the columns cast back), and an enum type dropped with its column.
import { sql } from "drizzle-orm";
import { check, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";

export const taskStatus = pgEnum("task_status", [
  "todo",
  "in_progress",
  "blocked",
  "done",
]);

export const tasks = pgTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    status: taskStatus("status").default("todo").notNull(),
    priority: integer("priority").default(1).notNull(),
    estimate: integer("estimate"),
  },
  (table) => [
    check("tasks_priority_positive", sql`"priority" >= 1 AND "priority" <= 5`),
    check("tasks_estimate_nonnegative", sql`"estimate" >= 0`),
  ],
);
