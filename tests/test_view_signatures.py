"""A re-used view's files are vouched for by their signature, not read (issue 18, N=5000 edit rebuild).

``archkit build`` records each diagram's signature (device, inode, size, mtime, ctime: from the descriptor
that wrote or read it) with the sha256 of its bytes in ``.archkit-views/.files.json``; a rebuild re-uses a
file whose ``lstat`` still gives it without reading the file, and reads and hashes any other. These tests
count the diagrams a rebuild reads (:func:`archkit.render.freshness.read_signed`, the one place it reads
them) and the views it draws (``Counter`` of ``test_view_freshness``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.diskfile import Signature
from archkit.load import load
from archkit.output import signature_on_disk
from archkit.render import freshness
from archkit.render.freshness import FILES_PATH
from archkit.views import compute_view
from tests.test_view_freshness import MODEL, ORIGINAL, VIEWS, Counter, build, outputs

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


class Reads:
    """The diagram files the builds since the last :meth:`reset` read to check them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        read = freshness.read_signed

        def counted(path: Path) -> tuple[bytes, Signature] | None:
            self.paths.append(f"{path.parent.name}/{path.name}")
            return read(path)

        monkeypatch.setattr(freshness, "read_signed", counted)

    def reset(self) -> None:
        self.paths = []


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    return Reads(monkeypatch)


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return Counter(monkeypatch)


@pytest.fixture
def built(tmp_path: Path, counter: Counter, reads: Reads) -> Path:
    out = build(tmp_path, ORIGINAL)
    assert sorted(counter.views) == sorted(VIEWS)
    counter.reset()
    reads.reset()
    return out


def known(out: Path) -> dict[str, list[object]]:
    files: dict[str, list[object]] = json.loads((out / FILES_PATH).read_bytes())["files"]
    return files


def test_a_rebuild_reads_no_diagram_whose_signature_is_unchanged(tmp_path: Path, built: Path, counter: Counter,
                                                                 reads: Reads) -> None:
    before = outputs(built)
    build(tmp_path, ORIGINAL)
    assert reads.paths == [] and counter.runs == 0
    edited = MODEL.replace("DB_TEXT", "Keeps every order.").replace("EXTRA\n", "")
    build(tmp_path, edited)  # one view drawn; the others re-used, by quick key or by DOT key, unread
    assert counter.views == ["containers"] and reads.paths == []
    assert outputs(built) != before
    assert sorted(known(built)) == sorted(f"diagrams/{v}.{f}" for v in VIEWS for f in ("png", "svg"))
    for relpath, record in known(built).items():  # the signature of each file as it is on disk
        assert tuple(record[:5]) == signature_on_disk(built, relpath)


@pytest.mark.parametrize("how", ["in place, size and mtime restored", "replaced by a rename", "touched"])
def test_a_diagram_changed_behind_the_builds_back_is_read_and_drawn_again(tmp_path: Path, built: Path,
                                                                         counter: Counter, reads: Reads,
                                                                         how: str) -> None:
    """What another build or a person does to a file changes its inode or its ctime: the file is read."""
    before = outputs(built)
    svg = built / "diagrams/context.svg"
    st = svg.stat()
    if how == "touched":  # same bytes, new times: read, found unchanged, re-used and signed again
        os.utime(svg, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    else:
        edited = svg.read_bytes().replace(b"Sells things.", b"Sells thongs.")
        assert len(edited) == st.st_size and edited != svg.read_bytes()
        if how == "replaced by a rename":
            (built / "other.svg").write_bytes(edited)
            os.replace(built / "other.svg", svg)
        else:
            with open(svg, "r+b") as fh:
                fh.write(edited)
        os.utime(svg, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert (svg.stat().st_size, svg.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    build(tmp_path, ORIGINAL)
    assert reads.paths == ["diagrams/context.svg"]
    assert counter.views == ([] if how == "touched" else ["context"])
    assert outputs(built) == before
    assert tuple(known(built)["diagrams/context.svg"][:5]) == signature_on_disk(built, "diagrams/context.svg")
    reads.reset()
    build(tmp_path, ORIGINAL)
    assert reads.paths == []


def test_what_a_signature_cannot_see_build_check_and_force_do(tmp_path: Path, built: Path, counter: Counter,
                                                               reads: Reads, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file rewritten in place within the clock tick of its recorded ctime (or with the clock set back) keeps
    its signature: stood for here by recording the signature of the edited file. The build trusts it;
    ``build --check`` compares bytes and reports it, ``build --force`` draws it again."""
    before = outputs(built)
    svg = built / "diagrams/context.svg"
    svg.write_bytes(svg.read_bytes().replace(b"Sells things.", b"Sells thongs."))
    files = known(built)
    sig = signature_on_disk(built, "diagrams/context.svg")
    assert sig is not None
    files["diagrams/context.svg"][:5] = list(sig)
    (built / FILES_PATH).write_text(json.dumps({"format": 1, "files": files}))
    build(tmp_path, ORIGINAL)
    assert reads.paths == [] and counter.runs == 0 and b"Sells thongs." in svg.read_bytes()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "shop.yaml", "--out", "out", "--check", "--jobs", "1"])
    assert result.exit_code == 1 and "context.svg" in result.output
    result = CliRunner().invoke(app, ["build", "shop.yaml", "--out", "out", "--force", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert outputs(built) == before


@pytest.mark.parametrize("damage", ["garbage", "other hash", "a link", "missing"])
def test_a_record_that_does_not_vouch_for_the_file_means_reading_it(tmp_path: Path, built: Path, counter: Counter,
                                                                    reads: Reads, damage: str) -> None:
    """A record is trusted only with the hash the view's entry names (a build killed between a view's files
    and the record leaves the old one); a damaged record file, or a link in its place, vouches for nothing."""
    before = outputs(built)
    record = built / FILES_PATH
    if damage == "garbage":
        record.write_bytes(b"\x00[[[")
    elif damage == "other hash":
        files = known(built)
        files["diagrams/mail.png"][5] = "0" * 64
        record.write_text(json.dumps({"format": 1, "files": files}))
    elif damage == "a link":
        elsewhere = tmp_path / "elsewhere.json"
        shutil.copyfile(record, elsewhere)
        record.unlink()
        os.symlink(elsewhere, record)
    else:
        record.unlink()
    build(tmp_path, ORIGINAL)
    expected = ["diagrams/mail.png"] if damage == "other hash" else [
        f"diagrams/{v}.{f}" for v in VIEWS for f in ("png", "svg")]
    assert sorted(reads.paths) == sorted(expected) and counter.runs == 0
    assert outputs(built) == before and not record.is_symlink()
    reads.reset()
    build(tmp_path, ORIGINAL)
    assert reads.paths == []


def test_force_and_the_site_read_every_file(tmp_path: Path, built: Path, reads: Reads) -> None:
    """``--force`` trusts no record; a model that publishes its site reads the re-used views' bytes (the site is
    made from them), so it checks them by hash."""
    from archkit.build.job import build_model

    assert build_model(str(tmp_path / "shop.yaml"), str(built), reuse=False).status == "built"
    assert reads.paths == []  # every view drawn, nothing to check
    site = ORIGINAL.replace("name: Shop\n", "name: Shop\nproperties: {archkit.site: 'true'}\n", 1)
    build(tmp_path, site)
    reads.reset()
    build(tmp_path, site)
    assert sorted(reads.paths) == sorted(f"diagrams/{v}.{f}" for v in VIEWS for f in ("png", "svg"))


RELATED = MODEL.replace("DB_TEXT", "Keeps orders.")
NEW_RELATIONSHIPS = {  # shown at every level but the API's components / between two of them only
    "person to system": "  - {id: added, source: customer, destination: mail, description: Reads the receipts of}",
    "component to component": "  - {id: added, source: shop.api.orders, destination: shop.api.mailer, "
                              "description: Asks for a receipt}",
}
MORE_VIEWS = """\
- {type: component, key: api-parts, container: shop.api}
- {type: system_landscape, key: landscape}
"""
COMPONENTS = """\
    - id: shop.api
      name: API
      description: Takes orders.
      technology: Python
      components:
      - {id: shop.api.orders, name: Orders, description: Takes the orders., technology: Python}
      - {id: shop.api.mailer, name: Mailer, description: Sends the mail., technology: Python}
"""


@pytest.mark.parametrize("added", sorted(NEW_RELATIONSHIPS))
def test_adding_a_relationship_redraws_exactly_the_views_showing_both_ends_in_a_real_build(tmp_path: Path,
                                                                                           added: str) -> None:
    """Through the real ``archkit build`` process: a view's diagrams get new files (another inode) only when it
    is drawn again; that set is exactly the views whose computed edges hold the new relationship."""
    text = (RELATED.replace("    - {id: shop.api, name: API, description: Takes orders., technology: Python}\n",
                            COMPONENTS)
            .replace("{source: shop.api, destination: mail,", "{source: shop.api.mailer, destination: mail,")
            .replace("{source: shop.web, destination: shop.api,", "{source: shop.web, destination: shop.api.orders,")
            .replace("{source: shop.api, destination: shop.db,", "{source: shop.api.orders, destination: shop.db,")
            .replace("views:\n", "views:\n" + MORE_VIEWS))
    model = tmp_path / "shop.yaml"
    out = tmp_path / "out"

    def archkit_build() -> dict[str, int]:
        proc = subprocess.run([str(Path(sys.executable).parent / "archkit"), "build", str(model), "--out", str(out)],
                              capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return {p.name: p.stat().st_ino for p in sorted((out / "shop/diagrams").iterdir())}

    model.write_text(text.replace("EXTRA\n", ""))
    first = archkit_build()
    model.write_text(text.replace("EXTRA", NEW_RELATIONSHIPS[added]))
    second = archkit_build()
    redrawn = {name.rsplit(".", 1)[0] for name in first if first[name] != second[name]}
    ws = load(model)
    showing = {v.key for v in ws.effective_views()
               if any("added" in e.relationships for e in compute_view(ws, v).edges)}
    assert showing and showing != {v.key for v in ws.effective_views()}  # some views show both ends, not all
    assert redrawn == showing
    assert (showing == {"api-parts"}) == (added == "component to component")
    assert sorted(first) == sorted(second)
