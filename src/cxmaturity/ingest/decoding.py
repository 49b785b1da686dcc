"""Turn the bytes of an export into text, whatever encoding the exporting system chose.

Order: byte-order marks (UTF-8, UTF-16, UTF-32), BOM-less UTF-16 recognised by its NUL
pattern, strict UTF-8, then Windows-1252 (what Excel and most Windows tools write; a
superset of latin-1 for printable text) and latin-1 as the last resort, which decodes any
byte. Binary content is refused rather than decoded into garbage.
"""

from __future__ import annotations

import codecs

_PROBE = 4096
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v", "\x1b"}


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we accept."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name used). Raises UndecodableError for binary content."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise UndecodableError(f"invalid {encoding} after byte-order mark at byte {exc.start}") from exc

    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        try:
            return _checked(data.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:_PROBE]:
        raise UndecodableError("binary content (NUL bytes), not a text export")

    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"), "latin-1")


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text has a NUL in every other byte."""
    probe = data[:_PROBE]
    if len(probe) < 4 or len(data) % 2:
        return None
    even_nuls = probe[0::2].count(0)
    odd_nuls = probe[1::2].count(0)
    half = len(probe) // 2
    if odd_nuls > 0.4 * half and even_nuls < 0.05 * half:
        return "utf-16-le"
    if even_nuls > 0.4 * half and odd_nuls < 0.05 * half:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str) -> tuple[str, str]:
    probe = text[:_PROBE]
    controls = sum(1 for ch in probe if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    if probe and controls > max(2, 0.01 * len(probe)):
        raise UndecodableError("binary content (control bytes), not a text export")
    return text, encoding
