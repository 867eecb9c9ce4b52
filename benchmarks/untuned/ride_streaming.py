"""Untuned benchmark model: the event-streaming core of a ride-hailing service.

Written from archkit's README alone, the way a data-platform team would model its system on day
one: no layout hints, no separations, views as the builders give them. Producers (rider and driver
apps, the trip service), Kafka topics modelled as containers (as teams do to show who writes and
who reads each one), Flink stream processors between topics, stores the processors keep their
state and results in, dashboards on top; 25 containers in four groups, external systems for maps,
payments and push messages, and dynamic views of the two main flows. Unlike ``log_pipeline.py`` it
is a mesh: most processors read two topics and write a third. ``benchmarks/layout.py`` measures
it as part of the ``untuned`` corpus (issue 13).
"""

from archkit import Workspace

workspace = Workspace(name="Ride Streaming", description="Real-time matching, pricing and tracking of rides.")
m = workspace.model

rider = m.person("Rider", "Requests rides and follows the driver on the map.")
driver = m.person("Driver", "Accepts trips and drives riders.")
city_ops = m.person("City Operations", "Watches supply and demand of a city and sets surge caps.")
analyst = m.person("Data Analyst", "Explores trips, prices and ETAs after the fact.")

maps = m.software_system("Maps Provider", "Road graph, routing and traffic.", location="external")
psp = m.software_system("Payment Service Provider", "Charges riders and pays drivers out.", location="external")
push = m.software_system("Push Service", "APNs and Firebase Cloud Messaging.", location="external")
weather = m.software_system("Weather Feed", "Rain and temperature per city, every 5 minutes.",
                            location="external")

platform = m.software_system("Ride Platform", "Matches riders with drivers, prices trips and tracks them live.")

producers = m.group("Producers", "Apps and services that emit events.")
topics = m.group("Kafka Topics", "One Kafka cluster, a topic per event stream.")
processors = m.group("Stream Processing", "Flink jobs and streaming services.")
serving = m.group("Stores and Serving", "State, results and what reads them.")

rider_app = platform.container("Rider App", "Requests rides, shows the car on the map.", "Swift, Kotlin",
                               group=producers.id)
driver_app = platform.container("Driver App", "Sends GPS every 4 seconds; accepts offers.", "Kotlin, Swift",
                                group=producers.id)
edge = platform.container("Edge Gateway", "WebSocket and HTTPS entry for both apps.", "Go, Envoy",
                          group=producers.id)
trip_service = platform.container("Trip Service", "Owns a trip from request to payment.", "Java, Spring Boot",
                                  group=producers.id)


locations = platform.container("driver-locations", "GPS points of online drivers, keyed by driver.",
                               "Kafka topic", tags=["Queue"], group=topics.id)
requests = platform.container("ride-requests", "Ride requests with pick-up, drop-off and product.",
                              "Kafka topic", tags=["Queue"], group=topics.id)
offers = platform.container("dispatch-offers", "Offers sent to drivers and their answers.", "Kafka topic",
                            tags=["Queue"], group=topics.id)
trip_events = platform.container("trip-events", "Trip lifecycle: matched, arrived, started, completed.",
                                 "Kafka topic", tags=["Queue"], group=topics.id)
surge = platform.container("surge-multipliers", "Price multiplier per hexagon, every 30 seconds.",
                           "Kafka topic", tags=["Queue"], group=topics.id)
etas = platform.container("eta-updates", "Predicted pick-up and arrival times per trip.", "Kafka topic",
                          tags=["Queue"], group=topics.id)

ingest = platform.container("Location Ingest", "Validates, snaps to roads and deduplicates GPS points.",
                            "Flink", group=processors.id)
supply_demand = platform.container("Supply/Demand Aggregator", "Open requests and free drivers per H3 "
                                   "hexagon, 1-minute windows.", "Flink", group=processors.id)
pricing = platform.container("Surge Pricing", "Turns supply, demand and weather into multipliers.",
                             "Flink, Python UDFs", group=processors.id)
matching = platform.container("Matching Engine", "Batches requests every 2 s and assigns drivers.",
                              "Go", group=processors.id)
eta = platform.container("ETA Predictor", "Predicts ETAs from the route and live traffic.",
                         "Flink, XGBoost", group=processors.id)
fraud = platform.container("Trip Fraud Detector", "Flags GPS spoofing and collusion patterns.", "Flink CEP",
                           group=processors.id)
sink = platform.container("Lake Sink", "Writes every topic to the lake, hourly partitions.", "Kafka Connect",
                          group=processors.id)

geo_index = platform.container("Driver Geo Index", "Latest position of every online driver by hexagon.",
                               "Redis", tags=["Database"], group=serving.id)
trip_store = platform.container("Trip Store", "Trips and their state history.", "Cassandra", tags=["Database"],
                                group=serving.id)
features = platform.container("Feature Store", "Online features for pricing, ETA and fraud models.",
                              "Feast on Redis", tags=["Database"], group=serving.id)
lake = platform.container("Data Lake", "Raw and curated events.", "S3, Iceberg", tags=["Database"],
                          group=serving.id)
olap = platform.container("Realtime OLAP", "Trips and prices queryable within seconds.", "Apache Pinot",
                          tags=["Database"], group=serving.id)
ops_dashboard = platform.container("City Ops Dashboard", "Live heat maps of supply, demand and surge.",
                                   "Grafana", group=serving.id)
bi = platform.container("BI Workbench", "Ad-hoc queries and reports.", "Apache Superset", group=serving.id)
notifier = platform.container("Rider Notifier", "Pushes ETA and trip updates to riders.", "Node.js",
                              group=serving.id)

rider.uses(rider_app, "Requests rides with", "iOS/Android")
driver.uses(driver_app, "Drives with", "iOS/Android")
city_ops.uses(ops_dashboard, "Watches cities on", "HTTPS")
analyst.uses(bi, "Explores trips with", "HTTPS")
rider_app.uses(edge, "Sends ride requests to", "HTTPS")
driver_app.uses(edge, "Streams GPS and answers offers through", "WebSocket")
edge.uses(trip_service, "Forwards ride requests to", "gRPC")
edge.uses(locations, "Produces GPS points to", "Kafka", interaction="async")
edge.uses(offers, "Produces offer answers to", "Kafka", interaction="async")
edge.uses(offers, "Pushes offers to drivers from", "Kafka")
trip_service.uses(requests, "Produces ride requests to", "Kafka", interaction="async")
trip_service.uses(trip_events, "Produces trip events to", "Kafka", interaction="async")
trip_service.uses(trip_store, "Stores trips in", "CQL")
trip_service.uses(psp, "Charges the rider with", "HTTPS/JSON")
trip_service.uses(surge, "Reads the current multiplier from", "Kafka")

ingest.uses(locations, "Consumes GPS points from", "Kafka")
ingest.uses(maps, "Snaps points to roads with", "HTTPS")
ingest.uses(geo_index, "Updates driver positions in", "RESP")
supply_demand.uses(locations, "Counts free drivers from", "Kafka")
supply_demand.uses(requests, "Counts open requests from", "Kafka")
supply_demand.uses(features, "Writes hexagon features to", "gRPC")
pricing.uses(features, "Reads hexagon features from", "gRPC")
pricing.uses(weather, "Reads rain and temperature from", "HTTPS")
pricing.uses(surge, "Produces multipliers to", "Kafka", interaction="async")
matching.uses(requests, "Consumes ride requests from", "Kafka")
matching.uses(geo_index, "Finds nearby drivers in", "RESP")
matching.uses(eta, "Asks pick-up ETAs from", "gRPC")
matching.uses(offers, "Produces offers to", "Kafka", interaction="async")
matching.uses(offers, "Consumes driver answers from", "Kafka")
matching.uses(trip_events, "Produces TripMatched to", "Kafka", interaction="async")
eta.uses(trip_events, "Consumes trip events from", "Kafka")
eta.uses(maps, "Routes with live traffic from", "HTTPS")
eta.uses(features, "Reads traffic features from", "gRPC")
eta.uses(etas, "Produces ETA updates to", "Kafka", interaction="async")
fraud.uses(trip_events, "Consumes trip events from", "Kafka")
fraud.uses(locations, "Consumes GPS points from", "Kafka")
fraud.uses(trip_service, "Flags suspicious trips in", "gRPC")
sink.uses(locations, "Consumes", "Kafka")
sink.uses(trip_events, "Consumes", "Kafka")
sink.uses(surge, "Consumes", "Kafka")
sink.uses(lake, "Writes Parquet files to", "S3 API")
olap.uses(trip_events, "Ingests trip events from", "Kafka")
olap.uses(surge, "Ingests multipliers from", "Kafka")
ops_dashboard.uses(olap, "Queries", "SQL")
ops_dashboard.uses(geo_index, "Reads live driver positions from", "RESP")
bi.uses(lake, "Queries", "Trino SQL")
bi.uses(olap, "Queries", "SQL")
notifier.uses(etas, "Consumes ETA updates from", "Kafka")
notifier.uses(trip_events, "Consumes trip events from", "Kafka")
notifier.uses(push, "Pushes messages through", "HTTPS")
push.uses(rider, "Notifies")

v = workspace.views
v.system_context(platform, key="context", title="Ride Platform — System Context")
v.container(platform, key="containers", title="Ride Platform — Containers")

request = v.dynamic(platform, key="request-ride", title="A rider requests a ride")
request.step(rider, rider_app, "Requests a ride", "iOS/Android")
request.step(rider_app, edge, "POST /rides", "HTTPS")
request.step(edge, trip_service, "Creates the trip", "gRPC")
request.step(trip_service, requests, "Produces RideRequested", "Kafka")
request.parallel(
    [(matching, requests, "Consumes RideRequested", "Kafka"),
     (matching, geo_index, "Finds 8 nearby drivers", "RESP"),
     (matching, eta, "Ranks them by pick-up ETA", "gRPC"),
     (matching, offers, "Offers the trip to the best driver", "Kafka")],
    [(supply_demand, requests, "Counts the request in its hexagon", "Kafka")],
)
request.step(edge, offers, "Pushes the offer to the driver", "Kafka")
request.step(driver_app, edge, "Accepts the offer", "WebSocket")
request.step(edge, offers, "Produces OfferAccepted", "Kafka")
request.step(matching, offers, "Consumes OfferAccepted", "Kafka")
request.step(matching, trip_events, "Produces TripMatched", "Kafka")
request.parallel(
    [(eta, trip_events, "Consumes TripMatched", "Kafka"), (eta, etas, "Produces the pick-up ETA", "Kafka"),
     (notifier, etas, "Consumes the ETA", "Kafka"), (notifier, push, "Tells the rider who is coming", "HTTPS")],
    [(olap, trip_events, "Ingests TripMatched", "Kafka")],
)

surge_flow = v.dynamic(platform, key="surge", title="From GPS points to a surge price")
surge_flow.step(driver_app, edge, "Streams a GPS point", "WebSocket")
surge_flow.step(edge, locations, "Produces the point", "Kafka")
surge_flow.parallel(
    [(ingest, locations, "Consumes the point", "Kafka"), (ingest, maps, "Snaps it to the road", "HTTPS"),
     (ingest, geo_index, "Moves the driver", "RESP")],
    [(supply_demand, locations, "Counts the driver as free", "Kafka"),
     (supply_demand, features, "Writes supply and demand of the hexagon", "gRPC")],
)
surge_flow.step(pricing, features, "Reads supply and demand", "gRPC")
surge_flow.step(pricing, weather, "Reads the rain", "HTTPS")
surge_flow.step(pricing, surge, "Produces a 1.4x multiplier", "Kafka")
surge_flow.parallel(
    [(olap, surge, "Ingests the multiplier", "Kafka"), (ops_dashboard, olap, "Shows it on the heat map", "SQL")],
    [(trip_service, surge, "Prices the next request with it", "Kafka")],
)
