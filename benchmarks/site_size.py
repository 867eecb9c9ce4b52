"""The weight of the published site's pages (issue 20), against a budget per kind of page.

    .venv/bin/python benchmarks/site_size.py                       # every example in models/
    .venv/bin/python benchmarks/site_size.py models/hexagonal.py   # some models
    .venv/bin/python benchmarks/site_size.py --site site/          # a site archkit site already wrote
    .venv/bin/python benchmarks/site_size.py --search-only --synth 1000   # the search index alone, no drawing

A page's weight is its HTML (a view's SVG is inlined in it, icons included), uncompressed and gzipped (what
GitHub Pages sends); what every page of a model shares and a browser caches after the first page — the
stylesheet and the three scripts — is weighed once per model ("shared"), and so is the search index
("search"), which a page loads only when its search box is first used. Thumbnails
and the download files (SVG, PNG, PDF, DOT) are not counted. Sizes are bytes
and deterministic: the same model gives the same figures on any machine. The site is made with
``archkit site --layout fast --format svg`` into ``benchmarks/.work/site/``. The last line printed is
``largest_page_kb=K largest_page_gzip_kb=G over_budget=N``; the exit status is 1 when a page is over
its kind's budget.
"""

from __future__ import annotations

import argparse
import gzip
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work" / "site"

BUDGET_KB = {"index": 40, "view": 800, "element": 40, "arc42": 1000, "other": 40, "shared": 120, "search": 600}
"""Largest weight (KiB, uncompressed) of a page of each kind, and of what a model's pages share; the examples'
figures and the reasons are in benchmarks/README.md."""
_LOADS = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"#?:]+\.(?:js|css))"')


@dataclass(frozen=True)
class PageWeight:
    model: str
    path: str
    kind: str
    bytes: int
    gzip_bytes: int

    @property
    def over(self) -> bool:
        return self.bytes > BUDGET_KB[self.kind] * 1024


def kind_of(relpath: str) -> str:
    folder = relpath.split("/", 1)[0] if "/" in relpath else ""
    if relpath == "index.html" or (relpath.endswith("/index.html") and folder in ("views", "elements")):
        return "index"
    return {"views": "view", "elements": "element", "arc42": "arc42"}.get(folder, "other")


def weigh(site: Path) -> list[PageWeight]:
    """The weight of every page of every model folder in ``site`` (the folder ``archkit site`` wrote), of
    each model's shared files (kind ``shared``: what its pages load besides themselves) and of its search
    index (kind ``search``: loaded when the search box is first used)."""
    weights = []
    for model in sorted(p for p in site.iterdir() if p.is_dir()):
        shared: set[Path] = set()
        for page in sorted(model.rglob("*.html")):
            html = page.read_bytes()
            shared |= {(page.parent / url).resolve() for url in _LOADS.findall(html.decode("utf-8"))}
            rel = page.relative_to(model).as_posix()
            weights.append(_weight(model.name, rel, kind_of(rel), html))
        payload = b"".join(p.read_bytes() for p in sorted(shared) if p.is_file())
        weights.append(_weight(model.name, f"{len(shared)} files", "shared", payload))
        index = model / "search-index.js"
        if index.is_file():
            weights.append(_weight(model.name, index.name, "search", index.read_bytes()))
    return weights


def search_weight(model: Path) -> PageWeight:
    """The search index of ``model`` as ``archkit site`` writes it, made without drawing a view (the index
    does not depend on the drawings): quick even for the synthetic N=1000 model."""
    import archkit
    from archkit.arc42 import generate_docs
    from archkit.site.build import search_index_script

    ws = archkit.load(model)
    docs = generate_docs(ws, model_name=model.stem, diagrams=[v.key for v in ws.effective_views()])
    return _weight(model.stem, "search-index.js", "search", search_index_script(ws, docs).encode("utf-8"))


def _weight(model: str, rel: str, kind: str, payload: bytes) -> PageWeight:
    return PageWeight(model, rel, kind, len(payload), len(gzip.compress(payload, compresslevel=6, mtime=0)))


def publish(models: list[Path]) -> Path:
    archkit = Path(sys.executable).parent / "archkit"
    command = [str(archkit), "site", *map(str, models), "-o", str(WORK), "--layout", "fast", "--format", "svg"]
    subprocess.run(command, check=True, capture_output=True)
    return WORK


def report(weights: list[PageWeight]) -> int:
    print(f"{'model':<22} {'kind':<8} {'pages':>5} {'largest KiB':>11} {'gzip KiB':>9} {'budget KiB':>10}  "
          "largest page")
    for model in sorted({w.model for w in weights}):
        for kind in ("index", "view", "element", "arc42", "other", "shared", "search"):
            group = [w for w in weights if w.model == model and w.kind == kind]
            if not group:
                continue
            top = max(group, key=lambda w: w.bytes)
            flag = "  OVER" if top.over else ""
            print(f"{model:<22} {kind:<8} {len(group):>5} {top.bytes / 1024:>11.1f} {top.gzip_bytes / 1024:>9.1f} "
                  f"{BUDGET_KB[kind]:>10}  {top.path}{flag}")
    over = [w for w in weights if w.over]
    largest = max(weights, key=lambda w: w.bytes)
    print(f"largest_page_kb={largest.bytes / 1024:.1f} largest_page_gzip_kb={largest.gzip_bytes / 1024:.1f} "
          f"over_budget={len(over)}")
    return 1 if over else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", type=Path, help="model files (default: every example in models/)")
    parser.add_argument("--site", type=Path, help="weigh this site folder instead of publishing the models")
    parser.add_argument("--search-only", action="store_true", help="weigh only the search index (nothing drawn)")
    parser.add_argument("--synth", type=int, action="append", default=[], metavar="N",
                        help="also the synthetic model of N elements (benchmarks/synth.py)")
    args = parser.parse_args()
    models = list(args.models) + [_synth_model(n) for n in args.synth]
    models = models or sorted((ROOT / "models").glob("[!_]*.py"))
    if args.search_only:
        return report([search_weight(m) for m in models])
    return report(weigh(args.site or publish(models)))


def _synth_model(n: int) -> Path:
    sys.path.insert(0, str(BENCH))
    from synth import write_model

    return write_model(n, WORK.parent / f"synth-{n}.json")


if __name__ == "__main__":
    raise SystemExit(main())
