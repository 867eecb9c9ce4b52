"""A small model that touches every export feature: groups (nested), styles, async, deployment (with
deployment groups), parallel steps (also in a sequence diagram, with a response), external elements,
layout hints and separations, and text that would break a naive exporter (quotes, markup, ``$``,
newlines)."""

from __future__ import annotations

from archkit import Workspace

HOSTILE = 'Says "hi" <b>$x</b> %date() {{ 7*7 }} // ** \\ back'


def build() -> Workspace:
    ws = Workspace(name="Tea Shop", description="Sells tea online.")
    m = ws.model
    m.group("Back office", "Staff and their tools.")
    m.group("Packing", "The packing team.", group="back-office")  # a nested group
    buyer = m.person("Buyer", "Buys tea.", location="external")
    staff = m.person("Staff", "Packs orders.", group="packing")
    shop = m.software_system("Tea Shop", "Sells tea.")
    web = shop.container("Web", "Shop front.", "TypeScript, React", tags=["Web"])
    api = shop.container("API", "Takes orders.", "Python, FastAPI")
    db = shop.container("Database", "Orders and stock.", "PostgreSQL", tags=["Database"])
    queue = shop.container("Events", "Order events.", "Apache Kafka", tags=["Queue"])
    orders = api.component("Orders", HOSTILE + "\nSecond line.", "Python")
    stock = api.component("Stock", "Keeps stock.", "Python")
    pay = m.software_system("Payments", "Card payments.", location="external", group="back-office")
    buyer.uses(web, "Browses and orders", "HTTPS")
    web.uses(orders, "Places orders", "JSON/HTTPS")
    orders.uses(stock, "Reserves stock", "Python call")
    stock.uses(db, "Reads and writes", "SQL")
    orders.uses(queue, "Publishes OrderPlaced", "Kafka", interaction="async")
    orders.uses(pay, HOSTILE, "HTTPS")
    staff.uses(shop, "Packs orders with")
    live = m.deployment_node("AWS", "Cloud.", "Amazon Web Services", environment="Live")
    region = live.deployment_node("eu-west-1", "Region.", "AWS region", deployment_groups=["eu"])
    region.infrastructure_node("Load Balancer", "Spreads load.", "ALB")
    pods = region.deployment_node("API pods", "Kubernetes pods.", "EKS", instances=3)
    pods.container_instance(api)
    region.deployment_node("RDS", "Managed database.", "PostgreSQL 16").container_instance(db)
    m.deployment_node("Payments DC", "Provider data centre.", environment="Live",
                      deployment_groups=["eu"]).software_system_instance(pay)
    ws.views.system_landscape(title="Landscape")
    ws.views.system_context(shop, title="Tea Shop — context")
    containers = ws.views.container(shop, title="Tea Shop — containers", direction="LR", rank_separation=200)
    containers.right_of(db, api).below(queue, db).above(web, api)
    ws.views.component(api, title="API — components", node_separation=300).same_rank(stock, orders, ordered=True)
    flow = ws.views.dynamic(api, key="place-order", title="Place an order")
    flow.step(web, orders, "Submits the order", "JSON/HTTPS").step(orders, stock, "Reserves")
    flow.parallel([(stock, db, "Updates stock")], [(orders, queue, "Publishes the event")])
    told = ws.views.dynamic(api, key="told", title=f"Told: {HOSTILE}", description=HOSTILE, style="sequence")
    told.step(web, orders, HOSTILE, "JSON/HTTPS").step(orders, stock, "Reserves")
    told.parallel([(stock, db, "Updates stock")], [(orders, queue, "Publishes the event")])
    told.step(orders, web, f"201 {HOSTILE}", "JSON/HTTPS", response=True)
    ws.views.deployment("Live", shop, title="Live")
    ws.views.filtered("container-tea-shop", ["Database"], mode="exclude", key="no-db", title="Without the database")
    ws.styles.element("Database", shape="cylinder", background="#2e7d32", color="#ffffff")
    ws.styles.element("Web", shape="web_browser", border="dashed")
    ws.styles.relationship("Asynchronous", color="#c62828", style="dotted", thickness=2)
    ws.arc42.decision("0001", "Use Kafka for order events", status="accepted", date="2024-03-01",
                      context="Several consumers.", decision="Kafka.", consequences="We run Kafka.",
                      elements=["tea-shop.events"])
    ws.arc42.concept("logging", "Logging", "Structured JSON logs.")
    return ws


workspace = build()
