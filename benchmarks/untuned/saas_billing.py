"""Untuned benchmark model: a SaaS billing platform, with a few layout hints.

Written from archkit's README alone: 16 containers in three groups (catalog and subscriptions, usage
and invoicing, payments), eight external systems, three kinds of people. Unlike the other untuned
models it has layout hints, added where its first drawing looked wrong to its author: the usage pipeline (intake, topic,
aggregator) read right to left, the reconciliation job far from the bank, and the plan catalog a rank
below its one caller. ``benchmarks/layout.py``
measures it as part of the ``untuned`` corpus (issue 13); ``benchmarks/hinted.py`` with and without its
hints.
"""

from archkit import Workspace

workspace = Workspace(name="SaaS Billing", description="Subscriptions, metered usage, invoices and payments.")
m = workspace.model

customer = m.person("Customer Admin", "Manages the plan, payment methods and invoices of their company.")
finance = m.person("Finance Analyst", "Closes the books and follows up on unpaid invoices.")
support = m.person("Support Agent", "Answers billing questions and issues credits.")

product = m.software_system("Product Backend", "The SaaS product itself; reports metered usage.",
                            location="external")
psp = m.software_system("Payment Provider", "Cards and SEPA debits.", location="external")
tax = m.software_system("Tax Service", "Sales tax and VAT rates per address.", location="external")
erp = m.software_system("ERP", "The general ledger of the company.", location="external")
crm = m.software_system("CRM", "Accounts, contacts and sales contracts.", location="external")
mail = m.software_system("Email Service", "Sends transactional email.", location="external")
idp = m.software_system("Identity Provider", "Single sign-on for customers and staff.", location="external")
bank = m.software_system("Bank", "Settles payouts and sends statements.", location="external")

billing = m.software_system("Billing Platform", "Plans, subscriptions, usage, invoices and payments.")
subs = m.group("Catalog and subscriptions", "What customers buy.")
usage_group = m.group("Usage and invoicing", "What they owe.")
pay = m.group("Payments", "What they paid.")

portal = billing.container("Customer Portal", "Plan changes, payment methods, invoice downloads.", "React",
                           group=subs.id)
console = billing.container("Admin Console", "Staff tools: credits, refunds, plan overrides.", "React",
                            group=subs.id)
api = billing.container("Billing API", "Public and internal API of the platform.", "Kotlin", group=subs.id)
catalog = billing.container("Plan Catalog", "Plans, prices and add-ons.", "Kotlin", group=subs.id)
subscriptions = billing.container("Subscription Service", "Subscriptions, trials, upgrades, renewals.",
                                  "Kotlin", group=subs.id)
subs_db = billing.container("Subscriptions DB", "Plans and subscriptions.", "PostgreSQL", tags=["Database"],
                            group=subs.id)

intake = billing.container("Usage Intake", "Accepts usage events from the product.", "Go", group=usage_group.id)
usage_topic = billing.container("Usage Topic", "Raw usage events, 7 days.", "Kafka", tags=["Queue"],
                                group=usage_group.id)
aggregator = billing.container("Usage Aggregator", "Rolls usage up per subscription and period.", "Flink",
                               group=usage_group.id)
usage_db = billing.container("Usage Store", "Usage per subscription and period.", "ClickHouse",
                             tags=["Database"], group=usage_group.id)
invoicer = billing.container("Invoice Service", "Rates usage, applies tax, issues invoices.", "Kotlin",
                             group=usage_group.id)
ledger = billing.container("Ledger", "Double-entry record of every invoice, payment and credit.",
                           "PostgreSQL", tags=["Database"], group=usage_group.id)

payments = billing.container("Payment Service", "Collects invoices, retries failed payments.", "Kotlin",
                             group=pay.id)
dunning = billing.container("Dunning Worker", "Reminds and suspends customers with unpaid invoices.",
                            "Python", group=pay.id)
recon = billing.container("Reconciliation Job", "Matches bank statements to payments nightly.", "Python",
                          group=pay.id)
notifier = billing.container("Notifier", "Invoice and payment emails.", "Go", group=pay.id)

customer.uses(portal, "Manages billing in", "HTTPS")
finance.uses(console, "Reviews invoices in", "HTTPS")
support.uses(console, "Issues credits in", "HTTPS")
portal.uses(api, "Calls", "JSON/HTTPS")
console.uses(api, "Calls", "JSON/HTTPS")
portal.uses(idp, "Signs customers in with", "OIDC")
console.uses(idp, "Signs staff in with", "OIDC")
api.uses(subscriptions, "Changes subscriptions via", "gRPC")
api.uses(invoicer, "Lists invoices via", "gRPC")
api.uses(payments, "Manages payment methods via", "gRPC")
subscriptions.uses(catalog, "Reads plans from", "gRPC")
subscriptions.uses(subs_db, "Reads and writes", "SQL")
catalog.uses(subs_db, "Reads and writes", "SQL")
subscriptions.uses(crm, "Syncs contracts with", "REST")
product.uses(intake, "Reports usage to", "HTTPS")
intake.uses(usage_topic, "Writes events to", "Kafka")
aggregator.uses(usage_topic, "Consumes events from", "Kafka")
aggregator.uses(usage_db, "Writes totals to", "native protocol")
invoicer.uses(usage_db, "Reads usage from", "SQL")
subscriptions.uses(invoicer, "Asks for renewal invoices from", "gRPC")
invoicer.uses(tax, "Gets tax rates from", "REST")
invoicer.uses(ledger, "Posts invoices to", "SQL")
invoicer.uses(payments, "Asks for collection by", "gRPC")
payments.uses(psp, "Charges cards through", "REST")
psp.uses(payments, "Sends payment results to", "webhook")
payments.uses(ledger, "Posts payments to", "SQL")
dunning.uses(ledger, "Finds unpaid invoices in", "SQL")
dunning.uses(subscriptions, "Suspends subscriptions via", "gRPC")
dunning.uses(notifier, "Asks for reminders from", "gRPC")
invoicer.uses(notifier, "Asks for invoice emails from", "gRPC")
notifier.uses(mail, "Sends email through", "SMTP")
recon.uses(bank, "Downloads statements from", "SFTP")
recon.uses(ledger, "Matches payments in", "SQL")
ledger.uses(erp, "Exports journals to", "CSV over SFTP")

workspace.views.system_context(billing, key="context")
containers = workspace.views.container(billing, key="containers")
containers.same_rank(intake, usage_topic, aggregator, ordered=True)  # the usage pipeline, read left to right
containers.right_of(recon, payments)  # reconciliation beside the bank, not under the API's edges
containers.right_of(catalog, subscriptions)  # the catalog beside its one caller, not a rank below
