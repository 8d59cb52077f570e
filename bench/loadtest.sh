#!/usr/bin/env bash
# Load test on PostgreSQL: gunicorn (deploy/gunicorn.conf.py) on the loopback, locust headless,
# 50 synthetic commune officials for 2 minutes, 80 % page reads and 20 % status updates; then
# every update the clients saw saved is looked up in the history (nothing lost), and the
# throughput, p50/p95/p99 and errors are printed. Results in var/bench/load-<time>/.
#
#   bench/loadtest.sh                                  # the pre-2025 benchmark database
#   USERS=20 DURATION=30s bench/loadtest.sh            # other sizes: see bench/_common.sh
#
# Needs a synthetic country with a password: bench/run.sh pre2025 makes one.
set -euo pipefail
source "$(dirname "$0")/_common.sh"

bench_prepare load
trap bench_stop_gunicorn EXIT
bench_start_gunicorn
bench_locust
bench_stop_gunicorn
echo "-- the database after the run:"
python bench/loadcheck.py verify --dir "$OUT"
