"""Offline validation of custom resources for deploy/check.py, against the CRD
schemas vendored in deploy/crds/ (deploy/crds/vendor.py copies them from the upstream
releases deploy/README.md names as the oldest supported).

kubernetes-validate knows only the core API, so for CloudNativePG, the Barman Cloud
plugin, cert-manager and the Prometheus Operator this checks what the API server
would: types, enums, required fields and patterns (JSON Schema), and, strictly, that
no field is unknown (the API server would drop it silently, or reject it with
server-side field validation). CEL rules (x-kubernetes-validations) are not run.
"""

from __future__ import annotations

import json
from pathlib import Path

CRDS = Path(__file__).resolve().parent / "crds"


def load() -> dict[tuple[str, str], dict]:
    """Schemas by (apiVersion, kind)."""
    schemas = {}
    for path in sorted(CRDS.glob("*.json")):
        crd = json.loads(path.read_text())
        schemas[(f"{crd['group']}/{crd['version']}", crd["kind"])] = crd["schema"]
    return schemas


def _unknown_fields(value, schema: dict, path: str) -> list[str]:
    if not isinstance(schema, dict) or schema.get("x-kubernetes-preserve-unknown-fields"):
        return []
    errors: list[str] = []
    if isinstance(value, dict):
        props = schema.get("properties")
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            if props is not None and key in props:
                errors += _unknown_fields(item, props[key], f"{path}.{key}")
            elif isinstance(extra, dict):
                errors += _unknown_fields(item, extra, f"{path}.{key}")
            elif props is not None and extra is not True:
                errors.append(f"{path}.{key}: unknown field")
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            errors += _unknown_fields(item, schema["items"], f"{path}[{i}]")
    return errors


def validate(doc: dict, schema: dict) -> list[str]:
    """Every problem with `doc`, as `path: message` lines (empty when valid)."""
    import jsonschema  # comes with kubernetes-validate

    body = {k: v for k, v in doc.items() if k != "status"}
    validator = jsonschema.Draft7Validator(schema)
    errors = [
        f"{'.'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}"
        for e in validator.iter_errors(body)
    ]
    # metadata is validated by the API server itself; the schema leaves it open.
    spec_schema = {k: v for k, v in schema.items()}
    spec_schema["properties"] = {
        k: v for k, v in schema.get("properties", {}).items() if k != "metadata"
    } | {"metadata": {"x-kubernetes-preserve-unknown-fields": True}}
    errors += [e.lstrip(".") for e in _unknown_fields(body, spec_schema, "")]
    return errors
