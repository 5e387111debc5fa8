#!/usr/bin/env bash
# The price of the derive (issue 11): edit → migration, ours against drizzle-kit, in one run.
#
#   bash benches/derive-cost/run.sh                 # 23, 2,000 and 10,000 tables
#   bash benches/derive-cost/run.sh 23 2000         # chosen sizes
#   RUNS=1 bash benches/derive-cost/run.sh 23       # a quick smoke run
#   TOOLS=ours bash benches/derive-cost/run.sh 2000  # one side only
#   RUNS_10000=1 bash benches/derive-cost/run.sh     # fewer edits at one size
#
# Fixed definition, so only real improvement moves it:
# - the schema: benches/derive-cost/synth.py, N tables of 13 columns, 2 foreign keys and a
#   composite unique, in one crate with its tables in one module, as a user writes it; it takes
#   orchestrator-schema's place in a copy of this repository (target/derive-cost-bench/ws),
#   so the command below runs on it unchanged. SPLIT=M reports the tables spread over M modules
#   as an extra variant, CRATES=M over M crates (each table pointing into its own crate or the
#   first, as domain crates around a core one), both beside, never instead.
# - the edit: one nullable text column added to one table (the middle one), on both sides.
# - our command: GEN_CMD (default `cargo xtask gen`, the README's, dev profile), run in the copy;
#   BIN_CMD is the already-built generator alone (default `target/debug/xtask gen`, relative to
#   CARGO_TARGET_DIR). Both are parameters so the benchmark outlives a CLI reorganisation.
# - drizzle-kit's: `drizzle-kit generate` 0.31 (tests/drizzle-fixture's pinned one) on the same
#   tables as drizzle TypeScript.
# - every gen after an edit must write a migration that adds that column: a stale binary fails
#   the run instead of looking fast.
# - time is wall-clock in milliseconds (median of RUNS, default 3: the edits, the full, the
#   incremental and the binary's no-op gens; the build and the command's no-op gen once); memory is the peak RSS of the largest
#   single process (GNU time's maxrss: rustc included when cargo compiles). Before each timed
#   command the disk is synced (untimed, for both tools), so the writeback of what came before
#   (a build's gigabytes, the previous run's files) does not land inside the next measurement.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/benches/derive-cost
bench=${BENCH_DIR:-$root/target/derive-cost-bench}
# One copy for every size, with its own target folder: dependencies are built once per copy.
# (Never the repository's: cargo names a workspace's artifacts by paths relative to the
# workspace root, so two copies sharing a target folder take each other's binaries.)
ws=$bench/ws
export CARGO_TARGET_DIR=$ws/target
GEN_CMD=${GEN_CMD:-cargo xtask gen}
BIN_CMD=${BIN_CMD:-$CARGO_TARGET_DIR/debug/xtask gen}
RUNS=${RUNS:-3}
SPLIT=${SPLIT:-}
CRATES=${CRATES:-}
TOOLS=${TOOLS:-both} # or `ours`, `drizzle-kit`
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(23 2000 10000)
fixture=$root/tests/drizzle-fixture
drizzle_kit=$fixture/node_modules/.bin/drizzle-kit
[ -x "$drizzle_kit" ] || (cd "$fixture" && npm ci --no-audit --no-fund >/dev/null)
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
mkdir -p "$bench"
results=$bench/results.tsv
: >"$results"

# measure LABEL N TOOL CMD...: runs CMD once in the current directory, appends "label n tool
# seconds kib" to the results, and fails the run when CMD fails.
measure() {
  local label=$1 n=$2 tool=$3
  shift 3
  local out=$bench/time.out start end
  sync
  start=$(date +%s%N)
  if ! /usr/bin/time -f "%M" -o "$out" "$@" >"$bench/cmd.log" 2>&1; then
    echo "failed: $* (in $PWD)" >&2
    tail -20 "$bench/cmd.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  # GNU time's own %e truncates to hundredths: too coarse for a gen of a tenth of a second.
  local secs kib
  secs=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
  read -r kib <"$out"
  printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$n" "$tool" "$secs" "$kib" >>"$results"
  printf '  %-34s %-11s %8.3f s %8d MiB\n' "$label" "$tool" "$secs" $((kib / 1024)) >&2
}

# The last migration written must add COLUMN to some table.
expect_column() {
  local dir=$1 column=$2 newest
  newest=$(ls -t "$dir"/*.sql | grep -v '\.down\.sql$' | head -1)
  grep -q "ADD COLUMN \"$column\"" "$newest" || {
    echo "stale: $newest does not add column $column" >&2
    exit 1
  }
}

# A copy of the repository with the synthetic schema in orchestrator-schema's place.
workspace() {
  local n=$1 ws=$2 split=${3:-1} crates=${4:-1}
  mkdir -p "$ws"
  rm -rf "$ws/schema-parts"
  # Tracked and new files, with their timestamps, so an unchanged file stays fresh for cargo.
  (cd "$root" && git ls-files -co --exclude-standard -z -- . ':!generated/migrations' \
    ':!orchestrator-schema/src' ':!benches' | tar --null -T - -cf -) | tar -xf - -C "$ws"
  rm -rf "$ws/orchestrator-schema/src" "$ws/generated/migrations"
  mkdir -p "$ws/orchestrator-schema/src"
  python3 "$here/synth.py" "$n" "$ws/orchestrator-schema/src" --only rust --split "$split" \
    --crates "$crates"
}

edit_rust() {
  local n=$1 ws=$2 column=$3 split=${4:-1} crates=${5:-1}
  python3 "$here/synth.py" "$n" "$ws/orchestrator-schema/src" --only rust --split "$split" \
    --crates "$crates" --extra "$(printf 't%05d' $((n / 2))):$column"
}

ours() {
  local n=$1 split=${2:-1} crates=${3:-1} tool=ours
  [ "$split" = 1 ] || tool="ours-split$split"
  [ "$crates" = 1 ] || tool="ours-crates$crates"
  echo "$tool, $n tables ($ws)" >&2
  if [ ! -x "$CARGO_TARGET_DIR/debug/xtask" ]; then
    # A fresh copy: build the dependencies first, so the measured build is the schema's.
    workspace 23 "$ws"
    (cd "$ws" && cargo build --quiet --package xtask)
  fi
  workspace "$n" "$ws" "$split" "$crates"
  cd "$ws"
  local runs_n=RUNS_$n
  local runs=${!runs_n:-$RUNS}
  measure "build the schema crate (xtask)" "$n" "$tool" cargo build --quiet --package xtask
  # Every full gen starts from the folder as the copy has it (no migrations).
  rm -rf "$bench/generated-empty" && cp -r generated "$bench/generated-empty"
  for run in $(seq "$runs"); do
    rm -rf generated && cp -r "$bench/generated-empty" generated
    measure "full gen, binary" "$n" "$tool" $BIN_CMD
  done
  rm -rf "$bench/generated-$n" && cp -r generated "$bench/generated-$n"
  for run in $(seq "$runs"); do
    measure "no-op gen, binary" "$n" "$tool" $BIN_CMD
  done
  measure "no-op gen, command" "$n" "$tool" $GEN_CMD
  for run in $(seq "$runs"); do
    edit_rust "$n" "$ws" "extra_$run" "$split" "$crates"
    rm -rf generated && cp -r "$bench/generated-$n" generated
    measure "add a column, then gen (command)" "$n" "$tool" $GEN_CMD
    expect_column generated/migrations "extra_$run"
  done
  for run in $(seq "$runs"); do
    rm -rf generated && cp -r "$bench/generated-$n" generated
    measure "incremental gen, binary" "$n" "$tool" $BIN_CMD
    expect_column generated/migrations "extra_$runs"
  done
  # Leave the copy as generated, without the edit.
  python3 "$here/synth.py" "$n" "$ws/orchestrator-schema/src" --only rust --split "$split" \
    --crates "$crates"
  rm -rf generated && cp -r "$bench/generated-$n" generated
  cd "$root"
}

theirs() {
  local n=$1 dir=$bench/drizzle-$n
  echo "drizzle-kit, $n tables ($dir)" >&2
  mkdir -p "$dir"
  ln -sfn "$fixture/node_modules" "$dir/node_modules"
  cd "$dir"
  python3 "$here/synth.py" "$n" . --only ts
  local generate=("$drizzle_kit" generate --dialect postgresql --out ./out --schema ./schema.ts)
  local runs_n=RUNS_$n
  local runs=${!runs_n:-$RUNS}
  for run in $(seq "$runs"); do
    rm -rf out
    measure "full gen, binary" "$n" drizzle-kit "${generate[@]}"
  done
  rm -rf out.full && cp -r out out.full
  for run in $(seq "$runs"); do
    measure "no-op gen, binary" "$n" drizzle-kit "${generate[@]}"
  done
  measure "no-op gen, command" "$n" drizzle-kit "${generate[@]}"
  for run in $(seq "$runs"); do
    python3 "$here/synth.py" "$n" . --only ts --extra "$(printf 't%05d' $((n / 2))):extra_$run"
    rm -rf out && cp -r out.full out
    measure "add a column, then gen (command)" "$n" drizzle-kit "${generate[@]}"
    expect_column out "extra_$run"
  done
  for run in $(seq "$runs"); do
    rm -rf out && cp -r out.full out
    measure "incremental gen, binary" "$n" drizzle-kit "${generate[@]}"
  done
  python3 "$here/synth.py" "$n" . --only ts
  cd "$root"
}

for n in "${sizes[@]}"; do
  [ "$TOOLS" = ours ] || theirs "$n"
  [ "$TOOLS" = drizzle-kit ] || ours "$n"
  [ -z "$SPLIT" ] || ours "$n" "$SPLIT"
  [ -z "$CRATES" ] || ours "$n" 1 "$CRATES"
done

python3 "$here/report.py" "$results"
