// Compares a module of JSON shapes (generated/ts/json-types.ts) with the app's shapes as data
// (tests/fixtures/orchestrator-json-types.json): the same types, each interface with the same
// fields in the same order, the same optionality and the same TypeScript type, each union with
// the same literals. Both sides are read with TypeScript's own parser and each type is printed
// by its printer, so only layout may differ.
//
// Usage: node --import tsx check-json-types.ts <json-types.ts> <shapes.json>

import { readFileSync } from "node:fs";
import ts from "typescript";

type Field = { name: string; optional: boolean; type: string };
type Shape =
  | { name: string; kind: "interface"; fields: Field[] }
  | { name: string; kind: "union"; literals: string[] };

const [modulePath, dataPath] = process.argv.slice(2);
if (!modulePath || !dataPath) {
  console.error(
    "usage: node --import tsx check-json-types.ts <json-types.ts> <shapes.json>",
  );
  process.exit(2);
}

const printer = ts.createPrinter({ removeComments: true });
const problems: string[] = [];

function parse(name: string, text: string): ts.SourceFile {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] })
    .parseDiagnostics;
  for (const d of diagnostics) {
    problems.push(
      `${name}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
  }
  return file;
}

function print(node: ts.Node, file: ts.SourceFile): string {
  return printer
    .printNode(ts.EmitHint.Unspecified, node, file)
    .replace(/\s+/g, " ");
}

// A type as written in the data file, printed as the module's types are.
function canonical(where: string, text: string): string {
  const file = parse(where, `type T = ${text};`);
  const alias = file.statements[0];
  if (!alias || !ts.isTypeAliasDeclaration(alias)) {
    problems.push(`${where}: not a type: ${text}`);
    return text;
  }
  return print(alias.type, file);
}

function moduleShapes(path: string): Shape[] {
  const file = parse(path, readFileSync(path, "utf8"));
  const shapes: Shape[] = [];
  for (const statement of file.statements) {
    const exported = ts
      .getModifiers(statement as ts.HasModifiers)
      ?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isInterfaceDeclaration(statement) && exported) {
      const fields: Field[] = [];
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || !member.type) {
          problems.push(
            `${path}: ${statement.name.text} has a member that is not a typed property: ${member.getText(file)}`,
          );
          continue;
        }
        fields.push({
          name: member.name.getText(file),
          optional: member.questionToken !== undefined,
          type: print(member.type, file),
        });
      }
      shapes.push({ name: statement.name.text, kind: "interface", fields });
    } else if (ts.isTypeAliasDeclaration(statement) && exported) {
      const members = ts.isUnionTypeNode(statement.type)
        ? statement.type.types
        : [statement.type];
      const literals = members.map((m) =>
        ts.isLiteralTypeNode(m) && ts.isStringLiteral(m.literal)
          ? m.literal.text
          : undefined,
      );
      if (literals.some((l) => l === undefined)) {
        problems.push(
          `${path}: ${statement.name.text} is not a union of string literals`,
        );
        continue;
      }
      shapes.push({
        name: statement.name.text,
        kind: "union",
        literals: literals as string[],
      });
    } else {
      problems.push(
        `${path}: unexpected statement: ${statement.getText(file).split("\n")[0]}`,
      );
    }
  }
  return shapes;
}

function dataShapes(path: string): Shape[] {
  const data = JSON.parse(readFileSync(path, "utf8")) as { types: Shape[] };
  return data.types.map((shape) =>
    shape.kind === "interface"
      ? {
          ...shape,
          fields: shape.fields.map((f) => ({
            ...f,
            type: canonical(`${path}: ${shape.name}.${f.name}`, f.type),
          })),
        }
      : shape,
  );
}

const ours = moduleShapes(modulePath);
const theirs = dataShapes(dataPath);
const names = (shapes: Shape[]) => shapes.map((s) => s.name).join(", ");
if (names(ours) !== names(theirs)) {
  problems.push(
    `the types differ:\n  ${modulePath}: ${names(ours)}\n  ${dataPath}: ${names(theirs)}`,
  );
}
for (const expected of theirs) {
  const found = ours.find((s) => s.name === expected.name);
  if (!found) continue;
  const a = JSON.stringify(found, null, 2);
  const b = JSON.stringify(expected, null, 2);
  if (a !== b) {
    problems.push(
      `${expected.name} differs:\n  ${modulePath}: ${a.replace(/\n/g, "\n  ")}\n  ${dataPath}: ${b.replace(/\n/g, "\n  ")}`,
    );
  }
}

if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`${theirs.length} types agree`);
