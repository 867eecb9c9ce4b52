"""How nodes and edges look: the C4 palette, light and dark themes, and the workspace's tag styles.

Styles apply in the order of an element's tags (``Element``, its kind,
``External``, then the user's tags); for each tag the built-in style comes
first, then the workspace's styles for that tag, so a user style always wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
from typing import get_args

from archkit.model import ElementStyle, RelationshipStyle, Styles
from archkit.model.styles import Shape

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
SHAPES: tuple[str, ...] = get_args(Shape)


@dataclass(frozen=True)
class Theme:
    """Colours that are not tied to an element: page, text, boundaries, edges."""

    name: str
    background: str
    text: str
    muted: str
    boundary: str
    edge: str
    plain_fill: str
    plain_text: str
    legend_fill: str


LIGHT = Theme("light", background="#ffffff", text="#222222", muted="#555555", boundary="#707070",
              edge="#666666", plain_fill="#ffffff", plain_text="#222222", legend_fill="#f7f7f7")
DARK = Theme("dark", background="#1b1f24", text="#e8e8e8", muted="#b0b0b0", boundary="#9aa0a6",
             edge="#a8adb3", plain_fill="#2b3037", plain_text="#e8e8e8", legend_fill="#242931")
THEMES = {"light": LIGHT, "dark": DARK}


def builtin_element_styles(theme: Theme) -> list[ElementStyle]:
    """The C4 palette (Structurizr's and C4-PlantUML's colours)."""
    return [
        ElementStyle(tag="Element", shape="rounded_box", background=theme.plain_fill, color=theme.plain_text,
                     stroke=theme.boundary),
        ElementStyle(tag="Person", shape="person", background="#08427b", color="#ffffff", stroke="#052e56"),
        ElementStyle(tag="Software System", background="#1168bd", color="#ffffff", stroke="#0b4884"),
        ElementStyle(tag="Container", background="#438dd5", color="#ffffff", stroke="#2e6295"),
        ElementStyle(tag="Component", background="#85bbf0", color="#000000", stroke="#5d82a8"),
        ElementStyle(tag="External", background="#8c8c8c", color="#ffffff", stroke="#6b6b6b"),
        ElementStyle(tag="Database", shape="cylinder"),
        ElementStyle(tag="Queue", shape="queue"),
    ]


def builtin_relationship_styles(theme: Theme) -> list[RelationshipStyle]:
    return [
        RelationshipStyle(tag="Relationship", color=theme.edge, style="solid", thickness=1),
        RelationshipStyle(tag="Asynchronous", style="dashed"),
    ]


@dataclass(frozen=True)
class Look:
    """The resolved appearance of one node; ``applied`` names the tags that shaped it."""

    shape: str = "rounded_box"
    background: str = "#ffffff"
    color: str = "#000000"
    stroke: str = "#707070"
    border: str = "solid"
    icon: str | None = None
    font_size: int = 13
    opacity: int = 100
    applied: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Line:
    """The resolved appearance of one edge."""

    color: str = "#666666"
    style: str = "solid"
    thickness: int = 1
    applied: tuple[str, ...] = ()
    descriptions: tuple[str, ...] = ()


_LOOK_FIELDS = [f.name for f in fields(Look) if f.name not in ("applied", "descriptions")]
_LINE_FIELDS = ["color", "style", "thickness"]


_NUMBERS = ("font_size", "opacity", "thickness")
_WORDS = {"shape": set(SHAPES), "border": {"solid", "dashed", "dotted"}, "style": {"solid", "dashed", "dotted"}}


def _safe(name: str, value: object) -> bool:
    """Only well-formed values reach DOT, even from styles mutated after validation:
    colours ``#rrggbb``, whole numbers, known shapes and line styles, icon keys (checked later)."""
    if value is None:
        return False
    if name in ("background", "color", "stroke"):
        return isinstance(value, str) and bool(_COLOUR.match(value))
    if name in _NUMBERS:
        return isinstance(value, int) and not isinstance(value, bool)
    if name in _WORDS:
        return value in _WORDS[name]
    return isinstance(value, str)


class Styler:
    """Resolves looks for one workspace's styles under one theme."""

    def __init__(self, styles: Styles, theme: Theme) -> None:
        self.theme = theme
        self._elements: dict[str, list[ElementStyle]] = {}
        for style in [*builtin_element_styles(theme), *styles.elements]:
            self._elements.setdefault(style.tag, []).append(style)
        self._relationships: dict[str, list[RelationshipStyle]] = {}
        for rstyle in [*builtin_relationship_styles(theme), *styles.relationships]:
            self._relationships.setdefault(rstyle.tag, []).append(rstyle)
        # every view asks again for the same few tag combinations
        self.look: Callable[[tuple[str, ...]], Look] = cache(self._look)
        self.line: Callable[[tuple[str, ...]], Line] = cache(self._line)

    def _look(self, tags: tuple[str, ...]) -> Look:
        """The look of an element with ``tags``: each tag's styles applied in order."""
        look = Look()
        for tag in tags:
            for style in self._elements.get(tag, []):
                changes = {n: getattr(style, n) for n in _LOOK_FIELDS if _safe(n, getattr(style, n, None))}
                if changes:
                    applied = look.applied if tag in look.applied else (*look.applied, tag)
                    described = (*look.descriptions, style.description) if style.description else look.descriptions
                    look = replace(look, **changes, applied=applied, descriptions=described)
        return look

    def _line(self, tags: tuple[str, ...]) -> Line:
        """The line of a relationship with ``tags``: each tag's styles applied in order."""
        line = Line(color=self.theme.edge)
        for tag in tags:
            for style in self._relationships.get(tag, []):
                changes = {n: getattr(style, n) for n in _LINE_FIELDS if _safe(n, getattr(style, n))}
                if changes:
                    applied = line.applied if tag in line.applied else (*line.applied, tag)
                    described = (*line.descriptions, style.description) if style.description else line.descriptions
                    line = replace(line, **changes, applied=applied, descriptions=described)
        return line


def with_opacity(colour: str, opacity: int) -> str:
    """``#rrggbb`` with an alpha channel when ``opacity`` is below 100."""
    return colour if opacity >= 100 else f"{colour}{round(255 * opacity / 100):02x}"


def _rgb(colour: str) -> tuple[float, float, float]:
    return int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@lru_cache(maxsize=1024)
def readable_text(text: str, background: str, opacity: int, page: str) -> str:
    """``text`` when it reads well on ``background`` (faded onto ``page`` by ``opacity``),
    else black or white, whichever contrasts more (a WCAG contrast ratio below 2.5 is unreadable)."""
    alpha = max(0, min(opacity, 100)) / 100
    (fr, fg, fb), (pr, pg, pb) = _rgb(background), _rgb(page)
    lum = _luminance((alpha * fr + (1 - alpha) * pr, alpha * fg + (1 - alpha) * pg, alpha * fb + (1 - alpha) * pb))
    if _contrast(_luminance(_rgb(text)), lum) >= 2.5:
        return text
    return "#000000" if _contrast(0.0, lum) >= _contrast(1.0, lum) else "#ffffff"
