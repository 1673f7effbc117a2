#!/usr/bin/env python3
"""Proof that deploy/check.py fails on broken manifests: each case breaks one thing in
a copy of the repository's deploy files, runs check.py on the copy, and expects it to
fail with a message naming the break. scripts/check-deploy runs it after check.py.

    python3 deploy/test_check.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What check.py reads outside deploy/.
COPIED = ["deploy", "crates", "proto", "README.md", "rust-toolchain.toml", "Cargo.toml",
          "Cargo.lock", "src", "services", "data", "tests", "docs", "scripts"]

# (what breaks, file, text, replacement, expected part of the message)
CASES = [
    ("a core field misspelt", "deploy/kustomize/base/reporting.yaml",
     "periodSeconds: 5", "periodSecond: 5", "'periodSecond' was unexpected"),
    ("a CloudNativePG field misspelt", "deploy/kustomize/components/production/postgres.yaml",
     "podAntiAffinityType", "podAntiAffinityTyp", "podAntiAffinityTyp: unknown field"),
    ("a wrong enum in a ScheduledBackup", "deploy/kustomize/components/cloudnativepg-backup/backup.yaml",
     "method: plugin", "method: plugins", "is not one of"),
    ("the NATS monitoring port open to all", "deploy/kustomize/base/networkpolicies.yaml",
     "    - from:\n        - namespaceSelector:\n            matchLabels:\n"
     "              kubernetes.io/metadata.name: monitoring\n      ports:\n        - port: 8222",
     "    - ports:\n        - port: 8222", "the NATS monitoring port from anywhere is open"),
    ("one service into another's database", "deploy/kustomize/components/cloudnativepg/networkpolicies.yaml",
     "app.kubernetes.io/component: households", "app.kubernetes.io/part-of: berdaya",
     "into households's database is open"),
    ("an image by tag in a province", "deploy/kustomize/overlays/nusa-tenggara-timur/kustomization.yaml",
     "    digest: sha256:" + "0" * 64 + "\n", '    newTag: "0.1.0"\n', "is not pinned by digest"),
    ("a replica count against the autoscaler", "deploy/kustomize/base/households.yaml",
     "  # No replicas: the HorizontalPodAutoscaler below sets the count.\n", "  replicas: 2\n",
     "sets spec.replicas"),
    ("a broken NATS TLS block", "deploy/kustomize/components/nats-tls/cluster-tls.conf",
     "ca_file: /etc/nats-tls/ca.crt", "ca_file: /etc/nats-tls/ca.pem", "nats-server -t rejects"),
    ("an alert on a metric the code lacks", "deploy/kustomize/components/monitoring/alerts.yaml",
     "berdaya_relay_leader)", "berdaya_relay_leaders)", "no metric berdaya_relay_leaders"),
    ("an Ingress to a missing port", "deploy/kustomize/components/ingress/ingress.yaml",
     "                  name: dashboard", "                  name: dashbord", "goes to no Service port"),
    ("a CA Secret nobody makes", "deploy/kustomize/components/cloudnativepg/kustomization.yaml",
     '"households-db-ca"', '"households-db-cert"', "Secret households-db-cert is neither rendered"),
]


def run_case(tmp: Path, case: tuple[str, str, str, str, str]) -> str | None:
    """None when check.py fails as expected, else what went wrong."""
    what, file, text, replacement, expected = case
    path = tmp / file
    original = path.read_text()
    if text not in original:
        return f"the text to break is no longer in {file}: update the case"
    path.write_text(original.replace(text, replacement, 1))
    try:
        out = subprocess.run(
            [sys.executable, str(tmp / "deploy" / "check.py"), "--require-tools"],
            capture_output=True, text=True,
        )
    finally:
        path.write_text(original)
    if out.returncode == 0:
        return "check.py passed"
    if expected not in out.stderr:
        return f"check.py failed without {expected!r}: {out.stderr.strip()[:500]}"
    return None


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, Path(tmp) / name, ignore=shutil.ignore_patterns("target", "__pycache__"))
            elif source.exists():
                shutil.copy(source, Path(tmp) / name)
        baseline = subprocess.run(
            [sys.executable, str(Path(tmp) / "deploy" / "check.py"), "--require-tools"],
            capture_output=True, text=True,
        )
        if baseline.returncode != 0:
            print(f"test_check: the unbroken copy fails already:\n{baseline.stderr}", file=sys.stderr)
            return 1
        passed = failed = 0
        for case in CASES:
            problem = run_case(Path(tmp), case)
            if problem:
                failed += 1
                print(f"FAIL {case[0]}: {problem}")
            else:
                passed += 1
                print(f"ok   {case[0]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
