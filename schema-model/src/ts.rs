//! The TypeScript emitters: a drizzle schema (`schema.ts`) and dependency-free row types
//! (`types.ts`).
