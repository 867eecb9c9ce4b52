

def test_text_written_between_the_markers_is_kept_below_the_block_with_a_note(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    page = root / "arc42" / f"{PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Who uses the shop.", "Who uses the shop. Ours."),
                    encoding="utf-8")
    result = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    text = page.read_text(encoding="utf-8")
    end = "<!-- archkit:end 3.1 -->\n"
    block, below = text.split(end, 1)
    assert NEW in block and "Ours." not in block  # the block follows the model
    assert below.startswith("\n### 3.1 Business Context") and "Who uses the shop. Ours." in below
    assert any(f"arc42/{PAGE}.md:8: you wrote between the markers of block 3.1" in n for n in result.notes)
    again = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    assert page.read_text(encoding="utf-8") == text and not any("you wrote" in n for n in again.notes)


def test_text_written_in_a_block_the_model_no_longer_has_is_kept_in_its_place(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    page = root / "arc42" / "12_glossary.md"
    text = page.read_text(encoding="utf-8")
    ids = [line.split()[2] for line in text.splitlines() if line.startswith("<!-- archkit:begin")]
    assert len(ids) >= 2
    page.write_text(text.replace(f"<!-- archkit:end {ids[-1]} -->", f"Ours.\n<!-- archkit:end {ids[-1]} -->"),
                    encoding="utf-8")
    ws = shop()
    ws.arc42.glossary.clear()
    result = write_docs(ws, root, render=False)
    after = page.read_text(encoding="utf-8")
    assert "Ours." in after
    assert any("12_glossary.md" in n and "you wrote between the markers" in n for n in result.notes)


def test_a_marker_pair_quoted_in_hand_written_text_is_kept_as_written(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    page = root / "arc42" / f"{PAGE}.md"
    quoted = "\n```\n<!-- archkit:begin x9 -->\nAn example of ours.\n<!-- archkit:end x9 -->\n```\n"
    end = "<!-- archkit:end 3.1 -->\n"
    page.write_text(page.read_text(encoding="utf-8").replace(end, end + quoted), encoding="utf-8")
    result = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    text = page.read_text(encoding="utf-8")
    assert end + quoted in text and NEW in text
    assert any("archkit:begin x9 is not a block archkit wrote in this page" in n for n in result.notes)
