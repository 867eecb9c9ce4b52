"""Untuned benchmark model: the back office of a mid-size insurer, built around an enterprise service bus.

Written from archkit's README alone, the way an insurer's integration team would model its system on day
one: no layout hints, no separations, views as the builders give them. 18 containers in four groups
(channels, policy and claims, integration, data); the service bus in the middle carries most messages
between them and the partners (brokers, the reinsurer, the bank, the repair network, the fraud bureau, the
regulator), so it is a hub of the container view. ``benchmarks/layout.py`` measures it as part of the
``untuned`` corpus (issue 13); written for ``h/hub3`` as a second dense view with a hub besides the
hospital platform's event bus.
"""

from archkit import Workspace

workspace = Workspace(name="Insurance Back Office", description="Quotes, policies, claims, payments and "
                      "reporting of a property and motor insurer.")
m = workspace.model

customer = m.person("Policyholder", "Buys policies, reports claims and pays premiums online.", location="external")
agent = m.person("Call Centre Agent", "Answers customers and enters claims by phone.")
underwriter = m.person("Underwriter", "Prices and accepts risks outside the rules.")
adjuster = m.person("Claims Adjuster", "Assesses damage and settles claims.")
actuary = m.person("Actuary", "Reserves, pricing models and regulatory reports.")

brokers = m.software_system("Broker Platforms", "Brokers' quoting and placement systems.", location="external")
reinsurer = m.software_system("Reinsurer Portal", "Treaty bordereaux and large-loss notices.", location="external")
bank = m.software_system("Bank", "Direct debits and claim payouts.", location="external")
repair = m.software_system("Repair Network", "Garages and builders that repair insured damage.",
                           location="external")
fraud = m.software_system("Fraud Bureau", "The industry's shared claims history.", location="external")
regulator = m.software_system("Regulator Gateway", "Solvency and conduct reporting.", location="external")
mail = m.software_system("Print and Mail House", "Prints and posts policy documents.", location="external")

office = m.software_system("Back Office", "Runs quotes, policies, claims, billing and reporting.")
channels = m.group("Channels", "Where customers, agents and brokers come in.")
core = m.group("Policy and Claims", "The insurance processes.")
integration = m.group("Integration", "Messages between services and partners.")
data = m.group("Data", "Databases of the services.")

portal = office.container("Customer Portal", "Quotes, policy documents, claims and payments.", "React",
                          group=channels.id)
desk = office.container("Agent Desktop", "Everything an agent needs on one screen.", "Angular", group=channels.id)
broker_api = office.container("Broker API", "Quotes and binds for broker platforms.", "Java, Spring",
                              group=channels.id)
esb = office.container("Service Bus", "Routes, transforms and guarantees delivery of every message.",
                       "MuleSoft ESB", tags=["Queue"], group=integration.id)
partner = office.container("Partner Adapter", "Speaks the partners' file formats and protocols.", "Java",
                           group=integration.id)
rating = office.container("Rating Engine", "Prices a risk from the tariff tables.", "Java", group=core.id)
policy = office.container("Policy Administration", "Policies, endorsements and renewals.", "Java, Spring",
                          group=core.id)
claims = office.container("Claims Service", "First notice of loss to settlement.", "Kotlin", group=core.id)
billing = office.container("Billing Service", "Premium schedules, collections and refunds.", "Java",
                           group=core.id)
documents = office.container("Document Service", "Generates policy schedules and letters.", "Python",
                             group=core.id)
reserving = office.container("Reserving Service", "Case and bulk reserves per claim.", "Python", group=core.id)
reporting = office.container("Regulatory Reporting", "Solvency II and conduct returns.", "Python",
                             group=core.id)
policy_db = office.container("Policy Database", "Policies and their versions.", "Oracle", tags=["Database"],
                             group=data.id)
claims_db = office.container("Claims Database", "Claims, reserves and payments.", "PostgreSQL",
                             tags=["Database"], group=data.id)
billing_db = office.container("Billing Database", "Accounts, schedules and ledger entries.", "PostgreSQL",
                              tags=["Database"], group=data.id)
archive = office.container("Document Archive", "Every document sent, ten years.", "S3", tags=["Database"],
                           group=data.id)
warehouse = office.container("Data Warehouse", "Policies, claims and premiums for actuaries.", "Snowflake",
                             tags=["Database"], group=data.id)

customer.uses(portal, "Buys policies and reports claims with", "HTTPS")
agent.uses(desk, "Serves customers with", "HTTPS")
underwriter.uses(desk, "Refers risks with", "HTTPS")
adjuster.uses(desk, "Settles claims with", "HTTPS")
actuary.uses(warehouse, "Models reserves in", "SQL")
brokers.uses(broker_api, "Requests quotes and binds through", "HTTPS/JSON")

portal.uses(rating, "Gets quotes from", "HTTPS/JSON")
portal.uses(esb, "Sends policy and claim requests to", "HTTPS", interaction="async")
desk.uses(esb, "Sends requests to", "HTTPS", interaction="async")
desk.uses(rating, "Prices referred risks with", "HTTPS/JSON")
broker_api.uses(rating, "Prices risks with", "HTTPS/JSON")
broker_api.uses(esb, "Sends binds to", "JMS", interaction="async")

esb.uses(policy, "Delivers policy requests to", "JMS", interaction="async")
esb.uses(claims, "Delivers claims to", "JMS", interaction="async")
esb.uses(billing, "Delivers payment events to", "JMS", interaction="async")
esb.uses(documents, "Delivers document requests to", "JMS", interaction="async")
esb.uses(partner, "Hands partner messages to", "JMS", interaction="async")

policy.uses(policy_db, "Reads and writes policies in", "JDBC")
policy.uses(esb, "Publishes PolicyIssued to", "JMS", interaction="async")
claims.uses(claims_db, "Reads and writes claims in", "JDBC")
claims.uses(esb, "Publishes ClaimSettled to", "JMS", interaction="async")
claims.uses(policy, "Checks cover with", "HTTPS/JSON")
billing.uses(billing_db, "Keeps the ledger in", "JDBC")
billing.uses(esb, "Publishes PaymentFailed to", "JMS", interaction="async")
documents.uses(archive, "Stores documents in", "S3 API")
reserving.uses(claims_db, "Reads claims from", "JDBC")
reserving.uses(esb, "Consumes ClaimSettled from", "JMS")
reporting.uses(warehouse, "Reads premiums and claims from", "SQL")
reporting.uses(regulator, "Files returns with", "XBRL over HTTPS")
warehouse.uses(esb, "Loads events from", "JMS")

partner.uses(bank, "Sends payment files to", "SFTP")
partner.uses(reinsurer, "Sends bordereaux to", "SFTP")
partner.uses(repair, "Sends repair orders to", "HTTPS/XML")
partner.uses(fraud, "Checks claims with", "HTTPS/XML")
partner.uses(mail, "Sends print jobs to", "SFTP")
bank.uses(esb, "Returns payment results to", "SFTP", interaction="async")
repair.uses(esb, "Sends invoices to", "HTTPS/XML", interaction="async")

v = workspace.views
v.system_context(office, key="context", title="Insurance Back Office — System Context")
v.container(office, key="containers", title="Insurance Back Office — Containers")
