#!/usr/bin/env bash
# Shows that loadtest/journal-check.sql catches what it is for: on a scratch PostgreSQL, a journal
# with one citizen in order, one whose two messages are journalled the other way round, and one with
# a message journalled twice and an acknowledged one missing. Exits non-zero unless the check reports
# exactly those. Needs PostgreSQL's server binaries (PG_BIN, default: the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[[ -x "$PG_BIN/initdb" ]] || { echo "no initdb under PG_BIN=$PG_BIN" >&2; exit 2; }
PG_PORT=${PG_PORT:-54329}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/journal-check-test.XXXXXX")
as_owner() { if ((EUID == 0)); then runuser -u postgres -- "$@"; else "$@"; fi; } # PostgreSQL refuses root
((EUID == 0)) && chown postgres "$DIR"
trap 'as_owner "$PG_BIN/pg_ctl" -D "$DIR/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$DIR"' EXIT
as_owner "$PG_BIN/initdb" -D "$DIR/pg" -U postgres -A trust >/dev/null
as_owner "$PG_BIN/pg_ctl" -D "$DIR/pg" -o "-p $PG_PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
sql -c "CREATE DATABASE chaupal"
sql -d chaupal -c "CREATE TABLE event_journal (ordering bigserial, persistence_id text, sequence_number bigint,
  deleted boolean NOT NULL DEFAULT false, event_payload bytea)"
wamid() { printf 'wamid.%s%s' "$(printf 'A%.0s' {1..54})" "$1"; } # 56 characters after "wamid.", as the load's
# The wamid inside other bytes, as in an event's CBOR (a length byte before, the next key's header after).
sql -d chaupal -c "INSERT INTO event_journal (persistence_id, sequence_number, event_payload) VALUES
  ('Citizen|919800000001', 1, '\\x78ff'::bytea || convert_to('$(wamid 11)dbody', 'UTF8')),
  ('Citizen|919800000001', 2, '\\x00'::bytea || convert_to('$(wamid 12)', 'UTF8')),
  ('Citizen|919800000002', 1, convert_to('$(wamid 22)', 'UTF8')),
  ('Citizen|919800000002', 2, convert_to('$(wamid 21)', 'UTF8')),
  ('Citizen|919800000003', 1, convert_to('$(wamid 31)', 'UTF8')),
  ('Citizen|919800000003', 2, convert_to('$(wamid 31)', 'UTF8'))"
printf '%s\t%s\t%s\n' \
  919800000001 "$(wamid 11)" 200  919800000001 "$(wamid 12)" 503  919800000001 "$(wamid 12)" 200 \
  919800000002 "$(wamid 21)" 200  919800000002 "$(wamid 22)" 200 \
  919800000003 "$(wamid 31)" 200  919800000003 "$(wamid 32)" 200  919800000003 "$(wamid 33)" 0 >"$DIR/deliveries.tsv"
got=$(sql -d chaupal -f "$ROOT/loadtest/journal-check.sql" <"$DIR/deliveries.tsv")
want='messages=7
acknowledged=6
acknowledged_not_journalled=1
journalled_twice=1
unacknowledged_journalled=0
citizens=3
citizens_out_of_order=1'
if [[ "$got" != "$want" ]]; then
  printf 'journal check reported:\n%s\nexpected:\n%s\n' "$got" "$want" >&2
  exit 1
fi
echo "journal check: catches a missing, a doubled and a reordered message"
