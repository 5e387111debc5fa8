// Step 2: a longer varchar, a wider numeric, a changed generated expression, a new array
// column and a new generated column.
import { sql } from "drizzle-orm";
import {
  char,
  cidr,
  customType,
  date,
  inet,
  integer,
  interval,
  json,
  macaddr,
  macaddr8,
  numeric,
  pgTable,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: string }>({
  dataType() {
    return "bytea";
  },
});

export const products = pgTable("products", {
  id: uuid("id").primaryKey().defaultRandom(),
  sku: varchar("sku", { length: 40 }).notNull(),
  currency: char("currency", { length: 3 }).notNull(),
  price: numeric("price", { precision: 12, scale: 2 }).notNull(),
  quantity: integer("quantity").notNull(),
  total: numeric("total").generatedAlwaysAs(sql`"quantity" * 3`),
  releasedOn: date("released_on"),
  opensAt: time("opens_at"),
  warranty: interval("warranty"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }),
  attributes: json("attributes"),
  thumbnail: bytea("thumbnail"),
  lastIp: inet("last_ip"),
  subnet: cidr("subnet"),
  mac: macaddr("mac"),
  mac8: macaddr8("mac8"),
  tags: text("tags").array().notNull(),
  matrix: integer("matrix").array().array(),
  sizes: varchar("sizes", { length: 8 }).array(),
  currencyLength: integer("currency_length").generatedAlwaysAs(sql`length("currency")`),
});
