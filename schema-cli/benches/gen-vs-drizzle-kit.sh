#!/usr/bin/env bash
# The edit → migration loop, ours against drizzle-kit's, on the same 23-table schema, in one run:
#
#   1. first `cargo xtask gen` on a fresh clone: dependencies downloaded, target folder empty
#      (drizzle-kit beside it: its first `generate` after `npm ci`);
#   2. add one nullable column to one table, then `cargo xtask gen` until the migration is
#      written (compile + run); drizzle-kit: the same column in its schema.ts, then `generate`;
#   3. `cargo xtask gen` with nothing to do (and the xtask binary alone); drizzle-kit likewise.
#
#   bash schema-cli/benches/gen-vs-drizzle-kit.sh
#
# Needs hyperfine and GNU time (`apt-get install hyperfine time`) and npm. Works on a clone of
# HEAD in a scratch folder, so the repository is never touched. Peak memory is the largest single
# process (rustc included), from GNU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fixture=$root/tests/drizzle-fixture
runs=${BENCH_RUNS:-10}

command -v hyperfine >/dev/null || { echo "hyperfine is missing: apt-get install hyperfine" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: install Node.js 20+ with npm" >&2; exit 1; }
[ -x "$fixture/node_modules/.bin/drizzle-kit" ] || (cd "$fixture" && npm ci --no-audit --no-fund)
kit=$fixture/node_modules/.bin/drizzle-kit

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
peak() { # command… : prints "seconds peak-MiB" of the command (GNU time's max RSS of the largest process)
  /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err" || { cat "$scratch/err" >&2; return 1; }
  awk '{ printf "%.2f s, %d MiB\n", $1, $2 / 1024 }' "$scratch/time"
}

# drizzle-kit's side: its own history (baseline, then plan 01-01), then a pristine copy of it.
mkdir "$scratch/kit" && cd "$scratch/kit"
for step in baseline:baseline plan-01-01:auth_collaboration; do
  "$kit" generate --dialect postgresql --out ./out --schema "$fixture/${step%%:*}/schema.ts" --name "${step##*:}" >/dev/null
done
# The schema module with what it imports, resolving drizzle-orm from the fixture's packages.
cp -r "$fixture/plan-01-01/." . && ln -s "$fixture/node_modules" node_modules
cp -r out out.pristine && cp schema.ts schema.ts.pristine

# Ours: a fresh clone with its own empty target folder; dependencies are downloaded first.
git clone --quiet --local "$root" "$scratch/ours"
cd "$scratch/ours"
export CARGO_TARGET_DIR=$scratch/ours/target
cargo fetch --quiet
echo "1. first gen on a fresh clone (dependencies downloaded, target folder empty)"
echo "   cargo xtask gen:           $(peak cargo xtask gen)"
echo "   drizzle-kit generate:      $(cd "$scratch/kit" && peak "$kit" generate --dialect postgresql --out ./out --schema ./schema.ts)"
cp -r generated generated.pristine
auth=orchestrator-schema/src/auth.rs
cp "$auth" auth.rs.pristine

# The edit: one nullable column on users, on both sides.
ours_edit="cp auth.rs.pristine $auth && rm -rf generated && cp -r generated.pristine generated && sed -i 's/    pub password_hash: Option<String>,/    pub password_hash: Option<String>,\n    pub time_zone: Option<String>,/' $auth"
kit_edit="cd '$scratch/kit' && rm -rf out && cp -r out.pristine out && cp schema.ts.pristine schema.ts && sed -i 's/  passwordHash: text(\"password_hash\"),/  passwordHash: text(\"password_hash\"),\n  timeZone: text(\"time_zone\"),/' schema.ts"
eval "$ours_edit" && cargo xtask gen | grep -q "new migration" || { echo "the edit did not give a migration" >&2; exit 1; }
eval "$kit_edit" && "$kit" generate --dialect postgresql --out ./out --schema ./schema.ts | grep -qi "migration" || { echo "drizzle-kit's edit did not give a migration" >&2; exit 1; }
cd "$scratch/ours"
echo "2. add one nullable column, then gen (compile + run), peak memory of one run"
eval "$ours_edit"; echo "   cargo xtask gen:           $(peak cargo xtask gen)"
eval "$kit_edit"; echo "   drizzle-kit generate:      $(peak "$kit" generate --dialect postgresql --out ./out --schema ./schema.ts)"
cd "$scratch/ours"

hyperfine --warmup 1 --runs "$runs" --style basic --export-markdown "$scratch/edit.md" \
  --command-name "add a column, cargo xtask gen" --prepare "cd '$scratch/ours' && $ours_edit" "cd '$scratch/ours' && cargo xtask gen" \
  --command-name "add a column, drizzle-kit generate" --prepare "$kit_edit" "cd '$scratch/kit' && '$kit' generate --dialect postgresql --out ./out --schema ./schema.ts"

# Nothing to do: both folders up to date with their schema.
eval "$ours_edit"; cargo xtask gen >/dev/null
eval "$kit_edit"; "$kit" generate --dialect postgresql --out ./out --schema ./schema.ts >/dev/null
cd "$scratch/ours"
hyperfine --warmup 2 --runs "$runs" --style basic --export-markdown "$scratch/noop.md" \
  --command-name "cargo xtask gen (nothing to do)" "cd '$scratch/ours' && cargo xtask gen" \
  --command-name "xtask binary gen (nothing to do)" "cd '$scratch/ours' && '$CARGO_TARGET_DIR/debug/xtask' gen" \
  --command-name "drizzle-kit generate (nothing to do)" "cd '$scratch/kit' && '$kit' generate --dialect postgresql --out ./out --schema ./schema.ts"
cat "$scratch/edit.md" "$scratch/noop.md"
