"""Two internal software systems side by side, a shop and the warehouse that ships its orders: the arc42
docs describe one of them and show the other as a neighbour.

Listed in an order that is not alphabetical (containers, components, stakeholders, deployment nodes),
so that the docs can be seen to keep the model's order. ``build("warehouse")`` names the documented
system; ``build()`` names none, which ``check`` reports.
"""

import datetime as dt

from archkit import Workspace


def build(system: str = "") -> Workspace:
    ws = Workspace(name="Retail", description="A shop and the warehouse that ships its orders.")
    m = ws.model
    customer = m.person("Customer", "Buys things.")
    picker = m.person("Picker", "Picks parcels in the warehouse.")
    shop = m.software_system("Shop", "Sells things online.")
    web = shop.container("Web", "The storefront.", "React")
    api = shop.container("API", "Takes orders.", "Python")
    db = shop.container("Database", "Stores orders.", "PostgreSQL", tags=["Database"])
    warehouse = m.software_system("Warehouse", "Stores and ships goods.")
    stock = warehouse.container("Stock Service", "Tracks stock.", "Java")
    scanner = warehouse.container("Scanner App", "The pickers' handheld app.", "Kotlin")
    reservations = stock.component("Reservations", "Holds stock for open orders.", "Java")
    allocation = stock.component("Allocation", "Chooses the shelf to pick from.", "Java")
    payments = m.software_system("Payments", "Takes card payments.", location="external")
    customer.uses(web, "Browses and orders with", "HTTPS")
    web.uses(api, "Sends orders to", "JSON/HTTPS")
    api.uses(db, "Reads and writes", "SQL")
    api.uses(reservations, "Reserves stock with", "gRPC")
    api.uses(payments, "Charges cards with", "HTTPS")
    picker.uses(scanner, "Scans parcels with", "Bluetooth")
    scanner.uses(allocation, "Asks where to pick with", "HTTPS")
    reservations.uses(allocation, "Allocates with", "Java call")

    cloud = m.deployment_node("Cloud", "Two regions.", "AWS", environment="Live", instances=2)
    cluster = cloud.deployment_node("Shop Cluster", "Runs the shop.", "Kubernetes", instances=3)
    cluster.container_instance(api)
    cluster.deployment_node("Web Pod", "Serves the storefront.", "Docker", instances="2..4").container_instance(web)
    cloud.deployment_node("Managed DB", "Database service.", "RDS").container_instance(db)
    servers = cloud.deployment_node("Warehouse Servers", "Run the warehouse.", "VMs", instances=4)
    servers.container_instance(stock)
    depot = m.deployment_node("Depot", "Handhelds in the depot.", "Android", environment="Depot", instances=30)
    depot.container_instance(scanner)

    ws.views.system_landscape(title="Retail landscape")
    ws.views.system_context(shop, title="Shop — context")
    ws.views.system_context(warehouse, title="Warehouse — context")
    ws.views.container(shop, title="Shop — containers")
    ws.views.container(warehouse, title="Warehouse — containers")
    ws.views.component(stock, title="Stock Service — components")
    ordering = ws.views.dynamic(shop, key="ordering", title="Ordering")
    ordering.step(customer, web, "Orders").step(web, api, "Sends the order").step(api, stock, "Reserves stock")
    picking = ws.views.dynamic(warehouse, key="picking", title="Picking")
    picking.step(picker, scanner, "Scans a parcel").step(scanner, stock, "Asks where to pick")
    ws.views.deployment("Live", title="Live")
    ws.views.deployment("Depot", warehouse, title="Depot")

    a = ws.arc42
    a.system = system
    a.stakeholder("Warehouse lead", "lead@example.com", "Parcels leave on time.")
    a.stakeholder("Shop owner", "owner@example.com", "Sales grow.")
    a.stakeholder("Developers", "#dev", "Few moving parts.")
    a.decision("0001", "Reserve stock synchronously", date=dt.date(2024, 3, 1),
               context="Overselling costs *money*; see [the report](https://example.com/oversell_2023).",
               decision="The API reserves stock with a `gRPC` call before it confirms an order.",
               consequences="- The order waits for the warehouse.\n- Fewer cancelled orders.")
    a.decision("0002", "Retry reservations", status="proposed", context="The warehouse restarts nightly.",
               links=[{"relation": "amends", "target": "0001"}])
    return ws
