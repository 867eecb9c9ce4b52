"""CQRS with event sourcing: a digital wallet whose ledger is a stream of events.

Commands go to a command side that rebuilds a wallet from its events, decides, and
appends new events with an expected version (optimistic concurrency). The event store
is the only source of truth. Projections consume the events and maintain read models,
each shaped for one kind of query; any read model can be rebuilt by replaying.

Build it with `archkit build models/cqrs_event_sourcing.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Digital Wallet (CQRS and Event Sourcing)",
    description="A stored-value wallet: every deposit, payment and transfer is an event; "
    "balances, statements and reports are projections of those events.",
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

holder = m.person("Wallet Holder", "Tops up, pays and transfers money with the wallet app.")
auditor = m.person(
    "Compliance Officer",
    "Reconstructs any wallet's history and balance at any moment for audits and disputes.",
)
app = m.software_system(
    "Wallet App", "The iOS and Android app.", location="external",
)
cards = m.software_system(
    "Card Processor", "Authorises card payments made with the wallet's virtual card.",
    location="external",
)
banking = m.software_system(
    "Core Banking", "Holds the pooled customer-funds account; settles daily from wallet events.",
    location="external",
)

wallet = m.software_system(
    "Wallet Platform",
    "Records every money movement as an event and answers balance, statement and reporting "
    "queries from projections.",
)
cmd_g = m.group("Command side", "Validates commands and appends events.")
store_g = m.group("Source of truth", "The event store and the relay that publishes its events.")
qry_g = m.group("Query side", "Projections and read models, rebuilt at will.")

commands = wallet.container(
    "Command API",
    "Accepts Deposit, Pay, Transfer and Freeze commands; rebuilds the wallet from its events, "
    "checks the rules and appends the resulting events.",
    "Kotlin, Spring Boot", group=cmd_g.id,
)
store = wallet.container(
    "Event Store",
    "Append-only events table: (stream id, version) unique, global position, JSON payload; "
    "plus snapshots every 100 events.", "PostgreSQL", tags=["Database"], group=store_g.id,
)
relay = wallet.container(
    "Event Relay",
    "Streams committed events from the event store's write-ahead log to the event bus, in "
    "commit order.", "Debezium", group=store_g.id,
)
bus = wallet.container(
    "Event Bus",
    "Topic wallet-events, partitioned by wallet id, 30 days retention; feeds projections "
    "and other systems.", "Apache Kafka", tags=["Queue"], group=store_g.id,
)
projections = wallet.container(
    "Projection Service",
    "Runs one projector per read model; each keeps its own checkpoint and can be rebuilt "
    "from position 0.", "Kotlin", group=qry_g.id,
)
balances = wallet.container(
    "Balance Read Model", "Current balance and available limit per wallet, with the "
    "position it reflects.", "Redis", tags=["Database"], group=qry_g.id,
)
history = wallet.container(
    "Statement Read Model", "Searchable transactions per wallet (merchant, amount, date).",
    "Elasticsearch", tags=["Database"], group=qry_g.id,
)
reporting = wallet.container(
    "Ledger Reporting Model", "Daily totals by currency and product for finance and "
    "regulatory reports.", "ClickHouse", tags=["Database"], group=qry_g.id,
)
queries = wallet.container(
    "Query API", "Answers balance, statement and audit queries; can wait for a given "
    "position to give read-your-writes.", "Kotlin, Spring Boot", group=qry_g.id,
)

# Command API internals
handler = commands.component(
    "Command Handlers", "One handler per command; deduplicates by command id, loads the "
    "wallet, asks it to decide, appends the result.", "Kotlin",
)
aggregate = commands.component(
    "Wallet Aggregate", "Pure decision logic: given past events and a command, returns new "
    "events or a rejection (insufficient funds, frozen, limit exceeded).", "Kotlin",
)
repo = commands.component(
    "Event Stream Repository", "Loads snapshot plus later events; appends with the expected "
    "version and retries the command once on a version conflict.", "Kotlin, JDBC",
)
snapshotter = commands.component(
    "Snapshotter", "Writes a snapshot of the wallet state after every 100th event.",
    "Kotlin",
)

# Projection Service internals
consumer = projections.component(
    "Event Consumer", "Reads wallet-events and dispatches each event to every projector "
    "whose checkpoint is behind it.", "Kotlin, Kafka client",
)
bal_proj = projections.component(
    "Balance Projector", "Applies money events to balances, idempotently by position.",
    "Kotlin",
)
stmt_proj = projections.component(
    "Statement Projector", "Indexes each transaction as a statement line.", "Kotlin",
)
rep_proj = projections.component(
    "Reporting Projector", "Aggregates daily totals per currency and product.", "Kotlin",
)
checkpoints = projections.component(
    "Checkpoint Store", "The last applied global position per projector, committed with the "
    "read-model write where the store allows it.", "Kotlin",
)

# ---- relationships ------------------------------------------------------------------------

holder.uses(app, "Pays and checks the balance with")
app.uses(handler, "Sends commands to", "HTTPS/JSON")
app.uses(queries, "Reads balance and statements from", "HTTPS/JSON")
cards.uses(handler, "Sends card authorisations as Pay commands to", "ISO 8583 over TLS")
handler.uses(aggregate, "Asks for a decision", "in-process call")
handler.uses(repo, "Loads and appends wallet streams through", "in-process call")
repo.uses(store, "Reads streams from and appends events to", "SQL over TLS")
handler.uses(snapshotter, "Hands every 100th version to", "in-process call")
snapshotter.uses(store, "Writes snapshots to", "SQL over TLS")
relay.uses(store, "Reads committed events from the WAL of", "PostgreSQL logical replication")
relay.uses(bus, "Publishes events in commit order to", "Kafka protocol", interaction="async")
consumer.uses(bus, "Consumes events from", "Kafka protocol")
consumer.uses(store, "Replays history from, when a read model is rebuilt", "SQL over TLS")
consumer.uses(checkpoints, "Reads positions from", "in-process call")
consumer.uses(bal_proj, "Dispatches events to", "in-process call")
consumer.uses(stmt_proj, "Dispatches events to", "in-process call")
consumer.uses(rep_proj, "Dispatches events to", "in-process call")
bal_proj.uses(balances, "Updates balances in", "RESP, MULTI/EXEC")
stmt_proj.uses(history, "Indexes statement lines in", "HTTPS, bulk API")
rep_proj.uses(reporting, "Inserts daily totals into", "ClickHouse native protocol")
checkpoints.uses(store, "Stores positions of non-transactional read models in", "SQL over TLS")
queries.uses(balances, "Reads balances from", "RESP")
queries.uses(history, "Searches statements in", "HTTPS/JSON")
queries.uses(reporting, "Queries daily totals from", "HTTP, SQL")
queries.uses(store, "Replays a wallet's stream for audits from", "SQL over TLS")
auditor.uses(queries, "Reconstructs wallet histories with", "HTTPS, back-office UI")
banking.uses(bus, "Consumes money events for daily settlement from", "Kafka protocol")

# ---- deployment ---------------------------------------------------------------------------

gcp = m.deployment_node("Google Cloud europe-west3", "Frankfurt region, 3 zones.",
                        "Google Cloud", environment="Production")
lb = gcp.infrastructure_node("Cloud Load Balancer", "Global HTTPS load balancer, Cloud Armor "
                             "rate limits.", "Google Cloud Load Balancing")
gke = gcp.deployment_node("GKE Cluster", "Regional cluster.", "Kubernetes")
cmd_pods = gke.deployment_node("command-api", "6 pods.", "Kubernetes Deployment",
                               instances="6").container_instance(commands)
qry_pods = gke.deployment_node("query-api", "6 to 30 pods.", "Kubernetes Deployment",
                               instances="6..30").container_instance(queries)
gke.deployment_node("projection-service", "1 pod per projector and partition range.",
                    "Kubernetes Deployment", instances="6").container_instance(projections)
gke.deployment_node("debezium", "Kafka Connect worker running the PostgreSQL connector.",
                    "Kafka Connect", instances="2").container_instance(relay)
gcp.deployment_node("Cloud SQL", "High-availability primary plus standby, PITR enabled.",
                    "PostgreSQL 16", instances="2").container_instance(store)
gcp.deployment_node("Confluent Cloud", "Dedicated cluster in the same region.",
                    "Apache Kafka").container_instance(bus)
gcp.deployment_node("Memorystore", "Redis with a replica.", "Redis 7",
                    instances="2").container_instance(balances)
gcp.deployment_node("Elastic Cloud", "3 data nodes.", "Elasticsearch 8",
                    instances="3").container_instance(history)
gcp.deployment_node("ClickHouse Cloud", "2 replicas.", "ClickHouse",
                    instances="2").container_instance(reporting)
lb.uses(cmd_pods, "Routes POST /commands to", "HTTPS")
lb.uses(qry_pods, "Routes GET requests to", "HTTPS")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(wallet, key="context", title="Digital Wallet — System Context",
                 description="Commands come from the app and the card processor; settlement "
                 "and audit read the events.").including(holder)
v.container(wallet, key="containers", title="Digital Wallet — Containers",
            description="The command side writes only events; the relay publishes them; the "
            "query side turns them into one read model per query shape and reads those.")
v.component(commands, key="command-api", title="Command API — Components",
            description="Load, decide, append: the aggregate is a pure function of events.")
v.component(projections, key="projections", title="Projection Service — Components",
            description="One projector per read model, each with its own checkpoint.")
pay = v.dynamic(wallet, key="payment", title="A payment is recorded and projected", style="sequence",
                description="The command side commits one event; every read model catches up "
                "independently, within about a second.")
pay.step(app, commands, "POST Pay 12.50 EUR (command id c-81f2)", "HTTPS/JSON")
pay.step(commands, store, "Loads snapshot v1200 and events v1201..v1234", "SQL")
pay.step(commands, store, "Appends PaymentMade at expected version 1235", "SQL")
pay.step(commands, app, "201 Created at global position 88,412,907", "HTTPS/JSON", response=True)
pay.step(relay, store, "Reads the committed event from the WAL", "logical replication")
pay.step(relay, bus, "Publishes it at position 88,412,907", "Kafka protocol")
pay.parallel(
    [(projections, bus, "Consumes the event"),
     (projections, balances, "Balance 87.50 EUR at position 88,412,907")],
    [(projections, history, "Indexes the statement line")],
    [(banking, bus, "Adds it to today's settlement batch")],
)
pay.step(app, queries, "GET balance with min-position 88,412,907", "HTTPS/JSON")
pay.step(queries, balances, "Reads the balance once it reflects that position", "RESP")
pay.step(queries, app, "200 OK: balance 87.50 EUR", "HTTPS/JSON", response=True)
rebuild = v.dynamic(projections, key="rebuild-read-model",
                    title="Adding a read model from the full history",
                    description="The reporting model was added after two years of events.")
rebuild.step(consumer, checkpoints, "Finds no checkpoint for the reporting projector",
             "in-process call")
rebuild.step(consumer, store, "Replays 2.1 billion events from position 0 in pages", "SQL")
rebuild.step(consumer, rep_proj, "Dispatches each page", "in-process call")
rebuild.step(rep_proj, reporting, "Inserts daily totals in batches of 100,000 rows",
             "ClickHouse native protocol")
rebuild.step(consumer, bus, "Switches to the bus once within its retention", "Kafka protocol")
v.deployment("Production", wallet, key="production", title="Production — Google Cloud",
             description="Managed stores; stateless services on GKE.")

workspace.styles.element("Database", shape="cylinder")
workspace.styles.element("Queue", shape="pipe")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "The Wallet Platform keeps a stored-value wallet for 4 million customers. A regulator "
    "may ask why any balance was what it was on any day; event sourcing answers by keeping "
    "every change as an event. CQRS separates the command side, which protects the rules, "
    "from read models built for each way the data is queried."
)
a.requirement("B1", "business", "Explain any balance at any moment",
              "E-money regulation: 5 years of complete, tamper-evident history.",
              priority="high")
a.requirement("B2", "business", "Never overdraw a wallet", "An overdraft is a loss and a "
              "compliance breach.", priority="high")
a.requirement("B3", "business", "New reports without data migrations",
              "Finance asks for a new report every quarter.", priority="medium")
a.requirement("F1", "functional", "Deposit, pay, transfer and freeze",
              elements=[commands, aggregate])
a.requirement("F2", "functional", "Show balance and searchable statements",
              elements=[queries, balances, history])
a.requirement("F3", "functional", "Reconstruct a wallet at a point in time",
              elements=[queries, store])
a.requirement("F4", "functional", "Daily settlement and finance reports",
              elements=[reporting, bus])
a.requirement("Q1", "quality", "Card authorisations decided within 150 ms (p99)")
a.requirement("Q2", "quality", "Balance queries within 20 ms (p99) at 10,000 requests/s")
a.requirement("Q3", "quality", "Read models no more than 2 s behind (p99)")

a.quality_goal("QG1", 1, "Auditability", "Every state is derivable from immutable events.")
a.quality_goal("QG2", 2, "Consistency", "The rules hold under concurrency: no double spend.")
a.quality_goal("QG3", 3, "Read performance", "Queries are served from shaped read models.")
a.quality_goal("QG4", 4, "Evolvability", "New read models from all history, no migration.")
a.scenario("QS1", goal="QG1", title="Dispute about a payment", source="Compliance officer",
           stimulus="asks for a wallet's balance and events on 2024-03-31 23:59",
           environment="normal operation", artifact="Query API, Event Store",
           response="the stream is replayed up to that moment",
           response_measure="answer in < 1 s for a stream of 10,000 events; matches the "
           "statement to the cent")
a.scenario("QS2", goal="QG2", title="Two payments race for the last euro",
           source="Card processor and wallet app", stimulus="send two Pay commands for the "
           "same wallet within 5 ms", environment="peak, 3,000 commands/s",
           artifact="Command API", response="one append wins; the other retries on the new "
           "version and is rejected for insufficient funds",
           response_measure="0 overdrafts; command p99 < 150 ms including one retry")
a.scenario("QS3", goal="QG3", title="Balance at peak", source="Wallet app",
           stimulus="reads balances", environment="salary day, 10,000 requests/s",
           artifact="Query API, Balance Read Model", response="served from Redis",
           response_measure="p99 < 20 ms; projection lag p99 < 2 s at 3,000 events/s")
a.scenario("QS4", goal="QG4", title="A new regulatory report", source="Finance",
           stimulus="needs daily totals per product since launch", environment="production",
           artifact="Projection Service", response="a new projector replays all events into "
           "a new read model", response_measure="2.1 billion events replayed in < 6 h at "
           ">= 100,000 events/s; 0 changes to the command side")
a.stakeholder("Wallet holders", "via app store reviews and support",
              "Correct balances, instant payments.")
a.stakeholder("Compliance and regulator", "compliance@wallet.example",
              "Complete, immutable history; point-in-time reconstruction.")
a.stakeholder("Finance", "finance@wallet.example", "Reports that reconcile with settlement.")
a.stakeholder("Wallet engineering", "#wallet-eng", "Rules in one place; read models cheap to "
              "add.")
a.constraint("C1", "E-money regulation", "History kept 5 years, tamper-evident; data in the "
             "EU.", kind="organizational")
a.constraint("C2", "Card network response time", "Authorisations must be answered within "
             "300 ms or the network stands in.", kind="technical")
a.constraint("C3", "JVM stack", "Kotlin and Spring Boot are the company's service stack.",
             kind="organizational")

a.decision("0001", "Event sourcing for the wallet ledger", status="accepted",
           date=date(2023, 5, 8), elements=[store, aggregate],
           context="Auditors need every balance explained. A state table plus an audit log "
           "can drift apart and records what changed, not why.",
           decision="The wallet's state is the fold of its events; events are the only thing "
           "written.",
           consequences="Good: complete history for free, point-in-time answers, new read "
           "models by replay.\n\nBad: events are forever, so schema evolution needs upcasters; "
           "long streams need snapshots; the team needs to learn a new style; GDPR erasure "
           "needs crypto-shredding of personal fields.")
a.decision("0002", "Separate read models (CQRS)", status="accepted", date=date(2023, 5, 8),
           elements=[projections, queries],
           links=[{"relation": "follows from", "target": "0001"}],
           context="Querying balances by folding events would be too slow, and statements need "
           "search while finance needs aggregates.",
           decision="Projections maintain a read model per query shape: Redis, Elasticsearch, "
           "ClickHouse.",
           consequences="Good: each query is fast and each store fits its job.\n\nBad: read "
           "models are eventually consistent (about 1 s); clients needing read-your-writes "
           "pass the position they wrote; three more stores to run.")
a.decision("0003", "PostgreSQL as the event store", status="accepted", date=date(2023, 5, 22),
           elements=[store],
           context="Candidates: EventStoreDB (built for it, new to our operators), Kafka "
           "(no per-stream optimistic concurrency, no stream reads), PostgreSQL (known, "
           "transactional).",
           decision="An append-only table with a unique (stream id, version) constraint and a "
           "global position; snapshots in a side table.",
           consequences="Good: optimistic concurrency from a unique index, operators know it, "
           "point-in-time recovery.\n\nBad: no built-in subscriptions (hence the CDC relay); one "
           "primary limits write throughput to about 8,000 events/s.")
a.decision("0004", "Publish events by change data capture", status="accepted",
           date=date(2023, 6, 5), elements=[relay, bus],
           links=[{"relation": "completes", "target": "0003"}],
           context="Publishing from the command handler after the commit is a dual write.",
           decision="Debezium reads the events table from the write-ahead log and publishes "
           "to Kafka in commit order.",
           consequences="Good: nothing committed is lost, nothing uncommitted is published."
           "\n\nBad: a replication slot that stalls retains WAL and can fill the disk; one "
           "more component to monitor.")
a.strategy("S1", "Events as the source of truth", "The event store is append-only; everything "
           "else is derived.", quality_goals=["QG1", "QG4"], decisions=["0001", "0003"])
a.strategy("S2", "Optimistic concurrency per wallet", "Appends carry the expected version; "
           "conflicts retry once.", quality_goals=["QG2"], decisions=["0003"])
a.strategy("S3", "A read model per query shape", "Projections shape data for each query.",
           quality_goals=["QG3", "QG4"], decisions=["0002", "0004"])
a.concept("K1", "Event design", "Events are past-tense facts (PaymentMade, FundsDeposited) "
          "with a schema version; they carry amounts and ids, never derived totals.")
a.concept("K2", "Schema evolution by upcasting", "Old event versions are upcast to the current "
          "one when read; stored events are never rewritten.")
a.concept("K3", "Idempotency and ordering", "Commands carry ids and are deduplicated; "
          "projectors apply events by global position and skip any they have seen.")
a.concept("K4", "Read-your-writes", "A command returns the global position of its last "
          "event; a query may pass min-position and the Query API waits up to 2 s for it.")
a.concept("K5", "Personal data", "Names and IBANs are encrypted per holder; erasure deletes "
          "the key (crypto-shredding), events stay intact.")
a.risk("R1", "Projection lag grows unnoticed", probability="medium", impact="medium",
       description="Users see stale balances after paying.",
       mitigation="Lag per projector as a metric; alert at 5 s; read-your-writes for the app.",
       elements=[projections])
a.risk("R2", "Stalled replication slot fills the disk", probability="low", impact="high",
       description="If Debezium stops, PostgreSQL keeps WAL for it.",
       mitigation="max_slot_wal_keep_size; alert on slot lag > 1 GB.",
       elements=[relay, store])
a.risk("R3", "Event schema mistakes are permanent", probability="medium", impact="medium",
       description="A badly designed event lives forever.",
       mitigation="Event review in design; upcasters; contract tests per event version.",
       elements=[aggregate])
a.debt("TD1", "Upcasters live in the command API only", description="Projections read raw "
       "event versions and duplicate the upcasting.", remedy="A shared event library with "
       "the upcasters.", elements=[projections, commands])
a.debt("TD2", "Snapshots are never pruned", description="All snapshots are kept; only the "
       "latest is read.", remedy="Keep the latest two per wallet.", elements=[store])
a.term("Event sourcing", "Storing every change to state as an immutable event; state is "
       "derived by replaying events.")
a.term("CQRS", "Command Query Responsibility Segregation: separate models for changing and "
       "for reading data.")
a.term("Aggregate", "The consistency boundary (here a wallet) that decides on commands.")
a.term("Projection", "Code that turns events into a read model.")
a.term("Read model", "A store shaped for one kind of query, derived from events.")
a.term("Snapshot", "The state of an aggregate at a version, to avoid replaying a long stream.")
a.term("Global position", "The order of an event across all streams.")
a.term("Upcasting", "Converting an old event version into the current one when reading it.")
