#!/usr/bin/env python3
"""Turns one wrk --latency report into a tab-separated row:
name, req/s, p50 ms, p95 ms, p99 ms, errors, items per request.
p95 comes from the Lua script's done() ("p95_ms ..."); without one it is interpolated from p90 and p99."""
import re, sys

name, path = sys.argv[1], sys.argv[2]
per = int(sys.argv[3]) if len(sys.argv) > 3 else 1
text = open(path).read()

def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
def percentile(p):
    # The latency distribution's own lines ("     90%  55.46ms"), not the "+/- Stdev" column (e.g. "89.90%").
    return ms(re.search(rf"^\s+{p}%\s+(\S+)", text, re.MULTILINE).group(1))

p50, p90, p99 = percentile(50), percentile(90), percentile(99)
own = re.search(r"p95_ms ([\d.]+)", text)
p95 = float(own.group(1)) if own else p90 + (p99 - p90) * 5 / 9
errors = 0
for match in re.finditer(r"Non-2xx or 3xx responses: (\d+)|Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
    errors += sum(int(g) for g in match.groups() if g)
print(f"{name}\t{rps:.0f}\t{p50:.2f}\t{p95:.2f}\t{p99:.2f}\t{errors}\t{per}")
