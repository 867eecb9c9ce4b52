"""Untuned benchmark model: a travel booking platform run in two regions.

Written from archkit's README alone, the way a team would model its system on day one: no layout
hints, no separations, views as the builders give them. 24 containers in four groups (an edge
group, two regional groups with the same services, a global group), external systems both regions
call, three kinds of people. ``benchmarks/layout.py`` measures it as the ``untuned`` corpus
(issue 13: a dense real model must score at most half of Structurizr's own DOT export).
"""

from archkit import Container, Workspace

workspace = Workspace(name="Booking Platform", description="Hotel and flight bookings in Europe and North America.")
m = workspace.model

traveller = m.person("Traveller", "Searches, books and manages trips on the web and in the app.")
agent = m.person("Support Agent", "Changes and refunds bookings for travellers who call in.")
partner = m.person("Partner Manager", "Onboards hotels and airlines and watches their inventory.")

payments = m.software_system("Payment Provider", "Cards, wallets and refunds.", location="external")
gds = m.software_system("Flight GDS", "Global distribution system for flight fares and tickets.", location="external")
hotels = m.software_system("Hotel Channel Manager", "Room rates and availability of partner hotels.",
                           location="external")
email = m.software_system("Email Service", "Transactional email delivery.", location="external")
idp = m.software_system("Identity Provider", "Sign-in with passwords, passkeys and social accounts.",
                        location="external")
fraud = m.software_system("Fraud Screening", "Scores payments for fraud risk.", location="external")

platform = m.software_system("Booking Platform", "Searches inventory, takes bookings and payments, and "
                             "keeps trips in sync with partners.")

edge = m.group("Edge", "Global entry points.")
eu = m.group("Region EU", "Frankfurt; serves European travellers.")
us = m.group("Region US", "Virginia; serves North American travellers.")
glob = m.group("Global services", "One instance for both regions.")

cdn = platform.container("CDN", "Caches the web app and static content at the edge.", "CloudFront", group=edge.id)
web = platform.container("Web App", "Single-page app for search, booking and trips.", "React", group=edge.id)
gateway = platform.container("API Gateway", "Routes each traveller to their home region.", "Envoy", group=edge.id)
backoffice = platform.container("Back Office", "Tools for support agents and partner managers.", "Next.js",
                                group=edge.id)


def region(group: str, code: str) -> dict[str, Container]:
    """The same four services and their stores and event bus in one region."""
    c: dict[str, Container] = {}
    c["search"] = platform.container(f"Search {code}", "Answers availability searches from cached inventory.",
                                     "Go", group=group)
    c["booking"] = platform.container(f"Booking {code}", "Holds, confirms and cancels bookings.", "Java, Spring",
                                      group=group)
    c["payment"] = platform.container(f"Payment {code}", "Authorises, captures and refunds payments.", "Java",
                                      group=group)
    c["trips"] = platform.container(f"Trips {code}", "A traveller's upcoming and past trips.", "Kotlin", group=group)
    c["db"] = platform.container(f"Bookings DB {code}", "Bookings and payments of the region.", "PostgreSQL",
                                 tags=["Database"], group=group)
    c["cache"] = platform.container(f"Inventory Cache {code}", "Rates and availability, minutes old.", "Redis",
                                    tags=["Database"], group=group)
    c["events"] = platform.container(f"Event Bus {code}", "Booking and payment events of the region.", "Kafka",
                                     tags=["Queue"], group=group)
    return c


regions = [region(eu.id, "EU"), region(us.id, "US")]

inventory = platform.container("Inventory Sync", "Pulls rates and availability from partners into every region.",
                               "Python", group=glob.id)
notify = platform.container("Notification Service", "Sends confirmations and reminders.", "Node.js", group=glob.id)
accounts = platform.container("Account Service", "Traveller profiles and sign-in sessions.", "Go", group=glob.id)
ledger = platform.container("Finance Ledger", "Double-entry ledger of every payment of both regions.", "Java",
                            group=glob.id)
warehouse = platform.container("Data Warehouse", "Bookings and searches for reporting.", "Snowflake",
                               tags=["Database"], group=glob.id)
accounts_db = platform.container("Accounts DB", "Profiles and sessions.", "PostgreSQL", tags=["Database"],
                                 group=glob.id)

traveller.uses(cdn, "Loads the app from", "HTTPS")
traveller.uses(web, "Searches and books with", "HTTPS")
agent.uses(backoffice, "Changes and refunds bookings with", "HTTPS")
partner.uses(backoffice, "Manages partners and inventory with", "HTTPS")
cdn.uses(web, "Fetches the app from", "HTTPS")
web.uses(gateway, "Calls the API through", "HTTPS/JSON")
backoffice.uses(gateway, "Calls the API through", "HTTPS/JSON")
gateway.uses(accounts, "Checks sessions with", "gRPC")
accounts.uses(idp, "Signs travellers in with", "OpenID Connect")
accounts.uses(accounts_db, "Reads and writes profiles in", "SQL")
for r in regions:
    gateway.uses(r["search"], "Routes searches to", "gRPC")
    gateway.uses(r["booking"], "Routes bookings to", "gRPC")
    gateway.uses(r["trips"], "Routes trip queries to", "gRPC")
    r["search"].uses(r["cache"], "Reads availability from", "RESP")
    r["booking"].uses(r["search"], "Re-checks the price with", "gRPC")
    r["booking"].uses(r["payment"], "Takes payment through", "gRPC")
    r["booking"].uses(r["db"], "Stores bookings in", "SQL")
    r["booking"].uses(r["events"], "Publishes booking events to", "Kafka", interaction="async")
    r["booking"].uses(gds, "Tickets flights with", "EDIFACT over HTTPS")
    r["booking"].uses(hotels, "Confirms rooms with", "HTTPS/JSON")
    r["payment"].uses(payments, "Authorises and captures with", "HTTPS/JSON")
    r["payment"].uses(fraud, "Screens payments with", "HTTPS/JSON")
    r["payment"].uses(r["db"], "Stores payments in", "SQL")
    r["payment"].uses(r["events"], "Publishes payment events to", "Kafka", interaction="async")
    r["trips"].uses(r["db"], "Reads bookings from", "SQL")
    inventory.uses(r["cache"], "Writes rates and availability to", "RESP")
    notify.uses(r["events"], "Consumes booking events from", "Kafka")
    ledger.uses(r["events"], "Consumes payment events from", "Kafka")
    warehouse.uses(r["events"], "Loads events from", "Kafka Connect")
inventory.uses(gds, "Pulls fares from", "EDIFACT over HTTPS")
inventory.uses(hotels, "Pulls rates from", "HTTPS/JSON")
notify.uses(email, "Sends email through", "HTTPS")
notify.uses(accounts, "Looks up contact details in", "gRPC")

v = workspace.views
v.system_context(platform, key="context", title="Booking Platform — System Context")
v.container(platform, key="containers", title="Booking Platform — Containers")
