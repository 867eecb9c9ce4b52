"""What a site page fragment may hold: a fixed set of tags and attributes, links only to http(s) or
relative targets, every piece of model text as text. Parsed with the standard library's HTML parser,
which reads markup as a browser's tokenizer does (an unescaped ``<script>`` in model text would show
as a tag here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

TAGS = frozenset({"header", "p", "h1", "h2", "h3", "dl", "dt", "dd", "code", "ul", "li", "a", "span", "section",
                  "table", "thead", "tbody", "tr", "th", "td", "img", "br", "form", "label", "input"})
ATTRIBUTES = frozenset({"class", "href", "src", "alt", "loading", "id", "aria-labelledby", "scope", "rel", "role",
                        "data-base", "data-index", "for", "type", "autocomplete", "spellcheck", "placeholder",
                        "aria-controls", "aria-describedby", "aria-live"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


@dataclass
class Fragment(HTMLParser):
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)


def parse(html: str) -> Fragment:
    fragment = Fragment()
    fragment.feed(html)
    fragment.close()
    return fragment


def problems(html: str) -> list[str]:
    """Every tag or attribute outside the allowed sets, and every link to another scheme than http(s)."""
    found = []
    for tag, attrs in parse(html).tags:
        if tag not in TAGS:
            found.append(f"tag <{tag}>")
        for name, value in attrs.items():
            if name not in ATTRIBUTES:
                found.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src") and value is not None:
                scheme = _SCHEME.match(value)
                if scheme and scheme.group(1).lower() not in ("http", "https"):
                    found.append(f"{name}={value!r} on <{tag}>")
    return found
