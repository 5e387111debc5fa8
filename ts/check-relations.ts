// Resolves every relation of a drizzle schema module as drizzle's relational queries do
// (`db.query.users.findMany({ with: { accounts: true } })`): a relation drizzle cannot pair with
// a foreign key fails here instead of at the first query that uses it.
//
// Usage: node --import tsx check-relations.ts <schema.ts>

import {
  createTableRelationsHelpers,
  extractTablesRelationalConfig,
  normalizeRelation,
} from "drizzle-orm";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const schemaPath = process.argv[2];
if (!schemaPath) {
  console.error("usage: node --import tsx check-relations.ts <schema.ts>");
  process.exit(2);
}
const schema = await import(pathToFileURL(resolve(schemaPath)).href);
const { tables, tableNamesMap } = extractTablesRelationalConfig(
  schema,
  createTableRelationsHelpers,
);

const problems: string[] = [];
let resolved = 0;
for (const [tableName, table] of Object.entries(tables)) {
  for (const [relationName, relation] of Object.entries(table.relations)) {
    try {
      normalizeRelation(tables, tableNamesMap, relation);
      resolved += 1;
    } catch (error) {
      problems.push(
        `${tableName}.${relationName}: ${(error as Error).message}`,
      );
    }
  }
}
if (problems.length > 0) {
  console.error(`${problems.length} relation(s) drizzle cannot resolve:`);
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${resolved} relations resolve`);
