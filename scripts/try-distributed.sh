#!/usr/bin/env bash
# Starts the whole distributed set on one machine, to try `berdaya serve` as it runs on
# Kubernetes: one process per context (`berdaya contexts`), each on its own PostgreSQL
# database and ports, every event over the local NATS JetStream into reporting.
#
#   scripts/try-distributed.sh            # builds, starts, prints the addresses; Ctrl-C stops all
#   scripts/try-distributed.sh --fresh    # drops the databases of an earlier try first
#
# Needs PostgreSQL on 127.0.0.1:5432 (trust auth for user postgres) and NATS with
# JetStream on 127.0.0.1:4222: scripts/services.sh installs and starts both. Ports: the
# n-th context serves gRPC on 127.0.0.1:5005n and metrics on 127.0.0.1:946n; the
# reporting dashboard is on 127.0.0.1:8080. Logs and keys are in ./berdaya-try/.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/berdaya-target}"

fresh=false
[ "${1:-}" = "--fresh" ] && fresh=true

scripts/services.sh
cargo build --locked -q
berdaya="$CARGO_TARGET_DIR/debug/berdaya"
admin="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
base="${admin%/*}"
dir="berdaya-try"
mkdir -p "$dir"

# One set of keys for every process (the tokens one accepts, all accept).
if [ ! -f "$dir/keys.env" ]; then
  "$berdaya" keys generate > "$dir/keys.env"
  chmod 600 "$dir/keys.env"
fi
set -a
# shellcheck disable=SC1091
. "$dir/keys.env"
set +a
export BERDAYA_NATS__URL="${NATS_URL:-nats://127.0.0.1:4222}"
export BERDAYA_NATS__STREAM=BERDAYA_TRY
export BERDAYA_NATS__SUBJECT_PREFIX=berdaya
unset BERDAYA_CONFIG BERDAYA_DATA_DIR

pids=()
stop() {
  echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM

n=0
while IFS=$'\t' read -r context services; do
  n=$((n + 1))
  db="berdaya_try_$context"
  if $fresh; then
    psql "$admin" -q -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  fi
  if ! psql "$admin" -tAq -c "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    psql "$admin" -q -c "CREATE DATABASE $db"
  fi
  BERDAYA_DATABASE_URL="$base/$db" \
  BERDAYA_GRPC_ADDR="127.0.0.1:$((50050 + n))" \
  BERDAYA_METRICS_ADDR="127.0.0.1:$((9460 + n))" \
  BERDAYA_HTTP_ADDR="127.0.0.1:$((8180 + n))" \
  BERDAYA_DASHBOARD_ADDR="127.0.0.1:8080" \
    "$berdaya" serve --service "$context" > "$dir/$context.log" 2>&1 &
  pids+=("$!")
  printf '%-13s gRPC 127.0.0.1:%s  metrics http://127.0.0.1:%s/metrics  (%s)\n' \
    "$context" "$((50050 + n))" "$((9460 + n))" "$services"
done < <("$berdaya" contexts)

echo "dashboard: http://127.0.0.1:8080/?token=$(
  BERDAYA_SIGNING_KEY="$BERDAYA_SIGNING_KEY" "$berdaya" token issue --role admin --region '*' --subject try-admin)"
echo "logs in $dir/; Ctrl-C stops every process"
wait
