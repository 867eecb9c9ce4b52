"""The pictures of image views: what an ``ImageView.source`` refers to, and the bytes of a local one.

An image view (``source_type="image"``) names its picture in one of three ways:

- a path relative to the model file's folder (``diagrams/context.png``): read by :func:`attach_images`
  when the model is loaded (:func:`archkit.load.load`), only inside that folder (a ``..`` or a
  symbolic link out of it is refused), only a regular file of at most 10 MiB whose bytes are the
  PNG, JPEG, GIF or SVG its name says;
- a ``data:image/...;base64,`` URI: the picture itself, as Structurizr embeds a local image;
- an ``http(s)://`` URL: a reference, never downloaded.

Anything else (``file://``, ``javascript:``, an absolute path) is refused by the model. Pure but for
:func:`attach_images`, which reads the files through :func:`archkit.userfile.read_user_file`.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from archkit.errors import LoadError
from archkit.userfile import read_user_file

if TYPE_CHECKING:
    from archkit.model import ImageView, Workspace

#: The picture types an image view may show, by file suffix.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml"}
_DATA_URI = re.compile(r"data:(image/(?:png|jpeg|gif|svg\+xml));base64,([A-Za-z0-9+/=\s]*)", re.ASCII)
_SVG_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg\b",
                        re.DOTALL)
_SVG_TAG = re.compile(rb"<svg\b[^>]*>")
_SVG_ATTRIBUTE = re.compile(rb"""\s(width|height|viewBox)\s*=\s*["']([^"']*)["']""")
_LENGTH = re.compile(rb"\s*([0-9]+(?:\.[0-9]+)?)(?:px)?\s*")


@dataclass(frozen=True)
class Picture:
    """An image's bytes and its media type (``image/png``, ...)."""

    mime: str
    data: bytes

    @property
    def extension(self) -> str:
        return {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/svg+xml": "svg"}[self.mime]

    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_data_uri(source: str) -> bool:
    return source.lower().startswith("data:")


def source_problem(source: str) -> str | None:
    """Why ``source`` is no picture an image view may name (None: it is one)."""
    if is_url(source):
        return None
    if is_data_uri(source):
        return None if data_picture(source) is not None else (
            "is not a base64 data: URI of a PNG, JPEG, GIF or SVG image — write data:image/png;base64,... with "
            "the image's own bytes, or name the file")
    if "://" in source or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", source):
        return "is neither an http(s) URL nor a file beside the model — give an http(s) URL or a relative path"
    path = PurePosixPath(source.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        return ("is not inside the model's folder — copy the image there and give its path relative to the model "
                "(no leading '/', no '..')")
    if path.suffix.lower() not in IMAGE_TYPES:
        return "is not a PNG, JPEG, GIF or SVG file — name a .png, .jpg, .jpeg, .gif or .svg file"
    return None


def data_picture(source: str) -> Picture | None:
    """The picture a ``data:image/...;base64,`` URI holds, or None when it is not one."""
    match = _DATA_URI.fullmatch(source.strip())
    if match is None:
        return None
    try:
        data = base64.b64decode("".join(match.group(2).split()), validate=True)
    except binascii.Error:
        return None
    return Picture(match.group(1), data) if sniff(data) == match.group(1) else None


def sniff(data: bytes) -> str | None:
    """The media type ``data`` starts like, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if _SVG_START.match(data[:4096]):
        return "image/svg+xml"
    return None


def dimensions(picture: Picture) -> tuple[int, int] | None:
    """Width and height in pixels, when the image says (PNG, GIF, JPEG headers; SVG width/height or viewBox)."""
    data = picture.data
    if picture.mime == "image/png" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if picture.mime == "image/gif" and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if picture.mime == "image/jpeg":
        return _jpeg_size(data)
    if picture.mime == "image/svg+xml":
        return _svg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 < len(data) and data[at] == 0xFF:
        marker, length = data[at + 1], int.from_bytes(data[at + 2:at + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5:at + 9])
            return width, height
        at += 2 + length
    return None


def _svg_size(data: bytes) -> tuple[int, int] | None:
    tag = _SVG_TAG.search(data[:8192])
    if tag is None:
        return None
    found = dict(_SVG_ATTRIBUTE.findall(tag.group(0)))
    width, height = (_LENGTH.fullmatch(found.get(k) or b"") for k in (b"width", b"height"))
    if width and height:
        return round(float(width[1])), round(float(height[1]))
    box = (found.get(b"viewBox") or b"").replace(b",", b" ").split()
    try:
        return (round(float(box[2])), round(float(box[3]))) if len(box) == 4 else None
    except ValueError:
        return None


def view_picture(view: ImageView) -> Picture | None:
    """The picture an image view shows itself: its data: URI's, or its local file's once loaded."""
    if view.source_type != "image":
        return None
    if is_data_uri(view.source):
        return data_picture(view.source)
    return view.loaded_picture()


def attach_images(ws: Workspace, folder: Path, name: str) -> None:
    """Read the local picture of every image view of ``ws`` (from the model file ``name`` in ``folder``)."""
    from archkit.model import ImageView

    root = folder.resolve()
    for view in ws.views:
        if not isinstance(view, ImageView) or view.source_type != "image" or is_url(view.source) \
                or is_data_uri(view.source):
            continue
        where = f"{name}: view '{view.key}': image '{view.source}'"
        path = (folder / view.source).resolve()
        if not path.is_relative_to(root):
            raise LoadError(f"{where} is outside the model's folder {folder} (a symbolic link?) — copy the image "
                            "into the folder")
        if not path.exists():
            raise LoadError(f"{where}: file not found in {folder} — put the image there, or fix the path")
        data = read_user_file(path, name=f"{name}: view '{view.key}': image '{view.source}'")
        wanted = IMAGE_TYPES[path.suffix.lower()]
        if sniff(data) != wanted:
            raise LoadError(f"{where}: the file is not the {wanted.split('/')[1].upper().removesuffix('+XML')} "
                            "its name says — save it in that format, or rename it")
        view.attach_picture(Picture(wanted, data))
