// Sequences (issue 12): standalone pgSequences beside a table: one with options, one counting
// down, one with drizzle-kit's defaults.
import { pgSequence, pgTable, text } from "drizzle-orm/pg-core";

export const orders = pgTable("orders", {
  id: text("id").primaryKey(),
});

export const orderNumbers = pgSequence("order_numbers", {
  startWith: 1000,
  increment: 5,
  cache: 10,
});

export const countdown = pgSequence("countdown", { increment: -1, minValue: -100 });

export const ticketNumbers = pgSequence("ticket_numbers");
