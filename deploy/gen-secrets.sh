#!/usr/bin/env bash
# Prints the Secret `berdaya-keys` with freshly generated keys, for one namespace:
#
#   deploy/gen-secrets.sh | kubectl create -n dinsos-jatim -f -
#
# `berdaya keys generate --format kubernetes` prints the same Secret without openssl,
# and `berdaya keys generate` the keys as BERDAYA_* lines for an env file.
#
# - signing-key: HMAC secret of the bearer tokens (48 random bytes, base64);
# - master-key: wraps every data subject's key (32 random bytes, base64). Losing it
#   makes all personal data unreadable; changing it does the same;
# - blind-index-key: keys the NIK blind index (32 random bytes, base64). Changing it
#   breaks duplicate detection of NIKs already registered.
#
# Use `kubectl create`, never `apply`: create refuses to replace keys that already
# exist. Keep a copy of the three keys offline (a password manager or a sealed
# envelope in the office safe) before you clear your terminal. To keep the Secret in
# git, encrypt it first (Sealed Secrets: `| kubeseal -o yaml`; or SOPS), or let
# External Secrets fetch it from a vault.
#
# Every service of one deployment must get the same three keys: the tokens one
# service accepts are the tokens every service accepts.
#
#   deploy/gen-secrets.sh nats-auth | kubectl create -n dinsos-jatim -f -
#
# prints instead the Secret `nats-auth` for components/nats-auth: the NATS password of
# the user `berdaya` (24 random bytes, hex) and the URL the services connect with.
set -euo pipefail

if ! command -v openssl >/dev/null 2>&1; then
  echo "gen-secrets: openssl is required" >&2
  exit 1
fi

key() { openssl rand -base64 "$1" | tr -d '\n'; }

if [ "${1:-}" = "nats-auth" ]; then
  password=$(openssl rand -hex 24)
  cat <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: nats-auth
  labels:
    app.kubernetes.io/part-of: berdaya
type: Opaque
stringData:
  berdaya-password: "$password"
  url: "tls://berdaya:$password@nats:4222"
YAML
  exit 0
elif [ -n "${1:-}" ]; then
  echo "gen-secrets: unknown argument $1 (none, or nats-auth)" >&2
  exit 2
fi

cat <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: berdaya-keys
  labels:
    app.kubernetes.io/part-of: berdaya
type: Opaque
stringData:
  signing-key: "$(key 48)"
  master-key: "$(key 32)"
  blind-index-key: "$(key 32)"
YAML
