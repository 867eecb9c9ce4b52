"""Kappa architecture: marketplace supply-and-demand metrics from one streaming path.

The log (Kafka, with tiered storage and unlimited retention) is the source of truth.
One stream-processing job computes every metric; to change the logic, a new job
version replays the log from the first offset into new serving tables while the old
version keeps serving, and the serving alias flips when the new one has caught up.

Build it with `archkit build models/kappa_architecture.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Marketplace Metrics (Kappa Architecture)",
    description="Per-zone supply and demand metrics for a ride-hailing marketplace, computed "
    "by a single streaming path over a replayable log.",
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

engineer = m.person(
    "Data Engineer",
    "Changes metric logic, ships new job versions and starts reprocessing.",
)
ops = m.person(
    "Marketplace Analyst",
    "Watches supply, demand and pickup times per city zone; tunes incentives.",
)
apps = m.software_system(
    "Rider and Driver Apps",
    "Mobile apps; drivers send their location every 4 s, riders send ride requests.",
    location="external",
)
dispatch = m.software_system(
    "Dispatch System",
    "Matches riders with drivers and publishes the trip lifecycle (requested, accepted, "
    "picked up, completed, cancelled).",
    location="external",
)
pricing = m.software_system(
    "Pricing Service",
    "Computes surge multipliers per zone from the current supply and demand.",
    location="external",
)

platform = m.software_system(
    "Marketplace Metrics Platform",
    "Turns location pings and trip events into per-zone, per-minute supply, demand and "
    "pickup-time metrics for pricing and operations.",
)
gateway = platform.container(
    "Event Gateway",
    "Receives location pings from the apps over gRPC, validates and partitions them by "
    "zone, and appends them to the log.",
    "Go, gRPC",
)
log = platform.container(
    "Event Log",
    "Topics locations and trips, 64 partitions each, unlimited retention through tiered "
    "storage: the source of truth for every metric, replayable from offset 0.",
    "Apache Kafka", tags=["Queue"],
)
job = platform.container(
    "Metrics Job",
    "The one processing path: a Flink job that maps events to H3 zones and aggregates them "
    "in 1-minute event-time windows. Each logic change is a new job version with its own "
    "consumer group and output tables.",
    "Apache Flink",
)
controller = platform.container(
    "Pipeline Controller",
    "Deploys job versions, starts a replay from offset 0, watches its lag and flips the "
    "serving alias to the new version once it has caught up.",
    "Python, Flink Kubernetes Operator",
)
current = platform.container(
    "Current Zone Metrics",
    "The latest minute of supply, demand and pickup time per zone, one key space per job "
    "version; read on every price computation.",
    "Redis", tags=["Database"],
)
history = platform.container(
    "Metrics History",
    "Per-minute zone metrics for 2 years, one datasource per job version; ingested from the "
    "job's versioned output topic.",
    "Apache Druid", tags=["Database"],
)
api = platform.container(
    "Metrics API",
    "Serves current zone metrics to pricing; resolves the serving alias to the live job "
    "version's key space.",
    "Kotlin, Ktor",
)
dashboards = platform.container(
    "Operations Dashboards",
    "Zone heat maps and pickup-time trends for analysts.",
    "Grafana",
)

# Metrics Job internals: one Flink job graph, deployed once per version
source = job.component(
    "Event Source",
    "Reads locations and trips from a start offset (latest for the live version, 0 for a "
    "replay) and assigns event-time watermarks.", "Flink Kafka Source",
)
dedup = job.component(
    "Deduplicator", "Drops pings and trip events re-sent by flaky mobile connections.",
    "Flink keyed state, RocksDB",
)
zoner = job.component(
    "Zone Mapper", "Maps each coordinate to an H3 resolution-8 hexagon (about 0.7 km²).",
    "Flink map, H3",
)
window = job.component(
    "Window Aggregator",
    "Counts available drivers and open requests and the median pickup time per zone and "
    "1-minute window; late events up to 2 minutes update the window.",
    "Flink window, RocksDB",
)
redis_sink = job.component(
    "Current Metrics Sink", "Upserts the latest window per zone into the version's key space.",
    "Flink Redis sink",
)
topic_sink = job.component(
    "History Sink", "Writes every window to the version's output topic, exactly once.",
    "Flink Kafka Sink, transactions",
)

# ---- relationships ------------------------------------------------------------------------

apps.uses(gateway, "Sends location pings and ride requests to", "gRPC over HTTP/2",
          interaction="async")
dispatch.uses(log, "Publishes trip lifecycle events to", "Kafka protocol, Avro",
              interaction="async")
gateway.uses(log, "Appends pings to", "Kafka protocol, Avro", interaction="async")
source.uses(log, "Reads events from a chosen offset", "Kafka protocol")
source.uses(dedup, "Emits timestamped events to", "Flink stream")
dedup.uses(zoner, "Emits unique events to", "Flink stream")
zoner.uses(window, "Emits zoned events to", "Flink stream, keyed by zone")
window.uses(redis_sink, "Emits closed windows to", "Flink stream")
window.uses(topic_sink, "Emits closed windows to", "Flink stream")
redis_sink.uses(current, "Upserts per-zone metrics into", "RESP")
topic_sink.uses(log, "Writes windows to the version's output topic", "Kafka protocol",
                interaction="async")
history.uses(log, "Ingests the live version's output topic from", "Druid Kafka supervisor")
controller.uses(job, "Deploys job versions and watches their lag", "Kubernetes API, Flink REST")
controller.uses(api, "Flips the serving alias via", "HTTPS/JSON")
controller.uses(history, "Switches the queried datasource in", "Druid SQL over HTTPS")
api.uses(current, "Reads the live version's key space from", "RESP")
pricing.uses(api, "Gets current supply and demand per zone from", "gRPC")
dashboards.uses(history, "Queries zone metric series from", "Druid SQL over HTTPS")
ops.uses(dashboards, "Watches zones and pickup times in", "HTTPS")
engineer.uses(controller, "Ships a new job version and starts its replay with", "CLI over HTTPS")

# ---- deployment ---------------------------------------------------------------------------

dc = m.deployment_node(
    "Data Center Frankfurt", "The company's primary data center.", "On-premises",
    environment="Production",
)
lb = dc.infrastructure_node("Ingress", "TLS termination and gRPC load balancing.", "Nginx")
k8s = dc.deployment_node("Kubernetes Cluster", "Shared platform cluster, 3 zones.", "Kubernetes")
gw_pods = k8s.deployment_node("Gateway Pods", "Autoscaled, 6 to 30 pods.",
                              "Kubernetes Deployment",
                              instances="6..30").container_instance(gateway)
kafka = k8s.deployment_node("Kafka Cluster", "6 brokers managed by Strimzi.", "Apache Kafka 3.7",
                            instances="6")
log_brokers = kafka.container_instance(log)
tiered = kafka.infrastructure_node("Tiered Storage", "Closed log segments beyond 3 days, "
                                   "kept forever.", "Amazon S3")
flink = k8s.deployment_node("Flink Cluster", "Application clusters per job version.",
                            "Apache Flink 1.19")
flink.deployment_node("metrics-v7 (live)", "The live job version, 8 task managers.",
                      "Flink application", instances="8").container_instance(job)
flink.deployment_node("metrics-v8 (replaying)", "The next version while it replays; 24 task "
                      "managers until it catches up, then 8.", "Flink application",
                      instances="24").container_instance(job, instance_id=2)
svc = k8s.deployment_node("Service Pods", "Metrics API, controller and Grafana.", "Kubernetes",
                          instances="3")
api_pods = svc.container_instance(api)
svc.container_instance(controller)
svc.container_instance(dashboards)
k8s.deployment_node("Redis Cluster", "3 shards, 1 replica each.", "Redis 7",
                    instances="3").container_instance(current)
k8s.deployment_node("Druid Cluster", "2 brokers, 6 historicals, 3 middle managers.",
                    "Apache Druid 29", instances="11").container_instance(history)
log_brokers.uses(tiered, "Offloads closed segments to and replays them from", "S3 API")
lb.uses(gw_pods, "Balances gRPC streams across", "gRPC over HTTP/2")
lb.uses(api_pods, "Routes pricing requests to", "gRPC")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(platform, key="context", title="Marketplace Metrics — System Context",
                 description="Where events come from and who consumes the metrics.")
v.container(platform, key="containers", title="Marketplace Metrics — Containers",
            description="One path: log, one job, serving stores. The controller manages job versions.",
            direction="LR")
v.component(job, key="metrics-job", title="Metrics Job — Components",
            description="The Flink job graph every version runs; only its logic differs.")
replay = v.dynamic(platform, key="reprocessing", title="Reprocessing by replaying the log", style="sequence",
                   description="A logic change ships as job v8. It replays the log from offset "
                   "0 while v7 keeps serving; the alias flips when v8 has caught up.")
replay.step(engineer, controller, "Ships metrics-v8 with the new pickup-time logic", "CLI")
replay.step(controller, job, "Starts v8 with a new consumer group at offset 0", "Kubernetes API")
replay.parallel(
    [(job, log, "v7 keeps reading the head of the log"),
     (job, current, "v7 keeps upserting the live key space"),
     (api, current, "Pricing reads v7's key space through the alias")],
    [(job, log, "v8 replays 2 years of events at 1.2 M events/s"),
     (job, current, "v8 fills its own key space"),
     (history, log, "Druid ingests v8's output topic into a new datasource")],
)
replay.step(controller, job, "Sees v8's lag under 5 s for 10 minutes", "Flink REST")
replay.step(controller, api, "Flips the serving alias to v8", "HTTPS/JSON")
replay.step(controller, history, "Points dashboards at v8's datasource", "Druid SQL")
replay.step(controller, job, "Stops v7 and deletes its key space after 7 days", "Kubernetes API")
live = v.dynamic(job, key="live-metrics", title="A location ping reaches pricing",
                 description="The everyday path through the job graph.")
live.step(source, log, "Reads the driver's ping", "Kafka protocol")
live.step(source, dedup, "Drops it if already seen", "Flink stream")
live.step(dedup, zoner, "Maps it to zone 881f1d4a8bfffff", "Flink stream")
live.step(zoner, window, "Adds the driver to the zone's open window", "Flink stream")
live.parallel(
    [(window, redis_sink, "Emits the closed window"),
     (redis_sink, current, "Upserts supply = 42, demand = 57")],
    [(window, topic_sink, "Emits the closed window"),
     (topic_sink, log, "Commits it to metrics-v7 in a transaction")],
)
live.step(api, current, "Pricing reads the zone and raises surge to 1.4x", "RESP")
v.deployment("Production", platform, key="production", title="Production — Frankfurt",
             description="Two job versions side by side while v8 replays.")

workspace.styles.element("Database", shape="cylinder")
workspace.styles.element("Queue", shape="pipe")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "The Marketplace Metrics Platform tells pricing and operations how many drivers are free "
    "and how many riders are waiting in each city zone, minute by minute. It is a kappa "
    "architecture (Jay Kreps, 2014): there is no batch layer. The log is the source of truth; "
    "reprocessing means running a new version of the same streaming job over the log."
)
a.requirement("B1", "business", "Surge prices react to demand within seconds",
              "Stale supply figures cost rides (too low) or riders (too high).", priority="high")
a.requirement("B2", "business", "Metric definitions can change without losing history",
              "Operations revises zone sizes and pickup-time rules several times a year; trends "
              "must stay comparable across the change.", priority="high")
a.requirement("B3", "business", "One team owns the pipeline end to end",
              "Four data engineers; no separate batch team.", priority="medium")
a.requirement("F1", "functional", "Ingest location pings and trip events",
              elements=[gateway, log])
a.requirement("F2", "functional", "Compute supply, demand and pickup time per zone and minute",
              elements=[job])
a.requirement("F3", "functional", "Serve current metrics to pricing and history to dashboards",
              elements=[api, current, history, dashboards])
a.requirement("F4", "functional", "Reprocess all history with a new job version",
              "Without downtime and with a rollback to the previous version.",
              elements=[controller, job, log])
a.requirement("Q1", "quality", "Fresh: a ping counts in pricing within 5 s (p99)")
a.requirement("Q2", "quality", "Exact: no event counted twice after failover")
a.requirement("Q3", "quality", "Replayable: 2 years of history in under 8 hours")
a.requirement("Q4", "quality", "Scalable: 150,000 events/s sustained")

a.quality_goal("QG1", 1, "Freshness", "Pricing sees the marketplace as it is now.")
a.quality_goal("QG2", 2, "Evolvability", "Metric logic changes apply to all history, safely.")
a.quality_goal("QG3", 3, "Correctness", "Counts are exactly-once, through failures and replays.")
a.quality_goal("QG4", 4, "Throughput", "Traffic doubles on New Year's Eve.")
a.scenario("QS1", goal="QG1", title="A driver goes online",
           source="Driver app", stimulus="sends a location ping", environment="normal load, "
           "60,000 pings/s", artifact="Metrics Job, Metrics API",
           response="the zone's supply includes the driver in the next closed window",
           response_measure="ping to Redis p99 < 5 s; Metrics API read p99 < 10 ms at "
           "8,000 reads/s")
a.scenario("QS2", goal="QG2", title="A new pickup-time definition over all history",
           source="Data engineer", stimulus="ships metrics-v8 and starts its replay",
           environment="normal operation; 2 years of log, about 90 billion events",
           artifact="Pipeline Controller, Metrics Job",
           response="v8 replays the log beside v7; the alias flips once v8 has caught up",
           response_measure="replay at >= 1.2 M events/s, done in < 8 h; 0 s serving downtime; "
           "rollback to v7 in < 1 min for 7 days")
a.scenario("QS3", goal="QG3", title="A task manager dies mid-window",
           source="Kubernetes", stimulus="kills a Flink task manager",
           environment="normal load", artifact="Metrics Job",
           response="the job restarts from the last checkpoint and replays from its offsets",
           response_measure="0 duplicated or lost events in the output topic; recovery < 60 s; "
           "checkpoint every 30 s")
a.scenario("QS4", goal="QG4", title="New Year's Eve",
           source="Rider and driver apps", stimulus="send 2.5x the usual event rate",
           environment="peak, 150,000 events/s for 4 hours", artifact="Event Gateway, Event Log",
           response="gateways scale out, the job scales to 16 task managers",
           response_measure="gateway p99 < 30 ms; job lag < 10 s; 0 events rejected")
a.stakeholder("Pricing team", "pricing@rides.example",
              "Current, exactly counted supply and demand with a stable API.")
a.stakeholder("Marketplace analysts", "marketplace-ops@rides.example",
              "Comparable trends across metric changes.")
a.stakeholder("Data engineering", "data-eng@rides.example",
              "One codebase, one runtime, safe reprocessing.")
a.stakeholder("Platform SRE", "sre@rides.example",
              "Capacity for replays planned, not discovered.")
a.constraint("C1", "On-premises Kubernetes", "Compute runs in the company's Frankfurt data "
             "center; object storage is the only cloud service allowed.", kind="organizational")
a.constraint("C2", "Kafka is the company's event backbone", "Dispatch already publishes trips "
             "to Kafka; other teams consume the same topics.", kind="technical")
a.constraint("C3", "Location data is personal data", "Pings are pseudonymised at the gateway; "
             "driver ids never reach the serving stores.", kind="organizational")

a.decision("0001", "Kappa rather than lambda", status="accepted", date=date(2024, 1, 16),
           elements=[job, log],
           context="Every metric is a windowed aggregate that can be computed incrementally. A "
           "lambda architecture would give exact batch recomputation, but needs every metric "
           "twice (batch and streaming) plus a merge at query time, and a team of four cannot "
           "keep two implementations in step. Tiered storage makes keeping the log forever "
           "affordable.",
           decision="One streaming path: the log is the source of truth, one Flink job computes "
           "everything, and reprocessing means replaying the log into a new job version.",
           consequences="Good: one codebase, one runtime, one set of semantics; history and "
           "live metrics always agree.\n\nBad: a replay needs 3x the live compute for hours; "
           "there is no batch safety net, so a bug in the job reaches pricing until fixed and "
           "replayed; exactly-once must hold end to end.")
a.decision("0002", "Keep the log forever with tiered storage", status="accepted",
           date=date(2024, 1, 23), elements=[log],
           links=[{"relation": "enables", "target": "0001"}],
           context="Replay needs the full history; a separate S3 archive would be a second source "
           "of truth with its own format.",
           decision="Unlimited retention on the locations and trips topics; segments older than "
           "3 days move to object storage.",
           consequences="Good: the log is the only source of truth; replays read it with the "
           "same consumer code.\n\nBad: replays from the remote tier read at about 1.2 M events/s, "
           "well below local disk; partition counts can never change without rewriting "
           "history; erasure needs compaction or key shredding.")
a.decision("0003", "Reprocess into new versioned outputs and switch by alias",
           status="accepted", date=date(2024, 2, 6), elements=[controller, api, history],
           context="Rewinding the live job's offsets would mix old and new logic in one table "
           "and take metrics down for hours.",
           decision="Every job version writes to its own key space, output topic and Druid "
           "datasource; the controller flips an alias once the new version's lag is under 5 s.",
           consequences="Good: zero downtime, instant rollback, old and new outputs can be "
           "compared.\n\nBad: storage doubles during the overlap; consumers must resolve the "
           "alias rather than hard-coding names.")
a.decision("0004", "Rewind the live job's offsets to reprocess", status="rejected",
           date=date(2024, 2, 6), links=[{"relation": "alternative to", "target": "0003"}],
           context="The simplest form of reprocessing.",
           decision="Rejected: stop the job, reset its consumer group to offset 0, restart.",
           consequences="Would have meant hours of stale pricing and no rollback.")
a.strategy("S1", "The log is the source of truth", "Everything downstream can be rebuilt "
           "from Kafka alone.", quality_goals=["QG2", "QG3"], decisions=["0001", "0002"])
a.strategy("S2", "Incremental, event-time aggregation in one job", "1-minute windows with "
           "watermarks give fresh and exact results at once.", quality_goals=["QG1", "QG3"],
           decisions=["0001"])
a.strategy("S3", "Side-by-side job versions", "Replays run beside the live version and are "
           "switched atomically.", quality_goals=["QG2"], decisions=["0003"])
a.strategy("S4", "Partition by zone end to end", "Gateways, topics and job keys share the "
           "zone partitioning, so everything scales horizontally.", quality_goals=["QG4"],
           decisions=["0002"])
a.concept("K1", "Exactly-once processing", "Flink checkpoints the Kafka offsets and its state "
          "together; the history sink writes in Kafka transactions committed at checkpoints; "
          "the Redis sink upserts by (zone, window) so repeats are harmless.")
a.concept("K2", "Event time and watermarks", "Windows close on event time; the watermark "
          "trails the newest event by 10 s and late events up to 2 minutes update the window. "
          "During a replay event time runs fast, so results equal those of the live run.")
a.concept("K3", "Job versioning", "A job version is the triple (code version, consumer group, "
          "output names). Versions are numbered; names carry the number (metrics-v8).")
a.concept("K4", "Replay capacity", "A replay gets its own task managers (24) so that the live "
          "version never competes for slots; SRE schedules replays at night.")
a.risk("R1", "A logic bug reaches pricing", probability="medium", impact="high",
       description="There is no batch layer to correct it later.",
       mitigation="Shadow-run every new version for a day and compare outputs before the flip.",
       elements=[job])
a.risk("R2", "A replay starves the live job", probability="low", impact="high",
       description="Both read the same brokers; replays pull from the remote tier.",
       mitigation="Broker quotas per consumer group; replay clusters on separate node pools.",
       elements=[log, job])
a.risk("R3", "Schema changes break replay of old events", probability="medium",
       impact="medium", description="The new job version must read 2 years of schemas.",
       mitigation="BACKWARD-compatible Avro schemas; replay tests against a sample of every "
       "month.", elements=[log])
a.debt("TD1", "Alias switch is three calls, not one transaction",
       description="The controller flips the Redis alias, then the Druid datasource; for a "
       "few seconds pricing and dashboards may read different versions.",
       remedy="A single version registry that the API and Grafana both read.",
       elements=[controller, api, history])
a.debt("TD2", "Output topics of old versions are never deleted",
       description="metrics-v1 to metrics-v6 still hold 14 TB in the remote tier.",
       remedy="Delete an old version's topic 30 days after its successor goes live.",
       elements=[log])
a.term("Kappa architecture", "A data architecture with one stream-processing path over a "
       "replayable log, and no batch layer.")
a.term("Lambda architecture", "A data architecture with a batch layer for exact views and a "
       "speed layer for recent data, merged at query time.")
a.term("Replay", "Reading the log again from an earlier offset, usually 0, with a new job "
       "version.")
a.term("Job version", "One deployment of the metrics job with its own consumer group and "
       "outputs; see concept K3.")
a.term("Serving alias", "The name consumers use; it points at the live job version's outputs.")
a.term("Tiered storage", "Kafka keeping older log segments in object storage, so that "
       "retention can be unlimited.")
a.term("Zone", "An H3 hexagon of resolution 8 (about 0.7 km²).")
