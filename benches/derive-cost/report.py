#!/usr/bin/env python3
"""The derive-cost benchmark's table: median time and peak memory per step, drizzle-kit beside.

    report.py results.tsv

Each row of results.tsv is `label  tables  tool  seconds  peak-KiB` (run.sh writes it).
"""

import statistics
import sys
from collections import defaultdict

ORDER = [
    "no-op gen, binary",
    "no-op gen, command",
    "full gen, binary",
    "incremental gen, binary",
    "add a column, then gen (command)",
    "build the schema crate (xtask)",
]


def main(path):
    runs = defaultdict(list)
    tools = []
    for line in open(path):
        label, n, tool, secs, kib = line.rstrip("\n").split("\t")
        runs[(label, int(n), tool)].append((float(secs), int(kib)))
        if tool not in tools:
            tools.append(tool)
    sizes = sorted({n for (_, n, _) in runs})
    ours = [t for t in tools if t != "drizzle-kit"]
    head = ["tables", "work"]
    for tool in ours:
        head += [f"{tool}", f"{tool} peak"]
    head += ["drizzle-kit", "drizzle-kit peak"] + [f"drizzle-kit / {t}" for t in ours]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for n in sizes:
        for label in ORDER:
            cells = {}
            for tool in tools:
                samples = runs.get((label, n, tool))
                if samples:
                    secs = statistics.median(s for s, _ in samples)
                    peak = max(k for _, k in samples) / 1024
                    cells[tool] = (secs, peak)
            if not cells:
                continue
            row = [f"{n:,}", label]
            for tool in ours + ["drizzle-kit"]:
                if tool in cells:
                    secs = cells[tool][0]
                    shown = f"{secs:.3f} s" if secs < 1 else f"{secs:.2f} s"
                    row += [shown, f"{cells[tool][1]:.0f} MiB"]
                else:
                    row += ["–", "–"]
            for tool in ours:
                if tool in cells and "drizzle-kit" in cells:
                    # Timed to the millisecond: a 0.000 s run is under 0.001 s.
                    ours_secs = cells[tool][0]
                    ratio = cells["drizzle-kit"][0] / max(ours_secs, 0.001)
                    row.append(f"{'> ' if ours_secs < 0.001 else ''}{ratio:.1f}")
                else:
                    row.append("–")
            print("| " + " | ".join(row) + " |")
    # How each tool's generator grows with the schema (issue 11: linear, at most 5.5x from
    # 2,000 to 10,000 tables).
    if 2000 in sizes and 10000 in sizes:
        print()
        for tool in tools:
            growth = []
            for label in ORDER:
                if "binary" not in label:
                    continue
                small, large = runs.get((label, 2000, tool)), runs.get((label, 10000, tool))
                if small and large:
                    ratio = statistics.median(s for s, _ in large) / statistics.median(
                        s for s, _ in small
                    )
                    growth.append(f"{label.removesuffix(', binary')} {ratio:.2f}x")
            if growth:
                print(f"{tool}, 10,000 / 2,000 tables: " + ", ".join(growth))


if __name__ == "__main__":
    main(sys.argv[1])
