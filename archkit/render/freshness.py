"""Per-view freshness: a view is drawn again only when what it shows changed.

``archkit build`` keys each view's files by everything that determines them: the view's DOT text as
archkit writes it (which holds the theme, the styles, the labels and the drill-down links), the
formats, the layout search's mode (the search's winner depends only on the view:
:mod:`archkit.render.budget`), the timeout, the bytes of the icons the DOT names, Graphviz's version
and archkit's own fingerprint (version and files). The key and a sha256 of each file the view got
are kept in ``out/<model>/.archkit-views/<view>.json``, beside the outputs; the view's files
themselves are the ones in ``diagrams/``, re-used when the key is unchanged and every file there
still has the recorded hash. Anything else (an entry that is missing, unreadable, for another view
or key, a link, a file edited, removed or replaced by a link) means the view is drawn again.

Computing every view and its DOT text only to find its key unchanged costs seconds on a large model,
so an entry also holds a *quick key*, which needs neither: the same settings, the shape of the
workspace and the descriptions of the ids the view shows (:mod:`archkit.render.view_inputs`), and
the icons its DOT named. A view whose quick key is unchanged computes to the same DOT text, so its
files are re-used (after the same hash check) without computing it; otherwise it is computed and
judged by its key as above, and its entry gets the new quick key.

An entry is written (atomically, :func:`archkit.output.write_artifacts`) only after the view's files,
so a build killed at any instant, or two builds at once, leave at worst an entry that does not match
the files: that view is drawn again, never re-used wrongly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeGuard

from archkit.errors import OutputError
from archkit.output import Artifact, confined, read_existing, remove_files, safe_name
from archkit.render.view_inputs import ModelTexts

CACHE_DIR = ".archkit-views"
_FORMAT = 2


@dataclass(frozen=True)
class Kept(Artifact):
    """A view's file re-used: it is on disk with these bytes already (checked by hash), nothing to write."""


@dataclass(frozen=True)
class Entry:
    """A view's entry as the last build that drew it (or found it fresh) left it."""

    key: str
    hashes: dict[str, str]
    #: what drawing the view said, and what computing it said
    messages: list[str]
    notes: list[str]
    quick: str
    shown: list[str]
    icons: list[str]


@dataclass(frozen=True)
class ViewCache:
    """The view entries of one model's output folder, for one set of formats and one layout mode."""

    out_dir: Path
    formats: tuple[str, ...]
    search: str
    timeout: float
    #: False (``build --force``): every view is drawn again, and its entry written for the next build
    trust: bool = True

    #: the workspace split for the quick keys (:func:`archkit.render.view_inputs.model_texts`)
    texts: ModelTexts | None = None
    #: icon -> sha256 of its bytes, filled as keys are taken (one build's cache; copies share it)
    icon_digests: dict[str, bytes] = field(default_factory=dict)

    def key(self, view: str, dot: str, icons: Iterable[str], links: Mapping[str, str]) -> str:
        """The sha256 of everything that determines the files of ``view`` drawn from ``dot`` (``links``: the
        view's drill-down links, which the SVG keeps; the DOT holds them too)."""
        return self._digest(view, links, icons, "dot", dot)

    def quick_key(self, view: str, links: Mapping[str, str], shown: Iterable[str], icons: Iterable[str]) -> str:
        """The key that stands for :meth:`key` without the DOT text: the workspace's shape and the descriptions
        of the ids ``view`` shows, which determine its DOT text; "" when the cache has no texts."""
        if self.texts is None:
            return ""
        return self._digest(view, links, icons, "shape", self.texts.shape, self.texts.digest(shown))

    def _digest(self, view: str, links: Mapping[str, str], icons: Iterable[str], *parts: str) -> str:
        from archkit.build.plan import toolkit_fingerprint
        from archkit.render import graphviz

        digest = hashlib.sha256()
        for part in (str(_FORMAT), toolkit_fingerprint(), graphviz.version_text(), ",".join(self.formats),
                     self.search, repr(self.timeout), view, json.dumps(sorted(links.items())), *parts):
            digest.update(hashlib.sha256(part.encode("utf-8", "surrogatepass")).digest())
        for icon in sorted(set(icons)):
            if icon not in self.icon_digests:  # read once per build: views share a few icons
                self.icon_digests[icon] = hashlib.sha256(graphviz.read_icon(icon) or b"<missing>").digest()
            digest.update(icon.encode("utf-8") + b"\0" + self.icon_digests[icon])
        return digest.hexdigest()

    def read(self, view: str) -> Entry | None:
        """The entry of ``view`` when there is a valid one for these formats (None: draw the view)."""
        if not self.trust:
            return None
        try:
            data = _entry(read_existing(self.out_dir, entry_path(view)))
        except OutputError:  # a link in place of a folder on the way: never read through, drawn again
            return None
        if data is None or data.get("format") != _FORMAT or data.get("view") != view:
            return None
        key, hashes, quick = data.get("key"), data.get("files"), data.get("quick")
        texts = [data.get(name) for name in ("messages", "notes", "shown", "icons")]
        if not (isinstance(key, str) and isinstance(quick, str) and isinstance(hashes, dict)
                and sorted(hashes) == sorted(self.formats) and all(isinstance(h, str) for h in hashes.values())
                and all(_texts(t) for t in texts)):
            return None
        messages, notes, shown, icons = (list(t) for t in texts if _texts(t))
        return Entry(key, hashes, messages, notes, quick, shown, icons)

    def files(self, view: str, entry: Entry) -> dict[str, bytes] | None:
        """The files of ``view`` on disk when they all still have the hashes ``entry`` recorded."""
        files = {}
        try:
            for fmt in self.formats:
                content = read_existing(self.out_dir, diagram_path(view, fmt))
                if content is None or hashlib.sha256(content).hexdigest() != entry.hashes[fmt]:
                    return None
                files[fmt] = content
        except OutputError:
            return None
        return files

    def entry(self, view: str, key: str, files: Mapping[str, bytes], messages: Sequence[str], *,
              notes: Sequence[str] = (), quick: str = "", shown: Sequence[str] = (),
              icons: Iterable[str] = ()) -> Artifact:
        """The entry to write after the files of ``view``."""
        data = {"format": _FORMAT, "view": view, "key": key, "messages": list(messages), "notes": list(notes),
                "quick": quick, "shown": list(shown), "icons": sorted(set(icons)),
                "files": {fmt: hashlib.sha256(content).hexdigest() for fmt, content in sorted(files.items())}}
        return Artifact(entry_path(view), (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def entry_path(view: str) -> str:
    return f"{CACHE_DIR}/{safe_name(view)}.json"


def diagram_path(view: str, fmt: str) -> str:
    return f"diagrams/{safe_name(view)}.{fmt}"


def is_entry(relpath: str) -> bool:
    return relpath.startswith(CACHE_DIR + "/")


def clear_link(out_dir: Path) -> bool:
    """Remove whatever is in place of the cache folder when it is not a real folder (a link is removed
    itself, never followed), and any folder inside it (where an entry would go: the cache is archkit's
    own, ``shutil.rmtree`` removes links inside without following them); True when a real folder is there."""
    folder = out_dir / CACHE_DIR
    try:
        mode = os.lstat(folder).st_mode
    except OSError:
        return False
    if not stat.S_ISDIR(mode):
        remove_files(out_dir, [CACHE_DIR])
        return False
    for name in os.listdir(folder):
        if stat.S_ISDIR(os.lstat(folder / name).st_mode):
            shutil.rmtree(folder / name)
    return True


def prune(out_dir: Path, views: Iterable[str]) -> None:
    """Remove the entries (and anything else, links included, never followed, but names starting with a dot)
    in the cache folder that are not those of ``views``; a link in place of the folder itself is removed."""
    folder = out_dir / CACHE_DIR
    if not clear_link(out_dir):
        return
    keep = {entry_path(v).rpartition("/")[2] for v in views}
    names = [name for name in os.listdir(confined(out_dir, f"{CACHE_DIR}/x").parent) if name not in keep]
    # a name starting with a dot is no view's (safe_name): a temporary file, or the arc42 pages' memo
    stale = [f"{CACHE_DIR}/{name}" for name in sorted(names)
             if not stat.S_ISDIR(os.lstat(folder / name).st_mode) and not name.startswith(".")]
    remove_files(out_dir, stale)


def _entry(raw: bytes | None) -> dict[str, object] | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _texts(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
