// Step 2: hstore (step2.prelude.sql) and a column of its type; the trigram index moves from
// GIN to GiST with GiST's operator class.
import { customType, index, pgTable, text } from "drizzle-orm/pg-core";

const citext = customType<{ data: string }>({
  dataType() {
    return "citext";
  },
});

const hstore = customType<{ data: Record<string, string | null> }>({
  dataType() {
    return "hstore";
  },
});

export const members = pgTable(
  "members",
  {
    id: text("id").primaryKey(),
    email: citext("email").notNull(),
    name: text("name").notNull(),
    attributes: hstore("attributes"),
  },
  (table) => [
    index("members_name_trgm_index").using("gist", table.name.op("gist_trgm_ops")),
    index().using("bloom", table.name),
  ],
);
