// Sequences, step 2: options changed (ALTER SEQUENCE with every option again; a sequence starts
// cycling) and a new sequence.
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

export const countdown = pgSequence("countdown", { increment: -1, minValue: -100 });

export const ticketNumbers = pgSequence("ticket_numbers", { maxValue: 9999, cycle: true });

export const invoiceNumbers = pgSequence("invoice_numbers", { startWith: 1 });
