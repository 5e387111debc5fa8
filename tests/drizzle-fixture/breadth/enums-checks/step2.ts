// Step 2: a value added before another and one added last, a new enum type and a column of it,
// a check changed, one dropped, one added.
import { sql } from "drizzle-orm";
import { check, integer, pgEnum, pgTable, text } from "drizzle-orm/pg-core";

export const taskStatus = pgEnum("task_status", [
  "todo",
  "in_progress",
  "blocked",
  "done",
  "archived",
]);

export const priorityLevel = pgEnum("priority_level", ["low", "high"]);

export const tasks = pgTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    status: taskStatus("status").default("todo").notNull(),
    priority: integer("priority").default(1).notNull(),
    estimate: integer("estimate"),
    level: priorityLevel("level").default("low").notNull(),
  },
  (table) => [
    check("tasks_priority_positive", sql`"priority" >= 1 AND "priority" <= 5`),
    check("tasks_estimate_nonnegative", sql`"estimate" >= 0`),
  ],
);
