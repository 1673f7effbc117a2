#!/usr/bin/env python3
"""Offline checks of deploy/: no cluster, no container engine, no network.

    scripts/check-deploy               # what CI runs: installs the tools, then --require-tools
    python3 deploy/check.py            # everything the installed tools allow
    python3 deploy/check.py --no-render

1. Every YAML file under deploy/ parses.
2. Every kustomization references files and directories that exist, and every
   component is rendered by some overlay (or by EXTRA_RENDERS, on top of one).
3. The Dockerfile copies paths that exist and that its .dockerignore lets through, and
   its Rust version is the one rust-toolchain.toml pins.
4. With `kustomize` or `kubectl`, each overlay renders, and the result keeps the
   promises of deploy/README.md:
   - BERDAYA_* variables the README documents, gRPC probes, 40 s grace, restricted
     security contexts, resources, scrape annotations, the ServiceAccount without a
     token, an autoscaler per service and no replica count that would fight it;
   - Service ports that name container ports; ConfigMaps and Secrets (in env and in
     volumes) that are rendered or that the operators, cert-manager or gen-secrets.sh
     make; TLS to PostgreSQL (verify-full with CloudNativePG), CA files on mounts;
   - NATS: stream replicas the servers can hold, routes for every server, a file store
     that fits the volume, the included files present; with `nats-server`, each
     rendered configuration passes `nats-server -t` (with a throw-away certificate
     where it asks for TLS);
   - NetworkPolicies: a default deny, and what each service, NATS and PostgreSQL may
     and may not reach, evaluated on the rendered labels (deploy/netpol.py);
   - production overlays (components/production): every image pinned by digest,
     backups, TLS, monitoring and an Ingress.
5. With the Python package kubernetes-validate, every core object is validated
   strictly against the Kubernetes 1.27 schemas (the oldest version with gRPC probes).
   kubernetes-validate has no schemas for custom resources: CloudNativePG's Cluster and
   ScheduledBackup, the Barman Cloud ObjectStore, cert-manager's Certificate and
   Issuer, the Prometheus Operator's PodMonitor and PrometheusRule are validated
   against their CRD schemas vendored in deploy/crds/ (deploy/crds.py: types, enums,
   required fields, and no unknown field), then cross-checked: a backup names a
   Cluster that archives with its plugin, a Certificate an Issuer that exists, an
   Ingress a Service port, a PodMonitor a port of its pods, an alert a metric the code
   registers. A custom resource without a vendored schema fails.

Needs PyYAML. Exits non-zero when any check fails. Its helpers: common.py (paths,
names, failures), check_resources.py (custom resources, policies, production),
netpol.py (the NetworkPolicy evaluator), crds.py (CRD schema validation).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check: PyYAML is missing: pip install pyyaml")
try:
    import kubernetes_validate
except ImportError:
    kubernetes_validate = None

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.dont_write_bytecode = True  # no __pycache__ in deploy/
from check_resources import check_custom, check_network, check_production, uses_component  # noqa: E402
from common import (  # noqa: E402
    DEPLOY,
    EXTRA_RENDERS,
    GRPC_PORT,
    KEYS_SECRET,
    KUBERNETES_VERSION,
    KUSTOMIZE,
    MANUAL_SECRETS,
    NATS_AUTH_SECRET,
    OVERLAYS,
    ROOT,
    SERVICES,
    fail,
    failures,
    rel,
)


def check_yaml() -> None:
    for path in sorted(DEPLOY.rglob("*.y*ml")):
        try:
            docs = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
        except yaml.YAMLError as error:
            fail(f"{rel(path)}: not valid YAML: {error}")
            continue
        for doc in docs:
            if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
                fail(f"{rel(path)}: a document without apiVersion and kind")


def check_kustomizations() -> None:
    for path in sorted(KUSTOMIZE.rglob("kustomization.yaml")):
        here = path.parent
        k = yaml.safe_load(path.read_text())

        def exists(entry: str, what: str) -> None:
            target = (here / entry).resolve()
            if target.is_dir():
                if not (target / "kustomization.yaml").is_file():
                    fail(f"{rel(path)}: {what} {entry} has no kustomization.yaml")
            elif not target.is_file():
                fail(f"{rel(path)}: {what} {entry} does not exist")

        for entry in k.get("resources", []):
            exists(entry, "resource")
        for entry in k.get("components", []):
            exists(entry, "component")
            comp = yaml.safe_load(((here / entry) / "kustomization.yaml").read_text())
            if comp.get("kind") != "Component":
                fail(f"{rel(path)}: component {entry} is not kind: Component")
        for patch in k.get("patches", []):
            if "path" in patch:
                exists(patch["path"], "patch")
        for generator in k.get("configMapGenerator", []) + k.get("secretGenerator", []):
            for entry in generator.get("files", []) + generator.get("envs", []):
                exists(entry.split("=", 1)[-1], "generator file")
        # Files in the directory that nothing references are probably a mistake.
        referenced = {
            (here / e).resolve()
            for e in k.get("resources", [])
            + [p["path"] for p in k.get("patches", []) if "path" in p]
            + [
                f.split("=", 1)[-1]
                for g in k.get("configMapGenerator", [])
                for f in g.get("files", [])
            ]
        }
        for other in here.iterdir():
            if other.name == "kustomization.yaml" or other.is_dir():
                continue
            if other.resolve() not in referenced:
                fail(f"{rel(other)}: not referenced by {rel(path)}")


def check_dockerfile() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    ignore = [
        line.strip()
        for line in (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for line in dockerfile.splitlines():
        if not line.startswith("COPY ") or "--from=" in line:
            continue
        for source in line.split()[1:-1]:
            if not (ROOT / source).exists():
                fail(f"deploy/Dockerfile: COPY {source}: no such path in the repository")
            if ignore[:1] == ["*"] and source.rstrip("/") not in allowed:
                fail(f"deploy/Dockerfile: COPY {source} is left out by the .dockerignore")
    pinned = re.search(r'channel\s*=\s*"([^"]+)"', (ROOT / "rust-toolchain.toml").read_text())
    arg = re.search(r"^ARG RUST_VERSION=(\S+)", dockerfile, re.M)
    if not (pinned and arg and pinned.group(1) == arg.group(1)):
        fail(
            "deploy/Dockerfile: RUST_VERSION "
            f"{arg and arg.group(1)} differs from rust-toolchain.toml {pinned and pinned.group(1)}"
        )
    if "--locked" not in dockerfile or "-p berdaya --bin berdaya" not in dockerfile:
        fail("deploy/Dockerfile: the build is not `cargo build --release --locked -p berdaya --bin berdaya`")


def documented_settings() -> set[str]:
    """BERDAYA_* names in the README's tables (the configuration reference)."""
    readme = (ROOT / "README.md").read_text()
    return set(re.findall(r"`(BERDAYA_[A-Z0-9_]+)`", readme))


def render(overlay: Path, tool: list[str], label: str | None = None) -> list[dict]:
    out = subprocess.run(
        tool + [str(overlay)], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        fail(f"{label or rel(overlay)}: does not render: {out.stderr.strip()}")
        return []
    return [d for d in yaml.safe_load_all(out.stdout) if d]


def render_extra(overlay: str, components: list[str], tool: list[str]) -> list[dict]:
    """An overlay with more components, as a kustomization in a temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        k = {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            # Relative: kustomize takes no absolute paths here.
            "resources": [os.path.relpath(KUSTOMIZE / "overlays" / overlay, tmp)],
            "components": [os.path.relpath(KUSTOMIZE / "components" / c, tmp) for c in components],
        }
        (Path(tmp) / "kustomization.yaml").write_text(yaml.safe_dump(k))
        return render(Path(tmp), tool, f"overlays/{overlay} with {', '.join(components)}")


def check_components_used() -> None:
    used = {c for _, extra in EXTRA_RENDERS.values() for c in extra}
    for overlay in OVERLAYS:
        k = yaml.safe_load((overlay / "kustomization.yaml").read_text())
        used |= {Path(c).name for c in k.get("components", [])}
    for component in sorted((KUSTOMIZE / "components").iterdir()):
        if component.is_dir() and component.name not in used:
            fail(f"{rel(component)}: no overlay (nor EXTRA_RENDERS in check.py) renders it")


def size_bytes(value: str) -> float:
    """Kubernetes quantities (Gi, G) and NATS sizes (G = 10^9, GB, Gi)."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT]?)(i?)B?", str(value).strip())
    if not m:
        raise ValueError(f"size {value!r}")
    number, unit, binary = m.groups()
    power = " KMGT".index(unit or " ")
    return float(number) * (1024 if binary else 1000) ** power


def check_schemas(name: str, docs: list[dict]) -> None:
    for d in docs:
        try:
            kubernetes_validate.validate(d, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.SchemaNotFoundError:
            pass  # custom resources (CloudNativePG Cluster)
        except kubernetes_validate.ValidationError as error:
            fail(f"overlays/{name}: {d['kind']}/{d['metadata']['name']}: {error.message}")


def check_rendered(name: str, docs: list[dict]) -> None:
    where = f"overlays/{name}"
    by_kind: dict[str, dict[str, dict]] = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    config_maps = by_kind.get("ConfigMap", {})
    secrets = set(by_kind.get("Secret", {})) | {KEYS_SECRET, NATS_AUTH_SECRET}
    # CloudNativePG makes <cluster>-app (the `uri`) and <cluster>-ca (its CA);
    # cert-manager makes each Certificate's Secret.
    secrets |= {f"{c}-app" for c in by_kind.get("Cluster", {})}
    secrets |= {f"{c}-ca" for c in by_kind.get("Cluster", {})}
    secrets |= {c["spec"]["secretName"] for c in by_kind.get("Certificate", {}).values()}
    if by_kind.get("ObjectStore"):
        secrets |= MANUAL_SECRETS
    account = by_kind.get("ServiceAccount", {}).get("berdaya")
    if account is None or account.get("automountServiceAccountToken") is not False:
        fail(f"{where}: no ServiceAccount berdaya with automountServiceAccountToken: false")
    known = documented_settings()

    berdaya_config = next(
        (cm for n, cm in config_maps.items() if n.startswith("berdaya-config")), None
    )
    if berdaya_config is None:
        fail(f"{where}: no berdaya-config ConfigMap")
        return
    for key in berdaya_config["data"]:
        if key.startswith("BERDAYA_") and key not in known:
            fail(f"{where}: berdaya-config sets {key}, which the README does not document")
    for key in (
        "BERDAYA_GRPC_ADDR",
        "BERDAYA_METRICS_ADDR",
        "BERDAYA_DASHBOARD_ADDR",
        "BERDAYA_HTTP_ADDR",
    ):
        if not berdaya_config["data"].get(key, "").startswith(("0.0.0.0:", "[::]:")):
            fail(f"{where}: {key} does not listen on every interface")

    keys_used: set[str] = set()
    for service in SERVICES:
        dep = by_kind.get("Deployment", {}).get(service)
        if dep is None:
            fail(f"{where}: no Deployment {service}")
            continue
        spec = dep["spec"]["template"]["spec"]
        annotations = dep["spec"]["template"]["metadata"].get("annotations", {})
        (container,) = spec["containers"]
        tag = f"{where}: Deployment {service}"
        if container.get("args") != ["serve", "--service", service]:
            fail(f"{tag}: args are not serve --service {service}")
        if spec.get("terminationGracePeriodSeconds") != 40:
            fail(f"{tag}: terminationGracePeriodSeconds is not 40")
        if spec.get("enableServiceLinks") is not False:
            fail(f"{tag}: enableServiceLinks is not false (BERDAYA_* Service variables)")
        if spec.get("securityContext", {}).get("runAsNonRoot") is not True:
            fail(f"{tag}: runAsNonRoot is not set")
        sc = container.get("securityContext", {})
        if not (
            sc.get("readOnlyRootFilesystem") is True
            and sc.get("allowPrivilegeEscalation") is False
            and sc.get("capabilities", {}).get("drop") == ["ALL"]
        ):
            fail(f"{tag}: container securityContext is not restricted")
        if spec.get("serviceAccountName") != "berdaya":
            fail(f"{tag}: serviceAccountName is not berdaya")
        if "replicas" in dep["spec"]:
            fail(f"{tag}: sets spec.replicas, which would undo its autoscaler on every apply")
        hpa = next(
            (h for h in by_kind.get("HorizontalPodAutoscaler", {}).values()
             if h["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": service}),
            None,
        )
        if hpa is None:
            fail(f"{tag}: no HorizontalPodAutoscaler scales it")
        elif not 1 <= hpa["spec"].get("minReplicas", 1) <= hpa["spec"]["maxReplicas"]:
            fail(f"{tag}: its autoscaler's range is empty")
        mounts = [m["mountPath"] for m in container.get("volumeMounts", [])]
        for volume in spec.get("volumes", []):
            sources = [volume] + volume.get("projected", {}).get("sources", [])
            for source in sources:
                secret = source.get("secret", {}).get("secretName") or source.get("secret", {}).get("name")
                if secret and secret not in secrets:
                    fail(f"{tag}: volume {volume['name']}: Secret {secret} is neither rendered nor expected")
                cm = source.get("configMap", {}).get("name")
                if cm and cm not in config_maps:
                    fail(f"{tag}: volume {volume['name']}: ConfigMap {cm} is not rendered")
        file_settings = {e["name"]: e.get("value") for e in container.get("env", [])}
        file_settings |= {k: v for k, v in berdaya_config["data"].items() if k not in file_settings}
        for variable in ("PGSSLROOTCERT", "SSL_CERT_FILE"):
            path = file_settings.get(variable)
            if path and not any(path.startswith(m.rstrip("/") + "/") for m in mounts):
                fail(f"{tag}: {variable}={path} lies on no mounted volume")
        if file_settings.get("PGSSLMODE") not in ("require", "verify-ca", "verify-full"):
            fail(f"{tag}: PGSSLMODE is {file_settings.get('PGSSLMODE')!r}: PostgreSQL without TLS")
        if by_kind.get("Cluster") and file_settings.get("PGSSLMODE") != "verify-full":
            fail(f"{tag}: CloudNativePG serves verifiable TLS, but PGSSLMODE is not verify-full")
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            if container.get(probe, {}).get("grpc", {}).get("port") != GRPC_PORT:
                fail(f"{tag}: {probe} is not a gRPC probe on {GRPC_PORT}")
        resources = container.get("resources", {})
        for part in ("requests", "limits"):
            if not {"cpu", "memory"} <= set(resources.get(part, {})):
                fail(f"{tag}: resources.{part} lacks cpu or memory")
        if annotations.get("prometheus.io/scrape") != "true" or annotations.get(
            "prometheus.io/port"
        ) != "9464":
            fail(f"{tag}: no Prometheus scrape annotations for port 9464")
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        if ports.get("grpc") != GRPC_PORT or ports.get("metrics") != 9464:
            fail(f"{tag}: container ports grpc/metrics are not 50051/9464")
        if ports.get("http") != 8081:
            fail(f"{tag}: no HTTP/JSON port http 8081")
        if service == "reporting" and ports.get("dashboard") != 8080:
            fail(f"{tag}: no dashboard port 8080")
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef", {}).get("name")
            if ref and ref not in config_maps:
                fail(f"{tag}: envFrom ConfigMap {ref} is not rendered")
        names = set()
        for env in container.get("env", []):
            names.add(env["name"])
            if env["name"].startswith("BERDAYA_") and env["name"] not in known:
                fail(f"{tag}: {env['name']} is not a documented setting")
            ref = env.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                if ref["name"] not in secrets:
                    fail(f"{tag}: Secret {ref['name']} is neither rendered nor expected")
                if ref["name"] == KEYS_SECRET:
                    keys_used.add(ref["key"])
                elif ref["name"] == f"{service}-db-app" and ref["key"] != "uri":
                    fail(f"{tag}: the database Secret key is not `uri`")
        for required in (
            "BERDAYA_DATABASE_URL",
            "BERDAYA_SIGNING_KEY",
            "BERDAYA_MASTER_KEY",
            "BERDAYA_BLIND_INDEX_KEY",
        ):
            if required not in names:
                fail(f"{tag}: {required} is not set")
        svc = by_kind.get("Service", {}).get(service)
        if svc is None:
            fail(f"{where}: no Service {service}")
        else:
            for port in svc["spec"]["ports"]:
                if port["targetPort"] not in ports:
                    fail(f"{where}: Service {service} port {port['name']} targets no container port")
            if not any(p["name"] == "grpc" and p["port"] == GRPC_PORT for p in svc["spec"]["ports"]):
                fail(f"{where}: Service {service} has no port grpc {GRPC_PORT}")
    for svc_name in by_kind.get("Service", {}):
        if svc_name.lower().startswith("berdaya"):
            fail(f"{where}: Service {svc_name} would inject BERDAYA_* variables into pods")

    generated = set(re.findall(r"^\s+([a-z-]+):", (DEPLOY / "gen-secrets.sh").read_text(), re.M))
    if not keys_used <= generated:
        fail(f"{where}: keys {sorted(keys_used - generated)} are not made by gen-secrets.sh")

    # NATS: stream replicas fit the servers; the file store fits the volume.
    nats = by_kind.get("StatefulSet", {}).get("nats")
    if nats is None:
        fail(f"{where}: no NATS StatefulSet")
        return
    servers = nats["spec"]["replicas"]
    stream_replicas = int(berdaya_config["data"].get("BERDAYA_NATS__REPLICAS", "1"))
    if stream_replicas > servers:
        fail(f"{where}: BERDAYA_NATS__REPLICAS={stream_replicas} but {servers} NATS servers")
    nats_conf_map = next(cm for n, cm in config_maps.items() if n.startswith("nats-config"))
    nats_conf = nats_conf_map["data"]["nats.conf"]
    # The files nats.conf includes (tls.conf, cluster-tls.conf), in the same directory.
    nats_files = dict(nats_conf_map["data"])
    for n, cm in config_maps.items():
        if n.startswith("nats-includes"):
            nats_files |= cm["data"]
    for include in re.findall(r'^\s*include\s+"?([^"\s]+)"?', nats_conf, re.M):
        if include not in nats_files:
            fail(f"{where}: nats.conf includes {include}, which no ConfigMap of the volume holds")
    routes = re.findall(r"nats://nats-(\d+)\.nats-headless:6222", nats_conf)
    if servers > 1 and sorted(map(int, routes)) != list(range(servers)):
        fail(f"{where}: nats.conf routes {routes} do not list the {servers} servers")
    if servers == 1 and "cluster" in re.sub(r"#.*", "", nats_conf):
        fail(f"{where}: a single NATS server with a cluster block")
    (nats_container,) = nats["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e.get("value") for e in nats_container.get("env", [])}
    volume = next(
        t for t in nats["spec"]["volumeClaimTemplates"] if t["metadata"]["name"] == "data"
    )
    store = size_bytes(env.get("JS_MAX_FILE_STORE", "0"))
    capacity = size_bytes(volume["spec"]["resources"]["requests"]["storage"])
    if not 0 < store < 0.97 * capacity:
        fail(f"{where}: JS_MAX_FILE_STORE {env.get('JS_MAX_FILE_STORE')} does not fit the volume")
    tls_dir = next(
        (m["mountPath"] for m in nats_container.get("volumeMounts", []) if m["name"] == "tls"), None
    )
    uses_tls = any("tls {" in text for text in nats_files.values())
    if uses_tls and not berdaya_config["data"].get("BERDAYA_NATS__URL", "").startswith("tls://"):
        fail(f"{where}: NATS requires TLS but BERDAYA_NATS__URL is not tls://")
    nats_server = shutil.which("nats-server")
    if nats_server:
        with tempfile.TemporaryDirectory() as tmp:
            def local(text: str) -> str:
                text = text.replace("/var/run/nats", tmp).replace("/data", tmp)
                return text.replace(tls_dir, tmp) if tls_dir else text
            for file_name, text in nats_files.items():
                (Path(tmp) / file_name).write_text(local(text))
            if uses_tls:
                throwaway_certificate(Path(tmp))
            # Values from Secrets (a password) are stand-ins: -t only needs them set.
            test_env = dict(os.environ) | {k: v or "stand-in" for k, v in env.items()}
            test_env["POD_NAME"] = "nats-0"
            out = subprocess.run(
                [nats_server, "-c", str(Path(tmp) / "nats.conf"), "-t"],
                capture_output=True, text=True, env=test_env,
            )
            if out.returncode != 0:
                fail(f"{where}: nats-server -t rejects nats.conf: {out.stderr.strip()}")


def throwaway_certificate(directory: Path) -> None:
    """tls.crt, tls.key and ca.crt (self-signed) for `nats-server -t`."""
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "1", "-subj", "/CN=nats", "-addext", "subjectAltName=DNS:nats",
         "-keyout", str(directory / "tls.key"), "-out", str(directory / "tls.crt")],
        capture_output=True, check=True,
    )
    shutil.copy(directory / "tls.crt", directory / "ca.crt")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-render", action="store_true", help="skip rendering the overlays")
    parser.add_argument(
        "--require-tools",
        action="store_true",
        help="fail, instead of skipping checks, when kustomize/kubectl, kubernetes-validate, "
        "nats-server or openssl is missing (CI: scripts/deploy-tools.sh installs them)",
    )
    args = parser.parse_args()

    groups = [
        ("YAML parses", check_yaml),
        ("kustomizations reference existing files", check_kustomizations),
        ("Dockerfile", check_dockerfile),
        ("every component is rendered", check_components_used),
    ]
    for title, check in groups:
        check()
        print(f"{'ok  ' if not failures else 'FAIL'} {title}")
        if failures:
            break

    if not failures and not args.no_render:
        if shutil.which("kustomize"):
            tool = ["kustomize", "build"]
        elif shutil.which("kubectl"):
            tool = ["kubectl", "kustomize"]
        else:
            tool = None
        missing = [
            what
            for what, present in (
                ("kustomize or kubectl", tool),
                ("kubernetes-validate (pip)", kubernetes_validate),
                ("nats-server", shutil.which("nats-server")),
                ("openssl", shutil.which("openssl")),
            )
            if not present
        ]
        for what in missing:
            if args.require_tools:
                fail(f"{what} is not installed: run scripts/deploy-tools.sh")
            else:
                print(f"skip what needs {what}: not installed (scripts/deploy-tools.sh)")
        if tool and not failures:
            renders = [(o.name, o, lambda o=o: render(o, tool)) for o in OVERLAYS]
            renders += [
                (label, KUSTOMIZE / "overlays" / base, lambda b=base, c=extra: render_extra(b, c, tool))
                for label, (base, extra) in EXTRA_RENDERS.items()
            ]
            for label, overlay, make in renders:
                docs = make()
                if docs:
                    check_rendered(label, docs)
                    check_network(label, docs)
                    if uses_component(overlay, "production"):
                        check_production(label, docs)
                    if kubernetes_validate:
                        check_schemas(label, docs)
                        check_custom(label, docs)
                print(f"{'ok  ' if not failures else 'FAIL'} overlays/{label} renders "
                      f"({len(docs)} objects) and keeps its promises")
                if failures:
                    break

    for message in failures:
        print(f"  - {message}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
