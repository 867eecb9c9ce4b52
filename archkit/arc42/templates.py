"""The Jinja2 environment of the arc42 templates: the built-in set, and a user's overrides.

The built-in templates live in the top-level ``templates/arc42/`` folder, which
the wheel installs as the package ``archkit._templates``; they are read with
importlib.resources, so an installed and an editable archkit find them alike.
A user folder (``--templates DIR``, read by :func:`archkit.load.load_templates`)
overrides built-ins file by file and is rendered in Jinja's sandbox.

Templates get plain, sorted, already escaped data and only loop and branch:
``StrictUndefined`` makes a misspelt variable an error instead of an empty string.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2

from archkit.arc42.markers import defuse
from archkit.arc42.sandbox import LimitedSandbox, LimitExceeded, memory_cap
from archkit.errors import TemplateError
from archkit.ids import did_you_mean

TEMPLATE_PACKAGE = "archkit._templates"


@functools.cache
def builtin_templates() -> dict[str, str]:
    """Name -> source of every built-in arc42 template (``01_introduction_and_goals.md.j2``, ...)."""
    folder = resources.files(TEMPLATE_PACKAGE).joinpath("arc42")
    try:
        entries = list(folder.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        raise TemplateError(f"{TEMPLATE_PACKAGE}/arc42: the built-in arc42 templates are missing — "
                            "reinstall archkit (pip install --force-reinstall archkit)") from None
    return {e.name: e.read_text(encoding="utf-8") for e in sorted(entries, key=lambda e: e.name)
            if e.name.endswith(".j2")}


def check_overrides(overrides: Mapping[str, str], origin: str) -> None:
    """Each user template must replace a built-in one, or be a partial whose name starts with ``_``."""
    known = builtin_templates()
    for name in sorted(overrides):
        if name not in known and not name.startswith("_"):
            raise TemplateError(f"{origin}/{name}: no built-in template has this name{did_you_mean(name, known)} — "
                                "name the file after the template it replaces, or start a partial's name with '_'")


def environment(overrides: Mapping[str, str] | None = None) -> jinja2.Environment:
    """The environment: built-ins only (one per process, each template compiled once), or (sandboxed, new
    each time) user overrides in front of them."""
    if not overrides:
        return builtin_environment()
    loader = jinja2.ChoiceLoader([jinja2.DictLoader(dict(overrides)), jinja2.DictLoader(builtin_templates())])
    return LimitedSandbox(loader=loader, **_options())


@functools.cache
def builtin_environment() -> jinja2.Environment:
    """The built-in templates' environment, shared: a template is compiled at its first use in a process
    (``archkit watch`` compiles them all before forking its build workers, :func:`compile_builtin`)."""
    return jinja2.Environment(loader=jinja2.DictLoader(builtin_templates()), **_options())


def compile_builtin() -> None:
    """Compile every built-in template now (the environment keeps them: its cache holds more than there are)."""
    env = builtin_environment()
    for name in builtin_templates():
        env.get_template(name)


def _options() -> dict[str, Any]:
    return {"undefined": jinja2.StrictUndefined, "keep_trailing_newline": True, "trim_blocks": True,
            "lstrip_blocks": True, "autoescape": False, "finalize": _finalize}


def _finalize(value: Any) -> str:
    """Every ``{{ ... }}`` of every template goes through here: model text never makes a marker line."""
    return defuse(value if isinstance(value, str) else str(value))


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any template problem becomes a one-line :class:`TemplateError`."""
    if not isinstance(env, LimitedSandbox):
        return _render(env, name, context)
    env.start_page()
    with memory_cap():
        return _render(env, name, context)


def _render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    try:
        return env.get_template(name).render(**context)
    except LimitExceeded as exc:
        raise TemplateError(f"{name}: stopped: {exc} — simplify the template (limits: see the README's Security "
                            "model)") from None
    except RecursionError:
        raise TemplateError(f"{name}: stopped: the template recurses too deeply — a macro that calls itself "
                            "needs an end") from None
    except MemoryError:
        raise TemplateError(f"{name}: stopped: the template ran out of memory — do not build huge strings or "
                            "lists") from None
    except jinja2.TemplateSyntaxError as exc:
        where = exc.name or name
        raise TemplateError(f"{where}:{exc.lineno}: template syntax error: {exc.message} — fix the template") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{name}: {exc.message} — use only the variables the built-in template uses") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"{name}: template '{exc.name}' not found — check the name of the included "
                            "template") from None
    except jinja2.TemplateError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TemplateError(f"{name}: template error: {first} — fix the template") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        raise TemplateError(f"{name}: the template failed: {type(exc).__name__}: {exc} — fix the template") from None
