// Identity and serial columns, as a drizzle user writes them.
import {
  bigint,
  bigserial,
  integer,
  pgTable,
  serial,
  smallint,
  smallserial,
  text,
} from "drizzle-orm/pg-core";

export const orders = pgTable("orders", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  ticket: bigint("ticket", { mode: "number" }).generatedByDefaultAsIdentity({
    startWith: 1000,
    increment: 10,
  }),
  position: smallint("position").notNull(),
  note: text("note"),
});

export const legacyOrders = pgTable("legacy_orders", {
  id: serial("id").primaryKey(),
  big: bigserial("big", { mode: "number" }).notNull(),
  small: smallserial("small").notNull(),
});
