"""Technology icons: which PNG of the `diagrams` package's icon set an element shows.

An icon key names a PNG under the `diagrams` package's top-level ``resources/``
folder with dots for slashes: ``onprem.queue.kafka`` is
``resources/onprem/queue/kafka.png``. An element gets, in this order:

1. its own ``icon`` (``Element.icon``), or an ``icon`` of a style for one of its tags;
2. an icon matched from its technology by :data:`TECHNOLOGY_ICONS`, extended by the
   workspace's properties ``icon:<technology words>`` (``ws.properties["icon:kafka streams"]
   = "onprem.queue.kafka"``) or by passing ``extra=`` to :class:`IconResolver`;
3. when none of those words is in it, an icon of the place it names (:data:`PLACE_ICONS`: a cloud, an
   operating system, a data centre), which is what deployment nodes usually are.

Deployment nodes, infrastructure nodes and groups get icons by the same rules (a deployment node drawn
as a boundary shows it beside its name: :mod:`archkit.render.dot`).

Matching compares whole words, case-insensitively: ``"Apache Kafka 3.6"`` contains
``kafka``. The words that appear earliest in the technology win (``"Python, FastAPI"``
shows Python), and among those the longest. DOT text refers to icons by their
relative path (``onprem/queue/kafka.png``); only :mod:`archkit.render.graphviz` knows
where the icon set lives on disk, and it inlines every icon into the SVG.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

PROPERTY_PREFIX = "icon:"
#: archkit's own person glyph (in ``archkit/render/glyphs/``), drawn for a person without an icon.
PERSON_GLYPH = "glyphs/person.png"
_KEY = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)+$")
_WORDS = re.compile(r"[^a-z0-9+#]+")

#: Technology words -> icon key. Tested: every key exists in the installed icon set.
TECHNOLOGY_ICONS: Mapping[str, str] = MappingProxyType({
    # messaging
    "kafka": "onprem.queue.kafka",
    "rabbitmq": "onprem.queue.rabbitmq",
    "activemq": "onprem.queue.activemq",
    "celery": "onprem.queue.celery",
    "nats": "onprem.queue.nats",
    "zeromq": "onprem.queue.zeromq",
    "amazon sqs": "aws.integration.simple-queue-service-sqs",
    "sqs": "aws.integration.simple-queue-service-sqs",
    "amazon sns": "aws.integration.simple-notification-service-sns",
    "sns": "aws.integration.simple-notification-service-sns",
    "amazon kinesis": "aws.analytics.kinesis",
    "kinesis": "aws.analytics.kinesis",
    "amazon msk": "aws.analytics.managed-streaming-for-kafka",
    "eventbridge": "aws.integration.eventbridge",
    "pub sub": "gcp.analytics.pubsub",
    "pubsub": "gcp.analytics.pubsub",
    "service bus": "azure.integration.service-bus",
    "event hubs": "azure.analytics.event-hubs",
    # databases and stores
    "postgresql": "onprem.database.postgresql",
    "postgres": "onprem.database.postgresql",
    "mysql": "onprem.database.mysql",
    "mariadb": "onprem.database.mariadb",
    "mongodb": "onprem.database.mongodb",
    "cassandra": "onprem.database.cassandra",
    "oracle": "onprem.database.oracle",
    "sql server": "onprem.database.mssql",
    "mssql": "onprem.database.mssql",
    "couchdb": "onprem.database.couchdb",
    "couchbase": "onprem.database.couchbase",
    "neo4j": "onprem.database.neo4j",
    "clickhouse": "onprem.database.clickhouse",
    "cockroachdb": "onprem.database.cockroachdb",
    "influxdb": "onprem.database.influxdb",
    "hbase": "onprem.database.hbase",
    "druid": "onprem.database.druid",
    "duckdb": "onprem.database.duckdb",
    "scylladb": "onprem.database.scylla",
    "redis": "onprem.inmemory.redis",
    "memcached": "onprem.inmemory.memcached",
    "hazelcast": "onprem.inmemory.hazelcast",
    "elasticsearch": "elastic.elasticsearch.elasticsearch",
    "opensearch": "aws.analytics.amazon-opensearch-service",
    "solr": "onprem.search.solr",
    "amazon s3": "aws.storage.simple-storage-service-s3",
    "s3": "aws.storage.simple-storage-service-s3",
    "dynamodb": "aws.database.dynamodb",
    "amazon rds": "aws.database.rds",
    "aurora": "aws.database.aurora",
    "redshift": "aws.analytics.redshift",
    "bigquery": "gcp.analytics.bigquery",
    "bigtable": "gcp.database.bigtable",
    "spanner": "gcp.database.spanner",
    "cosmos db": "azure.database.cosmos-db",
    "blob storage": "azure.storage.blob-storage",
    "snowflake": "saas.analytics.snowflake",
    "ceph": "onprem.storage.ceph",
    # data processing and workflow
    "spark": "onprem.analytics.spark",
    "flink": "onprem.analytics.flink",
    "hadoop": "onprem.analytics.hadoop",
    "hdfs": "onprem.analytics.hadoop",
    "hive": "onprem.analytics.hive",
    "presto": "onprem.analytics.presto",
    "trino": "onprem.analytics.trino",
    "beam": "onprem.analytics.beam",
    "storm": "onprem.analytics.storm",
    "dbt": "onprem.analytics.dbt",
    "databricks": "onprem.analytics.databricks",
    "superset": "onprem.analytics.superset",
    "metabase": "onprem.analytics.metabase",
    "tableau": "onprem.analytics.tableau",
    "power bi": "onprem.analytics.powerbi",
    "airflow": "onprem.workflow.airflow",
    "kubeflow": "onprem.workflow.kubeflow",
    "nifi": "onprem.workflow.nifi",
    "aws glue": "aws.analytics.glue",
    "athena": "aws.analytics.athena",
    "amazon emr": "aws.analytics.emr",
    "dataflow": "gcp.analytics.dataflow",
    "dataproc": "gcp.analytics.dataproc",
    # compute, network, platform
    "aws lambda": "aws.compute.lambda",
    "lambda": "aws.compute.lambda",
    "amazon ec2": "aws.compute.ec2",
    "ec2": "aws.compute.ec2",
    "amazon eks": "aws.compute.elastic-kubernetes-service",
    "amazon ecs": "aws.compute.elastic-container-service",
    "fargate": "aws.compute.fargate",
    "api gateway": "aws.network.api-gateway",
    "cloudfront": "aws.network.cloudfront",
    "cloud run": "gcp.compute.run",
    "cloud functions": "gcp.compute.functions",
    "gke": "gcp.compute.kubernetes-engine",
    "azure functions": "azure.compute.function-apps",
    "kubernetes": "k8s.infra.master",
    "docker": "onprem.container.docker",
    "nginx": "onprem.network.nginx",
    "haproxy": "onprem.network.haproxy",
    "envoy": "onprem.network.envoy",
    "istio": "onprem.network.istio",
    "traefik": "onprem.network.traefik",
    "kong": "onprem.network.kong",
    "consul": "onprem.network.consul",
    "zookeeper": "onprem.network.zookeeper",
    "etcd": "onprem.network.etcd",
    "tomcat": "onprem.network.tomcat",
    "apache httpd": "onprem.network.apache",
    "gunicorn": "onprem.network.gunicorn",
    "vault": "onprem.security.vault",
    "prometheus": "onprem.monitoring.prometheus",
    "grafana": "onprem.monitoring.grafana",
    "datadog": "onprem.monitoring.datadog",
    "sentry": "onprem.monitoring.sentry",
    "splunk": "onprem.monitoring.splunk",
    "loki": "onprem.logging.loki",
    "fluent bit": "onprem.logging.fluentbit",
    "jenkins": "onprem.ci.jenkins",
    "github actions": "onprem.ci.github-actions",
    "gitlab ci": "onprem.ci.gitlabci",
    "argo cd": "onprem.gitops.argocd",
    "argocd": "onprem.gitops.argocd",
    "stripe": "saas.payment.stripe",
    "paypal": "saas.payment.paypal",
    "auth0": "saas.identity.auth0",
    "okta": "saas.identity.okta",
    "slack": "saas.chat.slack",
    "twilio": "saas.communication.twilio",
    "cloudflare": "saas.cdn.cloudflare",
    # infrastructure: managed services, clusters (deployment and infrastructure nodes)
    "rds": "aws.database.rds",
    "elasticache": "aws.database.elasticache",
    "eks": "aws.compute.elastic-kubernetes-service",
    "ecs": "aws.compute.elastic-container-service",
    "aks": "azure.compute.kubernetes-services",
    "compute engine": "gcp.compute.compute-engine",
    "app engine": "gcp.compute.app-engine",
    "azure vm": "azure.compute.vm",
    "vpc": "aws.network.vpc",
    "elastic load balancing": "aws.network.elastic-load-balancing",
    "elb": "aws.network.elastic-load-balancing",
    "alb": "aws.network.elb-application-load-balancer",
    "nlb": "aws.network.elb-network-load-balancer",
    "route 53": "aws.network.route-53",
    "k8s": "k8s.infra.master",
    "kubernetes cluster": "k8s.infra.master",
    "kubernetes node": "k8s.infra.node",
    "node pool": "k8s.infra.node",
    "kubernetes namespace": "k8s.group.ns",
    "kubernetes pod": "k8s.compute.pod",
    "k3s": "onprem.container.k3s",
    "containerd": "onprem.container.containerd",
    "nomad": "onprem.compute.nomad",
    # languages and frameworks
    "python": "programming.language.python",
    "java": "programming.language.java",
    "kotlin": "programming.language.kotlin",
    "scala": "programming.language.scala",
    "go": "programming.language.go",
    "golang": "programming.language.go",
    "rust": "programming.language.rust",
    "javascript": "programming.language.javascript",
    "typescript": "programming.language.typescript",
    "node js": "programming.language.nodejs",
    "nodejs": "programming.language.nodejs",
    "c#": "programming.language.csharp",
    "c++": "programming.language.cpp",
    "php": "programming.language.php",
    "ruby": "programming.language.ruby",
    "swift": "programming.language.swift",
    "dart": "programming.language.dart",
    "elixir": "programming.language.elixir",
    "erlang": "programming.language.erlang",
    "spring": "programming.framework.spring",
    "django": "programming.framework.django",
    "flask": "programming.framework.flask",
    "fastapi": "programming.framework.fastapi",
    "react": "programming.framework.react",
    "angular": "programming.framework.angular",
    "vue": "programming.framework.vue",
    "svelte": "programming.framework.svelte",
    "next js": "programming.framework.nextjs",
    "rails": "programming.framework.rails",
    "laravel": "programming.framework.laravel",
    ".net": "programming.framework.dotnet",
    "dotnet": "programming.framework.dotnet",
    "flutter": "programming.framework.flutter",
    "graphql": "programming.framework.graphql",
    "quarkus": "programming.framework.quarkus",
})


#: Words of a place rather than a product — a cloud or its region, an operating system, a data centre, a
#: network — matched only when no word of :data:`TECHNOLOGY_ICONS` is in the technology: ``"AWS eu-west-1"``
#: shows the AWS logo, ``"AWS Fargate"`` Fargate, ``"Azure Service Bus"`` Service Bus.
PLACE_ICONS: Mapping[str, str] = MappingProxyType({
    "aws": "aws.aws",
    "amazon web services": "aws.aws",
    "google cloud": "gcp.gcp",
    "gcp": "gcp.gcp",
    "azure": "azure.azure",
    "microsoft azure": "azure.azure",
    "alibaba cloud": "alibabacloud.alibabacloud",
    "digitalocean": "digitalocean.digitalocean",
    "ibm cloud": "ibm.ibm",
    "openstack": "openstack.openstack",
    "bare metal": "onprem.compute.server",
    "physical server": "onprem.compute.server",
    "data center": "generic.place.datacenter",
    "datacenter": "generic.place.datacenter",
    "vmware": "generic.virtualization.vmware",
    "linux": "generic.os.linux-general",
    "ubuntu": "generic.os.ubuntu",
    "debian": "generic.os.debian",
    "red hat": "generic.os.red-hat",
    "centos": "generic.os.centos",
    "windows server": "generic.os.windows",
    "subnet": "generic.network.subnet",
    "firewall": "generic.network.firewall",
    "vpn": "generic.network.vpn",
})


def words(text: str) -> str:
    """Lower-case words separated by single spaces, with a space at each end (``" apache kafka "``)."""
    return f" {_WORDS.sub(' ', text.lower().replace('.net', 'dotnet')).strip()} "


def relpath(key: str) -> str:
    """``onprem.queue.kafka`` -> ``onprem/queue/kafka.png`` (relative to the icon set)."""
    return key.replace(".", "/") + ".png"


@cache
def icon_root() -> Path | None:
    """The folder of the `diagrams` package's icons (its top-level ``resources/``), if installed."""
    spec = importlib.util.find_spec("resources")
    for location in (spec.submodule_search_locations or []) if spec else []:
        if (Path(location) / "onprem").is_dir():
            return Path(location)
    return None


@lru_cache(maxsize=4096)  # the icon set is read-only package data; every view asks for the same few keys
def icon_exists(key: str) -> bool:
    root = icon_root()
    return bool(_KEY.match(key)) and root is not None and (root / relpath(key)).is_file()


def icon_file(key: str | None, view: str, owner: str, warnings: list[str]) -> str | None:
    """The file of icon ``key`` (relative to the icon set), or None, with a warning appended when it cannot
    be drawn (the icon set is not installed, or ``key`` names no icon in it)."""
    if key is None:
        return None
    if icon_root() is None:
        warnings.append("icons are off: the `diagrams` package (its icon set) is not installed")
        return None
    if not icon_exists(key):
        warnings.append(
            f"view '{view}': {owner}: unknown icon '{key}' — use a key like "
            "'onprem.queue.kafka' (a PNG under the diagrams package's resources/ folder)")
        return None
    return relpath(key)


class IconResolver:
    """Matches technologies to icon keys; ``extra`` entries extend (and override) the defaults."""

    def __init__(self, extra: Mapping[str, str] | None = None) -> None:
        table = {**TECHNOLOGY_ICONS, **(extra or {})}
        self._patterns = _patterns(table)
        self._places = _patterns({k: v for k, v in PLACE_ICONS.items() if k not in table})
        self._found: dict[str, str | None] = {}

    @classmethod
    def for_properties(cls, properties: Mapping[str, str]) -> IconResolver:
        """A resolver extended by ``icon:<technology>`` entries of a workspace's properties
        (one shared resolver per set of entries: every view of a workspace asks the same)."""
        extra = {k[len(PROPERTY_PREFIX):]: v for k, v in properties.items() if k.startswith(PROPERTY_PREFIX)}
        return _shared_resolver(tuple(sorted(extra.items()))) if cls is IconResolver else cls(extra)

    def for_technology(self, technology: str) -> str | None:
        """The icon key of the earliest (then longest) known technology words, or None."""
        if technology not in self._found:
            self._found[technology] = self._match(technology)
        return self._found[technology]

    def _match(self, technology: str) -> str | None:
        text = words(technology)
        return _earliest(text, self._patterns) or _earliest(text, self._places)

    def resolve(self, explicit: str | None, technology: str) -> str | None:
        """The explicit key when given, else the technology's match."""
        return explicit or self.for_technology(technology)

    def element_icon(self, keys: tuple[str | None, str | None], technology: str, person: bool,
                     where: tuple[str, str], warnings: list[str]) -> str | None:
        """The icon file an element is drawn with (every view draws it alike): the first of ``keys`` (its
        own icon, its style's) or its technology's, else the person glyph for an element shaped as a
        person; ``where`` is (view key, element id) for the warning of an unknown icon."""
        key = keys[0] or keys[1] or self.for_technology(technology)
        found = icon_file(key, where[0], where[1], warnings)
        return found if found is not None else PERSON_GLYPH if person else None


def _patterns(table: Mapping[str, str]) -> list[tuple[str, str]]:
    return sorted(((words(k), v) for k, v in table.items() if words(k).strip()), key=lambda kv: (-len(kv[0]), kv[0]))


def _earliest(text: str, patterns: list[tuple[str, str]]) -> str | None:
    """The key of the pattern found earliest in ``text`` (the longest among those), or None."""
    best: tuple[int, int, str] | None = None
    for pattern, key in patterns:
        at = text.find(pattern)
        if at >= 0 and (best is None or (at, -len(pattern)) < best[:2]):
            best = (at, -len(pattern), key)
    return best[2] if best else None


@cache
def _shared_resolver(extra: tuple[tuple[str, str], ...]) -> IconResolver:
    return IconResolver(dict(extra))
