"""`archkit diff`: exactly the changes between two model versions, as text, Markdown, JSON and DOT."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import Container, Workspace
from archkit.cli import app
from archkit.diff import diagram_artifact, diff_dot, diff_files, diff_workspaces, to_json, to_markdown, to_text
from archkit.load import load  # not `from archkit import load`: the archkit.load submodule can shadow it
from tests.golden import assert_golden

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "models").glob("*.py"), key=lambda p: (p.name != "lambda_architecture.py", p.name))

SHOP_V1 = '''\
from archkit import Workspace

workspace = Workspace(name="Shop")
m = workspace.model
customer = m.person("Customer", "Buys things.")
shop = m.software_system("Shop", "Sells things.")
api = shop.container("API", "Takes orders.", "Python")
db = shop.container("Database", "Stores orders.", "PostgreSQL")
customer.uses(api, "Places orders", "HTTPS")
api.uses(db, "Reads and writes", "SQL")
customer.uses(shop, "Browses", "HTTPS")
workspace.views.container(shop, key="containers", title="Shop containers")
workspace.arc42.decision("0001", "Use PostgreSQL", status="accepted")
'''
SHOP_V2 = (
    SHOP_V1.replace('customer.uses(shop, "Browses", "HTTPS")\n', "")
    .replace('"Takes orders.", "Python"', '"Takes orders.", "Python, FastAPI"')
    .replace('db = shop', 'cache = shop.container("Cache", "Caches carts.", "Redis")\ndb = shop')
    .replace('api.uses(db,', 'api.uses(cache, "Caches carts in", "RESP")\napi.uses(db,')
    .replace('status="accepted"', 'status="superseded"')
)


def _with_container_added_and_relationship_removed(ws: Workspace) -> tuple[Workspace, str]:
    """A second version of ``ws``: one new container, one relationship fewer."""
    new = Workspace.model_validate(ws.to_data())
    system = next(s for s in sorted(new.model.software_systems, key=lambda s: s.id)
                  if s.location == "internal" and s.containers)
    added = f"{system.id}.audit-log"
    system.containers.append(Container(id=added, name="Audit Log", description="Keeps every change.",
                                       technology="S3"))
    del new.model.relationships[-1]
    return Workspace.model_validate(new.to_data()), added


@pytest.mark.skipif(not EXAMPLES, reason="no example models in models/ yet")
def test_diff_of_an_example_reports_exactly_the_added_container_and_removed_relationship() -> None:
    old = load(EXAMPLES[0])
    new, added = _with_container_added_and_relationship_removed(old)
    removed = old.model.relationships[-1]

    diff = diff_workspaces(old, new, "v1", "v2")

    assert [(c.category, c.kind, c.key) for c in diff.changes] == [
        ("element", "added", added),
        ("relationship", "removed", removed.id),
    ]
    dot = diff_dot(diff)
    assert f'"{added}" [label=<<b>Audit Log</b>' in dot
    assert 'color="#2e7d32", fillcolor="#e8f5e9"' in dot  # green node
    assert f'"{removed.source}" -> "{removed.destination}" [color="#c62828"' in dot  # red edge
    assert "style=dashed" in dot
    if shutil.which("dot"):  # and Graphviz draws it
        svg = diagram_artifact(diff, "diff.svg").content.decode()
        assert "Audit Log" in svg and "#2e7d32" in svg and "#c62828" in svg


def test_diff_lists_added_removed_and_changed_in_every_category(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text(SHOP_V1)
    (tmp_path / "v2.py").write_text(SHOP_V2)
    diff = diff_files(tmp_path / "v1.py", tmp_path / "v2.py")
    assert [(c.category, c.kind, c.key) for c in diff.changes] == [
        ("element", "added", "shop.cache"),
        ("element", "changed", "shop.api"),
        ("relationship", "added", "shop.api->shop.cache"),
        ("relationship", "removed", "customer->shop"),
        ("arc42", "changed", "decisions/0001"),
    ]
    api = diff.changes[1]
    assert [(f.name, f.old, f.new) for f in api.fields] == [("technology", "Python", "Python, FastAPI")]


def test_diff_reports_render_as_text_markdown_json_and_dot(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text(SHOP_V1)
    (tmp_path / "v2.py").write_text(SHOP_V2)
    diff = diff_files(tmp_path / "v1.py", tmp_path / "v2.py")
    labelled = diff_workspaces(load(tmp_path / "v1.py"), load(tmp_path / "v2.py"), "v1.py", "v2.py")
    assert labelled.changes == diff.changes
    assert_golden("diff/shop.txt", to_text(labelled))
    assert_golden("diff/shop.md", to_markdown(labelled))
    assert_golden("diff/shop.json", to_json(labelled))
    assert_golden("diff/shop.dot", diff_dot(labelled))


def test_diff_reports_groups_with_the_elements() -> None:
    old = Workspace(name="x")
    old.model.group("Core")
    new = Workspace(name="x")
    new.model.group("Core", "The core.")
    new.model.group("Edge")
    diff = diff_workspaces(old, new)
    assert [(c.category, c.kind, c.key) for c in diff.changes] == [
        ("element", "added", "group:edge"), ("element", "changed", "group:core")]


def test_diff_of_identical_models_is_empty(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text(SHOP_V1)
    diff = diff_files(tmp_path / "v1.py", tmp_path / "v1.py")
    assert not diff
    assert to_text(diff).endswith("no changes\n")
    assert "No changes" in to_markdown(diff)
    assert '"no-changes"' in diff_dot(diff)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_compares_a_revision_with_the_work_tree(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    model = tmp_path / "shop.py"
    model.write_text(SHOP_V1)
    git("add", "shop.py")
    git("commit", "-q", "-m", "v1")
    model.write_text(SHOP_V2)

    result = CliRunner().invoke(app, ["diff", str(model), "--git", "HEAD", "--format", "json"])

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["old"] == f"HEAD:{model}"
    assert data["summary"]["element"] == {"added": 1, "removed": 0, "changed": 1}
    assert data["summary"]["relationship"] == {"added": 1, "removed": 1, "changed": 0}


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_names_an_unknown_revision(tmp_path: Path) -> None:
    subprocess.run(["git", "-C", str(tmp_path), "init", "-q"], check=True)
    model = tmp_path / "shop.py"
    model.write_text(SHOP_V1)
    result = CliRunner().invoke(app, ["diff", str(model), "--git", "no-such-rev"])
    assert result.exit_code == 2
    assert "cannot read it at revision 'no-such-rev'" in result.stderr


def test_diff_cli_markdown_exit_code_and_dot_diagram(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text(SHOP_V1)
    (tmp_path / "v2.py").write_text(SHOP_V2)
    target = tmp_path / "out" / "diff.dot"
    args = ["diff", str(tmp_path / "v1.py"), str(tmp_path / "v2.py"), "--format", "markdown",
            "--diagram", str(target), "--exit-code"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1  # --exit-code: the models differ
    assert result.stdout.startswith("### Architecture model diff")
    assert target.read_text().startswith("digraph ")


def test_diff_cli_needs_a_second_model_or_a_revision(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text(SHOP_V1)
    result = CliRunner().invoke(app, ["diff", str(tmp_path / "v1.py")])
    assert result.exit_code == 2
    assert "--git REV" in result.stderr


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_diff_diagram_renders_to_svg_with_the_added_and_removed_parts(tmp_path: Path) -> None:
    (tmp_path / "v1.py").write_text(SHOP_V1)
    (tmp_path / "v2.py").write_text(SHOP_V2)
    target = tmp_path / "diff.svg"
    args = ["diff", str(tmp_path / "v1.py"), str(tmp_path / "v2.py"), "--diagram", str(target)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    svg = target.read_text()
    assert svg.lstrip().startswith(("<?xml", "<svg", "<!DOCTYPE"))
    assert "Cache" in svg and "#2e7d32" in svg  # the added container, in green
    assert "Browses (removed)" in svg and "#c62828" in svg  # the removed relationship, in red
    assert "Python, FastAPI" in svg and "#ef6c00" in svg  # the changed container, in amber


PAIR = '''\
from archkit import Workspace

workspace = Workspace(name="Pair")
m = workspace.model
api = m.software_system("API", "Serves.")
db = m.software_system("Store", "Stores.")
{rels}
'''


def _pair_diff(tmp_path: Path, old: list[str], new: list[str]) -> list[tuple[str, str, str, list[str]]]:
    (tmp_path / "old.py").write_text(PAIR.format(rels="\n".join(old)))
    (tmp_path / "new.py").write_text(PAIR.format(rels="\n".join(new)))
    diff = diff_files(tmp_path / "old.py", tmp_path / "new.py")
    return [(c.category, c.kind, c.key, [f.name for f in c.fields]) for c in diff.changes]


READS = 'api.uses(db, "Reads", "SQL")'
WRITES = 'api.uses(db, "Writes", "SQL")'
AUDITS = 'api.uses(db, "Audits", "SQL")'


def test_relationships_without_ids_reordered_between_the_same_elements_are_unchanged(tmp_path: Path) -> None:
    assert _pair_diff(tmp_path, [READS, WRITES], [WRITES, READS]) == []


def test_a_relationship_inserted_before_another_between_the_same_elements_is_one_addition(tmp_path: Path) -> None:
    # the new one takes the id api->store; the old one becomes api->store#2 without changing
    assert _pair_diff(tmp_path, [READS], [AUDITS, READS]) == [("relationship", "added", "api->store", [])]


def test_a_relationship_without_id_whose_text_changed_is_a_change_not_a_swap(tmp_path: Path) -> None:
    changed = _pair_diff(tmp_path, [READS, WRITES], [READS, WRITES.replace("Writes", "Appends")])
    assert changed == [("relationship", "changed", "api->store#2", ["description"])]
    removed = _pair_diff(tmp_path, [READS, WRITES], [WRITES])
    assert removed == [("relationship", "removed", "api->store", [])]  # "Reads"; "Writes" moved up


def test_relationships_with_their_own_ids_are_still_matched_by_id(tmp_path: Path) -> None:
    old = ['api.uses(db, "Reads", "SQL", id="reads")']
    new = ['api.uses(db, "Reads", "SQL", id="fetches")']
    assert _pair_diff(tmp_path, old, new) == [("relationship", "added", "fetches", []),
                                              ("relationship", "removed", "reads", [])]


def _scenario(*, last: bool, description: str) -> Workspace:
    ws = Workspace(name="x")
    shop = ws.model.software_system("Shop", description)
    api = shop.container("API", "Takes orders.", "Python")
    db = shop.container("Database", "Stores orders.", "PostgreSQL")
    bank = ws.model.software_system("Bank", "Pays.", location="external")
    api.uses(db, "Reads and writes", "SQL")
    api.uses(bank, "Charges cards with", "HTTPS")
    flow = ws.views.dynamic(shop, key="checkout", title="Checkout")
    flow.step(api, db, "Loads the basket with its prices", "SQL")
    flow.parallel([(api, bank, "Authorises the card", "HTTPS")], [(api, db, "Reserves the stock", "SQL")])
    if last:
        flow.step(api, db, "Stores the order", "SQL")
    return ws


def test_a_long_value_that_changed_shows_what_differs_not_two_identical_truncations() -> None:
    """A step removed from a scenario was `steps: [{"description": ... -> [{"description": ...`, the two
    values cut at the same 80 characters; a long description the same."""
    long = "Sells things to customers in every country we ship to, with prices in their currency and {}."
    old = _scenario(last=True, description=long.format("taxes"))
    new = _scenario(last=False, description=long.format("their taxes"))
    text = to_text(diff_workspaces(old, new))
    assert "      steps: 3 items -> 2 items\n        - [3] shop.api -> shop.database 'Stores the order' [SQL]\n" in text
    assert "      description: ...' in their currency and taxes.' -> ...' in their currency and their taxes.'" in text
    markdown = to_markdown(diff_workspaces(old, new))
    assert "  - steps: `3 items -> 2 items`\n    - `- [3] shop.api -> shop.database 'Stores the order' [SQL]`" in (
        markdown)
    new.views["checkout"].steps[1].parallel[0][0].description = "Authorises the card for the total"  # type: ignore
    text = to_text(diff_workspaces(old, new))
    assert ("        - [2] parallel, 2 branches: shop.api -> bank 'Authorises the card' [HTTPS] | shop.api -> "
            "shop.database 'Reserves the stock' [SQL]\n        - [3] shop.api") in text
    assert ("        + [2] parallel, 2 branches: shop.api -> bank 'Authorises the card for the total' [HTTPS] | "
            "shop.api -> shop.database 'Reserves the stock' [SQL]\n") in text
    view = next(c for c in json.loads(to_json(diff_workspaces(old, new)))["changes"] if c["category"] == "view")
    assert view["fields"][0]["old"][2]["description"] == "Stores the order"  # JSON keeps the whole values
