"""Rendered diagrams: every example view renders; SVGs are valid, complete and self-contained;
drill-down links; the same model gives the same bytes."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from xml.etree import ElementTree

import pytest

from archkit import Workspace
from archkit.load import load
from archkit.render import render_workspace
from archkit.views import compute_view
from tests.models import gallery

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.py"))
XLINK = "{http://www.w3.org/1999/xlink}href"
LINK = re.compile(r"^[A-Za-z0-9._-]+\.svg$")


@cache
def example(path: Path) -> Workspace:
    return load(path)


@cache
def rendered(name: str, formats: tuple[str, ...] = ("svg", "png")) -> dict[str, bytes]:
    ws = gallery.build() if name == "gallery" else example(ROOT / "models" / f"{name}.py")
    artifacts, _ = render_workspace(ws, formats=formats)
    return {a.relpath: a.content for a in artifacts}


CASES = ["gallery", *(p.stem for p in MODELS)]


def workspace(name: str) -> Workspace:
    return gallery.build() if name == "gallery" else example(ROOT / "models" / f"{name}.py")


@pytest.mark.parametrize("name", CASES)
def test_every_view_renders_to_svg_and_png(name: str) -> None:
    files = rendered(name)
    for spec in workspace(name).effective_views():
        svg, png = files[f"diagrams/{spec.key}.svg"], files[f"diagrams/{spec.key}.png"]
        assert svg.startswith(b"<?xml") and png.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("name", CASES)
def test_svg_is_valid_xml_and_holds_every_element_of_its_view(name: str) -> None:
    ws = workspace(name)
    for spec in ws.effective_views():
        root = ElementTree.fromstring(rendered(name)[f"diagrams/{spec.key}.svg"])
        ids = {e.get("id") for e in root.iter()}
        view = compute_view(ws, spec)
        missing = [n.id for n in view.nodes if f"el-{n.id}" not in ids]
        missing += [b.id for b in view.boundaries if f"boundary-{b.id}" not in ids]
        assert not missing, f"{spec.key}: {missing}"
        assert f"view-{spec.key}" in ids


@pytest.mark.parametrize("name", CASES)
def test_svg_has_no_external_or_absolute_href(name: str) -> None:
    keys = {v.key for v in workspace(name).effective_views()}
    for relpath, content in rendered(name).items():
        if not relpath.endswith(".svg"):
            continue
        text = content.decode()
        assert "file:" not in text and "site-packages" not in text and "/work/" not in text
        for element in ElementTree.fromstring(content).iter():
            for attr in (XLINK, "href"):
                href = element.get(attr)
                if href is None:
                    continue
                local = href.startswith(("data:image/png;base64,", "#archkit-icon-"))
                sibling = bool(LINK.match(href)) and href[:-4] in keys
                assert local or sibling, f"{relpath}: href {href[:60]!r}"


def test_icons_are_embedded_once_each_as_data_uris() -> None:
    svg = rendered("gallery")["diagrams/container-orders.svg"].decode()
    assert svg.count("data:image/png;base64,") == svg.count("<symbol ") == 7  # six icons and the person glyph
    assert svg.count('<use xlink:href="#archkit-icon-') == 7


def test_elements_link_to_their_deeper_view() -> None:
    files = rendered("gallery")
    context = ElementTree.fromstring(files["diagrams/system-context-orders.svg"])
    links = {a.get(XLINK) for a in context.iter("{http://www.w3.org/2000/svg}a") if a.get(XLINK)}
    assert links == {"container-orders.svg"}
    container = files["diagrams/container-orders.svg"].decode()
    assert 'xlink:href="component-orders-api.svg"' in container
    assert 'xlink:href="container-orders.svg"' not in container  # never to itself


def boundary_links(svg: bytes, boundary: str) -> set[str]:
    """The hrefs of the links drawn on the boundary ``boundary`` (its SVG group ``boundary-<id>``)."""
    root = ElementTree.fromstring(svg)
    group = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == f"boundary-{boundary}")
    return {a.get(XLINK) for a in group.iter("{http://www.w3.org/2000/svg}a") if a.get(XLINK)}


def test_a_views_scope_links_up_to_the_view_that_shows_it_from_outside() -> None:
    files = rendered("gallery")
    assert boundary_links(files["diagrams/container-orders.svg"], "orders") == {"system-context-orders.svg"}
    component = files["diagrams/component-orders-api.svg"]
    assert boundary_links(component, "orders.api") == {"container-orders.svg"}


@pytest.mark.parametrize("name", [p.stem for p in MODELS])
def test_every_examples_container_view_links_up_to_its_context_view(name: str) -> None:
    from archkit.model import ContainerView, SystemContextView

    views = workspace(name).effective_views()
    context = {v.software_system: v.key for v in views if isinstance(v, SystemContextView)}
    checked = 0
    for view in views:
        if isinstance(view, ContainerView) and view.software_system in context:
            svg = rendered(name)[f"diagrams/{view.key}.svg"]
            assert boundary_links(svg, view.software_system) == {f"{context[view.software_system]}.svg"}, view.key
            checked += 1
    assert checked, f"{name}: no container view with a context view"


def test_rendering_twice_gives_identical_bytes_for_svg_png_and_pdf() -> None:
    formats = ("svg", "png", "pdf")
    first, _ = render_workspace(gallery.build(), formats=formats, views=["deployment-live", "checkout-flow"])
    second, _ = render_workspace(gallery.build(), formats=formats, views=["deployment-live", "checkout-flow"])
    assert [a.relpath for a in first] == [a.relpath for a in second] and len(first) == 6
    for a, b in zip(first, second, strict=True):
        assert a.content == b.content, a.relpath


def test_pdf_carries_no_creation_time() -> None:
    artifacts, _ = render_workspace(gallery.build(), formats=("pdf",), views=["system-landscape"])
    pdf = artifacts[0].content
    assert pdf.startswith(b"%PDF") and b"/CreationDate (D:20000101000000" in pdf
