#!/usr/bin/env bash
# Fault test: restart PostgreSQL in the middle of a load run (60 s, restart after 20 s), then
# check that errors came only around the restart, that the app recovered by itself, and that
# no change was half written (bench/loadcheck.py verify: every saved update has its history
# row, every version matches its saves, the summaries agree with a rebuild). Then restart it
# once more while the app is idle, and count the errors of the first requests afterwards
# (/healthz answers 503 when its query fails): a persistent connection (CONN_MAX_AGE > 0) that
# died with the server fails the first request of each worker unless CONN_HEALTH_CHECKS.
#
#   bench/faulttest.sh
#   DATABASE_URL='postgres://postgres@127.0.0.1:5432/ntm_bench_pre?conn_health_checks=True' \
#       bench/faulttest.sh                    # Django checks a persistent connection before use
#   CONN_MAX_AGE=0 bench/faulttest.sh         # a new connection for every request
#
# The cluster restarted is the one listening on DATABASE_URL's port (pg_lsclusters). It cuts
# off every database of that cluster: the script refuses while other databases have sessions
# (colleagues' test runs), unless FORCE=1. Other settings: bench/_common.sh.
set -euo pipefail
DURATION="${DURATION:-60s}"
RESTART_AFTER="${RESTART_AFTER:-20}"
source "$(dirname "$0")/_common.sh"

read -r PG_PORT PG_DB < <(python -c "
import os
from urllib.parse import urlsplit
url = urlsplit(os.environ['DATABASE_URL'])
print(url.port or 5432, url.path.lstrip('/'))")
read -r PG_VERSION PG_CLUSTER < <(pg_lsclusters -h | awk -v p="$PG_PORT" '$3 == p {print $1, $2; exit}')
if [[ -z "${PG_CLUSTER:-}" ]]; then
    echo "No local PostgreSQL cluster listens on port $PG_PORT." >&2
    exit 2
fi
others=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$PG_DB" -Atc \
    "SELECT string_agg(DISTINCT datname, ', ') FROM pg_stat_activity
     WHERE datname IS NOT NULL AND datname <> '$PG_DB' AND pid <> pg_backend_pid()")
if [[ -n "$others" && "${FORCE:-0}" != 1 ]]; then
    echo "Other databases of cluster $PG_VERSION/$PG_CLUSTER are in use ($others):" >&2
    echo "a restart would cut them off. Wait, or FORCE=1." >&2
    exit 2
fi

bench_prepare fault
echo "   restart of cluster $PG_VERSION/$PG_CLUSTER (port $PG_PORT) after ${RESTART_AFTER} s"
trap bench_stop_gunicorn EXIT
bench_start_gunicorn
bench_locust &
LOCUST_PID=$!
sleep "$RESTART_AFTER"
RESTART_AT=$(date +%s.%N)
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" restart
until pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; do sleep 0.1; done
BACK_AT=$(date +%s.%N)
echo "   PostgreSQL down for $(python -c "print(f'{$BACK_AT - $RESTART_AT:.1f}')") s"
wait "$LOCUST_PID"
echo "-- gunicorn: $(grep -c '" 503 ' "$OUT/gunicorn.log" || true) responses 503 (database unavailable)," \
    "$(grep -c '" 500 ' "$OUT/gunicorn.log" || true) responses 500;" \
    "$(grep -c 'OperationalError' "$OUT/gunicorn.log" || true) OperationalError lines in its log"

# An idle app: every worker holds a connection when PostgreSQL restarts and no request comes
# in meanwhile. What do the first requests afterwards get?
burst() {  # $1 requests to /healthz, 6 at a time; prints the status codes
    seq "$1" | xargs -P 6 -I{} curl -s -o /dev/null -w '%{http_code}\n' "$HOST/healthz" | sort | uniq -c |
        awk '{printf "%s×%s ", $1, $2}'
}
echo "-- idle restart: before $(burst 30)"
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" restart
until pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; do sleep 0.1; done
sleep 1
echo "   after PostgreSQL is back: $(burst 30) then $(burst 30)"
bench_stop_gunicorn
echo "-- the database after the run:"
python bench/loadcheck.py verify --dir "$OUT" --restart-at "$RESTART_AT" --back-at "$BACK_AT"
