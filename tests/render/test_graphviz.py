"""The Graphviz runner: missing `dot`, failures, timeouts, warnings, PNG resolution, PDF dates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from archkit.errors import GraphvizNotFoundError, RenderError
from archkit.render import graphviz, render_workspace
from archkit.render.svg import fixed_pdf_dates
from tests.models import gallery


@pytest.fixture
def no_dot(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    graphviz.dot_executable.cache_clear()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    yield
    graphviz.dot_executable.cache_clear()


def test_missing_dot_raises_a_clear_graphviz_not_found_error(no_dot: None) -> None:
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        render_workspace(gallery.build(), formats=("svg",))


def test_dot_text_needs_no_graphviz(no_dot: None) -> None:
    artifacts, _ = render_workspace(gallery.build(), formats=("dot",), views=["system-landscape"])
    assert [a.relpath for a in artifacts] == ["diagrams/system-landscape.dot"]


def test_graphviz_warnings_are_returned() -> None:
    out = graphviz.run_dot('digraph { a [shape=nonsense]; }', "svg")
    assert any("nonsense" in w for w in out.warnings)


def test_graphviz_failure_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="Graphviz failed"):
        graphviz.run_dot("digraph { a -> ", "svg")


def test_a_slow_layout_times_out() -> None:
    big = "digraph {" + " ".join(f"n{i} -> n{(i * 7) % 997};" for i in range(3000)) + "}"
    with pytest.raises(graphviz.DotTimeout, match="longer than"):
        graphviz.run_dot(big, "svg", timeout=0.01)


def test_huge_drawings_get_a_lower_png_resolution() -> None:
    assert graphviz.png_dpi(b'<svg width="1000pt" height="800pt"') is None
    dpi = graphviz.png_dpi(b'<svg width="20000pt" height="20000pt"')
    assert dpi is not None and dpi < 96
    assert (20000 / 72 * dpi) ** 2 <= graphviz.MAX_PNG_PIXELS


def test_svg_hrefs_to_unknown_files_are_dropped() -> None:
    out = graphviz.render('digraph { a [image="/etc/hostname"]; b [URL="https://example.com"]; }', "svg")
    svg = out.content.decode()
    assert "/etc/hostname" not in svg and "example.com" not in svg
    assert any("dropped a reference" in w for w in out.warnings)


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "render"


@pytest.mark.parametrize("view", ["bigbank/Containers.dot", "bigbank/LiveDeployment.dot",
                                  "models/lambda_architecture/containers.dot",
                                  "models/event_driven_sqs/poison-message.dot"])
def test_one_layout_drawn_in_several_formats_gives_the_bytes_of_one_run_per_format(view: str) -> None:
    dot = (GOLDEN / view).read_text(encoding="utf-8")
    together = graphviz.run_dot_formats(dot, ["svg", "png", "pdf"])
    for fmt in ("svg", "png", "pdf"):
        alone = graphviz.run_dot(dot, fmt).content
        if fmt == "pdf":  # cairo stamps the time: compare without it
            assert fixed_pdf_dates(together[fmt].content) == fixed_pdf_dates(alone)
        else:
            assert together[fmt].content == alone, fmt


def test_a_failure_in_a_run_of_several_formats_is_a_render_error() -> None:
    with pytest.raises(RenderError, match="Graphviz failed"):
        graphviz.run_dot_formats("digraph { a -> ", ["svg", "png"])


def _png_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_a_small_view_whose_drawing_is_huge_after_all_gets_its_png_redrawn_at_lower_resolution(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gallery.build()
    normal, _ = render_workspace(ws, formats=("svg", "png"), views=["system-landscape"])
    monkeypatch.setattr(graphviz, "png_dpi", lambda svg, max_pixels=graphviz.MAX_PNG_PIXELS: 24)
    reduced, messages = render_workspace(ws, formats=("svg", "png"), views=["system-landscape"])
    png = {a.relpath: a.content for a in normal}["diagrams/system-landscape.png"]
    smaller = {a.relpath: a.content for a in reduced}["diagrams/system-landscape.png"]
    assert _png_size(smaller)[0] * 3 < _png_size(png)[0]  # 24 dpi against 96: a quarter of the width
    assert any("drawn at 24 dpi" in m for m in messages)


def test_the_version_is_read_by_the_graphviz_package() -> None:
    import graphviz as graphviz_package

    found = graphviz.version()
    assert found == graphviz_package.version() and len(found) >= 2 and found[0] >= 2
    assert graphviz.version_text() == ".".join(map(str, found))


def test_a_failure_names_the_graphviz_version() -> None:
    with pytest.raises(RenderError, match=r"Graphviz failed \(Error: .*syntax error.*; Graphviz \d+\.\d+"):
        graphviz.run_dot("digraph { a -> ", "svg")
