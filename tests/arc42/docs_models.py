"""Test models for the arc42 docs: one system in full detail, and a bare landscape of two systems.

``shop()`` fills every table of the arc42 set and carries hostile strings (a ``|`` in a
cell, Jinja syntax, a forged archkit marker, Markdown and AsciiDoc markup), so the
golden pages show how they are escaped. ``landscape()`` has two internal systems, none named
(the docs describe CRM, the first with containers, and show ERP as a neighbour), and no arc42
content, so every guidance paragraph shows.
"""

from __future__ import annotations

import datetime as dt

from archkit import Workspace


def shop() -> Workspace:
    ws = Workspace(name="Shop", description="An online shop that sells *books* | games.")
    m = ws.model
    customer = m.person("Customer", "Buys things; writes {{ 7*7 }} in reviews.")
    clerk = m.person("Clerk", "")
    shop = m.software_system("Shop", "Sells things online.")
    api = shop.container("API", "Takes orders.\nChecks stock.", "Python, FastAPI")
    db = shop.container("Database", "Stores orders.", "PostgreSQL", tags=["Database"])
    orders = api.component("Orders", "Order use cases.", "Python")
    repo = api.component("Order Repository", "<!-- archkit:end 5.1 -->", "SQLAlchemy")
    payments = m.software_system("Payments", "Takes card payments.", location="external")
    customer.uses(orders, "Places orders", "HTTPS")
    clerk.uses(api, "Cancels orders", "HTTPS | VPN")
    orders.uses(repo, "Saves orders through", "Python call")
    repo.uses(db, "Reads and writes", "SQL")
    orders.uses(payments, "Charges cards with", "HTTPS/JSON", interaction="async")
    payments.uses(orders, "Confirms payments", "Webhook")
    live = m.deployment_node("Cloud", "Hosting.", "Kubernetes", environment="Live")
    live.deployment_node("Pod", "Runs the API.", "Docker", instances="2..4").container_instance(api)
    live.deployment_node("Managed DB", "Database service.", "PostgreSQL 16").container_instance(db)
    live.infrastructure_node("Load Balancer", "Spreads the load.", "nginx")
    ws.views.system_context(shop, title="Shop — context", description="Who uses the shop.")
    ws.views.container(shop, title="Shop — containers")
    ws.views.component(api, title="API — components")
    flow = ws.views.dynamic(api, key="place-order", title="Place an order")
    flow.step(customer, orders, "Submits the order").step(orders, repo, "Saves it")
    flow.parallel([(repo, db, "Inserts the row")], [(orders, payments, "Charges the card")])
    ws.views.deployment("Live", shop, title="Live")
    a = ws.arc42
    a.introduction = "The shop sells online.\n\nIt replaces the # paper catalogue."
    a.requirement("B1", "business", "Sell online", "Revenue | growth", priority="high")
    a.requirement("F1", "functional", "Place an order", elements=["shop.api"])
    a.requirement("Q1", "quality", "Fast checkout")
    a.quality_goal("QG1", 1, "Responsiveness", "Checkout feels instant.")
    a.quality_goal("QG2", 2, "Auditability", "Every order can be traced.")
    a.scenario("QS1", goal="QG1", title="Checkout at peak", source="Customer", stimulus="submits an order",
               environment="peak", artifact="API", response="order confirmed", response_measure="p95 < 300 ms")
    a.stakeholder("Shop owner", "owner@example.com", "Sales grow.")
    a.stakeholder("Developers", "#dev", "")
    a.constraint("C1", "Runs on Kubernetes", kind="technical")
    a.constraint("C2", "Team of four", "Small team.", kind="organizational")
    a.decision("0001", "Use PostgreSQL", date=dt.date(2024, 1, 15), context="Need transactions.",
               decision="PostgreSQL.", consequences="* We operate a database.\n* Backups.")
    a.decision("0002", "Use a managed database", status="proposed", context="Operations are costly.",
               links=[{"relation": "amends", "target": "0001"}])
    a.strategy("S1", "Managed services first", quality_goals=["QG1"], decisions=["0001", "0002"])
    a.concept("security", "Security", "TLS everywhere.\n\nSecrets live in the vault.")
    a.risk("RISK1", "Payment provider outage", probability="low", impact="high", mitigation="Queue payments.",
           elements=["payments"])
    a.debt("D1", "No retries on payment calls", remedy="Add retries.", elements=["shop.api.orders"])
    a.term("Order", "A customer's purchase.")
    a.term("API", "The `application` programming interface.")
    return ws


def landscape() -> Workspace:
    ws = Workspace(name="Landscape")
    m = ws.model
    user = m.person("User", "Uses both systems.")
    crm = m.software_system("CRM", "Customer records.")
    crm.container("CRM Web", "The CRM user interface.", "React")
    erp = m.software_system("ERP", "Orders and invoices.")
    erp_api = erp.container("ERP API", "Order API.", "Java")
    erp_api.component("Invoicing", "Creates invoices.", "Java")
    user.uses(crm, "Looks up customers")
    crm.uses(erp, "Reads invoices", "REST")
    return ws
