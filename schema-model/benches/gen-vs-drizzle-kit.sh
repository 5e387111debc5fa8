#!/usr/bin/env bash
# `cargo xtask gen` with nothing to do (warm) against `drizzle-kit generate` with nothing to do,
# on the same 23-table schema, in one hyperfine run.
#
#   bash schema-model/benches/gen-vs-drizzle-kit.sh
#
# Needs hyperfine (`apt-get install hyperfine`) and npm (the drizzle-kit fixture's packages are
# installed with `npm ci` when missing). Both sides start from an up-to-date migrations folder,
# so each reads its schema, compares it with its last snapshot and writes nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fixture=$root/tests/drizzle-fixture

command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20+ with npm" >&2; exit 1; }
[ -x "$fixture/node_modules/.bin/drizzle-kit" ] || (cd "$fixture" && npm ci --no-audit --no-fund)

# drizzle-kit's side: its own history (baseline, then plan 01-01) in a scratch folder.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
for step in baseline:baseline plan-01-01:auth_collaboration; do
  "$fixture/node_modules/.bin/drizzle-kit" generate --dialect postgresql --out ./out \
    --schema "$fixture/${step%%:*}/schema.ts" --name "${step##*:}" >/dev/null
done

# Ours: build once, and make sure there is nothing to do.
(cd "$root" && cargo build --quiet --package xtask && cargo xtask gen | grep -q "nothing to do") || {
  echo "cargo xtask gen has work to do; commit its output first" >&2; exit 1; }

hyperfine --warmup 3 --min-runs 10 --style basic \
  --command-name "cargo xtask gen (nothing to do)" "cd '$root' && cargo xtask gen" \
  --command-name "xtask binary gen (nothing to do)" "cd '$root' && ./target/debug/xtask gen" \
  --command-name "drizzle-kit generate (nothing to do)" \
  "'$fixture/node_modules/.bin/drizzle-kit' generate --dialect postgresql --out ./out --schema '$fixture/plan-01-01/schema.ts'"
