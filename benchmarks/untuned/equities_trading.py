"""Untuned benchmark model: a broker's equities trading and market-data platform (``h/qa15``).

Written from archkit's README alone, with no layout hints or separations, unlike the six beside it in
shape: most traffic goes through queues and topics. Five exchanges' feeds come in through per-venue
feed handlers, a normaliser and a conflation stage onto market-data topics read by five consumers;
orders go from two front ends through an order gateway, pre-trade risk and a smart order router onto
per-venue order queues and exchange gateways, and executions come back through an execution topic
read by the order manager, positions, post-trade and surveillance. 28 containers in six groups, nine
external systems, five kinds of people; a component view of the smart order router; a deployment view
of two co-location sites (primary and disaster recovery, kept apart by deployment groups) and a cloud
region for analytics; an order's life as a dynamic view with parallel branches.
"""

from archkit import Workspace

workspace = Workspace(name="Equities Trading Platform",
                      description="Market data in, orders out to five venues, executions back to the books.")
m = workspace.model

trader = m.person("Trader", "Works client and house orders on the trading screen.")
client = m.person("Institutional Client", "Sends orders electronically over FIX.", location="external")
risk_officer = m.person("Risk Officer", "Sets limits and watches exposure intraday.")
compliance = m.person("Compliance Analyst", "Reviews surveillance alerts.")
ops = m.person("Trade Support", "Fixes breaks between the books and the clearing house.")

venues = {name: m.software_system(name, f"{name} exchange: market data and order entry.", location="external")
          for name in ("LSE", "Euronext", "Xetra", "SIX", "Cboe Europe")}
vendor = m.software_system("Reference Data Vendor", "Instruments, corporate actions, calendars.", location="external")
clearing = m.software_system("Clearing House", "Novates and clears every execution.", location="external")
regulator = m.software_system("Trade Repository", "Receives MiFIR transaction reports.", location="external")
custodian = m.software_system("Custodian", "Settles and holds the securities.", location="external")

tp = m.software_system("Trading Platform", "Market data, order handling, routing and post-trade of the desk.")
md = m.group("Market Data", "Feeds in, normalised and conflated.")
orders = m.group("Order Handling", "From the screens and FIX to the router.")
routing = m.group("Routing and Execution", "Per-venue order queues and gateways.")
bus = m.group("Messaging", "Topics and queues every stage reads and writes.")
post = m.group("Post-Trade", "Positions, allocation, clearing, reporting.")
data = m.group("Stores", "What the platform keeps.")

handlers = {name: tp.container(f"{name} Feed Handler", f"Decodes the {name} multicast feed.", "C++", group=md.id)
            for name in venues}
normaliser = tp.container("Normaliser", "One book format for every venue.", "C++", group=md.id)
conflator = tp.container("Conflation Engine", "Throttles updates per consumer.", "C++", group=md.id)

raw_topic = tp.container("Raw Ticks Topic", "Every normalised tick.", "Aeron", tags=["Queue"], group=bus.id)
book_topic = tp.container("Order Book Topic", "Conflated top of book and depth.", "Aeron", tags=["Queue"],
                          group=bus.id)
order_queue = tp.container("Order Queue", "Orders accepted and risk-checked.", "Chronicle Queue", tags=["Queue"],
                           group=bus.id)
exec_topic = tp.container("Execution Topic", "Fills and rejects from every venue.", "Kafka", tags=["Queue"],
                          group=bus.id)
alert_queue = tp.container("Alert Queue", "Surveillance alerts to review.", "Kafka", tags=["Queue"], group=bus.id)

screen = tp.container("Trading Screen", "Blotters, ladders, order tickets.", "TypeScript, React", group=orders.id)
fix_gw = tp.container("FIX Gateway", "Client order flow over FIX 4.4.", "QuickFIX/J", group=orders.id)
oms = tp.container("Order Manager", "Order state, amendments, cancels, parent and child orders.", "Java",
                   group=orders.id)
pretrade = tp.container("Pre-Trade Risk", "Limits, fat-finger and restricted-list checks.", "Java", group=orders.id)
sor = tp.container("Smart Order Router", "Splits orders across venues by price, size and fees.", "Java",
                   group=routing.id)
venue_gws = {name: tp.container(f"{name} Order Gateway", f"Native order entry to {name}.", "C++",
                                group=routing.id) for name in venues}

positions = tp.container("Position Keeper", "Real-time positions and P&L.", "Java", group=post.id)
allocation = tp.container("Allocation Service", "Splits block fills to client accounts.", "Java", group=post.id)
clearing_gw = tp.container("Clearing Gateway", "Sends executions for clearing and reads confirms.", "Java",
                           group=post.id)
reporting = tp.container("Regulatory Reporting", "Builds transaction reports.", "Python", group=post.id)
surveillance = tp.container("Trade Surveillance", "Spoofing, layering and wash-trade detection.", "Python",
                            group=post.id)
refdata = tp.container("Reference Data Service", "Instruments and venue calendars.", "Go", group=data.id)
tick_store = tp.container("Tick Store", "Every tick, for replay and analytics.", "kdb+", tags=["Database"],
                          group=data.id)
order_store = tp.container("Order Store", "Orders and executions, the books of record.", "PostgreSQL",
                           tags=["Database"], group=data.id)

for name, system in venues.items():
    system.uses(handlers[name], "Publishes market data to", "Multicast UDP")
    handlers[name].uses(normaliser, "Sends decoded ticks to", "Shared memory")
    venue_gws[name].uses(system, "Enters orders on", "Native binary")
    system.uses(venue_gws[name], "Sends fills and rejects to", "Native binary")
    venue_gws[name].uses(exec_topic, "Publishes executions to", "Kafka")
normaliser.uses(raw_topic, "Publishes normalised ticks to", "Aeron")
conflator.uses(raw_topic, "Reads ticks from", "Aeron")
conflator.uses(book_topic, "Publishes conflated books to", "Aeron")
raw_topic.uses(tick_store, "Is captured into", "kdb+ tickerplant")
screen.uses(book_topic, "Shows prices from", "WebSocket")
sor.uses(book_topic, "Reads depth from", "Aeron")
pretrade.uses(book_topic, "Reads reference prices from", "Aeron")
surveillance.uses(raw_topic, "Replays the market from", "Aeron")

trader.uses(screen, "Works orders on", "HTTPS")
client.uses(fix_gw, "Sends orders through", "FIX 4.4")
screen.uses(oms, "Places, amends and cancels orders with", "gRPC")
fix_gw.uses(oms, "Hands client orders to", "gRPC")
oms.uses(pretrade, "Checks each order with", "gRPC")
oms.uses(order_queue, "Queues accepted orders on", "Chronicle")
oms.uses(order_store, "Records orders in", "SQL")
sor.uses(order_queue, "Takes orders from", "Chronicle")
for gw in venue_gws.values():
    sor.uses(gw, "Sends child orders to", "Chronicle")
oms.uses(exec_topic, "Updates orders from", "Kafka")
positions.uses(exec_topic, "Books fills from", "Kafka")
allocation.uses(exec_topic, "Reads block fills from", "Kafka")
clearing_gw.uses(exec_topic, "Reads executions from", "Kafka")
reporting.uses(exec_topic, "Reads executions from", "Kafka")
surveillance.uses(exec_topic, "Reads executions from", "Kafka")
surveillance.uses(alert_queue, "Raises alerts on", "Kafka")
allocation.uses(order_store, "Writes allocations to", "SQL")
clearing_gw.uses(clearing, "Sends trades to", "FIXML")
clearing.uses(clearing_gw, "Confirms cleared trades to", "FIXML")
reporting.uses(regulator, "Reports transactions to", "ISO 20022")
allocation.uses(custodian, "Sends settlement instructions to", "SWIFT")
positions.uses(screen, "Streams positions and P&L to", "WebSocket")
pretrade.uses(positions, "Reads exposure from", "gRPC")
vendor.uses(refdata, "Delivers instrument files to", "SFTP")
for reader in (oms, pretrade, sor, normaliser, reporting):
    reader.uses(refdata, "Looks up instruments in", "gRPC")
risk_officer.uses(pretrade, "Sets limits in", "HTTPS")
compliance.uses(alert_queue, "Reviews alerts from", "HTTPS")
ops.uses(clearing_gw, "Repairs breaks in", "HTTPS")

splitter = sor.component("Order Splitter", "Cuts a parent order into child orders.", "Java")
venue_ranker = sor.component("Venue Ranker", "Ranks venues by price, size, fees and fill rate.", "Java")
book_cache = sor.component("Book Cache", "Latest depth per venue.", "Java")
fill_stats = sor.component("Fill Statistics", "Fill rates and latency per venue.", "Java")
child_sender = sor.component("Child Order Sender", "Writes child orders to the venue gateways.", "Java")
order_reader = sor.component("Order Reader", "Takes accepted orders off the queue.", "Java")
order_reader.uses(order_queue, "Reads orders from", "Chronicle")
order_reader.uses(splitter, "Hands each order to", "in-process")
splitter.uses(venue_ranker, "Asks where to send from", "in-process")
venue_ranker.uses(book_cache, "Reads depth from", "in-process")
venue_ranker.uses(fill_stats, "Reads fill rates from", "in-process")
book_cache.uses(book_topic, "Subscribes to", "Aeron")
fill_stats.uses(exec_topic, "Learns fill rates from", "Kafka")
splitter.uses(child_sender, "Sends child orders through", "in-process")
for gw in venue_gws.values():
    child_sender.uses(gw, "Writes child orders to", "Chronicle")
venue_ranker.uses(refdata, "Reads venue fees from", "gRPC")

for site, group in (("London LD4", "primary"), ("Frankfurt FR2", "dr")):
    colo = m.deployment_node(site, "Co-location cage.", "Equinix", environment="Production",
                             deployment_groups=[group])
    edge = colo.deployment_node("Feed and Gateway Servers", "Kernel-bypass NICs.", "Linux, Solarflare",
                                instances=4)
    for name in venues:
        edge.container_instance(handlers[name])
        edge.container_instance(venue_gws[name])
    core = colo.deployment_node("Core Servers", "Low-latency core.", "Linux", instances=2)
    for container in (normaliser, conflator, raw_topic, book_topic, order_queue, oms, pretrade, sor, fix_gw):
        core.container_instance(container)
    kafka = colo.deployment_node("Kafka Cluster", "Three brokers.", "Kafka 3.7", instances=3)
    kafka.container_instance(exec_topic)
    kafka.container_instance(alert_queue)
    db = colo.deployment_node("Database Servers", "Primary and standby.", "PostgreSQL 16")
    db.container_instance(order_store)
    db.container_instance(tick_store)
aws = m.deployment_node("AWS eu-west-2", "Analytics and post-trade.", "Amazon Web Services", environment="Production")
eks = aws.deployment_node("EKS", "Post-trade services.", "Kubernetes")
for container in (positions, allocation, clearing_gw, reporting, surveillance, refdata, screen):
    eks.container_instance(container)

v = workspace.views
v.system_landscape(key="landscape")
v.system_context(tp, key="context")
v.container(tp, key="containers")
v.component(sor, key="router-components")
v.deployment("Production", tp, key="production")

life = v.dynamic(tp, key="order-life", title="A client order, from FIX to the books")
life.step(client, fix_gw, "Sends a buy order", "FIX 4.4")
life.step(fix_gw, oms, "Hands the order to")
life.step(oms, pretrade, "Checks limits")
life.step(oms, order_queue, "Queues the accepted order")
life.step(sor, order_queue, "Takes the order")
life.parallel(
    [(sor, venue_gws["LSE"], "Sends 60% to LSE"), (venue_gws["LSE"], venues["LSE"], "Enters the child order")],
    [(sor, venue_gws["Xetra"], "Sends 40% to Xetra"), (venue_gws["Xetra"], venues["Xetra"], "Enters the child order")],
)
life.step(venue_gws["LSE"], exec_topic, "Publishes the fill")
life.parallel(
    [(oms, exec_topic, "Fills the parent order")],
    [(positions, exec_topic, "Books the position")],
    [(clearing_gw, exec_topic, "Sends the trade for clearing"), (clearing_gw, clearing, "Submits")],
)
