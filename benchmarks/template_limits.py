"""What the limits of user templates cost (issue 14, item 13): the docs step of every example with
every built-in template given as a user override, rendered in archkit's :class:`LimitedSandbox`
and in Jinja's plain :class:`~jinja2.sandbox.SandboxedEnvironment`, alternately, CPU time of this
process (the machine is shared: wall time is noisy). Without ``--templates`` archkit renders its
own templates outside any sandbox, so the limits cost nothing there.

    .venv/bin/python benchmarks/template_limits.py          # 8 rounds
    .venv/bin/python benchmarks/template_limits.py 20

Measured (2026-12, 2 shared cores, 7 examples x md and adoc, three runs): limited min 994-1026 ms,
plain sandbox min 914-929 ms for the 14 doc sets: 7-12%, 5-8 ms a doc set.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from archkit import load
from archkit.arc42 import generate_docs, templates as templates_module
from archkit.arc42.templates import builtin_templates


class _PlainSandbox(SandboxedEnvironment):
    def start_page(self) -> None:
        """Nothing to reset: no limits."""


def main(rounds: int) -> None:
    models = [load(p) for p in sorted(Path("models").glob("*.py"))]
    overrides = dict(builtin_templates())
    limited: Any = templates_module.LimitedSandbox
    times: dict[str, list[float]] = {"LimitedSandbox": [], "SandboxedEnvironment": []}
    try:
        for _ in range(rounds):
            for label, cls in (("LimitedSandbox", limited), ("SandboxedEnvironment", _PlainSandbox)):
                templates_module.LimitedSandbox = cls  # type: ignore[misc]
                start = time.process_time()
                for ws in models:
                    for fmt in ("md", "adoc"):
                        generate_docs(ws, fmt, templates=overrides)  # type: ignore[arg-type]
                times[label].append(time.process_time() - start)
    finally:
        templates_module.LimitedSandbox = limited  # type: ignore[misc]
    for label, values in times.items():
        values.sort()
        print(f"{label:22} min {values[0] * 1000:6.0f} ms  median {values[len(values) // 2] * 1000:6.0f} ms "
              f"({len(models)} models x 2 formats, {rounds} rounds)")
    extra = min(times["LimitedSandbox"]) - min(times["SandboxedEnvironment"])
    print(f"limits cost {extra * 1000:.0f} ms in all, {extra * 1000 / len(models) / 2:.1f} ms a doc set "
          f"({extra / min(times['SandboxedEnvironment']):.0%})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
