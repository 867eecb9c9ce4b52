"""Untuned benchmark model: a bank's payments platform, active-active in two regions.

Written from archkit's README alone, the way a payments team would model its system on day one: no
layout hints, no separations, views as the builders give them. 26 containers in five groups
(channels, payment processing, scheme adapters, a messaging hub every service publishes to and
consumes from, operations), one set of services deployed twice (Frankfurt and Amsterdam, kept
apart by deployment groups) with the broker, the external schemes and the core banking system
shared; five kinds of people. Unlike ``booking_platform.py`` (regions as container groups) the
regions live in the deployment view, and the container view is a hub: most relationships run
through the event hub or the command queue. ``benchmarks/layout.py`` measures it as part of the
``untuned`` corpus (issue 13).
"""

from archkit import Container, Workspace

workspace = Workspace(name="Payments Hub", description="Retail, corporate and open-banking payments of a "
                      "European bank: SEPA, SEPA Instant, SWIFT and card payouts.")
m = workspace.model

customer = m.person("Retail Customer", "Pays bills and friends from the mobile and online bank.")
treasurer = m.person("Corporate Treasurer", "Uploads payment batches and approves them with a second signer.")
operator = m.person("Payments Operator", "Repairs and releases payments that stopped in a queue.")
compliance = m.person("Compliance Officer", "Decides on payments held by sanctions screening.")
tpp = m.person("Third-Party Provider", "A licensed fintech initiating payments under PSD2.",
               location="external")

core = m.software_system("Core Banking", "Accounts, balances and postings (mainframe).", location="external")
sepa = m.software_system("EBA STEP2 / RT1", "SEPA and SEPA Instant clearing.", location="external")
swift = m.software_system("SWIFT Network", "Cross-border payments, MT and ISO 20022 messages.",
                          location="external")
cards = m.software_system("Card Scheme", "Visa Direct and Mastercard Send payouts.", location="external")
watchlists = m.software_system("Watchlist Provider", "Sanctions and PEP lists, updated hourly.",
                               location="external")
iam = m.software_system("Bank IAM", "Customer and employee sign-in, strong customer authentication.",
                        location="external")
regulator = m.software_system("Central Bank Reporting", "Statistical and AML reports.", location="external")
sms = m.software_system("SMS Gateway", "One-time passwords and payment notifications.", location="external")

hub = m.software_system("Payments Hub", "Takes every payment of the bank, screens it, routes it to a scheme and "
                        "books it in core banking.")

channels = m.group("Channels", "Where payments come in.")
processing = m.group("Payment Processing", "From order to routed payment.")
schemes = m.group("Scheme Adapters", "One adapter per clearing scheme.")
messaging = m.group("Messaging", "The hub every service talks through.")
ops = m.group("Operations", "Back office, reconciliation and reporting.")


def container(name: str, description: str, technology: str, group: str, tags: tuple[str, ...] = ()) -> Container:
    """A container of the hub in ``group``."""
    return hub.container(name, description, technology, group=group, tags=list(tags))


mobile = container("Mobile Banking App", "iOS and Android app of the retail bank.", "React Native", channels.id)
web = container("Online Banking", "Web front end of the retail bank.", "Angular", channels.id)
portal = container("Corporate Portal", "Batch upload, approval workflows and cash positions.", "Java, Vaadin",
                   channels.id)
psd2 = container("Open Banking API", "PSD2 payment initiation and account access for TPPs.", "Kong + Java",
                 channels.id)
gateway = container("API Gateway", "Authenticates and rate-limits every channel call.", "Kong", channels.id)

initiation = container("Payment Initiation", "Validates payment orders and assigns an end-to-end id.",
                       "Java, Spring Boot", processing.id)
orchestrator = container("Payment Orchestrator", "Drives each payment through its steps, retries and "
                         "compensations.", "Java, Temporal", processing.id)
screening = container("Sanctions Screening", "Matches parties against watchlists; holds suspicious payments.",
                      "Scala", processing.id)
fraud = container("Fraud Scoring", "Scores payments in real time from device and behaviour features.",
                  "Python, FastAPI", processing.id)
limits = container("Limits & Balances", "Checks daily limits and reserves funds.", "Go", processing.id)
fx = container("FX Pricing", "Quotes and books currency conversions.", "Kotlin", processing.id)
router = container("Payment Router", "Chooses the scheme and cut-off for each payment.", "Java", processing.id)
payments_db = container("Payments DB", "Payment orders and their state history.", "Oracle 19c", processing.id,
                        ("Database",))
idempotency = container("Idempotency Store", "Request keys of the last 7 days.", "Redis", processing.id,
                        ("Database",))

sepa_adapter = container("SEPA Adapter", "pain.001 in, pacs.008 out; batches for STEP2.", "Java", schemes.id)
instant_adapter = container("SEPA Instant Adapter", "pacs.008 to RT1 within 10 seconds.", "Java", schemes.id)
swift_adapter = container("SWIFT Adapter", "MT103 and pacs.008 over SWIFT Alliance.", "Java", schemes.id)
card_adapter = container("Card Payout Adapter", "Push-to-card payouts.", "Node.js", schemes.id)

events = container("Payment Event Hub", "Payment lifecycle events, 30 days retained.", "Apache Kafka",
                   messaging.id, ("Queue",))
commands = container("Scheme Command Queue", "Outbound scheme messages, exactly-once to each adapter.",
                     "IBM MQ", messaging.id, ("Queue",))

console = container("Operations Console", "Repair, release and investigate payments.", "React", ops.id)
recon = container("Reconciliation", "Matches scheme statements with booked payments.", "Python, Spark", ops.id)
reporting = container("Regulatory Reporting", "AML and statistical reports to the central bank.", "Java, Batch",
                      ops.id)
notifications = container("Notification Service", "Tells customers about executed and rejected payments.",
                          "Node.js", ops.id)
audit = container("Audit Archive", "Every payment message, write once, 10 years.", "S3 Object Lock", ops.id,
                  ("Database",))

customer.uses(mobile, "Pays with", "HTTPS")
customer.uses(web, "Pays with", "HTTPS")
treasurer.uses(portal, "Uploads and approves batches with", "HTTPS")
tpp.uses(psd2, "Initiates payments through", "HTTPS, Berlin Group")
operator.uses(console, "Repairs and releases payments with", "HTTPS")
compliance.uses(console, "Decides on held payments with", "HTTPS")
for channel in (mobile, web, portal, psd2):
    channel.uses(gateway, "Calls", "HTTPS/JSON")
gateway.uses(iam, "Validates tokens with", "OAuth 2.0")
gateway.uses(initiation, "Submits payment orders to", "gRPC")
initiation.uses(idempotency, "Rejects duplicates with", "RESP")
initiation.uses(payments_db, "Stores orders in", "SQL")
initiation.uses(events, "Publishes PaymentInitiated to", "Kafka", interaction="async")
orchestrator.uses(events, "Consumes and publishes payment events on", "Kafka")
orchestrator.uses(screening, "Screens each payment with", "gRPC")
orchestrator.uses(fraud, "Scores each payment with", "gRPC")
orchestrator.uses(limits, "Reserves funds with", "gRPC")
orchestrator.uses(fx, "Converts currencies with", "gRPC")
orchestrator.uses(router, "Routes payments with", "gRPC")
orchestrator.uses(payments_db, "Updates payment state in", "SQL")
screening.uses(watchlists, "Downloads lists from", "SFTP")
limits.uses(core, "Reserves and posts amounts in", "MQ, ISO 20022")
router.uses(commands, "Puts scheme messages on", "JMS", interaction="async")
for adapter, scheme, protocol in ((sepa_adapter, sepa, "SWIFTNet FileAct"), (instant_adapter, sepa, "EBICS, TIPS"),
                                  (swift_adapter, swift, "SWIFT Alliance"), (card_adapter, cards, "HTTPS/JSON")):
    adapter.uses(commands, "Takes scheme messages from", "JMS")
    adapter.uses(scheme, "Sends payments to", protocol)
    adapter.uses(events, "Publishes scheme status to", "Kafka", interaction="async")
    adapter.uses(audit, "Archives messages in", "S3 API")
console.uses(gateway, "Calls the back-office API through", "HTTPS/JSON")
gateway.uses(orchestrator, "Repairs and releases payments through", "gRPC")
recon.uses(events, "Reads booked payments from", "Kafka")
recon.uses(sepa, "Downloads statements from", "SFTP")
recon.uses(swift, "Receives MT940 statements from", "SWIFT FileAct")
reporting.uses(events, "Reads payment events from", "Kafka")
reporting.uses(regulator, "Files reports with", "XBRL over HTTPS")
notifications.uses(events, "Consumes executed and rejected payments from", "Kafka")
notifications.uses(sms, "Sends texts through", "HTTPS")
mobile.uses(notifications, "Registers for push messages with", "HTTPS")

# Two active-active regions: the same services and stores in each, the event hub stretched across
# both, the mainframe on premises.
for city, zone in (("Frankfurt", "eu-central-1"), ("Amsterdam", "eu-west-1")):
    region = m.deployment_node(f"AWS {city}", f"Region {zone}.", "Amazon Web Services", environment="Production",
                               deployment_groups=[city])
    edge = region.deployment_node("Edge", "Public entry.", "Amazon VPC")
    edge.infrastructure_node("Load Balancer", "TLS termination, WAF.", "AWS ALB")
    eks = region.deployment_node("EKS", "Payment services.", "Amazon EKS", instances="3..12")
    for c in (gateway, psd2, initiation, orchestrator, screening, fraud, limits, fx, router, sepa_adapter,
              instant_adapter, swift_adapter, card_adapter, notifications):
        eks.container_instance(c, deployment_groups=[city])
    region.deployment_node("RDS", "Primary in Frankfurt, standby in Amsterdam.", "Oracle on Amazon RDS") \
        .container_instance(payments_db, deployment_groups=[city])
    region.deployment_node("ElastiCache", "Per region.", "Amazon ElastiCache") \
        .container_instance(idempotency, deployment_groups=[city])
    region.deployment_node("Amazon MQ", "Per region, mirrored.", "IBM MQ on EC2") \
        .container_instance(commands, deployment_groups=[city])
    region.deployment_node("Channels", "Static front ends.", "Amazon CloudFront") \
        .container_instance(web, deployment_groups=[city])
# The shared nodes serve both regions: their instances are in both deployment groups.
both = ["Frankfurt", "Amsterdam"]
shared = m.deployment_node("Shared", "One instance for both regions.", "Amazon Web Services",
                           environment="Production")
shared.deployment_node("MSK", "Stretched across both regions.", "Amazon MSK") \
    .container_instance(events, deployment_groups=both)
shared.deployment_node("S3", "Object Lock, compliance mode.", "Amazon S3") \
    .container_instance(audit, deployment_groups=both)
shared.deployment_node("EMR", "Nightly and intraday jobs.", "Amazon EMR") \
    .container_instance(recon, deployment_groups=both)
shared.deployment_node("Batch", "Monthly reports.", "AWS Batch").container_instance(reporting, deployment_groups=both)
backoffice = m.deployment_node("Bank Data Centre", "On premises, Frankfurt.", "VMware", environment="Production")
backoffice.deployment_node("Portal Servers", "Corporate portal.", "Tomcat") \
    .container_instance(portal, deployment_groups=both)
backoffice.deployment_node("Ops Servers", "Operations console.", "Nginx") \
    .container_instance(console, deployment_groups=both)
backoffice.deployment_node("Mainframe", "Core banking.", "IBM z15") \
    .software_system_instance(core, deployment_groups=both)

v = workspace.views
v.system_landscape(key="landscape", title="Payments — Landscape")
v.system_context(hub, key="context", title="Payments Hub — System Context")
v.container(hub, key="containers", title="Payments Hub — Containers")
v.deployment("Production", hub, key="production", title="Payments Hub — Production, two regions")

instant = v.dynamic(hub, key="instant-payment", title="A SEPA Instant payment from the mobile app")
instant.step(customer, mobile, "Confirms a transfer of 50 EUR", "HTTPS")
instant.step(mobile, gateway, "POST /payments", "HTTPS/JSON")
instant.step(gateway, initiation, "Submits the payment order", "gRPC")
instant.step(initiation, events, "Publishes PaymentInitiated", "Kafka")
instant.step(orchestrator, events, "Picks up PaymentInitiated", "Kafka")
instant.parallel(
    [(orchestrator, screening, "Screens debtor and creditor", "gRPC")],
    [(orchestrator, fraud, "Scores the payment", "gRPC")],
    [(orchestrator, limits, "Reserves 50 EUR", "gRPC"), (limits, core, "Posts the reservation", "MQ")],
)
instant.step(orchestrator, router, "Routes to SEPA Instant", "gRPC")
instant.step(router, commands, "Puts a pacs.008", "JMS")
instant.step(instant_adapter, commands, "Takes the pacs.008", "JMS")
instant.step(instant_adapter, sepa, "Sends to RT1", "EBICS")
instant.step(instant_adapter, events, "Publishes PaymentSettled", "Kafka")
instant.step(notifications, events, "Consumes PaymentSettled", "Kafka")
instant.step(notifications, sms, "Texts the customer", "HTTPS")
