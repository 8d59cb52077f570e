#!/usr/bin/env bash
# Build a synthetic country in its own PostgreSQL database and time the key pages; the table
# goes into docs/benchmarks.md (its own section, the rest of the file is kept).
#
#   bench/run.sh pre2025     # ntm_bench_pre: 10 000 communes, 63 provinces, 700 districts
#   bench/run.sh post2025    # ntm_bench_post: 3 300 communes, 34 provinces, no districts
#   bench/run.sh reform      # ntm_bench_reform: pre2025 until 2024, the 2025 reorganisation
#                            # (10 000 communes into about 3 300), 2025 on the new communes;
#                            # its pages are timed for 2023 (by district) and for 2025;
#                            # building it takes ~35 min, ~30 of them in reorganisation.apply
#
# The database is created, migrated and filled (synth_country, seed 42, 2021-2025) the first
# time; later runs reuse it (FRESH=1 starts again). Environment: PGBASE (the server,
# postgres://postgres@127.0.0.1:5432), RUNS (timed requests per page, 21), BENCHMARK=0 (only
# build the database). Run it on a quiet machine: the load average is recorded.
set -euo pipefail
shape="${1:-}"
case "$shape" in
    pre2025) db=ntm_bench_pre communes=10000 ;;
    post2025) db=ntm_bench_post communes=3300 ;;
    reform) db=ntm_bench_reform communes=10000 ;;
    *) echo "usage: bench/run.sh pre2025|post2025|reform" >&2; exit 2 ;;
esac
source "$(dirname "$0")/../scripts/_venv.sh"
ntm_venv
source .venv/bin/activate

PGBASE="${PGBASE:-postgres://postgres@127.0.0.1:5432}"
export DATABASE_URL="$PGBASE/$db"
export DJANGO_SETTINGS_MODULE=ntm.settings
export SECRET_KEY="${SECRET_KEY:-bench-only-key-not-for-production-0123456789}"
export DEBUG=false LOG_FORMAT=plain LOG_LEVEL=WARNING

if [[ "${FRESH:-0}" == 1 ]]; then
    dropdb --if-exists --maintenance-db="$PGBASE/postgres" "$db"
fi
if ! psql "$PGBASE/postgres" -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    createdb --maintenance-db="$PGBASE/postgres" "$db"
fi
python manage.py migrate -v0
python manage.py load_criteria >/dev/null
synthetic=$(psql "$DATABASE_URL" -Atc \
    "SELECT count(*) FROM units_unit WHERE is_synthetic AND code LIKE 'synth-%'")
if [[ "$synthetic" == 0 ]]; then
    /usr/bin/time -f "synth_country: %e s, %M KB peak" \
        python manage.py synth_country --shape "$shape" --communes "$communes" \
        --years 2021-2025 --seed 42 --password ntm-synth
    psql "$DATABASE_URL" -qc "VACUUM (ANALYZE)"  # visibility map and statistics, as autovacuum would
fi
if [[ "${BENCHMARK:-1}" == 0 ]]; then
    exit 0
fi
# Figures from a quiet machine: wait (at most QUIET_WAIT seconds, 300) for the 1-minute load
# average to fall below 1 – the data generation above, or colleagues' test runs, raise it.
for _ in $(seq 1 $(( ${QUIET_WAIT:-300} / 10 ))); do
    awk '{exit !($1 < 1.0)}' /proc/loadavg && break
    sleep 10
done
python manage.py benchmark --runs "${RUNS:-21}" --label "$shape"
