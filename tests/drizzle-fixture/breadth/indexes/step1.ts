// Indexes beyond plain btree, as a drizzle user writes them.
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
    unique().on(table.authorId, table.title),
    uniqueIndex().on(table.slug),
    index().on(table.authorId, table.publishedAt.desc()),
    index().using("hash", table.title),
    index("articles_live_index")
      .on(table.publishedAt.nullsFirst())
      .where(sql`"deleted_at" IS NULL`),
    index().using("brin", table.createdAt),
  ],
);
