"""A model that exercises every drawing feature of the renderer (tests/render, tests/views).

Every view type, boundaries and groups, implied relationships, icons matched
from technologies and set explicitly, tag styles with legend descriptions,
database and queue shapes, async relationships, a dark-theme-worthy palette,
a deployment with nested nodes, replicas, failover and a node-to-node
relationship, a dynamic view with parallel steps, a filtered view, and
hostile text that must come out of DOT exactly as typed.
"""

from archkit import Workspace

HOSTILE = '"]; x [shape=none label=<b>boom</b>]; // \\N {braces} & <tags> \'quote\' naïve 日本'


def build() -> Workspace:
    ws = Workspace(name="Gallery", description="Orders platform used to test the renderer.")
    m = ws.model
    back_office = m.group("Back office")
    customer = m.person("Customer", "Orders things\nfrom the shop.")
    agent = m.person("Support Agent", "Helps customers.", group=back_office.id)
    partner = m.person("Partner", "Resells products.", location="external")
    shop = m.software_system("Orders", "Takes and fulfils orders.")
    web = shop.container("Web App", "The storefront.", "React")
    api = shop.container("API", HOSTILE, "Python, FastAPI")
    db = shop.container("Orders DB", "Orders and customers.", "PostgreSQL", tags=["Database"])
    events = shop.container("Events", "Order events.", "Apache Kafka", tags=["Queue"])
    worker = shop.container("Analytics Job", "Aggregates events.", "Apache Spark", tags=["Legacy"])
    checkout = api.component("Checkout", "Checkout use case.", "Python")
    catalogue = api.component("Catalogue", "Product queries.", "Python")
    repo = api.component("Repository", "Persistence.", "SQLAlchemy")
    payments = m.software_system("Payments", "Card payments.", location="external", icon="saas.payment.stripe")
    notify = m.software_system("Notifications", "E-mails and SMS.", group=back_office.id)
    customer.uses(web, "Browses and orders", "HTTPS")
    web.uses(checkout, "Submits orders", "JSON/HTTPS")
    web.uses(catalogue, "Queries products", "JSON/HTTPS")
    checkout.uses(repo, "Saves orders")
    catalogue.uses(repo, "Reads products")
    repo.uses(db, "Reads and writes", "SQL")
    checkout.uses(payments, "Charges cards", "HTTPS", tags=["Critical"])
    checkout.uses(events, "Publishes OrderPlaced", "Kafka protocol", interaction="async")
    events.uses(worker, "Feeds", "Kafka protocol", interaction="async")
    events.uses(notify, "Triggers e-mails", interaction="async")
    agent.uses(shop, "Looks up orders")
    partner.uses(shop, "Places bulk orders", "EDI")
    notify.uses(customer, "Sends e-mails to")

    live = m.deployment_node("AWS", "Region eu-west-1.", "Amazon Web Services", environment="Live")
    lb = live.infrastructure_node("Load Balancer", "Spreads traffic.", "nginx")
    cluster = live.deployment_node("Cluster", "", "Kubernetes")
    pods = cluster.deployment_node("API Pod", "", "Docker", instances=3)
    pods.container_instance(api)
    cluster.deployment_node("Web Pod", "", "Docker", instances=2).container_instance(web)
    primary = live.deployment_node("DB Primary", "", "PostgreSQL 16")
    primary.container_instance(db)
    secondary = live.deployment_node("DB Standby", "", "PostgreSQL 16", tags=["Failover"])
    secondary.container_instance(db, tags=["Failover"])
    live.deployment_node("Kafka", "", "Amazon MSK").container_instance(events)
    primary.uses(secondary, "Replicates to", "streaming replication")
    lb.uses(pods, "Forwards to", "HTTPS")

    v = ws.views
    v.system_landscape(title="Landscape", description="Everything, with groups.")
    v.system_context(shop)
    v.container(shop, description="Containers of the orders platform; API calls to Payments are implied.")
    v.component(api)
    flow = v.dynamic(api, key="checkout-flow", title="Checkout")
    flow.step(web, checkout, "Submits the basket").step(checkout, repo, "Saves the order")
    flow.parallel([(checkout, payments, "Charges the card")], [(checkout, events, "Announces the order")])
    flow.step(checkout, web, "Confirms")
    v.deployment("Live", shop, key="deployment-live", title="Live deployment")
    v.filtered("container-orders", ["Legacy", "Queue"], mode="exclude", key="container-orders-core",
               title="Orders — without queues and legacy")

    s = ws.styles
    s.element("Legacy", background="#b35900", description="Scheduled for replacement")
    s.element("Failover", opacity=40)
    s.relationship("Critical", color="#c0392b", thickness=2, description="Revenue-critical")
    return ws


workspace = build()
