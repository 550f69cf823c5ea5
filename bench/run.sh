#!/usr/bin/env bash
# Guild's load benchmarks. Starts PostgreSQL, loads the large demo organisation (generated once,
# then copied from a cached cluster), starts Guild in Production mode, and measures each scenario
# with wrk against a baseline measured in the same run. Prints a table; never fails on a number.
#
#   bench/run.sh                 all scenarios, 20 s each
#   DURATION=10 bench/run.sh     shorter runs
#   WARMUP=60 bench/run.sh       longer warm-up per scenario (default 30 s)
#   SCENARIOS="home profile" bench/run.sh
#   SCENARIOS="lrs-single lrs-batch lrs-query" bench/run.sh
#   DIRECTORY_QUERY='q=an&department={department}&skill={skill}' bench/run.sh   the directory search's query string
#   BENCH_CLUSTER=bench/.cache/pg-large-<key> bench/run.sh   reuse a cluster generated for earlier migrations
#   STATEMENTS=20000000 bench/run.sh   the large organisation with another number of xAPI statements (default 5,000,000),
#                                      cached beside the default cluster, to show how the LRS query grows with the store
#   EMBEDDINGS=skip bench/run.sh   measure without waiting for the 50,000 search embeddings (search and ask-suggest are left
#                                  out, and the measured Guild runs no jobs, so the embedding job shares no CPU with a page)
#
# Scenarios: home, profile (signed-in pages; baseline GET /api/v1/me); resource (GET /library/{id} of a sample of
# published resources); search (GET /api/v1/search with questions in English and Dutch); ask (GET /asks/{id} of a sample
# of asks); ask-suggest (GET /api/v1/asks/suggestions with questions as they are typed, SUGGEST_CONNECTIONS at once); coverage (GET /admin/coverage/{id} of the
# capability with the most live components, as the demo L&D admin); directory (GET /people?DIRECTORY_QUERY, a search
# with a name and a department; {department}, {skill} and {component} in the query are replaced by ids picked from the
# database at start, so the large organisation's own data decides them); pgbench (the PostgreSQL
# single-row insert baseline for the LRS), lrs-single (POST one statement per request), lrs-batch
# (POST 100 per request), lrs-query (GET by verb and since, a page of 100); thread (GET /community/threads/{id} of the large
# organisation's thread with 200 replies); programme (GET /festivals/{id}, the festival programme); feed (GET the demo
# employee's calendar feed at its secret URL, as a calendar app fetches it: no cookie). The LRS scenarios use the
# bootstrap LRS client (Lrs__BootstrapClient__*) and run pgbench first when it is not listed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
cache="$root/bench/.cache"
results="$root/bench/results"
mkdir -p "$cache" "$results"
duration=${DURATION:-20}
# Warm-up per scenario: long enough for the JIT's tiered compilation to settle, longer on a busy machine. Measured: a
# page's first minute under load still compiles hundreds of methods to tier 1 (the resource page went from 150 to 390
# requests/s over its first two minutes on a loaded machine), so 10 s measured the JIT as much as the page.
warmup=${WARMUP:-30}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
scenarios=${SCENARIOS:-"home profile coverage directory resource thread programme feed search lrs-single lrs-batch lrs-query"}
# The talent directory's search as a person types it; the ids of {department}, {skill} and {component} come from the database.
directory_query=${DIRECTORY_QUERY:-"q=an&department={department}"}

log() { printf '== %s\n' "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

missing=()
have wrk || missing+=(wrk)
{ have initdb || [ -x /usr/lib/postgresql/15/bin/initdb ]; } || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  log "Installing ${missing[*]}"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
pgbin=$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")")

log "Building Guild (Release)"
dotnet publish src/Guild.Web -c Release -o "$cache/app" -v q -nologo >/dev/null

# The cached cluster is keyed on everything that shapes the data: migrations, demo generators, and
# the statement shape the learning records generator shares with the platform writer.
key=$(cat $(find src/Guild.Web -path '*Migrations*' -name '*.cs' -o -name '*DemoContent.cs' -o -path '*Platform/Demo/*' -name '*.cs' \
  -o -path '*Platform/LearningRecords/*' -name '*.cs' | sort) | sha256sum | cut -c1-16)
statements_wanted=${STATEMENTS:-}
suffix=${statements_wanted:+-s$statements_wanted}
template="$cache/pg-large-$key$suffix"
# BENCH_CLUSTER=<folder> measures on a cluster generated earlier (Guild applies newer migrations at start): code
# changes compared on the same data, without generating the large organisation again.
if [ -n "${BENCH_CLUSTER:-}" ]; then template=$(readlink -f "$BENCH_CLUSTER"); fi  # absolute: PostgreSQL is started from the work folder
work=$(mktemp -d /tmp/guild-bench.XXXXXX)
[ "$(id -u)" -eq 0 ] && chown postgres "$work"
pgport=$(free_port)
appport=$(free_port)
app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  run_pg "$pgbin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

pg_start() { # data-directory [extra server options]
  (cd "$work" && run_pg "$pgbin/pg_ctl" -D "$1" -l "$work/pg.log" -w -o "-p $pgport -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_connections=200 -c effective_cache_size=4GB ${2:-}" start >/dev/null)
}
export Database__Provider=Postgres
export ConnectionStrings__Guild="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=guild;Maximum Pool Size=64;No Reset On Close=true"
# Production needs a certificate for the data-protection keys (docs/operations.md): a throwaway one, kept with the cache.
if [ ! -f "$cache/guild-keys.pfx" ]; then
  openssl req -x509 -newkey rsa:3072 -sha256 -days 3650 -nodes -subj "/CN=Guild bench keys" \
    -keyout "$work/guild-keys.key" -out "$work/guild-keys.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$work/guild-keys.key" -in "$work/guild-keys.crt" -out "$cache/guild-keys.pfx" -passout pass:bench
fi
export DataProtection__Certificate__Path="$cache/guild-keys.pfx" DataProtection__Certificate__Password=bench

if [ ! -d "$template/data" ]; then
  log "Generating the large demo organisation (first run only; cached in $template)"
  # Older generations of the same size go (another STATEMENTS= keeps its own cluster).
  for old in "$cache"/pg-large-*; do
    [ -d "$old" ] || continue
    case $old in *-s[0-9]*) old_suffix="-s${old##*-s}" ;; *) old_suffix="" ;; esac
    if [ "$old_suffix" = "$suffix" ]; then rm -rf "$old"; fi
  done
  mkdir -p "$template" && [ "$(id -u)" -eq 0 ] && chown postgres "$template"
  (cd "$work" && run_pg "$pgbin/initdb" -D "$template/data" --auth=trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null)
  # Generating only: with wal_level=minimal, COPY into tables truncated in the same transaction writes no WAL.
  pg_start "$template/data" "-c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=8GB -c checkpoint_timeout=30min -c synchronous_commit=off"
  run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -qc "CREATE DATABASE guild" >/dev/null
  start=$(date +%s)
  # Outside Development seed-demo needs --force and prints each demo account's random password once (role, e-mail, password).
  (cd "$cache/app" && env ASPNETCORE_ENVIRONMENT=Production ${statements_wanted:+Demo__LargeStatements=$statements_wanted} dotnet Guild.Web.dll seed-demo large --force) | tee "$work/seed.out" >&2
  awk -F'\t' 'NF == 3' "$work/seed.out" > "$template/demo-passwords.tsv"
  log "Large organisation generated in $(( $(date +%s) - start )) s"
  run_pg "$pgbin/pg_ctl" -D "$template/data" -m fast stop >/dev/null
fi
# The search's sentence embeddings are computed by a job, not by seed-demo: run Guild on the cluster until every resource
# has one, so no measurement later shares the CPU with embedding 50,000 resources. A generation stopped half-way (the
# machine was busy, the run was killed) resumes here on the next run instead of measuring a half-embedded library.
pg_start "$template/data"
pending=$(run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "SELECT count(*) FROM resource_search WHERE embedding IS NULL" 2>/dev/null || echo "?")
# On a busy 2-core machine the embeddings take hours (MiniLM on one thread per lane, by design): EMBEDDINGS=skip measures the
# rest now and leaves them for a later run.
jobs_enabled=true
if [ "$pending" != 0 ] && [ "${EMBEDDINGS:-wait}" = skip ]; then
  log "$pending search embeddings missing: search and ask-suggest are left out, and the measured Guild runs no jobs"
  scenarios=$(printf '%s\n' $scenarios | grep -vx 'search\|ask-suggest' | paste -sd ' ' -)
  jobs_enabled=false
elif [ "$pending" != 0 ]; then
  log "Computing $pending search embeddings on the cached cluster"
  start=$(date +%s)
  (cd "$cache/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$(free_port)" Logging__LogLevel__Default=Warning \
    exec dotnet Guild.Web.dll >"$work/embed.log" 2>&1) &
  embed_pid=$!
  while :; do
    pending=$(run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "SELECT count(*) FROM resource_search WHERE embedding IS NULL" 2>/dev/null || echo "?")
    [ "$pending" = 0 ] && break
    kill -0 "$embed_pid" 2>/dev/null || { log "Guild stopped while embedding"; tail -20 "$work/embed.log" >&2; run_pg "$pgbin/pg_ctl" -D "$template/data" -m fast stop >/dev/null; exit 1; }
    sleep 15
  done
  kill "$embed_pid"; wait "$embed_pid" 2>/dev/null || true
  log "Search embeddings computed in $(( $(date +%s) - start )) s"
  run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -qc "VACUUM ANALYZE" >/dev/null
fi
run_pg "$pgbin/pg_ctl" -D "$template/data" -m fast stop >/dev/null
log "Copying the cached cluster"
cp -a "$template/data" "$work/data"
pg_start "$work/data"

log "Starting Guild (Production) on 127.0.0.1:$appport"
lrs_key=bench
lrs_secret=bench-secret-0123456789abcdef0123  # at least 32 characters (Lrs:BootstrapClient:Secret)
# Production marks its cookies Secure and hands out antiforgery tokens only over https: wrk and curl act as the
# balancer that ended TLS (X-Forwarded-Proto from the loopback proxy, which Guild trusts by default).
proto="X-Forwarded-Proto: https"
(cd "$cache/app" && ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$appport" ForwardedHeaders__Enabled=true \
  Logging__LogLevel__Default=Warning Jobs__Enabled=$jobs_enabled RateLimits__ApiPerSecond=1000000 RateLimits__ApiBurst=1000000 \
  RateLimits__SignInPerAccountBurst=1000 RateLimits__SignInPerAccountPerHour=100000 \
  Lrs__BootstrapClient__Key=$lrs_key Lrs__BootstrapClient__Secret=$lrs_secret Lrs__Http__RequestsPerSecond=1000000 Lrs__Http__Burst=1000000 \
  exec dotnet Guild.Web.dll >"$work/app.log" 2>&1) &
app_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$appport/health/live" >/dev/null && break
  sleep 0.5
done
base="http://127.0.0.1:$appport"

# Sign in as the demo employee through the real form and keep the cookie for wrk (clusters cached before
# seed-demo gave random passwords still have the documented one). The cookies are Secure, so they are carried
# by hand (a cookie jar would not send them over http).
set_cookies() { tr -d '\r' < "$1" | sed -n 's/^[Ss]et-[Cc]ookie: \(guild\.[^=]*=[^;]*\).*/\1/p' | grep -v '^guild\.flash=' | paste -sd ';' - | sed 's/;/; /g'; }
sign_in() { # e-mail: prints the cookie header's value of a signed-in session
  local email=$1 password
  password=$(awk -F'\t' -v email="$email" '$2 == email { print $3 }' "$template/demo-passwords.tsv" 2>/dev/null || true)
  password=${password:-guild-demo-password}
  local page token antiforgery
  page=$(curl -s -D "$work/page-headers" -H "$proto" "$base/account/sign-in")
  token=$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  antiforgery=$(set_cookies "$work/page-headers")
  curl -s -D "$work/sign-in-headers" -o /dev/null -H "$proto" -H "Cookie: $antiforgery" \
    --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=sign-in" \
    --data-urlencode "Input.Email=$email" --data-urlencode "Input.Password=$password" "$base/account/sign-in"
  local signed_in="$antiforgery; $(set_cookies "$work/sign-in-headers")"
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$proto" -H "Cookie: $signed_in" "$base/api/v1/me")
  [ "$status" = 200 ] || { echo "Signing in as $email for the benchmark failed (HTTP $status)" >&2; tail -20 "$work/app.log" >&2; exit 1; }
  printf '%s' "$signed_in"
}
cookie=$(sign_in sanne.devries@noordwind.example)
# Coverage is for L&D admins: the demo one.
admin_cookie=$(sign_in eva.visser@noordwind.example)

# Psql's one value, or nothing.
scalar() { run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "$1" 2>/dev/null | head -1; }
# The coverage scenario's capability: the one with the most live components (the expertise demo content decides which).
capability=$(scalar "SELECT k.capability_id FROM components k JOIN capabilities c ON c.id = k.capability_id WHERE k.archived_at IS NULL AND c.archived_at IS NULL GROUP BY k.capability_id ORDER BY count(*) DESC, k.capability_id LIMIT 1")
# The directory scenario's filters: the largest department, the most common skill and the component with most champions.
directory_path="/people?$directory_query"
if [[ $directory_path == *"{department}"* ]]; then
  department=$(scalar "SELECT department_id FROM people p JOIN users u ON u.id = p.id WHERE p.department_id IS NOT NULL AND u.deactivated_at IS NULL GROUP BY department_id ORDER BY count(*) DESC LIMIT 1")
  directory_path=${directory_path//\{department\}/$department}
fi
if [[ $directory_path == *"{skill}"* ]]; then
  skill=$(scalar "SELECT id FROM skills ORDER BY id LIMIT 1")
  directory_path=${directory_path//\{skill\}/$skill}
fi
if [[ $directory_path == *"{component}"* ]]; then
  component=$(scalar "SELECT component_id FROM component_champions WHERE ended_at IS NULL GROUP BY component_id ORDER BY count(*) DESC LIMIT 1")
  directory_path=${directory_path//\{component\}/$component}
fi
log "Coverage of capability ${capability:-(none: no expertise demo data)}; directory search $directory_path"

# Profile ids: a sample of people, so the profile scenario does not hit one cached row.
run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc \
  "SELECT p.id FROM people p JOIN users u ON u.id = p.id WHERE u.deactivated_at IS NULL ORDER BY md5(p.id::text) LIMIT 2000" > "$work/people.txt"

# A session cookie older than Identity's validation interval (5 minutes) is checked against the database on every
# request, and a browser would take the renewed cookie while wrk keeps sending the old one: each scenario signs in
# afresh, so every page is measured as a browser uses it.
refresh_cookies() {
  cookie=$(sign_in sanne.devries@noordwind.example)
  admin_cookie=$(sign_in eva.visser@noordwind.example)
}

measure() { # name path [lua] [statements per request]: wrk with the signed-in cookie (MEASURE_AS=admin for the L&D admin's), or (for /xapi) the LRS client's Basic credentials
  local name=$1 path=$2 script=${3:-} per=${4:-1}
  case $path in /xapi/*) ;; *) refresh_cookies ;; esac
  local header="Cookie: $cookie"
  [ "${MEASURE_AS:-}" = admin ] && header="Cookie: $admin_cookie"
  [ "${MEASURE_AS:-}" = feed ] && header="Accept: text/calendar"
  case $path in /xapi/*) header="Authorization: $AUTH" ;; esac
  [ -z "$script" ] && curl -s -o /dev/null -H "$header" -H "$proto" "$base$path" # warm the path
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "$header" -H "$proto" ${script:+-s "$script"} "$base$path" >/dev/null 2>&1
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "$header" -H "$proto" ${script:+-s "$script"} "$base$path" > "$results/$name.txt" 2>&1
  python3 "$root/bench/wrk_summary.py" "$name" "$results/$name.txt" "$per"
}

# The PostgreSQL baseline for the LRS: single-row inserts into a table like lrs_statements, with pgbench.
measure_pgbench() {
  run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -qf "$root/bench/lrs/pgbench-table.sql" >/dev/null
  mkdir -p "$work/pgbench" && [ "$(id -u)" -eq 0 ] && chown postgres "$work/pgbench"
  (cd "$work/pgbench" && run_pg "$pgbin/pgbench" -h "$work" -p "$pgport" -U postgres -n -c "$connections" -j "$threads" -T "$warmup" \
    -f "$root/bench/lrs/pgbench-insert.sql" guild >/dev/null 2>&1)
  rm -f "$work/pgbench"/pgbench_log.*
  (cd "$work/pgbench" && run_pg "$pgbin/pgbench" -h "$work" -p "$pgport" -U postgres -n -c "$connections" -j "$threads" -T "$duration" -l \
    -f "$root/bench/lrs/pgbench-insert.sql" guild > "$results/pgbench-insert.txt" 2>&1)
  python3 "$root/bench/pgbench_summary.py" pgbench-insert "$results/pgbench-insert.txt" "$work/pgbench"
  run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -qc "DROP TABLE bench_statements" >/dev/null
}

# Resource ids: a sample of published resources for the resource page scenario.
run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc \
  "SELECT id FROM resources WHERE status = 'Published' ORDER BY md5(id::text) LIMIT 2000" > "$work/resources.txt"
cat > "$work/resource.lua" <<LUA
local ids = {}
for line in io.lines("$work/resources.txt") do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/library/" .. ids[(i % #ids) + 1])
end
LUA

# Ask ids: a sample of asks any colleague may open (not merged away), for the ask page scenario.
run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc \
  "SELECT id FROM asks WHERE merged_into_id IS NULL ORDER BY md5(id::text) LIMIT 2000" > "$work/asks.txt" 2>/dev/null || : > "$work/asks.txt"
cat > "$work/ask.lua" <<LUA
local ids = {}
for line in io.lines("$work/asks.txt") do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/asks/" .. ids[(i % #ids) + 1])
end
LUA

# The thread page scenario: the large organisation's thread with 200 replies (CommunityDemoContent.BenchThreadTitle).
thread=$(scalar "SELECT thread_id FROM community_posts WHERE title = 'How do you keep a long recording session lively?' ORDER BY created_at LIMIT 1")
# The programme scenario: the festival (published first).
festival=$(scalar "SELECT id FROM festivals ORDER BY (status = 'Published') DESC, created_at LIMIT 1")
# The feed scenario: the demo employee's calendar feed. Its secret URL is made (or reset) through the page's form, as a person does.
feed_path=""
case " $scenarios " in *" feed "*)
  page=$(curl -s -D "$work/feed-headers" -H "$proto" -H "Cookie: $cookie" "$base/events/mine")
  token=$(printf '%s' "$page" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  page=$(curl -s -L -H "$proto" -H "Cookie: $cookie" --data-urlencode "__RequestVerificationToken=$token" --data-urlencode "_handler=reset-feed" "$base/events/mine")
  feed_url=$(printf '%s' "$page" | grep -o 'id="feed-url" readonly value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')
  feed_path=${feed_url#*://*/}; [ -n "$feed_url" ] && feed_path="/$feed_path"
  [ -n "$feed_path" ] || log "feed: the demo employee's feed URL was not found on /events/mine"
  ;;
esac

cat > "$work/profile.lua" <<LUA
local ids = {}
for line in io.lines("$work/people.txt") do ids[#ids + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/people/" .. ids[(i % #ids) + 1])
end
LUA

export AUTH="Basic $(printf '%s:%s' "$lrs_key" "$lrs_secret" | base64 -w0)"
export PEOPLE="$work/people.txt"
export BASE_IRI=$(run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "SELECT learning_record_base_iri FROM organisation_settings")
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $AUTH" -H "X-Experience-API-Version: 1.0.3" "$base/xapi/statements?limit=1")
[ "$status" = 200 ] || { echo "The bench LRS client cannot read statements (HTTP $status)"; tail -20 "$work/app.log"; exit 1; }

# The query plan of the query scenario on the big table, for the record.
verb_id=$(run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "SELECT id FROM lrs_verbs WHERE iri = 'http://adlnet.gov/expapi/verbs/experienced'")
run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -c "EXPLAIN (ANALYZE, BUFFERS) SELECT s.id, s.stored, s.document, s.has_attachments, s.voided FROM lrs_statements s WHERE NOT s.voided AND s.verb_id = (SELECT id FROM lrs_verbs WHERE iri = 'http://adlnet.gov/expapi/verbs/experienced') AND s.stored > now() - interval '200 days' ORDER BY s.stored DESC, s.id DESC LIMIT 101" > "$results/lrs-query-plan.txt" 2>&1 || true

# Storage per statement (issue 11): the three statement tables with their indexes and TOAST, over the statements they hold,
# measured before the LRS scenarios add any. The breakdown per table and index is kept in results/lrs-storage.txt.
run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -c "SELECT c.relname AS relation, pg_size_pretty(pg_relation_size(c.oid)) AS size, round(pg_relation_size(c.oid)::numeric / greatest((SELECT count(*) FROM lrs_statements), 1)) AS bytes_per_statement FROM pg_class c WHERE c.relname LIKE '%lrs_statement%' AND c.relname NOT LIKE '%lrs_statement_counts%' AND c.relkind IN ('r', 'i') ORDER BY pg_relation_size(c.oid) DESC" > "$results/lrs-storage.txt" 2>&1 || true
bytes_per_statement=$(scalar "SELECT round(sum(pg_total_relation_size(t::regclass))::numeric / greatest((SELECT count(*) FROM lrs_statements), 1)) FROM unnest(ARRAY['lrs_statements', 'lrs_statement_agents', 'lrs_statement_activities']) AS t")

# The baseline runs first; warm every page path before it so the JIT's tiering has settled for all of
# them and the baseline is not measured on a colder process than the pages it is compared with.
log "Warming up ($warmup s per page path)"
for path in /api/v1/me / ; do
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Cookie: $cookie" -H "$proto" "$base$path" >/dev/null 2>&1
done
wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Cookie: $cookie" -H "$proto" -s "$work/profile.lua" "$base/people" >/dev/null 2>&1
case " $scenarios " in *" resource "*) wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Cookie: $cookie" -H "$proto" -s "$work/resource.lua" "$base/library" >/dev/null 2>&1 ;; esac
case " $scenarios " in *" directory "*) wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Cookie: $cookie" -H "$proto" "$base$directory_path" >/dev/null 2>&1 ;; esac
case " $scenarios " in *" thread "*) [ -n "$thread" ] && wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Cookie: $cookie" -H "$proto" "$base/community/threads/$thread" >/dev/null 2>&1 ;; esac
case " $scenarios " in *" coverage "*) [ -n "$capability" ] && wrk -t"$threads" -c"$connections" -d"${warmup}s" -H "Cookie: $admin_cookie" -H "$proto" "$base/admin/coverage/$capability" >/dev/null 2>&1 ;; esac

log "Measuring ($duration s per scenario, $connections connections, $threads wrk threads)"
{
  measure baseline /api/v1/me
  case " $scenarios " in *" lrs-"*) case " $scenarios " in *" pgbench "*) ;; *) measure_pgbench ;; esac ;; esac
  for scenario in $scenarios; do
    case $scenario in
      home) measure home / ;;
      profile) measure profile /people "$work/profile.lua" ;;
      resource) measure resource /library "$work/resource.lua" ;;
      coverage)
        if [ -n "$capability" ]; then
          status=$(curl -s -o /dev/null -w '%{http_code}' -H "$proto" -H "Cookie: $admin_cookie" "$base/admin/coverage/$capability")
          [ "$status" = 200 ] || log "GET /admin/coverage/$capability answers HTTP $status (the row's errors column counts it)"
          MEASURE_AS=admin measure coverage "/admin/coverage/$capability"
        else
          log "coverage: no capability with components in the large organisation; scenario skipped"
        fi ;;
      directory)
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "$proto" -H "Cookie: $cookie" "$base$directory_path")
        [ "$status" = 200 ] || log "GET $directory_path answers HTTP $status (the row's errors column counts it)"
        measure directory "$directory_path" ;;
      thread)
        if [ -n "$thread" ]; then measure thread "/community/threads/$thread"; else log "thread: no bench thread in the large organisation; scenario skipped"; fi ;;
      programme)
        if [ -n "$festival" ]; then measure programme "/festivals/$festival"; else log "programme: no festival in the large organisation; scenario skipped"; fi ;;
      feed)
        if [ -n "$feed_path" ]; then MEASURE_AS=feed measure feed "$feed_path"; else log "feed: no feed URL; scenario skipped"; fi ;;
      pgbench) measure_pgbench ;;
      lrs-single) export BATCH=1; measure lrs-single /xapi/statements "$root/bench/lrs/statements.lua" 1 ;;
      lrs-batch) export BATCH=100; measure lrs-batch /xapi/statements "$root/bench/lrs/statements.lua" 100 ;;
      lrs-query) measure lrs-query /xapi/statements "$root/bench/lrs/query.lua" 1 ;;
      # The first search loads the embedding model, so one is made before the warm-up.
      search)
        curl -s -o /dev/null -H "$proto" -H "Cookie: $cookie" "$base/api/v1/search?q=warm%20up"
        measure search /api/v1/search "$root/bench/search/questions.lua" ;;
      ask)
        if [ -s "$work/asks.txt" ]; then measure ask /asks "$work/ask.lua"; else log "ask: no asks in the large organisation; scenario skipped"; fi ;;
      # Typing people: fewer at once than page readers (SUGGEST_CONNECTIONS, default 8); the first loads the embedding model.
      ask-suggest)
        curl -s -o /dev/null -H "$proto" -H "Cookie: $cookie" "$base/api/v1/asks/suggestions?q=warm%20up"
        connections=${SUGGEST_CONNECTIONS:-8} measure ask-suggest /api/v1/asks/suggestions "$root/bench/asks/suggestions.lua" ;;
      *) log "unknown scenario $scenario" ;;
    esac
  done
} > "$work/rows.tsv"

# This run's Guild (exec'd in its subshell, so $app_pid is dotnet itself; other Guilds may run on the machine).
peak_kib=$(awk '/VmHWM/ { print $2 }' "/proc/$app_pid/status" 2>/dev/null || echo 0)
people=$(run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "SELECT count(*) FROM people")
statements=$(run_pg "$pgbin/psql" -h "$work" -p "$pgport" -U postgres -d guild -Atc "SELECT sum(statements) FROM lrs_statement_counts")
python3 "$root/bench/table.py" "$work/rows.tsv" "$peak_kib" "$people" "$statements" "$(uptime)" "${bytes_per_statement:-0}" | tee "$results/summary.md"
