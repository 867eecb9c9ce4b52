"""The faster layout measure (issue 18) gives every figure and every defect the measure gave before.

``tests/render/reference/`` keeps a frozen copy of the measure as it was; both read the geometry of
every layout the search measures while drawing the example models (``models/*.py``: each view's
candidates too), of the renderer's gallery and of the synthetic model of 100 elements (denser, with
edges through elements), and must agree exactly: figures unrounded, defects with their exact points.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from archkit import Workspace
from archkit.load import load
from archkit.render import render_views, search
from archkit.render.quality import WEIGHTS, Defect, Quality, measure_json
from tests.models import gallery
from tests.render.reference import quality as reference

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.py"))


def _synthetic(tmp: Path) -> Workspace:
    spec = importlib.util.spec_from_file_location("bench_synth_same", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return load(module.write_model(100, tmp / "synth-100.json"))


@pytest.fixture(scope="module")
def geometries(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Every ``-Tjson``/``-Tjson0`` document the layout search measured while drawing the examples."""
    seen: list[bytes] = []
    measure = search.measure_json

    def recording(text: str | bytes) -> Quality:
        seen.append(text if isinstance(text, bytes) else text.encode())
        return measure(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "measure_json", recording)
        for ws in [*(load(model) for model in MODELS), gallery.build(), _synthetic(tmp_path_factory.mktemp("synth"))]:
            render_views(ws, formats=("svg",), jobs=1)
    return seen


#: The kinds of ``label_overlaps`` the reference does not count (a label over its own end element, hidden
#: arrowheads: ``h/reader``, pinned in ``tests/render/test_quality.py``); every other defect must be its.
LATER = ("label-end", "arrow-label", "arrow-element")


def _older(d: Defect | reference.Defect) -> bool:
    return d.measure in reference.MEASURES and d.kind not in LATER


def _exact(q: Quality | reference.Quality) -> tuple[object, ...]:
    """Every figure and defect the reference measures (``label_rails`` and ``titles_crossed`` came after
    it: pinned in ``tests/render/test_quality_rails.py`` and ``test_quality.py``), the later kinds of
    label overlaps taken out of the count and the score."""
    later = sum(d.kind in LATER for d in q.defects if d.measure == "label_overlaps")
    figures = {m: getattr(q, m) - (later if m == "label_overlaps" else 0) for m in reference.MEASURES}
    defects = tuple((d.measure, d.subject, d.other, d.kind, d.at) for d in q.defects if _older(d))
    score = q.score - WEIGHTS["label_overlaps"] * later
    return (*figures.values(), q.fill, q.width, q.height, score, defects)


def _known(report: dict[str, object]) -> dict[str, object]:
    """``report`` (:meth:`Quality.to_dict`) without what the reference does not measure."""
    defects = report["defects"]
    assert isinstance(defects, list)
    later = [d for d in defects if d["measure"] == "label_overlaps" and d["kind"] in LATER]
    overlaps = report["label_overlaps"]
    score = report["score"]
    assert isinstance(overlaps, int) and isinstance(score, int)
    return {**{k: v for k, v in report.items() if k not in ("label_rails", "titles_crossed")},
            "label_overlaps": overlaps - len(later), "score": score - WEIGHTS["label_overlaps"] * len(later),
            "defects": [d for d in defects if d["measure"] in reference.MEASURES and d not in later]}


def test_the_corpus_has_every_example_view_and_every_kind_of_defect(geometries: list[bytes]) -> None:
    assert len(MODELS) == 7 and len(geometries) >= 60
    found = {d.measure for doc in geometries for d in reference.measure_json(doc).defects}
    # label overlaps and detached labels the layouts avoid: tests/render/test_quality.py pins those
    assert {"crossings", "edge_through_element", "labels_crossed", "backward_edges"} <= found, found


def test_the_later_measures_only_add_to_the_reference(geometries: list[bytes]) -> None:
    """The later kinds of label overlaps are overlaps the reference excused (a label at its own end) or did
    not look at (arrowheads): never one it named, and each names an edge and the object over it."""
    for n, doc in enumerate(geometries):
        named = {(d.subject, d.other, d.at) for d in reference.measure_json(doc).defects}
        for d in measure_json(doc).defects:
            if d.kind in LATER:
                assert d.measure == "label_overlaps" and "->" in d.subject and d.other, (n, d)
                assert (d.subject, d.other, d.at) not in named, (n, d)


def test_every_figure_and_defect_is_the_reference_measures(geometries: list[bytes]) -> None:
    for n, doc in enumerate(geometries):
        assert _exact(measure_json(doc)) == _exact(reference.measure_json(doc)), f"document {n}"
        assert _known(measure_json(doc).to_dict()) == reference.Quality.to_dict(reference.measure_json(doc)), n  # type: ignore[arg-type]
