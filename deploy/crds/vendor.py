#!/usr/bin/env python3
"""Copies the OpenAPI schemas of the custom resources deploy/kustomize uses into
deploy/crds/*.json, for check.py (which validates offline: no cluster, no network).

    python3 deploy/crds/vendor.py MIRRORS_DIR

MIRRORS_DIR holds bare clones named <owner>+<repo>/repo (any git clones of the
upstream repositories will do; adjust SOURCES). Each schema is taken from the oldest
release deploy/README.md supports, so a field that release lacks fails the check.
Descriptions are dropped to keep the files small. The upstream CRDs are Apache-2.0.
"""

import json
import subprocess
import sys
from pathlib import Path

import yaml

SOURCES = [
    ("cloudnative-pg/cloudnative-pg", "v1.26.0", "config/crd/bases/postgresql.cnpg.io_clusters.yaml"),
    ("cloudnative-pg/cloudnative-pg", "v1.26.0", "config/crd/bases/postgresql.cnpg.io_scheduledbackups.yaml"),
    ("cloudnative-pg/plugin-barman-cloud", "v0.14.0", "config/crd/bases/barmancloud.cnpg.io_objectstores.yaml"),
    ("cert-manager/cert-manager", "v1.15.0", "deploy/crds/crd-certificates.yaml"),
    ("cert-manager/cert-manager", "v1.15.0", "deploy/crds/crd-issuers.yaml"),
    ("prometheus-operator/prometheus-operator", "v0.70.0", "example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml"),
    ("prometheus-operator/prometheus-operator", "v0.70.0", "example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml"),
]


def strip(node):
    """The schema without `description`s (a property named description stays)."""
    if isinstance(node, list):
        return [strip(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "description" and isinstance(value, str):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: strip(schema) for name, schema in value.items()}
        else:
            out[key] = strip(value)
    return out


def main() -> None:
    mirrors = Path(sys.argv[1])
    here = Path(__file__).resolve().parent
    for repo, rev, path in SOURCES:
        git = mirrors / repo.replace("/", "+") / "repo"
        text = subprocess.run(
            ["git", "-C", str(git), "show", f"{rev}:{path}"], capture_output=True, text=True, check=True
        ).stdout
        crd = next(d for d in yaml.safe_load_all(text) if d and d.get("kind") == "CustomResourceDefinition")
        spec = crd["spec"]
        for version in spec["versions"]:
            if not version.get("served", True):
                continue
            out = {
                "group": spec["group"],
                "version": version["name"],
                "kind": spec["names"]["kind"],
                "source": f"{repo} {rev} {path}",
                "schema": strip(version["schema"]["openAPIV3Schema"]),
            }
            name = here / f"{spec['group']}_{version['name']}_{spec['names']['kind']}.json"
            name.write_text(json.dumps(out, separators=(",", ":"), sort_keys=True) + "\n")
            print(f"{name.name}: {name.stat().st_size} bytes")


if __name__ == "__main__":
    main()
