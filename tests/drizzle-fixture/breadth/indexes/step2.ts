// Step 2: the unique constraint treats NULLs as equal, an expression index is added, the title
// index swaps hash for btree, an order, a predicate and a storage parameter change.
import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, unique, uniqueIndex } from "drizzle-orm/pg-core";

export const articles = pgTable(
  "articles",
  {
    id: text("id").primaryKey(),
    slug: text("slug").notNull(),
    authorId: text("author_id").notNull(),
    title: text("title"),
    publishedAt: timestamp("published_at"),
    deletedAt: timestamp("deleted_at"),
    createdAt: timestamp("created_at").defaultNow().notNull(),
  },
  (table) => [
    unique().on(table.authorId, table.title).nullsNotDistinct(),
    index("articles_slug_lower_index").on(sql`lower("slug")`),
    uniqueIndex().on(table.slug),
    index().on(table.authorId, table.publishedAt.desc().nullsFirst()),
    index().on(table.title),
    index("articles_live_index")
      .on(table.publishedAt.nullsFirst())
      .where(sql`"deleted_at" IS NULL AND "published_at" IS NOT NULL`),
    index().using("brin", table.createdAt).with({ pages_per_range: 16 }),
  ],
);
