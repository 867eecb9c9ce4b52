"""Attacks on the build's caches (h/attack2): each damages, forges or swaps one cache of a built model, then
edits the model (or not), builds, and holds the outputs to a cold build's, byte for byte, and `build --check`
to exit 0 afterwards.

    .venv/bin/python benchmarks/attacks/caches.py [--keep DIR]

Prints one line per attack: held (outputs equal a cold build's, --check passes) or FAILED with the files that
differ. Caches: the views' entries (`.archkit-views/<view>.json`), the diagrams' signatures (`.files.json`),
the arc42 pages' memo (`.arc42-pages.json`), the build stamp.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ARCHKIT = str(Path(sys.executable).with_name("archkit"))
MODEL = """\
name: Shop
model:
  people:
  - {id: customer, name: Customer, description: Buys things.}
  software_systems:
  - id: shop
    name: Shop
    description: Sells things.
    containers:
    - {id: shop.api, name: API, description: API_TEXT, technology: Python}
    - {id: shop.db, name: DB, description: Keeps orders., technology: PostgreSQL}
  relationships:
  - {source: customer, destination: shop.api, description: Places orders, technology: HTTPS}
  - {source: shop.api, destination: shop.db, description: Stores orders, technology: SQL}
views:
- {type: system_context, key: context, software_system: shop}
- {type: container, key: containers, software_system: shop}
styles: {theme: THEME}
arc42:
  glossary:
  - {term: Order, definition: What a customer buys.}
  decisions:
  - {id: "0001", title: Keep orders in PostgreSQL, context: Orders are relational., decision: Use PostgreSQL.}
"""
FIRST = MODEL.replace("API_TEXT", "Takes orders.").replace("THEME", "light")
EDITED = MODEL.replace("API_TEXT", "Takes every order.").replace("THEME", "light")
CACHES = (".archkit-views", ".archkit-build.json")


def run(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ARCHKIT, "build", "shop.yaml", "--out", "out", "--jobs", "1", "--layout", "fast", *args],
                          cwd=work, capture_output=True, text=True, check=False)


def outputs(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and not str(p.relative_to(root / "shop")).startswith(CACHES)}


def json_edit(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def memo_text(data: dict) -> None:  # type: ignore[type-arg]
    page = data["pages"]["arc42/12_glossary.md"]
    page[1] = page[1].replace("What a customer buys.", "POISONED")


def entry_key(data: dict) -> None:  # type: ignore[type-arg]
    data["key"] = "0" * 64  # as a Graphviz (or archkit) of another version keyed it


def entry_icons(data: dict) -> None:  # type: ignore[type-arg]
    data["icons"] = ["/dev/zero", "../../../../etc/passwd.png", "x\x00.png", "a" * 5000 + ".png"]
    data["shown"] = ["\x1b]0;pwned\x07", "../" * 100]
    data["messages"] = ["\x1b[2J\x1b]0;pwned\x07 cleared the screen"]


def svg_edited_times_kept(out: Path) -> None:
    svg = out / "diagrams/containers.svg"
    st = os.stat(svg)
    svg.write_bytes(svg.read_bytes().replace(b"</svg>", b"<!-- poisoned --></svg>"))
    os.utime(svg, ns=(st.st_atime_ns, st.st_mtime_ns))


def truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


MEMO = ".archkit-views/.arc42-pages.json"
ATTACKS: dict[str, tuple[Callable[[Path], None], bool]] = {
    # name: (what is done to out/shop, whether the model is edited afterwards)
    "memo: a page's text edited, key kept": (lambda o: json_edit(o / MEMO, memo_text), True),
    "memo: truncated": (lambda o: truncate(o / MEMO), True),
    "view entry: truncated": (lambda o: truncate(o / ".archkit-views/containers.json"), True),
    "view entry: keyed by another Graphviz": (lambda o: json_edit(o / ".archkit-views/context.json", entry_key), False),
    "view entry: hostile icons, ids, messages": (
        lambda o: json_edit(o / ".archkit-views/context.json", entry_icons), False),
    "diagram edited, size-changing, times restored": (svg_edited_times_kept, False),
    "diagram edited, then the model": (svg_edited_times_kept, True),
    ".files.json truncated": (lambda o: truncate(o / ".archkit-views/.files.json"), True),
    "stamp truncated": (lambda o: truncate(o / ".archkit-build.json"), False),
    "caches of another model's folder": (lambda o: None, True),  # prepared below
}


def attack(base: Path, name: str, damage: Callable[[Path], None], edit: bool) -> str:
    work = base / name.replace(" ", "_").replace(":", "").replace(",", "").replace("'", "")
    work.mkdir()
    (work / "shop.yaml").write_text(FIRST)
    assert run(work).returncode == 0
    out = work / "out" / "shop"
    if name.startswith("caches of another"):  # another theme's build, its caches copied over this one's
        other = base / "other"
        if not other.exists():
            other.mkdir()
            (other / "shop.yaml").write_text(FIRST.replace("theme: light", "theme: dark"))
            assert run(other).returncode == 0
        for cache in CACHES:
            target = out / cache
            shutil.rmtree(target) if target.is_dir() else target.unlink()
            src = other / "out/shop" / cache
            shutil.copytree(src, target) if src.is_dir() else shutil.copy2(src, target)
    damage(out)
    final = EDITED if edit else FIRST
    (work / "shop.yaml").write_text(final)
    built = run(work)
    cold = base / f"cold-{edit}"
    if not cold.exists():
        cold.mkdir()
        (cold / "shop.yaml").write_text(final)
        assert run(cold).returncode == 0
    differ = sorted(k for k in set(outputs(work / "out")) | set(outputs(cold / "out"))
                    if outputs(work / "out").get(k) != outputs(cold / "out").get(k))
    check = run(work, "--check")
    raw = any(c in built.stdout + built.stderr for c in "\x1b\x07")
    if built.returncode == 0 and not differ and check.returncode == 0 and not raw:
        return f"held    {name}"
    return (f"FAILED  {name}: build exit {built.returncode}, differs from a cold build: {differ or 'nothing'}, "
            f"--check exit {check.returncode}{', raw control characters printed' if raw else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="archkit-cache-attacks-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        for name, (damage, edit) in ATTACKS.items():
            print(attack(base, name, damage, edit), flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
