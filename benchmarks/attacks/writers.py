"""Every command that writes, against what a disk can hold where it writes (h/attack5).

For each writing command (``new``, ``render``, ``docs``, ``build``, ``export`` to a file and to a folder,
``import``, ``site``, ``discover``, ``diff --diagram``) and each attack on its target (the output folder or a
file in it a symbolic link: to a folder outside, dangling, to a file outside; an output file a link to a file
outside, dangling, to a folder outside; a file where a folder goes and a folder where a file goes; a read-only
folder; hand-written text where it writes: an arc42 page with text outside the markers, a hand-edited model, a
file of a person's own in the folder the command publishes to; the very model it reads as its output), a fresh
folder is set up, every entry of it hashed (links by their target, never followed), the command run as a user
runs it, and the folder hashed again. A case holds when the command ends in success or in a clean error (exit 2,
one ``archkit:`` line, no traceback), nothing changed outside the command's output (a link's target included),
every hand-written word is still where it was, and no temporary file is left.

    .venv/bin/python benchmarks/attacks/writers.py [--only COMMAND] [--verbose]

The read-only case drops the capabilities that let root write anywhere (``capsh``), so it holds for root too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHKIT = str(Path(sys.executable).with_name("archkit"))
WORD = "Handwritten-5e2b"
SECRET = b"a file outside the output folder\n"
PAGE = "out/shop/arc42/03_context_and_scope.md"


@dataclass(frozen=True)
class Command:
    """A writing command: its arguments (run in the work folder), the folder it writes into (``top``), the
    folder of its files (``sub``), one file it writes (``file``), and a run that makes its outputs first."""

    name: str
    argv: tuple[str, ...]
    top: str
    sub: str
    file: str
    warm: bool = True  # run once before the attack, so that the attack meets outputs of an earlier run
    creates: bool = False  # a file people edit from then on (new, import, discover): never replaced


COMMANDS = [
    Command("new", ("new", "shop2", "-d", "proj"), "proj", "proj", "proj/shop2.py", warm=False, creates=True),
    Command("render", ("render", "models/shop.py", "-o", "out", "-f", "svg,dot", "--quality", "off"), "out",
            "out/shop/diagrams", "out/shop/diagrams/container-shop.svg"),
    Command("docs", ("docs", "models/shop.py", "-o", "out", "--no-render"), "out", "out/shop/arc42", PAGE),
    Command("build", ("build", "models/shop.py", "-o", "out", "-j", "1"), "out", "out/shop/arc42", PAGE),
    Command("export file", ("export", "models/shop.py", "--to", "dsl", "-o", "exp/shop.dsl"), "exp", "exp",
            "exp/shop.dsl"),
    Command("export folder", ("export", "models/shop.py", "--to", "mermaid", "-o", "exp/mmd"), "exp", "exp/mmd",
            "exp/mmd/container-shop.mmd"),
    Command("import", ("import", "ws.json", "-o", "proj/imported.py"), "proj", "proj", "proj/imported.py",
            warm=False, creates=True),
    Command("site", ("site", "models/shop.py", "-o", "site", "-f", "svg", "--docs", "out"), "site", "site/shop",
            "site/shop/index.html"),
    Command("discover", ("discover", "pkg", "--src", "src", "-o", "proj/draft.py"), "proj", "proj",
            "proj/draft.py", warm=False, creates=True),
    Command("diff", ("diff", "models/shop.py", "models/shop2.py", "--diagram", "dd/diff.svg"), "dd", "dd",
            "dd/diff.svg"),
]


@dataclass
class Attack:
    name: str
    plant: Callable[[Path, Command], None]
    also_output: Callable[[Command], list[str]] = lambda c: []  # where writes are the user's choice
    read_only: bool = False
    hand: Callable[[Command], list[str]] = lambda c: []  # files that hold WORD and must keep it
    applies: Callable[[Command], bool] = lambda c: True


def _replace(path: Path, make: Callable[[Path], None]) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    make(path)


def _link(to: str) -> Callable[[Path, Command], None]:
    def plant(work: Path, cmd: Command, *, where: str = "file") -> None:
        _replace(work / getattr(cmd, where), lambda p: p.symlink_to(work / to))
    return plant


def _top_link(to: str) -> Callable[[Path, Command], None]:
    return lambda work, cmd: _replace(work / cmd.top, lambda p: p.symlink_to(work / to))


def _file_for_folder(work: Path, cmd: Command) -> None:
    _replace(work / cmd.sub, lambda p: p.write_text(f"{WORD}: my notes, in a file named like the folder\n"))


def _folder_for_file(work: Path, cmd: Command) -> None:
    def make(p: Path) -> None:
        p.mkdir()
        (p / "mine.txt").write_text(f"{WORD}: my file, in a folder named like the output\n")
    _replace(work / cmd.file, make)


def _read_only(work: Path, cmd: Command) -> None:
    (work / cmd.sub).mkdir(parents=True, exist_ok=True)
    (work / cmd.sub).chmod(0o555)


def _hand_written(work: Path, cmd: Command) -> None:
    if cmd.creates or cmd.name in ("docs", "build"):  # a model people edit; an arc42 page
        target = work / cmd.file
        target.parent.mkdir(parents=True, exist_ok=True)
        old = target.read_text() if target.is_file() else "# my model\n"
        target.write_text(old + f"\n{WORD} wrote this, outside the markers.\n")
    elif cmd.name == "site":  # a page people wrote beside the published one, and text in the --docs pages
        (work / cmd.sub / "notes.html").write_text(f"<p>{WORD}: my own page</p>\n")
        page = work / PAGE
        page.write_text(page.read_text() + f"\n{WORD} wrote this, outside the markers.\n")
    else:  # a generated file people should not edit: written as generated (README: only arc42 pages merge)
        (work / cmd.sub / "mine.txt").write_text(f"{WORD}: my own file beside the outputs\n")


def _hand_files(cmd: Command) -> list[str]:
    if cmd.creates or cmd.name in ("docs", "build"):
        return [cmd.file]
    if cmd.name == "site":
        return [f"{cmd.sub}/notes.html", PAGE]
    return [f"{cmd.sub}/mine.txt"]


def _model_as_output(work: Path, cmd: Command) -> None:
    """Nothing to plant: the command is given its own input as the output (see :func:`argv`)."""


ATTACKS = [
    Attack("output folder -> a folder outside", _top_link("elsewhere"), lambda c: ["elsewhere"]),
    Attack("output folder -> dangling link", _top_link("gone/away")),
    Attack("output folder -> a file outside", _top_link("outside/secret.txt")),
    Attack("output file -> a file outside", _link("outside/secret.txt")),
    Attack("output file -> dangling link", _link("outside/nothing.txt")),
    Attack("output file -> a folder outside", _link("outside/dir")),
    Attack("a file where a folder goes", _file_for_folder, hand=lambda c: [c.sub]),
    Attack("a folder where a file goes", _folder_for_file, hand=lambda c: [f"{c.file}/mine.txt"]),
    Attack("read-only folder", _read_only, read_only=True),
    Attack("hand-written text there", _hand_written, hand=_hand_files),
    Attack("-o names the model it reads", _model_as_output,
           applies=lambda c: c.name in ("export file", "import", "discover")),
]


def argv(cmd: Command, attack: Attack) -> list[str]:
    args = list(cmd.argv)
    if attack.plant is _model_as_output:
        out = args.index("-o") + 1
        args[out] = {"import": "ws.json", "discover": "src/pkg/__init__.py"}.get(cmd.name, "models/shop.py")
        if cmd.name == "export file":
            args[args.index("--to") + 1] = "python"
    return args


def setup(work: Path) -> None:
    models = work / "models"
    models.mkdir(parents=True)
    shop = (ROOT / "tests/models/shop.py").read_text()
    (models / "shop.py").write_text(shop)
    (models / "shop2.py").write_text(shop.replace("Buys things.", "Buys books."))
    (work / "outside" / "dir").mkdir(parents=True)
    (work / "outside" / "secret.txt").write_bytes(SECRET)
    (work / "outside" / "dir" / "keep.txt").write_bytes(SECRET)
    (work / "elsewhere").mkdir()
    for pkg in ("pkg", "pkg/api", "pkg/store"):
        (work / "src" / pkg).mkdir(parents=True)
    (work / "src/pkg/__init__.py").write_text("")
    (work / "src/pkg/api/__init__.py").write_text("from pkg.store import save\n")
    (work / "src/pkg/store/__init__.py").write_text("def save() -> None:\n    pass\n")
    done = subprocess.run([ARCHKIT, "export", "models/shop.py", "--to", "structurizr", "-o", "ws.json"], cwd=work,
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr


def snapshot(work: Path) -> dict[str, str]:
    """Every entry below ``work``: a file by its sha256, a link by its target (never followed), a folder."""
    found: dict[str, str] = {}
    for top, dirs, files in os.walk(work):
        for name in [*dirs, *files]:
            path = Path(top, name)
            rel = path.relative_to(work).as_posix()
            if path.is_symlink():
                found[rel] = "link " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "dir"
            else:
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@dataclass
class Outcome:
    rc: int
    message: str
    problems: list[str] = field(default_factory=list)

    def cell(self) -> str:
        what = "written" if self.rc == 0 else f"error (exit {self.rc})" if self.rc in (1, 2) else f"exit {self.rc}"
        return f"{what}{' — ' + '; '.join(self.problems) if self.problems else ''}"


def run_case(cmd: Command, attack: Attack, verbose: bool) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="archkit-writers-") as tmp:
        work = Path(tmp)
        setup(work)
        if cmd.warm or cmd.name == "site":
            subprocess.run([ARCHKIT, "docs", "models/shop.py", "-o", "out", "--no-render"], cwd=work,
                           capture_output=True, check=True)
        if cmd.warm:
            subprocess.run([ARCHKIT, *cmd.argv], cwd=work, capture_output=True, check=True)
            model = work / "models" / "shop.py"  # a newer model: the command has files to write
            model.write_text(model.read_text().replace("Sells things online.", "Sells books online."))
        attack.plant(work, cmd)
        before = snapshot(work)
        line = [ARCHKIT, *argv(cmd, attack)]
        if attack.read_only:  # root writes anywhere: drop the capabilities that let it
            line = ["capsh", "--drop=cap_dac_override,cap_dac_read_search,cap_fowner", "--", "-c", shlex.join(line)]
        done = subprocess.run(line, cwd=work, capture_output=True, text=True, timeout=300, check=False)
        for top, _, _ in os.walk(work):
            Path(top).chmod(0o755)
        after = snapshot(work)
        outcome = Outcome(done.returncode, _message(done))
        if verbose:
            print(" ".join(line), done.returncode, done.stderr[-2000:], sep="\n")
        owned = [cmd.top, *attack.also_output(cmd)]
        if attack.plant is _model_as_output:
            owned = []
        changed = sorted(rel for rel in {*before, *after} if before.get(rel) != after.get(rel))
        outside = [rel for rel in changed if not any(rel == o or rel.startswith(o + "/") for o in owned)]
        if outside:
            outcome.problems.append("CHANGED OUTSIDE: " + ", ".join(outside[:4]))
        for rel in attack.hand(cmd):
            path = work / rel
            if not path.is_file() or path.is_symlink() or WORD not in path.read_text(errors="replace"):
                outcome.problems.append(f"LOST: {rel}")
        if "Traceback" in done.stderr:
            outcome.problems.append("TRACEBACK")
        failed = 1 if cmd.name == "build" else 2  # build: 1 when a model fails, its reason in the summary
        if done.returncode not in (0, failed) or (done.returncode == 2 and not done.stderr.startswith("archkit:")):
            outcome.problems.append("UNCLEAN EXIT")
        left = [rel for rel in after if rel.endswith(".tmp")]
        if left:
            outcome.problems.append("TEMPORARY LEFT: " + ", ".join(left[:2]))
        return outcome


def _message(done: subprocess.CompletedProcess[str]) -> str:
    if done.returncode == 0:
        return ""
    err = done.stderr.splitlines()
    failed = [err[i + 1].strip() for i, ln in enumerate(err[:-1]) if ln.endswith("FAILED")]  # build: its reason
    lines = failed or [ln for ln in done.stderr.splitlines() if ln.startswith("archkit: ") and "rendering" not in ln]
    return lines[-1] if lines else done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="Run only this command (e.g. 'render', 'export file').")
    parser.add_argument("--attack", help="Run only the attacks whose name contains this text.")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    failed = 0
    print("| command | attack | outcome | message |\n|---|---|---|---|")
    for cmd in COMMANDS:
        if args.only and cmd.name != args.only:
            continue
        for attack in ATTACKS:
            if not attack.applies(cmd) or (args.attack and args.attack not in attack.name):
                continue
            outcome = run_case(cmd, attack, args.verbose)
            failed += bool(outcome.problems)
            message = outcome.message.replace("|", "\\|")[:220]
            print(f"| {cmd.name} | {attack.name} | {outcome.cell()} | {message} |", flush=True)
    print(f"\n{failed} case{'s' if failed != 1 else ''} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
