// Extensions' types and index machinery, as a drizzle user writes them: a citext column, a
// pg_trgm operator class in a GIN index, the bloom index method. The CREATE EXTENSIONs are in
// prelude.sql: drizzle-kit writes none.
import { customType, index, pgTable, text } from "drizzle-orm/pg-core";

const citext = customType<{ data: string }>({
  dataType() {
    return "citext";
  },
});

export const members = pgTable(
  "members",
  {
    id: text("id").primaryKey(),
    email: citext("email").notNull(),
    name: text("name").notNull(),
  },
  (table) => [
    index("members_name_trgm_index").using("gin", table.name.op("gin_trgm_ops")),
    index().using("bloom", table.name),
  ],
);
