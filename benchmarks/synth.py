"""Synthetic archkit models of a chosen size, realistic in shape, for benchmarks.

``synth(n)`` returns the plain data of a workspace (the YAML/JSON model format
that ``archkit.load`` reads) with exactly ``n`` elements:

- people (2%) using the web front ends of the systems;
- software systems (3%), a quarter of them external;
- containers (16%) inside the internal systems: APIs, web apps, workers,
  databases and queues, each system owned by a team (a group);
- components (the rest, about 55%) inside the APIs and workers;
- deployment nodes (6%: regions holding clusters) in one or two environments,
  with container instances (8%) on the clusters;
- about two relationships per element (``relationships_per_element``), mostly
  between components of one container, then across containers and systems,
  every one with a description and (at container level) a technology;
- the default C4 views: landscape, one context and container view per internal
  system, one component view per container with components, a deployment view
  per environment and one dynamic view;
- ``arc42.system`` naming the system the arc42 docs describe (the first internal one with
  containers), when several are internal.

The generator is seeded and deterministic: the same ``n`` and ``seed`` give
the same bytes. Every generated model passes ``archkit check --strict``.

    python benchmarks/synth.py 1000 -o synth-1000.json
    python benchmarks/synth.py 5000 --format yaml -o synth-5000.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SIZES = (10, 100, 1000, 5000)
DEFAULT_SEED = 8

_DOMAINS = (
    "Orders", "Billing", "Catalog", "Payments", "Shipping", "Inventory", "Accounts", "Search",
    "Pricing", "Reviews", "Loyalty", "Returns", "Fraud", "Ledger", "Identity", "Notifications",
    "Reporting", "Support", "Recommendations", "Warehouse",
)
_CONTAINER_KINDS = (
    # (name, technology, tags, holds components)
    ("API", "Python, FastAPI", (), True),
    ("Web App", "TypeScript, React", ("Web Browser",), False),
    ("Worker", "Java, Spring Boot", (), True),
    ("Database", "PostgreSQL", ("Database",), False),
    ("Events", "Apache Kafka", ("Queue",), False),
    ("Service", "Go, gRPC", (), True),
)
_COMPONENT_ROLES = (
    "Controller", "Service", "Repository", "Mapper", "Validator", "Client", "Scheduler",
    "Publisher", "Consumer", "Cache", "Policy", "Facade",
)
_TECH_SYNC = ("HTTPS/JSON", "gRPC", "SQL/JDBC", "HTTPS/REST")
_TECH_ASYNC = ("Kafka", "AMQP")


@dataclass(frozen=True)
class Counts:
    """How many elements of each kind a model of ``total`` elements has."""

    people: int
    systems: int
    containers: int
    components: int
    nodes: int
    instances: int

    @property
    def total(self) -> int:
        return self.people + self.systems + self.containers + self.components + self.nodes + self.instances


def counts_for(n: int) -> Counts:
    """Split ``n`` (at least 8) over the element kinds; components take the remainder."""
    if n < 8:
        raise ValueError(f"n={n}: a synthetic model needs at least 8 elements")
    people = max(1, round(n * 0.02))
    systems = max(1, round(n * 0.03))
    containers = max(2, round(n * 0.16))
    nodes = max(1, round(n * 0.06))
    instances = max(1, round(n * 0.08))
    components = n - people - systems - containers - nodes - instances
    return Counts(people, systems, containers, components, nodes, instances)


@dataclass
class _Builder:
    rng: random.Random
    people: list[dict[str, Any]] = field(default_factory=list)
    systems: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    nodes: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    pairs: set[tuple[str, str]] = field(default_factory=set)
    # indexes for relationship generation
    containers: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (system id, container)
    components: list[tuple[str, str]] = field(default_factory=list)  # (container id, component id)
    external: list[str] = field(default_factory=list)

    def relate(self, source: str, destination: str, description: str, technology: str,
               interaction: str = "sync") -> bool:
        if source == destination or (source, destination) in self.pairs:
            return False
        if destination.startswith(source + ".") or source.startswith(destination + "."):
            return False  # parent and child
        self.pairs.add((source, destination))
        rel: dict[str, Any] = {"source": source, "destination": destination, "description": description}
        if technology:
            rel["technology"] = technology
        if interaction != "sync":
            rel["interaction"] = interaction
        self.relationships.append(rel)
        return True


def _spread(total: int, bins: int, rng: random.Random, minimum: int = 1) -> list[int]:
    """``total`` items over ``bins`` bins, each at least ``minimum``, uneven like real systems:
    the weights are heavy-tailed (Pareto), so a few systems and containers are much larger."""
    if bins <= 0:
        return []
    sizes = [minimum] * bins
    weights = [min(rng.paretovariate(1.5), 30.0) for _ in range(bins)]
    for _ in range(max(0, total - minimum * bins)):
        sizes[rng.choices(range(bins), weights)[0]] += 1
    return sizes


def _add_structure(b: _Builder, c: Counts) -> None:
    rng = b.rng
    n_external = c.systems // 4
    n_internal = c.systems - n_external
    teams = max(1, n_internal // 3)
    b.groups = [{"id": f"team-{t:02d}", "name": f"Team {t:02d}", "description": "A delivery team."}
                for t in range(1, teams + 1)]
    for p in range(1, c.people + 1):
        b.people.append({"id": f"person-{p:03d}", "name": f"User Role {p:03d}",
                         "description": "A person who uses the systems.",
                         **({"location": "external"} if p % 3 == 0 else {})})
    per_system = _spread(c.containers, n_internal, rng)
    for s in range(1, c.systems + 1):
        sid = f"sys-{s:03d}"
        name = f"{_DOMAINS[(s - 1) % len(_DOMAINS)]} {s:03d}"
        system: dict[str, Any] = {"id": sid, "name": name, "description": f"Handles {name.lower()}."}
        if s > n_internal:
            system["location"] = "external"
            system["tags"] = ["External"]
            b.external.append(sid)
        else:
            system["group"] = b.groups[(s - 1) % teams]["id"]
            system["containers"] = [_container(b, sid, k, rng) for k in range(per_system[s - 1])]
        b.systems.append(system)
    holders = [cont for _, cont in b.containers if "components" in cont]
    if not holders:  # tiny models: let the first container hold the components
        holders = [b.containers[0][1]]
        holders[0]["components"] = []
    for cont, count in zip(holders, _spread(c.components, len(holders), rng, 0), strict=True):
        for k in range(count):
            role = _COMPONENT_ROLES[k % len(_COMPONENT_ROLES)]
            kid = f"{cont['id']}.k{k:03d}"
            cont["components"].append({"id": kid, "name": f"{role} {k:03d}", "technology": cont["technology"],
                                       "description": f"The {role.lower()} of {cont['name']}."})
            b.components.append((cont["id"], kid))


def _container(b: _Builder, sid: str, k: int, rng: random.Random) -> dict[str, Any]:
    kind, tech, tags, holds = _CONTAINER_KINDS[k % len(_CONTAINER_KINDS)]
    cont: dict[str, Any] = {"id": f"{sid}.c{k:02d}", "name": f"{kind} {k:02d}", "technology": tech,
                            "description": f"The {kind.lower()} of {sid}."}
    if tags:
        cont["tags"] = list(tags)
    if holds:
        cont["components"] = []
    b.containers.append((sid, cont))
    return cont


def _add_deployment(b: _Builder, c: Counts) -> list[str]:
    environments = ["Production"] + (["Staging"] if c.nodes >= 20 else [])
    regions = max(1, c.nodes // 6)
    clusters = _spread(c.nodes - regions, regions, b.rng, 0)
    leaves: list[dict[str, Any]] = []
    for r in range(regions):
        env = environments[r % len(environments)]
        rid = f"{env.lower()}.region-{r + 1:02d}"
        region: dict[str, Any] = {"id": rid, "name": f"Region {r + 1:02d}", "environment": env,
                                  "technology": "Cloud region", "description": "A cloud region.",
                                  "children": []}
        for k in range(clusters[r]):
            region["children"].append({"id": f"{rid}.cluster-{k + 1:02d}", "name": f"Cluster {k + 1:02d}",
                                       "technology": "Kubernetes", "instances": "3",
                                       "description": "A Kubernetes cluster."})
        leaves.extend(region["children"] or [region])
        b.nodes.append(region)
    deployable = [cont["id"] for _, cont in b.containers]
    for i in range(c.instances):
        node = leaves[i % len(leaves)]
        target = deployable[(i * 7) % len(deployable)]
        inst = {"id": f"{node['id']}.i{i:03d}", "container": target, "instance_id": 1 + i // len(deployable)}
        node.setdefault("container_instances", []).append(inst)
    return environments


def _add_relationships(b: _Builder, target: int) -> None:
    rng = b.rng
    by_system: dict[str, list[dict[str, Any]]] = {}
    for sid, cont in b.containers:
        by_system.setdefault(sid, []).append(cont)
    by_container: dict[str, list[str]] = {}
    for cid, kid in b.components:
        by_container.setdefault(cid, []).append(kid)
    internal = sorted(by_system)
    # every element gets at least one relationship (no orphans)
    for i, person in enumerate(b.people):
        conts = by_system[internal[i % len(internal)]]
        b.relate(person["id"], conts[min(1, len(conts) - 1)]["id"], "Uses", "HTTPS")
    for sid, conts in by_system.items():
        for k, cont in enumerate(conts):
            other = conts[(k + 1) % len(conts)]
            b.relate(cont["id"], other["id"], "Calls", rng.choice(_TECH_SYNC))
        b.relate(sid, rng.choice(b.external or internal), "Exchanges data with", "")
    for ext in b.external:
        b.relate(rng.choice(internal), ext, "Sends requests to", "")
    for cid, kids in by_container.items():
        for k, kid in enumerate(kids):
            if len(kids) > 1:
                b.relate(kid, kids[(k + 1) % len(kids)], "Delegates to", "in-process")
                continue
            sid = cid.rsplit(".", 1)[0]
            others = [c["id"] for c in by_system[sid] if c["id"] != cid] or b.external or internal
            b.relate(kid, others[0], "Calls", rng.choice(_TECH_SYNC))
    # then random ones, local first, until about ``target`` relationships exist
    attempts = 0
    while len(b.relationships) < target and attempts < target * 20:
        attempts += 1
        _random_relationship(b, rng, by_system, by_container)


def _random_relationship(b: _Builder, rng: random.Random, by_system: dict[str, list[dict[str, Any]]],
                         by_container: dict[str, list[str]]) -> None:
    roll = rng.random()
    if roll < 0.55 and b.components:
        cid, src = rng.choice(b.components)
        b.relate(src, rng.choice(by_container[cid]), "Calls", "in-process")
    elif roll < 0.8 and b.components:
        cid, src = rng.choice(b.components)
        sid = cid.rsplit(".", 1)[0]
        dest = rng.choice(by_system[sid])
        kids = by_container.get(dest["id"])
        dest_id = rng.choice(kids) if kids and rng.random() < 0.5 else dest["id"]
        b.relate(src, dest_id, "Reads from" if "Database" in dest.get("tags", ()) else "Calls",
                 rng.choice(_TECH_SYNC))
    else:
        (_, src_c), (_, dst_c) = rng.choice(b.containers), rng.choice(b.containers)
        if "Queue" in dst_c.get("tags", ()):
            b.relate(src_c["id"], dst_c["id"], "Publishes events to", rng.choice(_TECH_ASYNC), "async")
        else:
            b.relate(src_c["id"], dst_c["id"], "Calls", rng.choice(_TECH_SYNC))


def _views(b: _Builder, environments: list[str]) -> list[dict[str, Any]]:
    views: list[dict[str, Any]] = []
    if len(b.systems) > 1:
        views.append({"type": "system_landscape", "title": "System Landscape"})
    for system in b.systems:
        if "containers" not in system:
            continue
        views.append({"type": "system_context", "software_system": system["id"],
                      "title": f"{system['name']} — System Context"})
        views.append({"type": "container", "software_system": system["id"],
                      "title": f"{system['name']} — Containers"})
        for cont in system["containers"]:
            if cont.get("components"):
                views.append({"type": "component", "container": cont["id"],
                              "title": f"{cont['name']} of {system['name']} — Components"})
    views.extend({"type": "deployment", "environment": env, "title": f"Deployment — {env}"}
                 for env in environments)
    steps = [{"source": r["source"], "destination": r["destination"], "description": r["description"]}
             for r in b.relationships if r["source"].count(".") == 1 and r["destination"].count(".") == 1][:4]
    if steps:
        views.append({"type": "dynamic", "key": "dynamic-main-flow", "title": "Main flow",
                      "steps": steps})
    return views


def synth(n: int, seed: int = DEFAULT_SEED, relationships_per_element: float = 2.0) -> dict[str, Any]:
    """The data of a workspace with exactly ``n`` elements (see the module docstring)."""
    c = counts_for(n)
    b = _Builder(random.Random(f"archkit-synth-{n}-{seed}"))
    _add_structure(b, c)
    environments = _add_deployment(b, c)
    _add_relationships(b, round(n * relationships_per_element))
    return {
        "name": f"Synthetic {n}",
        "description": f"A synthetic model of {n} elements (seed {seed}) for archkit's benchmarks.",
        "model": {
            "people": b.people,
            "software_systems": b.systems,
            "deployment_nodes": b.nodes,
            "relationships": b.relationships,
            "groups": b.groups,
        },
        "views": _views(b, environments),
        **_documented(b.systems),
    }


def _documented(systems: list[dict[str, Any]]) -> dict[str, Any]:
    """``arc42.system`` when several systems are internal (the arc42 docs describe one): the first with
    containers, as the docs would choose, named so that ``check`` has nothing to warn about."""
    internal = [s for s in systems if s.get("location") != "external"]
    if len(internal) < 2:
        return {}
    chosen = next((s for s in internal if s.get("containers")), internal[0])
    return {"arc42": {"system": chosen["id"]}}


def dumps(data: dict[str, Any], fmt: str) -> str:
    """Serialise to ``json`` or ``yaml`` text (stable: same data, same text)."""
    if fmt == "json":
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    import yaml

    return str(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120))


def write_model(n: int, path: Path, seed: int = DEFAULT_SEED) -> Path:
    """Write the synthetic model of ``n`` elements to ``path`` (format from its suffix)."""
    fmt = "json" if path.suffix == ".json" else "yaml"
    text = dumps(synth(n, seed), fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help=f"number of elements (e.g. {', '.join(map(str, SIZES))})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--format", choices=("json", "yaml"), default="json")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    args = parser.parse_args(argv)
    if args.output is not None:
        write_model(args.n, args.output, args.seed)
    else:
        sys.stdout.write(dumps(synth(args.n, args.seed), args.format))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
