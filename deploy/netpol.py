"""A small NetworkPolicy evaluator for deploy/check.py: may this peer reach that pod
on this port, given the policies of one namespace?

It follows the Kubernetes semantics that matter for deploy/kustomize: a pod selected
by no policy of a direction is open in that direction; a selected pod admits what
any selecting policy's rule admits; a connection between two pods of the namespace
needs the source's egress and the destination's ingress. Named ports, ipBlock
`except` and SCTP are not modelled (the manifests do not use them).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Peer:
    """A pod of the namespace (`labels`), a pod of another namespace (`namespace`,
    with `labels`), or an address outside the cluster (`external`)."""

    labels: dict = field(default_factory=dict, hash=False, compare=False)
    namespace: str | None = None  # None: the namespace under test
    external: bool = False

    def describe(self) -> str:
        if self.external:
            return "outside the cluster"
        where = f"namespace {self.namespace}" if self.namespace else "this namespace"
        labels = ",".join(f"{k}={v}" for k, v in sorted(self.labels.items())) or "any pod"
        return f"{labels} in {where}"


def matches(selector: dict | None, labels: dict) -> bool:
    """A label selector (matchLabels and matchExpressions) against labels."""
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and labels.get(key) in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


class Namespace:
    """The NetworkPolicies of one namespace, with its name and labels."""

    def __init__(self, name: str, labels: dict, policies: list[dict]):
        self.name = name
        self.labels = dict(labels, **{"kubernetes.io/metadata.name": name})
        self.policies = policies

    def _namespace_labels(self, peer: Peer) -> dict:
        if peer.namespace is None:
            return self.labels
        return {"kubernetes.io/metadata.name": peer.namespace}

    def _peer_matches(self, entry: dict, peer: Peer) -> bool:
        if "ipBlock" in entry:
            return peer.external
        if peer.external:
            return False
        pod_selector = entry.get("podSelector")
        ns_selector = entry.get("namespaceSelector")
        if ns_selector is None:
            # podSelector alone: pods of the policy's own namespace.
            return peer.namespace is None and matches(pod_selector, peer.labels)
        if not matches(ns_selector, self._namespace_labels(peer)):
            return False
        return pod_selector is None or matches(pod_selector, peer.labels)

    @staticmethod
    def _port_matches(rule: dict, port: int, protocol: str) -> bool:
        ports = rule.get("ports")
        if not ports:
            return True
        for p in ports:
            if p.get("protocol", "TCP") != protocol:
                continue
            if "port" not in p:
                return True
            low = p["port"]
            high = p.get("endPort", low)
            if isinstance(low, int) and low <= port <= high:
                return True
        return False

    def _allows(self, pod: dict, direction: str, other: Peer, port: int, protocol: str) -> bool:
        key = "ingress" if direction == "Ingress" else "egress"
        peers_key = "from" if direction == "Ingress" else "to"
        selecting = [
            p
            for p in self.policies
            if matches(p["spec"].get("podSelector", {}), pod)
            and direction in p["spec"].get("policyTypes", ["Ingress"])
        ]
        if not selecting:
            return True
        for policy in selecting:
            for rule in policy["spec"].get(key) or []:
                if not self._port_matches(rule, port, protocol):
                    continue
                entries = rule.get(peers_key)
                if not entries or any(self._peer_matches(e, other) for e in entries):
                    return True
        return False

    def reaches(self, source: Peer, target: Peer, port: int, protocol: str = "TCP") -> bool:
        """Whether `source` may open a connection to `target` on `port`."""
        if source.namespace is None and not source.external:
            if not self._allows(source.labels, "Egress", target, port, protocol):
                return False
        if target.namespace is None and not target.external:
            if not self._allows(target.labels, "Ingress", source, port, protocol):
                return False
        return True
