"""Resilient integration: a checkout that survives its dependencies failing (circuit breakers).

The checkout calls three third parties: a payment provider, a fraud-scoring service and
a carrier-rates API. Each call goes through a client with a timeout, a bulkhead, a
circuit breaker and a fallback chosen for that dependency: cached rates, local fraud
rules, or deferring the payment authorisation to a queue. A failing dependency costs
a few milliseconds instead of the whole checkout.

Build it with `archkit build models/circuit_breaker.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Checkout (Resilient Integration with Circuit Breakers)",
    description="The checkout of an online shop, designed to keep taking orders while any of "
    "its third-party dependencies is slow or down.",
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

shopper = m.person("Shopper", "Buys products; abandons checkout after a few seconds of wait.")
sre = m.person("Site Reliability Engineer", "Watches breaker states and dependency health.")
psp = m.software_system(
    "Payment Provider", "Card and wallet payments; SLA 99.9 %, p99 800 ms, with outages of "
    "10 to 40 minutes a few times a year.", location="external",
)
fraud = m.software_system(
    "Fraud Scoring Service", "Third-party risk score per order; p99 250 ms.",
    location="external",
)
carriers = m.software_system(
    "Carrier Rates API", "Live shipping prices and delivery dates; often slow at peak.",
    location="external",
)

shop = m.software_system(
    "Checkout", "Turns a basket into a paid order, in under two seconds, whatever its "
    "dependencies do.",
)
storefront = shop.container(
    "Storefront", "Checkout pages; shows 'payment pending' orders like any other.",
    "TypeScript, Next.js",
)
api = shop.container(
    "Checkout API", "Orchestrates a checkout within a 3 s deadline; every outbound call goes "
    "through a resilient client.", "Java 21, Spring Boot, Resilience4j",
)
rates_cache = shop.container(
    "Rates Cache", "Last good shipping rates per (carrier, zone, weight band), 24 h TTL.",
    "Redis", tags=["Database"],
)
orders = shop.container(
    "Order Database", "Orders with their payment state: authorised, pending or failed.",
    "PostgreSQL", tags=["Database"],
)
deferred = shop.container(
    "Deferred Payments Queue", "Authorisations postponed while the payment breaker is open.",
    "Amazon SQS", tags=["Queue"],
)
worker = shop.container(
    "Payment Retry Worker", "Authorises deferred payments once the provider is healthy; "
    "cancels the order and tells the shopper when a card is declined.", "Java 21",
)
metrics = shop.container(
    "Metrics", "Breaker states, call outcomes, latencies and fallback counts per dependency.",
    "Prometheus",
)
dashboards = shop.container(
    "Resilience Dashboard", "Breaker state timeline and fallback rates.", "Grafana",
)

# Checkout API internals: one resilient client per dependency
controller = api.component(
    "Checkout Controller", "POST /checkout; sets the 3 s deadline.", "Spring Web MVC",
)
orchestrator = api.component(
    "Checkout Orchestrator", "Runs rates and fraud in parallel, then payment; decides the "
    "order's state from the outcomes.", "Java, virtual threads",
)
pay_client = api.component(
    "Payment Client", "Timeout 2 s; 1 retry with the same idempotency key; breaker opens at "
    "50 % failures over 20 calls, half-opens after 30 s; fallback: defer.",
    "Resilience4j", tags=["Resilient Client"],
)
fraud_client = api.component(
    "Fraud Client", "Timeout 300 ms; no retry; bulkhead of 50 calls; fallback: local rules.",
    "Resilience4j", tags=["Resilient Client"],
)
rates_client = api.component(
    "Rates Client", "Timeout 500 ms; 2 retries with jittered back-off; fallback: cached "
    "rates.", "Resilience4j", tags=["Resilient Client"],
)
rules = api.component(
    "Local Fraud Rules", "Conservative rules used while scoring is unavailable: orders above "
    "300 EUR or to new addresses go to manual review.", "Java", tags=["Fallback"],
)
registry = api.component(
    "Resilience Registry", "Holds the breaker, bulkhead and timeout configuration and state; "
    "exports them as metrics.", "Resilience4j, Micrometer",
)

# ---- relationships ------------------------------------------------------------------------

shopper.uses(storefront, "Checks out in", "HTTPS")
storefront.uses(controller, "Submits the checkout to", "HTTPS/JSON")
controller.uses(orchestrator, "Starts the checkout in", "Java call")
orchestrator.uses(rates_client, "Gets shipping rates through", "Java call")
orchestrator.uses(fraud_client, "Gets a risk score through", "Java call")
orchestrator.uses(pay_client, "Authorises the payment through", "Java call")
orchestrator.uses(orders, "Stores the order and its payment state in", "JDBC")
rates_client.uses(carriers, "Requests rates from", "HTTPS/JSON")
rates_client.uses(rates_cache, "Refreshes and falls back to", "RESP")
fraud_client.uses(fraud, "Requests a score from", "HTTPS/JSON")
fraud_client.uses(rules, "Falls back to", "Java call")
pay_client.uses(psp, "Authorises payments with", "HTTPS/JSON, idempotency key")
pay_client.uses(deferred, "Defers the authorisation to, when open", "SQS SendMessage",
                interaction="async")
pay_client.uses(registry, "Reports outcomes to and asks for permission from", "Java call")
fraud_client.uses(registry, "Reports outcomes to and asks for permission from", "Java call")
rates_client.uses(registry, "Reports outcomes to and asks for permission from", "Java call")
worker.uses(deferred, "Long-polls deferred authorisations from", "SQS ReceiveMessage")
worker.uses(psp, "Authorises deferred payments with", "HTTPS/JSON, idempotency key")
worker.uses(orders, "Updates payment states in", "JDBC")
metrics.uses(registry, "Scrapes breaker states from", "HTTP, Prometheus")
metrics.uses(worker, "Scrapes queue drain metrics from", "HTTP, Prometheus")
dashboards.uses(metrics, "Queries", "PromQL over HTTP")
sre.uses(dashboards, "Watches dependency health in", "HTTPS")

# ---- deployment ---------------------------------------------------------------------------

aws = m.deployment_node("AWS eu-west-1", "Production region, 3 zones.", "Amazon Web Services",
                        environment="Production")
ingress = aws.infrastructure_node("Ingress", "TLS termination, 10 s upstream timeout.",
                                  "Nginx")
eks = aws.deployment_node("EKS Cluster", "Application cluster.", "Kubernetes")
front = eks.deployment_node("storefront", "4 pods.", "Kubernetes Deployment",
                            instances="4").container_instance(storefront)
eks.deployment_node("checkout-api", "6 to 24 pods; each has its own breakers.",
                    "Kubernetes Deployment", instances="6..24").container_instance(api)
eks.deployment_node("payment-retry-worker", "2 pods.", "Kubernetes Deployment",
                    instances="2").container_instance(worker)
mon = eks.deployment_node("monitoring", "Prometheus and Grafana.", "Kubernetes StatefulSet")
mon.container_instance(metrics)
mon.container_instance(dashboards)
aws.deployment_node("Amazon ElastiCache", "Redis with a replica.", "Redis 7",
                    instances="2").container_instance(rates_cache)
aws.deployment_node("Amazon RDS", "Multi-AZ.", "PostgreSQL 16",
                    instances="2").container_instance(orders)
aws.deployment_node("Amazon SQS", "Standard queue with a DLQ.",
                    "Amazon SQS").container_instance(deferred)
ingress.uses(front, "Routes shoppers to", "HTTPS")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(shop, key="context", title="Checkout — System Context",
                 description="Three third-party dependencies, each able to fail on its own.")
v.container(shop, key="containers", title="Checkout — Containers",
            description="The API's fallbacks need a cache, a queue and a retry worker.")
v.component(api, key="checkout-api", title="Checkout API — Components",
            description="Orange: resilient clients (timeout, bulkhead, breaker). Grey: fallbacks.",
            direction="LR")
outage = v.dynamic(api, key="payment-outage", title="Checkout while the payment provider is down",
                   style="sequence", description="Rates (falling back to the cache) and fraud run in "
                   "parallel; the open payment breaker defers payment in under a millisecond.")
outage.step(storefront, controller, "POST /checkout", "HTTPS/JSON")
outage.step(controller, orchestrator, "Starts the checkout, deadline 3 s", "Java call")
outage.parallel(
    [(orchestrator, rates_client, "Gets rates"),
     (rates_client, carriers, "Times out after 500 ms twice"),
     (rates_client, rates_cache, "Falls back to yesterday's rates")],
    [(orchestrator, fraud_client, "Gets a score"),
     (fraud_client, fraud, "Score 12 (low) in 90 ms")],
)
outage.step(orchestrator, pay_client, "Authorises 84.90 EUR", "Java call")
outage.step(pay_client, registry, "Breaker OPEN: call not permitted (0.2 ms)", "Java call")
outage.step(pay_client, deferred, "Defers the authorisation", "SQS SendMessage")
outage.step(orchestrator, orders, "Stores the order as payment pending", "JDBC")
outage.step(controller, storefront, "202 Accepted: the order is placed, payment pending", "HTTPS/JSON",
            response=True)
outage.step(worker, deferred, "After recovery, receives the deferred authorisation",
            "SQS ReceiveMessage")
outage.step(worker, psp, "Authorises with the same idempotency key", "HTTPS/JSON")
outage.step(worker, orders, "Marks the payment authorised", "JDBC")
v.deployment("Production", shop, key="production", title="Production — AWS eu-west-1",
             description="Breakers live in each checkout-api pod.")

s = workspace.styles
s.element("Database", shape="cylinder")
s.element("Queue", shape="pipe")
s.element("Resilient Client", background="#f39c12", color="#1a1a1a",
          description="Client with timeout, bulkhead, circuit breaker and fallback")
s.element("Fallback", background="#7f8c8d", color="#ffffff", border="dashed",
          description="Used only when the dependency is unavailable")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "Checkout is where the shop earns money, and it depends on three services it does not "
    "control. Without protection, one slow dependency ties up every request thread and the "
    "whole shop goes down with it. The circuit-breaker pattern (Michael Nygard, 'Release "
    "It!') stops calling a failing dependency, fails fast and uses a fallback until it "
    "recovers."
)
a.requirement("B1", "business", "Keep taking orders when a partner is down",
              "A 30-minute payment outage at peak costs about EUR 400k.", priority="high")
a.requirement("B2", "business", "Limit fraud exposure during fallbacks",
              "Accept at most EUR 300 per unscored order.", priority="high")
a.requirement("F1", "functional", "Check out a basket: rates, fraud score, payment",
              elements=[orchestrator])
a.requirement("F2", "functional", "Defer and later authorise payments",
              elements=[pay_client, deferred, worker])
a.requirement("F3", "functional", "Show the state of every breaker",
              elements=[registry, metrics, dashboards])
a.requirement("Q1", "quality", "Checkout answers within 1.5 s (p99) at 400 checkouts/s")
a.requirement("Q2", "quality", "Checkout availability 99.95 % with any one dependency down")
a.requirement("Q3", "quality", "An open breaker fails a call within 1 ms")

a.quality_goal("QG1", 1, "Availability", "Checkout works with any one dependency down.")
a.quality_goal("QG2", 2, "Latency", "No dependency can make checkout slow for long.")
a.quality_goal("QG3", 3, "Isolation", "A slow dependency cannot exhaust shared resources.")
a.quality_goal("QG4", 4, "Recoverability", "Normal service resumes by itself.")
a.scenario("QS1", goal="QG1", title="Payment provider outage", source="Payment Provider",
           stimulus="returns 503 for 30 minutes", environment="peak, 400 checkouts/s",
           artifact="Payment Client", response="the breaker opens; payments are deferred; "
           "orders are accepted as payment pending",
           response_measure="breaker open within 10 s; >= 99.9 % of checkouts succeed; < 2 % "
           "of deferred payments later declined")
a.scenario("QS2", goal="QG2", title="Carrier rates API slows down", source="Carrier Rates API",
           stimulus="answers in 8 s instead of 200 ms", environment="peak",
           artifact="Rates Client", response="calls time out at 500 ms, then the breaker opens "
           "and cached rates are used", response_measure="checkout p99 < 1.5 s throughout; "
           "after opening, rates in < 5 ms from cache")
a.scenario("QS3", goal="QG3", title="Fraud service hangs", source="Fraud Scoring Service",
           stimulus="accepts connections but never answers", environment="normal load, "
           "150 checkouts/s", artifact="Fraud Client", response="the bulkhead caps concurrent "
           "calls at 50; excess calls go to local rules at once",
           response_measure="0 request threads blocked beyond 300 ms; other endpoints' p99 "
           "unchanged (+/- 5 %)")
a.scenario("QS4", goal="QG4", title="Payment provider recovers", source="Payment Provider",
           stimulus="is healthy again", environment="after a 30-minute outage, 60,000 deferred "
           "authorisations", artifact="Payment Client, Payment Retry Worker",
           response="half-open probes succeed, the breaker closes, the worker drains the queue",
           response_measure="breaker closed within 60 s; backlog drained in < 15 min at 100 "
           "authorisations/s, within the provider's rate limit")
a.stakeholder("Head of e-commerce", "ecom@shop.example", "Checkout never goes down.")
a.stakeholder("Risk and fraud team", "risk@shop.example", "Bounded exposure during fallbacks.")
a.stakeholder("SRE", "#sre", "Visible breaker states; no manual recovery.")
a.stakeholder("Payments team", "payments@shop.example", "No duplicate charges, ever.")
a.constraint("C1", "PSP contract", "At most 100 authorisations/s for retries; every request "
             "carries an idempotency key.", kind="technical")
a.constraint("C2", "Payment authorisation expiry", "A deferred authorisation must be done "
             "within 24 h, or the order is cancelled.", kind="organizational")
a.constraint("C3", "Java and Spring Boot", "Company service stack.", kind="organizational")

a.decision("0001", "Circuit breakers in the application, not only in the mesh",
           status="accepted", date=date(2024, 2, 5), elements=[api, registry],
           context="The service mesh (Envoy outlier detection) can eject bad hosts and time out "
           "calls, but it cannot choose a fallback: it knows HTTP, not checkout.",
           decision="Resilience4j breakers, bulkheads and timeouts wrap each client in the "
           "Checkout API, with a fallback per dependency; the mesh keeps connection-level "
           "limits.",
           consequences="Good: fallbacks with business meaning; per-dependency tuning; tested "
           "in unit tests.\n\nBad: breaker state is per pod (24 pods learn separately); "
           "configuration lives in every service that calls these partners.")
a.decision("0002", "Defer payment authorisation while the provider is down",
           status="accepted", date=date(2024, 2, 19), elements=[pay_client, worker],
           context="Failing the checkout loses the sale; most shoppers do not come back.",
           decision="When the payment breaker is open, accept the order as payment pending and "
           "authorise it later from a queue.",
           consequences="Good: revenue kept during outages.\n\nBad: about 2 % of deferred "
           "payments are declined later and those orders must be cancelled and the shopper "
           "told; goods must not ship before authorisation.")
a.decision("0003", "Local fraud rules with a value cap as the fraud fallback",
           status="accepted", date=date(2024, 3, 4), elements=[fraud_client, rules],
           context="Skipping fraud checks invites abuse once noticed; blocking checkout loses "
           "sales.",
           decision="Conservative local rules; unscored orders above EUR 300 go to manual review.",
           consequences="Good: bounded exposure.\n\nBad: more manual reviews during outages; "
           "rules must be maintained next to the provider's model.")
a.decision("0004", "Fail the checkout when payment is down", status="rejected",
           date=date(2024, 2, 19), links=[{"relation": "alternative to", "target": "0002"}],
           context="The simplest behaviour.", decision="Rejected in favour of 0002.",
           consequences="Would lose every sale during payment outages.")
a.strategy("S1", "A resilient client per dependency", "Timeout, bulkhead, breaker, fallback, "
           "tuned to each partner's behaviour.", quality_goals=["QG1", "QG2", "QG3"],
           decisions=["0001"])
a.strategy("S2", "Degrade, do not fail", "Each fallback keeps the checkout going with a "
           "known, bounded cost.", quality_goals=["QG1"], decisions=["0002", "0003"])
a.strategy("S3", "Self-healing", "Half-open probes close breakers; the worker drains deferred "
           "payments.", quality_goals=["QG4"], decisions=["0002"])
a.concept("K1", "Circuit breaker states", "Closed: calls pass, outcomes are counted. Open: "
          "calls fail at once and use the fallback. Half-open: after 30 s, 5 probe calls "
          "decide whether to close or open again.")
a.concept("K2", "Deadline propagation", "The controller sets a 3 s deadline; every client's "
          "timeout is the smaller of its own and the time left.")
a.concept("K3", "Idempotency keys", "Every authorisation carries the order id as idempotency "
          "key, so retries and deferred attempts never charge twice.")
a.concept("K4", "Observability of resilience", "Breaker state, calls not permitted, fallback "
          "count and timeout count per dependency are metrics; state changes are logged.")
a.risk("R1", "Deferred payments declined later", probability="high", impact="medium",
       description="Goods may be picked before authorisation.",
       mitigation="Warehouse releases only authorised orders.", elements=[worker])
a.risk("R2", "Stale cached rates", probability="medium", impact="low",
       description="Rates up to 24 h old may undercharge shipping.",
       mitigation="Accept the difference; rates change weekly.", elements=[rates_cache])
a.risk("R3", "Breaker thresholds tuned wrong", probability="medium", impact="medium",
       description="Too sensitive: flapping; too lax: slow to protect.",
       mitigation="Chaos experiments each quarter with injected latency and errors.",
       elements=[registry])
a.debt("TD1", "Breaker config is duplicated in three services",
       description="Other services calling the PSP copy these settings by hand.",
       remedy="A shared Spring Boot starter with the partner profiles.",
       elements=[registry])
a.debt("TD2", "Local fraud rules lag the provider's model",
       description="Updated twice a year by hand.", remedy="Export rules from the provider "
       "monthly.", elements=[rules])
a.term("Circuit breaker", "A proxy that stops calling a failing dependency for a while and "
       "fails fast instead.")
a.term("Bulkhead", "A limit on concurrent calls to one dependency, so it cannot take all "
       "threads.")
a.term("Fallback", "What to do instead when a call is not permitted or fails.")
a.term("Half-open", "The breaker state in which a few probe calls test recovery.")
a.term("Idempotency key", "A client-chosen key that makes a repeated request have one effect.")
