#!/usr/bin/env bash
# Benchmarks Chaupal on this machine: starts the server on a fresh data directory (loopback only),
# runs one Gatling simulation against it, checks on /metrics that every message was persisted once
# and answered and in the journal that every acknowledged message is there once and in each citizen's
# order, and prints the figures as Markdown for docs/PERFORMANCE.md. Always stops the server.
#
#   loadtest/run.sh webhook [-Drate=2000 -Dduration=60 -Dburst=5000 ...]   # WebhookSimulation
#   loadtest/run.sh idle    [-Dcitizens=100000 -Drate=1000 ...]            # IdleCitizensSimulation
#   loadtest/run.sh grievance [-Dfilings=50 -Dduration=180 -DwarmUp=60 ...]  # GrievanceSimulation
#   loadtest/run.sh campaign  [-Dsubscribers=200000 -DreplyRate=20 ...]     # CampaignSimulation
#   loadtest/run.sh statewide [-Drate=500 -Dramp=10 -Dduration=60 ...]      # StatewideSimulation
#   NODES=3 loadtest/run.sh ...     # against a 3-node cluster on one PostgreSQL (ports PORT, PORT+1, PORT+2)
#   NODES=1,3 loadtest/run.sh ...   # the same run on 1 node, then on 3, and the ratio of their figures
#
# Environment (all optional): NODES (1), PORT (18080), APP_SECRET (loadtest-secret), CHAUPAL_JAR
# (target/chaupal.jar), SERVER_JVM_OPTS ("-Xms2g -Xmx2g -XX:+UseParallelGC"), CHANNEL_MESSAGES_PER_SECOND
# (1000: every channel on Meta's upgraded tier), SIMULATOR_MESSAGES_PER_SECOND
# (5000), READY_TIMEOUT (300 s), RUN_TIMEOUT (3600 s), SETTLE_TIMEOUT (300 s), KEEP_DATA (0),
# INIT_FIRST (1: start once to create the database, stop, and measure the second start),
# CAMPAIGN_CHANNELS (10: the campaign's Punjab numbers, 9 of them added to the run's copy of channels.conf),
# REMOTE_PORT (25620) and MANAGEMENT_PORT (8658): node N's Akka remoting and management ports are these + N.
# See loadtest/README.md.
set -euo pipefail

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

[[ $# -ge 1 ]] || usage
case "$1" in
  webhook) SIMULATION=chaupal.loadtest.WebhookSimulation ;;
  idle) SIMULATION=chaupal.loadtest.IdleCitizensSimulation ;;
  grievance) SIMULATION=chaupal.loadtest.GrievanceSimulation ;;
  campaign) SIMULATION=chaupal.loadtest.CampaignSimulation ;;
  statewide) SIMULATION=chaupal.loadtest.StatewideSimulation ;;
  -h | --help) usage ;;
  *) echo "unknown simulation '$1' (webhook, idle, grievance, campaign or statewide)" >&2; usage ;;
esac
KIND=$1
shift
for arg in "$@"; do
  case "$arg" in
    -DbaseUrl=* | -DwebhookUrls=* | -DappSecret=* | -DledgerFile=* | -DadminPassword=* | -Dchannels=* | -DprojectConfig=*)
      echo "run.sh sets ${arg%%=*} itself" >&2; exit 2 ;;
    -D*=*) ;;
    *) echo "expected -Dname=value, got '$arg'" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# ---- NODES=1,3: the same run once per node count, one after the other, and the ratio -----------

NODES=${NODES:-1}
IFS=', ' read -r -a NODE_COUNTS <<<"$NODES"
for n in "${NODE_COUNTS[@]}"; do
  [[ "$n" =~ ^[1-9]$ ]] || { echo "NODES must be node counts from 1 to 9 (3, or 1,3 to compare), got '$NODES'" >&2; exit 2; }
done
if ((${#NODE_COUNTS[@]} > 1)); then
  COMPARED_AT=$(date -u +%Y%m%dT%H%M%SZ)
  COMPARISON="$ROOT/loadtest/target/runs/$KIND-$COMPARED_AT-comparison.md"
  RUN_DIRS=()
  rc=0
  for n in "${NODE_COUNTS[@]}"; do
    RUN_DIRS+=("$ROOT/loadtest/target/runs/$KIND-$COMPARED_AT-${n}node")
    NODES=$n LOADTEST_RUN_DIR="${RUN_DIRS[-1]}" "$0" "$KIND" "$@" || rc=1
  done
  # Each run wrote figures.properties: one row per figure, one column per run, then last / first.
  figure() { grep -m 1 "^$2=" "$1/figures.properties" 2>/dev/null | cut -d= -f2-; }
  {
    echo "### $KIND on ${NODE_COUNTS[*]} node(s) of this machine, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "\`NODES=$NODES loadtest/run.sh $KIND $*\` (one run after the other; every node on the same $(nproc) cores)."
    echo
    header="| figure |" rule="|---|"
    for n in "${NODE_COUNTS[@]}"; do header+=" $n node(s) |"; rule+="---|"; done
    echo "$header ${NODE_COUNTS[-1]} / ${NODE_COUNTS[0]} |"
    echo "$rule---|"
    names=$(cut -d= -f1 "${RUN_DIRS[0]}/figures.properties" 2>/dev/null || true)
    for name in $names; do
      row="| $name |"
      for dir in "${RUN_DIRS[@]}"; do row+=" $(figure "$dir" "$name") |"; done
      first=$(figure "${RUN_DIRS[0]}" "$name") last=$(figure "${RUN_DIRS[-1]}" "$name")
      row+=" $(awk -v a="$first" -v b="$last" 'BEGIN { if (a + 0 != 0 && b != "") printf "%.2f", b / a; else print "–" }') |"
      echo "$row"
    done
    echo
    for dir in "${RUN_DIRS[@]}"; do echo "- $dir/PERFORMANCE-snippet.md"; done
  } >"$COMPARISON"
  echo
  echo "==================== comparison (also in $COMPARISON) ===================="
  cat "$COMPARISON"
  exit "$rc"
fi
PORT=${PORT:-18080}
APP_SECRET=${APP_SECRET:-loadtest-secret}
CHAUPAL_JAR=${CHAUPAL_JAR:-$ROOT/target/chaupal.jar}
# ParallelGC: on 2 cores G1's concurrent marking and refinement threads took CPU from the
# request path (26 s of GC thread CPU in a 2,000 msg/s run against 6 s; docs/PERFORMANCE.md).
SERVER_JVM_OPTS=${SERVER_JVM_OPTS:--Xms2g -Xmx2g -XX:+UseParallelGC}
SIMULATOR_MESSAGES_PER_SECOND=${SIMULATOR_MESSAGES_PER_SECOND:-5000}
# A filing citizen reads its conversation on the simulator until the filing is done, so the phones
# must keep every live conversation: about 11 messages each, a few hundred citizens at once.
if [[ "$KIND" == grievance || "$KIND" == statewide ]]; then
  SIMULATOR_MAX_STORED_MESSAGES=${SIMULATOR_MAX_STORED_MESSAGES:-20000}
else
  SIMULATOR_MAX_STORED_MESSAGES=${SIMULATOR_MAX_STORED_MESSAGES:-2000}
fi
CHANNEL_MESSAGES_PER_SECOND=${CHANNEL_MESSAGES_PER_SECOND:-1000}
READY_TIMEOUT=${READY_TIMEOUT:-300}
RUN_TIMEOUT=${RUN_TIMEOUT:-3600}
SETTLE_TIMEOUT=${SETTLE_TIMEOUT:-300}
KEEP_DATA=${KEEP_DATA:-0}
INIT_FIRST=${INIT_FIRST:-1}
REMOTE_PORT=${REMOTE_PORT:-25620}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-8658}
BASE_URL="http://127.0.0.1:$PORT" # node 1: the simulator, the officials' API, the database
NODE_URLS=()
for ((i = 1; i <= NODES; i++)); do NODE_URLS+=("http://127.0.0.1:$((PORT + i - 1))"); done
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT_DIR=${LOADTEST_RUN_DIR:-"$ROOT/loadtest/target/runs/$KIND-$STAMP"}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chaupal-loadtest.XXXXXX")
SERVER_LOG="$OUT_DIR/chaupal.log"
GATLING_LOG="$OUT_DIR/gatling.log"
LEDGER="$OUT_DIR/ledger.properties"
CASE_NUMBERS="$OUT_DIR/case-numbers.txt" # written by GrievanceSimulation next to the ledger
REPORT="$OUT_DIR/PERFORMANCE-snippet.md"
SERVER_PID="" # node 1's
NODE_PIDS=()
GATLING_PID=""
COMMANDS=()

for tool in java jcmd mvn curl awk timeout psql; do
  command -v "$tool" >/dev/null || { echo "run.sh needs '$tool' on the PATH" >&2; exit 2; }
done
mkdir -p "$OUT_DIR"

say() { printf '[run.sh %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# Remembers a command line (quoted so it can be pasted) for the report, and prints it.
note_command() {
  local line
  printf -v line '%q ' "$@"
  COMMANDS+=("${line% }")
  say "\$ ${line% }"
}

stop_node() {
  local pid=$1
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    say "stopping Chaupal (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "Chaupal did not stop in 30 s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  fi
}

stop_server() {
  # The last node first: node 1 holds the embedded database the others use.
  local i
  for ((i = ${#NODE_PIDS[@]}; i >= 1; i--)); do stop_node "${NODE_PIDS[i - 1]}"; done
  NODE_PIDS=()
  SERVER_PID=""
  # An embedded PostgreSQL left behind by a killed JVM: stop exactly the one under our directory.
  local pidfile pg_pid
  while IFS= read -r pidfile; do
    pg_pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    if [[ "$pg_pid" =~ ^[0-9]+$ ]] && kill -0 "$pg_pid" 2>/dev/null \
      && tr '\0' ' ' <"/proc/$pg_pid/cmdline" 2>/dev/null | grep -qF "$WORK"; then
      say "stopping leftover embedded PostgreSQL (pid $pg_pid)"
      kill -TERM "$pg_pid" 2>/dev/null || true
      sleep 3
      kill -0 "$pg_pid" 2>/dev/null && kill -KILL "$pg_pid" 2>/dev/null || true
    fi
  done < <(find "$WORK" -name postmaster.pid 2>/dev/null)
}

cleanup() {
  local rc=$?
  if [[ -n "$GATLING_PID" ]] && kill -0 "$GATLING_PID" 2>/dev/null; then
    say "stopping Gatling (pid $GATLING_PID)"
    kill -TERM "$GATLING_PID" 2>/dev/null || true # timeout passes it on to Maven and Gatling
    wait "$GATLING_PID" 2>/dev/null || true
  fi
  stop_server
  if [[ "$KEEP_DATA" == 1 ]]; then
    say "kept the data directory $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the server --------------------------------------------------------------------------------

if [[ ! -f "$CHAUPAL_JAR" ]]; then
  say "no $CHAUPAL_JAR yet, building it"
  note_command cd "$ROOT"
  note_command mvn -q -B -DskipTests package
  (cd "$ROOT" && mvn -q -B -DskipTests package)
  [[ -f "$CHAUPAL_JAR" ]] || { echo "the build did not produce $CHAUPAL_JAR" >&2; exit 1; }
fi

for ((i = 0; i < NODES; i++)); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$((PORT + i))") 2>/dev/null; then
    echo "something already listens on 127.0.0.1:$((PORT + i)); choose another PORT=..." >&2
    exit 1
  fi
done

mkdir -p "$WORK/data" "$WORK/tmp"
# A statewide campaign runs on numbers Meta has upgraded to 1,000 messages/s; at the default 80 per
# number the five channels could send only 400 replies/s and the benchmark would measure a backlog.
cp -r "$ROOT/project-config" "$WORK/project-config"
sed -i -e '/messages_per_second *=/d' -e "/^ *languages *= /a\    messages_per_second = $CHANNEL_MESSAGES_PER_SECOND" "$WORK/project-config/channels.conf"
# A campaign goes out over several numbers of one tenant: fictional extra Punjab numbers.
CAMPAIGN_CHANNEL_IDS=""
if [[ "$KIND" == campaign ]]; then
  CAMPAIGN_CHANNEL_IDS=100000000000001
  for ((n = 2; n <= ${CAMPAIGN_CHANNELS:-10}; n++)); do
    id=$(printf '1000000000001%02d' "$n")
    CAMPAIGN_CHANNEL_IDS+=",$id"
    printf 'channels += { phone_number_id = "%s", display_number = "9198000102%02d", name = "Punjab campaign number %d", waba_id = "200000000000001", tenant = punjab, languages = [en, hi, pa], messages_per_second = %s }\n' \
      "$id" "$n" "$n" "$CHANNEL_MESSAGES_PER_SECOND" >>"$WORK/project-config/channels.conf"
  done
fi
read -r -a JVM_OPTS <<<"$SERVER_JVM_OPTS"
SERVER_ENV=(
  "CHAUPAL_HTTP_PORT=$PORT"
  "CHAUPAL_DATA_DIR=$WORK/data"
  "WHATSAPP_APP_SECRET=$APP_SECRET"
  "CHAUPAL_CONFIG_DIR=$WORK/project-config"
  "SIMULATOR_STATUS_WEBHOOKS=false"
  "SIMULATOR_MAX_STORED_MESSAGES=$SIMULATOR_MAX_STORED_MESSAGES"
  "SIMULATOR_MESSAGES_PER_SECOND=$SIMULATOR_MESSAGES_PER_SECOND"
)
# Grievance filings read the officials' API as the bootstrap administrator, with a password made
# for this run only (the server and its data are gone when the run ends).
ADMIN_PASSWORD=""
if [[ "$KIND" == grievance || "$KIND" == campaign ]]; then
  ADMIN_PASSWORD="loadtest-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  SERVER_ENV+=("CHAUPAL_ADMIN_PASSWORD=$ADMIN_PASSWORD")
fi
# The campaign's accounting needs the simulator's sent, delivered and read statuses (env: the last one wins).
[[ "$KIND" == campaign ]] && SERVER_ENV+=("SIMULATOR_STATUS_WEBHOOKS=true")
# The idle scenario measures the heap of citizens kept in memory: all of them, not the default limit's.
[[ "$KIND" == idle ]] && SERVER_ENV+=("CHAUPAL_ACTIVE_CITIZENS=${CHAUPAL_ACTIVE_CITIZENS:-1000000}")
SERVER_CMD=(java "${JVM_OPTS[@]}" "-Djava.io.tmpdir=$WORK/tmp" -jar "$CHAUPAL_JAR")
# Several nodes as deploy/local/cluster.sh starts them: seed nodes, node 1's embedded database for
# the others. Node 1 also runs the simulator; the others send to it as to Meta, so that the phones'
# record and the uploaded media are in one place.
SEEDS=""
for ((i = 1; i <= NODES; i++)); do SEEDS+="${SEEDS:+,}akka://chaupal@127.0.0.1:$((REMOTE_PORT + i))"; done
CLUSTER_SECRET="loadtest-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
embedded_url() {
  echo "jdbc:postgresql://127.0.0.1:$(sed -n 4p "$WORK/data/postgres/postmaster.pid" | tr -d ' ')/chaupal"
}
# The environment of node $1, into NODE_ENV (later entries win).
node_env() {
  local i=$1
  # Remoting and management ports of their own even for one node, clear of a node started by hand.
  NODE_ENV=("${SERVER_ENV[@]}" "CHAUPAL_REMOTE_PORT=$((REMOTE_PORT + i))" "CHAUPAL_MANAGEMENT_PORT=$((MANAGEMENT_PORT + i))")
  ((NODES > 1)) || return 0
  NODE_ENV+=("CHAUPAL_HTTP_PORT=$((PORT + i - 1))" "CHAUPAL_SEED_NODES=$SEEDS" "CHAUPAL_JWT_SECRET=$CLUSTER_SECRET"
    "WHATSAPP_ACCESS_TOKEN=$CLUSTER_SECRET" "WHATSAPP_VERIFY_TOKEN=$CLUSTER_SECRET")
  if ((i > 1)); then
    NODE_ENV+=("CHAUPAL_DATA_DIR=$WORK/node-$i/data" "DATABASE_URL=$(embedded_url)" "DATABASE_USER=postgres"
      "DATABASE_PASSWORD=$(cat "$WORK/data/postgres-password")" "WHATSAPP_API_URL=$BASE_URL/simulator/v23.0"
      "CHAUPAL_HTTP_INTERFACE=127.0.0.1")
  fi
}
node_log() {
  if (($1 == 1)); then echo "$SERVER_LOG"; else echo "$OUT_DIR/chaupal-node-$1.log"; fi
}
note_command cd "$ROOT"
node_env 1
note_command env "${NODE_ENV[@]}" "${SERVER_CMD[@]}"
if ((NODES > 1)); then
  COMMANDS+=("# nodes 2..$NODES: the same with CHAUPAL_HTTP_PORT=$((PORT + 1)).., CHAUPAL_REMOTE_PORT and CHAUPAL_MANAGEMENT_PORT + node, CHAUPAL_DATA_DIR of their own, DATABASE_URL=<node 1's embedded PostgreSQL> (user postgres, password from node 1's data/postgres-password), WHATSAPP_API_URL=$BASE_URL/simulator/v23.0, CHAUPAL_HTTP_INTERFACE=127.0.0.1")
fi
start_node() {
  local i=$1
  node_env "$i"
  mkdir -p "$WORK/node-$i/data"
  (cd "$ROOT" && exec env "${NODE_ENV[@]}" "${SERVER_CMD[@]}") >>"$(node_log "$i")" 2>&1 &
  NODE_PIDS[i - 1]=$!
  ((i == 1)) && SERVER_PID=$!
  say "Chaupal node $i started (pid $!), log $(node_log "$i")"
}
await_node() {
  local i=$1 pid=${NODE_PIDS[$1 - 1]} url=${NODE_URLS[$1 - 1]} log deadline=$((SECONDS + READY_TIMEOUT)) code
  log=$(node_log "$i")
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "Chaupal node $i exited during start-up; last lines of $log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/ready" || true)
    if [[ "$code" == 200 ]]; then
      break
    elif [[ "$code" == 404 ]]; then
      say "warning: GET /ready answered 404; taking an answering port as ready"
      break
    fi
    if ((SECONDS > deadline)); then
      echo "Chaupal node $i not ready after ${READY_TIMEOUT}s (last /ready status: ${code:-none})" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    sleep 1
  done
  say "Chaupal node $i is ready after ${SECONDS}s"
}
# Node 1 first: the others use its database.
start_server() {
  local i
  start_node 1
  await_node 1
  for ((i = 2; i <= NODES; i++)); do start_node "$i"; done
  for ((i = 2; i <= NODES; i++)); do await_node "$i"; done
}

# A deployment's database exists before its load arrives: by default the first start only creates
# it (embedded PostgreSQL cluster, migrations), and the measured start is the second. INIT_FIRST=0
# measures a database created seconds before the load instead (slower, see docs/PERFORMANCE.md).
# The same machine is not equally fast on every day (a shared host): a fixed workload on every core
# before the server starts gives a figure to compare runs by. The code of 2026-12-01 missed at
# 2,000 msg/s what the code of 2026-11-24 met, and so did the older code itself on the slower day.
MACHINE_SPEED=$(openssl speed -seconds 3 -bytes 16384 -multi "$(nproc)" sha256 2>/dev/null \
  | awk '/^sha256/ {sub(/k$/, "", $2); printf "%.0f MB/s", $2 / 1000}' || true)
say "machine speed before the run: ${MACHINE_SPEED:-unknown} (openssl sha256 on $(nproc) processes)"

if [[ "$INIT_FIRST" == 1 ]]; then
  say "first start: creating the database"
  start_node 1
  await_node 1
  stop_server
  COMMANDS+=("# (stopped once ready, INIT_FIRST=1, then started again the same way for the measurement)")
fi
start_server

# ---- measurements ------------------------------------------------------------------------------

# Every node's /metrics one after the other: the counters below sum over all series, so over the nodes.
scrape() {
  local url
  for url in "${NODE_URLS[@]}"; do
    curl -sf --max-time 10 "$url/metrics" 2>/dev/null || return 1
  done
}

# Sum of every series of a Prometheus counter (labels or not) in the text on stdin.
counter() {
  awk -v n="$1" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.0f\n", s }'
}

# CPU time of the processes, in clock ticks: the Chaupal nodes, and the embedded PostgreSQL (its
# postmaster with the backends it has reaped, and the live ones).
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # cpu_ticks <pid> [1: with reaped children]
  awk -v c="${2:-0}" '{ sub(/^.*\) /, ""); t = $12 + $13; if (c) t += $14 + $15; print t }' "/proc/$1/stat" 2>/dev/null || echo 0
}
jvm_ticks() {
  local pid t=0
  for pid in "${NODE_PIDS[@]}"; do t=$((t + $(cpu_ticks "$pid"))); done
  echo "$t"
}
pg_ticks() {
  local pm child t
  pm=$(head -n 1 "$WORK/data/postgres/postmaster.pid" 2>/dev/null || true)
  [[ "$pm" =~ ^[0-9]+$ ]] || { echo 0; return; }
  t=$(cpu_ticks "$pm" 1)
  for child in $(ps -o pid= --ppid "$pm" 2>/dev/null); do t=$((t + $(cpu_ticks "$child"))); done
  echo "$t"
}

# The load generator's CPU: the JVM running the simulation, which Maven forks under timeout (Maven's
# own start and build are not counted). It exits with the simulation, so a watcher writes its ticks
# to a file every second while it runs; the last ones are within a second of its end.
load_generator_jvm() { # load_generator_jvm <pid>: the java process under <pid> that is not Maven
  ps -eo pid=,ppid=,args= | awk -v root="$1" '
    { pid[NR] = $1; parent[NR] = $2; command[NR] = $3; $1 = ""; $2 = ""; args[NR] = $0 }
    END {
      mine[root] = 1
      for (changed = 1; changed;) {
        changed = 0
        for (i = 1; i <= NR; i++) if (!(pid[i] in mine) && (parent[i] in mine)) { mine[pid[i]] = 1; changed = 1 }
      }
      for (i = 1; i <= NR; i++)
        if (pid[i] in mine && command[i] ~ /(^|\/)java$/ && args[i] !~ /classworlds/) { print pid[i]; exit }
    }'
}
watch_load_generator() { # watch_load_generator <pid> <file>
  local jvm=""
  while kill -0 "$1" 2>/dev/null; do
    [[ -n "$jvm" ]] || jvm=$(load_generator_jvm "$1")
    if [[ -n "$jvm" ]] && [[ -r "/proc/$jvm/stat" ]]; then
      cpu_ticks "$jvm" >"$2.new" && mv -f "$2.new" "$2"
    fi
    sleep 1
  done
}

# psql on the run's embedded database (node 1's), unaligned, one value a line.
sql() {
  PGPASSWORD=$(cat "$WORK/data/postgres-password") psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 \
    -p "$(sed -n 4p "$WORK/data/postgres/postmaster.pid" | tr -d ' ')" -U postgres -d chaupal "$@"
}
# The database's size, its WAL position and its journal rows, as name=value lines.
database_state() {
  sql -c "SELECT 'database_bytes=' || pg_database_size(current_database())
    UNION ALL SELECT 'wal_bytes=' || pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint
    UNION ALL SELECT 'journal_rows=' || count(*) FROM event_journal
    UNION ALL SELECT 'journal_payload_bytes=' || coalesce(sum(octet_length(event_payload)), 0) FROM event_journal
    UNION ALL SELECT 'journal_table_bytes=' || pg_total_relation_size('event_journal')"
}
value_of() { { grep -m 1 "^$1=" || true; } | cut -d= -f2-; }

# Full GC twice (the second collects what the first only made unreachable), then the heap summary;
# of every node one after the other, so that used_kb sums them.
heap_info_after_gc() {
  local pid
  for pid in "${NODE_PIDS[@]}"; do
    jcmd "$pid" GC.run >/dev/null
    sleep 2
    jcmd "$pid" GC.run >/dev/null
    sleep 1
    jcmd "$pid" GC.heap_info | tail -n +2
  done
}

# Heap in use, in KiB, from GC.heap_info: the sum over its generation lines ("total NK, used NK"),
# one line with G1, young and old with ParallelGC or SerialGC; Metaspace is not heap.
used_kb() {
  local kb
  kb=$(grep -oE 'total [0-9]+K, used [0-9]+K' | grep -oE 'used [0-9]+' | awk '{ s += $2 } END { if (NR) print s }')
  if [[ -z "$kb" ]]; then
    echo "run.sh cannot read the heap in use from GC.heap_info with this collector (use G1, ParallelGC or SerialGC)" >&2
    return 1
  fi
  echo "$kb"
}

ledger() {
  local value
  value=$(grep -m 1 "^$1=" "$LEDGER" 2>/dev/null | cut -d= -f2-)
  echo "${value:-0}"
}

jvm_ticks_0=$(jvm_ticks)
pg_ticks_0=$(pg_ticks)
DB_OK=1
db_before=$(database_state) || { DB_OK=0; say "warning: psql could not read the run's database; the journal checks will fail"; }
METRICS_OK=1
if ! before=$(scrape); then
  METRICS_OK=0
  say "warning: GET /metrics did not answer; the persistence checks will fail"
fi
persisted_0=$(counter chaupal_webhook_messages_persisted_total <<<"$before")
duplicates_0=$(counter chaupal_webhook_messages_duplicate_total <<<"$before")
outbound_0=$(counter chaupal_outbound_accepted_total <<<"$before")

if [[ "$KIND" == idle ]]; then
  note_command jcmd "$SERVER_PID" GC.run
  note_command jcmd "$SERVER_PID" GC.heap_info
  heap_before=$(heap_info_after_gc)
  heap_before_kb=$(used_kb <<<"$heap_before")
  say "heap used after full GC, before: ${heap_before_kb} KiB"
fi

# ---- the load ----------------------------------------------------------------------------------

GATLING_CMD=(mvn -B -f loadtest/pom.xml gatling:test
  "-Dgatling.simulationClass=$SIMULATION"
  "-DbaseUrl=$BASE_URL"
  "-DappSecret=$APP_SECRET"
  "-DledgerFile=$LEDGER"
  "$@")
[[ -n "$ADMIN_PASSWORD" ]] && GATLING_CMD+=("-DadminPassword=$ADMIN_PASSWORD")
if ((NODES > 1)); then
  # Each citizen's webhooks go to one node, the citizens spread over all (as behind a load balancer).
  GATLING_CMD+=("-DwebhookUrls=$(IFS=,; echo "${NODE_URLS[*]}")")
fi
# The ULBs the statewide citizens come from: the run's copy of project-config/.
[[ "$KIND" == statewide ]] && GATLING_CMD+=("-DprojectConfig=$WORK/project-config")
if [[ "$KIND" == campaign ]]; then
  # The subscribers' consents come through the officials' import, onto the run's campaign numbers.
  GATLING_CMD+=("-Dchannels=$CAMPAIGN_CHANNEL_IDS")
fi
note_command timeout --kill-after=30 "$RUN_TIMEOUT" "${GATLING_CMD[@]}"
# In the background so that an interrupt reaches the trap at once instead of after the run.
: >"$GATLING_LOG" # exists before tail follows it, whichever of the two starts first
(cd "$ROOT" && exec timeout --kill-after=30 "$RUN_TIMEOUT" "${GATLING_CMD[@]}") >"$GATLING_LOG" 2>&1 &
GATLING_PID=$!
watch_load_generator "$GATLING_PID" "$WORK/load-generator-ticks" &
tail -n +1 -f --pid="$GATLING_PID" "$GATLING_LOG" &
TAIL_PID=$!
gatling_rc=0
wait "$GATLING_PID" || gatling_rc=$?
GATLING_PID=""
wait "$TAIL_PID" || true
say "Gatling finished with exit code $gatling_rc"

messages=$(ledger messages)
acknowledged=$(ledger acknowledged)
deliveries=$(ledger deliveries)
shed=$(ledger shed)
citizens=$(ledger citizens)
first_acknowledged=$(ledger first_acknowledged)
redeliveries=$(ledger redeliveries)

# Replies leave through the outbox after the 200, so wait until they have caught up or stall.
say "waiting up to ${SETTLE_TIMEOUT}s for the replies to be sent"
settle_start=$SECONDS
last_outbound=-1
unchanged_since=$SECONDS
persisted=0 duplicates=0 outbound=0
while ((METRICS_OK)); do
  if ! now=$(scrape); then
    METRICS_OK=0
    break
  fi
  persisted=$(($(counter chaupal_webhook_messages_persisted_total <<<"$now") - persisted_0))
  duplicates=$(($(counter chaupal_webhook_messages_duplicate_total <<<"$now") - duplicates_0))
  outbound=$(($(counter chaupal_outbound_accepted_total <<<"$now") - outbound_0))
  if ((outbound != last_outbound)); then
    last_outbound=$outbound
    unchanged_since=$SECONDS
  fi
  # Drained: everything acknowledged is persisted, and no reply has left for 10 s.
  if ((persisted >= acknowledged && outbound >= persisted && SECONDS - unchanged_since >= 10)); then
    break
  fi
  if ((SECONDS - unchanged_since > 30 || SECONDS - settle_start > SETTLE_TIMEOUT)); then
    say "replies stopped at $outbound for $persisted persisted messages"
    break
  fi
  sleep 2
done
# What the server itself measured (Micrometer's sliding window, about the last two minutes): the
# load generator shares the cores, so its own timings include its waits for CPU.
server_latency=$(grep -E '^chaupal_webhook_(persist_)?latency_seconds\{' <<<"${now:-}" || true)
settle_seconds=$((unchanged_since - settle_start))
jvm_cpu_s=$(awk -v a="$jvm_ticks_0" -v b="$(jvm_ticks)" -v t="$CLK_TCK" 'BEGIN { printf "%.1f", (b - a) / t }')
pg_cpu_s=$(awk -v a="$pg_ticks_0" -v b="$(pg_ticks)" -v t="$CLK_TCK" 'BEGIN { printf "%.1f", (b - a) / t }')
gatling_cpu_s=$(awk -v t="$CLK_TCK" '{ printf "%.1f", $1 / t }' "$WORK/load-generator-ticks" 2>/dev/null || true)

# ---- the journal: every acknowledged message persisted once, each citizen's in the order sent ---

# Gatling wrote one line per delivery (wa_id, wamid, status) in each citizen's order; the check's
# SQL reads them on its standard input.
DELIVERIES="$OUT_DIR/deliveries.tsv"
JOURNAL_CHECK="$ROOT/loadtest/journal-check.sql"
journal=""
if ((DB_OK)) && [[ -s "$DELIVERIES" ]]; then
  COMMANDS+=("psql -h 127.0.0.1 -p <node 1's embedded PostgreSQL> -U postgres -d chaupal -f loadtest/journal-check.sql < $DELIVERIES")
  say "checking the journal against $DELIVERIES"
  journal=$(sql -f "$JOURNAL_CHECK" <"$DELIVERIES") || { journal=""; say "warning: the journal check did not run"; }
  db_after=$(database_state) || DB_OK=0
  tables=$(sql -c "SELECT relname || ' | ' || n_live_tup || ' | ' || pg_total_relation_size(relid)
    FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT 12" || true)
fi
# Per acknowledged message, from the differences over the load (the first start's rows left out).
per_message() { # per_message <name>: the state's growth over the run divided by the acknowledged messages
  awk -v a="$(value_of "$1" <<<"${db_before:-}")" -v b="$(value_of "$1" <<<"${db_after:-}")" -v m="$acknowledged" \
    'BEGIN { if (m > 0 && b != "") printf "%.1f", (b - a) / m; else print "n/a" }'
}

# ---- grievance: every filing's case in the officials' API -------------------------------------

CASE_NUMBER_RE='[A-Z]{3}-[0-9]{2}-[0-9]{6}'
api_get() {
  curl -sf --max-time 30 -H "Authorization: Bearer $API_TOKEN" "$BASE_URL$1" 2>/dev/null
}
cases_total() {
  api_get "/api/v1/cases?size=1" | grep -oE '"total" *: *[0-9]+' | grep -oE '[0-9]+$'
}
if [[ "$KIND" == grievance ]]; then
  filings_confirmed=$(ledger filings_confirmed)
  filings=$(ledger filings)
  API_OK=0
  cases_found=0 listed=0 listed_twice=0 not_listed=0
  API_TOKEN=$(curl -sf --max-time 10 -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE_URL/api/v1/login" 2>/dev/null \
    | grep -oE '"token" *: *"[^"]+"' | sed -E 's/.*"([^"]+)"$/\1/' || true)
  if [[ -n "$API_TOKEN" ]] && cases_found=$(cases_total); then
    API_OK=1
    # The read model is fed by a projection: wait until the total stops growing (bounded).
    say "waiting up to ${SETTLE_TIMEOUT}s for $filings_confirmed cases in GET /api/v1/cases"
    cases_start=$SECONDS
    last_total=-1
    total_since=$SECONDS
    while :; do
      cases_found=$(cases_total || echo "$cases_found")
      if ((cases_found != last_total)); then
        last_total=$cases_found
        total_since=$SECONDS
      fi
      if ((cases_found >= filings_confirmed && SECONDS - total_since >= 5)) \
        || ((SECONDS - total_since > 30 || SECONDS - cases_start > SETTLE_TIMEOUT)); then
        break
      fi
      sleep 1
    done
    # Every acknowledged number listed exactly once: page through the list (the page size the
    # API gives is whatever it allows; an empty page ends it).
    LISTED="$OUT_DIR/cases-listed.txt"
    : >"$LISTED"
    for ((page = 0; page <= cases_found; page++)); do
      numbers=$(api_get "/api/v1/cases?size=100&page=$page" \
        | grep -oE "\"(number|caseNumber|case_number)\" *: *\"$CASE_NUMBER_RE\"" | grep -oE "$CASE_NUMBER_RE" || true)
      [[ -n "$numbers" ]] || break
      echo "$numbers" >>"$LISTED"
    done
    listed=$(wc -l <"$LISTED")
    listed_twice=$(sort "$LISTED" | uniq -d | wc -l)
    not_listed=$(comm -23 <(sort -u "$CASE_NUMBERS" 2>/dev/null) <(sort -u "$LISTED") | wc -l)
  else
    say "warning: no token from POST /api/v1/login or no total from GET /api/v1/cases; the case checks will fail"
  fi
fi

if [[ "$KIND" == idle ]]; then
  heap_after=$(heap_info_after_gc)
  heap_after_kb=$(used_kb <<<"$heap_after")
  say "heap used after full GC, after: ${heap_after_kb} KiB"
  histogram=$(jcmd "$SERVER_PID" GC.class_histogram | sed -n "2,23p")
fi

# ---- checks and report -------------------------------------------------------------------------

failures=0
check() { # check <description> <condition as arithmetic expression>
  if (($2)); then
    CHECKS+=("- [x] $1")
  else
    CHECKS+=("- [ ] **FAILED**: $1")
    failures=$((failures + 1))
  fi
}
CHECKS=()
check "Gatling run passed its assertions (exit code $gatling_rc)" "gatling_rc == 0"
if [[ "$KIND" == campaign ]]; then
  accounting=$(grep -o 'CampaignSimulation: accounting .*' "$GATLING_LOG" | head -n 1 | sed 's/^CampaignSimulation: accounting //' || true)
  check "campaign accounting ${accounting:-not printed}" "$([[ "$accounting" == exact* ]] && echo 1 || echo 0)"
fi
if ((METRICS_OK)); then
  # A delivery answered 503 after its message was journalled (the persist budget ran out on the way
  # back) is re-delivered and answered 200 as a duplicate: acknowledged, persisted by the first one.
  check "every acknowledged message persisted: persisted $persisted + duplicates $duplicates >= acknowledged $acknowledged" \
    "persisted + duplicates >= acknowledged"
  check "no message persisted twice or invented: persisted $persisted <= distinct messages sent $messages" \
    "persisted <= messages"
  # Each citizen's first message ("hi") gets two replies (privacy notice, language buttons), every
  # other message one. A citizen whose "hi" was answered 200 is certain to have been persisted; one
  # whose "hi" failed may or may not have been. So at least persisted + first_acknowledged replies,
  # at most persisted + citizens: the same number when no request failed.
  least_replies=$((persisted + first_acknowledged))
  most_replies=$((persisted + citizens))
  if [[ "$KIND" == campaign ]]; then
    # The campaign's own sends leave through the same outbox: one per subscriber, at most.
    campaign_sends=$(grep -o 'CampaignSimulation: [0-9]* subscribers in' "$GATLING_LOG" | grep -o '[0-9]*' | head -n 1 || true)
    most_replies=$((most_replies + ${campaign_sends:-0}))
  fi
  check "every persisted message answered: outbound accepted $outbound >= $least_replies (one per message, two for a first)" \
    "outbound >= least_replies"
  # A grievance flow's turns need not answer with exactly one message each: only the bound above.
  if [[ "$KIND" != grievance && "$KIND" != statewide ]]; then
    check "no reply sent twice: outbound accepted $outbound <= $most_replies" "outbound <= most_replies"
  fi
  check "duplicates seen by the server ($duplicates) only from re-deliveries ($redeliveries)" \
    "duplicates <= redeliveries"
else
  check "GET /metrics answered (needed for the persistence checks)" "0"
fi
if [[ -n "$journal" ]]; then
  jv() { # a figure of the journal check; -1 (failing every check) when it is missing
    local v
    v=$(value_of "$1" <<<"$journal")
    echo "${v:--1}"
  }
  check "every acknowledged message in the journal exactly once (event_journal): $(jv acknowledged) acknowledged, \
$(jv acknowledged_not_journalled) missing, $(jv journalled_twice) journalled twice" \
    "$(jv acknowledged) == acknowledged && $(jv acknowledged_not_journalled) == 0 && $(jv journalled_twice) == 0"
  check "each citizen's messages in the journal in the order sent: $(jv citizens_out_of_order) of $(jv citizens) citizens out of order" \
    "$(jv citizens_out_of_order) == 0 && $(jv citizens) > 0"
else
  check "the journal checked against what Gatling sent (psql on the run's database, $DELIVERIES)" "0"
fi
if [[ "$KIND" == statewide ]]; then
  check "no citizen stuck waiting for the bot ($(ledger citizens_stuck) stuck)" "$(ledger citizens_stuck) == 0"
  check "no case number given twice ($(ledger case_numbers_repeated) repeated)" "$(ledger case_numbers_repeated) == 0"
fi
if [[ "$KIND" == grievance ]]; then
  check "no citizen stuck waiting for the bot ($(ledger citizens_stuck) stuck)" "$(ledger citizens_stuck) == 0"
  if (($(ledger case_visible_sampled) > 0)); then
    check "case visible in the API: p99 $(ledger case_visible_p99_ms) ms < $(ledger case_visible_bar_ms) ms" \
      "$(ledger case_visible_p99_ms) < $(ledger case_visible_bar_ms)"
  else
    check "case visibility measured (sampled citizens with a case number)" "0"
  fi
  check "no case number given twice ($(ledger case_numbers_repeated) repeated)" "$(ledger case_numbers_repeated) == 0"
  if ((API_OK)); then
    check "one case per confirmed filing: GET /api/v1/cases total $cases_found == confirmed $filings_confirmed" \
      "cases_found == filings_confirmed"
    check "every acknowledged case listed exactly once: $filings acknowledged, $not_listed not listed, $listed_twice listed twice" \
      "not_listed == 0 && listed_twice == 0"
  else
    check "the officials' API answered (POST /api/v1/login, GET /api/v1/cases) for the case checks" "0"
  fi
fi

summary=$(sed -n '/---- Global Information/,/^=\{20,\}/p' "$GATLING_LOG" | sed '$d')
assertions=$(grep -E '^[^[].*: (true|false) \(actual' "$GATLING_LOG" || true)
report_html=$(grep -oE 'file://[^ ]+index.html' "$GATLING_LOG" | tail -n 1 || true)

{
  echo "### $SIMULATION, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores ($(grep -m 1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), \
$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, \
$(java -version 2>&1 | head -n 1). Chaupal at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown). \
Load generator and server on the same machine, over 127.0.0.1. \
Machine speed before the run: ${MACHINE_SPEED:-unknown} (\`openssl speed -seconds 3 -bytes 16384 -multi $(nproc) sha256\`)."
  echo
  echo "Commands (from the repository root):"
  echo
  echo '```'
  echo "$( ((NODES > 1)) && echo "NODES=$NODES ")loadtest/run.sh $KIND $*"
  echo "# which ran:"
  printf '%s\n' "${COMMANDS[@]}"
  echo '```'
  echo
  echo "Gatling (all requests; every request type's p99 is in the assertions below):"
  echo
  echo '```'
  echo "$summary"
  [[ -n "$assertions" ]] && echo "$assertions"
  echo '```'
  echo
  echo "| sent by Gatling | |"
  echo "|---|---|"
  echo "| citizens | $citizens |"
  echo "| messages (distinct wamids) | $messages |"
  echo "| deliveries (POSTs, incl. re-deliveries) | $deliveries |"
  echo "| answered 200 | $acknowledged |"
  echo "| shed (429/503, then re-delivered) | $shed |"
  echo "| re-deliveries | $redeliveries |"
  echo "| citizens whose first message was answered 200 | $first_acknowledged |"
  echo
  if ((METRICS_OK)); then
    echo "| counted by Chaupal (/metrics, this run) | |"
    echo "|---|---|"
    echo "| chaupal_webhook_messages_persisted_total | $persisted |"
    echo "| chaupal_webhook_messages_duplicate_total | $duplicates |"
    echo "| chaupal_outbound_accepted_total | $outbound (caught up ${settle_seconds}s after the load) |"
    echo
    if [[ -n "${server_latency:-}" ]]; then
      echo "Latency measured inside Chaupal (webhook received to answered; entity asked to persisted), seconds:"
      echo
      echo '```'
      echo "$server_latency"
      echo '```'
      echo
    fi
  fi
  if [[ "$KIND" == idle ]]; then
    delta_kb=$((heap_after_kb - heap_before_kb))
    echo "Heap after a full GC (\`jcmd <pid> GC.run\`, then \`jcmd <pid> GC.heap_info\`): before $((heap_before_kb / 1024)) MiB, \
after $((heap_after_kb / 1024)) MiB, difference $((delta_kb / 1024)) MiB for $citizens idle citizens = \
$(awk -v d="$delta_kb" -v c="$citizens" 'BEGIN { if (c > 0) printf "%.0f", d * 1024 / c; else print "n/a" }') bytes per citizen \
($(awk -v d="$delta_kb" -v c="$citizens" 'BEGIN { if (c > 0) printf "%.0f", d * 100000 / c / 1024; else print "n/a" }') MiB per 100,000)."
    echo
    echo '```'
    echo "# before the run"
    echo "$heap_before"
    echo "# after the run"
    echo "$heap_after"
    echo '```'
    echo
    echo "Largest classes after the run$( ((NODES > 1)) && echo " on node 1") (\`jcmd <pid> GC.class_histogram\`):"
    echo
    echo '```'
    echo "$histogram"
    echo '```'
    echo
  fi
  if [[ "$KIND" == grievance ]]; then
    duration_s=$(ledger duration_seconds)
    steady_filings=$(ledger steady_filings)
    echo "| grievance filings | |"
    echo "|---|---|"
    echo "| started per second (target), for | $(ledger filings_per_second) /s, ${duration_s} s |"
    echo "| completed in the measured phase (acknowledged with a case number) | $steady_filings = \
$(awk -v f="$steady_filings" -v d="$duration_s" 'BEGIN { if (d > 0) printf "%.1f", f / d; else print "n/a" }') /s |"
    echo "| confirmed / acknowledged, warm-up included | $filings_confirmed / $filings |"
    echo "| tracked (\"status\" answered) / answer naming the case | $(ledger tracked) / $(ledger tracked_naming_case) |"
    echo "| cases expected / in GET /api/v1/cases (total) / listed | $filings_confirmed / $cases_found / $listed |"
    echo "| citizens stuck waiting for the bot | $(ledger citizens_stuck) |"
    echo
    echo "| webhook p99 (ms) | $(printf '%s | ' greeting language complaint confirm location photo summary track)"
    echo "|---|$(printf -- '---|%.0s' $(seq 1 8))"
    row="| measured phase |"
    for step in greeting language complaint confirm location photo summary track; do
      row+=" $(grep -E "^$step: 99th percentile" <<<"$assertions" | grep -oE 'actual : [0-9.]+' | grep -oE '[0-9.]+$' || echo '–') |"
    done
    echo "$row"
    echo
    echo "Case visible (from the summary's Confirm answered 200 to \`GET /api/v1/cases/{number}\` answering 200; \
$(ledger case_visible_sampled) sampled citizens of the measured phase; includes the wait for the acknowledgement naming \
the number and up to one poll interval): p50 $(ledger case_visible_p50_ms) ms, p99 $(ledger case_visible_p99_ms) ms, \
max $(ledger case_visible_max_ms) ms."
    echo
  fi
  if [[ "$KIND" == statewide ]]; then
    echo "| statewide | |"
    echo "|---|---|"
    echo "| peak (webhooks/s, about), ramp, hold | $(ledger peak_webhooks_per_second), $(ledger ramp_seconds) s, $(ledger duration_seconds) s |"
    echo "| citizens per channel (Punjab …01, Gariaband …02, Sagar …04, Delhi …05, Jhabua …03) | \
$(ledger citizens_100000000000001) / $(ledger citizens_100000000000002) / $(ledger citizens_100000000000004) / \
$(ledger citizens_100000000000005) / $(ledger citizens_100000000000003) |"
    echo "| Punjab ULBs with a filer / all | $(ledger ulbs_with_filers) / $(ledger ulbs) |"
    echo "| filings confirmed / acknowledged with a case number / tracked | $(ledger filings_confirmed) / $(ledger filings) / $(ledger tracked) |"
    echo "| citizens asking the menu's questions | $(ledger questioners) |"
    echo "| citizens stuck waiting for the bot | $(ledger citizens_stuck) |"
    echo
  fi
  echo "Where the CPU went while the load ran and the replies caught up (from /proc): the Chaupal JVM(s) \
${jvm_cpu_s} s, PostgreSQL ${pg_cpu_s} s, for $acknowledged acknowledged messages \
($(awk -v j="$jvm_cpu_s" -v p="$pg_cpu_s" -v m="$acknowledged" 'BEGIN { if (m > 0) printf "%.2f + %.2f", j * 1000 / m, p * 1000 / m; else print "n/a" }') \
ms a message). The simulator (Meta's side) runs in the Chaupal JVM and is in its figure; \
$(if [[ -n "$gatling_cpu_s" ]]; then echo "Gatling's own JVM took ${gatling_cpu_s} s of the same cores \
($(awk -v g="$gatling_cpu_s" -v d="$deliveries" 'BEGIN { if (d > 0) printf "%.2f", g * 1000 / d; else print "n/a" }') ms a \
delivery, its start and warm-up included)."; else echo "Gatling's own CPU could not be read."; fi)"
  echo
  if [[ -n "${db_after:-}" ]]; then
    echo "| database growth over the run, per acknowledged message | |"
    echo "|---|---|"
    echo "| journal rows (event_journal) | $(per_message journal_rows) |"
    echo "| journal payload bytes | $(per_message journal_payload_bytes) |"
    echo "| journal table bytes (rows, TOAST, indexes) | $(per_message journal_table_bytes) |"
    echo "| database bytes (every table and index) | $(per_message database_bytes) |"
    echo "| WAL bytes written | $(per_message wal_bytes) |"
    echo
    echo "Largest tables after the run (table | rows | bytes with indexes):"
    echo
    echo '```'
    echo "$tables"
    echo '```'
    echo
  fi
  echo "Checks:"
  echo
  printf '%s\n' "${CHECKS[@]}"
  echo
  echo "Gatling report: ${report_html#file://}; server log: $SERVER_LOG"
} >"$REPORT"

# The figures NODES=1,3 compares, one name=value a line.
{
  echo "nodes=$NODES"
  echo "acknowledged=$acknowledged"
  echo "shed=$shed"
  # Gatling's summary: "> name | total | OK | KO", thousands with commas.
  echo "all_requests_p99_ms=$(awk -F'|' '/99th percentile/ { gsub(/[ ,]/, "", $2); print $2; exit }' <<<"$summary")"
  echo "mean_requests_per_second=$(awk -F'|' '/mean (throughput|requests)/ { gsub(/[ ,]/, "", $2); print $2; exit }' <<<"$summary")"
  sed -nE 's/^([^:]+): 99th percentile.*actual : ([0-9.]+).*/p99_\1_ms=\2/p' <<<"$assertions" | tr ' ' '_'
  echo "jvm_cpu_seconds=$jvm_cpu_s"
  echo "postgres_cpu_seconds=$pg_cpu_s"
  echo "gatling_cpu_seconds=$gatling_cpu_s"
  echo "cpu_ms_per_message=$(awk -v j="$jvm_cpu_s" -v p="$pg_cpu_s" -v m="$acknowledged" 'BEGIN { if (m > 0) printf "%.2f", (j + p) * 1000 / m }')"
  echo "replies_caught_up_seconds=${settle_seconds:-}"
  for name in journal_rows database_bytes wal_bytes; do # the database's growth over the run
    echo "${name}_growth=$(awk -v a="$(value_of "$name" <<<"${db_before:-}")" -v b="$(value_of "$name" <<<"${db_after:-}")" \
      'BEGIN { if (b != "") printf "%.0f", b - a }')"
  done
  echo "checks_failed=$failures"
} >"$OUT_DIR/figures.properties"

echo
echo "==================== for docs/PERFORMANCE.md (also in $REPORT) ===================="
cat "$REPORT"
echo "===================================================================================="
if ((failures > 0)); then
  say "$failures check(s) failed"
  exit 1
fi
