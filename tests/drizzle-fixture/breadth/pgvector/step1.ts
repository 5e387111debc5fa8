// pgvector, with drizzle's own builder: proven by DDL only (not installable on the test machine).
import { index, pgTable, text, vector } from "drizzle-orm/pg-core";

export const documents = pgTable(
  "documents",
  {
    id: text("id").primaryKey(),
    embedding: vector("embedding", { dimensions: 1536 }).notNull(),
  },
  (table) => [
    index("documents_embedding_index").using("hnsw", table.embedding.op("vector_cosine_ops")),
  ],
);
