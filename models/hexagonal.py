"""Hexagonal architecture (ports and adapters): an order service whose domain knows no technology.

The domain core sits inside the hexagon behind ports. Driving ports are the use cases
the outside world may call; driven ports are what the core needs from the outside
(a repository, a message publisher). Adapters on both sides translate between a
technology and a port. The dependency rule: adapters depend on ports, the core
depends on nothing outside the hexagon. The component view shows ports and adapters
by tag and style.

The model maps its components to a real package, examples/order_service/ (code=...), and states
the dependency rule as rules of the model: `archkit check` holds the relationships to them and
`archkit conform models/hexagonal.py` the package's imports. The package stays free of
dependencies: its REST controller is plain WSGI and its admin CLI argparse, where the model names
the production choices (FastAPI, Typer); the ports, and so the rules, are the same.

Build it with `archkit build models/hexagonal.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Order Service (Hexagonal Architecture)",
    description="The order service of an online shop, built as ports and adapters so that the "
    "ordering rules can be tested and changed without any database, web framework or broker.",
    properties={"archkit.src": "../examples"},  # where the mapped package lives, for `archkit conform`
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

customer = m.person("Customer", "Buys products through the web shop.")
operator = m.person(
    "Support Engineer",
    "Fixes stuck orders and runs bulk cancellations from the command line.",
)
shop = m.software_system(
    "Web Shop",
    "The storefront: catalogue, basket and checkout pages.",
    location="external",
)
shipping = m.software_system(
    "Shipping Service",
    "Picks, packs and ships an order once it is placed.",
    location="external",
)
billing = m.software_system(
    "Billing Service",
    "Charges the customer and issues the invoice for a placed order.",
    location="external",
)

ordering = m.software_system(
    "Ordering",
    "Takes orders, enforces the ordering rules (stock reservation, price, limits) and "
    "announces what happened to the rest of the shop.",
)
service = ordering.container(
    "Order Service",
    "The hexagon: the order domain and its use cases, with adapters for HTTP, the CLI, "
    "PostgreSQL and RabbitMQ.",
    "Python 3.12, FastAPI", code="order_service",
)
db = ordering.container(
    "Order Database",
    "Orders and order lines; owned by the Order Service alone.",
    "PostgreSQL", tags=["Database"],
)
broker = ordering.container(
    "Message Broker",
    "Topic exchange orders.events; other services bind their own queues to it.",
    "RabbitMQ", tags=["Queue"],
)

# the three rings of the hexagon, drawn as groups
driving_g = m.group("Driving adapters", "Turn a request from outside into a use-case call.")
core_g = m.group("Application core", "Ports and domain: no import of any framework or driver.")
driven_g = m.group("Driven adapters", "Implement a driven port with a technology.")

rest = service.component(
    "REST Controller",
    "Driving adapter: maps HTTP requests to use-case calls and results to JSON; no rules.",
    "FastAPI router", tags=["Adapter", "Driving"], group=driving_g.id,
    code="order_service.adapters.rest",
)
cli = service.component(
    "Admin CLI",
    "Driving adapter: command-line entry point for support tasks, e.g. bulk cancellation.",
    "Typer", tags=["Adapter", "Driving"], group=driving_g.id, code="order_service.adapters.cli",
)
place = service.component(
    "Place Order", "Driving port: the use case that turns a basket into an order.",
    "Python Protocol", tags=["Port", "Driving"], group=core_g.id, code="order_service.ports.place_order",
)
cancel = service.component(
    "Cancel Order", "Driving port: the use case that cancels an order not yet shipped.",
    "Python Protocol", tags=["Port", "Driving"], group=core_g.id, code="order_service.ports.cancel_order",
)
app = service.component(
    "Ordering Application Service",
    "Application core: implements the driving ports; loads aggregates through the repository "
    "port, calls the domain, saves, publishes the domain events.",
    "Python", tags=["Domain"], group=core_g.id, code="order_service.application",
)
order = service.component(
    "Order Aggregate",
    "Domain: the order and its lines; enforces the invariants (max 50 lines, no cancel after "
    "shipping) and records domain events.",
    "Python dataclasses", tags=["Domain"], group=core_g.id, code="order_service.domain.order",
)
pricing = service.component(
    "Pricing Policy", "Domain service: totals, volume discounts and rounding rules.",
    "Python", tags=["Domain"], group=core_g.id, code="order_service.domain.pricing",
)
repo_port = service.component(
    "Order Repository", "Driven port: get(order_id), add(order), save(order).",
    "Python Protocol", tags=["Port", "Driven"], group=core_g.id, code="order_service.ports.order_repository",
)
pub_port = service.component(
    "Event Publisher", "Driven port: publish(events) for OrderPlaced, OrderCancelled.",
    "Python Protocol", tags=["Port", "Driven"], group=core_g.id, code="order_service.ports.event_publisher",
)
sql_repo = service.component(
    "SQL Order Repository",
    "Driven adapter: implements Order Repository; maps the aggregate to two tables.",
    "SQLAlchemy Core, psycopg", tags=["Adapter", "Driven"], group=driven_g.id,
)
bus_pub = service.component(
    "Message Bus Publisher",
    "Driven adapter: implements Event Publisher; serialises events to JSON and publishes them "
    "with publisher confirms.",
    "aio-pika", tags=["Adapter", "Driven"], group=driven_g.id,
)
mem_repo = service.component(
    "In-memory Order Repository",
    "Driven adapter for tests: implements Order Repository with a dict; used by the unit tests "
    "and the port contract tests.",
    "Python dict", tags=["Adapter", "Driven"], group=driven_g.id, code="order_service.adapters.memory",
)

# ---- relationships: every arrow inside the service points inward -------------------------

customer.uses(shop, "Checks out in")
shop.uses(rest, "Places and cancels orders through", "HTTPS/JSON")
operator.uses(cli, "Runs support commands with", "shell, kubectl exec")
rest.uses(place, "Calls", "Python call")
rest.uses(cancel, "Calls", "Python call")
cli.uses(cancel, "Calls", "Python call")
app.uses(place, "Implements", "Python Protocol")
app.uses(cancel, "Implements", "Python Protocol")
app.uses(order, "Creates and changes", "Python call")
app.uses(repo_port, "Loads and saves orders through", "Python call")
app.uses(pub_port, "Publishes domain events through", "Python call")
order.uses(pricing, "Prices its lines with", "Python call")
# Dependencies the code has on the domain's types: declared, so that `archkit conform` holds the
# imports to them, but left out of the hexagon view, where they would only repeat that everything
# around the aggregate knows it (the driven ports name it; the in-memory repository keeps copies).
type_uses = [repo_port.uses(order, "Loads and stores", "Python type", tags=["Type reference"]),
             pub_port.uses(order, "Publishes the events of", "Python type", tags=["Type reference"])]
sql_repo.uses(repo_port, "Implements", "Python Protocol")
mem_repo.uses(repo_port, "Implements", "Python Protocol")
type_uses.append(mem_repo.uses(order, "Keeps copies of", "Python type", tags=["Type reference"]))
bus_pub.uses(pub_port, "Implements", "Python Protocol")
sql_repo.uses(order, "Rebuilds and reads", "Python call")
sql_repo.uses(db, "Reads and writes orders in", "SQL over TCP")
bus_pub.uses(broker, "Publishes order events to", "AMQP 0.9.1", interaction="async")
shipping.uses(broker, "Consumes OrderPlaced and OrderCancelled from", "AMQP 0.9.1",
              interaction="async")
billing.uses(broker, "Consumes OrderPlaced from", "AMQP 0.9.1", interaction="async")

# ---- rules: the dependency rule, written once, held by `archkit check` and `archkit conform` --

workspace.rules.forbid(
    ["tag:Domain", "tag:Port"], "tag:Adapter", id="dependency-rule",
    why="The core imports nothing from adapters, frameworks or drivers (concept K1, decision 0002).",
)
workspace.rules.independent(
    "tag:Adapter", id="adapters-apart",
    why="Adapters meet only in the core, so a technology swap touches one adapter (QS1).",
)
workspace.rules.only_via(
    [rest.id, cli.id], "tag:Domain", "tag:Port", id="driving-through-ports",
    why="Driving adapters call use cases, never the domain: no rules in controllers (risk R2).",
)

# ---- deployment ---------------------------------------------------------------------------

aws = m.deployment_node("AWS eu-west-1", "Production region.", "Amazon Web Services",
                        environment="Production")
eks = aws.deployment_node("EKS Cluster", "Shared application cluster.", "Kubernetes")
ingress = eks.infrastructure_node("Ingress Controller", "TLS termination and routing.", "Nginx")
pods = eks.deployment_node("order-service", "Deployment, 3 to 10 pods, HPA on CPU.",
                           "Kubernetes Deployment", instances="3..10")
service_pods = pods.container_instance(service)
rds = aws.deployment_node("Amazon RDS", "Multi-AZ primary with a standby.", "PostgreSQL 16",
                          instances="2")
rds.container_instance(db)
mq = aws.deployment_node("Amazon MQ", "Three-node RabbitMQ cluster across zones.",
                         "RabbitMQ 3.13", instances="3")
mq.container_instance(broker)
ingress.uses(service_pods, "Routes /orders to", "HTTP")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(ordering, key="context", title="Ordering — System Context",
                 description="Ordering takes orders from the web shop and announces them to "
                 "shipping and billing.").including(customer)
v.container(ordering, key="containers", title="Ordering — Containers",
            description="One service owns its database and publishes to its exchange.")
hexagon = v.component(
    service, key="hexagon", title="Order Service — Ports and Adapters",
    description="Hexagons are ports, dashed boxes adapters, dark boxes the domain. Every arrow "
    "inside the service points inward: adapters depend on ports, the domain on nothing.",
    direction="LR",
).excluding(*(r.id or r.label for r in type_uses))
# Drawn as ports and adapters: driving side on the left, driven side on the right, the core in
# the middle. The relationships alone would put a port after whatever uses or implements it;
# the hints put the implementing adapters outside their ports and the domain under the
# application service, so every arrow into the core points inward.
hexagon.right_of(app, place).right_of(app, cancel)
hexagon.below(order, app).below(pricing, order)
hexagon.right_of(sql_repo, repo_port).right_of(mem_repo, repo_port).right_of(bus_pub, pub_port)
hexagon.above(repo_port, pub_port).same_rank(sql_repo, mem_repo, bus_pub, ordered=True)
flow = v.dynamic(service, key="place-order", title="Placing an order", style="sequence",
                 description="At run time control flows out through the driven ports, while "
                 "every source dependency still points in.")
flow.step(shop, rest, "POST /orders with the basket", "HTTPS/JSON")
flow.step(rest, place, "place_order(command)", "Python call")
flow.step(place, app, "Is implemented by the application service", "Python call")
flow.step(app, order, "Order.place(lines) checks the invariants", "Python call")
flow.step(order, pricing, "Totals the lines and applies the volume discount", "Python call")
flow.step(app, repo_port, "repository.add(order)", "Python call")
flow.step(repo_port, sql_repo, "Is served by the adapter wired in at start-up", "Python call")
flow.step(sql_repo, db, "INSERT order and lines in one transaction", "SQL")
flow.step(app, pub_port, "publisher.publish([OrderPlaced])", "Python call")
flow.step(pub_port, bus_pub, "Is served by the message-bus adapter", "Python call")
flow.step(bus_pub, broker, "Publishes order.placed with a publisher confirm", "AMQP")
flow.step(rest, shop, "201 Created with the order id", "HTTPS/JSON", response=True)
flow.parallel(
    [(shipping, broker, "Reserves a pick slot for the order")],
    [(billing, broker, "Charges the customer")],
)
v.deployment("Production", ordering, key="production", title="Production — AWS eu-west-1",
             description="Stateless pods; managed PostgreSQL and RabbitMQ.")

s = workspace.styles
s.element("Port", shape="hexagon", background="#d5e8d4", color="#1b3d1a", stroke="#5a8f56",
          description="Port: an interface owned by the core (driving: use case; driven: need)")
s.element("Adapter", shape="box", background="#fff2cc", color="#3d3000", stroke="#b89b30",
          border="dashed", description="Adapter: translates between a technology and a port")
s.element("Domain", shape="rounded_box", background="#1f4e79", color="#ffffff",
          description="Domain core: knows no framework, driver or protocol")
s.element("Database", shape="cylinder")
s.element("Queue", shape="pipe")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "The Order Service takes orders for the online shop. Its ordering rules change every "
    "month, while its technologies change every few years; hexagonal architecture (Alistair "
    "Cockburn, 2005) keeps the two apart. The domain and its use cases form the inside of the "
    "hexagon; everything technical is an adapter plugged into a port."
)
a.requirement("B1", "business", "Ordering rules change monthly without risk",
              "Discounts, limits and cancellation rules are the shop's competitive lever.",
              priority="high")
a.requirement("B2", "business", "Leave RabbitMQ for the company Kafka within 2 years",
              "Platform strategy; the service must not be rewritten for it.", priority="medium")
a.requirement("F1", "functional", "Place an order from a basket",
              elements=[rest, place, order])
a.requirement("F2", "functional", "Cancel an order that has not shipped",
              "From the web shop and, in bulk, from the admin CLI.",
              elements=[cancel, cli])
a.requirement("F3", "functional", "Announce placed and cancelled orders",
              elements=[pub_port, bus_pub, broker])
a.requirement("Q1", "quality", "Domain tests run without infrastructure in seconds")
a.requirement("Q2", "quality", "Placing an order answers within 150 ms (p95)")
a.requirement("Q3", "quality", "A technology swap touches adapters only")

a.quality_goal("QG1", 1, "Changeability", "Rules change in the domain only; technologies in "
               "adapters only.")
a.quality_goal("QG2", 2, "Testability", "Every rule is tested without database or broker.")
a.quality_goal("QG3", 3, "Performance", "Checkout never waits on the order service.")
a.scenario("QS1", goal="QG1", title="Swap the broker", source="Platform team",
           stimulus="moves order events from RabbitMQ to Kafka", environment="development",
           artifact="Message Bus Publisher",
           response="a Kafka adapter implements Event Publisher; wiring selects it",
           response_measure="0 changed lines in the core; 1 new adapter (< 150 lines); "
           "done in 3 developer-days; publish p99 stays < 20 ms")
a.scenario("QS2", goal="QG2", title="Run the domain test suite", source="Developer",
           stimulus="runs pytest on the core", environment="laptop, no containers running",
           artifact="Application core", response="1,400 tests run against in-memory adapters",
           response_measure="< 10 s wall time; > 2,000 use-case calls/s; 0 network calls")
a.scenario("QS3", goal="QG3", title="Checkout at peak", source="Web shop",
           stimulus="places orders", environment="sale peak, 300 orders/s",
           artifact="Order Service", response="orders are stored and announced",
           response_measure="p95 < 150 ms, p99 < 400 ms; 0 orders lost")
a.scenario("QS4", goal="QG1", title="A new discount rule", source="Product owner",
           stimulus="asks for 'third item free' on selected brands", environment="development",
           artifact="Pricing Policy", response="the rule is added to the domain and tested",
           response_measure="changes confined to the core; released in < 2 days")
a.stakeholder("Product owner, checkout", "checkout-po@shop.example",
              "Rule changes ship weekly and never break checkout.")
a.stakeholder("Order team developers", "#team-orders",
              "Fast tests, a clear place for every change.")
a.stakeholder("Platform team", "platform@shop.example",
              "Services move to Kafka and new database versions without rewrites.")
a.stakeholder("Shipping and billing teams", "#order-events",
              "Stable, versioned order events.")
a.constraint("C1", "The dependency rule", "Adapters depend on ports; the application core "
             "imports nothing from adapters, frameworks or drivers. Checked by `archkit conform` "
             "in CI (decision 0002).", kind="convention")
a.constraint("C2", "Python 3.12 and the company service template", "FastAPI, SQLAlchemy, "
             "structlog; deployed as a container on the shared EKS cluster.", kind="technical")
a.constraint("C3", "Database per service", "No other service reads the order tables; they "
             "consume events instead.", kind="organizational")

a.decision("0001", "Ports and adapters instead of a layered ORM application",
           status="accepted", date=date(2023, 9, 4), elements=[service],
           context="The previous order module was a layered Django app: rules lived in models, "
           "views and signals, and a rule test needed a database. Rule changes took a week "
           "and broke checkout twice in a quarter.",
           decision="Structure the service as a hexagon: use cases as driving ports, needs as "
           "driven ports, technologies as adapters around a framework-free domain.",
           consequences="Good: rules are tested in milliseconds; technologies can be swapped one "
           "adapter at a time.\n\nBad: more types and mapping code (domain object <-> row <-> "
           "JSON); newcomers must learn where things go; simple CRUD endpoints feel heavy.")
a.decision("0002", "Enforce the dependency rule in CI, from the model",
           status="accepted", date=date(2023, 9, 11), elements=[app, order],
           links=[{"relation": "enforces", "target": "0001"}],
           context="A convention that reviews must catch erodes within months.",
           decision="The dependency rule is written once, as rules of this model; `archkit conform` "
           "holds the imports of order_service to them and to the model's relationships, and CI fails "
           "on a violation (`archkit export --to importlinter` writes the same rules as import-linter "
           "contracts).",
           consequences="Good: the rule cannot erode silently, and the diagram, the check and the code "
           "say the same.\n\nBad: occasional friction when a shortcut would be quicker; a new module "
           "must be mapped to a component.")
a.decision("0003", "Separate persistence model with explicit mapping",
           status="accepted", date=date(2023, 9, 18), elements=[sql_repo, order],
           context="ORM-mapped domain classes would save mapping code but pull SQLAlchemy into "
           "the domain and tie aggregates to table shapes.",
           decision="The domain uses plain dataclasses; the SQL adapter maps them to tables "
           "with SQLAlchemy Core.",
           consequences="Good: the domain stays pure; the schema can evolve on its own.\n\nBad: "
           "about 120 lines of mapping per aggregate; lazy loading is not available.")
a.decision("0004", "Publish domain events after the commit", status="accepted",
           date=date(2023, 10, 2), elements=[app, bus_pub],
           context="Events must reach shipping and billing; an outbox needs a relay process.",
           decision="The application service publishes after the repository commit.",
           consequences="Good: simple, no extra process.\n\nBad: a crash between commit and "
           "publish loses the event (risk R1, debt TD1).")
a.decision("0005", "Transactional outbox for domain events", status="proposed",
           date=date(2024, 5, 13), elements=[sql_repo, bus_pub],
           links=[{"relation": "supersedes", "target": "0004"}],
           context="Two lost OrderPlaced events in six months (risk R1).",
           decision="Write events to an outbox table in the order's transaction; a relay "
           "(a new driving adapter) publishes them.",
           consequences="Good: no lost events.\n\nBad: at-least-once delivery, so consumers must "
           "deduplicate; one more process to run.")
a.strategy("S1", "Domain in the middle, technology at the edge", "Hexagon with ports and "
           "adapters; the dependency rule checked in CI.", quality_goals=["QG1", "QG2"],
           decisions=["0001", "0002"])
a.strategy("S2", "Test through ports", "Use cases are tested with in-memory adapters; each "
           "real adapter passes the same port contract tests.", quality_goals=["QG2"],
           decisions=["0001"])
a.strategy("S3", "Short synchronous path", "One transaction per command; events are "
           "published asynchronously to the broker.", quality_goals=["QG3"],
           decisions=["0003", "0004"])
a.concept("K1", "The dependency rule", "Source dependencies point inward only: driving "
          "adapters call driving ports; driven adapters implement driven ports; the domain "
          "depends on nothing outside the hexagon. Control may flow outward at run time, "
          "through a driven port, but no import does.")
a.concept("K2", "Ports are Python Protocols", "Each port is a typing.Protocol in "
          "order_service.ports; adapters satisfy it structurally; mypy --strict checks the fit.")
a.concept("K3", "Composition root", "order_service.main wires adapters to ports at start-up from "
          "settings; the tests wire in-memory adapters the same way.")
a.concept("K4", "Domain events", "Aggregates record events (OrderPlaced, OrderCancelled); the "
          "application service collects and publishes them after the commit.")
a.risk("R1", "Lost events between commit and publish", probability="medium", impact="high",
       description="A pod killed after the commit and before the publish loses the event; "
       "shipping never sees the order.",
       mitigation="Nightly reconciliation job; transactional outbox proposed (0005).",
       elements=[app, bus_pub])
a.risk("R2", "Anaemic domain creeping back", probability="medium", impact="medium",
       description="Rules drift into controllers because it is quicker.",
       mitigation="Review checklist; controllers have no branches beyond mapping.",
       elements=[rest, order])
a.debt("TD1", "No transactional outbox yet", description="See decision 0004 and risk R1.",
       remedy="Implement decision 0005.", elements=[bus_pub, sql_repo])
a.debt("TD2", "Bulk cancellation is a loop of single use-case calls",
       description="The admin CLI cancels order by order, one transaction each: 10,000 orders "
       "take 25 minutes.",
       remedy="Add cancel_many() to the Cancel Order port, one transaction per 500 orders.",
       elements=[cli, cancel])
a.term("Hexagon", "The application core: the domain plus the ports; drawn as a hexagon only "
       "to show that all sides are equal.")
a.term("Port", "An interface owned by the core: a driving port is a use case the outside may "
       "call; a driven port is something the core needs from outside.")
a.term("Adapter", "Code that connects one technology to one port.")
a.term("Dependency rule", "Dependencies point inward; see concept K1.")
a.term("Aggregate", "A cluster of domain objects changed together in one transaction (DDD).")
a.term("Domain event", "A fact the domain records, e.g. OrderPlaced.")
