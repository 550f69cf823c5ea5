#!/usr/bin/env python3
"""Turns a pgbench run (its report and its per-transaction logs, -l) into a row like wrk_summary.py's:
name, transactions/s, p50 ms, p95 ms, p99 ms, failed, 1."""
import glob, os, re, sys

name, report, logs = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(report).read()
tps = float(re.search(r"tps = ([\d.]+)", text).group(1))
failed = re.search(r"number of failed transactions: (\d+)", text)
latencies = []
for path in glob.glob(os.path.join(logs, "pgbench_log.*")):
    with open(path) as log:
        for line in log:
            fields = line.split()
            if len(fields) >= 3:
                latencies.append(int(fields[2]) / 1000)
latencies.sort()
def pct(p):
    return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else 0
print(f"{name}\t{tps:.0f}\t{pct(50):.2f}\t{pct(95):.2f}\t{pct(99):.2f}\t{int(failed.group(1)) if failed else 0}\t1")
