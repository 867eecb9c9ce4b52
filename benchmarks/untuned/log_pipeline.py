"""Untuned benchmark model: a company-wide log pipeline.

Written from archkit's README alone, with no layout hints or separations: 13 containers in three
groups (collection, processing, storage and query), seven external systems on every side, three
kinds of people. ``benchmarks/layout.py`` measures it as part of the ``untuned`` corpus (issue 13).
"""

from archkit import Workspace

workspace = Workspace(name="Log Pipeline", description="Every service's logs collected, parsed, stored and searched.")
m = workspace.model

developer = m.person("Developer", "Searches logs of their services while debugging.")
sre = m.person("On-call Engineer", "Gets paged on error spikes and investigates incidents.")
auditor = m.person("Security Auditor", "Reviews access and audit trails.")

services = m.software_system("Product Services", "Hundreds of services that write logs.", location="external")
k8s = m.software_system("Kubernetes Clusters", "Node and container logs of every cluster.", location="external")
cloud = m.software_system("Cloud Audit Logs", "The cloud provider's audit trail.", location="external")
sso = m.software_system("Single Sign-On", "Company identity provider.", location="external")
pager = m.software_system("PagerDuty", "Pages the on-call engineer.", location="external")
archive = m.software_system("Object Storage", "Cold archive, seven years.", location="external")
siem = m.software_system("SIEM", "The security team's event correlation.", location="external")

logs = m.software_system("Log Platform", "Collects, parses, stores and serves the company's logs.")
collect = m.group("Collection", "Agents and intake.")
process = m.group("Processing", "Parsing, enrichment and routing.")
store = m.group("Storage and query", "Hot and warm storage and the search front end.")

agent = logs.container("Log Agent", "Tails files and journald on every host.", "Vector", group=collect.id)
intake = logs.container("Intake API", "Accepts log batches over HTTP from services.", "Go", group=collect.id)
audit_pull = logs.container("Audit Puller", "Pulls the cloud audit trail every minute.", "Python",
                            group=collect.id)
raw = logs.container("Raw Topic", "Unparsed log lines, 3 days.", "Kafka", tags=["Queue"], group=process.id)
parser = logs.container("Parser", "Parses, redacts secrets, adds service metadata.", "Flink", group=process.id)
parsed = logs.container("Parsed Topic", "Structured events, 3 days.", "Kafka", tags=["Queue"], group=process.id)
router = logs.container("Router", "Sends each event to hot storage, the archive and the SIEM.", "Flink",
                        group=process.id)
alerter = logs.container("Alert Rules", "Counts errors per service and fires alerts.", "Go", group=process.id)
hot = logs.container("Hot Store", "Last 14 days, full-text indexed.", "OpenSearch", tags=["Database"],
                     group=store.id)
warm = logs.container("Warm Store", "Last 90 days, columnar.", "ClickHouse", tags=["Database"], group=store.id)
query = logs.container("Query API", "Searches hot and warm storage, enforces access rules.", "Go", group=store.id)
ui = logs.container("Log Explorer", "Search, live tail and dashboards.", "React", group=store.id)
catalog = logs.container("Service Catalog", "Owners and retention per service.", "PostgreSQL", tags=["Database"],
                         group=store.id)

services.uses(intake, "Sends log batches to", "HTTPS")
k8s.uses(agent, "Writes container logs read by", "files")
agent.uses(intake, "Ships batches to", "HTTPS")
audit_pull.uses(cloud, "Pulls audit events from", "HTTPS")
audit_pull.uses(raw, "Writes audit events to", "Kafka")
intake.uses(raw, "Writes lines to", "Kafka")
parser.uses(raw, "Consumes lines from", "Kafka")
parser.uses(catalog, "Looks up owners in", "SQL")
parser.uses(parsed, "Writes events to", "Kafka")
router.uses(parsed, "Consumes events from", "Kafka")
router.uses(hot, "Indexes events in", "HTTPS bulk")
router.uses(warm, "Inserts events into", "native protocol")
router.uses(archive, "Archives events to", "S3 API")
router.uses(siem, "Forwards security events to", "syslog over TLS")
alerter.uses(parsed, "Counts errors from", "Kafka")
alerter.uses(pager, "Pages through", "Events API")
alerter.uses(catalog, "Finds the owning team in", "SQL")
pager.uses(sre, "Pages", "phone, push")
query.uses(hot, "Searches", "HTTPS")
query.uses(warm, "Queries", "SQL")
query.uses(catalog, "Checks access rules in", "SQL")
ui.uses(query, "Calls", "HTTPS/JSON")
ui.uses(sso, "Signs users in with", "OIDC")
developer.uses(ui, "Searches logs with", "HTTPS")
sre.uses(ui, "Investigates incidents with", "HTTPS")
auditor.uses(ui, "Reviews audit trails with", "HTTPS")
auditor.uses(siem, "Correlates security events in", "HTTPS")

v = workspace.views
v.system_context(logs, key="context", title="Log Pipeline — System Context")
v.container(logs, key="containers", title="Log Pipeline — Containers")
