// Sequences, step 3: a sequence dropped (on its own: drizzle-kit asks whether a sequence dropped
// beside one created is a rename).
import { pgSequence, pgTable, text } from "drizzle-orm/pg-core";

export const orders = pgTable("orders", {
  id: text("id").primaryKey(),
});

export const orderNumbers = pgSequence("order_numbers", {
  startWith: 1000,
  increment: 10,
  maxValue: 1000000,
  cache: 10,
});

export const ticketNumbers = pgSequence("ticket_numbers", { maxValue: 9999, cycle: true });

export const invoiceNumbers = pgSequence("invoice_numbers", { startWith: 1 });
