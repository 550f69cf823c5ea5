#!/usr/bin/env python3
"""Prints the benchmark table: each scenario against the baseline measured in the same run."""
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
peak_mib = int(sys.argv[2]) / 1024
people = sys.argv[3]
baseline = next(r for r in rows if r[0] == "baseline")
base_rps = float(baseline[1])
print(f"Guild benchmark — {people} people, PostgreSQL, Production build, 2-core machine")
print()
print("| scenario | requests/s | p50 ms | p99 ms | ratio to baseline | errors | budget |")
print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
for name, rps, p50, p99, errors in rows:
    ratio = float(rps) / base_rps if base_rps else 0
    budget = "baseline (GET /api/v1/me)" if name == "baseline" else (
        "met" if float(rps) >= 1500 and float(p99) < 100 else "MISSED (≥1,500 req/s, p99 < 100 ms)")
    print(f"| {name} | {float(rps):,.0f} | {float(p50):.1f} | {float(p99):.1f} | {ratio:.2f} | {errors} | {budget} |")
print()
print(f"Peak memory of the Guild process (VmHWM): {peak_mib:,.0f} MiB (budget < 1,024 MiB)")
