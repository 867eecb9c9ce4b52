"""C4-PlantUML export: a tag gets ``AddElementTag``/``AddRelTag`` only with a style PlantUML draws — without
one, C4-PlantUML puts a yellow "(last text and back color)" entry in the legend. Through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODEL = """\
name: Tags
model:
  software_systems:
  - id: shop
    name: Shop
    description: Sells things.
    containers:
    - {id: shop.api, name: API, description: Serves., technology: Python, tags: [Web]}
    - {id: shop.db, name: Database, description: Stores., technology: PostgreSQL, tags: [Database]}
    - {id: shop.cache, name: Cache, description: Caches., technology: Redis, tags: [Cache]}
  relationships:
  - {source: shop.api, destination: shop.db, description: Reads, technology: SQL, tags: [Critical]}
  - {source: shop.api, destination: shop.cache, description: Caches in, technology: RESP, tags: [Plain]}
views:
- {type: container, software_system: shop, key: containers}
styles:
  elements:
  - {tag: Database, shape: cylinder}
  - {tag: Cache, icon: onprem.inmemory.redis}
  - {tag: Web, background: "#2e7d32", color: "#ffffff"}
  relationships:
  - {tag: Plain, description: a style with nothing to draw}
  - {tag: Critical, color: "#c62828"}
"""


def test_a_tag_gets_a_plantuml_definition_only_with_a_style_to_draw(tmp_path: Path) -> None:
    model = tmp_path / "tags.yaml"
    model.write_text(MODEL, encoding="utf-8")
    archkit = Path(sys.executable).with_name("archkit")
    done = subprocess.run([str(archkit), "export", str(model), "--to", "plantuml"], capture_output=True, text=True,
                          check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    puml = done.stdout
    assert 'AddElementTag("Web", $bgColor="#2e7d32", $fontColor="#ffffff")' in puml
    assert 'AddRelTag("Critical", $textColor="#c62828", $lineColor="#c62828")' in puml
    for tag in ("Database", "Cache", "Plain"):  # nothing PlantUML draws: no definition, no $tags
        assert f'Tag("{tag}"' not in puml and f'$tags="{tag}"' not in puml, tag
    assert 'ContainerDb(shop_db, "Database", "PostgreSQL", "Stores.")' in puml  # the cylinder is the macro
    assert 'Container(shop_api, "API", "Python", "Serves.", $tags="Web")' in puml
