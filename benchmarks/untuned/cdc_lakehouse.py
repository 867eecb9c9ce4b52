"""Change-data-capture pipeline: operational databases streamed into a lakehouse.

Debezium reads the write-ahead logs of the order and inventory databases and publishes every row
change to Kafka, in Avro with its schema in a schema registry. Stream processors (Flink) clean,
deduplicate and enrich the changes; a sink writes them as Apache Iceberg tables on S3, which
analysts query with Trino. Records that cannot be read or processed go to a dead-letter topic, where
an operator inspects them and replays them once fixed.

Written by a new user from README.md alone (session 31, h/qa18); not tuned for the layout.
"""

from archkit import Workspace

workspace = Workspace(
    name="CDC Lakehouse",
    description="Row changes of the operational databases, streamed into an Iceberg lakehouse within a minute.",
)
m = workspace.model

# --- people -------------------------------------------------------------------------------------
engineer = m.person("Data Engineer", "Owns the connectors, the stream jobs and the table layouts.")
analyst = m.person("Analyst", "Queries the lakehouse for reporting and ad-hoc analysis.")
oncall = m.person("On-call Operator", "Watches the pipeline's lag and clears the dead-letter queue.")

# --- external systems ---------------------------------------------------------------------------
orders = m.software_system(
    "Order Management", "The shop's order system; its PostgreSQL database is the main CDC source.",
    location="external",
)
inventory = m.software_system(
    "Inventory System", "Stock levels per warehouse, kept in MySQL.", location="external",
)
bi = m.software_system("BI Tool", "Dashboards for the business (Tableau).", location="external")
pager = m.software_system("Paging Service", "Pages the on-call operator (PagerDuty).", location="external")

# --- the platform -------------------------------------------------------------------------------
cdc = m.software_system("CDC Platform", "Captures, processes and lands row changes as lakehouse tables.")

capture = m.group("Capture", "Reads the databases' logs and publishes every change once.")
streaming = m.group("Streaming", "Kafka, its schemas, and the jobs that turn raw changes into clean facts.")
lake = m.group("Lakehouse", "Iceberg tables on S3, their catalogue and the query engine.")

connect = cdc.container(
    "Debezium Connect", "Kafka Connect workers running the Debezium source connectors.",
    "Debezium 2.7, Kafka Connect", group=capture,
)
offsets = cdc.container(
    "Connect State Topics", "Connector offsets, configurations and status (compacted topics).",
    "Apache Kafka", tags=["Queue"], group=capture,
)
kafka = cdc.container(
    "Change Topics", "One topic per captured table, keyed by primary key, 7 days' retention.",
    "Apache Kafka", tags=["Queue"], group=streaming,
)
registry = cdc.container(
    "Schema Registry", "Avro schemas of every topic, with backward-compatibility checks.",
    "Confluent Schema Registry", group=streaming,
)
enrich = cdc.container(
    "Enrichment Job", "Deduplicates changes, joins orders with inventory and writes clean facts.",
    "Apache Flink", group=streaming,
)
facts = cdc.container(
    "Fact Topics", "Clean, enriched order and stock facts.", "Apache Kafka", tags=["Queue"], group=streaming,
)
dlq = cdc.container(
    "Dead-letter Topic", "Records that failed to deserialise, validate or write, with the error in headers.",
    "Apache Kafka", tags=["Queue"], group=streaming,
)
replayer = cdc.container(
    "DLQ Replayer", "Lists dead letters, shows why they failed and sends fixed ones back.",
    "Python, FastAPI", group=streaming,
)
sink = cdc.container(
    "Iceberg Sink", "Writes fact topics to Iceberg tables, committing every minute, exactly once.",
    "Kafka Connect, Iceberg sink", group=lake,
)
tables = cdc.container(
    "Lakehouse Tables", "Iceberg tables: Parquet data files and metadata on S3.", "Apache Iceberg, Amazon S3",
    tags=["Database"], group=lake,
)
catalog = cdc.container(
    "Table Catalog", "Iceberg REST catalogue: table metadata pointers and snapshots.", "AWS Glue",
    tags=["Database"], group=lake,
)
trino = cdc.container("Query Engine", "SQL over the Iceberg tables.", "Trino", group=lake)
compactor = cdc.container(
    "Table Maintenance", "Compacts small files, expires snapshots, rewrites manifests nightly.",
    "Apache Spark", group=lake,
)
monitor = cdc.container(
    "Pipeline Monitor", "Connector status, consumer lag, DLQ depth and end-to-end freshness.",
    "Prometheus, Grafana",
)

# --- components: Debezium Connect ---------------------------------------------------------------
pg_conn = connect.component(
    "PostgreSQL Connector", "Reads the orders database's logical replication slot (pgoutput).",
    "Debezium PostgreSQL connector",
)
my_conn = connect.component(
    "MySQL Connector", "Reads the inventory database's binlog.", "Debezium MySQL connector",
)
outbox = connect.component(
    "Outbox Event Router", "Turns rows of the orders outbox table into domain events.",
    "Debezium SMT",
)
converter = connect.component(
    "Avro Converter", "Serialises change events in Avro, registering their schemas.", "Confluent Avro converter",
)
errors = connect.component(
    "Error Handler", "Routes records a converter or transform rejects to the dead-letter topic.",
    "Kafka Connect errors.tolerance=all",
)

# --- components: Enrichment Job -----------------------------------------------------------------
source = enrich.component("Change Source", "Consumes the change topics from committed offsets.", "Flink Kafka source")
decoder = enrich.component("Change Decoder", "Reads Avro with the writer's schema from the registry.", "Flink, Avro")
dedup = enrich.component(
    "Deduplicator", "Keeps the latest change per key within a 10-minute window.", "Flink keyed state",
)
joiner = enrich.component("Order-Stock Join", "Joins order lines with the stock level at order time.", "Flink SQL")
fact_sink = enrich.component("Fact Writer", "Writes clean facts, exactly once (transactions).", "Flink Kafka sink")
side = enrich.component(
    "Dead-letter Output", "Side output for records that fail to decode or validate.", "Flink side output",
)

# --- relationships ------------------------------------------------------------------------------
engineer.uses(connect, "Deploys and configures connectors", "Kafka Connect REST API")
engineer.uses(registry, "Reviews schema changes", "HTTPS")
engineer.uses(enrich, "Deploys job versions", "Flink REST API")
analyst.uses(trino, "Runs SQL queries", "JDBC")
analyst.uses(bi, "Reads dashboards", "HTTPS")
bi.uses(trino, "Queries facts", "JDBC")
oncall.uses(monitor, "Watches lag and freshness", "HTTPS")
oncall.uses(replayer, "Inspects and replays dead letters", "HTTPS")

pg_conn.uses(orders, "Streams the write-ahead log", "PostgreSQL logical replication")
my_conn.uses(inventory, "Streams the binlog", "MySQL replication protocol")
pg_conn.uses(outbox, "Passes outbox rows to", "in-process")
pg_conn.uses(converter, "Hands change events to", "in-process")
my_conn.uses(converter, "Hands change events to", "in-process")
outbox.uses(converter, "Hands domain events to", "in-process")
converter.uses(registry, "Registers and looks up schemas", "HTTPS/JSON")
converter.uses(kafka, "Publishes row changes", "Kafka protocol", interaction="async")
converter.uses(errors, "Rejects unconvertible records to", "in-process")
errors.uses(dlq, "Writes failed records", "Kafka protocol", interaction="async")
connect.uses(offsets, "Stores offsets and configs", "Kafka protocol")

source.uses(kafka, "Consumes row changes", "Kafka protocol")
source.uses(decoder, "Hands raw records to", "in-process")
decoder.uses(registry, "Fetches writer schemas", "HTTPS/JSON")
decoder.uses(dedup, "Hands decoded changes to", "in-process")
decoder.uses(side, "Sends undecodable records to", "in-process")
dedup.uses(joiner, "Hands latest changes to", "in-process")
joiner.uses(fact_sink, "Hands enriched facts to", "in-process")
joiner.uses(side, "Sends facts failing validation to", "in-process")
fact_sink.uses(facts, "Writes clean facts", "Kafka transactions", interaction="async")
side.uses(dlq, "Writes failed records", "Kafka protocol", interaction="async")

sink.uses(facts, "Consumes clean facts", "Kafka protocol")
sink.uses(registry, "Fetches schemas", "HTTPS/JSON")
sink.uses(tables, "Writes data files", "S3 API")
sink.uses(catalog, "Commits snapshots", "Iceberg REST")
sink.uses(dlq, "Writes records it cannot commit", "Kafka protocol", interaction="async")
compactor.uses(tables, "Rewrites small files", "S3 API")
compactor.uses(catalog, "Expires snapshots", "Iceberg REST")
trino.uses(catalog, "Resolves table snapshots", "Iceberg REST")
trino.uses(tables, "Reads Parquet files", "S3 API")

replayer.uses(dlq, "Reads dead letters", "Kafka protocol")
replayer.uses(kafka, "Republishes fixed records", "Kafka protocol", interaction="async")
monitor.uses(connect, "Scrapes connector metrics", "Prometheus")
monitor.uses(enrich, "Scrapes job metrics and lag", "Prometheus")
monitor.uses(dlq, "Measures dead-letter depth", "Kafka admin API")
monitor.uses(pager, "Raises alerts", "HTTPS/JSON")
pager.uses(oncall, "Pages", "SMS, push")

# --- deployment ---------------------------------------------------------------------------------
dc = m.deployment_node("Frankfurt Data Centre", "The shop's own data centre.", "On-premises", environment="Production")
dc.deployment_node(
    "Orders DB Host", "Primary with a logical replication slot.", "PostgreSQL 16",
).software_system_instance(orders)
dc.deployment_node("Inventory DB Host", "Primary with row-based binlog.", "MySQL 8").software_system_instance(inventory)

aws = m.deployment_node(
    "AWS eu-central-1", "The data platform's region.", "Amazon Web Services", environment="Production",
)
msk = aws.deployment_node("Amazon MSK", "Three brokers over three zones.", "Amazon MSK", instances=3)
for topic in (kafka, facts, dlq, offsets):
    msk.container_instance(topic)
eks = aws.deployment_node("Amazon EKS", "Data platform cluster.", "Kubernetes")
eks.deployment_node(
    "connect", "Kafka Connect workers.", "Kubernetes namespace", instances=3,
).container_instance(connect)
eks.deployment_node(
    "flink", "Flink application cluster.", "Kubernetes namespace", instances=4,
).container_instance(enrich)
tools = eks.deployment_node("platform", "Shared services.", "Kubernetes namespace")
tools.container_instance(registry)
tools.container_instance(replayer)
tools.container_instance(monitor)
lake_node = eks.deployment_node("lake", "Sink and query workers.", "Kubernetes namespace", instances=2)
lake_node.container_instance(sink)
lake_node.container_instance(trino)
aws.deployment_node("Amazon EMR", "Nightly maintenance jobs.", "Amazon EMR Serverless").container_instance(compactor)
aws.deployment_node("Amazon S3", "Bucket lakehouse-prod, versioned.", "Amazon S3").container_instance(tables)
aws.deployment_node("AWS Glue", "Data Catalog as Iceberg REST catalogue.", "AWS Glue").container_instance(catalog)
aws.infrastructure_node("Direct Connect", "Private 10 Gbit/s link to the data centre.", "AWS Direct Connect")

# --- views --------------------------------------------------------------------------------------
v = workspace.views
v.system_landscape(key="landscape", title="CDC Lakehouse — landscape")
v.system_context(cdc, key="context", title="CDC Platform — context")
containers = v.container(cdc, key="containers", title="CDC Platform — containers")
containers.right_of(registry, kafka)       # the registry beside the topics it describes
containers.below(dlq, kafka)               # the dead-letter path under the main flow
v.component(connect, key="connect-components", title="Debezium Connect — components")
job = v.component(enrich, key="enrichment-components", title="Enrichment Job — components", direction="LR")
job.same_rank(source, decoder, dedup, joiner, fact_sink, ordered=True)

change = v.dynamic(cdc, key="row-change", title="An order row reaches the lakehouse")
change.step(pg_conn, orders, "Reads the committed insert from the replication slot")
change.step(pg_conn, converter, "Hands over the change event")
change.step(converter, registry, "Looks up the schema id")
change.step(converter, kafka, "Publishes the change to orders.public.order_line")
change.step(source, kafka, "Consumes the change")
change.parallel(
    [(decoder, registry, "Fetches the writer schema"), (joiner, fact_sink, "Joins stock, emits the fact")],
    [(decoder, side, "A record that fails to decode goes to the side output"), (side, dlq, "Writes the dead letter")],
)
change.step(fact_sink, facts, "Writes the order fact")
change.step(sink, facts, "Consumes the fact")
change.step(sink, tables, "Writes a Parquet file")
change.step(sink, catalog, "Commits the snapshot")

replay = v.dynamic(cdc, key="dead-letter-replay", title="A dead letter is fixed and replayed", style="sequence")
replay.step(monitor, dlq, "Sees the dead-letter depth above 0")
replay.step(monitor, pager, "Raises an alert")
replay.step(pager, oncall, "Pages the operator")
replay.step(oncall, replayer, "Opens the dead letters")
replay.step(replayer, dlq, "Reads the records and their error headers")
replay.step(replayer, oncall, "Shows the failing field", response=True)
replay.step(oncall, replayer, "Replays after the schema fix")
replay.step(replayer, kafka, "Republishes the records")

v.deployment("Production", cdc, key="production", title="CDC Platform — production")

# --- arc42 --------------------------------------------------------------------------------------
a = workspace.arc42
a.system = cdc.id
a.introduction = (
    "The CDC Platform gives analysts the shop's orders and stock as tables that are at most a minute "
    "old, without any query load on the operational databases."
)
a.requirement("F1", "functional", "Every committed row change of the captured tables reaches the lakehouse")
a.requirement("F2", "functional", "Records that fail are kept, explained and can be replayed")
a.requirement("B1", "business", "Daily sales reporting no longer waits for the nightly export")
a.quality_goal("QG1", 1, "Freshness", "A committed change is queryable within 60 seconds (p95).")
a.quality_goal("QG2", 2, "No silent loss", "Every change is either in a table or in the dead-letter topic.")
a.quality_goal("QG3", 3, "Source safety", "The pipeline never slows the order database down.")
a.scenario(
    "QS1", goal="QG1", source="Order Management", stimulus="an order is committed",
    environment="normal load, 2,000 changes/s", artifact="cdc-platform.enrichment-job",
    response="the order fact is in the lakehouse table", response_measure="within 60 s at p95",
)
a.scenario(
    "QS2", goal="QG2", source="Order Management", stimulus="a column type changes incompatibly",
    environment="normal operation", artifact="cdc-platform.schema-registry",
    response="the registry refuses the schema; the records go to the dead-letter topic and the operator is paged",
    response_measure="0 records lost; page within 5 minutes",
)
a.scenario(
    "QS3", goal="QG3", source="Kafka", stimulus="the brokers are unavailable for an hour",
    environment="outage", artifact="cdc-platform.debezium-connect",
    response="the connector pauses; the replication slot retains WAL within its disk budget",
    response_measure="orders database disk under 80 %",
)
a.stakeholder("Head of Data", "data@example.com", "Fresh, trustworthy tables; cost within budget.")
a.stakeholder("Order team", "orders@example.com", "No load or risk on the order database.")
a.stakeholder("Analysts", "", "Stable table names and columns; clear freshness figures.")
a.constraint(
    "C1", "No queries against the operational databases", "Only their logs may be read.", kind="organizational",
)
a.constraint("C2", "Data stays in the EU", "eu-central-1 and the Frankfurt data centre only.", kind="organizational")
a.constraint(
    "C3", "Avro on every topic", "Every topic has a registered schema, backward compatible.", kind="convention",
)
a.decision(
    "0001", "Log-based CDC with Debezium", date="2026-03-02", status="accepted",
    context="Nightly exports are a day old and load the database for an hour.",
    decision="Read the write-ahead log and the binlog with Debezium; use the outbox pattern for domain events.",
    consequences="A replication slot to watch; no query load; deletes are captured.",
    elements=[connect, orders],
)
a.decision(
    "0002", "Iceberg tables on S3 as the lakehouse format", date="2026-03-20", status="accepted",
    context="Analysts need SQL, time travel and schema evolution; several engines must read the tables.",
    decision="Apache Iceberg with a REST catalogue on Glue, queried with Trino.",
    consequences="Small files need nightly compaction.",
    elements=[tables, catalog, compactor],
)
a.decision(
    "0003", "A dead-letter topic instead of stopping on bad records", date="2026-04-11", status="accepted",
    context="One malformed record stopped the whole pipeline for hours.",
    decision="Every stage routes what it cannot handle to one dead-letter topic, with the error in headers.",
    consequences="Someone must clear the queue; ordering per key is lost for replayed records.",
    elements=[dlq, replayer],
)
a.risk(
    "R1", "Replication slot fills the disk", probability="low", impact="high",
    description="A stalled connector keeps WAL on the order database until its disk is full.",
    mitigation="max_slot_wal_keep_size and an alert on slot lag.", elements=[connect, orders],
)
a.risk(
    "R2", "Replayed records overwrite newer ones", probability="medium", impact="medium",
    description="A replay of an old change lands after a newer change of the same key.",
    mitigation="The sink compares source LSNs and keeps the newer row.", elements=[replayer, sink],
)
a.debt("D1", "Compaction schedule is a cron job", description="Should follow table write volume.", elements=[compactor])
a.concept(
    "K1", "Exactly once",
    "Flink transactions into the fact topics and the Iceberg sink's commits make every change land once.",
)
a.term("CDC", "Change data capture: reading a database's changes from its log.")
a.term("Dead letter", "A record a stage could not process, kept with the reason.")
a.term("Replication slot", "PostgreSQL's record of how far a logical replication consumer has read.")
a.term("Snapshot", "An Iceberg table's state at one commit.")
