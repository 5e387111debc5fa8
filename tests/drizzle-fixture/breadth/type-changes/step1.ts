// Type changes (issue 12): columns whose type step 2 changes.
import { bigint, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const readings = pgTable("readings", {
  id: text("id").primaryKey(),
  code: integer("code").notNull(),
  total: bigint("total", { mode: "number" }).notNull(),
  takenAt: timestamp("taken_at").notNull(),
  payload: jsonb("payload"),
  label: text("label").notNull(),
});
