#!/usr/bin/env bash
# The 500 MB upload benchmark (bench/uploads/upload-memory.py) against a fresh Guild: Development (demo organisation,
# one-click demo sign-in), SQLite and the local file store in a temp folder. Build first (dotnet build -c Release).
# Usage: bench/uploads/run.sh [megabytes] [port]
set -euo pipefail
cd "$(dirname "$0")/../.."
megabytes=${1:-500}
port=${2:-5381}
work=$(mktemp -d /tmp/guild-upload-bench.XXXXXX)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ASPNETCORE_ENVIRONMENT=Development \
ConnectionStrings__Guild="Data Source=$work/guild.db" Database__Provider=Sqlite Storage__LocalRoot="$work/files" \
  dotnet src/Guild.Web/bin/Release/net10.0/Guild.Web.dll --urls "http://127.0.0.1:$port" --contentRoot "$(pwd)/src/Guild.Web" >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  sleep 1
done
python3 bench/uploads/upload-memory.py "http://127.0.0.1:$port" "$pid" "$megabytes"
