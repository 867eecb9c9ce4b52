"""A small, complete model used by the foundation tests."""

from archkit import Workspace


def build() -> Workspace:
    ws = Workspace(name="Shop", description="An online shop.")
    m = ws.model
    customer = m.person("Customer", "Buys things.")
    shop = m.software_system("Shop", "Sells things online.")
    api = shop.container("API", "Takes orders.", "Python, FastAPI")
    db = shop.container("Database", "Stores orders.", "PostgreSQL", tags=["Database"])
    orders = api.component("Orders", "Order use cases.", "Python")
    repo = api.component("Order Repository", "Persists orders.", "SQLAlchemy")
    payments = m.software_system("Payments", "Takes card payments.", location="external")
    customer.uses(orders, "Places orders", "HTTPS")
    orders.uses(repo, "Saves orders through", "Python call")
    repo.uses(db, "Reads and writes", "SQL")
    orders.uses(payments, "Charges cards with", "HTTPS/JSON", interaction="async")
    live = m.deployment_node("Cloud", "Hosting.", "Kubernetes", environment="Live")
    live.deployment_node("Pod", "Runs the API.", "Docker").container_instance(api)
    live.deployment_node("Managed DB", "Database service.", "PostgreSQL 16").container_instance(db)
    ws.views.system_context(shop, title="Shop — context")
    ws.views.container(shop, title="Shop — containers")
    ws.views.component(api, title="API — components")
    flow = ws.views.dynamic(api, key="place-order", title="Place an order")
    flow.step(customer, orders, "Submits the order").step(orders, repo, "Saves it")
    flow.parallel([(repo, db, "Inserts the row")], [(orders, payments, "Charges the card")])
    ws.views.deployment("Live", shop, title="Live")
    a = ws.arc42
    a.requirement("B1", "business", "Sell online")
    a.requirement("F1", "functional", "Place an order", elements=["shop.api"])
    a.requirement("Q1", "quality", "Fast checkout")
    a.quality_goal("QG1", 1, "Responsiveness", "Checkout feels instant.")
    a.scenario("QS1", goal="QG1", source="Customer", stimulus="submits an order", environment="peak",
               artifact="API", response="order confirmed", response_measure="p95 < 300 ms")
    a.stakeholder("Shop owner", "owner@example.com", "Sales grow.")
    a.constraint("C1", "Runs on Kubernetes", kind="technical")
    a.decision("0001", "Use PostgreSQL", date="2024-01-15", context="Need transactions.",
               decision="PostgreSQL.", consequences="We operate a database.")
    a.strategy("S1", "Managed services first", quality_goals=["QG1"], decisions=["0001"])
    a.concept("security", "Security", "TLS everywhere.")
    a.risk("RISK1", "Payment provider outage", probability="low", impact="high", elements=["payments"])
    a.debt("D1", "No retries on payment calls", elements=["shop.api.orders"])
    a.term("Order", "A customer's purchase.")
    return ws


workspace = build()
