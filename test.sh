#!/usr/bin/env bash
# Guild's one test command. Installs what is missing, starts a throwaway PostgreSQL cluster,
# runs every test project, and ends with the line "N passed, N failed, N skipped". A build that fails
# ends the run red with the compiler's errors; it never runs the tests of an earlier build.
#
# For the test of this script itself (tests/Guild.Tests/Platform/TestCommandTests.cs):
#   GUILD_SOLUTION       what to build (default Guild.slnx)
#   GUILD_TEST_PROJECTS  the test projects to run (default: tests/Guild.Tests tests/Guild.BrowserTests)
#   GUILD_TEST_RESULTS   where results go (default TestResults/)
#   GUILD_TEST_SETUP=none  skips installing packages and starting PostgreSQL
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif have sudo; then sudo "$@"; else "$@"; fi; }

if [ "${GUILD_TEST_SETUP:-}" != "none" ]; then
# --- 1. System tools (Debian packages), only when absent -----------------------------------
packages=()
have chromium || packages+=(chromium)
have ffmpeg || packages+=(ffmpeg)
{ have initdb || [ -x /usr/lib/postgresql/15/bin/initdb ]; } || packages+=(postgresql)
have node || packages+=(nodejs npm)
if [ ${#packages[@]} -gt 0 ]; then
  log "Installing ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# --- 2. A throwaway PostgreSQL cluster on a free port --------------------------------------
pgbin=$(dirname "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
pgdir=$(mktemp -d /tmp/guild-pg.XXXXXX)
pgport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
log "Starting PostgreSQL on 127.0.0.1:$pgport"
(cd "$pgdir" && run_pg "$pgbin/initdb" -D "$pgdir/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null) || { echo "initdb failed"; exit 1; }
# Durability settings off: this cluster lives for one test run.
(cd "$pgdir" && run_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w -o "-p $pgport -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null) \
  || { echo "PostgreSQL did not start:"; cat "$pgdir/log"; exit 1; }
export GUILD_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Pooling=true;Maximum Pool Size=50"

fi

# --- 3. Build and test -------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# A test host starts well over a hundred short-lived Guild apps, so it spends much of its CPU compiling code. Dynamic PGO's
# instrumented tier costs more there than its faster code wins back: the asks tests used 22% less CPU without it (57 s to
# 44 s, measured with the testhost's own CPU time). Only the tests run so; Guild itself keeps the runtime's defaults.
export DOTNET_TieredPGO=0
solution=${GUILD_SOLUTION:-Guild.slnx}
read -r -a projects <<< "${GUILD_TEST_PROJECTS:-tests/Guild.Tests tests/Guild.BrowserTests}"
results=${GUILD_TEST_RESULTS:-$root/TestResults}
rm -rf "$results"
mkdir -p "$results"
log "Restoring and building $solution"
build_log="$results/build.log"
if ! { dotnet tool restore && dotnet build "$solution" -c Release -v q -nologo; } >"$build_log" 2>&1; then
  # The compiler's own lines, once each; anything else (a failed restore) shows as the log's end.
  if ! grep -E ": (error|warning) [A-Z]+[0-9]+" "$build_log" | sort -u; then
    tail -n 40 "$build_log"
  fi
  echo
  echo "The build failed, so no tests ran."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
for project in "${projects[@]}"; do
  log "Testing $project"
  dotnet test "$project" -c Release --no-build --logger "trx;LogFilePrefix=$(basename "$project")" \
    --logger "console;verbosity=minimal" --results-directory "$results"
done

# --- 4. The summary line ---------------------------------------------------------------------
# A project without results (its test host crashed) counts as a failure.
python3 - "$results" "${projects[@]}" <<'PY'
import glob, os, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
results, projects = sys.argv[1], sys.argv[2:]
for project in projects:
    files = glob.glob(os.path.join(results, os.path.basename(project.rstrip("/")) + "*.trx"))
    if not files:
        print(f"{project}: no test results (the test run itself broke)")
        failed += 1
    for path in files:
        counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
        skipped += int(counters.get("notExecuted", 0)) + int(counters.get("notRunnable", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
