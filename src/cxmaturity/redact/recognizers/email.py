"""Written email addresses, checked against the public-suffix list shipped inside tldextract.

The whole address is one entity: no URL recognizer runs, so "gmail.com" inside an address is
never reported separately (a known presidio false positive).
"""

from __future__ import annotations

import tldextract
from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer

# suffix_list_urls=() keeps tldextract offline: it uses the snapshot bundled with the package.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@register_recognizer
class EmailRecognizer(ViewPatternRecognizer):
    ENTITY = "EMAIL_ADDRESS"
    PATTERNS = [
        Pattern(
            "email",
            r"(?<![\w.+-])[a-z0-9](?:[a-z0-9._%+-]{0,63})@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])",
            0.5,
        )
    ]
    CONTEXT = ["email", "e-mail", "mail", "address"]
    MATCH_ORIGINAL = True
    MIN_DIGITS = 0  # an address needs no digit; `analyze` skips turns without an "@" instead

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):  # noqa: D102
        if "@" not in text:
            return []
        return super().analyze(text, entities, nlp_artifacts, regex_flags)

    def validate_result(self, pattern_text: str) -> bool | None:
        """A real public suffix (".com", ".co.uk") after the "@" confirms an address.

        Reserved and private suffixes (".example", ".test", ".internal", ".local") are real
        addresses too in test data and intranets: kept at the pattern's score. Anything else
        ("fred@cake.notatld") is not an address.
        """
        domain = pattern_text.rsplit("@", 1)[-1]
        if _EXTRACT(domain).suffix:
            return True
        if domain.rsplit(".", 1)[-1].lower() in _PRIVATE_SUFFIXES:
            return None
        return False


_PRIVATE_SUFFIXES = {"example", "test", "invalid", "localhost", "local", "internal", "corp", "lan", "intranet"}
