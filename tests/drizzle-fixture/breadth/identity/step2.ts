// Step 2: an identity's kind and options change, an existing column becomes an identity, an
// identity column and a serial column are added.
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
  ticket: bigint("ticket", { mode: "number" }).generatedAlwaysAsIdentity({
    startWith: 1000,
    increment: 5,
    maxValue: 100000,
    cache: 10,
  }),
  position: smallint("position").generatedByDefaultAsIdentity(),
  note: text("note"),
  seqNo: integer("seq_no").generatedAlwaysAsIdentity({
    name: "orders_sequence_number",
    startWith: 7,
  }),
});

export const legacyOrders = pgTable("legacy_orders", {
  id: serial("id").primaryKey(),
  big: bigserial("big", { mode: "number" }).notNull(),
  small: smallserial("small").notNull(),
  extra: serial("extra").notNull(),
});
