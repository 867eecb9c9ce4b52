"""Exporters: Workspace -> text in other tools' formats. Pure functions; nothing here writes files.

=====================  ===========================================  ==========
format                 what                                         per
=====================  ===========================================  ==========
``structurizr``        Structurizr workspace JSON                   workspace
``dsl``                Structurizr DSL                              workspace
``plantuml``           C4-PlantUML (standard ``<C4/...>`` macros)   view
``mermaid``            Mermaid C4 diagram                           view
``mermaid-flowchart``  Mermaid flowchart (fallback for Mermaid C4)  view
``d2``                 D2                                           view
``dot``                Graphviz DOT, as archkit renders it          view
``python``             archkit Python model (``archkit import``)    workspace
``importlinter``       the model's rules as import-linter contracts workspace
=====================  ===========================================  ==========
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archkit.errors import RenderError, printable
from archkit.export.diagram import Diagram, image_note, select_views
from archkit.model import ImageView, Workspace
from archkit.output import Artifact, safe_name

__all__ = ["FORMATS", "Diagram", "export", "export_artifacts", "export_notes", "export_text", "image_notes",
           "is_per_view"]

_PerView = Callable[[Workspace, "str | None"], list[Diagram]]


def _structurizr(ws: Workspace) -> str:
    from archkit.export.structurizr_json import to_structurizr_json

    return to_structurizr_json(ws)


def _dsl(ws: Workspace) -> str:
    from archkit.export.dsl import to_dsl

    return to_dsl(ws)


def _python(ws: Workspace) -> str:
    from archkit.export.python_source import to_python_checked

    return to_python_checked(ws)  # run and compared before it is handed out


def _importlinter(ws: Workspace) -> str:
    from archkit.export.importlinter import to_importlinter

    return to_importlinter(ws)


#: The per-view format whose text an image view's own source is (PlantUML source is a PlantUML export).
_NATIVE = {("plantuml", ""): ("plantuml", "puml"), ("mermaid", ""): ("mermaid", "mmd"), ("kroki", "plantuml"):
           ("plantuml", "puml"), ("kroki", "mermaid"): ("mermaid", "mmd"), ("kroki", "d2"): ("d2", "d2")}


def _per_view(name: str) -> _PerView:
    def run(ws: Workspace, view: str | None) -> list[Diagram]:
        """The exporter's diagrams, and the image views whose source is in this format, as written."""
        images = [v for v in select_views(ws, view, images=True) if isinstance(v, ImageView)]
        own = [Diagram(v.key, v.source.strip("\n") + "\n", _native(v)[1]) for v in images if _native(v)[0] == name]
        if view is not None and images:
            return own or _translate(ws, name, view)  # _translate raises: an image view has no diagram here
        return _translate(ws, name, view) + own
    return run


def image_notes(ws: Workspace, fmt: str, view: str | None = None) -> list[str]:
    """One line per image view a per-view export ``fmt`` leaves out (a picture is no diagram to translate)."""
    if fmt not in _VIEWS or fmt == "dot" or view is not None:  # a named image view is an error that says it
        return []
    return [f"view '{v.key}': {image_note(v)}" for v in select_views(ws, view, images=True)
            if isinstance(v, ImageView) and _native(v)[0] != fmt]


def export_notes(ws: Workspace, fmt: str, view: str | None = None) -> list[str]:
    """What an export ``fmt`` leaves out, one line each: image views (:func:`image_notes`), and the arc42
    content a DSL file cannot hold (Structurizr reads documentation and decisions from folders)."""
    notes = image_notes(ws, fmt, view)
    if is_per_view(fmt) and view is None and not ws.effective_views():
        notes.append(f"the model has no views, so a {fmt} export has nothing to draw — add one "
                     "(workspace.views.system_context(...) in Python, `views:` in YAML)")
    filled = [name for name, value in ws.arc42 if value and name != "system"]
    if fmt == "dsl" and filled:
        notes.append(f"arc42 content ({', '.join(filled)}) is not in the DSL: Structurizr reads documentation "
                     "and decisions from '!docs' and '!adrs' folders — write them with `archkit docs`, or export "
                     "--to structurizr, which keeps them")
    return notes


def _native(view: ImageView) -> tuple[str, str]:
    """The per-view format and file extension the view's source is written in (``("", "")``: none)."""
    return _NATIVE.get((view.source_type, view.kroki_format), ("", ""))


def _translate(ws: Workspace, name: str, view: str | None) -> list[Diagram]:
    if name == "plantuml":
        from archkit.export.plantuml import to_plantuml
        return to_plantuml(ws, view)
    if name == "mermaid":
        from archkit.export.mermaid import to_mermaid
        return to_mermaid(ws, view)
    if name == "mermaid-flowchart":
        from archkit.export.mermaid import to_mermaid_flowchart
        return to_mermaid_flowchart(ws, view)
    if name == "d2":
        from archkit.export.d2 import to_d2
        return to_d2(ws, view)
    from archkit.export.dot import to_dot
    return to_dot(ws, view)


_WHOLE: dict[str, tuple[Callable[[Workspace], str], str]] = {
    "structurizr": (_structurizr, "json"), "dsl": (_dsl, "dsl"), "python": (_python, "py"),
    "importlinter": (_importlinter, "ini"),
}
_VIEWS: dict[str, _PerView] = {n: _per_view(n) for n in ("plantuml", "mermaid", "mermaid-flowchart", "d2", "dot")}
FORMATS: tuple[str, ...] = ("structurizr", "dsl", "plantuml", "mermaid", "mermaid-flowchart", "d2", "dot", "python",
                            "importlinter")
_COMMENT = {"puml": "'", "mmd": "%%", "d2": "#", "dot": "//"}


def export(ws: Workspace, fmt: str, view: str | None = None) -> list[Diagram]:
    """The diagrams of ``fmt``: one per view, or one (key ``workspace``) for whole-workspace formats.

    No definition holds a raw control or bidi character (:func:`archkit.errors.printable`): in JSON
    and in Python string literals the ``\\u001b`` is an escape of the same character; elsewhere the
    model's text shows it literally."""
    if fmt in _WHOLE:
        if view is not None:
            select_views(ws, view)  # an unknown key is still an error
        function, extension = _WHOLE[fmt]
        diagrams = [Diagram("workspace", function(ws), extension)]
    elif fmt in _VIEWS:
        diagrams = _VIEWS[fmt](ws, view)
    else:
        raise RenderError(f"format '{fmt}': unknown export format — use one of {', '.join(FORMATS)}")
    return [Diagram(d.key, printable(d.definition, keep_newlines=True), d.extension) for d in diagrams]


def is_per_view(fmt: str) -> bool:
    return fmt in _VIEWS


def export_text(ws: Workspace, fmt: str, view: str | None = None) -> str:
    """All diagrams of ``fmt`` as one text; several views are separated by a comment naming each."""
    diagrams = export(ws, fmt, view)
    if len(diagrams) == 1:
        return diagrams[0].definition
    parts = [f"{_COMMENT.get(d.extension, '#')} view: {d.key}\n{d.definition}" for d in diagrams]
    return "\n".join(parts)


def export_artifacts(ws: Workspace, formats: Iterable[str], folder: str = "exports") -> list[Artifact]:
    """Files ``exports/<format>/<view-key>.<ext>`` (``workspace.<ext>`` for whole-workspace formats), sorted."""
    out = []
    for fmt in sorted(set(formats)):
        for d in export(ws, fmt):
            out.append(Artifact(f"{folder}/{fmt}/{safe_name(d.key)}.{d.extension}", d.definition.encode("utf-8")))
    return sorted(out, key=lambda a: a.relpath)
