"""Rules over the workspace's styles: a style must style something."""

from __future__ import annotations

from archkit.check.context import Context
from archkit.ids import did_you_mean
from archkit.views import Catalog


def check_styles(ctx: Context) -> None:
    """``style.unused-tag``: an element or relationship style whose tag nothing carries (the implicit
    tags count: ``Element``, ``Person``, ``External``, ``Relationship``, ``Asynchronous``, ...)."""
    styles = ctx.ws.styles
    if not styles.elements and not styles.relationships:
        return
    catalog = Catalog(ctx.ws)
    element_tags = {t for el in ctx.index.elements.values() for t in catalog.tags(el)}
    relationship_tags = {t for rel in ctx.ws.model.relationships for t in rel.all_tags}
    for kind, tags, other, used in (
        ("element", [s.tag for s in styles.elements], "relationship", element_tags),
        ("relationship", [s.tag for s in styles.relationships], "element", relationship_tags),
    ):
        for tag in dict.fromkeys(tags):
            if tag in used:
                continue
            mean = did_you_mean(tag, used).removeprefix("; ")
            carried = relationship_tags if kind == "element" else element_tags
            hint = mean or (f"'{tag}' is {_a(other)} tag: make it {_a(other)} style" if tag in carried
                            else f"tag {_a(kind)} with '{tag}', or remove the style")
            ctx.report("style.unused-tag", "warning", f"{kind} style '{tag}'",
                       f"no {kind} carries the tag '{tag}', so the style is never applied", hint)


def _a(kind: str) -> str:
    return f"an {kind}" if kind == "element" else f"a {kind}"
