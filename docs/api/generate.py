"""Generate archkit's API reference, ``docs/api/archkit.html``, from the docstrings with pdoc (``make api``).

The reference documents the public API only: the names ``from archkit import ...`` offers
(``archkit.__all__``); everything else may change. ``tests/test_api_reference.py`` regenerates it and
fails when the committed page differs, so it cannot go stale. Run ``python docs/api/generate.py`` and
commit ``docs/api/`` after changing a public name, signature or docstring.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generate(out: Path) -> list[Path]:
    """Write the reference into ``out``; returns the pages written."""
    import pdoc
    import pdoc.render

    import archkit

    for name in archkit.__all__:  # resolve the lazy exports, so that pdoc sees functions, not submodules
        getattr(archkit, name)
    pdoc.render.configure(docformat="restructuredtext", show_source=False, search=False,
                          footer_text=f"archkit {archkit.__version__}")
    pdoc.pdoc("archkit", r"!archkit\..*", output_directory=out)
    pages = sorted(out.glob("*.html"))
    for page in pages:  # a validator's repr holds its memory address: drop it, so the page is reproducible
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"(&lt;function [\w.]+) at 0x[0-9a-f]+(&gt;)", r"\1\2", text), encoding="utf-8")
    return pages


if __name__ == "__main__":
    written = generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"{len(written)} pages in {written[0].parent}")
