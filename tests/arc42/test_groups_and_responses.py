"""What the diagrams say, the pages keep: section 5 the groups the building blocks of a level are in, with
each group's description and its own blocks (before, a group's description appeared in no page and no
diagram); section 6 which steps are responses (drawn as dashed returns); and no column of empty cells."""

from __future__ import annotations

from archkit import Workspace
from archkit.arc42 import generate_docs


def _workspace() -> Workspace:
    ws = Workspace(name="Media")
    m = ws.model
    pipeline = m.group("Pipeline", "From the master to the renditions.")
    encode = m.group("Encoding", "GPU work | spot only.", group=pipeline)
    discovery = m.group("Discovery", "What to watch.")
    m.group("Unused", "Holds nothing.")
    vod = m.software_system("VOD", "Streams video.", id="vod")
    gateway = vod.container("Gateway", "Routes.", "Envoy", id="vod.gateway")
    ingest = vod.container("Ingest", "Takes masters.", "Go", id="vod.ingest", group=pipeline)
    farm = vod.container("Farm", "Encodes.", "FFmpeg", id="vod.farm", group=encode)
    catalogue = vod.container("Catalogue", "Titles.", "Java", id="vod.catalogue", group=discovery)
    api = catalogue.component("API", "Serves titles.", "Spring", id="vod.catalogue.api")
    catalogue.component("Indexer", "Indexes.", "Spring", id="vod.catalogue.indexer", group=discovery)
    gateway.uses(api, "Routes to", "gRPC")
    ingest.uses(farm, "Schedules", "Jobs")
    ws.views.container(vod, key="containers")
    ws.views.component(catalogue, key="catalogue")
    return ws


def _page(fmt: str) -> str:
    return next(a.content.decode("utf-8") for a in generate_docs(_workspace(), fmt)
                if a.relpath == f"arc42/05_building_block_view.{fmt}")


def test_the_groups_of_each_level_are_listed_with_their_descriptions_and_blocks() -> None:
    page = _page("md")
    level1 = page[page.index("### 5.1"):page.index("### 5.2")]
    assert ("| Group | Description | Building blocks |\n| --- | --- | --- |\n"
            "| **Pipeline** | From the master to the renditions. | [Ingest](#el-vod.ingest) |\n"
            "| **Pipeline / Encoding** | GPU work \\| spot only. | [Farm](#el-vod.farm) |\n"
            "| **Discovery** | What to watch. | [Catalogue](#el-vod.catalogue) |\n") in level1
    assert "Unused" not in page  # a group no building block of the level is in is not listed
    level2 = page[page.index("#### 5.2.1"):]
    assert "| **Discovery** | What to watch. | [Indexer](#el-vod.catalogue.indexer) |" in level2
    assert "Pipeline" not in level2


def test_a_level_without_groups_has_no_group_table_and_asciidoc_has_one_too() -> None:
    ws = _workspace()
    for container in ws.model.software_systems[0].containers:
        container.group = None
    page = next(a.content.decode("utf-8") for a in generate_docs(ws, "md")
                if a.relpath == "arc42/05_building_block_view.md")
    level1 = page[page.index("### 5.1"):page.index("### 5.2")]
    assert "| Group |" not in level1
    adoc = _page("adoc")
    assert "| Group | Description | Building blocks\n| *Pipeline* | From the master to the renditions. | " in adoc


def test_a_response_step_is_marked_in_the_runtime_table() -> None:
    ws = _workspace()
    flow = ws.views.dynamic("vod", key="browse", style="sequence")
    flow.step("vod.gateway", "vod.catalogue.api", "GetTitles", "gRPC")
    flow.step("vod.catalogue.api", "vod.gateway", "Titles", response=True)
    flow.step("vod.catalogue.api", "vod.gateway", response=True)
    page = next(a.content.decode("utf-8") for a in generate_docs(ws, "md") if a.relpath == "arc42/06_runtime_view.md")
    rows = [line for line in page.splitlines() if line.startswith("| 1 ") or line.startswith("| 2 ")
            or line.startswith("| 3 ")]
    assert rows[0].endswith("| GetTitles | gRPC |")
    assert rows[1].endswith("| Titles (response) | gRPC |")
    assert rows[2].endswith("| Routes to (response) | gRPC |")  # the relationship's description, answered


def test_quality_scenarios_without_titles_get_no_empty_title_column() -> None:
    ws = _workspace()
    ws.arc42.quality_goal("QG1", 1, "Fast start")
    ws.arc42.scenario("QS1", goal="QG1", source="Viewer", stimulus="presses play", environment="peak",
                      artifact="Gateway", response="video plays", response_measure="2 s")

    def overview(ws: Workspace) -> str:
        page = next(a.content.decode("utf-8") for a in generate_docs(ws, "md")
                    if a.relpath == "arc42/10_quality_requirements.md")
        return page[page.index("### 10.1"):page.index("### 10.2")]

    assert "| Quality goal | Scenario |\n| --- | --- |\n| [Fast start]" in overview(ws)
    ws.arc42.quality_scenarios[0].title = "Play at peak"
    assert "| Quality goal | Scenario | Title |" in overview(ws) and "| Play at peak |" in overview(ws)


def test_a_column_nothing_fills_is_left_out_alike_in_every_table_of_a_section() -> None:
    ws = _workspace()
    ws.arc42.requirement("B1", "business", "Sell subscriptions")
    ws.arc42.requirement("F1", "functional", "Play a title")
    ws.arc42.debt("D1", "Old gateway config")

    def page(name: str) -> str:
        return next(a.content.decode("utf-8") for a in generate_docs(ws, "md") if a.relpath == f"arc42/{name}.md")

    intro = page("01_introduction_and_goals")
    assert intro.count("| ID | Requirement |\n| --- | --- |\n") == 2  # no Priority, no Building blocks
    assert "| ID | Technical debt |\n" in page("11_technical_risks")  # no Remedy, no Building blocks
    ws.arc42.requirements[1].priority = "high"  # one requirement has a priority: both tables show the column
    assert page("01_introduction_and_goals").count("| ID | Requirement | Priority |\n| --- | --- | --- |\n") == 2
