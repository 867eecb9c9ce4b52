"""`archkit new`: a starter model that passes `archkit check --strict`."""

from __future__ import annotations

from archkit.ids import slugify

_PY = '''"""{title}: an archkit model. Build it with `archkit build {filename}`."""

from archkit import Workspace

workspace = Workspace(name="{title}", description="What {title} is for, in one sentence.")
m = workspace.model

user = m.person("User", "Someone who uses {title}.")
system = m.software_system("{title}", "The system this model describes.")
web = system.container("Web App", "Serves the user interface.", "Python, FastAPI")
db = system.container("Database", "Stores the data.", "PostgreSQL", tags=["Database"])
email = m.software_system("E-mail", "Sends notifications.", location="external")

user.uses(web, "Uses", "HTTPS")
web.uses(db, "Reads and writes", "SQL/TCP")
web.uses(email, "Sends e-mail through", "SMTP")

prod = m.deployment_node("Cloud", "The hosting platform.", "Kubernetes", environment="Production")
prod.container_instance(web)
prod.deployment_node("Managed PostgreSQL", "Database service.", "PostgreSQL 16").container_instance(db)

workspace.views.system_context(system, title="{title} — System Context")
workspace.views.container(system, title="{title} — Containers")
workspace.views.deployment("Production", system, title="{title} — Production")

a = workspace.arc42
a.requirement("R1", "functional", "Users can sign in", "With their company account.")
a.quality_goal("QG1", 1, "Responsiveness", "Pages feel instant.")
a.scenario(
    "QS1", goal="QG1", source="User", stimulus="opens the start page", environment="normal load",
    artifact="Web App", response="the page is shown", response_measure="p95 < 300 ms",
)
a.stakeholder("Product owner", "po@example.com", "Features ship predictably.")
a.decision("0001", "Use PostgreSQL", status="accepted", context="We need a relational store.",
           decision="Use managed PostgreSQL.", consequences="The team runs no database servers.")
a.term("{title}", "The system this model describes.")
'''


def starter_model(name: str) -> tuple[str, str]:
    """The file name and Python source of a starter model called ``name``."""
    title = " ".join(w.capitalize() for w in slugify(name).split("-")) or "My System"
    filename = slugify(name).replace("-", "_") + ".py"
    return filename, _PY.format(title=title.replace('"', ""), filename=filename)
