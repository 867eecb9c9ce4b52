"""The ``views`` block's presentation of a workspace in the Structurizr DSL: ``themes``, ``branding``,
``terminology`` and the ``styles`` of elements and relationships by tag (archkit's shape and border names
mapped to Structurizr's). The model and the views are written by :mod:`archkit.export.dsl`."""

from __future__ import annotations

from collections.abc import Mapping

from archkit.export.dsl_syntax import q
from archkit.importers.vocabulary import BORDERS_OUT, SHAPES_OUT
from archkit.model.styles import Styles


def dsl_styles(styles: Styles, indent: str) -> list[str]:
    """The DSL lines of ``styles``, at ``indent`` (inside ``views { }``); none when there is nothing to say."""
    themes = [f"{indent}themes {' '.join(q(t) for t in styles.themes)}"] if styles.themes else []
    if styles.branding:
        font = " ".join(q(styles.branding[k]) for k in ("font", "font_url") if k in styles.branding)
        themes += [f"{indent}branding {{",
                   *([f"{indent}    logo {q(styles.branding['logo'])}"] if "logo" in styles.branding else []),
                   *([f"{indent}    font {font}"] if "font" in styles.branding else []), f"{indent}}}"]
    if styles.terminology:
        themes += [f"{indent}terminology {{", *(f"{indent}    {k} {q(v)}" for k, v in styles.terminology.items()),
                   f"{indent}}}"]
    if not styles.elements and not styles.relationships:
        return themes
    out = [*themes, f"{indent}styles {{"]
    for s in styles.elements:
        props = {"shape": SHAPES_OUT.get(s.shape or "", None), "background": s.background, "color": s.color,
                 "stroke": s.stroke, "border": BORDERS_OUT.get(s.border or "", None),
                 "fontSize": s.font_size, "opacity": s.opacity}
        out += _style("element", s.tag, props, indent + "    ")
    for r in styles.relationships:
        rprops = {"color": r.color, "thickness": r.thickness, "style": BORDERS_OUT.get(r.style or "", None)}
        out += _style("relationship", r.tag, rprops, indent + "    ")
    out.append(f"{indent}}}")
    return out


def _style(kind: str, tag: str, props: Mapping[str, object], indent: str) -> list[str]:
    lines = [f"{indent}    {k} {v}" for k, v in props.items() if v is not None]
    return [f"{indent}{kind} {q(tag)} {{", *lines, f"{indent}}}"]
