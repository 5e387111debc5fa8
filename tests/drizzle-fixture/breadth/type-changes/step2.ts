// Type changes, step 2: each along a cast PostgreSQL applies by itself (an assignment cast), so
// drizzle-kit's `SET DATA TYPE` without `USING` runs, and ours is the same statement.
import { date, integer, json, pgTable, text, varchar } from "drizzle-orm/pg-core";

export const readings = pgTable("readings", {
  id: text("id").primaryKey(),
  code: varchar("code", { length: 20 }).notNull(),
  total: integer("total").notNull(),
  takenAt: date("taken_at").notNull(),
  payload: json("payload"),
  label: varchar("label", { length: 8 }).notNull(),
});
