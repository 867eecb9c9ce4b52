"""The sandbox user templates (``archkit docs --templates DIR``) render in: Jinja's, with limits.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` keeps a template away from Python's
internals, but not from exhausting the machine: ``{{ "x" * 3000000000 }}`` asks for 3 GB,
a macro that calls itself recurses until Python gives up, and two nested
``range(100000)`` loops run for hours. :class:`LimitedSandbox` adds the missing limits,
each one checked in a hook the sandbox already calls, so no thread or signal is needed:

- a string or list made by ``*``, ``+``, ``~``, ``replace``, a call or a filter holds at most
  :data:`MAX_ITEMS` items (checked before ``*`` and ``replace`` allocate, after the others), no
  number given to a call or a filter (``center(n)``, ``indent(n)``) may ask for more, a format
  string has no width over six digits, and no ``*`` or ``**`` makes an integer of more than
  :data:`MAX_BITS` bits (which could take minutes to compute, out of the deadline's reach);
- the ``{{ ... }}`` of one page write at most :data:`MAX_OUTPUT` characters;
- macros and calls nest at most :data:`MAX_DEPTH` deep;
- the loops of one page take at most :data:`MAX_LOOP_ITEMS` steps in all;
- one page renders in at most :data:`MAX_SECONDS` seconds (checked at every call, filter,
  attribute, operator and loop step);
- and, behind these, while a page renders the process may not grow by more than
  :data:`MAX_MEMORY` bytes (:func:`memory_cap`, an address-space limit on Linux), so whatever
  the checks above miss (a page whose loops write a large string many times, say) ends in a
  ``MemoryError`` instead of exhausting the machine.

A page that breaks a limit stops with :class:`LimitExceeded`, which
:func:`archkit.arc42.templates.render` turns into one clean line naming the template.
The built-in templates are trusted and render without these checks.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import Environment, nodes
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

MAX_ITEMS = 10_000_000  # a model file holds at most 10 MiB: no model string is longer
MAX_DEPTH = 100
MAX_LOOP_ITEMS = 2_000_000
MAX_SECONDS = 10.0
MAX_OUTPUT = 100_000_000
MAX_BITS = 1_000_000  # an integer of 300,000 digits: still computed in milliseconds
MAX_MEMORY = 2 * 2**30
_LOOP_FILTER = "archkit_counted_loop"
_SIZE_FILTER = "archkit_sized"
_FORMAT_NUMBER = re.compile(r"\d{7,}")
_BINOPS: dict[str, Callable[[Any, Any], Any]] = {"*": operator.mul, "+": operator.add, "%": operator.mod,
                                                 "**": operator.pow}


@contextlib.contextmanager
def memory_cap() -> Iterator[None]:
    """Within the block, the process's address space may grow by at most :data:`MAX_MEMORY` bytes
    (``RLIMIT_AS``, restored afterwards); a no-op where the limit or ``/proc`` is missing."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            in_use = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        before = resource.getrlimit(resource.RLIMIT_AS)
        cap = in_use + MAX_MEMORY
        if before[1] != resource.RLIM_INFINITY:
            cap = min(cap, before[1])
        resource.setrlimit(resource.RLIMIT_AS, (cap, before[1]))
    except (ImportError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, before)


class LimitExceeded(SecurityError):
    """A user template went past one of the sandbox's limits."""


_SEQUENCES = (str, bytes, list, tuple)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, _SEQUENCES) else 0


def _check_size(value: Any, what: str = "a string or list") -> Any:
    if _size(value) > MAX_ITEMS:
        raise LimitExceeded(f"{what} would hold more than {MAX_ITEMS:,} items")
    return value


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ITEMS:
        raise LimitExceeded(f"the number {value} is larger than the {MAX_ITEMS:,} a template may give a call or "
                            "a filter (a width, a length, a count)")


def _check_format(value: Any) -> None:
    if isinstance(value, str) and _FORMAT_NUMBER.search(value):
        raise LimitExceeded("a format string with a width or precision of more than six digits")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        grows = (text.count(old) if old else len(text) + 1) * (len(new) - len(old))
        if len(text) + grows > MAX_ITEMS:
            raise LimitExceeded(f"a replaced string would hold more than {MAX_ITEMS:,} characters")


def _bits(operator: str, left: int, right: int) -> int:
    """About how many bits ``left <operator> right`` takes (integers)."""
    if operator == "**":
        return abs(left).bit_length() * max(right, 0) if abs(left) > 1 else 1
    if operator == "*":
        return left.bit_length() + right.bit_length()
    return 0


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*" and isinstance(left, _SEQUENCES) != isinstance(right, _SEQUENCES):
        seq, count = (left, right) if isinstance(left, _SEQUENCES) else (right, left)
        if isinstance(count, int) and len(seq) * count > MAX_ITEMS:
            raise LimitExceeded(f"a repeated string or list would hold more than {MAX_ITEMS:,} items")
    elif isinstance(left, int) and isinstance(right, int) and _bits(operator, left, right) > MAX_BITS:
        raise LimitExceeded(f"a number of more than {MAX_BITS:,} bits (it would take long to compute)")
    elif operator == "%":
        _check_format(left)
    elif operator == "+" and _size(left) + _size(right) > MAX_ITEMS:
        raise LimitExceeded(f"a joined string or list would hold more than {MAX_ITEMS:,} items")


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with size, depth, loop and time limits (see the module docstring)."""

    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: self._limited_filter(name, f) for name, f in self.filters.items()}
        self.filters[_LOOP_FILTER] = self._counted
        self.filters[_SIZE_FILTER] = self._sized
        self._deadline = 0.0
        self._depth = 0
        self._steps = 0
        self._written = 0
        if self.finalize is not None:
            self.finalize = self._limited_finalize(self.finalize)

    # ---- per page -----------------------------------------------------------------------------

    def start_page(self) -> None:
        """Reset the limits before one page renders."""
        self._deadline = time.monotonic() + MAX_SECONDS
        self._depth = 0
        self._steps = 0
        self._written = 0

    def _tick(self) -> None:
        if time.monotonic() > self._deadline:
            raise LimitExceeded(f"the page took longer than the {MAX_SECONDS:g} s a template may take")

    # ---- the sandbox's hooks --------------------------------------------------------------------

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        _check_binop(operator, left, right)
        return _BINOPS[operator](left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._tick()
        if isinstance(obj, str) and attribute in ("format", "format_map"):
            _check_format(obj)
        return _check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._tick()
        return _check_size(super().getitem(obj, argument))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        for value in (*args, *kwargs.values()):
            _check_number(value)
        owner = getattr(__obj, "__self__", None)
        if getattr(__obj, "__name__", "") == "replace" and isinstance(owner, str) and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        __self._depth += 1
        try:
            if __self._depth > MAX_DEPTH:
                raise LimitExceeded(f"macros and calls nest deeper than {MAX_DEPTH} (a macro that calls itself "
                                    "without end?)")
            return _check_size(super().call(__context, __obj, *args, **kwargs))
        finally:
            __self._depth -= 1

    def _limited_filter(self, name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(f)
        def limited(*args: Any, **kwargs: Any) -> Any:
            self._tick()
            values = [a for a in args if not isinstance(a, Context | EvalContext | Environment)]
            for value in (*values[1:], *kwargs.values()):
                _check_number(value)
            if name == "format" and values:
                _check_format(values[0])
            if name == "replace" and len(values) >= 3:
                _check_replace(values[0], values[1], values[2])
            return _check_size(f(*args, **kwargs))
        return limited

    def _limited_finalize(self, finalize: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def limited(value: Any) -> Any:
            self._tick()
            self._written += _size(value)
            if self._written > MAX_OUTPUT:
                raise LimitExceeded(f"the page's {{{{ ... }}}} would write more than {MAX_OUTPUT:,} characters")
            return finalize(value)
        return limited

    def _sized(self, value: Any) -> Any:
        self._tick()
        return _check_size(value)

    def _counted(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self._steps += 1
            if self._steps > MAX_LOOP_ITEMS:
                raise LimitExceeded(f"the loops of the page ran more than {MAX_LOOP_ITEMS:,} steps")
            if not self._steps & 1023:
                self._tick()
            yield item

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Every ``{% for %}`` loop iterates through :meth:`_counted`; every ``~`` is measured."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
        if "~" not in source:  # no ``~``, no Concat node: spare the walk
            return tree
        for parent in list(tree.find_all(nodes.Node)):
            for field, value in parent.iter_fields():
                if isinstance(value, nodes.Concat):
                    setattr(parent, field, nodes.Filter(value, _SIZE_FILTER, [], [], None, None, lineno=value.lineno))
                elif isinstance(value, list):
                    value[:] = [nodes.Filter(v, _SIZE_FILTER, [], [], None, None, lineno=v.lineno)
                                if isinstance(v, nodes.Concat) else v for v in value]
        return tree
