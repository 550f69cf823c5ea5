#!/usr/bin/env python3
"""Prints the benchmark tables: pages against GET /api/v1/me, and the LRS against a PostgreSQL
single-row insert (pgbench), each baseline measured in the same run."""
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
peak_mib = int(sys.argv[2]) / 1024
people = sys.argv[3]
statements = sys.argv[4] if len(sys.argv) > 4 else ""
load = sys.argv[5] if len(sys.argv) > 5 else ""
by_name = {r[0]: r for r in rows}

print(f"Guild benchmark — {people} people, {int(statements or 0):,} xAPI statements, PostgreSQL, Production build, 2-core machine")
if load:
    print(f"Machine load when the table was printed: {load.strip()}")
print()

pages = [r for r in rows if not r[0].startswith("lrs-") and r[0] != "pgbench-insert"]
if pages:
    base_rps = float(by_name["baseline"][1]) if "baseline" in by_name else 0
    print("| scenario | requests/s | p50 ms | p95 ms | p99 ms | ratio to baseline | errors | budget |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, rps, p50, p95, p99, errors, per in pages:
        ratio = float(rps) / base_rps if base_rps else 0
        if name == "baseline":
            budget = "baseline (GET /api/v1/me)"
        elif name == "feed":
            # A calendar feed is fetched by apps every few hours, not a page: issue 13 asks for its numbers, with no budget.
            budget = "no budget (a calendar feed)"
        elif name == "search":
            # Search is an API answer, not a page: its budget is latency alone.
            budget = "met" if float(p95) < 150 else "MISSED (p95 < 150 ms)"
        else:
            budget = "met" if float(rps) >= 1500 and float(p99) < 100 else "MISSED (≥1,500 req/s, p99 < 100 ms)"
        print(f"| {name} | {float(rps):,.0f} | {float(p50):.1f} | {float(p95):.1f} | {float(p99):.1f} | {ratio:.2f} | {errors} | {budget} |")
    print()

lrs = [r for r in rows if r[0].startswith("lrs-") or r[0] == "pgbench-insert"]
if lrs:
    pg = by_name.get("pgbench-insert")
    pg_rate = float(pg[1]) if pg else 0
    budgets = {
        "lrs-single": ("≥ 3,000 statements/s", lambda st, p95: st >= 3000),
        "lrs-batch": ("≥ 20,000 statements/s", lambda st, p95: st >= 20000),
        "lrs-query": ("p95 < 50 ms", lambda st, p95: p95 < 50),
    }
    print("| LRS scenario | requests/s | statements/s | p50 ms | p95 ms | p99 ms | statements/s ÷ pgbench rows/s | errors | budget |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, rps, p50, p95, p99, errors, per in lrs:
        statements_per_s = float(rps) * int(per)
        ratio = statements_per_s / pg_rate if pg_rate else 0
        if name == "pgbench-insert":
            budget = "baseline (pgbench, one row per transaction)"
        else:
            text, check = budgets[name]
            budget = ("met" if check(statements_per_s, float(p95)) else "MISSED") + f" ({text})"
        unit = "rows/s" if name == "pgbench-insert" else ""
        print(f"| {name} | {float(rps):,.0f} | {statements_per_s:,.0f} {unit}| {float(p50):.1f} | {float(p95):.1f} | {float(p99):.1f} | {ratio:.2f} | {errors} | {budget} |")
    print()

bytes_per_statement = int(float(sys.argv[6])) if len(sys.argv) > 6 and sys.argv[6] else 0
if bytes_per_statement:
    verdict = "met" if bytes_per_statement <= 1536 else "MISSED"
    print(f"Storage per statement (statements, agent and activity links, their indexes and TOAST, before the LRS scenarios): "
          f"{bytes_per_statement:,} bytes ({verdict}: at most 1.5 KB); per relation in results/lrs-storage.txt")
print(f"Peak memory of the Guild process (VmHWM): {peak_mib:,.0f} MiB (budget < 1,024 MiB)")
