"""The diagram-server URLs Structurizr writes for an image view's PlantUML, Mermaid or Kroki source, both ways.

Structurizr keeps no source in its JSON: an image view's ``content`` is the URL of the diagram drawn by
a server (``plantuml.url``, ``mermaid.url``, ``kroki.url`` of the view configuration), its source
packed into the path. :func:`diagram_url` packs a source as Structurizr does (the DSL importer and the
Structurizr JSON export use it); :func:`diagram_source` unpacks one (the JSON importer), so an image
view reads back as its source. Nothing here contacts a server: these are strings.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Literal

Language = Literal["plantuml", "mermaid", "kroki"]
#: The view configuration property naming each language's server.
SERVER_PROPERTIES: dict[Language, str] = {"plantuml": "plantuml.url", "mermaid": "mermaid.url", "kroki": "kroki.url"}
_PLANTUML = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
#: The most a packed source may unpack to (a bomb of a few kilobytes is not inflated to gigabytes).
MAX_SOURCE = 1 << 20


def plantuml_encode(text: str) -> str:
    """PlantUML's text encoding: raw deflate, then its own base64 alphabet."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packer.compress(text.encode("utf-8")) + packer.flush()
    out: list[str] = []
    for i in range(0, len(data), 3):
        chunk = data[i:i + 3] + b"\x00" * (3 - len(data[i:i + 3]))
        n = int.from_bytes(chunk, "big")
        out.extend(_PLANTUML[(n >> shift) & 63] for shift in (18, 12, 6, 0))
    return "".join(out)


def plantuml_decode(packed: str) -> str | None:
    """The text :func:`plantuml_encode` packed, or None when ``packed`` is not such a text."""
    if not packed or any(ch not in _PLANTUML for ch in packed) or len(packed) % 4 == 1:
        return None
    data = bytearray()
    for i in range(0, len(packed), 4):
        group = packed[i:i + 4]
        n = 0
        for ch in group.ljust(4, "0"):
            n = (n << 6) | _PLANTUML.index(ch)
        data += n.to_bytes(3, "big")[:len(group) - 1 if len(group) < 4 else 3]
    return _inflate(bytes(data), -15)


def diagram_url(language: Language, source: str, server: str, kroki_format: str = "") -> str:
    """The URL of the SVG the ``server`` draws of ``source``, as Structurizr writes it."""
    base = server.rstrip("/")
    if language == "plantuml":
        return f"{base}/svg/{plantuml_encode(source)}"
    if language == "mermaid":
        code = json.dumps({"code": source, "mermaid": {"theme": "default"}}, separators=(",", ":"))
        return f"{base}/svg/{base64.b64encode(code.encode()).decode()}"
    packed = base64.urlsafe_b64encode(zlib.compress(source.encode(), 9)).decode()
    return f"{base}/{kroki_format}/svg/{packed}"


def diagram_source(content: str, servers: dict[str, str]) -> tuple[Language, str, str, str] | None:
    """``(language, source, server, kroki_format)`` of a diagram-server URL Structurizr wrote with one of
    ``servers`` (view configuration properties), or None when ``content`` is no such URL."""
    for language, prop in SERVER_PROPERTIES.items():
        server = (servers.get(prop) or "").rstrip("/")
        if not server or not content.startswith(server + "/"):
            continue
        parts = content[len(server) + 1:].split("/")
        if language == "kroki" and len(parts) == 3 and parts[1] == "svg":
            source = _kroki(parts[2])
            fmt = parts[0]
        elif language != "kroki" and len(parts) == 2 and parts[0] in ("svg", "png"):
            source = plantuml_decode(parts[1]) if language == "plantuml" else _mermaid(parts[1])
            fmt = ""
        else:
            continue
        if source is not None:
            return language, source, servers[prop], fmt
    return None


def _mermaid(packed: str) -> str | None:
    try:
        code = json.loads(base64.b64decode(packed, validate=True)).get("code")
    except (binascii.Error, ValueError, AttributeError):
        return None
    return code if isinstance(code, str) else None


def _kroki(packed: str) -> str | None:
    try:
        data = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
    except (binascii.Error, ValueError):
        return None
    return _inflate(data, 15)


def _inflate(data: bytes, wbits: int) -> str | None:
    unpacker = zlib.decompressobj(wbits)
    try:
        text = unpacker.decompress(data, MAX_SOURCE)
    except zlib.error:
        return None
    if unpacker.unconsumed_tail or not unpacker.eof:
        return None
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return None
