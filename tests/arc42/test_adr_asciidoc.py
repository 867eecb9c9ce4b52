"""An AsciiDoc set has AsciiDoc ADRs (issue 15): ``decisions/NNNN-title.adoc``, linked from section 9
and from each other with ``xref:``; their Markdown bodies converted, with nothing model-supplied live.
A Markdown set keeps its ``.md`` ADRs. Where ``make tools`` installed Asciidoctor.js, the files are
converted to HTML by it and inspected."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from archkit.arc42 import generate_docs
from archkit.arc42.adr_asciidoc import adoc_body
from tests.arc42.docs_models import shop
from tests.golden import assert_golden
from tests.interop import tools

HOSTILE = """pass:[<script>alert(1)</script>] +++<script>x</script>+++ <img src=x onerror=alert(1)> {docdir}
include::/etc/hostname[]
ifdef::backend-html5[]
:leveloffset: 5
[x](javascript:alert(1)) link:javascript:alert(2)[y] <<top,cross>> [[id]] ((term))
NOTE: not an admonition
image::https://example.com/x.png[]
`code with pass:[<b>] and {attr}`
- item with [a link](JAVASCRIPT:alert(3))

```html
include::/etc/hostname[]
<script>alert(4)</script>
----
```

    include::/etc/hostname[]
> quoted pass:[<u>]
"""


def _set(fmt: str) -> dict[str, str]:
    return {a.relpath: a.content.decode("utf-8") for a in generate_docs(shop(), fmt)}  # type: ignore[arg-type]


def test_an_asciidoc_set_has_asciidoc_adrs_and_links_to_them() -> None:
    texts = _set("adoc")
    adrs = sorted(rel for rel in texts if rel.startswith("arc42/decisions/"))
    assert adrs == ["arc42/decisions/0001-use-postgresql.adoc", "arc42/decisions/0002-use-a-managed-database.adoc"]
    section9 = texts["arc42/09_architecture_decisions.adoc"]
    linked = re.findall(r"xref:(decisions/[^\[]+)\[", section9)
    assert linked == [rel.removeprefix("arc42/") for rel in adrs]
    assert ".md" not in section9
    amends = re.findall(r"xref:([^\[]+)\[", texts["arc42/decisions/0002-use-a-managed-database.adoc"])
    assert amends == ["0001-use-postgresql.adoc"]


def test_a_markdown_set_keeps_markdown_adrs() -> None:
    texts = _set("md")
    assert sorted(rel for rel in texts if rel.startswith("arc42/decisions/")) == [
        "arc42/decisions/0001-use-postgresql.md", "arc42/decisions/0002-use-a-managed-database.md"]
    assert "[0001](decisions/0001-use-postgresql.md)" in texts["arc42/09_architecture_decisions.md"]


@pytest.mark.parametrize("adr_format", ["nygard", "madr"])
def test_asciidoc_adrs_match_their_golden_files(adr_format: str) -> None:
    for a in generate_docs(shop(), "adoc", adr_format=adr_format):  # type: ignore[arg-type]
        if a.relpath.startswith("arc42/decisions/"):
            assert_golden(f"arc42/shop-adoc-{adr_format}/{a.relpath.rsplit('/', 1)[1]}", a.content.decode("utf-8"))


def test_markdown_constructs_become_asciidoc() -> None:
    body = ("Costs *money* and **time**; see [the report](https://example.com/a_b) or `x|y`.\n"
            "- one\n  - nested\n1. first\n\n## More\n\n```python\nprint(1)\n```\n> quoted")
    assert adoc_body(body) == (
        "Costs __money__ and **time**; see link:https://example.com/a%5Fb[the report] or ``x&#124;y``.\n\n"
        "* one\n** nested\n. first\n\n[discrete]\n== More\n\n[source,python]\n----\nprint(1)\n----\n\n"
        "[quote]\n____\nquoted\n____")


def test_hostile_body_has_no_live_asciidoc() -> None:
    out = adoc_body(HOSTILE)
    verbatim = _verbatim_lines(out)
    for line in out.splitlines():
        if line in verbatim:
            assert not re.match(r"(include|ifdef|ifndef|ifeval|endif)::", line), line
            continue
        assert not re.search(r"pass:\[|\+\+\+|\{|<|\[\[|<<|^:|^(include|ifdef|image)::|\(\(", line), line
    assert re.findall(r"link:([^\[\s]*)\[", out) == []  # neither script link became a link macro


def _verbatim_lines(text: str) -> set[str]:
    """Lines inside listing blocks (``----`` delimited)."""
    inside, delimiter, found = False, "", set()
    for line in text.splitlines():
        if not inside and re.fullmatch(r"-{4,}", line):
            inside, delimiter = True, line
        elif inside and line == delimiter:
            inside = False
        elif inside:
            found.add(line)
    return found


_MARKUP = st.sampled_from(["*", "**", "_", "`", "[", "](", ")", "<", ">", "{", "}", "pass:[", "+++", "include::",
                           "ifdef::", "\n", "\n\n", "- ", "1. ", "> ", "```", "    ", "#", "::", "((", "javascript:",
                           "https://x.example/", "link:", "<<", "|===", "----", ":"])


@given(st.lists(st.one_of(_MARKUP, st.text(max_size=5)), max_size=40).map("".join))
def test_any_body_converts_without_live_asciidoc(body: str) -> None:
    out = adoc_body(body)
    verbatim = _verbatim_lines(out)
    for line in out.splitlines():
        if line in verbatim:
            assert not re.match(r"(include|ifdef|ifndef|ifeval|endif)::", line)
        else:
            assert not re.search(r"pass:\[|\+\+\+|\{|<|^(include|ifdef|ifndef|ifeval|endif)::", line), line
    for target in re.findall(r"link:([^\[\s]*)\[", out):
        assert not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", target) or re.match(r"(https?|mailto):", target)


_NO_ASCIIDOCTOR = "Asciidoctor.js is not installed (make tools)"
_LIVE_TAGS = {"script", "style", "img", "iframe", "object", "embed", "svg", "math", "form", "input", "link", "meta",
              "base", "audio", "video", "source", "u", "b", "i"}


class _Inspector(HTMLParser):
    """Fails on a tag or attribute no converted ADR should hold (the model's HTML, an image, a script
    link, an event handler)."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag not in _LIVE_TAGS, f"live tag <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name}="
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|vbscript|data):", value or "", re.IGNORECASE), value


def _convert(files: list[Path]) -> tuple[dict[str, str], list[str]]:
    script = tools.asciidoctor()
    assert script is not None
    done = subprocess.run(["node", str(script), str(tools.TOOLS), *map(str, files)], capture_output=True,
                          text=True, timeout=120, check=True)
    data = json.loads(done.stdout)
    return data["html"], data["log"]


@pytest.mark.skipif(tools.asciidoctor() is None, reason=_NO_ASCIIDOCTOR)
@pytest.mark.parametrize("adr_format", ["nygard", "madr"])
def test_asciidoctor_renders_the_adrs_and_their_links(tmp_path: Path, adr_format: str) -> None:
    decision = shop().arc42.decisions[0]
    ws = shop()
    ws.arc42.decisions[0] = decision.model_copy(update={"context": HOSTILE})
    for a in generate_docs(ws, "adoc", adr_format=adr_format):  # type: ignore[arg-type]
        (tmp_path / a.relpath).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / a.relpath).write_bytes(a.content)
    folder = tmp_path / "arc42"
    files = [*sorted((folder / "decisions").glob("*.adoc")), folder / "09_architecture_decisions.adoc"]
    html, log = _convert(files)
    assert log == []
    for file, page in html.items():
        _Inspector().feed(page)  # no live tag, attribute or script link
        assert "<script" not in page and "<img" not in page
        for href in re.findall(r'href="([^"#]+\.html)"', page):  # xref: the .html of an .adoc file that exists
            assert (Path(file).parent / href).with_suffix(".adoc").is_file(), href
    hostile = html[str(folder / "decisions" / "0001-use-postgresql.adoc")]
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in hostile and "<script" not in hostile
    hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip() if Path("/etc/hostname").is_file() else ""
    assert "include::/etc/hostname[]" in hostile and (not hostname or hostname not in hostile.replace(
        "include::/etc/hostname[]", ""))
    assert 'href="0001-use-postgresql.html"' in html[str(folder / "decisions" / "0002-use-a-managed-database.adoc")]
