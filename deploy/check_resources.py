"""Checks of a rendered overlay beyond the core objects, for deploy/check.py: custom
resources (schemas and references), NetworkPolicies (evaluated), production promises."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

import crds
from common import (
    CNPG_NS,
    GRPC_PORT,
    INGRESS_NS,
    MANUAL_SECRETS,
    MONITORING_NS,
    ROOT,
    SERVICES,
    fail,
)
from netpol import Namespace, Peer, matches


def metric_names() -> set[str]:
    """The berdaya_* metrics the code registers (crates/*/src/**/metrics.rs)."""
    names: set[str] = set()
    for path in (ROOT / "crates").rglob("*.rs"):
        names |= set(re.findall(r'"(berdaya_[a-z0-9_]+)"', path.read_text()))
    return names


def grpc_services(context: str) -> list[str]:
    """The gRPC services a context declares (proto/berdaya/<context>/v1/*.proto)."""
    names: list[str] = []
    for path in sorted((ROOT / "proto" / "berdaya" / context / "v1").glob("*.proto")):
        names += re.findall(r"^service (\w+) \{", path.read_text(), re.M)
    return names


def check_custom(name: str, docs: list[dict]) -> None:
    """Custom resources: the vendored CRD schemas (deploy/crds.py), then what no schema
    says: that they refer to one another and to what the rest renders."""
    where = f"overlays/{name}"
    schemas = crds.load()
    by_kind: dict[str, dict[str, dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
        group = d["apiVersion"].split("/")[0] if "/" in d["apiVersion"] else ""
        if "." not in group or group.endswith(".k8s.io"):
            continue  # core API: kubernetes-validate (check_schemas)
        schema = schemas.get((d["apiVersion"], d["kind"]))
        if schema is None:
            fail(f"{where}: {d['apiVersion']} {d['kind']}/{d['metadata']['name']}: no schema in "
                 "deploy/crds (add it to deploy/crds/vendor.py)")
            continue
        for error in crds.validate(d, schema):
            fail(f"{where}: {d['kind']}/{d['metadata']['name']}: {error}")

    clusters = by_kind.get("Cluster", {})
    stores = by_kind.get("ObjectStore", {})
    backups = by_kind.get("ScheduledBackup", {})
    for c_name, cluster in clusters.items():
        for plugin in cluster["spec"].get("plugins", []):
            store = plugin.get("parameters", {}).get("barmanObjectName")
            if store and store not in stores:
                fail(f"{where}: Cluster {c_name} archives to ObjectStore {store}, which is not rendered")
        sync = cluster["spec"].get("postgresql", {}).get("synchronous")
        if sync and sync.get("number", 0) >= cluster["spec"]["instances"]:
            fail(f"{where}: Cluster {c_name} waits for more standbys than it has")
        if backups and not any(b["spec"]["cluster"]["name"] == c_name for b in backups.values()):
            fail(f"{where}: Cluster {c_name} has no ScheduledBackup")
    for b_name, backup in backups.items():
        cluster = clusters.get(backup["spec"]["cluster"]["name"])
        if cluster is None:
            fail(f"{where}: ScheduledBackup {b_name} names no rendered Cluster")
            continue
        if len(backup["spec"]["schedule"].split()) != 6:
            fail(f"{where}: ScheduledBackup {b_name}: the schedule needs six fields (seconds first)")
        if backup["spec"].get("method") == "plugin":
            plugin = backup["spec"].get("pluginConfiguration", {}).get("name")
            if not any(p["name"] == plugin and p.get("isWALArchiver") for p in cluster["spec"].get("plugins", [])):
                fail(f"{where}: ScheduledBackup {b_name} uses plugin {plugin}, which its Cluster does not archive with")
    for s_name, store in stores.items():
        for ref in store["spec"]["configuration"].get("s3Credentials", {}).values():
            if isinstance(ref, dict) and ref.get("name") not in MANUAL_SECRETS:
                fail(f"{where}: ObjectStore {s_name} reads Secret {ref.get('name')}, which the README does not ask for")

    certificates = by_kind.get("Certificate", {})
    issuers = by_kind.get("Issuer", {})
    for c_name, cert in certificates.items():
        ref = cert["spec"]["issuerRef"]
        if ref.get("kind", "Issuer") == "Issuer" and ref["name"] not in issuers:
            fail(f"{where}: Certificate {c_name} names Issuer {ref['name']}, which is not rendered")
    for i_name, issuer in issuers.items():
        ca = issuer["spec"].get("ca", {}).get("secretName")
        if ca and not any(c["spec"]["secretName"] == ca for c in certificates.values()):
            fail(f"{where}: Issuer {i_name} signs with Secret {ca}, which no Certificate makes")

    services = by_kind.get("Service", {})
    for i_name, ingress in by_kind.get("Ingress", {}).items():
        annotations = ingress["metadata"].get("annotations", {})
        if not ({"cert-manager.io/cluster-issuer", "cert-manager.io/issuer"} & set(annotations)):
            fail(f"{where}: Ingress {i_name} has no cert-manager issuer annotation")
        tls_hosts = {h for t in ingress["spec"].get("tls", []) if t.get("secretName") for h in t["hosts"]}
        for rule in ingress["spec"]["rules"]:
            if rule.get("host") not in tls_hosts:
                fail(f"{where}: Ingress {i_name}: host {rule.get('host')} is served without TLS")
            for path in rule["http"]["paths"]:
                backend = path["backend"]["service"]
                svc = services.get(backend["name"])
                if svc is None or backend["port"].get("name") not in {p["name"] for p in svc["spec"]["ports"]}:
                    fail(f"{where}: Ingress {i_name}: {path['path']} goes to no Service port "
                         f"{backend['name']}:{backend['port']}")

    grpc_ingress = by_kind.get("Ingress", {}).get("grpc")
    if grpc_ingress:
        routes = {
            (path["path"], path["backend"]["service"]["name"])
            for rule in grpc_ingress["spec"]["rules"]
            for path in rule["http"]["paths"]
        }
        for service in SERVICES:
            for grpc_service in grpc_services(service):
                if (f"/berdaya.{service}.v1.{grpc_service}", service) not in routes:
                    fail(f"{where}: Ingress grpc has no path /berdaya.{service}.v1.{grpc_service} to {service}")

    pods = [
        w["spec"]["template"]
        for kind in ("Deployment", "StatefulSet")
        for w in by_kind.get(kind, {}).values()
    ]
    for m_name, monitor in by_kind.get("PodMonitor", {}).items():
        selector = monitor["spec"]["selector"]
        selected = [t for t in pods if matches(selector, t["metadata"].get("labels", {}))]
        if not selected and not any(k.startswith("cnpg.io/") for k in selector.get("matchLabels", {})):
            fail(f"{where}: PodMonitor {m_name} selects no pod")
        for endpoint in monitor["spec"]["podMetricsEndpoints"]:
            for t in selected:
                ports = {p.get("name") for c in t["spec"]["containers"] for p in c.get("ports", [])}
                if endpoint.get("port") not in ports:
                    fail(f"{where}: PodMonitor {m_name}: port {endpoint.get('port')} is not a port of its pods")
    known = metric_names()
    for r_name, rules in by_kind.get("PrometheusRule", {}).items():
        for group in rules["spec"]["groups"]:
            for rule in group["rules"]:
                for metric in re.findall(r"\b(berdaya_[a-z0-9_]+)", rule["expr"]):
                    base = re.sub(r"_(bucket|count|sum)$", "", metric)
                    if base not in known:
                        fail(f"{where}: PrometheusRule {r_name}/{rule.get('alert')}: no metric {metric} in crates/")


def check_network(name: str, docs: list[dict]) -> None:
    """The NetworkPolicies admit what the services need and nothing the README says
    they must not: evaluated on the rendered pods' labels (deploy/netpol.py)."""
    where = f"overlays/{name}"
    policies = [d for d in docs if d["kind"] == "NetworkPolicy"]
    if not any(
        p["spec"].get("podSelector") == {}
        and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress") and not p["spec"].get("egress")
        for p in policies
    ):
        fail(f"{where}: no default-deny NetworkPolicy (podSelector {{}}, Ingress and Egress)")
    namespace_doc = next((d for d in docs if d["kind"] == "Namespace"), None)
    ns = Namespace(
        namespace_doc["metadata"]["name"] if namespace_doc else "default",
        (namespace_doc or {}).get("metadata", {}).get("labels", {}),
        policies,
    )
    workloads = {
        d["metadata"]["name"]: Peer(labels=d["spec"]["template"]["metadata"].get("labels", {}))
        for d in docs
        if d["kind"] in ("Deployment", "StatefulSet")
    }
    databases = {
        c["metadata"]["name"]: Peer(labels={"cnpg.io/cluster": c["metadata"]["name"], "cnpg.io/podRole": "instance"})
        for c in docs
        if c["kind"] == "Cluster"
    }
    outside = Peer(external=True)
    monitoring = Peer(namespace=MONITORING_NS)
    ingress = Peer(namespace=INGRESS_NS)
    operator = Peer(namespace=CNPG_NS)
    stranger = Peer(labels={"run": "debug"})  # e.g. `kubectl run` in the namespace
    nats = workloads.get("nats")
    expectations: list[tuple[Peer, Peer, int, str, bool, str]] = []
    for service in SERVICES:
        pod = workloads.get(service)
        if pod is None:
            continue
        expectations += [
            (pod, outside, 53, "UDP", True, "DNS"),
            (pod, nats, 4222, "TCP", True, "NATS"),
            (outside, pod, GRPC_PORT, "TCP", True, "the gRPC API"),
            (monitoring, pod, 9464, "TCP", True, "Prometheus"),
            (outside, pod, 9464, "TCP", False, "metrics from anywhere"),
            (stranger, pod, 9464, "TCP", False, "metrics from any pod"),
            (pod, outside, 443, "TCP", False, "HTTPS out (the services call nothing outside)"),
        ]
        own = databases.get(f"{service}-db")
        if own:
            expectations.append((pod, own, 5432, "TCP", True, f"{service} into its own database"))
            for other in SERVICES:
                if other != service and other in workloads:
                    expectations.append((workloads[other], own, 5432, "TCP", False, f"{other} into {service}'s database"))
            expectations.append((stranger, own, 5432, "TCP", False, "any pod into a database"))
    if "reporting" in workloads:
        expectations += [
            (ingress, workloads["reporting"], 8080, "TCP", True, "the dashboard through the ingress controller"),
            (outside, workloads["reporting"], 8080, "TCP", False, "the dashboard bypassing the ingress"),
        ]
    if nats:
        expectations += [
            (stranger, nats, 4222, "TCP", False, "NATS from any pod"),
            (nats, nats, 6222, "TCP", True, "NATS cluster routes"),
            (monitoring, nats, 8222, "TCP", True, "NATS monitoring for Prometheus"),
            (outside, nats, 8222, "TCP", False, "the NATS monitoring port from anywhere"),
            (stranger, nats, 8222, "TCP", False, "the NATS monitoring port from any pod"),
        ]
    for db in databases.values():
        expectations += [
            (db, db, 5432, "TCP", True, "PostgreSQL replication"),
            (operator, db, 8000, "TCP", True, "the CloudNativePG operator"),
            (db, outside, 443, "TCP", True, "the Kubernetes API and object storage"),
        ]
    for source, target, port, protocol, expected, what in expectations:
        if ns.reaches(source, target, port, protocol) != expected:
            verdict = "is blocked" if expected else "is open"
            fail(f"{where}: {what} {verdict}: {source.describe()} -> {target.describe()} port {port}/{protocol}")


def uses_component(overlay: Path, component: str) -> bool:
    k = yaml.safe_load((overlay / "kustomization.yaml").read_text())
    return any(Path(c).name == component for c in k.get("components", []))


def check_production(name: str, docs: list[dict]) -> None:
    """An overlay with components/production: pinned images, TLS to NATS, backups,
    monitoring and an Ingress."""
    where = f"overlays/{name}"
    kinds = {d["kind"] for d in docs}
    for d in docs:
        if d["kind"] not in ("Deployment", "StatefulSet"):
            continue
        spec = d["spec"]["template"]["spec"]
        for c in spec.get("initContainers", []) + spec["containers"]:
            if not re.search(r"@sha256:[0-9a-f]{64}$", c["image"]):
                fail(f"{where}: {d['kind']} {d['metadata']['name']}: image {c['image']} is not pinned by digest")
    for required in ("ScheduledBackup", "ObjectStore", "Certificate", "PodMonitor", "Ingress"):
        if required not in kinds:
            fail(f"{where}: a production overlay without a {required}")
