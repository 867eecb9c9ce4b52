"""`--help` written for people: ``archkit check [OPTIONS] FILE...`` and ``--out DIR``.

typer (0.29) writes a required argument as ``{files}``, its type as ``<list[Path]>`` and an option's
value as ``<path>`` or ``<float>``. :class:`ReadableCommand`, the class of every ``archkit`` command,
writes instead what a reader types: an argument's metavar in capitals (``FILE...``, ``[MODEL]...``),
an option's value by what it means (:data:`METAVARS`: ``--timeout SECONDS``), a choice as its
choices (``--format [text|json|sarif|github]``). A metavar given in ``cli.py`` wins.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from typer.core import TyperCommand

METAVARS: dict[str, str] = {
    "adr_dir": "DIR",
    "diagram": "FILE",
    "directory": "DIR",
    "git": "REV",
    "host": "ADDRESS",
    "jobs": "N",
    "model": "MODEL",
    "models": "MODEL",
    "files": "FILE",
    "name": "NAME",
    "new": "NEW",
    "old": "OLD",
    "out": "DIR",
    "output": "PATH",
    "port": "PORT",
    "templates": "DIR",
    "theme": "THEME",
    "timeout": "SECONDS",
    "to": "FORMAT",
    "view": "KEY",
    "workspace": "WORKSPACE",
}
"""The value of a parameter, by its name: the same name means the same thing in every command."""


class ReadableCommand(TyperCommand):
    """A typer command whose usage line and option values read as a person would write them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is None and not getattr(param, "is_flag", False) and param.name is not None:
                param.metavar = _choices(param) or METAVARS.get(param.name, param.name.upper())

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """``[OPTIONS] FILE...``, ``[OPTIONS] OLD [NEW]``: required as written, optional in brackets."""
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(_argument(param))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        """The Arguments and Options sections; an argument is listed by its metavar, without a type."""
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_argument(param, usage=False), record[1]))
            elif param.param_type_name == "option":
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument(param: Any, *, usage: bool = True) -> str:
    """``FILE...``; on the usage line an optional one in brackets (``[MODEL]...``, ``[NEW]``)."""
    name = str(param.metavar or param.name.upper())
    if usage and not param.required:
        name = f"[{name}]"
    return f"{name}..." if param.nargs != 1 else name


def _choices(param: Any) -> str | None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return None
    values = [c.value if isinstance(c, Enum) else c for c in descriptor.choices or ()]
    return "[" + "|".join(str(v) for v in values) + "]"
