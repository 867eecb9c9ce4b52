"""Untuned benchmark model: machine telemetry of a manufacturer's plants, an event-driven core.

Written from archkit's README alone, the way an industrial-IoT team would model its system on day
one: no layout hints, no separations, views as the builders give them. Five internal systems beside
the telemetry platform (MES, maintenance, quality, energy, the data platform) and five external ones
on a system landscape; the platform's 27 containers in five groups run from the shop floor (OPC UA
collectors, store-and-forward buffers on edge gateways) through an MQTT broker bridged into Kafka,
stream processors between topics and stores, to dashboards, a command path back to the machines
and work orders out to maintenance. Unlike ``ride_streaming.py`` the flow closes loops (alarms
become work orders that come back as machine states; setpoints go back down to the edge) and
events leave the platform into other internal systems, so the landscape and context views are
dense too. Three dynamic views follow an overheating spindle, a shift's OEE and a setpoint change.
``benchmarks/layout.py`` measures it as part of the ``untuned`` corpus (issue 13).
"""

from archkit import Container, Workspace

workspace = Workspace(name="Factory Telemetry", description="Machine data of six plants: collected at the edge, "
                      "streamed, analysed and acted on.")
m = workspace.model

operator = m.person("Machine Operator", "Runs a line and reacts to alarms on the HMI.")
technician = m.person("Maintenance Technician", "Fixes machines and closes work orders.")
engineer = m.person("Process Engineer", "Tunes setpoints and investigates quality drifts.")
manager = m.person("Plant Manager", "Follows OEE, scrap and energy per line and shift.")
scientist = m.person("Data Scientist", "Trains anomaly models on the history.")
vendor_engineer = m.person("Vendor Service Engineer", "Diagnoses the vendor's machines remotely.",
                           location="external")

machines = m.software_system("Machines and PLCs", "CNC centres, presses and robots with OPC UA or Modbus.",
                             location="external")
erp = m.software_system("SAP S/4HANA", "Orders, materials, plant maintenance master data.", location="external")
vendor_cloud = m.software_system("Vendor Remote Service", "Machine builders' remote diagnostics.",
                                 location="external")
energy_market = m.software_system("Energy Price Feed", "Day-ahead and intraday electricity prices.",
                                  location="external")
entra = m.software_system("Microsoft Entra ID", "Staff sign-in.", location="external")

mes = m.software_system("Manufacturing Execution System", "Production orders, routing and shift schedules.")
cmms = m.software_system("Maintenance Management", "Work orders, spare parts and maintenance plans (CMMS).")
qms = m.software_system("Quality Management", "Inspection plans, measurements and deviations.")
ems = m.software_system("Energy Management", "Metering and load shifting per plant.")
lakehouse = m.software_system("Data Platform", "The company lakehouse for analytics and ML.")
telemetry = m.software_system("Telemetry Platform", "Collects machine data at the edge, streams and analyses it, "
                              "raises alarms and sends setpoints back.")

workspace.arc42.system = telemetry.id

# The landscape, system to system.
operator.uses(telemetry, "Sees machine states and alarms on", "HTTPS")
technician.uses(cmms, "Works orders in", "HTTPS")
technician.uses(telemetry, "Checks machine history in", "HTTPS")
engineer.uses(telemetry, "Changes setpoints and studies trends in", "HTTPS")
engineer.uses(qms, "Reviews deviations in", "HTTPS")
manager.uses(telemetry, "Follows OEE in", "HTTPS")
manager.uses(ems, "Follows energy use in", "HTTPS")
scientist.uses(lakehouse, "Trains models in", "HTTPS")
vendor_engineer.uses(vendor_cloud, "Diagnoses machines with", "HTTPS")
vendor_cloud.uses(telemetry, "Reads machine data of its machines from", "HTTPS")
mes.uses(erp, "Gets production orders from", "RFC")
cmms.uses(erp, "Syncs equipment and spare parts with", "OData")
qms.uses(mes, "Reads production orders from", "REST")
ems.uses(energy_market, "Reads prices from", "HTTPS")
lakehouse.uses(erp, "Extracts orders and costs from", "SAP ODP")
lakehouse.uses(mes, "Extracts production records from", "JDBC")

edge = m.group("Edge", "Runs on gateways in each plant.")
messaging = m.group("Messaging", "The broker and the topics every service talks through.")
processing = m.group("Stream Processing", "Consumers that turn events into other events.")
stores = m.group("Stores", "History, state and models.")
apps = m.group("Applications", "What people and other systems use.")


def container(name: str, description: str, technology: str, group: str, tags: tuple[str, ...] = ()) -> Container:
    """A container of the telemetry platform in ``group``."""
    return telemetry.container(name, description, technology, group=group, tags=list(tags))


collector = container("OPC UA Collector", "Subscribes to machine tags and publishes value changes.", "Go",
                      edge.id)
modbus = container("Modbus Poller", "Polls older machines every second.", "Python", edge.id)
buffer = container("Edge Buffer", "Store-and-forward while the plant link is down.", "SQLite", edge.id,
                   ("Database",))
edge_agent = container("Edge Agent", "Deploys and watches the edge containers.", "Azure IoT Edge", edge.id)
writer = container("Setpoint Writer", "Writes approved setpoints to the PLC.", "Go", edge.id)

broker = container("MQTT Broker", "Sparkplug B topics per plant, line and machine.", "HiveMQ", messaging.id,
                   ("Queue",))
bridge = container("MQTT-Kafka Bridge", "Moves Sparkplug messages into Kafka and commands back.",
                   "HiveMQ Kafka Extension", messaging.id)
raw = container("raw-telemetry", "Sparkplug payloads as received.", "Kafka topic", messaging.id, ("Queue",))
normalized = container("machine-signals", "Signals with units, asset ids and quality flags.", "Kafka topic",
                       messaging.id, ("Queue",))
states = container("machine-states", "Running, idle, down and the reason, per machine.", "Kafka topic",
                   messaging.id, ("Queue",))
alarms_topic = container("alarms", "Raised, acknowledged and cleared alarms.", "Kafka topic", messaging.id,
                         ("Queue",))
commands = container("machine-commands", "Approved setpoints and acknowledgements.", "Kafka topic", messaging.id,
                     ("Queue",))

normalizer = container("Signal Normalizer", "Decodes Sparkplug, maps tags to assets, converts units.",
                       "Kafka Streams", processing.id)
state_machine = container("State Detector", "Derives machine states from signals and operator input.",
                          "Kafka Streams", processing.id)
anomaly = container("Anomaly Detector", "Scores vibration and temperature against trained models.",
                    "Python, Faust", processing.id)
alarm_mgr = container("Alarm Manager", "Raises, deduplicates and escalates alarms.", "Java, Spring Boot",
                      processing.id)
oee = container("OEE Calculator", "Availability, performance and quality per shift.", "Apache Flink",
                processing.id)
work_orders = container("Work Order Connector", "Turns escalated alarms into CMMS work orders.", "Java",
                        processing.id)
lake_sink = container("Lake Sink", "Writes signals and states to the data platform.", "Kafka Connect",
                      processing.id)

historian = container("Time-Series Historian", "Signals at full resolution for 2 years.", "InfluxDB", stores.id,
                      ("Database",))
assets = container("Asset Registry", "Plants, lines, machines and their tags.", "PostgreSQL", stores.id,
                   ("Database",))
model_registry = container("Model Registry", "Anomaly models and their versions.", "MLflow", stores.id)
twin = container("Digital Twin Store", "Latest state of every machine.", "Redis", stores.id, ("Database",))

hmi = container("Line HMI", "Machine states, alarms and trends on the shop floor.", "React", apps.id)
api = container("Telemetry API", "Signals, states and OEE for apps and partners.", "Kotlin, Spring Boot",
                apps.id)
setpoints = container("Setpoint Service", "Setpoint changes with four-eyes approval.", "Kotlin, Spring Boot",
                      apps.id)
dashboards = container("OEE Dashboards", "OEE, scrap and downtime reasons per shift.", "Grafana", apps.id)

# Edge
machines.uses(collector, "Publishes tag changes to", "OPC UA")
modbus.uses(machines, "Polls registers of", "Modbus TCP")
collector.uses(buffer, "Buffers readings in", "SQL")
modbus.uses(buffer, "Buffers readings in", "SQL")
buffer.uses(broker, "Forwards readings to", "MQTT, Sparkplug B", interaction="async")
edge_agent.uses(collector, "Deploys and restarts", "Docker API")
edge_agent.uses(modbus, "Deploys and restarts", "Docker API")
edge_agent.uses(writer, "Deploys and restarts", "Docker API")
edge_agent.uses(assets, "Downloads tag lists from", "HTTPS")
broker.uses(writer, "Delivers approved setpoints to", "MQTT")
writer.uses(machines, "Writes setpoints to", "OPC UA")
writer.uses(broker, "Acknowledges writes on", "MQTT", interaction="async")

# Messaging
bridge.uses(broker, "Subscribes to spBv1.0/# on", "MQTT")
bridge.uses(raw, "Produces payloads to", "Kafka", interaction="async")
bridge.uses(commands, "Consumes approved setpoints from", "Kafka")
bridge.uses(broker, "Publishes commands to", "MQTT", interaction="async")

# Stream processing
normalizer.uses(raw, "Consumes", "Kafka")
normalizer.uses(assets, "Maps tags to assets with", "JDBC")
normalizer.uses(normalized, "Produces signals to", "Kafka", interaction="async")
state_machine.uses(normalized, "Consumes signals from", "Kafka")
state_machine.uses(states, "Produces states to", "Kafka", interaction="async")
state_machine.uses(twin, "Updates machine states in", "RESP")
anomaly.uses(normalized, "Consumes vibration and temperature from", "Kafka")
anomaly.uses(model_registry, "Loads models from", "HTTPS")
anomaly.uses(alarms_topic, "Raises anomaly alarms on", "Kafka", interaction="async")
alarm_mgr.uses(normalized, "Checks limits on", "Kafka")
alarm_mgr.uses(states, "Suppresses alarms of stopped machines with", "Kafka")
alarm_mgr.uses(alarms_topic, "Raises and escalates alarms on", "Kafka", interaction="async")
alarm_mgr.uses(twin, "Marks alarms on machines in", "RESP")
oee.uses(states, "Consumes states from", "Kafka")
oee.uses(mes, "Reads shift plans and ideal cycle times from", "REST")
oee.uses(qms, "Reads scrap counts from", "REST")
oee.uses(historian, "Writes OEE per shift to", "Line protocol")
work_orders.uses(alarms_topic, "Consumes escalated alarms from", "Kafka")
work_orders.uses(cmms, "Opens work orders in", "REST")
cmms.uses(work_orders, "Reports work-order status to", "Webhook")
work_orders.uses(states, "Produces maintenance states to", "Kafka", interaction="async")
lake_sink.uses(normalized, "Consumes", "Kafka")
lake_sink.uses(states, "Consumes", "Kafka")
lake_sink.uses(lakehouse, "Writes Delta tables to", "ABFS")
historian.uses(normalized, "Ingests signals from", "Telegraf, Kafka")
lakehouse.uses(model_registry, "Registers trained models in", "HTTPS")
ems.uses(normalized, "Reads energy meters from", "Kafka")

# Applications
hmi.uses(api, "Reads states, alarms and trends from", "HTTPS, WebSocket")
hmi.uses(entra, "Signs operators in with", "OIDC")
hmi.uses(setpoints, "Requests setpoint changes from", "HTTPS")
api.uses(twin, "Reads machine states from", "RESP")
api.uses(historian, "Queries trends from", "Flux")
api.uses(alarms_topic, "Streams alarms from", "Kafka")
api.uses(assets, "Reads the asset tree from", "JDBC")
setpoints.uses(assets, "Checks setpoint limits in", "JDBC")
setpoints.uses(commands, "Produces approved setpoints to", "Kafka", interaction="async")
setpoints.uses(entra, "Checks the approver's role in", "Microsoft Graph")
dashboards.uses(historian, "Queries OEE from", "Flux")
dashboards.uses(api, "Reads downtime reasons from", "HTTPS")
vendor_cloud.uses(api, "Reads signals of its machines from", "HTTPS")
qms.uses(api, "Reads process signals of a batch from", "HTTPS")
operator.uses(hmi, "Acknowledges alarms and enters downtime reasons on", "touch screen")
technician.uses(hmi, "Checks machine history on", "tablet")
engineer.uses(hmi, "Changes setpoints and studies trends on", "HTTPS")
manager.uses(dashboards, "Follows OEE on", "HTTPS")
alarm_mgr.uses(operator, "Sounds alarms for", "andon light")

# Deployment: a gateway per line in each plant, the core in one cloud region.
plant = m.deployment_node("Plant", "One of six plants.", "Factory network", environment="Production", instances=6)
line = plant.deployment_node("Line Gateway", "An industrial PC per line.", "Siemens IPC, Ubuntu Core",
                             instances="4..12")
line.deployment_node("IoT Edge Runtime", "Containers on the gateway.", "Azure IoT Edge") \
    .container_instance(edge_agent)
for edge_container in (collector, modbus, buffer, writer):
    line.container_instance(edge_container)
plant.deployment_node("Shop-floor Panels", "Touch panels at the lines.", "Chromium kiosk", instances="10..40") \
    .container_instance(hmi)
plant.deployment_node("Machines", "Machines with controllers.", "PLCs", instances="20..200") \
    .software_system_instance(machines)
azure = m.deployment_node("Azure North Europe", "The telemetry core.", "Microsoft Azure", environment="Production")
aks = azure.deployment_node("AKS", "Core services.", "Azure Kubernetes Service")
messaging_ns = aks.deployment_node("messaging", "Broker and bridge.", "Kubernetes namespace")
messaging_ns.deployment_node("hivemq", "Broker cluster.", "StatefulSet", instances=3).container_instance(broker)
messaging_ns.deployment_node("bridge", "Bridge pods.", "Pod", instances=2).container_instance(bridge)
streams_ns = aks.deployment_node("streams", "Stream processors.", "Kubernetes namespace")
for proc in (normalizer, state_machine, anomaly, alarm_mgr, oee, work_orders, lake_sink):
    streams_ns.deployment_node(proc.name.lower().replace(" ", "-"), f"{proc.name} pods.", "Pod", instances=2) \
        .container_instance(proc)
apps_ns = aks.deployment_node("apps", "APIs and front ends.", "Kubernetes namespace")
for app in (api, setpoints, dashboards):
    apps_ns.deployment_node(app.name.lower().replace(" ", "-"), f"{app.name} pods.", "Pod", instances=2) \
        .container_instance(app)
confluent = azure.deployment_node("Confluent Cloud", "Dedicated cluster.", "Confluent Cloud")
for topic in (raw, normalized, states, alarms_topic, commands):
    confluent.container_instance(topic)
azure.deployment_node("InfluxDB Cloud", "Dedicated.", "InfluxDB Cloud").container_instance(historian)
azure.deployment_node("Azure Database for PostgreSQL", "Asset registry.", "PostgreSQL 16").container_instance(assets)
azure.deployment_node("Azure Cache for Redis", "Digital twin.", "Redis Enterprise").container_instance(twin)
azure.deployment_node("Azure Machine Learning", "Model registry.", "MLflow").container_instance(model_registry)

v = workspace.views
v.system_landscape(key="landscape", title="Manufacturing IT — System Landscape")
v.system_context(telemetry, key="context", title="Telemetry Platform — System Context")
v.container(telemetry, key="containers", title="Telemetry Platform — Containers")
v.deployment("Production", telemetry, key="production", title="Telemetry Platform — Production")

overheat = v.dynamic(telemetry, key="spindle-overheats", title="A spindle overheats and a work order is opened")
overheat.step(machines, collector, "Spindle temperature 78 °C", "OPC UA")
overheat.step(collector, buffer, "Buffers the reading", "SQL")
overheat.step(buffer, broker, "Publishes NDATA", "MQTT, Sparkplug B")
overheat.step(bridge, broker, "Receives the message", "MQTT")
overheat.step(bridge, raw, "Produces the payload", "Kafka")
overheat.step(normalizer, raw, "Consumes the payload", "Kafka")
overheat.step(normalizer, normalized, "Produces spindle.temperature in °C", "Kafka")
overheat.parallel(
    [(alarm_mgr, normalized, "Sees the limit exceeded", "Kafka"),
     (alarm_mgr, alarms_topic, "Raises HIGH_SPINDLE_TEMP", "Kafka"),
     (alarm_mgr, operator, "Turns the andon light red", "andon light")],
    [(anomaly, normalized, "Scores the trend", "Kafka"),
     (anomaly, alarms_topic, "Raises a bearing-wear anomaly", "Kafka")],
)
overheat.step(work_orders, alarms_topic, "Consumes the escalated alarm", "Kafka")
overheat.step(work_orders, cmms, "Opens a corrective work order", "REST")
overheat.step(cmms, work_orders, "Reports the order in progress", "Webhook")
overheat.step(work_orders, states, "Marks the machine down for maintenance", "Kafka")

shift = v.dynamic(telemetry, key="shift-oee", title="OEE of a shift")
shift.step(state_machine, normalized, "Consumes spindle load and cycle signals", "Kafka")
shift.step(state_machine, states, "Produces RUNNING, IDLE and DOWN periods", "Kafka")
shift.step(oee, states, "Consumes the periods of the shift", "Kafka")
shift.parallel(
    [(oee, mes, "Reads the shift plan and ideal cycle times", "REST")],
    [(oee, qms, "Reads the scrap count", "REST")],
)
shift.step(oee, historian, "Writes OEE 71 % for line 4", "Line protocol")
shift.step(dashboards, historian, "Queries the shift's OEE", "Flux")
shift.step(manager, dashboards, "Reviews the shift", "HTTPS")

setpoint = v.dynamic(telemetry, key="setpoint-change", title="An engineer changes a setpoint")
setpoint.step(engineer, hmi, "Raises the feed rate by 5 %", "HTTPS")
setpoint.step(hmi, setpoints, "Requests the change", "HTTPS")
setpoint.step(setpoints, assets, "Checks the limits of the tag", "JDBC")
setpoint.step(setpoints, entra, "Checks the second approver's role", "Microsoft Graph")
setpoint.step(setpoints, commands, "Produces the approved setpoint", "Kafka")
setpoint.step(bridge, commands, "Consumes the setpoint", "Kafka")
setpoint.step(bridge, broker, "Publishes NCMD", "MQTT")
setpoint.step(broker, writer, "Delivers the command", "MQTT")
setpoint.step(writer, machines, "Writes the feed rate", "OPC UA")
setpoint.step(writer, broker, "Acknowledges the write", "MQTT")
