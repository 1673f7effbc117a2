"""What deploy/check.py and its helpers share: paths, the contexts, the names the
manifests promise, and the list of failures."""

from __future__ import annotations

import re
import sys
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
ROOT = DEPLOY.parent
KUSTOMIZE = DEPLOY / "kustomize"
OVERLAYS = sorted(p for p in (KUSTOMIZE / "overlays").iterdir() if p.is_dir())
def contexts() -> tuple[str, ...]:
    """The binary's contexts (crates/runtime/src/context.rs, `Context::as_str`): every
    one must have its Deployment, Service and database here."""
    source = (ROOT / "crates" / "runtime" / "src" / "context.rs").read_text()
    names = tuple(re.findall(r'Context::\w+ => "([a-z]+)"', source))
    if not names:
        sys.exit("check: no contexts found in crates/runtime/src/context.rs")
    return names


SERVICES = contexts()
GRPC_PORT = 50051
KUBERNETES_VERSION = "1.27.0"
# Secrets that no kustomization renders: gen-secrets.sh makes berdaya-keys; the
# CloudNativePG operator (or the operator of the cluster, by hand) makes the others.
KEYS_SECRET = "berdaya-keys"
# Secrets the cluster's operator creates by hand (deploy/README.md): the object store's
# credentials for the PostgreSQL backups.
MANUAL_SECRETS = {"berdaya-backup-s3"}
# Made by `gen-secrets.sh nats-auth` (components/nats-auth).
NATS_AUTH_SECRET = "nats-auth"
# Components that no overlay uses yet, rendered on top of one so that they stay valid.
EXTRA_RENDERS = {"jawa-timur+nats-auth": ("jawa-timur", ["nats-auth"])}
# Namespaces the NetworkPolicies name (base/networkpolicies.yaml).
MONITORING_NS = "monitoring"
INGRESS_NS = "ingress-nginx"
CNPG_NS = "cnpg-system"

failures: list[str] = []


def fail(message: str) -> None:
    failures.append(message)


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))
