"""Untuned benchmark model: the clinical platform of a regional hospital group.

Written from archkit's README alone, the way a hospital IT team would model its system on day one:
no layout hints, no separations, views as the builders give them. 32 containers in five groups
(channels, clinical services, integration, data, billing and reporting), eleven external systems on
every side (national patient index, e-prescriptions, insurers, a reference lab, imaging, bedside
devices, sign-in, messaging, payments, public-health reporting, video visits), seven kinds of
people. Unlike the other untuned models it has a component view of 18 components (the orders
service: controllers, safety checks, routers, clients) and deployment views of two environments
with nested nodes (data centre → OpenShift cluster → namespace → pod, beside a cloud cluster with
managed databases). ``benchmarks/layout.py`` measures it as part of the ``untuned`` corpus (issue 13).
"""

from archkit import Container, Workspace

workspace = Workspace(name="Hospital Clinical Platform", description="Registration, scheduling, orders, "
                      "results, medication and billing for the four hospitals of a regional group.")
m = workspace.model

patient = m.person("Patient", "Books appointments, reads results and pays bills online.", location="external")
nurse = m.person("Ward Nurse", "Charts vitals, gives medication and manages beds.")
physician = m.person("Physician", "Sees patients, writes notes and places orders.")
registrar = m.person("Front Desk Registrar", "Registers patients and books appointments.")
pharmacist = m.person("Pharmacist", "Verifies and dispenses medication orders.")
lab_tech = m.person("Lab Technician", "Receives specimens and releases results.")
billing_clerk = m.person("Billing Clerk", "Codes encounters and follows up denied claims.")

npi = m.software_system("National Patient Index", "Nationwide patient identities and consents.", location="external")
erx = m.software_system("e-Prescription Service", "The national electronic prescription exchange.",
                        location="external")
insurers = m.software_system("Insurer Clearinghouse", "Eligibility checks and claims for every insurer.",
                             location="external")
ref_lab = m.software_system("Reference Laboratory", "Specialised tests the hospital labs do not run.",
                            location="external")
pacs = m.software_system("PACS", "Stores and shows radiology images (vendor system).", location="external")
devices = m.software_system("Bedside Monitors", "Vital-sign monitors and infusion pumps on the wards.",
                            location="external")
idp = m.software_system("Hospital Identity Provider", "Staff sign-in with smart cards; patient sign-in.",
                        location="external")
messaging = m.software_system("SMS and Email Gateway", "Reminders and notifications.", location="external")
psp = m.software_system("Payment Provider", "Card and direct-debit payments of patient bills.", location="external")
registry = m.software_system("Public Health Registry", "Notifiable diseases and vaccination records.",
                             location="external")
video = m.software_system("Video Visit Service", "Telehealth video sessions.", location="external")

platform = m.software_system("Clinical Platform", "Runs the patient record, scheduling, orders, results, "
                             "medication and billing of the group's hospitals.")

channels = m.group("Channels", "Where patients and staff come in.")
clinical = m.group("Clinical Services", "The patient record and the care processes.")
integration = m.group("Integration", "Messages in and out of the hospital.")
data = m.group("Data", "Databases and stores of the services.")
billing = m.group("Billing and Reporting", "Revenue cycle, analytics and audit.")


def container(name: str, description: str, technology: str, group: str, tags: tuple[str, ...] = ()) -> Container:
    """A container of the clinical platform in ``group``."""
    return platform.container(name, description, technology, group=group, tags=list(tags))


portal = container("Patient Portal", "Appointments, results, messages and bills for patients.", "React",
                   channels.id)
app = container("Patient App", "The portal on phones, with push reminders.", "Flutter", channels.id)
workstation = container("Clinician Workstation", "Charts, order entry and worklists on the wards.",
                        "Angular, Electron", channels.id)
kiosk = container("Check-in Kiosk", "Self check-in at the hospital entrance.", "Kotlin, Android", channels.id)
gateway = container("API Gateway", "Authenticates and routes every API call.", "Kong", channels.id)

patients = container("Patient Registry", "Demographics, identifiers and consents; merges duplicates.",
                     "Java, Spring Boot", clinical.id)
scheduling = container("Scheduling Service", "Appointments, clinics and resources.", "Java, Spring Boot",
                       clinical.id)
encounters = container("Encounter Service", "Admissions, visits, transfers and discharges.", "Java, Spring Boot",
                       clinical.id)
orders = container("Orders Service", "Lab, imaging and medication orders with safety checks.", "Kotlin, Ktor",
                   clinical.id)
notes = container("Clinical Notes", "Structured and free-text notes, signed by clinicians.", "Node.js",
                  clinical.id)
medication = container("Medication Service", "Medication orders, verification and administration record.",
                       "Java, Spring Boot", clinical.id)
results = container("Results Service", "Lab and imaging results, critical-value alerts.", "Go", clinical.id)
beds = container("Bed Management", "Bed occupancy, cleaning and transfers.", "Python, Django", clinical.id)
vitals = container("Vitals Ingest", "Receives vitals from monitors and computes early-warning scores.",
                   "Go", clinical.id)
search = container("Chart Search", "Full-text search over a patient's chart.", "Python", clinical.id)

engine = container("Interface Engine", "HL7 v2 feeds to and from lab, imaging and pharmacy systems.",
                   "Mirth Connect", integration.id)
fhir = container("FHIR Server", "The patient record as FHIR R4 for apps and partners.", "HAPI FHIR",
                 integration.id)
device_gw = container("Device Gateway", "Collects monitor data at the bedside (IHE PCD).", "Capsule",
                      integration.id)
bus = container("Clinical Event Bus", "Admissions, orders, results and signed notes as events.", "Apache Kafka",
                integration.id, ("Queue",))
notifier = container("Notification Service", "Reminders, result notices and pages to on-call staff.",
                     "Node.js", integration.id)
claims_adapter = container("Claims Adapter", "X12 837/835 claims and remittances to the clearinghouse.",
                           "Java", integration.id)

patient_db = container("Patient Database", "Patients, identifiers, consents.", "PostgreSQL", data.id,
                       ("Database",))
schedule_db = container("Scheduling Database", "Slots and appointments.", "PostgreSQL", data.id, ("Database",))
clinical_db = container("Clinical Database", "Encounters, orders, medication and results.", "PostgreSQL", data.id,
                        ("Database",))
documents = container("Document Store", "Signed notes, scanned letters and consent forms.", "MongoDB", data.id,
                      ("Database",))
timeseries = container("Vitals Store", "Vital signs at one-minute resolution.", "TimescaleDB", data.id,
                       ("Database",))
index = container("Search Index", "Chart text indexed per patient.", "OpenSearch", data.id, ("Database",))

billing_svc = container("Billing Service", "Charges, coding, patient statements and payments.", "C#, .NET",
                        billing.id)
billing_db = container("Billing Database", "Charges, claims and payments.", "SQL Server", billing.id,
                       ("Database",))
warehouse = container("Clinical Data Warehouse", "Daily copy of the record for quality and research.",
                      "Snowflake", billing.id, ("Database",))
reporting = container("Quality Reporting", "Dashboards of readmissions, waiting times and infections.",
                      "Power BI", billing.id)
audit = container("Audit Trail", "Who opened which chart, when and why.", "Elasticsearch", billing.id,
                  ("Database",))

# People
patient.uses(portal, "Books visits and reads results in", "HTTPS")
patient.uses(app, "Gets reminders and checks in with", "iOS/Android")
patient.uses(kiosk, "Checks in at", "touch screen")
nurse.uses(workstation, "Charts vitals and medication in", "HTTPS")
physician.uses(workstation, "Writes notes and places orders in", "HTTPS")
physician.uses(video, "Holds telehealth visits in", "WebRTC")
registrar.uses(workstation, "Registers patients and books appointments in", "HTTPS")
pharmacist.uses(workstation, "Verifies medication orders in", "HTTPS")
lab_tech.uses(workstation, "Releases results in", "HTTPS")
billing_clerk.uses(billing_svc, "Codes encounters and works denials in", "HTTPS")
billing_clerk.uses(reporting, "Watches the revenue cycle in", "HTTPS")

# Channels
portal.uses(gateway, "Calls", "HTTPS/JSON")
app.uses(gateway, "Calls", "HTTPS/JSON")
kiosk.uses(gateway, "Checks patients in through", "HTTPS/JSON")
workstation.uses(gateway, "Calls", "HTTPS/JSON")
portal.uses(idp, "Signs patients in with", "OIDC")
workstation.uses(idp, "Signs staff in with", "SAML")
portal.uses(video, "Starts video visits in", "HTTPS")
gateway.uses(patients, "Routes patient calls to", "HTTPS")
gateway.uses(scheduling, "Routes appointment calls to", "HTTPS")
gateway.uses(encounters, "Routes visit calls to", "HTTPS")
gateway.uses(orders, "Routes order entry to", "HTTPS")
gateway.uses(notes, "Routes notes to", "HTTPS")
gateway.uses(results, "Routes result queries to", "HTTPS")
gateway.uses(medication, "Routes medication calls to", "HTTPS")
gateway.uses(beds, "Routes bed board calls to", "HTTPS")
gateway.uses(search, "Routes chart searches to", "HTTPS")
gateway.uses(billing_svc, "Routes bills and payments to", "HTTPS")
gateway.uses(fhir, "Routes FHIR requests to", "HTTPS")

# Clinical services
patients.uses(patient_db, "Reads and writes patients in", "JDBC")
patients.uses(npi, "Looks up national identifiers in", "HL7 FHIR")
patients.uses(bus, "Publishes PatientMerged to", "Kafka", interaction="async")
scheduling.uses(schedule_db, "Reads and writes appointments in", "JDBC")
scheduling.uses(patients, "Looks up patients in", "HTTPS")
scheduling.uses(bus, "Publishes AppointmentBooked to", "Kafka", interaction="async")
encounters.uses(clinical_db, "Reads and writes encounters in", "JDBC")
encounters.uses(patients, "Looks up patients in", "HTTPS")
encounters.uses(insurers, "Checks eligibility with", "X12 270/271")
encounters.uses(bus, "Publishes admissions and discharges to", "Kafka", interaction="async")
orders.uses(clinical_db, "Stores orders in", "JDBC")
orders.uses(medication, "Checks interactions and allergies with", "HTTPS")
orders.uses(engine, "Sends lab and imaging orders through", "HL7 v2 over MLLP")
orders.uses(bus, "Publishes OrderPlaced to", "Kafka", interaction="async")
notes.uses(documents, "Stores signed notes in", "MongoDB wire")
notes.uses(bus, "Publishes NoteSigned to", "Kafka", interaction="async")
medication.uses(clinical_db, "Reads and writes medication records in", "JDBC")
medication.uses(erx, "Sends discharge prescriptions to", "HL7 FHIR")
results.uses(clinical_db, "Stores results in", "JDBC")
results.uses(bus, "Publishes ResultFinal to", "Kafka", interaction="async")
results.uses(pacs, "Links images from", "DICOMweb")
beds.uses(bus, "Consumes admissions and discharges from", "Kafka")
beds.uses(clinical_db, "Reads and writes bed states in", "JDBC")
vitals.uses(timeseries, "Writes vitals to", "SQL")
vitals.uses(bus, "Publishes early-warning scores to", "Kafka", interaction="async")
search.uses(index, "Queries", "HTTPS")
search.uses(bus, "Indexes notes and results from", "Kafka")

# Integration
engine.uses(ref_lab, "Sends send-out orders to", "HL7 v2 over VPN")
ref_lab.uses(engine, "Returns results to", "HL7 v2 over VPN")
engine.uses(pacs, "Sends imaging orders to", "HL7 v2")
pacs.uses(engine, "Returns imaging reports to", "HL7 v2")
engine.uses(results, "Delivers lab and imaging results to", "HTTPS")
engine.uses(registry, "Reports notifiable diseases to", "HL7 v2")
devices.uses(device_gw, "Stream vitals to", "IEEE 11073")
device_gw.uses(vitals, "Forwards vitals to", "HL7 v2")
fhir.uses(patients, "Reads patients from", "HTTPS")
fhir.uses(results, "Reads results from", "HTTPS")
fhir.uses(medication, "Reads medication lists from", "HTTPS")
notifier.uses(bus, "Consumes appointments, results and scores from", "Kafka")
notifier.uses(messaging, "Sends reminders and notices through", "HTTPS")
notifier.uses(app, "Pushes notices to", "FCM/APNs")
claims_adapter.uses(insurers, "Submits claims to", "X12 837")
insurers.uses(claims_adapter, "Returns remittances to", "X12 835")
claims_adapter.uses(billing_svc, "Posts remittances to", "HTTPS")

# Billing and reporting
billing_svc.uses(billing_db, "Reads and writes charges in", "TDS")
billing_svc.uses(bus, "Consumes discharges and orders from", "Kafka")
billing_svc.uses(claims_adapter, "Sends claims through", "HTTPS")
billing_svc.uses(psp, "Takes payments with", "HTTPS/JSON")
warehouse.uses(bus, "Loads events from", "Kafka Connect")
warehouse.uses(billing_db, "Copies charges from", "ODBC")
reporting.uses(warehouse, "Queries", "SQL")
audit.uses(bus, "Stores access events from", "Kafka")
gateway.uses(bus, "Publishes chart-access events to", "Kafka", interaction="async")

# The orders service, component by component.
api = orders.component("Order Entry API", "Places, changes and cancels orders.", "Ktor routes")
order_sets = orders.component("Order Set API", "Applies a named bundle of orders at once.", "Ktor routes")
status_api = orders.component("Order Status API", "Worklists and status of open orders.", "Ktor routes")
authz = orders.component("Authorization Filter", "Checks the clinician's role and relationship to the patient.",
                         "Ktor plugin")
validator = orders.component("Order Validator", "Required fields, codes and priorities.", "Kotlin")
duplicate = orders.component("Duplicate Checker", "Finds the same test ordered within its window.", "Kotlin")
interactions = orders.component("Drug Interaction Check", "Asks the medication service about interactions.",
                                "Kotlin")
allergies = orders.component("Allergy Check", "Compares orders with the patient's recorded allergies.", "Kotlin")
cds = orders.component("Decision Support Client", "Calls CDS Hooks services on order-select and order-sign.",
                       "Kotlin, CDS Hooks")
repo = orders.component("Order Repository", "Orders and their state history.", "Exposed, JDBC")
patient_client = orders.component("Patient Client", "Demographics and allergies of the patient.", "Ktor client")
router = orders.component("Order Router", "Sends each order to the department that fills it.", "Kotlin")
lab_out = orders.component("Lab Order Sender", "Builds ORM^O01 messages for the lab.", "HAPI HL7v2")
imaging_out = orders.component("Imaging Order Sender", "Builds ORM^O01 messages for radiology.", "HAPI HL7v2")
pharmacy_out = orders.component("Pharmacy Order Sender", "Hands medication orders to the medication service.",
                                "Ktor client")
publisher = orders.component("Event Publisher", "Publishes OrderPlaced and OrderCancelled.", "Kafka producer")
listener = orders.component("Result Listener", "Closes orders when their final result arrives.",
                            "Kafka consumer")
audit_log = orders.component("Audit Logger", "Records who ordered what for whom.", "Kotlin")

gateway.uses(api, "Routes order entry to", "HTTPS")
gateway.uses(order_sets, "Routes order sets to", "HTTPS")
gateway.uses(status_api, "Routes worklists to", "HTTPS")
api.uses(authz, "Is guarded by", "Kotlin call")
order_sets.uses(authz, "Is guarded by", "Kotlin call")
status_api.uses(authz, "Is guarded by", "Kotlin call")
authz.uses(patient_client, "Checks the care relationship with", "Kotlin call")
api.uses(validator, "Validates with", "Kotlin call")
order_sets.uses(api, "Places each order of the set through", "Kotlin call")
validator.uses(duplicate, "Asks", "Kotlin call")
validator.uses(interactions, "Asks", "Kotlin call")
validator.uses(allergies, "Asks", "Kotlin call")
validator.uses(cds, "Asks", "Kotlin call")
allergies.uses(patient_client, "Reads allergies with", "Kotlin call")
interactions.uses(medication, "Checks interactions with", "HTTPS")
patient_client.uses(patients, "Reads the patient from", "HTTPS")
cds.uses(fhir, "Reads context for CDS services from", "HL7 FHIR")
duplicate.uses(repo, "Finds recent orders in", "Kotlin call")
api.uses(repo, "Stores orders in", "Kotlin call")
status_api.uses(repo, "Reads open orders from", "Kotlin call")
api.uses(router, "Routes signed orders with", "Kotlin call")
router.uses(lab_out, "Sends lab orders with", "Kotlin call")
router.uses(imaging_out, "Sends imaging orders with", "Kotlin call")
router.uses(pharmacy_out, "Sends medication orders with", "Kotlin call")
lab_out.uses(engine, "Sends ORM^O01 to", "HL7 v2 over MLLP")
imaging_out.uses(engine, "Sends ORM^O01 to", "HL7 v2 over MLLP")
pharmacy_out.uses(medication, "Creates medication orders in", "HTTPS")
router.uses(publisher, "Announces placed orders with", "Kotlin call")
publisher.uses(bus, "Publishes OrderPlaced to", "Kafka", interaction="async")
listener.uses(bus, "Consumes ResultFinal from", "Kafka")
listener.uses(repo, "Completes orders in", "Kotlin call")
repo.uses(clinical_db, "Reads and writes", "JDBC")
api.uses(audit_log, "Records orders with", "Kotlin call")
audit_log.uses(bus, "Publishes access events to", "Kafka", interaction="async")

# Production: the hospital's data centre runs the clinical core on OpenShift; patient-facing channels
# and analytics run in the cloud.
dc = m.deployment_node("Hospital Data Centre", "Two rooms, one campus.", "VMware vSphere", environment="Production")
firewall = dc.infrastructure_node("Perimeter Firewall", "Only the gateway and the VPNs are open.", "Palo Alto")
ocp = dc.deployment_node("OpenShift Cluster", "Clinical workloads.", "Red Hat OpenShift 4")
router_node = ocp.infrastructure_node("Ingress Router", "TLS termination for the cluster.", "HAProxy")
ns_edge = ocp.deployment_node("edge", "Namespace for the entry points.", "Kubernetes namespace")
ns_edge.deployment_node("api-gateway", "Gateway pods.", "Pod", instances=3).container_instance(gateway)
ns_clinical = ocp.deployment_node("clinical", "Namespace of the clinical services.", "Kubernetes namespace")
for service, count in ((patients, 3), (scheduling, 2), (encounters, 3), (orders, 3), (notes, 2), (medication, 3),
                       (results, 3), (beds, 2), (search, 2)):
    ns_clinical.deployment_node(service.name.lower().replace(" ", "-"), f"{service.name} pods.", "Pod",
                                instances=count).container_instance(service)
ns_integration = ocp.deployment_node("integration", "Namespace of the interfaces.", "Kubernetes namespace")
for service, count in ((engine, 2), (fhir, 2), (notifier, 2), (claims_adapter, 1), (vitals, 3)):
    ns_integration.deployment_node(service.name.lower().replace(" ", "-"), f"{service.name} pods.", "Pod",
                                   instances=count).container_instance(service)
ns_data = ocp.deployment_node("data", "Namespace of the operators and stateful sets.", "Kubernetes namespace")
ns_data.deployment_node("kafka", "Strimzi brokers.", "StatefulSet", instances=3).container_instance(bus)
ns_data.deployment_node("opensearch", "Search and audit clusters.", "StatefulSet", instances=3) \
    .container_instance(index)
ns_data.deployment_node("audit-opensearch", "Audit cluster.", "StatefulSet", instances=3).container_instance(audit)
db_servers = dc.deployment_node("Database Servers", "Bare-metal, synchronous replicas.", "Red Hat Enterprise Linux")
db_servers.deployment_node("Patroni Cluster", "Patients, scheduling and the clinical record.", "PostgreSQL 15",
                           instances=3).container_instance(patient_db)
db_servers.deployment_node("Scheduling Cluster", "Appointments.", "PostgreSQL 15", instances=2) \
    .container_instance(schedule_db)
db_servers.deployment_node("Clinical Cluster", "Encounters, orders, results.", "PostgreSQL 15", instances=3) \
    .container_instance(clinical_db)
db_servers.deployment_node("Document Replica Set", "Notes and scans.", "MongoDB 7", instances=3) \
    .container_instance(documents)
db_servers.deployment_node("Timescale Node", "Vitals.", "TimescaleDB").container_instance(timeseries)
ward = dc.deployment_node("Ward Network", "Isolated medical-device VLAN.", "VLAN 40")
ward.deployment_node("Device Gateway Appliance", "One per hospital.", "Capsule Neuron", instances=4) \
    .container_instance(device_gw)
ward.deployment_node("Bedside Monitors", "Per bed.", "Philips IntelliVue", instances="400..600") \
    .software_system_instance(devices)
ward.deployment_node("Nursing Workstations", "Wards and clinics.", "Windows 11", instances="1200") \
    .container_instance(workstation)
ward.deployment_node("Kiosks", "Hospital entrances.", "Android tablets", instances=16).container_instance(kiosk)

cloud = m.deployment_node("Azure West Europe", "Patient-facing channels and analytics.", "Microsoft Azure",
                          environment="Production")
front_door = cloud.infrastructure_node("Front Door", "CDN and web application firewall.", "Azure Front Door")
aks = cloud.deployment_node("AKS Cluster", "Patient-facing workloads.", "Azure Kubernetes Service")
ns_patient = aks.deployment_node("patient", "Namespace of the patient channels.", "Kubernetes namespace")
ns_patient.deployment_node("portal", "Static front end and its server.", "Pod", instances=2) \
    .container_instance(portal)
ns_billing = aks.deployment_node("billing", "Namespace of the revenue cycle.", "Kubernetes namespace")
ns_billing.deployment_node("billing-service", "Billing pods.", "Pod", instances=2).container_instance(billing_svc)
cloud.deployment_node("Azure SQL", "Billing database, zone-redundant.", "Azure SQL Database") \
    .container_instance(billing_db)
cloud.deployment_node("Snowflake", "Warehouse account in the same region.", "Snowflake").container_instance(warehouse)
cloud.deployment_node("Power BI Service", "Reports.", "Power BI Premium").container_instance(reporting)
stores = m.deployment_node("App Stores", "Where patients install the app.", "Apple App Store, Google Play",
                           environment="Production")
stores.deployment_node("Patients' Phones", "iOS and Android.", "Smartphone", instances="20000") \
    .container_instance(app)
front_door.uses(router_node, "Forwards API calls to", "HTTPS over ExpressRoute")
firewall.uses(router_node, "Lets API calls through to", "HTTPS")

# Staging: one small cluster in the data centre, managed databases in the cloud.
lab = m.deployment_node("Staging Data Centre", "Test rooms of the hospital data centre.", "VMware vSphere",
                        environment="Staging")
ocp_test = lab.deployment_node("OpenShift Test Cluster", "All services, one replica each.", "Red Hat OpenShift 4")
ns_all = ocp_test.deployment_node("clinical-staging", "One namespace for everything.", "Kubernetes namespace")
for service in (gateway, patients, scheduling, encounters, orders, notes, medication, results, beds, search, engine,
                fhir, notifier, claims_adapter, vitals, device_gw, billing_svc, portal):
    ns_all.deployment_node(service.name.lower().replace(" ", "-"), f"{service.name} pod.", "Pod") \
        .container_instance(service)
ns_state = ocp_test.deployment_node("state-staging", "Stateful sets of the test cluster.", "Kubernetes namespace")
for store in (bus, index, audit, timeseries, documents):
    ns_state.deployment_node(store.name.lower().replace(" ", "-"), f"{store.name}, one node.", "StatefulSet") \
        .container_instance(store)
test_cloud = m.deployment_node("Azure West Europe (test)", "Managed databases of staging.", "Microsoft Azure",
                               environment="Staging")
test_cloud.deployment_node("Azure Database for PostgreSQL", "Patients, scheduling and the clinical record.",
                           "PostgreSQL 15 Flexible Server").container_instance(patient_db)
test_cloud.deployment_node("Azure Database for PostgreSQL (scheduling)", "Appointments.",
                           "PostgreSQL 15 Flexible Server").container_instance(schedule_db)
test_cloud.deployment_node("Azure Database for PostgreSQL (clinical)", "Encounters, orders, results.",
                           "PostgreSQL 15 Flexible Server").container_instance(clinical_db)
test_cloud.deployment_node("Azure SQL", "Billing database.", "Azure SQL Database").container_instance(billing_db)

v = workspace.views
v.system_context(platform, key="context", title="Clinical Platform — System Context")
v.container(platform, key="containers", title="Clinical Platform — Containers")
v.component(orders, key="orders-components", title="Orders Service — Components")
v.deployment("Production", platform, key="production", title="Clinical Platform — Production")
v.deployment("Staging", platform, key="staging", title="Clinical Platform — Staging")

lab_order = v.dynamic(platform, key="lab-order", title="A physician orders a lab test and reads the result")
lab_order.step(physician, workstation, "Orders a potassium level", "HTTPS")
lab_order.step(workstation, gateway, "POST /orders", "HTTPS/JSON")
lab_order.step(gateway, orders, "Places the order", "HTTPS")
lab_order.parallel(
    [(orders, medication, "Checks interactions", "HTTPS")],
    [(orders, clinical_db, "Stores the order", "JDBC")],
)
lab_order.step(orders, engine, "Sends ORM^O01", "HL7 v2 over MLLP")
lab_order.step(engine, ref_lab, "Forwards the send-out order", "HL7 v2 over VPN")
lab_order.step(ref_lab, engine, "Returns ORU^R01", "HL7 v2 over VPN")
lab_order.step(engine, results, "Delivers the result", "HTTPS")
lab_order.step(results, bus, "Publishes ResultFinal", "Kafka")
lab_order.parallel(
    [(notifier, bus, "Consumes ResultFinal", "Kafka"), (notifier, app, "Tells the patient a result is ready")],
    [(search, bus, "Indexes the result", "Kafka")],
)
