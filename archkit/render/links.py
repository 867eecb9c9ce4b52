"""Where a click on a drawn element leads: down into its deeper view, or up from a view's scope.

Down: a software system links to its container view, a container to its component view. Up: the
boundary a view is about — the system of a container view, the container of a component view —
links to the view that shows it from outside: the system's context view (else the landscape) and
the container view of the container's system. Hrefs are the sibling SVG files
(``container-shop.svg``); a view never links to itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from archkit.model import ComponentView, ContainerView, SystemContextView, SystemLandscapeView, View
from archkit.output import safe_name


def href(view: View) -> str:
    return f"{safe_name(view.key)}.svg"


def drilldown_links(views: Sequence[View], parent: Mapping[str, str | None]) -> dict[str, dict[str, str]]:
    """Per view key: element id -> href of the view a click on it opens. ``parent`` maps an element id
    to its parent's (a container's system), as :class:`~archkit.model.ModelIndex` does."""
    deeper: dict[str, str] = {}
    context: dict[str, str] = {}
    for view in views:
        if isinstance(view, ContainerView | ComponentView) and view.scope is not None:
            deeper.setdefault(view.scope, href(view))
        elif isinstance(view, SystemContextView):
            context.setdefault(view.software_system, href(view))
    landscape = next((href(v) for v in views if isinstance(v, SystemLandscapeView)), None)
    links: dict[str, dict[str, str]] = {}
    for view in views:
        own = href(view)
        found = {element: target for element, target in deeper.items() if target != own}
        up = _enclosing(view, deeper, context, landscape, parent)
        if up is not None and up != own and view.scope is not None:
            found[view.scope] = up
        links[view.key] = found
    return links


def _enclosing(view: View, deeper: Mapping[str, str], context: Mapping[str, str], landscape: str | None,
               parent: Mapping[str, str | None]) -> str | None:
    """The href of the view one level above ``view``'s scope, or None."""
    if isinstance(view, ContainerView):
        return context.get(view.software_system, landscape)
    if isinstance(view, ComponentView):
        system = parent.get(view.container)
        return deeper.get(system) if system is not None else None
    return None
