"""Image views (Structurizr's pictures drawn elsewhere): kept as references, read only inside the model's
folder, drawn as the picture or as a page saying what they reference, and carried through Structurizr
JSON and DSL both ways."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from archkit import ImageView, Workspace, load
from archkit.arc42.layout import plan_layout
from archkit.cli import app
from archkit.errors import LoadError, RenderError
from archkit.export import export, export_text, image_notes
from archkit.importers import import_structurizr
from archkit.importers.diagram_urls import MAX_SOURCE, diagram_source, diagram_url, plantuml_decode, plantuml_encode
from archkit.model.model import ModelIndex
from archkit.render import render_workspace

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
PUML = "@startuml\nBob -> Alice : hello <b>\n@enduml"
SERVER = "https://plantuml.example/plantuml"


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x10\x20\x30" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def workspace() -> Workspace:
    ws = Workspace(name="Pictures")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Serves.", "Python")
    ws.views.container(shop)
    ws.views.image(PUML, api, key="uml", title="Classes", source_type="plantuml", server=SERVER)
    ws.views.image("flowchart LR\n  a --> b", key="flow", source_type="mermaid", server="https://mermaid.example")
    ws.views.image("digraph { a -> b }", key="graph", source_type="kroki", kroki_format="graphviz",
                   server="https://kroki.example")
    ws.views.image("https://example.com/pictures/context.png", shop, key="remote", description="Drawn by hand.")
    ws.views.image("data:image/png;base64," + base64.b64encode(png(3, 2)).decode(), key="embedded")
    ws.views.image(PUML, key="serverless", source_type="plantuml")
    return ws


# ---- the model ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "says"), [
    ("../secret.png", "is not inside the model's folder"),
    ("/etc/secret.png", "is not inside the model's folder"),
    ("file:///etc/secret.png", "neither an http.s. URL nor a file"),
    ("javascript:alert(1)", "neither an http.s. URL nor a file"),
    ("notes.txt", "is not a PNG, JPEG, GIF or SVG file"),
    ("data:image/png;base64,PHN2Zz48L3N2Zz4=", "is not a base64 data: URI"),  # an SVG's bytes called a PNG
    ("data:text/html;base64,PHA+", "is not a base64 data: URI"),
])
def test_an_image_source_that_is_no_picture_beside_the_model_is_refused(source: str, says: str) -> None:
    with pytest.raises(ValidationError, match=says):
        ImageView(source=source)


def test_an_image_view_takes_no_selection_and_kroki_needs_its_format() -> None:
    with pytest.raises(ValidationError, match="takes no include"):
        ImageView(source="a.png", include=["shop"])
    with pytest.raises(ValidationError, match="kroki_format goes with"):
        ImageView(source="a -> b", source_type="kroki")
    with pytest.raises(ValidationError, match="is not an http"):
        ImageView(source=PUML, source_type="plantuml", server="file:///srv")


def test_an_image_view_is_about_a_system_container_or_component_only() -> None:
    ws = Workspace(name="W")
    person = ws.model.person("User")
    ws.views.image("a.png", person)
    findings = [f for f in __import__("archkit").check(ws) if f.rule == "view.scope-type"]
    assert findings and "an image view needs a software system or container or component" in findings[0].message


# ---- loading and drawing -------------------------------------------------------------------------------


def _model(folder: Path, source: str, extra: str = "") -> Path:
    path = folder / "model.yaml"
    path.write_text("name: Pictures\nmodel:\n  software_systems:\n    - {id: shop, name: Shop, description: Sells.}\n"
                    f"views:\n  - {{type: image, key: pic, title: Picture, source: {source}, element: shop}}\n{extra}",
                    encoding="utf-8")
    return path


def test_a_local_png_is_copied_byte_for_byte_and_embedded_in_the_svg(tmp_path: Path) -> None:
    picture = png(40, 30)
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "context.png").write_bytes(picture)
    ws = load(_model(tmp_path, "img/context.png"))
    artifacts, messages = render_workspace(ws, ("svg", "png", "dot"))
    files = {a.relpath: a.content for a in artifacts}
    assert files["diagrams/pic.png"] == picture
    svg = files["diagrams/pic.svg"].decode()
    assert 'width="40px" height="30px"' in svg
    assert "data:image/png;base64," + base64.b64encode(picture).decode() in svg
    assert "http" not in svg.replace("http://www.w3.org/", "")  # nothing to load
    assert messages == []
    (tmp_path / "img" / "context.png").write_bytes(png(41, 30))  # another picture: another DOT, drawn again
    again = {a.relpath: a.content for a in render_workspace(load(tmp_path / "model.yaml"), ("dot",))[0]}
    assert again["diagrams/pic.dot"] != files["diagrams/pic.dot"]


def test_a_local_image_must_be_a_file_of_its_type_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "fake.png").write_text("GIF89a", encoding="utf-8")
    with pytest.raises(LoadError, match="the file is not the PNG its name says"):
        load(_model(tmp_path, "fake.png"))
    with pytest.raises(LoadError, match="file not found"):
        load(_model(tmp_path, "gone.png"))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(png(2, 2))
    (tmp_path / "link.png").symlink_to(outside)
    with pytest.raises(LoadError, match="is outside the model's folder"):
        load(_model(tmp_path, "link.png"))


def test_sources_archkit_does_not_draw_get_a_page_saying_what_they_reference() -> None:
    ws = workspace()
    artifacts, messages = render_workspace(ws, ("svg", "dot"), views=["uml", "remote", "serverless"])
    files = {a.relpath: a.content.decode() for a in artifacts}
    assert "Bob -&gt; Alice : hello &lt;b&gt;" in files["diagrams/uml.dot"]  # the source, escaped
    assert "Image view of API" in files["diagrams/uml.svg"]
    assert "https://example.com/pictures/context.png" in files["diagrams/remote.svg"]
    assert "<image" not in files["diagrams/remote.svg"]  # a URL is shown as text, never loaded
    assert any("view 'remote': an image view of the image at" in m for m in messages)
    assert render_workspace(ws, ("svg",), views=["uml"]) == render_workspace(ws, ("svg",), views=["uml"])


def test_an_embedded_picture_is_drawn_from_its_data_uri() -> None:
    files = {a.relpath: a.content for a in render_workspace(workspace(), ("png", "svg"), views=["embedded"])[0]}
    assert files["diagrams/embedded.png"] == png(3, 2)
    assert b'width="3px" height="2px"' in files["diagrams/embedded.svg"]


def test_image_views_go_to_the_whitebox_of_their_container_in_arc42() -> None:
    ws = load(FIXTURES / "big-bank-plc.json")
    layout = plan_layout(ws, ModelIndex(ws.model))
    facade = next(v for v in ws.views if isinstance(v, ImageView))
    assert facade.element == "16"  # a component of the API application ("11")
    assert facade in layout.views_in("wb:11")
    ours = workspace()
    layout = plan_layout(ours, ModelIndex(ours.model))
    assert [v.key for v in layout.views_in("wb:shop.api")] == ["uml"]
    assert {"remote", "flow", "embedded"} <= {v.key for v in layout.views_in("5.1")}


# ---- Structurizr JSON and DSL ----------------------------------------------------------------------------


def _pictures(ws: Workspace) -> list[dict[str, Any]]:
    """The image views, the element they are about by its name (ids may change on the way)."""
    names = ModelIndex(ws.model)
    return [{**v.model_dump(), "element": v.element and names.display_name(v.element)}
            for v in ws.views if isinstance(v, ImageView)]


def test_structurizr_json_export_and_import_keep_every_image_view() -> None:
    ws = workspace()
    exported = json.loads(export_text(ws, "structurizr"))
    assert exported["views"]["configuration"]["properties"] == {
        "plantuml.url": SERVER, "mermaid.url": "https://mermaid.example", "kroki.url": "https://kroki.example"}
    by_key = {v["key"]: v for v in exported["views"]["imageViews"]}
    assert by_key["uml"]["content"] == f"{SERVER}/svg/{plantuml_encode(PUML)}"
    assert by_key["uml"]["elementId"] == "shop.api" and "properties" not in by_key["uml"]
    assert by_key["remote"]["contentType"] == "image/png"
    assert "archkit.json.source" in by_key["serverless"]["properties"]  # no URL to carry it: kept as archkit's
    again = import_structurizr(exported, "ws").workspace
    assert _pictures(again) == _pictures(ws)


def test_dsl_export_parses_back_to_the_same_image_views(tmp_path: Path) -> None:
    ws = workspace()
    text = export_text(ws, "dsl")
    assert '"plantuml.url" "https://plantuml.example/plantuml"' in text
    assert "# image view \"embedded\": its picture is embedded" in text
    assert "# image view \"serverless\": plantuml source with no server" in text
    (tmp_path / "workspace.dsl").write_text(text, encoding="utf-8")
    again = load(tmp_path / "workspace.dsl")
    kept = [p for p in _pictures(ws) if p["key"] not in ("embedded", "serverless")]
    assert _pictures(again) == kept


def test_structurizr_content_archkit_cannot_keep_is_reported_and_left_out() -> None:
    data = {"name": "W", "model": {}, "views": {"imageViews": [
        {"key": "local", "order": 1, "content": "file:///etc/passwd"},
        {"key": "odd", "order": 2, "content": "https://plantuml.example/plantuml/svg/not~packed"}]},
        "configuration": {}}
    data["views"]["configuration"] = {"properties": {"plantuml.url": SERVER}}
    result = import_structurizr(data, "w.json")
    assert [v.key for v in result.workspace.views] == ["odd"]  # not a packed source: kept as the URL it is
    assert result.workspace.views["odd"].source_type == "image"  # type: ignore[union-attr]
    assert any("view 'local'" in w and "left out" in w for w in result.warnings)


@pytest.mark.parametrize(("language", "fmt"), [("plantuml", ""), ("mermaid", ""), ("kroki", "graphviz")])
def test_diagram_server_urls_unpack_to_their_source(language: Any, fmt: str) -> None:
    source = "A -> B : ünïcödé\n" * 50
    url = diagram_url(language, source, "https://server.example/", fmt)
    prop = {"plantuml": "plantuml.url", "mermaid": "mermaid.url", "kroki": "kroki.url"}[language]
    assert diagram_source(url, {prop: "https://server.example/"}) == (language, source, "https://server.example/", fmt)


def test_a_packed_source_that_unpacks_past_the_limit_is_not_unpacked() -> None:
    bomb = base64.urlsafe_b64encode(zlib.compress(b"a" * (MAX_SOURCE + 1), 9)).decode()
    assert diagram_source(f"https://k.example/graphviz/svg/{bomb}", {"kroki.url": "https://k.example"}) is None
    assert plantuml_decode("!!!!") is None


# ---- the other exports and the CLI -------------------------------------------------------------------------


def test_per_view_exports_leave_pictures_out_with_a_note_or_write_their_own_source() -> None:
    ws = workspace()
    plantuml = {d.key: d.definition for d in export(ws, "plantuml")}
    assert plantuml["uml"] == PUML + "\n" and "remote" not in plantuml
    assert {d.key for d in export(ws, "mermaid")} >= {"flow"}
    assert "remote" not in {d.key for d in export(ws, "d2")}
    notes = image_notes(ws, "d2")
    assert len(notes) == 6 and notes[0].startswith("view 'uml': an image view (plantuml source) has no diagram")
    assert {d.key for d in export(ws, "dot")} >= {"uml", "remote"}  # the page archkit draws
    with pytest.raises(RenderError, match="view 'remote': an image view"):
        export(ws, "d2", "remote")


def test_import_writes_a_python_model_with_the_image_view(tmp_path: Path) -> None:
    out = tmp_path / "text_block.py"
    result = CliRunner().invoke(app, ["import", str(FIXTURES / "dsl" / "text-block.dsl"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output
    assert "workspace.views.image(" in out.read_text(encoding="utf-8")
    view = load(out).views["image"]
    assert isinstance(view, ImageView) and view.source_type == "plantuml" and "class MyClass" in view.source


# ---- building ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["yaml", "py"])
def test_a_changed_picture_makes_the_build_stale_and_is_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    kind: str) -> None:
    """The picture is an input of the build: only it changed, yet the model is not up to date."""
    monkeypatch.chdir(tmp_path)
    models = tmp_path / "models"
    (models / "img").mkdir(parents=True)
    (models / "img" / "context.png").write_bytes(png(40, 30))
    if kind == "yaml":
        _model(models, "img/context.png")
    else:
        (models / "model.py").write_text(
            "from archkit import Workspace\nworkspace = Workspace(name='Pictures')\n"
            "shop = workspace.model.software_system('Shop', 'Sells.')\n"
            "workspace.views.image('img/context.png', shop, key='pic', title='Picture')\n", encoding="utf-8")
    env = {"CI": "true"}
    assert CliRunner().invoke(app, ["build", "-j", "1"], env=env).exit_code == 0
    again = CliRunner().invoke(app, ["build", "-j", "1"], env=env)
    assert "up to date" in again.output and "built" not in again.output
    (models / "img" / "context.png").write_bytes(png(41, 30))  # only the picture changes
    check = CliRunner().invoke(app, ["build", "--check", "-j", "1"], env=env)
    assert check.exit_code == 1, check.output
    assert "out/model/diagrams/pic.png (differs)" in check.output
    assert "out/model/diagrams/pic.svg (differs)" in check.output
    rebuilt = CliRunner().invoke(app, ["build", "-j", "1"], env=env)
    assert rebuilt.exit_code == 0 and "built" in rebuilt.output, rebuilt.output
    assert (tmp_path / "out" / "model" / "diagrams" / "pic.png").read_bytes() == png(41, 30)
    assert CliRunner().invoke(app, ["build", "--check", "-j", "1"], env=env).exit_code == 0
    (models / "img" / "context.png").unlink()  # a picture gone: not up to date (the build then names it)
    gone = CliRunner().invoke(app, ["build", "-j", "1"], env=env)
    assert gone.exit_code != 0 and "img/context.png" in gone.output and "file not found" in gone.output
