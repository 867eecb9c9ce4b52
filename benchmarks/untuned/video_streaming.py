"""Video streaming platform: a subscription video-on-demand service.

Studios deliver masters, a transcoding farm turns them into adaptive-bitrate renditions, a
packager encrypts them for three DRM systems, and a CDN serves the segments to players in two
regions. Around that: a catalogue, search and recommendations, playback sessions with
concurrent-stream limits, a DRM licence server, subscriptions and billing.

Written by a new user from README.md alone (session 29, h/qa17); not tuned for the layout.
"""

from archkit import Workspace

workspace = Workspace(
    name="Video Streaming Platform",
    description="Subscription video on demand: ingest, transcoding, catalogue, playback, DRM and billing.",
)
m = workspace.model

# --- people -------------------------------------------------------------------------------------
viewer = m.person("Viewer", "A subscriber who browses and watches films and series.", location="external")
editor = m.person("Content Editor", "Curates the catalogue: metadata, artwork, availability windows.")
support = m.person("Support Agent", "Answers subscribers: playback problems, refunds, account issues.")

# --- external systems ---------------------------------------------------------------------------
studio = m.software_system(
    "Studio Delivery", "Content partners' delivery systems: mezzanine masters and metadata (IMF packages).",
    location="external",
)
cdn = m.software_system(
    "CDN", "Commercial content delivery network caching video segments and artwork at the edge.",
    location="external",
)
payments = m.software_system("Payment Provider", "Cards, wallets and recurring charges.", location="external")
idp = m.software_system("Identity Provider", "Sign-in, social login and device pairing (OIDC).",
                        location="external")
keys = m.software_system(
    "Multi-DRM Key Service", "Widevine, FairPlay and PlayReady key servers of the DRM vendors.",
    location="external",
)
mail = m.software_system("Messaging Service", "E-mail and push notifications.", location="external")
metadata = m.software_system("Metadata Provider", "Third-party synopses, cast and ratings (Gracenote).",
                             location="external")

# --- the platform -------------------------------------------------------------------------------
platform = m.software_system(
    "Streaming Platform", "Ingests, prepares, catalogues and plays video for subscribers.", id="vod",
)

media = m.group("Media Pipeline", "From the studio's master to encrypted, packaged renditions.")
discovery = m.group("Discovery", "What there is to watch and what each viewer should watch next.")
playback_group = m.group("Playback and Accounts", "Sessions, licences, entitlements and money.")

# clients and edges
player = platform.container(
    "Player Apps", "Web, TV and mobile players: browse, play, resume.", "TypeScript, Kotlin, Swift",
    id="vod.player",
)
gateway = platform.container(
    "API Gateway", "One entry point for the apps: authentication, rate limits, routing.", "Envoy",
    id="vod.gateway",
)
backoffice = platform.container(
    "Back Office", "Web app for editors and support agents.", "Python, Django", id="vod.backoffice",
)

# media pipeline
ingest = platform.container(
    "Ingest Service", "Receives IMF packages, checks them and registers the assets.", "Go",
    id="vod.ingest", group=media,
)
jobs = platform.container(
    "Transcode Jobs", "Queue of transcoding and packaging jobs.", "Apache Kafka",
    id="vod.jobs", group=media, tags=["Queue"],
)
orchestrator = platform.container(
    "Transcode Orchestrator", "Splits a title into chunks, schedules them, retries failed chunks.",
    "Python, Temporal", id="vod.orchestrator", group=media,
)
farm = platform.container(
    "Transcoder Farm", "Spot GPU workers encoding the adaptive-bitrate ladder (H.264, HEVC, AV1).",
    "FFmpeg on Kubernetes", id="vod.farm", group=media,
)
packager = platform.container(
    "Packager", "Packages renditions as CMAF for HLS and DASH and encrypts them (CENC).", "Shaka Packager",
    id="vod.packager", group=media,
)
origin = platform.container(
    "Origin Store", "Masters, renditions and packaged segments; the CDN's origin.", "Amazon S3",
    id="vod.origin", group=media, tags=["Database"],
)

# discovery
catalogue = platform.container(
    "Catalogue Service", "Titles, seasons, episodes, artwork, rights windows per territory.", "Java, Spring Boot",
    id="vod.catalogue", group=discovery,
)
catalogue_db = platform.container(
    "Catalogue Database", "The catalogue of record.", "PostgreSQL",
    id="vod.catalogue-db", group=discovery, tags=["Database"],
)
search = platform.container(
    "Search Index", "Full-text and faceted search over the catalogue.", "Elasticsearch",
    id="vod.search", group=discovery, tags=["Database"],
)
recommender = platform.container(
    "Recommendation Service", "Ranks rows of titles for each viewer from viewing history.", "Python, PyTorch",
    id="vod.recommender", group=discovery,
)
events = platform.container(
    "Viewing Events", "Stream of play, pause, seek and finish events.", "Apache Kafka",
    id="vod.events", group=discovery, tags=["Queue"],
)

# playback and accounts
playback = platform.container(
    "Playback Service", "Starts playback sessions: manifest URL, stream limits, resume position.", "Go",
    id="vod.playback", group=playback_group,
)
sessions = platform.container(
    "Session Store", "Active playback sessions and heartbeats per account.", "Redis",
    id="vod.sessions", group=playback_group, tags=["Database"],
)
licences = platform.container(
    "DRM Licence Server", "Issues content licences after checking the session and the entitlement.",
    "Rust", id="vod.licences", group=playback_group,
)
accounts = platform.container(
    "Account Service", "Subscribers, profiles, devices, plans and entitlements.", "Java, Spring Boot",
    id="vod.accounts", group=playback_group,
)
billing = platform.container(
    "Billing Service", "Subscriptions, renewals, dunning and invoices.", "Kotlin",
    id="vod.billing", group=playback_group,
)
accounts_db = platform.container(
    "Accounts Database", "Subscribers, plans, entitlements and invoices.", "PostgreSQL",
    id="vod.accounts-db", group=playback_group, tags=["Database"],
)

# --- relationships ------------------------------------------------------------------------------
viewer.uses(player, "Browses and watches on", "TV, phone or browser")
viewer.uses(cdn, "Downloads video segments from", "HTTPS")
editor.uses(backoffice, "Curates the catalogue in", "HTTPS")
support.uses(backoffice, "Looks up accounts and sessions in", "HTTPS")

player.uses(gateway, "Calls the platform through", "HTTPS/JSON")
player.uses(cdn, "Fetches manifests and segments from", "HTTPS, HLS/DASH")
player.uses(idp, "Signs in with", "OIDC")

gateway.uses(catalogue, "Routes browse requests to", "gRPC")
gateway.uses(search, "Routes search queries to", "HTTPS/JSON")
gateway.uses(recommender, "Routes home-page rows to", "gRPC")
gateway.uses(playback, "Routes play requests to", "gRPC")
gateway.uses(licences, "Routes licence requests to", "HTTPS")
gateway.uses(accounts, "Routes account requests to", "gRPC")

studio.uses(ingest, "Delivers IMF packages to", "Aspera/HTTPS")
ingest.uses(origin, "Stores masters in", "S3 API")
ingest.uses(jobs, "Queues a transcode job on", "Kafka", interaction="async")
ingest.uses(catalogue, "Registers new assets with", "gRPC")
orchestrator.uses(jobs, "Consumes jobs from", "Kafka", interaction="async")
orchestrator.uses(farm, "Schedules chunks on", "Kubernetes Jobs")
farm.uses(origin, "Reads masters and writes renditions to", "S3 API")
orchestrator.uses(packager, "Starts packaging on", "gRPC")
packager.uses(origin, "Writes encrypted segments to", "S3 API")
packager.uses(keys, "Gets content keys from", "CPIX/HTTPS")
orchestrator.uses(catalogue, "Marks titles ready in", "gRPC")
cdn.uses(origin, "Pulls segments on a cache miss from", "HTTPS")

catalogue.uses(catalogue_db, "Reads and writes", "SQL")
catalogue.uses(search, "Indexes titles in", "HTTPS/JSON")
catalogue.uses(metadata, "Enriches titles from", "HTTPS/JSON")
recommender.uses(events, "Learns from", "Kafka", interaction="async")
recommender.uses(catalogue, "Reads titles and rights from", "gRPC")
backoffice.uses(catalogue, "Edits titles in", "gRPC")
backoffice.uses(accounts, "Manages subscribers in", "gRPC")

playback.uses(sessions, "Opens and renews sessions in", "Redis protocol")
playback.uses(accounts, "Checks entitlements with", "gRPC")
playback.uses(catalogue, "Checks rights windows with", "gRPC")
playback.uses(events, "Publishes viewing events to", "Kafka", interaction="async")
playback.uses(cdn, "Signs CDN tokens for", "URL signing")
licences.uses(sessions, "Validates the session in", "Redis protocol")
licences.uses(keys, "Gets content keys from", "Widevine/FairPlay/PlayReady APIs")

accounts.uses(accounts_db, "Reads and writes", "SQL")
accounts.uses(idp, "Links identities with", "OIDC")
billing.uses(accounts_db, "Reads plans and writes invoices to", "SQL")
billing.uses(payments, "Charges subscriptions with", "HTTPS/JSON")
billing.uses(mail, "Sends receipts and dunning mails through", "HTTPS")
payments.uses(billing, "Notifies payment outcomes to", "Webhooks", interaction="async")
accounts.uses(billing, "Starts and cancels subscriptions with", "gRPC")

# --- components of two containers ---------------------------------------------------------------
p_api = playback.component("Play API", "Accepts play, heartbeat and stop calls.", "Go, gRPC",
                           id="vod.playback.api")
p_limits = playback.component("Stream Limiter", "Enforces concurrent streams per plan.", "Go",
                              id="vod.playback.limits")
p_manifest = playback.component(
    "Manifest Selector", "Picks codec, ladder and CDN for the device and signs the URL.", "Go",
    id="vod.playback.manifest",
)
p_resume = playback.component("Resume Tracker", "Records positions and emits viewing events.", "Go",
                              id="vod.playback.resume")
p_api.uses(p_limits, "Checks the stream limit with", "function call")
p_api.uses(p_manifest, "Asks for a manifest URL from", "function call")
p_api.uses(p_resume, "Records heartbeats with", "function call")
p_api.uses(accounts, "Checks entitlements with", "gRPC")
p_api.uses(catalogue, "Checks rights windows with", "gRPC")
p_limits.uses(sessions, "Opens and renews sessions in", "Redis protocol")
p_manifest.uses(cdn, "Signs CDN tokens for", "URL signing")
p_resume.uses(events, "Publishes viewing events to", "Kafka", interaction="async")
gateway.uses(p_api, "Routes play requests to", "gRPC")

l_endpoint = licences.component("Licence Endpoint", "Receives licence challenges from players.", "Rust, axum",
                                id="vod.licences.endpoint")
l_policy = licences.component(
    "Policy Engine", "Decides licence duration, output protection and HD/UHD per device.", "Rust",
    id="vod.licences.policy",
)
l_widevine = licences.component("Widevine Adapter", "Builds Widevine licences.", "Rust",
                                id="vod.licences.widevine")
l_fairplay = licences.component("FairPlay Adapter", "Builds FairPlay CKCs.", "Rust",
                                id="vod.licences.fairplay")
l_playready = licences.component("PlayReady Adapter", "Builds PlayReady licences.", "Rust",
                                 id="vod.licences.playready")
gateway.uses(l_endpoint, "Routes licence requests to", "HTTPS")
l_endpoint.uses(sessions, "Validates the session in", "Redis protocol")
l_endpoint.uses(l_policy, "Asks for the licence policy from", "function call")
for adapter in (l_widevine, l_fairplay, l_playready):
    l_endpoint.uses(adapter, "Builds the licence with", "function call")
    adapter.uses(keys, "Gets content keys from", "HTTPS")

# --- deployment: two regions and the CDN edge ---------------------------------------------------
for region, name in (("eu", "eu-west-1"), ("us", "us-east-1")):
    aws = m.deployment_node(name, f"AWS region {name}: serves viewers of its continent.", "AWS",
                            environment="Production", id=f"live.{region}", deployment_groups=[name])
    eks = aws.deployment_node("EKS", "Application cluster.", "Amazon EKS", id=f"live.{region}.eks")
    for container in (gateway, catalogue, recommender, playback, licences, accounts, billing, backoffice):
        eks.container_instance(container)
    rds = aws.deployment_node("RDS", "Multi-AZ PostgreSQL.", "Amazon RDS", id=f"live.{region}.rds")
    rds.container_instance(catalogue_db)
    rds.container_instance(accounts_db)
    aws.deployment_node("ElastiCache", "Redis cluster.", "Amazon ElastiCache",
                        id=f"live.{region}.redis").container_instance(sessions)
    aws.deployment_node("OpenSearch", "Search domain.", "Amazon OpenSearch",
                        id=f"live.{region}.search").container_instance(search)
    aws.deployment_node("MSK", "Kafka cluster.", "Amazon MSK", id=f"live.{region}.msk").container_instance(events)
    aws.deployment_node("S3", "Origin bucket, replicated between regions.", "Amazon S3",
                        id=f"live.{region}.s3").container_instance(origin)

both = ["eu-west-1", "us-east-1"]  # serves, and is served by, both regions
media_region = m.deployment_node("media-us-east-1", "The media pipeline runs in one region only.", "AWS",
                                 environment="Production", id="live.media", deployment_groups=both)
media_eks = media_region.deployment_node("Media EKS", "GPU spot node pools.", "Amazon EKS",
                                         id="live.media.eks", instances="4..200")
for container in (ingest, orchestrator, farm, packager):
    media_eks.container_instance(container)
media_region.deployment_node("Jobs MSK", "Kafka for jobs.", "Amazon MSK", id="live.media.msk").container_instance(jobs)

edge = m.deployment_node("CDN Edge", "Points of presence worldwide.", "Akamai", environment="Production",
                         id="live.edge", instances="300", deployment_groups=both)
edge.software_system_instance(cdn)
edge.infrastructure_node("Edge DNS", "Steers each viewer to the nearest region.", "Route 53 latency routing",
                         id="live.edge.dns")
viewer_device = m.deployment_node("Viewer Device", "Browser, smart TV or phone.", "", environment="Production",
                                  id="live.device", deployment_groups=both)
viewer_device.container_instance(player)

# --- views --------------------------------------------------------------------------------------
v = workspace.views
v.system_landscape(key="landscape", title="Video Streaming Platform — Landscape")
v.system_context(platform, key="context", title="Streaming Platform — System Context")
containers = v.container(platform, key="containers", title="Streaming Platform — Containers")
containers.above(player, gateway)
v.component(playback, key="playback-components", title="Playback Service — Components")
lic = v.component(licences, key="licence-components", title="DRM Licence Server — Components")
lic.same_rank(l_widevine, l_fairplay, l_playready, ordered=True)
v.deployment("Production", platform, key="production", title="Streaming Platform — Production (two regions)")

play = v.dynamic(platform, key="press-play", title="Pressing play", style="sequence",
                 description="From the play button to the first frame of protected video.")
play.step(viewer, player, "Presses play")
play.step(player, gateway, "POST /play", "HTTPS/JSON")
play.step(gateway, playback, "StartPlayback", "gRPC")
play.parallel(
    [(playback, accounts, "Is the plan entitled to UHD?", "gRPC")],
    [(playback, sessions, "Opens a session if under the stream limit", "Redis protocol")],
    [(playback, catalogue, "Is the title available in this territory?", "gRPC")],
)
play.step(playback, gateway, "Signed manifest URL", response=True)
play.step(player, cdn, "Fetches the manifest and first segments", "HTTPS")
play.step(player, gateway, "Licence challenge", "HTTPS")
play.step(gateway, licences, "Forwards the challenge", "HTTPS")
play.step(licences, sessions, "Validates the session", "Redis protocol")
play.step(licences, keys, "Gets the content key", "HTTPS")
play.step(licences, gateway, "Licence", response=True)

ingest_flow = v.dynamic(platform, key="new-title", title="A new title goes live",
                        description="From a studio's delivery to a playable, searchable title.")
ingest_flow.step(studio, ingest, "Delivers an IMF package", "Aspera/HTTPS")
ingest_flow.step(ingest, origin, "Stores the master", "S3 API")
ingest_flow.step(ingest, catalogue, "Registers the asset", "gRPC")
ingest_flow.step(ingest, jobs, "Queues the transcode job", "Kafka")
ingest_flow.step(orchestrator, jobs, "Takes the job", "Kafka")
ingest_flow.step(orchestrator, farm, "Schedules 2,000 chunks", "Kubernetes Jobs")
ingest_flow.step(farm, origin, "Writes renditions", "S3 API")
ingest_flow.step(orchestrator, packager, "Starts packaging", "gRPC")
ingest_flow.step(packager, keys, "Gets content keys", "CPIX/HTTPS")
ingest_flow.step(packager, origin, "Writes encrypted CMAF segments", "S3 API")
ingest_flow.step(orchestrator, catalogue, "Marks the title ready", "gRPC")
ingest_flow.step(catalogue, search, "Indexes the title", "HTTPS/JSON")

# --- arc42 --------------------------------------------------------------------------------------
a = workspace.arc42
a.system = platform.id
a.requirement("F1", "functional", "Play within two seconds", "A viewer presses play and sees video quickly.")
a.requirement("F2", "functional", "Publish a title in a day", "A delivered master is playable within 24 hours.")
a.requirement("B1", "business", "Honour studio contracts",
              "Rights windows, territories and DRM levels are enforced as contracted.")
a.requirement("B2", "business", "Limit account sharing", "A plan allows a fixed number of concurrent streams.")

a.quality_goal("QG1", 1, "Playback start time", "Time to first frame under 2 s at p95.")
a.quality_goal("QG2", 2, "Content protection", "No licence without a valid session and entitlement.")
a.quality_goal("QG3", 3, "Regional availability", "Losing one region keeps playback running in the other.")
a.quality_goal("QG4", 4, "Transcoding cost", "Spot GPUs; a lost worker costs one chunk, not a title.")

a.scenario("QS1", goal="QG1", source="Viewer", stimulus="presses play on a popular title",
           environment="evening peak, 2 million concurrent streams", artifact="Playback Service",
           response="manifest, first segments and licence are served",
           response_measure="first frame in under 2 s at p95")
a.scenario("QS2", goal="QG2", source="Attacker", stimulus="replays a licence challenge from another device",
           environment="normal operation", artifact="DRM Licence Server",
           response="the challenge is refused: the session does not match",
           response_measure="zero licences without a session")
a.scenario("QS3", goal="QG3", source="AWS", stimulus="eu-west-1 becomes unavailable",
           environment="evening peak", artifact="Edge DNS",
           response="viewers are steered to us-east-1, sessions re-open",
           response_measure="playback resumes within 60 s")
a.scenario("QS4", goal="QG4", source="AWS", stimulus="reclaims 30 % of the spot GPUs",
           environment="a season of 10 episodes in the farm", artifact="Transcode Orchestrator",
           response="the lost chunks are rescheduled", response_measure="the season is ready within 24 h")

a.stakeholder("Head of Product", "product@example.com", "Fast start, few rebuffers, good recommendations.")
a.stakeholder("Content Partnerships", "studios@example.com", "Contracts with studios are honoured, audits pass.")
a.stakeholder("Platform Team", "platform@example.com", "Two regions that run alike, cheap transcoding.")
a.stakeholder("Finance", "finance@example.com", "Every renewal is charged, churn from failed payments is low.")

a.constraint("C1", "Studio-approved DRM", "Widevine L1, FairPlay and PlayReady SL3000 for HD and UHD.",
             kind="organizational")
a.constraint("C2", "AWS only", "The company's cloud contract covers AWS; no second cloud.")
a.constraint("C3", "GDPR", "Viewing history of EU viewers stays in eu-west-1.", kind="organizational")
a.constraint("C4", "CMAF everywhere", "One packaging for HLS and DASH.", kind="convention")

a.decision("0001", "Package once as CMAF with CENC", status="accepted",
           context="HLS and DASH used to be packaged separately, doubling storage and CDN cache.",
           decision="Package CMAF with `cbcs` encryption; both manifests point at the same segments.",
           consequences="Half the storage; old devices without `cbcs` lose HD.",
           elements=[packager, origin])
a.decision("0002", "Chunked transcoding on spot GPUs", status="accepted",
           context="Whole-title encodes on on-demand instances cost too much and fail late.",
           decision="Split titles into 4-second chunks, encode them on spot GPU pools, retry per chunk.",
           consequences="Cheaper and faster; the orchestrator must stitch chunks and verify them.",
           elements=[orchestrator, farm])
a.decision("0003", "Active-active regions with latency routing", status="accepted",
           context="One region down meant no playback anywhere.",
           decision="Run the playback path in eu-west-1 and us-east-1; DNS steers by latency.",
           consequences="Session and account data must replicate; the media pipeline stays in one region.",
           elements=[gateway, playback, sessions, accounts_db])

a.risk("R1", "Licence server overload at a premiere", probability="medium", impact="high",
       elements=[licences],
       mitigation="Longer licence durations for live premieres; load tests at 3x expected peak.")
a.risk("R2", "Spot capacity shortage", probability="medium", impact="medium", elements=[farm],
       mitigation="Fall back to on-demand GPUs for titles due within 12 hours.")
a.risk("R3", "Cross-region replication lag", probability="low", impact="high", elements=[accounts_db, sessions],
       mitigation="Entitlements cached per region; stream limits enforced per region as a fallback.")
a.debt("D1", "Back Office talks to the databases' services directly", elements=[backoffice],
       description="It should use the public APIs through the gateway.")

a.concept("K1", "Signed URLs", "Every manifest URL carries a short-lived CDN token bound to the session.")
a.strategy("S1", "Chunked encoding", "Parallel, restartable transcoding.", decisions=["0002"])

a.term("ABR ladder", "The set of resolutions and bitrates a title is encoded at.")
a.term("CMAF", "Common Media Application Format: one segment format for HLS and DASH.")
a.term("CENC", "Common Encryption: one encrypted file, licences from several DRM systems.")
a.term("IMF", "Interoperable Master Format: how studios deliver masters.")
a.term("Licence", "What a player's DRM module needs to decrypt a title: the key and its policy.")
a.term("Origin", "The store the CDN fetches from on a cache miss.")
