#!/usr/bin/env python3
"""Turns one wrk --latency report into a tab-separated row: name, req/s, p50 ms, p99 ms, errors."""
import re, sys

name, path = sys.argv[1], sys.argv[2]
text = open(path).read()

def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"99%\s+(\S+)", text).group(1))
errors = 0
for match in re.finditer(r"Non-2xx or 3xx responses: (\d+)|Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
    errors += sum(int(g) for g in match.groups() if g)
print(f"{name}\t{rps:.0f}\t{p50:.2f}\t{p99:.2f}\t{errors}")
