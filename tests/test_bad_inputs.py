"""The bad-input corpus (tests/bad_inputs/cases.yaml): every case ends in one clean error that
names the file and the element, or in a correctly escaped render — never a traceback, never a
raw control character on the terminal, never a file outside the output folder."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from archkit.cli import app
from archkit.output import model_name

CORPUS = Path(__file__).parent / "bad_inputs"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
ARCHKIT = Path(sys.executable).with_name("archkit")
ESCAPE_TARGETS = [Path("/tmp/archkit-bad-input-escape"), Path("/tmp/archkit-bad-input-escape.svg")]
# what no terminal line may carry: C0/C1 controls (but newline), DEL, bidi overrides
_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_PROGRESS = re.compile(r"archkit: (rendering|building|writing) ")
# run through a real `archkit` process as well (the rest use typer's in-process CliRunner)
SUBPROCESS_CASES = {"py/loops-forever.py", "py/prints-to-stdout.py", "yaml-alias-bomb.yaml",
                    "control-characters.json"}


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    crashed: BaseException | None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def case_id(case: dict[str, Any]) -> str:
    name = case.get("file") or case["generate"]["name"]
    extra = "".join(f"+{x}" for x in [case.get("setup"), *case.get("files", [])] if x)
    return f"{case['command']}:{name}{extra}".encode("ascii", "backslashreplace").decode()


def materialise(case: dict[str, Any], work: Path) -> str:
    """Put the case's model into ``work``; returns its path relative to ``work``."""
    if "generate" in case:
        gen = case["generate"]
        if "kind" in gen:
            make_special(work, gen["name"], gen["kind"])
        else:
            text = gen.get("prefix", "") + gen["text"] * gen["repeat"] + gen.get("suffix", "")
            (work / gen["name"]).write_text(text, encoding="utf-8")
        return str(gen["name"])
    rel = str(case["file"])
    (work / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / rel, work / rel)
    for extra in case.get("files", []):  # folders the case's arguments name (e.g. --templates)
        shutil.copytree(CORPUS / extra, work / extra)
    return rel


def make_special(work: Path, name: str, kind: str) -> None:
    """A model path that is not a regular file: a FIFO, a socket, a device or a folder."""
    path = work / name
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "socket":  # bound by a relative name: a socket's path may not exceed 108 bytes
        cwd = Path.cwd()
        os.chdir(work)
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(name)
        finally:
            os.chdir(cwd)
    else:
        raise ValueError(f"unknown special file kind {kind!r}")


def argv(case: dict[str, Any], model: str) -> list[str]:
    extra = [str(a) for a in case.get("args", [])]
    if case["command"] == "check":
        return ["check", model, *extra]
    if case["command"] == "diff":
        return ["diff", model, model, *extra]
    if case["command"] == "import":
        return ["import", model, "--output", "out/imported.py", *extra]
    if case["command"] == "export":
        return ["export", model, "--output", "out/export", *extra]
    if case["command"] == "docs":
        extra = ["--no-render", *extra]
    if case["command"] == "build":
        extra = ["--jobs", "1", *extra]
    return [case["command"], model, "--out", "out", *extra]


def run_in_process(args: list[str]) -> Outcome:
    result = CliRunner().invoke(app, args)
    crashed = result.exception if not isinstance(result.exception, SystemExit | type(None)) else None
    return Outcome(result.exit_code, result.stdout, result.stderr, crashed)


def run_subprocess(args: list[str], cwd: Path) -> Outcome:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([str(ARCHKIT), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env=env, check=False)
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file and link under ``root``: relative path -> (size, mtime)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*filenames, *(d for d in dirnames if (Path(dirpath) / d).is_symlink())]:
            p = Path(dirpath) / name
            st = p.lstat()
            out[str(p.relative_to(root))] = (st.st_size, st.st_mtime_ns)
    return out


def svg_text(path: Path) -> str:
    """The text a reader sees in an SVG; fails when the file is not well-formed XML or is active."""
    tree = ET.parse(path)
    for el in tree.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject"), f"{path.name}: <{tag}> element in the SVG"
        for attr, value in el.attrib.items():
            assert not attr.rsplit("}", 1)[-1].startswith("on"), f"{path.name}: event attribute {attr}"
            assert not value.strip().lower().startswith("javascript:"), f"{path.name}: javascript: link"
    return " ".join(t for t in tree.getroot().itertext())


_MD = MarkdownIt("commonmark").enable("table")
_MD.validateLink = lambda url: True  # markdown-it's own link filter off: archkit's escaping must hold alone
_LIVE_URL = re.compile(r"^(javascript|vbscript|livescript|data):")
_ACTIVE_HTML = re.compile(r"<\s*(script|iframe|img|style|svg|object|embed)\b|\bon\w+\s*=", re.IGNORECASE)


def markdown_text(path: Path, *, html_allowed: bool = False) -> str:
    """The text a reader sees in a Markdown page; fails when the page carries active raw HTML
    (unless ``html_allowed``: the body of an ADR is Markdown the author wrote, see archkit/arc42/adr.py)."""
    pieces: list[str] = []
    for token in _MD.parse(path.read_text(encoding="utf-8")):
        if token.type == "html_block":
            assert html_allowed or not _ACTIVE_HTML.search(token.content), \
                f"{path.name}: raw HTML {token.content[:80]!r}"
        for child in token.children or []:
            if child.type == "html_inline":
                assert html_allowed or not _ACTIVE_HTML.search(child.content), \
                    f"{path.name}: raw HTML {child.content!r}"
                pieces.append(" ")
            elif child.type in ("text", "code_inline"):
                pieces.append(child.content)
            elif child.type in ("link_open", "image"):
                url = re.sub(r"[\x00-\x20]", "", str(child.attrGet("href") or child.attrGet("src"))).lower()
                assert not _LIVE_URL.match(url), f"{path.name}: live link {url!r}"
            elif child.type in ("softbreak", "hardbreak"):
                pieces.append(" ")
        if token.type in ("fence", "code_block"):
            pieces.append(token.content)
        pieces.append(" ")
    return "".join(pieces)


def squash(text: str) -> str:
    """Text without whitespace: diagrams wrap long words anywhere, so only the characters count."""
    return "".join(text.split())


def plain_files(out: Path, pattern: str) -> list[Path]:
    """The plain files under ``out`` matching ``pattern``, none reached through a link (a case may leave
    links it planted, e.g. to /dev/zero: they are not outputs)."""
    found = []
    for path in sorted(out.rglob(pattern)):
        chain = [path, *path.parents[:len(path.relative_to(out).parts) - 1]]
        if path.is_file() and not any(p.is_symlink() for p in chain):
            found.append(path)
    return found


def check_configs(out: Path) -> None:
    """Generated YAML and JSON files parse, and a model's text cannot move mkdocs' folders."""
    for path in plain_files(out, "*.json"):
        json.loads(path.read_text(encoding="utf-8"))
    for path in plain_files(out, "mkdocs.yml"):
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert config["docs_dir"] == "..", f"{path}: docs_dir is {config['docs_dir']!r}"
        assert not Path(config["site_dir"]).is_absolute(), f"{path}: site_dir is {config['site_dir']!r}"


def rendered_text(out: Path) -> str:
    """The reader-visible text of every SVG and Markdown output under ``out``."""
    texts = [svg_text(p) for p in plain_files(out, "*.svg")]
    texts += [markdown_text(p) for p in plain_files(out, "*.md")]
    texts += [html_text(p) for p in plain_files(out, "*.html")]
    return squash(" ".join(texts))


class _PageText(HTMLParser):
    """The text a reader sees in a page of the site; fails on anything that runs: an inline script or one
    from outside the site, an event attribute, a live URL, an embedded frame or object."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.pieces, self.hidden = name, [], 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag not in ("iframe", "object", "embed", "foreignobject", "base"), f"{self.name}: <{tag}>"
        for attr, value in attrs:
            assert not attr.startswith("on"), f"{self.name}: event attribute {attr}"
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if attr in ("href", "src", "xlink:href", "action"):
                assert not _LIVE_URL.match(url) or url == "data:," or url.startswith("data:image/png;"), \
                    f"{self.name}: live link {url!r}"
        if tag == "script":
            src = dict(attrs).get("src") or ""
            assert src and "//" not in src and not src.startswith("/"), f"{self.name}: script {src!r}"
        if tag in ("script", "style", "title"):
            self.hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if self.hidden <= 0:
            self.pieces.append(data)


def html_text(path: Path) -> str:
    """The text a reader sees in a page of the site (``archkit site``); fails when the page is active."""
    parser = _PageText(path.name)
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.pieces)


def prepare_output(setup: str | None, work: Path, model: str) -> list[str]:
    """Arrange the output folder for a case; returns the folders that may change (under tmp_path)."""
    base = Path("deep/er/work")
    if setup == "out-is-symlink":  # the user points out/ elsewhere: writes go there, nowhere else
        (work / "real-out").mkdir()
        (work / "out").symlink_to("real-out", target_is_directory=True)
        return [str(base / "out"), str(base / "real-out")]
    if setup == "diagrams-symlink-outside":  # a link planted inside out/ must not be followed
        (work / "outside").mkdir()
        (work / "outside" / "keep.txt").write_text("untouched\n", encoding="utf-8")
        folder = work / "out" / model_name(model)
        folder.mkdir(parents=True)
        for sub in ("diagrams", "arc42"):
            (folder / sub).symlink_to(work / "outside", target_is_directory=True)
    if setup == "out-dangling-link":  # out/ a link to nothing: never followed to make the folders it names
        (work / "out").symlink_to("gone/away", target_is_directory=True)
    if setup is not None and setup in SYMLINK_SETUPS:
        (work / "outside").mkdir()
        (work / "outside" / "keep.txt").write_text("untouched\n", encoding="utf-8")
        plant_links(work / "out" / model_name(model), SYMLINK_SETUPS[setup])
    return [str(base / "out")]


def prepare_inputs(setup: str | None, work: Path) -> None:
    """Input folders (``--templates``, ``--adr-dir``) with links that lead out of them; the linked file
    lies outside ``work``, so reading it would be caught by the literal and snapshot checks too."""
    secret = work.parent / "secret.txt"
    if setup == "templates-link-outside":  # a template that is a link to a file outside the folder
        secret.write_text("SECRET {{ 7*7 }}\n", encoding="utf-8")
        (work / "templates-linked").mkdir()
        (work / "templates-linked" / "12_glossary.md.j2").symlink_to(secret)
    if setup == "templates-folder-link":  # a linked sub-folder: templates come from the folder's own files
        (work / "templates-linked").mkdir()
        (work / "templates-linked" / "partials").symlink_to("/etc", target_is_directory=True)
        (work / "templates-linked" / "12_glossary.md.j2").write_text(
            "{% include 'partials/hostname' %}", encoding="utf-8")
    if setup == "image-link-outside":  # an image view's file that is a link to a PNG outside the model's folder
        secret.with_suffix(".png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
        (work / "pictures-linked").mkdir()
        (work / "pictures-linked" / "secret.png").symlink_to(secret.with_suffix(".png"))
    if setup == "adr-link-outside":  # an ADR file that is a link to a file outside the folder
        secret.write_text("# 1. Secret\n\n## Status\n\nAccepted\n\n## Context\n\nSECRET\n", encoding="utf-8")
        (work / "adr").mkdir()
        (work / "adr" / "0001-inside.md").write_text("# 1. Inside\n\n## Status\n\nAccepted\n", encoding="utf-8")
        (work / "adr" / "0002-secret.md").symlink_to(secret)
        (work / "adr" / "0003-beside.md").symlink_to("0001-inside.md")


# links planted in out/<model>/ (path -> target; "HAND" makes a hand-written page, "FOLDER" a folder):
# outputs replace links, orphan clean-up removes links, never a target; nothing is read through them
SYMLINK_SETUPS: dict[str, dict[str, str]] = {
    "links-in-place-of-outputs": {
        "diagrams/context.svg": "../../../outside/keep.txt", "diagrams/context.png": "context.png",
        "arc42/01_introduction_and_goals.md": "../../../outside/keep.txt",
        "arc42/.archkit-manifest.json": "../../../outside/keep.txt", ".archkit-build.json": "/dev/zero",
        "arc42/mkdocs.yml": "nowhere", "arc42/index.md": "../../../outside",
    },
    "orphan-links": {
        "arc42/02_architecture_constraints.md": "HAND", "diagrams/old.svg": "../arc42/02_architecture_constraints.md",
        "diagrams/folder": "../../../outside", "diagrams/a": "b", "diagrams/b": "a", "diagrams/self.svg": "self.svg",
        "exports/old.mmd": "../../../outside/keep.txt", "exports/deep/old.d2": "../../../../outside/keep.txt",
    },
    "folder-link-inside": {"arc42/02_architecture_constraints.md": "HAND", "diagrams": "arc42"},
    "model-folder-loop": {".": "LOOP"},
    "file-in-place-of-diagrams": {"diagrams": "HAND"},
    "folder-in-place-of-a-page": {"arc42/03_context_and_scope.md": "FOLDER"},
}


def plant_links(folder: Path, links: dict[str, str]) -> None:
    for rel, target in links.items():
        path = folder / rel
        if target == "LOOP":  # out/<model> itself is a link to itself
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(path.name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if target == "HAND":
            path.write_text("A page a person wrote, no markers.\n", encoding="utf-8")
        elif target == "FOLDER":
            path.mkdir()
            (path / "mine.txt").write_text("A file a person wrote.\n", encoding="utf-8")
        else:
            path.symlink_to(target)


def run_case(case: dict[str, Any], tmp_path: Path, *, subprocess_mode: bool) -> None:
    work = tmp_path / "deep" / "er" / "work"  # so that ../../ from out/ still lands in tmp_path
    work.mkdir(parents=True)
    model = materialise(case, work)
    allowed = prepare_output(case.get("setup"), work, model)
    prepare_inputs(case.get("setup"), work)
    kept = {rel: (work / rel).read_bytes() for rel in case.get("unchanged", [])}
    before = snapshot(tmp_path)
    cwd = Path.cwd()
    os.chdir(work)
    try:
        args = argv(case, model)
        outcome = run_subprocess(args, work) if subprocess_mode else run_in_process(args)
    finally:
        os.chdir(cwd)
    after = snapshot(tmp_path)

    assert outcome.crashed is None, f"archkit crashed: {outcome.crashed!r}\n{outcome.output}"
    assert "Traceback" not in outcome.output, outcome.output
    assert outcome.exit_code == case["exit"], outcome.output
    for fragment in case.get("says", []):
        assert fragment in outcome.output, f"expected {fragment!r} in:\n{outcome.output}"
    for fragment in case.get("absent", []):
        assert fragment not in outcome.stdout, f"{fragment!r} leaked to stdout:\n{outcome.stdout}"
    raw = _RAW_CONTROL.search(outcome.output)
    assert raw is None, f"raw control character {raw.group()!r} in the CLI output:\n{outcome.output!r}"
    if case["exit"] == 2:
        lines = [line for line in outcome.stderr.splitlines()
                 if line.startswith("archkit: ") and not _PROGRESS.match(line)]
        expected = case.get("lines", 1)
        assert len(lines) == expected, f"expected {expected} clean error line(s):\n{outcome.stderr}"

    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    outside = sorted(p for p in changed if not any(p.startswith(f"{a}{os.sep}") for a in allowed))
    assert outside == [], f"files written outside the output folder: {outside}"
    for target in ESCAPE_TARGETS:
        assert not target.exists(), f"{target} was written"
    for rel, content in kept.items():
        assert not (work / rel).is_symlink() and (work / rel).read_bytes() == content, f"{rel} was changed"
    if case.get("no_links"):
        links = [str(p.relative_to(work)) for p in (work / "out").rglob("*") if p.is_symlink()]
        assert links == [], f"links left in place of outputs or as orphans: {links}"
    for proof in ("archkit-yaml-exec-proof", "archkit-template-exec-proof"):
        assert not (work / proof).exists(), f"{proof}: model data or a template executed code"

    for pattern in case.get("writes", []):
        assert list((work / "out").glob(pattern)), f"no output file matches {pattern!r}"
    literals = case.get("literal", [])
    assert not literals or (work / "out").exists(), "the case wrote no output to check"
    if (work / "out").exists():
        check_configs(work / "out")
        visible = rendered_text(work / "out")  # and every SVG and Markdown page is inert
        for literal in literals:
            assert squash(literal) in visible, f"{literal!r} is not shown literally"


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_bad_input_ends_in_a_clean_error_or_an_escaped_render(case: dict[str, Any], tmp_path: Path) -> None:
    # a FIFO or a device could hang the reader: through a real process, with its timeout
    run_case(case, tmp_path, subprocess_mode="kind" in case.get("generate", {}))


@pytest.mark.parametrize("case", [c for c in CASES if c.get("file") in SUBPROCESS_CASES], ids=case_id)
def test_bad_input_through_the_real_archkit_process(case: dict[str, Any], tmp_path: Path) -> None:
    run_case(case, tmp_path, subprocess_mode=True)


def test_corpus_has_at_least_40_cases_and_every_file_is_used() -> None:
    assert len(CASES) >= 40
    used = {c["file"] for c in CASES if "file" in c}
    used |= {f"{folder}/{p.name}" for c in CASES for folder in c.get("files", []) for p in (CORPUS / folder).iterdir()}
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.name != "cases.yaml"}
    assert on_disk - used == set(), "corpus files without a case"
    assert used - on_disk == set(), "cases without a file"


def test_yaml_models_are_read_with_the_safe_loader_tags_only() -> None:
    """No constructor beyond yaml.SafeLoader's: no !!python/..., no custom tags, so data stays data."""
    from archkit import yamlfile

    loaders = [yamlfile._SafeLoader, *([yamlfile._FastLoader] if yamlfile._FastLoader else [])]
    for loader in loaders:
        assert loader.yaml_constructors == yaml.SafeLoader.yaml_constructors
        assert loader.yaml_multi_constructors == yaml.SafeLoader.yaml_multi_constructors


def test_readme_security_model_states_the_corpus_size_and_names_real_tests() -> None:
    readme = (CORPUS.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Security model", 1)[1].split("\n## ", 1)[0]
    inputs = {c.get("file") or c["generate"]["name"] for c in CASES}
    assert f"**{len(CASES)} cases over {len(inputs)} inputs**" in section
    for command in ("check", "render", "docs", "build"):
        count = sum(c["command"] == command for c in CASES)
        assert re.search(rf"\b{count}\s+(through\s+)?`{command}`", section), f"README miscounts the {command} cases"
    tests = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS.parent.rglob("test_*.py"))
    for name in set(re.findall(r"(?<![/\w])(test_\w+)\b(?!\.py)", section)):
        assert f"def {name}(" in tests, f"README names {name}, which does not exist"
    for name in set(re.findall(r"`((?:py/)?[\w-]+\.(?:yaml|json|py))`", section)) - {"setup.py"}:
        assert name in inputs, f"README names corpus case {name}, which does not exist"


@pytest.mark.parametrize("name", ["../../escape", "/tmp/archkit-bad-input-escape", "a\x1b[31mb",
                                  '"""; import os; os.system("touch pwned"); """'])
def test_new_with_a_hostile_name_writes_one_safe_model_in_the_folder(name: str, tmp_path: Path) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    result = CliRunner().invoke(app, ["new", name, "--dir", str(work)])
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(written) == 1 and written[0].parent == work and written[0].suffix == ".py"
    assert _RAW_CONTROL.search(result.output) is None
    checked = CliRunner().invoke(app, ["check", "--strict", str(written[0])])
    assert checked.exit_code == 0, checked.output
    assert not any(p.name == "pwned" for p in tmp_path.rglob("*")) and not Path("pwned").exists()
    assert not ESCAPE_TARGETS[0].exists()


def test_new_never_writes_through_a_link_in_place_of_the_model(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "payments.py").symlink_to(tmp_path / "elsewhere.py")  # dangling: writing through it would create it
    result = CliRunner().invoke(app, ["new", "payments", "--dir", str(work)])
    assert result.exit_code == 2 and "is a symbolic link" in result.output
    assert not (tmp_path / "elsewhere.py").exists() and (work / "payments.py").is_symlink()
