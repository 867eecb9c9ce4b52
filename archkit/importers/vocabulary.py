"""Structurizr's words and archkit's, side by side: shapes, borders, directions, statuses, tags.

The importer reads with these tables and the Structurizr exporter writes with
them, so a value survives the trip both ways. Where Structurizr has more words
than archkit (``MobileDeviceLandscape``, ``Window``, ``Robot``,
Structurizr 5's ``Bucket``, ``Shell``, ``Terminal``), the extra ones
map onto the nearest archkit word and the importer says so in a warning.
"""

from __future__ import annotations

from typing import Final

#: Structurizr shape -> archkit shape.
SHAPES_IN: Final[dict[str, str]] = {
    "Box": "box",
    "RoundedBox": "rounded_box",
    "Component": "component",
    "Circle": "circle",
    "Ellipse": "ellipse",
    "Hexagon": "hexagon",
    "Diamond": "diamond",
    "Folder": "folder",
    "Cylinder": "cylinder",
    "Pipe": "pipe",
    "WebBrowser": "web_browser",
    "MobileDevicePortrait": "mobile_device",
    "Person": "person",
    # no archkit equivalent: the nearest shape, with a warning
    "MobileDeviceLandscape": "mobile_device",
    "Window": "web_browser",
    "Robot": "person",
    "Bucket": "cylinder",  # Structurizr 5
    "Shell": "web_browser",
    "Terminal": "web_browser",
}
#: Structurizr shapes that lose something on import.
SHAPES_APPROXIMATED: Final[frozenset[str]] = frozenset({"MobileDeviceLandscape", "Window", "Robot", "Bucket", "Shell",
                                                          "Terminal"})
#: archkit shape -> Structurizr shape (``queue`` has no Structurizr shape: ``Pipe`` is drawn).
SHAPES_OUT: Final[dict[str, str]] = {
    **{v: k for k, v in SHAPES_IN.items() if k not in SHAPES_APPROXIMATED},
    "queue": "Pipe",
}

BORDERS_IN: Final[dict[str, str]] = {"Solid": "solid", "Dashed": "dashed", "Dotted": "dotted"}
BORDERS_OUT: Final[dict[str, str]] = {v: k for k, v in BORDERS_IN.items()}

DIRECTIONS_IN: Final[dict[str, str]] = {
    "TopBottom": "TB", "BottomTop": "BT", "LeftRight": "LR", "RightLeft": "RL",
}
DIRECTIONS_OUT: Final[dict[str, str]] = {v: k for k, v in DIRECTIONS_IN.items()}

STATUSES_IN: Final[dict[str, str]] = {
    "Proposed": "proposed", "Accepted": "accepted", "Superseded": "superseded",
    "Deprecated": "deprecated", "Rejected": "rejected",
}
STATUSES_OUT: Final[dict[str, str]] = {v: k for k, v in STATUSES_IN.items()}

#: Tags Structurizr adds by itself; archkit keeps them implicit (``Element.all_tags``).
IMPLICIT_ELEMENT_TAGS: Final[frozenset[str]] = frozenset({
    "Element", "Person", "Software System", "Container", "Component", "Deployment Node",
    "Infrastructure Node", "Software System Instance", "Container Instance",
})
IMPLICIT_RELATIONSHIP_TAGS: Final[frozenset[str]] = frozenset({"Relationship", "Asynchronous"})

#: Structurizr view collections, in the order archkit writes them, with archkit's view type.
VIEW_COLLECTIONS: Final[dict[str, str]] = {
    "systemLandscapeViews": "system_landscape",
    "systemContextViews": "system_context",
    "containerViews": "container",
    "componentViews": "component",
    "dynamicViews": "dynamic",
    "deploymentViews": "deployment",
    "customViews": "custom",
    "filteredViews": "filtered",
}

#: Property keys (on the workspace, elements, views and the view configuration) under
#: which the Structurizr exporter keeps what Structurizr has no field for, so that
#: archkit -> Structurizr JSON -> archkit gives the same workspace. The importer
#: reads them back and removes them from the properties it keeps.
ARCHKIT_PREFIX: Final[str] = "archkit.json."
#: Perspectives (name, description, value, url) are kept as element/relationship
#: properties ``perspective:NAME`` (the description), ``perspective:NAME:value`` and
#: ``perspective:NAME:url``.
PERSPECTIVE_PREFIX: Final[str] = "perspective:"
#: Structurizr's own hint that a dynamic view is drawn as a sequence diagram (a view property its
#: PlantUML exporters read, ``"true"``): archkit's ``style="sequence"`` both ways.
SEQUENCE_PROPERTY: Final[str] = "plantuml.sequenceDiagram"


def split_tags(tags: str | None) -> list[str]:
    """``"Element,Person,Customer"`` -> ``["Element", "Person", "Customer"]`` (blanks and repeats dropped)."""
    out: list[str] = []
    for tag in (tags or "").split(","):
        tag = tag.strip()
        if tag and tag not in out:
            out.append(tag)
    return out
