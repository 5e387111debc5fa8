// Parses every ```mermaid block of a Markdown file with mermaid's own parser (`mermaid.parse`,
// what renderers run first): a block it rejects fails here with mermaid's message.
//
// Usage: node --import tsx check-mermaid.ts <file.md>

import { readFileSync } from "node:fs";
import mermaid from "mermaid";

const path = process.argv[2];
if (!path) {
  console.error("usage: node --import tsx check-mermaid.ts <file.md>");
  process.exit(2);
}
const blocks = [
  ...readFileSync(path, "utf8").matchAll(/^```mermaid\n([\s\S]*?)^```$/gm),
].map((m) => m[1]);
if (blocks.length === 0) {
  console.error(`${path}: no mermaid block`);
  process.exit(1);
}
const kinds: string[] = [];
for (const [i, block] of blocks.entries()) {
  try {
    const result = await mermaid.parse(block);
    if (!result) throw new Error("mermaid.parse returned false");
    kinds.push(result.diagramType);
  } catch (error) {
    console.error(
      `${path}, mermaid block ${i + 1}: ${(error as Error).message}`,
    );
    process.exit(1);
  }
}
console.log(`${blocks.length} mermaid block(s) parse: ${kinds.join(", ")}`);
