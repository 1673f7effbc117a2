#!/usr/bin/env bash
# Drops the databases earlier test runs left behind (each test creates its own, named
# berdaya_e2e_*, berdaya_test_*, berdaya_report_*, berdaya_bench_* or berdaya_msg_*). A database still
# in use is left alone, so a run going on elsewhere on the same server is not disturbed.
set -uo pipefail
url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
names=$(psql "$url" -Atc "SELECT datname FROM pg_database WHERE datname ~ '^berdaya_(e2e|test|report|bench|msg)_[0-9a-f]+$'" 2>/dev/null) || exit 0
for name in $names; do
  psql "$url" -q -c "DROP DATABASE IF EXISTS \"$name\"" >/dev/null 2>&1 || true
done
