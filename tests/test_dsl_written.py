"""Structurizr workspaces written the way users write them (``fixtures/structurizr/written``, see its README):
each is imported, drawn-ready, and archkit's own DSL and Structurizr JSON exports read back as the same model."""

from __future__ import annotations

from pathlib import Path

from archkit import Workspace, load
from archkit.export import export_text
from archkit.importers import collected_warnings
from archkit.importers.derived import replicated_relationships
from archkit.load import load_bytes
from archkit.model import DynamicStep
from archkit.views import compute_view

WRITTEN = Path(__file__).parent / "fixtures" / "structurizr" / "written"


def _loaded(name: str) -> tuple[Workspace, list[str]]:
    with collected_warnings() as warnings:
        ws = load(WRITTEN / name)
    return ws, warnings


def _read_back(ws: Workspace, fmt: str, suffix: str, folder: Path) -> Workspace:
    return load_bytes(export_text(ws, fmt).encode(), f"again.{suffix}", folder=folder)


def test_harbour_structurizr_5_shapes_are_imported_as_the_nearest_archkit_shape() -> None:
    ws, warnings = _loaded("harbour/workspace.dsl")  # element "Bucket" { shape Bucket } refused on main
    shapes = {s.tag: s.shape for s in ws.styles.elements}
    assert shapes["Bucket"] == "cylinder" and shapes["Database"] == "cylinder"
    assert any("element style 'Bucket': shape Bucket has no archkit equivalent — drawn as cylinder" in w
               for w in warnings), warnings


def test_harbour_round_trips_through_both_exports(tmp_path: Path) -> None:
    ws, _warnings = _loaded("harbour/workspace.dsl")
    assert len(ws.views) == 10 and len(ws.model.relationships) == 39
    for fmt, suffix in (("structurizr", "json"), ("dsl", "dsl")):
        again = _read_back(ws, fmt, suffix, tmp_path)
        assert again.model_dump(mode="json") == ws.model_dump(mode="json"), fmt


def test_a_deployment_view_of_some_instances_keeps_only_them_through_the_dsl_export(tmp_path: Path) -> None:
    ws, _warnings = _loaded("harbour/workspace.dsl")
    view = ws.views["ProductionNord"]  # include "element.tag==Blue" pcs.apiGateway: three instances
    shown = [n.id for n in compute_view(ws, view).nodes]
    assert len(shown) == 3
    text = export_text(ws, "dsl")
    block = text[text.index('"ProductionNord" {'):].split("}", 1)[0]
    assert "production_k8sNord\n" not in block  # 'include node' would bring the whole node (main wrote it)
    again = _read_back(ws, "dsl", "dsl", tmp_path)
    assert again.views["ProductionNord"].include == view.include
    assert [n.id for n in compute_view(again, again.views["ProductionNord"]).nodes] == shown


def test_clinic_split_over_files_keeps_what_each_statement_says(tmp_path: Path) -> None:
    ws, warnings = _loaded("clinic/workspace.dsl")
    assert ws.name == "Praxisverbund Süd — Patientenportal"  # !const before the workspace
    records = next(s for s in ws.model.software_systems if s.id == "records")
    assert records.tags == ["PHI"]  # !element in another file than the element
    assert records.properties['data "class"'] == "special category (Art. 9 GDPR)"
    assert records.properties["perspective:Privacy"] == "Encrypted at rest; access logged"  # !elements
    assert records.description == "The electronic patient record:\nfindings, letters and prescriptions."
    notify = next(r for r in ws.model.relationships if r.destination == "mailer")
    assert notify.tags == ["Async"] and notify.url == "https://wiki.example.org/reminders"  # !relationship
    assert [c.title for c in ws.arc42.concepts] == ["Context", "Quality goals"]  # !docs
    assert [d.id for d in ws.arc42.decisions] == ["1", "2"]  # !adrs
    assert not [w for w in warnings if "theme" not in w and "BoundariesVisible" not in w], warnings
    again = _read_back(ws, "structurizr", "json", tmp_path)
    assert again.model_dump(mode="json") == ws.model_dump(mode="json")


def test_an_instance_description_survives_the_dsl_export(tmp_path: Path) -> None:
    ws, _warnings = _loaded("clinic/workspace.dsl")  # containerInstance recordsDb { description "Primary" }
    again = _read_back(ws, "dsl", "dsl", tmp_path)  # main wrote no description: "" came back
    assert again.model_dump(mode="json")["model"] == ws.model_dump(mode="json")["model"]
    assert [i.description for n, _p in again.model.walk_deployment() for i in n.container_instances
            if i.container == "recordsDb"] == ["Primary"]


def test_ferry_extends_a_shared_landscape_and_keeps_what_structurizr_makes_of_it(tmp_path: Path) -> None:
    ws, warnings = _loaded("ferry/workspace.dsl")  # 'workspace extends base.dsl', !identifiers hierarchical
    assert ws.name == "Fährlinie Nordsee — boarding"  # the extending workspace's name
    assert [p.id for p in ws.model.people] == ["passenger"]  # from base.dsl
    assert [(c.id, c.metadata, c.tags) for c in ws.model.custom_elements] == [("gate", "Turnstile", ["Hardware"])]
    assert [(r.source, r.destination) for r in ws.model.relationships if "Async" in r.tags] == [
        ("boarding.scanner", "boarding.events"), ("booking.api", "boarding.events")]
    # each warning names its file and line (the views' options Structurizr writes and archkit does not keep)
    assert warnings and all(w.split(": ", 1)[0].rsplit(":", 1)[1].isdigit() for w in warnings), warnings
    steps = ws.views["Boarding-Flow"].steps  # '1:' '2:' '3:' explicit orders
    assert [(s.source, s.destination) for s in steps if isinstance(s, DynamicStep)] == [
        ("gate", "boarding.scanner"), ("boarding.scanner", "booking.api"), ("boarding.scanner", "boarding.events")]
    for fmt, suffix in (("structurizr", "json"), ("dsl", "dsl")):
        again = _read_back(ws, fmt, suffix, tmp_path)
        assert again.model_dump(mode="json") == ws.model_dump(mode="json"), fmt


def test_ferry_replicates_relationships_only_within_a_deployment_group() -> None:
    ws, _warnings = _loaded("ferry/workspace.dsl")
    instance = {(n.name, i.container): i.id for n, _p in ws.model.walk_deployment() for i in n.container_instances}
    view = compute_view(ws, ws.views["LiveBoarding"])
    edges = sorted((e.source, e.destination) for e in view.edges)
    events = instance[("Cloud", "boarding.events")]  # in Pier A and Pier B: both scanners reach it
    assert edges == sorted([(instance[("Pier A edge", "boarding.scanner")], events),
                            (instance[("Pier B edge", "boarding.scanner")], events)])
    # booking.api's instance is in no group ("Default"): Structurizr copies no relationship to the events there
    api = instance[("Cloud", "booking.api")]
    copies = replicated_relationships(ws.model, ws.model.index())
    assert sorted((r.source, r.destination) for r in copies) == edges and all(api not in (r.source, r.destination)
                                                                          for r in copies)


def test_library_included_folder_nested_groups_docs_and_madr_decisions(tmp_path: Path) -> None:
    ws, warnings = _loaded("library/workspace.dsl")  # '!include model': a folder, its files in name order
    assert [(g.id, g.name, g.group) for g in ws.model.groups] == [
        ("stadt", "Stadt", None), ("it", "IT", "stadt"), ("altbestand", "Altbestand", "it")]  # "/" separator
    assert {s.id: s.group for s in ws.model.software_systems} == {"lending": "it", "catalogue": "altbestand"}
    assert [(d.id, d.status, str(d.date)) for d in ws.arc42.decisions] == [("1", "accepted", "2026-03-01")]  # madr
    assert ws.arc42.decisions[0].decision.startswith("Chosen option: keep it")
    assert [c.title for c in ws.arc42.concepts] == ["Context"]  # an AsciiDoc page: kept as text, said so
    assert warnings == [f"{WRITTEN / 'library' / 'docs' / '01-context.adoc'}:1: section '01-context.adoc': AsciiDoc "
                        "sections are kept as text — archkit writes them into Markdown pages"]
    shown = {v.key: sorted(n.id for n in compute_view(ws, v).nodes) for v in ws.views}
    assert shown["WithoutLegacy"] == ["desk", "lending", "librarian", "reader"]  # filtered: no "Legacy" tag
    assert shown["Opening"] == ["desk"]  # a custom view holds custom elements only
    json_again = _read_back(ws, "structurizr", "json", tmp_path)
    assert json_again.model_dump(mode="json") == ws.model_dump(mode="json")
    dsl_again = _read_back(ws, "dsl", "dsl", tmp_path).model_dump(mode="json")  # the DSL export has no arc42
    assert {k: v for k, v in dsl_again.items() if k != "arc42"} == {
        k: v for k, v in ws.model_dump(mode="json").items() if k != "arc42"}
