"""Lambda architecture: clickstream analytics with a batch, a speed and a serving layer.

An immutable master dataset of raw events is the source of truth. The batch layer
recomputes exact views from all of it every few hours; the speed layer keeps
approximate views of the hours the last batch run has not seen yet; the serving
layer answers queries by merging the two at the batch watermark.

Build it with `archkit build models/lambda_architecture.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Clickstream Analytics (Lambda Architecture)",
    description="User-activity analytics for a web shop, built as a lambda architecture: "
    "exact batch views recomputed from an immutable master dataset, merged at query time "
    "with low-latency real-time views.",
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

producer = m.person(
    "Data Producer",
    "A product team whose web and mobile apps emit user-activity events; owns the event "
    "schemas of its domain.",
)
analyst = m.person(
    "Data Analyst",
    "Explores funnels, conversion and traffic by campaign; builds the dashboards "
    "that product managers read.",
)
apps = m.software_system(
    "Storefront Apps",
    "The web shop and the iOS/Android apps; their tracking SDK batches events and "
    "sends them every few seconds.",
    location="external",
)
registry = m.software_system(
    "Schema Registry",
    "Confluent Schema Registry run by the platform team; holds the Avro schema of "
    "every event type and enforces backward compatibility.",
    location="external",
)

platform = m.software_system(
    "Clickstream Analytics Platform",
    "Collects every user-activity event, keeps it forever as an immutable master dataset "
    "and serves page-view, funnel and conversion metrics by dimension and time.",
)
ingest_g = m.group("Ingestion", "Accepts events and appends them to the log.")
batch_g = m.group("Batch layer", "Recomputes exact views from the whole master dataset.")
speed_g = m.group("Speed layer", "Keeps approximate views of the data the batch has not seen.")
serve_g = m.group("Serving layer", "Merges batch and real-time views at query time.")

collector = platform.container(
    "Event Collector",
    "Accepts event batches over HTTPS, validates them against their registered schema, "
    "stamps receive time and appends them to the event log.",
    "Go, net/http", group=ingest_g.id,
)
log = platform.container(
    "Event Log",
    "Topic clickstream.raw, 48 partitions keyed by user id, 7 days retention; the buffer "
    "between ingestion and both processing layers.",
    "Apache Kafka", tags=["Queue"], group=ingest_g.id,
)
archiver = platform.container(
    "Master Dataset Writer",
    "Copies every event from the log into the master dataset, once, as hourly Parquet "
    "files; never updates or deletes a file.",
    "Kafka Connect S3 Sink", group=batch_g.id,
)
master = platform.container(
    "Master Dataset",
    "The immutable, append-only store of every raw event ever received, partitioned by "
    "event date and hour; the source of truth every view can be rebuilt from.",
    "Amazon S3, Parquet", tags=["Database"], group=batch_g.id,
)
batch = platform.container(
    "Batch Layer",
    "Recomputes every batch view from the complete master dataset every 3 hours: "
    "deduplicates, sessionises and aggregates, then bulk-loads a new view version.",
    "Apache Spark", group=batch_g.id,
)
orchestrator = platform.container(
    "Batch Scheduler",
    "Starts the batch runs, and after a successful load publishes the new batch watermark "
    "(the event time up to which batch views are complete).",
    "Apache Airflow", group=batch_g.id,
)
speed = platform.container(
    "Speed Layer",
    "Reads the event log continuously and updates per-minute aggregates incrementally, "
    "in event time with a 10-minute allowed lateness.",
    "Apache Flink", group=speed_g.id,
)
realtime_views = platform.container(
    "Real-time Views",
    "Per-minute aggregates for the last 12 hours, written by the speed layer; keys expire "
    "after 12 hours because batch views will have replaced them.",
    "Redis", tags=["Database"], group=speed_g.id,
)
batch_views = platform.container(
    "Batch Views",
    "Exact hourly and daily aggregates by metric and dimension, one table per view "
    "version; the query API reads the version the watermark names.",
    "Apache Cassandra", tags=["Database"], group=serve_g.id,
)
query_api = platform.container(
    "Query API",
    "Answers metric queries by reading batch views up to the watermark and real-time "
    "views after it, and merging both into one time series.",
    "Python, FastAPI", group=serve_g.id,
)
dashboards = platform.container(
    "Dashboards",
    "Funnel, traffic and conversion dashboards for analysts and product managers.",
    "Grafana", group=serve_g.id,
)

# Query API internals: where batch and real-time views meet
router = query_api.component(
    "Query Planner",
    "Parses a metric query and splits its time range at the batch watermark into a batch "
    "part and a real-time part.", "Python",
)
watermark = query_api.component(
    "Watermark Reader",
    "Reads and caches (30 s) the current batch watermark and view version.", "Python",
)
batch_reader = query_api.component(
    "Batch View Reader",
    "Reads hourly/daily aggregates of the current view version from Cassandra.",
    "Python, cassandra-driver",
)
rt_reader = query_api.component(
    "Real-time View Reader",
    "Reads per-minute aggregates after the watermark from Redis and rolls them up.",
    "Python, redis-py",
)
merger = query_api.component(
    "View Merger",
    "Concatenates the two parts into one series and marks the real-time part as "
    "provisional in the response.", "Python",
)

# ---- relationships ------------------------------------------------------------------------

producer.uses(registry, "Registers and evolves event schemas in")
producer.uses(apps, "Instruments user journeys in")
apps.uses(collector, "Sends batches of user-activity events to", "HTTPS/JSON", interaction="async")
collector.uses(registry, "Looks up event schemas in (cached)", "HTTPS/REST")
collector.uses(log, "Appends validated events to", "Kafka protocol, Avro", interaction="async")
archiver.uses(log, "Consumes all events from", "Kafka protocol")
archiver.uses(master, "Writes hourly Parquet files to", "S3 API")
orchestrator.uses(batch, "Starts a recomputation run every 3 hours on", "Spark submit, REST")
batch.uses(master, "Reads the complete master dataset from", "S3 API, Parquet")
batch.uses(batch_views, "Bulk-loads a new view version into", "CQL, SSTable loader")
orchestrator.uses(batch_views, "Publishes the new watermark and view version to", "CQL")
speed.uses(log, "Consumes events continuously from", "Kafka protocol")
speed.uses(realtime_views, "Updates per-minute aggregates in", "RESP")
analyst.uses(dashboards, "Explores funnels and traffic in", "HTTPS")
producer.uses(dashboards, "Checks arrival and validation errors of their events in", "HTTPS")

router.uses(watermark, "Gets the batch watermark from", "in-process call")
router.uses(batch_reader, "Asks for the part before the watermark", "in-process call")
router.uses(rt_reader, "Asks for the part after the watermark", "in-process call")
router.uses(merger, "Hands both parts to", "in-process call")
watermark.uses(batch_views, "Reads the watermark table in", "CQL")
batch_reader.uses(batch_views, "Reads aggregates from", "CQL")
rt_reader.uses(realtime_views, "Reads per-minute aggregates from", "RESP")
analyst.uses(router, "Sends metric queries to", "HTTPS/JSON")
dashboards.uses(router, "Sends metric queries to", "HTTPS/JSON")

# ---- deployment ---------------------------------------------------------------------------

aws = m.deployment_node(
    "AWS eu-central-1", "The production region; all data stays in the EU.", "Amazon Web Services",
    environment="Production",
)
alb = aws.infrastructure_node(
    "Application Load Balancer", "Terminates TLS for the collector and the query API.",
    "Elastic Load Balancing",
)
eks = aws.deployment_node(
    "EKS Cluster", "Runs the stateless services and the Flink jobs.", "Kubernetes", instances="1",
)
collector_pods = eks.deployment_node("Collector Pods", "Autoscaled on CPU, 4 to 24 pods.",
                                     "Kubernetes Deployment",
                                     instances="4..24").container_instance(collector)
eks.deployment_node("Flink Session Cluster", "1 job manager, 6 task managers; checkpoints to S3.",
                    "Apache Flink 1.18", instances="6").container_instance(speed)
serving_pods = eks.deployment_node("Serving Pods", "Query API and Grafana, 3 replicas each.",
                                   "Kubernetes Deployment", instances="3")
query_api_pods = serving_pods.container_instance(query_api)
serving_pods.container_instance(dashboards)
airflow = eks.deployment_node("Airflow", "Scheduler and workers.", "Apache Airflow 2.8")
airflow.container_instance(orchestrator)
msk = aws.deployment_node("Amazon MSK", "Managed Kafka, 3 brokers over 3 zones.",
                          "Apache Kafka 3.6", instances="3")
msk.container_instance(log)
msk.deployment_node("MSK Connect", "Managed Kafka Connect workers.", "Kafka Connect",
                    instances="2").container_instance(archiver)
aws.deployment_node("Amazon EMR", "Transient Spark cluster started per batch run, 20 nodes.",
                    "Apache Spark 3.5", instances="20").container_instance(batch)
aws.deployment_node("Amazon S3", "Versioned bucket with object lock (compliance mode).",
                    "Amazon S3").container_instance(master)
aws.deployment_node("Cassandra Cluster", "6 nodes, replication factor 3, on i4i instances.",
                    "Apache Cassandra 4.1", instances="6").container_instance(batch_views)
aws.deployment_node("Amazon ElastiCache", "Redis cluster mode, 3 shards with a replica each.",
                    "Redis 7", instances="3").container_instance(realtime_views)
alb.uses(collector_pods, "Forwards event batches to", "HTTPS")
alb.uses(query_api_pods, "Forwards queries to", "HTTPS")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(platform, key="context", title="Clickstream Analytics — System Context",
                 description="Who sends events to the platform and who reads its metrics.")
v.container(platform, key="containers", title="Clickstream Analytics — Containers",
            description="The three lambda layers as groups: ingestion feeds both the batch and "
            "the speed layer; the serving layer merges their views.", direction="LR")
v.component(query_api, key="query-api", title="Query API — Components",
            description="How a query is split at the batch watermark and merged again.")
ingest = v.dynamic(platform, key="event-becomes-queryable", title="An event becomes queryable", style="sequence",
                   description="Both layers consume the same log in parallel: the speed layer "
                   "makes an event visible within seconds, the batch layer exactly within hours.")
ingest.step(apps, collector, "Sends a batch of events", "HTTPS/JSON")
ingest.step(collector, log, "Appends the validated events", "Kafka protocol")
ingest.parallel(
    [(speed, log, "Consumes the events within a second"),
     (speed, realtime_views, "Updates the per-minute aggregates")],
    [(archiver, log, "Consumes the events"),
     (archiver, master, "Writes them into the hourly Parquet file")],
)
ingest.step(orchestrator, batch, "Starts the next 3-hourly recomputation", "Spark submit")
ingest.step(batch, master, "Reads all events, the new ones included", "S3 API")
ingest.step(batch, batch_views, "Bulk-loads the new view version", "SSTable loader")
ingest.step(orchestrator, batch_views, "Moves the watermark past the new events", "CQL")
query = v.dynamic(query_api, key="merged-query", title="A query merges batch and real-time views",
                  description="The time range is split at the watermark and both parts are read "
                  "in parallel.")
query.step(dashboards, router, "Asks for conversions per hour, last 24 hours", "HTTPS/JSON")
query.step(router, watermark, "Gets the watermark (3 h 40 min ago)", "in-process call")
query.parallel(
    [(router, batch_reader, "Reads hours up to the watermark"),
     (batch_reader, batch_views, "SELECT hourly aggregates")],
    [(router, rt_reader, "Reads minutes after the watermark"),
     (rt_reader, realtime_views, "MGET per-minute aggregates")],
)
query.step(router, merger, "Merges both parts; marks the real-time part provisional",
           "in-process call")
v.deployment("Production", platform, key="production", title="Production — AWS eu-central-1",
             description="Managed Kafka, S3 and EMR; the stateless services run on EKS.")

workspace.styles.element("Database", shape="cylinder")
workspace.styles.element("Queue", shape="pipe")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "The Clickstream Analytics Platform turns every click, page view and checkout event of the "
    "web shop into metrics that analysts and product managers trust. Its architecture is a "
    "lambda architecture (Nathan Marz): a batch layer computes exact views from an immutable "
    "master dataset, a speed layer covers the last hours with approximate views, and a serving "
    "layer merges both at query time."
)
a.requirement("B1", "business", "Campaign performance is visible within minutes",
              "Marketing stops or boosts a campaign the same hour it starts.", priority="high")
a.requirement("B2", "business", "Daily figures are exact and reproducible",
              "Finance reconciles conversion figures with orders; a day's numbers never change "
              "once published unless the business logic changes.", priority="high")
a.requirement("B3", "business", "New metrics apply to all history",
              "A new or corrected metric definition is computed for every past day, not only "
              "from today on.", priority="medium")
a.requirement("F1", "functional", "Ingest user-activity events",
              "Accept event batches from web and mobile apps, validated against their schema.",
              elements=[collector, log])
a.requirement("F2", "functional", "Query metrics by dimension and time range",
              "Page views, sessions, funnel steps and conversions by campaign, device, country; "
              "per minute, hour or day.", elements=[query_api, dashboards])
a.requirement("F3", "functional", "Recompute every view from the master dataset",
              "A batch run rebuilds all views from scratch and switches to them atomically.",
              elements=[batch, orchestrator, master])
a.requirement("F4", "functional", "Erase a user's events on request (GDPR Art. 17)",
              "Within 30 days, without rewriting the immutable master dataset in place.",
              elements=[master, batch])
a.requirement("Q1", "quality", "Fresh: events are queryable within 10 seconds (p99)")
a.requirement("Q2", "quality", "Exact: batch views match a full recount to the event")
a.requirement("Q3", "quality", "Scalable: 200,000 events/s peak without losing an event")
a.requirement("Q4", "quality", "Fast: dashboard queries answer within 300 ms (p95)")

a.quality_goal("QG1", 1, "Correctness", "Published batch figures are exact, and any bug in "
               "processing logic can be repaired by recomputing from the master dataset.")
a.quality_goal("QG2", 2, "Freshness", "Recent activity shows up in metrics within seconds.")
a.quality_goal("QG3", 3, "Scalability", "Ingestion grows with traffic peaks (Black Friday).")
a.quality_goal("QG4", 4, "Query latency", "Dashboards stay interactive.")
a.scenario("QS1", goal="QG1", title="A processing bug is repaired retroactively",
           source="Data engineer", stimulus="fixes a sessionisation bug that over-counted "
           "sessions for 3 weeks", environment="normal operation, 14 months of history",
           artifact="Batch Layer, Master Dataset", response="the next batch run recomputes all "
           "views from the master dataset and the query API switches to the new version",
           response_measure="all history corrected within 1 run (< 3 h at 9 TB); 0 events lost; "
           "no manual data migration")
a.scenario("QS2", goal="QG2", title="A new event is visible in real-time views",
           source="Storefront app", stimulus="sends a checkout event",
           environment="normal load, 40,000 events/s", artifact="Speed Layer",
           response="the per-minute conversion aggregate includes the event",
           response_measure="end-to-end latency p99 < 10 s, p50 < 2 s")
a.scenario("QS3", goal="QG3", title="Black Friday peak",
           source="Storefront apps", stimulus="send 5x the normal event rate for 6 hours",
           environment="peak load, 200,000 events/s", artifact="Event Collector, Event Log",
           response="collectors scale out; Kafka buffers what the consumers cannot keep up with",
           response_measure="0 events rejected or lost; collector p99 < 50 ms; speed-layer lag "
           "< 60 s; log retention covers 7 days of backlog")
a.scenario("QS4", goal="QG4", title="A dashboard loads 30 days of hourly conversions",
           source="Data analyst", stimulus="opens the conversion dashboard",
           environment="normal load, 50 concurrent users", artifact="Query API",
           response="the series is merged from batch and real-time views",
           response_measure="p95 < 300 ms, p99 < 800 ms at 200 queries/s")
a.stakeholder("Data analysts", "analytics@shop.example",
              "Exact daily figures, fresh intraday figures, one query interface for both.")
a.stakeholder("Product teams (data producers)", "#tracking on Slack",
              "A simple SDK, fast schema evolution, events never lost.")
a.stakeholder("Data platform team", "data-platform@shop.example",
              "Operable with 5 engineers; no 3 a.m. pages for batch failures.")
a.stakeholder("Finance controlling", "controlling@shop.example",
              "Published daily figures reconcile with the order system.")
a.stakeholder("Data protection officer", "dpo@shop.example",
              "Erasure requests honoured within 30 days; EU-only storage.")
a.constraint("C1", "AWS, EU regions only", "Company cloud contract; personal data stays in "
             "the EU (GDPR).", kind="organizational")
a.constraint("C2", "Avro events with registered schemas", "Every event type is registered "
             "in the company Schema Registry; compatibility mode BACKWARD.", kind="convention")
a.constraint("C3", "JVM and Python skills", "The team knows Scala, Java and Python; no Go "
             "beyond the existing collector.", kind="organizational")
a.constraint("C4", "Budget", "Infrastructure cost below EUR 25k per month at current volume.",
             kind="organizational")

a.decision("0001", "Use a lambda architecture rather than a single streaming path",
           status="accepted", date=date(2023, 2, 14), elements=[batch, speed],
           context="Finance needs exact, reproducible daily figures (B2) and marketing needs "
           "figures within minutes (B1). Our sessionisation needs the whole day of a user's "
           "events, and the team has strong Spark skills but little streaming experience.",
           decision="Run a batch layer (Spark over the master dataset) for exact views and a "
           "speed layer (Flink) for the hours since the last batch run; merge at query time.",
           consequences="Good: exact figures come from simple, restartable batch jobs; speed-layer "
           "bugs heal automatically at the next batch run.\n\nBad: every metric is implemented "
           "twice (Spark SQL and Flink) and the two must agree; two clusters to operate. We "
           "accept the duplication for now and track it as technical debt TD1.")
a.decision("0002", "Keep the master dataset as immutable Parquet on S3",
           status="accepted", date=date(2023, 2, 21), elements=[master, archiver],
           context="The source of truth must survive any processing bug (human fault tolerance) "
           "and must be cheap at 1 TB per month of growth.",
           decision="Write raw events once, as hourly Parquet files, to a versioned S3 bucket "
           "with object lock; never update or delete a file. Erasure uses crypto-shredding "
           "(decision 0004).",
           consequences="Good: any view can be rebuilt; storage costs about EUR 25 per TB-month; "
           "Spark reads Parquet natively.\n\nBad: full recomputation reads all 9 TB every run; "
           "small-file compaction is needed for late events.")
a.decision("0003", "Serve batch views from Cassandra, real-time views from Redis",
           status="accepted", date=date(2023, 3, 7), elements=[batch_views, realtime_views],
           context="Batch views are bulk-loaded every 3 hours (about 400 GB); real-time views are "
           "small, hot and short-lived. Apache Druid would serve both, but nobody on the team "
           "has run it.",
           decision="Bulk-load each batch view version into its own Cassandra table and switch "
           "by watermark; keep per-minute real-time aggregates in Redis with a 12 h TTL.",
           consequences="Good: atomic switch between view versions; Redis TTL drops real-time data "
           "the batch has replaced.\n\nBad: the query API must merge the two itself; ad-hoc "
           "slicing by new dimensions needs a new batch view. Revisit Druid if ad-hoc needs "
           "grow.")
a.decision("0004", "Erase personal data by crypto-shredding",
           status="accepted", date=date(2023, 4, 3), elements=[master, collector],
           links=[{"relation": "amends", "target": "0002"}],
           context="GDPR erasure (F4) conflicts with an immutable master dataset (0002).",
           decision="The collector encrypts personal fields with a per-user key held in AWS KMS; "
           "erasure deletes the key, and the next batch run drops the unreadable fields.",
           consequences="Good: files stay immutable; erasure is one key deletion.\n\nBad: every "
           "batch run decrypts personal fields (about 8 % more CPU); losing the key store "
           "loses personal data.")
a.strategy("S1", "Immutable master dataset plus recomputation",
           "Correctness comes from recomputing views from raw data, never from updating them.",
           quality_goals=["QG1"], decisions=["0001", "0002"])
a.strategy("S2", "Speed layer for the batch gap",
           "Only the hours after the watermark come from the speed layer, so its approximations "
           "are short-lived.", quality_goals=["QG2"], decisions=["0001", "0003"])
a.strategy("S3", "Kafka as the buffer between ingestion and processing",
           "Collectors only validate and append; consumers scale independently and can replay "
           "7 days.", quality_goals=["QG3"], decisions=["0001"])
a.strategy("S4", "Precomputed views, merged at query time",
           "Queries read precomputed aggregates only; no query scans raw events.",
           quality_goals=["QG4"], decisions=["0003"])
a.concept("K1", "Batch watermark and view versions",
          "Each batch run writes a new view version; after a successful load the scheduler "
          "publishes (version, watermark) in one row. Readers use exactly that pair, so a query "
          "never mixes two batch runs and never double-counts the hours both layers cover.")
a.concept("K2", "Event time, late events and allowed lateness",
          "Aggregates use the event time from the device, not the receive time. The speed layer "
          "accepts events up to 10 minutes late; later events are still exact in the next batch "
          "run, which is why the two layers may briefly disagree.")
a.concept("K3", "Schema evolution",
          "Events are Avro with BACKWARD compatibility: new fields have defaults, so the batch "
          "layer can read 14 months of files with today's schema.")
a.concept("K4", "Observability",
          "Consumer lag of both layers, batch run duration and watermark age are Prometheus "
          "metrics; the on-call alert fires when the watermark is older than 8 hours.")
a.risk("R1", "Batch and speed layers disagree", probability="high", impact="medium",
       description="The same metric is implemented in Spark SQL and in Flink; a change made to "
       "one only shows as a jump at the watermark.",
       mitigation="Shared metric test vectors run against both implementations in CI; a nightly "
       "job compares the speed layer's last 3 hours with the batch result.",
       elements=[batch, speed])
a.risk("R2", "Full recomputation outgrows the batch window", probability="medium", impact="high",
       description="At 1 TB per month, a full run passes 3 hours in about 10 months.",
       mitigation="Partial recomputation of the last 30 days for routine runs; full runs weekly.",
       elements=[batch, master])
a.risk("R3", "Lost KMS keys make history unreadable", probability="low", impact="high",
       description="Crypto-shredding ties personal fields to the key store.",
       mitigation="Multi-region KMS keys with deletion protection except through the erasure "
       "workflow.", elements=[collector, master])
a.debt("TD1", "Every metric is written twice",
       description="Metric definitions exist as Spark SQL (batch) and Flink Java (speed).",
       remedy="Generate both from one metric definition (YAML to SQL), or move the speed layer "
       "to Flink SQL.", elements=[batch, speed])
a.debt("TD2", "Small files from late events",
       description="Late events create tiny Parquet files in old partitions, slowing batch reads.",
       remedy="A weekly compaction job that rewrites partitions into new, immutable objects.",
       elements=[master, archiver])
a.term("Master dataset", "The immutable, append-only set of every raw event; the source of truth.")
a.term("Batch view", "A precomputed aggregate derived from the whole master dataset by the batch "
       "layer; exact, but hours old.")
a.term("Real-time view", "An incrementally updated aggregate kept by the speed layer for the "
       "data the batch layer has not processed yet; approximate and short-lived.")
a.term("Batch watermark", "The event time up to which the current batch views are complete.")
a.term("Serving layer", "The stores and the API that answer queries from batch and real-time "
       "views.")
a.term("Event time", "When the user did something, as stamped by the device; differs from the "
       "time the platform received it.")
a.term("Crypto-shredding", "Erasing data by deleting the key it was encrypted with.")
