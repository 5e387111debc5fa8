// Step 2: a nullable column and an index more.
import { index, integer, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

export const projects = pgTable("projects", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at").defaultNow().notNull(),
  archivedAt: timestamp("archived_at"),
});

export const tasks = pgTable(
  "tasks",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id")
      .notNull()
      .references(() => projects.id, { onDelete: "cascade" }),
    position: integer("position").default(0).notNull(),
    title: text("title"),
  },
  (table) => [
    unique().on(table.projectId, table.position),
    index().on(table.projectId),
    index().on(table.title),
  ],
);
