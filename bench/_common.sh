# Shared by bench/loadtest.sh and bench/faulttest.sh (sourced, not run).
#
# Environment (all optional):
#   DATABASE_URL   the database to load (default: the pre-2025 benchmark database)
#   USERS SPAWN    locust users and users started per second (50, 10)
#   DURATION       how long locust runs (135s: 50 users signing in at 10 a second, whose
#                  password checks hold the CPU for about 15 s, then 2 minutes with all in)
#   PORT           where gunicorn listens, on the loopback only (18917; must be free)
#   GUNICORN_WORKERS  (deploy/gunicorn.conf.py's default: 3)
#   CONN_MAX_AGE   persistent database connections, seconds (60, as deploy/ntm.env.example)
#   PASSWORD       the synthetic accounts' password (ntm-synth, see synth_country --password)
#   OUT            where the CSV files, logs and results go (var/bench/<name>-<time>)

source "$(dirname "${BASH_SOURCE[0]}")/../scripts/_venv.sh"
ntm_venv
source .venv/bin/activate

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/ntm_bench_pre}"
export DJANGO_SETTINGS_MODULE=ntm.settings
export SECRET_KEY="${SECRET_KEY:-bench-only-key-not-for-production-0123456789}"
export DEBUG=false
export SECURE_COOKIES=false        # plain HTTP on the loopback: cookies without the Secure flag
export SECURE_SSL_REDIRECT=false
export CONN_MAX_AGE="${CONN_MAX_AGE:-60}"
export STATIC_ROOT="${STATIC_ROOT:-$PWD/var/bench/static}"
export LOG_FORMAT=plain LOG_LEVEL="${LOG_LEVEL:-WARNING}"
USERS="${USERS:-50}"
SPAWN="${SPAWN:-10}"
DURATION="${DURATION:-135s}"
PORT="${PORT:-18917}"
PASSWORD="${PASSWORD:-ntm-synth}"
HOST="http://127.0.0.1:$PORT"

bench_prepare() {  # $1: name of the run
    OUT="${OUT:-var/bench/$1-$(date +%Y%m%d-%H%M%S)}"
    mkdir -p "$OUT"
    echo "== $1: $USERS users, $DURATION, gunicorn on $HOST, CONN_MAX_AGE=$CONN_MAX_AGE -> $OUT"
    echo "   database: ${DATABASE_URL%%\?*}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    python manage.py collectstatic --noinput -v0
    python bench/loadcheck.py prepare --users "$USERS" --password "$PASSWORD" --out "$OUT"
}

bench_start_gunicorn() {
    if python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)) != 0)"; then
        echo "Port $PORT is already in use (not ours): choose another with PORT=..." >&2
        return 1
    fi
    GUNICORN_BIND="127.0.0.1:$PORT" gunicorn -c deploy/gunicorn.conf.py >"$OUT/gunicorn.log" 2>&1 &
    GUNICORN_PID=$!
    for _ in $(seq 1 60); do
        if ! kill -0 "$GUNICORN_PID" 2>/dev/null; then
            break  # it stopped: see its log
        fi
        if curl -fsS "$HOST/healthz" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.5
    done
    echo "gunicorn did not answer on $HOST/healthz; see $OUT/gunicorn.log" >&2
    bench_stop_gunicorn
    return 1
}

bench_stop_gunicorn() {
    if [[ -n "${GUNICORN_PID:-}" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -TERM "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    GUNICORN_PID=""
}

bench_locust() {
    NTM_LOAD_USERS="$OUT/load-users.json" NTM_LOAD_RESULTS="$OUT/load-results.json" \
        locust -f bench/locustfile.py --headless -u "$USERS" -r "$SPAWN" -t "$DURATION" \
        --host "$HOST" --csv "$OUT/locust" --only-summary --loglevel WARNING \
        >"$OUT/locust.log" 2>&1 || true  # locust exits 1 when any request failed
    echo "-- locust (all requests, sign-in included):"
    python - "$OUT/locust_stats.csv" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    if row["Name"] == "Aggregated":
        print(f"   {row['Request Count']} requests, {row['Failure Count']} failures, "
              f"{float(row['Requests/s']):.1f} req/s, p50 {row['50%']} ms, p95 {row['95%']} ms, "
              f"p99 {row['99%']} ms, max {float(row['Max Response Time']):.0f} ms")
PY
}
