"""Real-time analytics: video quality of experience, from player beacons to dashboards and pages.

Ingestion buffers beacons and CDN logs in Kafka; a Flink job sessionises them,
aggregates quality metrics per minute and detects anomalies against a seasonal
baseline; ClickHouse stores the metrics for interactive dashboards, and alerts are
routed to the on-call engineer within two minutes of a degradation.

Build it with `archkit build models/realtime_analytics.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Video QoE Analytics (Real-time Analytics Pipeline)",
    description="Quality-of-experience analytics for a video streaming service: ingestion, "
    "stream processing, an OLAP store, dashboards and alerting.",
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

noc = m.person(
    "Network Operations Engineer",
    "Keeps playback healthy: watches live QoE, is paged on degradations, switches CDNs.",
)
analyst = m.person(
    "Product Analyst",
    "Compares QoE across devices, app versions, CDNs and ISPs over months.",
)
players = m.software_system(
    "Video Players", "Web, TV and mobile players; send a beacon every 10 s and on every "
    "playback event (start, stall, bitrate switch, error).", location="external",
)
cdns = m.software_system(
    "CDN Providers", "Three commercial CDNs; deliver real-time access logs to an S3 bucket.",
    location="external",
)
pagerduty = m.software_system("PagerDuty", "Pages the on-call engineer.", location="external")
slack = m.software_system("Slack", "Channel #playback-health for non-paging alerts.",
                          location="external")

qoe = m.software_system(
    "QoE Analytics Platform",
    "Turns player beacons and CDN logs into per-minute quality metrics, interactive "
    "dashboards and alerts.",
)
in_g = m.group("Ingestion", "Accept, enrich, buffer.")
proc_g = m.group("Stream processing", "Sessionise, aggregate, detect.")
serve_g = m.group("Serving and alerting", "Store, show, page.")

collector = qoe.container(
    "Beacon Collector", "Accepts beacons, drops malformed ones, enriches with geo-IP and ISP "
    "(ASN), and produces them keyed by session id.", "Go, HTTP/2", group=in_g.id,
)
importer = qoe.container(
    "CDN Log Importer", "Reads CDN access logs as they land in S3, parses the three vendor "
    "formats into one schema and produces them.", "Vector", group=in_g.id,
)
streams = qoe.container(
    "Event Streams", "Topics beacons (96 partitions), cdn-logs, qoe-1m and alerts; 3 days "
    "retention: the buffer that lets each consumer fall behind and catch up.",
    "Apache Kafka", tags=["Queue"], group=in_g.id,
)
processor = qoe.container(
    "QoE Stream Processor", "Sessionises beacons, computes startup time, rebuffering ratio, "
    "bitrate and error rate per minute by CDN, ISP, region, device and title, joins CDN "
    "logs and detects anomalies.", "Apache Flink", group=proc_g.id,
)
olap = qoe.container(
    "OLAP Store", "Per-minute QoE aggregates for 13 months and raw sessions for 30 days; "
    "ingests from Kafka, rolls minutes up to hours with materialised views.",
    "ClickHouse", tags=["Database"], group=serve_g.id,
)
dashboards = qoe.container(
    "Dashboards", "Live QoE wall for the NOC; exploration dashboards for analysts.",
    "Grafana", group=serve_g.id,
)
alertmanager = qoe.container(
    "Alert Router", "Deduplicates and groups alerts, applies silences and routes by severity: "
    "critical to PagerDuty, warning to Slack.", "Prometheus Alertmanager", group=serve_g.id,
)
monitoring = qoe.container(
    "Pipeline Monitoring", "Scrapes consumer lag, checkpoint duration, insert rate and "
    "freshness of every stage; alerts when the pipeline itself is late.", "Prometheus",
    group=serve_g.id,
)

# QoE Stream Processor internals
source = processor.component(
    "Beacon Source", "Reads beacons with event-time watermarks (5 s out of orderness).",
    "Flink Kafka Source",
)
sessioniser = processor.component(
    "Sessioniser", "Groups beacons into playback sessions (session window, 30 min gap) and "
    "derives startup time and stall durations.", "Flink session window",
)
joiner = processor.component(
    "CDN Log Joiner", "Joins sessions with CDN log lines of the same edge and minute to tell "
    "CDN faults from ISP faults.", "Flink interval join",
)
aggregator = processor.component(
    "QoE Aggregator", "1-minute tumbling windows per (CDN, ISP, region, device); emits "
    "percentiles with t-digest sketches.", "Flink window, t-digest",
)
detector = processor.component(
    "Anomaly Detector", "Compares each minute with a seasonal baseline (same minute, last 4 "
    "weeks); fires when rebuffering exceeds baseline + 4 sigma for 3 minutes.",
    "Flink keyed process function",
)
baseline = processor.component(
    "Baseline State", "Per-dimension seasonal mean and variance, kept in keyed state and "
    "checkpointed.", "RocksDB state backend",
)
sink = processor.component(
    "Results Sink", "Writes aggregates to qoe-1m and alerts to alerts, exactly once.",
    "Flink Kafka Sink, transactions",
)

# ---- relationships ------------------------------------------------------------------------

players.uses(collector, "Sends beacons to", "HTTPS/JSON, batched", interaction="async")
cdns.uses(importer, "Delivers access logs for", "Amazon S3 event notifications",
          interaction="async")
collector.uses(streams, "Produces enriched beacons to", "Kafka protocol, Protobuf",
               interaction="async")
importer.uses(streams, "Produces normalised CDN log lines to", "Kafka protocol",
              interaction="async")
source.uses(streams, "Consumes beacons and CDN logs from", "Kafka protocol")
source.uses(sessioniser, "Emits beacons to", "Flink stream, keyed by session")
sessioniser.uses(joiner, "Emits sessions to", "Flink stream")
source.uses(joiner, "Emits CDN log lines to", "Flink stream, keyed by edge")
joiner.uses(aggregator, "Emits attributed sessions to", "Flink stream")
aggregator.uses(detector, "Emits per-minute aggregates to", "Flink stream")
aggregator.uses(sink, "Emits per-minute aggregates to", "Flink stream")
detector.uses(baseline, "Reads and updates the baseline in", "Flink keyed state")
detector.uses(sink, "Emits alerts to", "Flink stream")
sink.uses(streams, "Writes qoe-1m and alerts to", "Kafka protocol, transactions",
          interaction="async")
olap.uses(streams, "Ingests qoe-1m and sessions from", "ClickHouse Kafka engine")
alertmanager.uses(streams, "Receives alerts from, through a small bridge on", "Kafka protocol")
alertmanager.uses(pagerduty, "Pages critical alerts through", "HTTPS, Events API v2")
alertmanager.uses(slack, "Posts warnings to", "HTTPS webhook")
monitoring.uses(processor, "Scrapes lag and checkpoint metrics from", "HTTP, Prometheus")
monitoring.uses(streams, "Scrapes consumer lag of", "HTTP, Prometheus")
monitoring.uses(olap, "Scrapes insert rate and freshness of", "HTTP, Prometheus")
monitoring.uses(alertmanager, "Sends pipeline alerts to", "HTTP, Alertmanager API")
dashboards.uses(olap, "Queries QoE series from", "ClickHouse HTTP, SQL")
dashboards.uses(monitoring, "Shows pipeline health from", "PromQL over HTTP")
noc.uses(dashboards, "Watches the live QoE wall in", "HTTPS")
analyst.uses(dashboards, "Explores months of QoE in", "HTTPS")
pagerduty.delivers(noc, "Pages", technology="push notification, phone")
slack.delivers(noc, "Shows warnings to", technology="Slack app")

# ---- deployment ---------------------------------------------------------------------------

aws = m.deployment_node("AWS us-east-1", "Primary region; players worldwide reach it through "
                        "the edge.", "Amazon Web Services", environment="Production")
nlb = aws.infrastructure_node("Network Load Balancer", "Spreads beacon connections over "
                              "collector pods.", "Elastic Load Balancing")
eks = aws.deployment_node("EKS Cluster", "Stream processing and stateless services.",
                          "Kubernetes")
collector_pods = eks.deployment_node("collector", "10 to 80 pods, autoscaled on request rate.",
                                     "Kubernetes Deployment",
                                     instances="10..80").container_instance(collector)
eks.deployment_node("vector", "2 pods.", "Kubernetes Deployment",
                    instances="2").container_instance(importer)
eks.deployment_node("flink-qoe", "Flink application cluster, 32 task managers, "
                    "checkpoints every 30 s to S3.", "Apache Flink 1.19",
                    instances="32").container_instance(processor)
obs = eks.deployment_node("observability", "Grafana, Alertmanager and Prometheus.",
                          "Kubernetes Deployment", instances="2")
obs.container_instance(dashboards)
obs.container_instance(alertmanager)
obs.container_instance(monitoring)
aws.deployment_node("Amazon MSK", "6 brokers over 3 zones.", "Apache Kafka 3.7",
                    instances="6").container_instance(streams)
aws.deployment_node("ClickHouse Cluster", "2 shards x 2 replicas on i4i.4xlarge, "
                    "coordinated by ClickHouse Keeper.", "ClickHouse 24",
                    instances="4").container_instance(olap)
nlb.uses(collector_pods, "Forwards beacons to", "HTTP/2")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(qoe, key="context", title="Video QoE Analytics — System Context",
                 description="Beacons and CDN logs in; dashboards, pages and Slack out.")
v.system_landscape(key="landscape", title="Video QoE Analytics — System Landscape",
                   description="Every system around the QoE platform: the players and CDNs it "
                   "measures, the tools that page and warn the on-call engineers.")
v.container(qoe, key="containers", title="Video QoE Analytics — Containers",
            description="Everything meets at Event Streams: collectors write to it; the "
            "stream processor, the OLAP store and the alert router pull from it.")
v.component(processor, key="stream-processor", title="QoE Stream Processor — Components",
            description="The Flink job graph: sessionise, attribute, aggregate, detect.")
incident = v.dynamic(qoe, key="cdn-degradation", title="A CDN degradation is seen and paged", style="sequence",
                     description="One CDN edge in Frankfurt starts stalling; the same minute "
                     "aggregates feed the dashboard and the detector in parallel.")
incident.step(players, collector, "Beacons report stalls on CDN B, Frankfurt", "HTTPS/JSON")
incident.step(collector, streams, "Produces 1.1 M beacons/s, enriched", "Kafka protocol")
incident.step(cdns, importer, "Delivers CDN B's logs with 5xx from edge fra-12", "S3")
incident.step(importer, streams, "Produces the normalised log lines", "Kafka protocol")
incident.step(processor, streams, "Sessionises, joins and aggregates minute 20:41",
              "Kafka protocol")
incident.parallel(
    [(olap, streams, "Ingests the minute's aggregates", "ClickHouse Kafka engine"),
     (dashboards, olap, "The QoE wall turns CDN B red", "SQL"),
     (noc, dashboards, "Sees the red tile", "HTTPS")],
    [(processor, streams, "Rebuffering 3.2 % vs baseline 0.6 % for 3 minutes: alert", "Kafka transaction"),
     (alertmanager, streams, "Receives the alert", "Kafka protocol"),
     (alertmanager, pagerduty, "Pages: CDN B Frankfurt degraded", "Events API v2"),
     (pagerduty, noc, "Pages the on-call engineer", "push notification")],
)
v.deployment("Production", qoe, key="production", title="Production — AWS us-east-1",
             description="Managed Kafka, self-run ClickHouse, everything else on EKS.")

workspace.styles.element("Database", shape="cylinder")
workspace.styles.element("Queue", shape="pipe")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "Viewers abandon a stream after two stalls. The QoE Analytics Platform measures playback "
    "quality from every player in real time, so that operations can steer traffic away from "
    "a failing CDN within minutes and product teams can compare quality over months."
)
a.requirement("B1", "business", "Detect playback degradations before viewers complain",
              "Social media notices within about 5 minutes; we must be faster.",
              priority="high")
a.requirement("B2", "business", "Hold CDNs to their contracts",
              "Monthly QoE per CDN is the basis of service credits.", priority="medium")
a.requirement("F1", "functional", "Ingest player beacons and CDN logs",
              elements=[collector, importer, streams])
a.requirement("F2", "functional", "Compute QoE metrics per minute and dimension",
              "Startup time, rebuffering ratio, average bitrate, playback errors.",
              elements=[processor])
a.requirement("F3", "functional", "Interactive dashboards over 13 months",
              elements=[olap, dashboards])
a.requirement("F4", "functional", "Alert on anomalies, routed by severity",
              elements=[processor, alertmanager])
a.requirement("Q1", "quality", "Beacon to dashboard within 30 s (p95)")
a.requirement("Q2", "quality", "2 million beacons/s at live-event peaks")
a.requirement("Q3", "quality", "Dashboards answer within 1 s (p95)")
a.requirement("Q4", "quality", "Fewer than one false page per week")

a.quality_goal("QG1", 1, "Timeliness", "Degradations are visible and paged within minutes.")
a.quality_goal("QG2", 2, "Scalability", "Live events multiply traffic tenfold.")
a.quality_goal("QG3", 3, "Query performance", "Dashboards stay interactive over months.")
a.quality_goal("QG4", 4, "Alert precision", "A page is always worth waking up for.")
a.scenario("QS1", goal="QG1", title="A CDN edge starts stalling", source="Video players",
           stimulus="report rebuffering 5x the baseline on one CDN edge",
           environment="normal evening load, 400,000 beacons/s",
           artifact="QoE Stream Processor, Alert Router",
           response="the QoE wall shows it and on-call is paged",
           response_measure="dashboard within 30 s (p95); page within 2 min of the first "
           "stalls; 3-minute persistence rule")
a.scenario("QS2", goal="QG2", title="Football final", source="Video players",
           stimulus="12 million concurrent viewers", environment="live-event peak, 2 M "
           "beacons/s for 3 hours", artifact="Beacon Collector, Event Streams, Stream Processor",
           response="collectors and task managers scale out; Kafka absorbs spikes",
           response_measure="0 beacons lost; collector p99 < 50 ms; processor lag < 20 s")
a.scenario("QS3", goal="QG3", title="Quarterly CDN review", source="Product analyst",
           stimulus="opens the CDN comparison dashboard for 13 months",
           environment="normal load, 20 concurrent dashboard users", artifact="OLAP Store",
           response="queries hit hourly roll-ups", response_measure="p95 < 1 s over 60 billion "
           "minute rows; 50 queries/s sustained")
a.scenario("QS4", goal="QG4", title="A regional evening peak", source="Video players",
           stimulus="raise rebuffering slightly everywhere during prime time",
           environment="normal evening peak", artifact="Anomaly Detector",
           response="the seasonal baseline expects it; no page",
           response_measure="< 1 false page per week measured over a quarter; recall >= 95 % "
           "on the incident replay set")
a.stakeholder("Network operations centre", "noc@stream.example", "Early, precise pages; a "
              "wall that shows where the problem is.")
a.stakeholder("Product analytics", "analytics@stream.example", "Months of history, fast.")
a.stakeholder("Vendor management", "vendors@stream.example", "Monthly QoE per CDN.")
a.stakeholder("Data platform team", "#data-platform", "A pipeline that tells when it is "
              "late.")
a.constraint("C1", "Beacon format is shared with the player teams", "Protobuf schema in the "
             "player SDK; changes follow the SDK release train.", kind="organizational")
a.constraint("C2", "No personal data in analytics", "IP addresses are dropped after geo-IP "
             "lookup at the collector.", kind="organizational")
a.constraint("C3", "AWS, us-east-1", "Company standard region for analytics.",
             kind="technical")

a.decision("0001", "ClickHouse as the OLAP store", status="accepted", date=date(2024, 6, 3),
           elements=[olap],
           context="Candidates: Apache Druid (real-time ingestion, complex to run: 6 process "
           "types), Apache Pinot (similar), ClickHouse (one binary, SQL, fast scans, Kafka "
           "engine).",
           decision="ClickHouse with Kafka engine tables and materialised views for roll-ups.",
           consequences="Good: simple to run, full SQL, 10x compression on QoE data.\n\nBad: "
           "inserts must be batched (the Kafka engine does it); fewer native real-time "
           "features than Druid; we run it ourselves.")
a.decision("0002", "Detect anomalies in the stream, not by polling the OLAP store",
           status="accepted", date=date(2024, 6, 17), elements=[processor, alertmanager],
           context="Grafana alert rules over ClickHouse would be flexible, but evaluate every "
           "minute over data that is already 30 s old, and run heavy queries per rule and "
           "dimension.",
           decision="The Flink job evaluates anomaly rules on every closed minute with a "
           "seasonal baseline in keyed state; Alertmanager routes.",
           consequences="Good: detection within one minute, no query load for alerting.\n\nBad: "
           "a new rule is a code change and a job deploy; business KPIs with hourly "
           "granularity keep using Grafana alerting.")
a.decision("0003", "Aggregate per minute in the stream; keep raw sessions 30 days only",
           status="accepted", date=date(2024, 7, 1), elements=[processor, olap],
           context="Storing every beacon for 13 months would be 4 PB.",
           decision="Store per-minute aggregates (t-digest sketches for percentiles) for 13 "
           "months and session rows for 30 days.",
           consequences="Good: 200x less data, fast dashboards.\n\nBad: a new dimension only "
           "applies from its deployment on; drill-down below a minute only for 30 days.")
a.decision("0004", "Kafka between collectors and everything else", status="accepted",
           date=date(2024, 6, 3), elements=[streams, collector],
           context="Collectors inserting directly into ClickHouse would couple beacon intake "
           "to database health.",
           decision="Collectors only produce to Kafka; every consumer reads at its own pace.",
           consequences="Good: intake survives a ClickHouse or Flink outage for 3 days.\n\nBad: "
           "one more system; end-to-end latency gains about 1 s.")
a.strategy("S1", "Buffer first", "Kafka decouples intake from processing and serving.",
           quality_goals=["QG2"], decisions=["0004"])
a.strategy("S2", "Compute once, in the stream", "Aggregates and anomaly detection happen on "
           "each closed minute.", quality_goals=["QG1", "QG3"], decisions=["0002", "0003"])
a.strategy("S3", "Columnar OLAP with roll-ups", "Dashboards read pre-rolled hours for long "
           "ranges.", quality_goals=["QG3"], decisions=["0001"])
a.strategy("S4", "Seasonal baselines and persistence rules", "Alerts compare with the same "
           "minute of past weeks and must persist 3 minutes.", quality_goals=["QG4"],
           decisions=["0002"])
a.concept("K1", "Event time and late beacons", "Players buffer beacons when offline; windows "
          "use event time with 5 s out-of-orderness and drop beacons more than 2 min late "
          "(0.3 % of traffic), counted in a metric.")
a.concept("K2", "Percentiles with sketches", "Startup-time percentiles are merged from "
          "t-digest sketches, so minute values roll up to hours correctly.")
a.concept("K3", "Pipeline freshness", "Every stage reports the event time it has reached; "
          "Prometheus alerts when any stage is more than 2 minutes behind.")
a.concept("K4", "Cardinality control", "Titles are grouped into top 500 plus 'other' per "
          "minute, keeping the key space under 2 million.")
a.risk("R1", "Dimension explosion", probability="medium", impact="high",
       description="A new device model or ISP list can multiply the key space and state size.",
       mitigation="Cardinality caps per dimension; state size alert.",
       elements=[processor, olap])
a.risk("R2", "Baseline poisoned by a long incident", probability="low", impact="medium",
       description="A week of bad quality teaches the detector that bad is normal.",
       mitigation="Incident minutes are excluded from baseline updates.",
       elements=[detector, baseline])
a.risk("R3", "Self-run ClickHouse needs skills we are building", probability="medium",
       impact="medium", description="Two engineers know it well.",
       mitigation="Runbooks, quarterly restore drills, vendor support contract.",
       elements=[olap])
a.debt("TD1", "Anomaly rules are hard-coded", description="Thresholds and persistence live "
       "in Java code.", remedy="Rules as configuration broadcast to the job.",
       elements=[detector])
a.debt("TD2", "Alert bridge is a script", description="A small consumer forwards the alerts "
       "topic to Alertmanager without retries.", remedy="Make it a supervised service with "
       "retries and its own lag metric.", elements=[alertmanager])
a.term("QoE", "Quality of experience: how playback feels to the viewer.")
a.term("Beacon", "A small message a player sends every 10 s and on playback events.")
a.term("Rebuffering ratio", "Time spent stalled divided by time spent watching.")
a.term("OLAP", "Online analytical processing: fast aggregate queries over large data.")
a.term("Roll-up", "Aggregating fine-grained rows (minutes) into coarser ones (hours).")
a.term("Seasonal baseline", "The expected value of a metric at this minute of the week.")
a.term("t-digest", "A mergeable sketch for estimating percentiles.")
