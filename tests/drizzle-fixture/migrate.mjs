// Applies a migrations folder with drizzle's own migrator (drizzle-orm/node-postgres), as the
// orchestrator's `npm run db:migrate` does. The connection comes from the PG* environment
// variables, so no password is ever on a command line.
//
//   node migrate.mjs <migrations folder>
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

const migrationsFolder = process.argv[2];
if (!migrationsFolder) {
  console.error("usage: node migrate.mjs <migrations folder>");
  process.exit(2);
}
const client = new pg.Client();
await client.connect();
try {
  await migrate(drizzle(client), { migrationsFolder });
} finally {
  await client.end();
}
