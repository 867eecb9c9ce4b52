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

Reading and hashing every re-used file costs seconds on a large model (1272 files, 524 MB at N=5000), so
the build also records, in ``.archkit-views/.files.json`` (:data:`FILES_PATH`), each diagram's
:data:`~archkit.diskfile.Signature` (device, inode, size, mtime and ctime) with the sha256 of the bytes it
held, as taken from the very descriptor that wrote the file (or read it: :func:`archkit.diskfile.write_signed`,
:func:`~archkit.diskfile.read_signed`). A file whose ``lstat`` still gives the recorded signature, recorded for
the hash the view's entry names, is re-used without being read; any other is read and hashed as above.
A file another build or a person put there has another inode or ctime (a rename, a write, even ``touch`` or
an ``mtime`` restored with ``utime`` sets the ctime), so it is read. What a signature cannot see is a file
rewritten in place within the clock tick of the recorded ctime, or with the system clock set back:
``build --check`` (which draws every view and compares bytes) and ``build --force`` still see it.

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
from functools import cached_property
from pathlib import Path
from typing import TypeGuard

from archkit.diskfile import Signature, read_plain, read_signed, signature_of
from archkit.errors import OutputError
from archkit.output import CACHE_LIMIT, Artifact, confined, read_existing, remove_files, safe_name
from archkit.render.view_inputs import ModelTexts

CACHE_DIR = ".archkit-views"
_FORMAT = 2
#: the signatures of the diagrams on disk (a name starting with a dot: no view's entry, never pruned)
FILES_PATH = f"{CACHE_DIR}/.files.json"
_FILES_FORMAT = 1

Known = dict[str, tuple[Signature, str]]
"""relpath -> the signature of the file there and the sha256 of the bytes it held when it was taken."""


@dataclass(frozen=True)
class Kept(Artifact):
    """A view's file re-used: it is on disk already, nothing to write. Its ``content`` is the file's bytes
    when they were read (checked by hash); empty when its signature vouched for it and the cache was not
    asked for contents (:attr:`ViewCache.contents`)."""

    signature: Signature | None = None
    #: the sha256 of the file's bytes (those of the entry)
    digest: str = ""


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
    #: the signatures the last build recorded (:func:`read_known`)
    known: Known = field(default_factory=dict)
    #: whether re-used files' bytes are needed (the site is made from them): then every file is read and hashed
    contents: bool = True

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
        path = self._inside(entry_path(view))
        try:  # a link in place of a folder on the way: never read through, drawn again
            data = _entry(None if path is None else read_plain(path, CACHE_LIMIT))
        except OSError:
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

    def files(self, view: str, entry: Entry) -> dict[str, Kept] | None:
        """The files of ``view`` on disk when they all still have the hashes ``entry`` recorded: vouched for by
        their recorded signature (not read), else read and hashed."""
        kept = {}
        for fmt in self.formats:
            relpath, digest = diagram_path(view, fmt), entry.hashes[fmt]
            known, path = self.known.get(relpath), self._inside(relpath)
            if path is None:
                return None
            if not self.contents and known is not None and known[1] == digest and signature_of(path) == known[0]:
                kept[fmt] = Kept(relpath, b"", known[0], digest)
                continue
            try:
                found = read_signed(path)
            except OSError:
                return None
            if found is None or hashlib.sha256(found[0]).hexdigest() != digest:
                return None
            kept[fmt] = Kept(relpath, found[0], found[1], digest)
        return kept

    @cached_property
    def _root(self) -> Path | None:
        """The output folder, resolved once (None when it cannot be: nothing is re-used)."""
        try:
            return confined(self.out_dir, CACHE_DIR).parent
        except OutputError:
            return None

    def _inside(self, relpath: str) -> Path | None:
        """``relpath`` in the output folder (as :func:`archkit.output.confined`, the folder resolved once), or None
        when the folder it is in is a symbolic link (never read through) or the output folder cannot be resolved."""
        if self._root is None:
            return None
        folder, _, _ = relpath.rpartition("/")
        try:
            if stat.S_ISLNK(os.lstat(self._root / folder).st_mode):
                return None
        except OSError:
            return None
        return self._root / relpath

    def entry(self, view: str, key: str, hashes: Mapping[str, str], messages: Sequence[str], *,
              notes: Sequence[str] = (), quick: str = "", shown: Sequence[str] = (),
              icons: Iterable[str] = ()) -> Artifact:
        """The entry to write after the files of ``view`` (``hashes``: format -> sha256 of its file)."""
        data = {"format": _FORMAT, "view": view, "key": key, "messages": list(messages), "notes": list(notes),
                "quick": quick, "shown": list(shown), "icons": sorted(set(icons)),
                "files": dict(sorted(hashes.items()))}
        return Artifact(entry_path(view), (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def digests(files: Mapping[str, bytes]) -> dict[str, str]:
    """format -> sha256 of the bytes of a view's files, as its entry records them."""
    return {fmt: hashlib.sha256(content).hexdigest() for fmt, content in files.items()}


def read_known(out_dir: Path) -> Known:
    """The signatures :data:`FILES_PATH` records (empty when it is missing, unreadable or not a plain file: every
    re-used file is then read and hashed). A record is trusted only with the hash it was taken for, so a
    record left by a build killed before it wrote the newer one is harmless."""
    try:
        data = _entry(read_existing(out_dir, FILES_PATH, CACHE_LIMIT))
    except OutputError:
        return {}
    files = data.get("files") if data is not None and data.get("format") == _FILES_FORMAT else None
    if not isinstance(files, dict):
        return {}
    known: Known = {}
    for relpath, record in files.items():
        if (isinstance(record, list) and len(record) == 6 and isinstance(record[5], str)
                and all(type(n) is int for n in record[:5])):
            known[relpath] = (tuple(record[:5]), record[5])
    return known


def known_artifact(known: Mapping[str, tuple[Signature, str]]) -> Artifact:
    """:data:`FILES_PATH` recording ``known`` (written after the files it describes)."""
    files = {relpath: [*sig, digest] for relpath, (sig, digest) in sorted(known.items())}
    return Artifact(FILES_PATH, (json.dumps({"format": _FILES_FORMAT, "files": files}, sort_keys=True) + "\n").encode())


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
        if _is_folder(folder / name):  # another build at once may remove it first: then nothing is left to do
            shutil.rmtree(folder / name, ignore_errors=True)
    return True


def _is_folder(path: Path) -> bool:
    """True when ``path`` is a real folder (not a link to one); False when it is gone."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


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
             if not name.startswith(".") and not _is_folder(folder / name)]
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
