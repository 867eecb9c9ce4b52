"""`archkit build --layout best|fast`: the drawings follow it, and it is part of the fingerprint, so a
no-op build, `build --check` and a later build without the option all agree with what is on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.build import model_fingerprint
from archkit.cli import app

SHOP = Path(__file__).parent / "models" / "shop.py"


def test_the_layout_option_is_part_of_the_fingerprint_and_none_keeps_it_as_it_was() -> None:
    plain = model_fingerprint(SHOP)
    assert model_fingerprint(SHOP, None) == plain  # stamps of builds without --layout stay valid
    assert len({plain, model_fingerprint(SHOP, "fast"), model_fingerprint(SHOP, "best")}) == 3


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_build_layout_fast_then_check_and_a_plain_build_agree_with_the_disk(tmp_path: Path) -> None:
    out = str(tmp_path / "out")

    def build(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(app, ["build", str(SHOP), "-o", out, "-j", "1", *args])
        return result.exit_code, result.output

    code, said = build("--layout", "fast")
    assert code == 0 and "built" in said, said
    fast = (tmp_path / "out/shop/diagrams/container-shop.svg").read_bytes()
    code, said = build("--layout", "fast")
    assert code == 0 and "up to date" in said, said
    code, said = build("--check", "--layout", "fast")
    assert code == 0 and "fresh" in said, said
    # the shop's container view has a better layout than its first encoding: the default build draws that
    code, said = build("--check")
    assert code == 1 and "shop/diagrams/container-shop.svg (differs)" in said, said
    code, said = build()  # not "up to date": the stamp records the fast build
    assert code == 0 and "built" in said, said
    assert (tmp_path / "out/shop/diagrams/container-shop.svg").read_bytes() != fast
    code, said = build("--check", "--layout", "best")  # best is the default with no archkit.layout property
    assert code == 0 and "fresh" in said, said
    code, said = build("--layout", "slow")
    assert code == 2 and "'slow' is not one of 'best', 'fast'" in said, said
