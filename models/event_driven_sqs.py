"""Event-driven shipment tracking on Amazon SQS: buffering, batching, push and pull, DLQs.

Carrier webhooks arrive in bursts. The receiver only validates and publishes; an SNS
topic fans each event out to two SQS queues that buffer it. The two consumers show the
two consumption models side by side: the tracking updater *pulls* (long polling, its own
pace, protecting the database), the notification sender is *pushed* batches by Lambda's
event source mapping. Failed messages are retried with back-off and, after five receives,
parked in a dead-letter queue.

Build it with `archkit build models/event_driven_sqs.py`.
"""

from datetime import date

from archkit import Workspace

workspace = Workspace(
    name="Shipment Tracking (Event-driven, Amazon SQS)",
    description="Turns carrier tracking webhooks into an up-to-date tracking page and customer "
    "notifications, with queues that absorb bursts and isolate failures.",
)
m = workspace.model

# ---- people and neighbours ----------------------------------------------------------------

customer = m.person("Customer", "Waits for a parcel; reads the tracking page and notifications.")
support = m.person(
    "Support Engineer",
    "Investigates failed messages in the dead-letter queues and redrives them after a fix.",
)
carriers = m.software_system(
    "Carrier Systems",
    "DHL, UPS and local couriers; they POST tracking events as webhooks and retry for 24 h "
    "when we do not answer 2xx within 5 s.",
    location="external",
)
messaging = m.software_system(
    "Messaging Provider",
    "Sends e-mail and SMS; rate-limited to 100 requests/s for our account.",
    location="external",
)
pager = m.software_system("PagerDuty", "Pages the on-call engineer.", location="external")

tracking = m.software_system(
    "Shipment Tracking",
    "Keeps the current status of every parcel from carrier events and tells customers when "
    "it changes.",
)
intake_g = m.group("Intake", "Accept fast, then buffer.")
queues_g = m.group("Queues", "Buffers between intake and the consumers.")
pull_g = m.group("Pull consumer", "Decides itself when and how much to receive.")
push_g = m.group("Push consumer", "Invoked by the platform with batches.")

receiver = tracking.container(
    "Webhook Receiver",
    "Checks each webhook's HMAC signature and schema, publishes it and answers 202; does no "
    "processing, so it answers in milliseconds whatever the burst.",
    "AWS Lambda, Python", group=intake_g.id,
)
topic = tracking.container(
    "Tracking Events Topic",
    "Fans every carrier event out to one queue per consumer, so consumers fail and scale "
    "independently.", "Amazon SNS", tags=["Queue"], group=intake_g.id,
)
updates_q = tracking.container(
    "Tracking Update Queue",
    "Standard queue; visibility timeout 60 s, retention 4 days, redrive to the DLQ after 5 "
    "receives. Buffers bursts until the updater drains them.",
    "Amazon SQS", tags=["Queue"], group=queues_g.id,
)
notify_q = tracking.container(
    "Notification Queue",
    "Standard queue; visibility timeout 180 s (6x the function timeout), redrive to the DLQ "
    "after 5 receives.", "Amazon SQS", tags=["Queue"], group=queues_g.id,
)
dlq = tracking.container(
    "Dead-letter Queues",
    "tracking-updates-dlq and notifications-dlq, 14 days retention; messages wait here for a "
    "person, never for a timer.", "Amazon SQS", tags=["Queue", "DLQ"], group=queues_g.id,
)
updater = tracking.container(
    "Tracking Updater",
    "Pull consumer: long-polls batches of 10, writes them as one multi-row upsert at a rate "
    "the database can take, deletes what succeeded.",
    "Python, Amazon ECS Fargate", group=pull_g.id,
)
notifier = tracking.container(
    "Notification Sender",
    "Push consumer: invoked with batches of up to 25 messages (5 s batching window, max "
    "concurrency 20); reports failed items so only they are retried.",
    "AWS Lambda, Python", group=push_g.id,
)
db = tracking.container(
    "Tracking Database",
    "Parcels, their latest status and the event history.", "Amazon Aurora PostgreSQL",
    tags=["Database"],
)
api = tracking.container(
    "Tracking API", "Serves the tracking page's JSON.", "Python, FastAPI",
)
page = tracking.container(
    "Tracking Page", "The public parcel-tracking page.", "TypeScript, React",
)
redrive = tracking.container(
    "Redrive Tool",
    "Lists, inspects and redrives dead-lettered messages back to their source queue.",
    "Python, boto3",
)
alarms = tracking.container(
    "Queue Alarms",
    "Alarms on the age of the oldest message and on any message in a DLQ.",
    "Amazon CloudWatch",
)

# Tracking Updater internals: what pulling gives you control over
poller = updater.component(
    "Queue Poller", "ReceiveMessage with WaitTimeSeconds=20 and MaxNumberOfMessages=10; "
    "stops polling while the rate limiter has no tokens (back-pressure).", "boto3",
)
limiter = updater.component(
    "Rate Limiter", "Token bucket per task: 100 row writes/s, so at most 2,000/s with the "
    "maximum of 20 tasks.", "Python",
)
parser = updater.component(
    "Event Normaliser", "Maps each carrier's format to one TrackingEvent; rejects malformed "
    "events.", "Python, pydantic",
)
writer = updater.component(
    "Batch Writer", "One INSERT ... ON CONFLICT per batch; ignores events older than the "
    "stored one, so duplicates and reordering are harmless.", "SQLAlchemy Core",
)
acker = updater.component(
    "Acknowledger", "DeleteMessageBatch for successes; ChangeMessageVisibility with "
    "exponential back-off (30 s, 60 s, 120 s, 240 s) for failures.", "boto3",
)

# ---- relationships ------------------------------------------------------------------------

carriers.uses(receiver, "POSTs tracking webhooks to", "HTTPS/JSON, HMAC-signed")
receiver.uses(topic, "Publishes each event to", "SNS Publish", interaction="async")
topic.uses(updates_q, "Fans events out to", "SNS subscription, raw delivery",
           interaction="async")
topic.uses(notify_q, "Fans events out to", "SNS subscription, filter policy",
           interaction="async")
updates_q.uses(dlq, "Moves messages received 5 times to", "SQS redrive policy",
               interaction="async")
notify_q.uses(dlq, "Moves messages received 5 times to", "SQS redrive policy",
              interaction="async")
poller.uses(updates_q, "Long-polls batches of 10 from (pull)", "SQS ReceiveMessage")
poller.uses(limiter, "Asks for tokens before each receive", "in-process call")
poller.uses(parser, "Hands the received batch to", "in-process call")
parser.uses(writer, "Hands valid events to", "in-process call")
parser.uses(acker, "Reports rejected messages to", "in-process call")
writer.uses(db, "Upserts the batch into", "SQL over TLS")
writer.uses(acker, "Reports written messages to", "in-process call")
acker.uses(updates_q, "Deletes or delays messages in", "SQS DeleteMessageBatch")
notify_q.uses(notifier, "Invokes with batches of up to 25 (push)", "Lambda event source mapping",
              interaction="async")
notifier.uses(messaging, "Sends e-mail and SMS through", "HTTPS/JSON")
notifier.uses(db, "Reads customer contact preferences from", "SQL over TLS")
messaging.delivers(customer, "Tells about status changes by", technology="e-mail, SMS")
customer.uses(page, "Tracks a parcel in", "HTTPS")
page.uses(api, "Fetches the parcel status from", "HTTPS/JSON")
api.uses(db, "Reads parcels from", "SQL over TLS")
support.uses(redrive, "Inspects and redrives failed messages with", "CLI")
redrive.uses(dlq, "Reads and moves messages out of", "SQS StartMessageMoveTask")
alarms.uses(updates_q, "Watches ApproximateAgeOfOldestMessage of", "CloudWatch metrics")
alarms.uses(dlq, "Watches ApproximateNumberOfMessagesVisible of", "CloudWatch metrics")
alarms.uses(pager, "Raises incidents in", "HTTPS, Events API v2")
pager.delivers(support, "Pages")

# ---- deployment ---------------------------------------------------------------------------

aws = m.deployment_node("AWS eu-west-1", "Single region, three availability zones.",
                        "Amazon Web Services", environment="Production")
gw = aws.infrastructure_node("API Gateway", "HTTP API with throttling at 25,000 requests/s.",
                             "Amazon API Gateway")
cdn = aws.infrastructure_node("CloudFront", "Serves the tracking page and caches API reads "
                              "for 10 s.", "Amazon CloudFront")
lambdas = aws.deployment_node("AWS Lambda", "Serverless functions.", "AWS Lambda")
recv_fn = lambdas.deployment_node("webhook-receiver", "Reserved concurrency 500.",
                                  "Python 3.12").container_instance(receiver)
lambdas.deployment_node("notification-sender", "Maximum concurrency 20 (event source "
                        "mapping).", "Python 3.12").container_instance(notifier)
messaging_node = aws.deployment_node("Amazon SQS and SNS", "Regional, managed, multi-AZ.",
                                     "Amazon SQS")
for queue in (topic, updates_q, notify_q, dlq):
    messaging_node.container_instance(queue)
ecs = aws.deployment_node("ECS Cluster", "Fargate; the updater scales on backlog per task "
                          "(target 1,000 messages).", "Amazon ECS Fargate")
ecs.deployment_node("tracking-updater", "2 to 20 tasks.", "Python 3.12",
                    instances="2..20").container_instance(updater)
api_tasks = ecs.deployment_node("tracking-api", "3 tasks.", "Python 3.12",
                                instances="3").container_instance(api)
ecs.deployment_node("redrive-tool", "Run on demand as a one-off task.",
                    "Python 3.12").container_instance(redrive)
aws.deployment_node("Aurora Cluster", "Writer plus one reader, db.r6g.xlarge.",
                    "Amazon Aurora PostgreSQL 15", instances="2").container_instance(db)
page_bucket = aws.deployment_node("Static Site Bucket", "The built page.", "Amazon S3")
page_inst = page_bucket.container_instance(page)
aws.deployment_node("CloudWatch", "Metrics and alarms.",
                    "Amazon CloudWatch").container_instance(alarms)
gw.uses(recv_fn, "Invokes per webhook", "Lambda proxy integration")
cdn.uses(page_inst, "Serves from", "HTTPS, origin access control")
cdn.uses(api_tasks, "Forwards API reads to", "HTTPS")

# ---- views --------------------------------------------------------------------------------

v = workspace.views
v.system_context(tracking, key="context", title="Shipment Tracking — System Context",
                 description="Carriers push events in; customers are told; on-call is paged.")
v.container(tracking, key="containers", title="Shipment Tracking — Containers",
            description="Intake fans out to one queue per consumer. The pull consumer's arrow "
            "points at its queue; the queue's arrow points at the push consumer.")
v.component(updater, key="tracking-updater", title="Tracking Updater — Components",
            description="A pull consumer controls its own pace: poll, limit, write, "
            "acknowledge.")
burst = v.dynamic(tracking, key="burst", title="A burst of carrier events is buffered and drained",
                  description="The receiver answers at once; each queue drains at its own "
                  "consumer's pace.")
burst.step(carriers, receiver, "POSTs 20,000 events/s for 10 minutes", "HTTPS")
burst.step(receiver, topic, "Publishes each event and answers 202 in 30 ms", "SNS Publish")
burst.parallel(
    [(topic, updates_q, "Queues the events; the backlog grows to 9 million", "SNS subscription"),
     (updater, updates_q, "20 tasks pull batches of 10 and drain 2,000 events/s", "SQS ReceiveMessage"),
     (updater, db, "Writes one multi-row upsert per batch", "SQL over TLS")],
    [(topic, notify_q, "Queues only status changes that customers subscribed to", "SNS subscription"),
     (notify_q, notifier, "Pushes batches of 25 to at most 20 concurrent invocations", "event source mapping"),
     (notifier, messaging, "Sends the notifications within the provider's rate limit", "HTTPS/JSON")],
)
burst.step(alarms, updates_q, "Sees the oldest message younger than 2 hours: no page",
           "CloudWatch")
poison = v.dynamic(updater, key="poison-message", title="A poison message ends in the DLQ", style="sequence",
                   description="Retries with back-off, then isolation; a person decides.")
poison.step(poller, updates_q, "Receives a batch with one malformed UPS event", "SQS")
poison.step(poller, parser, "Hands over the batch", "in-process call")
poison.parallel(
    [(parser, writer, "Passes the 9 valid events"),
     (writer, db, "Upserts them"),
     (writer, acker, "Reports them written")],
    [(parser, acker, "Reports the malformed one")],
)
poison.step(acker, updates_q, "Deletes 9; delays the bad one by 30, 60, 120, 240 s", "SQS")
poison.step(updates_q, dlq, "On the 5th receive, moves it to the DLQ", "SQS redrive policy")
poison.step(alarms, dlq, "Sees 1 message in the DLQ", "CloudWatch")
poison.step(alarms, pager, "Raises a low-urgency incident", "HTTPS")
poison.step(redrive, dlq, "After the normaliser fix, redrives it to the source queue",
            "SQS StartMessageMoveTask")
v.deployment("Production", tracking, key="production", title="Production — AWS eu-west-1",
             description="Managed queues and functions; ECS tasks for the pull consumer.")

workspace.styles.element("Database", shape="cylinder")
workspace.styles.element("Queue", shape="pipe")
workspace.styles.element("DLQ", background="#8b1e1e", color="#ffffff",
                         description="Dead-letter queue: messages that failed 5 times")

# ---- arc42 --------------------------------------------------------------------------------

a = workspace.arc42
a.introduction = (
    "Shipment Tracking keeps the status of every parcel current from the tracking events "
    "carriers send, and tells customers when it changes. Carriers send in bursts (a hub scan "
    "emits thousands of events at once) and retry aggressively; the design answers fast, "
    "buffers in queues and lets each consumer work at its own pace."
)
a.requirement("B1", "business", "Customers see where their parcel is",
              "Fewer 'where is my order' calls: they are 30 % of support volume.",
              priority="high")
a.requirement("B2", "business", "No carrier event is ever lost",
              "A lost 'delivered' event opens a support case.", priority="high")
a.requirement("F1", "functional", "Accept webhooks from every contracted carrier",
              elements=[receiver])
a.requirement("F2", "functional", "Keep each parcel's latest status and history",
              elements=[updater, db])
a.requirement("F3", "functional", "Notify subscribed customers of status changes",
              elements=[notifier])
a.requirement("F4", "functional", "Let support inspect and redrive failed messages",
              elements=[redrive, dlq])
a.requirement("Q1", "quality", "Webhooks answered within 100 ms (p99), even during bursts")
a.requirement("Q2", "quality", "Bursts of 20,000 events/s absorbed without loss")
a.requirement("Q3", "quality", "Status on the page within 60 s of the webhook (p95)")

a.quality_goal("QG1", 1, "Reliability", "Every accepted event is processed exactly in effect, "
               "or parked where a person sees it.")
a.quality_goal("QG2", 2, "Elasticity", "Bursts are absorbed, not passed on to the database.")
a.quality_goal("QG3", 3, "Responsiveness", "Carriers get answers fast; customers see news "
               "fast.")
a.quality_goal("QG4", 4, "Operability", "A failure is isolated and can be repaired by one "
               "person.")
a.scenario("QS1", goal="QG2", title="Hub-scan burst", source="Carrier Systems",
           stimulus="POST 20,000 events/s for 10 minutes (12 million events)",
           environment="normal operation", artifact="Webhook Receiver, Tracking Update Queue",
           response="the receiver answers, the queue buffers, the updater drains at its limit",
           response_measure="webhook p99 < 100 ms; 0 events lost; DB writes capped at 2,000 "
           "rows/s; backlog drained in < 2 h")
a.scenario("QS2", goal="QG3", title="Status reaches the page", source="Carrier Systems",
           stimulus="sends an 'out for delivery' event", environment="normal load, 300 "
           "events/s", artifact="Tracking Updater, Tracking API",
           response="the page shows the new status",
           response_measure="webhook to page p95 < 60 s, p50 < 5 s; notification sent p95 < "
           "90 s")
a.scenario("QS3", goal="QG1", title="Database fail-over", source="Aurora",
           stimulus="fails over the writer", environment="normal load",
           artifact="Tracking Updater",
           response="upserts fail; messages reappear after their visibility timeout and are "
           "written after the fail-over", response_measure="0 events lost or applied twice "
           "in effect; recovery < 2 min after fail-over")
a.scenario("QS4", goal="QG4", title="A carrier changes its format", source="Carrier Systems",
           stimulus="sends events the normaliser rejects", environment="normal operation",
           artifact="Event Normaliser, Dead-letter Queues",
           response="bad messages are retried 5 times, parked in the DLQ, and on-call is paged",
           response_measure="good messages unaffected (< 1 % extra latency); page within 10 min; "
           "redrive of 50,000 messages < 15 min")
a.stakeholder("Customers", "via customer service", "Accurate status and timely messages.")
a.stakeholder("Customer service", "cs-leads@parcel.example", "Fewer 'where is my parcel' calls.")
a.stakeholder("Carrier integration team", "carriers@parcel.example",
              "Onboard a carrier in days; never be blocked by a slow consumer.")
a.stakeholder("On-call engineers", "#oncall-tracking", "Few pages, each actionable.")
a.constraint("C1", "AWS managed services first", "Company policy: no self-run brokers.",
             kind="organizational")
a.constraint("C2", "Carriers' webhook contract", "Answer 2xx within 5 s or the carrier "
             "retries for 24 h, in bursts.", kind="technical")
a.constraint("C3", "Messaging provider limit", "100 requests/s per account.", kind="technical")

a.decision("0001", "Buffer carrier events in queues instead of processing in the webhook",
           status="accepted", date=date(2024, 3, 4), elements=[receiver, updates_q],
           context="Processing inside the webhook made our answer time depend on the database; "
           "slow answers triggered carrier retries, which doubled the load during bursts.",
           decision="The receiver validates and publishes only; SNS fans out to one SQS queue "
           "per consumer.",
           consequences="Good: constant answer time, bursts absorbed, consumers isolated.\n\nBad: "
           "about 1 s more end-to-end latency; at-least-once delivery means idempotent "
           "consumers; a backlog can grow silently, so queue age is alarmed.")
a.decision("0002", "Pull (long polling on ECS) for database writes", status="accepted",
           date=date(2024, 3, 11), elements=[updater],
           context="The database takes about 2,000 row writes/s; Lambda with an SQS trigger "
           "scales concurrency with the backlog and would overload it.",
           decision="A pull consumer on ECS long-polls, batches 10 messages into one upsert and "
           "rate-limits itself; tasks scale on backlog per task.",
           consequences="Good: the consumer sets the pace (back-pressure), batches cut writes "
           "10x.\n\nBad: tasks run and cost money while idle (2 minimum); scaling lags a burst by "
           "a few minutes.")
a.decision("0003", "Push (Lambda event source mapping) for notifications", status="accepted",
           date=date(2024, 3, 11), elements=[notifier],
           links=[{"relation": "contrasts with", "target": "0002"}],
           context="Notifications are spiky, stateless and rare at night.",
           decision="Lambda is invoked with batches of up to 25 (5 s window), maximum "
           "concurrency 20 to respect the provider's 100 requests/s, with partial batch "
           "failure reporting.",
           consequences="Good: no idle cost, no polling code.\n\nBad: less control over pace; a "
           "throttled function returns messages to the queue and counts as a receive, so the "
           "DLQ threshold must be generous (5).")
a.decision("0004", "SQS standard queues, not FIFO", status="accepted", date=date(2024, 3, 18),
           elements=[updates_q, notify_q],
           context="FIFO would give ordering and deduplication, but a failing message blocks "
           "its message group, and its throughput has quotas a burst would hit.",
           decision="Standard queues; consumers are idempotent and order-tolerant (an event "
           "older than the stored status is ignored).",
           consequences="Good: practically unlimited throughput, no head-of-line blocking.\n\n"
           "Bad: duplicates and reordering must be handled in code, and tested.")
a.decision("0005", "Five receives, exponential back-off, then DLQ", status="accepted",
           date=date(2024, 3, 18), elements=[dlq, updater],
           context="Immediate retries hammer a failing dependency; endless retries hide poison "
           "messages.",
           decision="Failures are delayed by 30, 60, 120 and 240 s through the visibility "
           "timeout; the 5th receive moves the message to a DLQ that pages on-call.",
           consequences="Good: transient faults heal by themselves within about 8 min; poison "
           "messages cost 5 attempts.\n\nBad: a long outage fills the DLQ with good messages that "
           "need a redrive.")
a.strategy("S1", "Accept fast, process later", "Queues decouple intake from processing.",
           quality_goals=["QG2", "QG3"], decisions=["0001"])
a.strategy("S2", "Pick push or pull per consumer", "Pull where the consumer must protect a "
           "resource, push where elasticity matters more.", quality_goals=["QG2", "QG3"],
           decisions=["0002", "0003"])
a.strategy("S3", "Idempotent, order-tolerant consumers", "At-least-once delivery made safe.",
           quality_goals=["QG1"], decisions=["0004"])
a.strategy("S4", "Bounded retries and a DLQ that pages", "Failures are isolated and visible.",
           quality_goals=["QG1", "QG4"], decisions=["0005"])
a.concept("K1", "Push versus pull consumption", "Pull: the consumer asks for messages "
          "(arrow consumer -> queue) and controls rate, batch and concurrency. Push: the "
          "platform delivers messages (arrow queue -> consumer) and scales the consumer. SQS is "
          "a pull API; Lambda's event source mapping pulls for you and pushes to your code.")
a.concept("K2", "Buffering and batching", "Queues buffer bursts; batching amortises cost: "
          "SendMessageBatch and ReceiveMessage move 10 messages per call, one upsert writes a "
          "whole batch, Lambda's batching window trades 5 s of latency for 25x fewer calls.")
a.concept("K3", "Idempotency", "Every event carries carrier, parcel and event timestamp; the "
          "upsert keeps the newest, so a duplicate or late event changes nothing.")
a.concept("K4", "Visibility timeout", "A received message is invisible for the timeout; if "
          "not deleted it reappears. It must exceed the longest processing time (6x the Lambda "
          "timeout, as AWS advises).")
a.risk("R1", "Backlog grows unnoticed", probability="medium", impact="high",
       description="Standard queues accept messages happily while consumers are broken.",
       mitigation="Alarm on ApproximateAgeOfOldestMessage > 2 h and on any DLQ message.",
       elements=[updates_q, alarms])
a.risk("R2", "Retention runs out during a long outage", probability="low", impact="high",
       description="Messages older than 4 days are deleted by SQS.",
       mitigation="Retention 4 days on source queues, 14 on DLQs; runbook for a multi-day "
       "outage.", elements=[updates_q, notify_q])
a.risk("R3", "Notification duplicates", probability="medium", impact="low",
       description="At-least-once delivery can send an SMS twice.",
       mitigation="Idempotency key per (parcel, status) at the provider.",
       elements=[notifier])
a.debt("TD1", "The redrive tool has no filter", description="It redrives a whole DLQ; bad "
       "messages must be deleted by hand first.",
       remedy="Filter by carrier and error type before moving.", elements=[redrive])
a.debt("TD2", "Carrier formats are parsed in one module", description="Each new carrier "
       "touches the shared normaliser.", remedy="One parser plug-in per carrier.",
       elements=[updater])
a.term("Dead-letter queue (DLQ)", "A queue that receives messages that failed too often.")
a.term("Visibility timeout", "How long a received message stays hidden from other consumers.")
a.term("Long polling", "A receive call that waits up to 20 s for messages instead of "
       "returning empty at once.")
a.term("Event source mapping", "Lambda's managed poller that reads a queue and invokes a "
       "function with batches.")
a.term("Redrive", "Moving messages from a DLQ back to their source queue.")
a.term("Back-pressure", "A consumer slowing intake to the pace it can sustain.")
