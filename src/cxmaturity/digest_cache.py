"""A bounded, run-wide memory of results per text that keeps no text: the one cache redaction and encoding share.

Scripted agent lines and acknowledgements recur in every call of a run, so redaction (`SeenTexts`) and the
encoder (`EmbeddingCache`) each remember what they computed for a text. Neither may keep the text: the key
is a BLAKE2b digest under 16 random bytes drawn per cache and never stored, so it cannot be matched against
guessed texts. The least recently used entry goes past `max_texts`; 0 keeps nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from typing import Generic, TypeVar

from cxmaturity.errors import ConfigError

V = TypeVar("V")


def checked_size(max_texts: object, option: str) -> int:
    """A stage's cache-size option (`option` names it, e.g. "classify.cached_texts"): a whole number >= 0."""
    if isinstance(max_texts, bool) or not isinstance(max_texts, int) or max_texts < 0:
        raise ConfigError(f"{option}: expected a whole number >= 0 (0: off), got {max_texts!r}")
    return max_texts


class DigestCache(Generic[V]):
    """Values by a keyed digest of their text, bounded, least recently used first out."""

    __slots__ = ("_entries", "_key", "hits", "max_texts")

    def __init__(self, max_texts: int) -> None:
        self._key = secrets.token_bytes(16)
        self._entries: OrderedDict[bytes, V] = OrderedDict()
        self.max_texts = max_texts
        self.hits = 0  # lookups that found a value: how much work the cache saved

    def _digest(self, text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=self._key, digest_size=16).digest()

    def get(self, text: str) -> V | None:
        """The value stored for `text`, or None. Values are shared: callers copy before changing one."""
        if not self.max_texts:
            return None
        digest = self._digest(text)
        found = self._entries.get(digest)
        if found is not None:
            self._entries.move_to_end(digest)
            self.hits += 1
        return found

    def put(self, text: str, value: V) -> None:
        if not self.max_texts:
            return
        digest = self._digest(text)
        self._entries[digest] = value
        self._entries.move_to_end(digest)
        if len(self._entries) > self.max_texts:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
