"""User templates render in a sandbox with limits: size, depth, loop steps and time end in one clean error."""

from __future__ import annotations

import pytest

from archkit.arc42 import generate_docs, sandbox
from archkit.errors import TemplateError
from tests.arc42.docs_models import shop

PAGE = "04_solution_strategy.md.j2"


def _render(source: str) -> str:
    pages = {a.relpath: a.content.decode() for a in generate_docs(shop(), templates={PAGE: source})}
    return pages["arc42/04_solution_strategy.md"]


@pytest.mark.parametrize(("source", "problem"), [
    ('{{ "x" * 3000000000 }}', "repeated string or list"),
    ("{{ [1, 2] * 3000000000 }}", "repeated string or list"),
    ("{{ 3000000000 * 'x' }}", "repeated string or list"),
    ("{{ 2 ** 1000000000 }}", "a number of more than 1,000,000 bits"),
    ("{{ 3 ** 100000000 }}", "a number of more than 1,000,000 bits"),
    ('{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}', "bits"),
    ('{{ "x"|center(3000000000) }}', "the number 3000000000"),
    ('{{ "x".ljust(3000000000) }}', "the number 3000000000"),
    ('{{ "{:3000000000}".format(1) }}', "format string"),
    ('{{ "%3000000000d" % 1 }}', "format string"),
    ('{{ "{:3000000000}"|format(1) }}', "format string"),
    ('{{ ("x" * 1000000)|replace("x", "xxxxxxxxxxxxxxxxxxxx") }}', "replaced string"),
    ('{{ ("x" * 1000000).replace("x", "xxxxxxxxxxxxxxxxxxxx") }}', "replaced string"),
    ('{% set ns = namespace(s="x") %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}', "would hold"),
    ('{% set s = "x" * 1000 %}' + "{% set s = s ~ s %}" * 40 + "{{ s|length }}", "would hold"),
    ('{% set s = "x" * 6000000 %}{{ s + s }}', "joined string or list"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "nest deeper than 100"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "more than 2,000,000 steps"),
])
def test_a_user_template_that_would_exhaust_the_machine_stops_with_a_clean_error(source: str, problem: str) -> None:
    with pytest.raises(TemplateError, match=problem) as info:
        _render(source)
    message = str(info.value)
    assert message.startswith(f"{PAGE}: stopped: ") and "\n" not in message


def test_a_template_past_its_time_limit_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.5)  # 2**60 macro calls never end: the deadline must stop them
    with pytest.raises(TemplateError, match=rf"{PAGE}: stopped: the page took longer than the 0.5 s"):
        _render("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}")


def test_a_python_recursion_error_is_a_clean_error_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_DEPTH", 10**9)  # only Python's own limit is left
    with pytest.raises(TemplateError, match=rf"{PAGE}: stopped: the template recurses too deeply"):
        _render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")


def test_the_limits_restart_on_every_page_and_leave_ordinary_templates_alone() -> None:
    loop = "{% for i in range(1200) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"  # 1.2 M steps a page
    templates = {PAGE: loop + '{{ "ab" * 3 }} {{ "%05d" % 7 }} {{ "x"|center(9) }} {{ [1] + [2] }}',
                 "12_glossary.md.j2": loop + "{% for row in s.table.rows %}{{ row[0] ~ '!' }}{% endfor %}"}
    pages = {a.relpath: a.content.decode() for a in generate_docs(shop(), templates=templates)}
    assert pages["arc42/04_solution_strategy.md"] == "ababab 00007     x     [1, 2]"
    assert pages["arc42/12_glossary.md"].startswith("**API**!")


def test_a_model_string_as_long_as_a_model_file_may_be_passes_the_size_limit() -> None:
    ws = shop()
    ws.name = "d" * 9_000_000
    pages = {a.relpath: a.content.decode() for a in generate_docs(ws, templates={PAGE: "{{ doc.name|length }}"})}
    assert pages["arc42/04_solution_strategy.md"] == "9000000"


def test_a_page_writes_at_most_max_output_characters() -> None:
    with pytest.raises(TemplateError, match=r"would write more than 100,000,000 characters"):
        _render('{% set big = "x" * 5000000 %}{% for i in range(1000) %}{{ big }}{% endfor %}')


def test_what_the_checks_miss_runs_out_of_memory_cleanly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Literal template text in a loop passes no hook; the address-space cap stops the page."""
    monkeypatch.setattr(sandbox, "MAX_MEMORY", 200 * 2**20)
    with pytest.raises(TemplateError, match=rf"{PAGE}: stopped: the template ran out of memory"):
        _render("{% for i in range(300) %}" + "x" * 2**20 + "{% endfor %}")
    assert _render("{{ 'fine' }} afterwards") == "fine afterwards"  # the cap is lifted again
