#!/usr/bin/env bash
# Three Chaupal nodes on this machine, one PostgreSQL, for trying a cluster before deploying one.
#
#   deploy/local/cluster.sh start     build nothing; start nodes 1-3 from target/chaupal.jar
#   deploy/local/cluster.sh status    which nodes run, and the cluster's members as node 1 sees them
#   deploy/local/cluster.sh stop      SIGTERM to every node (each hands its citizens over and exits)
#   deploy/local/cluster.sh kill N    SIGKILL to node N, to watch the others take its citizens over
#   deploy/local/cluster.sh start N   start node N alone again (it rejoins)
#
# Database: DATABASE_URL (with DATABASE_USER, DATABASE_PASSWORD) when set; otherwise node 1 runs
# the embedded PostgreSQL under its data directory and nodes 2 and 3 use it, so stopping or killing
# node 1 takes the database away from all of them: give a DATABASE_URL to try node failures on node 1.
#
# Ports of node N: HTTP 8080+N (webhooks, /phone, /ready), remoting 25520+N, management 8558+N.
# Files: deploy/local/run/node-N/ (data, log, pid). CHAUPAL_JAR names another jar.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
run="$root/deploy/local/run"
jar="${CHAUPAL_JAR:-$root/target/chaupal.jar}"
nodes=(1 2 3)
seeds="akka://chaupal@127.0.0.1:25521,akka://chaupal@127.0.0.1:25522,akka://chaupal@127.0.0.1:25523"

pid_of() { cat "$run/node-$1/pid" 2>/dev/null || true; }
running() { local p; p="$(pid_of "$1")"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }

# The embedded database of a running node 1 as a JDBC URL for the others: its port from postmaster.pid.
embedded_url() {
  local pidfile="$run/node-1/data/postgres/postmaster.pid"
  [[ -s "$pidfile" ]] || { echo "node 1 runs no PostgreSQL; see $run/node-1/chaupal.log" >&2; exit 1; }
  echo "jdbc:postgresql://127.0.0.1:$(sed -n 4p "$pidfile" | tr -d ' ')/chaupal"
}

start_node() {
  local n="$1" dir="$run/node-$1"
  if running "$n"; then echo "node $n already runs (pid $(pid_of "$n"))"; return; fi
  mkdir -p "$dir"
  local -a db=()
  if [[ -n "${DATABASE_URL:-}" ]]; then
    db=(DATABASE_URL="$DATABASE_URL" DATABASE_USER="${DATABASE_USER:-}" DATABASE_PASSWORD="${DATABASE_PASSWORD:-}")
  elif [[ "$n" != 1 ]]; then
    running 1 || { echo "node 1 holds the embedded database: start it first (or set DATABASE_URL)" >&2; exit 1; }
    db=(DATABASE_URL="$(embedded_url)" DATABASE_USER=postgres
        DATABASE_PASSWORD="$(cat "$run/node-1/data/postgres-password")")
  fi
  # A simple command in the background: $! is then the JVM itself (env and nohup exec it).
  (cd "$root"; env "${db[@]}" \
      CHAUPAL_HTTP_PORT=$((8080 + n)) CHAUPAL_REMOTE_PORT=$((25520 + n)) CHAUPAL_MANAGEMENT_PORT=$((8558 + n)) \
      CHAUPAL_SEED_NODES="$seeds" CHAUPAL_DATA_DIR="$dir/data" \
      CHAUPAL_JWT_SECRET="${CHAUPAL_JWT_SECRET:-local-cluster-development-secret-not-for-production}" \
      nohup java ${JAVA_OPTS:--Xmx512m} -jar "$jar" > "$dir/chaupal.log" 2>&1 & echo $! > "$dir/pid")
  echo "node $n: pid $(pid_of "$n"), http://localhost:$((8080 + n)), log $dir/chaupal.log"
}

await_ready() {
  local n="$1"
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$((8080 + n))/ready" > /dev/null 2>&1 && { echo "node $n ready"; return; }
    running "$n" || { echo "node $n exited; see $run/node-$n/chaupal.log" >&2; exit 1; }
    sleep 1
  done
  echo "node $n not ready after 180 s; see $run/node-$n/chaupal.log" >&2
  exit 1
}

case "${1:-}" in
  start)
    [[ -f "$jar" ]] || { echo "no $jar: build it with mvn -B -DskipTests package" >&2; exit 1; }
    if [[ -n "${2:-}" ]]; then start_node "$2"; await_ready "$2"; exit; fi
    start_node 1
    # Nodes 2 and 3 use node 1's embedded database: it is settled once node 1 is ready.
    [[ -n "${DATABASE_URL:-}" ]] || await_ready 1
    start_node 2
    start_node 3
    for n in "${nodes[@]}"; do await_ready "$n"; done
    ;;
  stop)
    # Nodes 2 and 3 first: with the embedded database, node 1 must outlive them.
    for n in 3 2 1; do
      if running "$n"; then
        kill -TERM "$(pid_of "$n")"
        while running "$n"; do sleep 0.5; done
        echo "node $n stopped"
      fi
    done
    ;;
  kill)
    [[ -n "${2:-}" ]] || { echo "usage: $0 kill N" >&2; exit 2; }
    running "$2" && kill -KILL "$(pid_of "$2")" && echo "node $2 killed"
    ;;
  status)
    for n in "${nodes[@]}"; do
      if running "$n"; then echo "node $n: running (pid $(pid_of "$n"))"; else echo "node $n: stopped"; fi
    done
    for n in "${nodes[@]}"; do
      if running "$n"; then curl -fsS "http://127.0.0.1:$((8558 + n))/cluster/members" && echo; break; fi
    done
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
