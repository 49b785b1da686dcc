"""UK postcodes ("SW1A 1AA", spelled "s w one a one a a") and US ZIP codes with context."""

from __future__ import annotations

from presidio_analyzer import Pattern

from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers._base import ViewPatternRecognizer

_US_STATES = (
    r"AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|"
    r"OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC"
)


# Full state names before a ZIP ("Springfield, Illinois 62704"); matched as context words, so
# multi-word states count by their distinctive word ("new york" -> "york").
US_STATE_WORDS = [
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "hampshire",
    "jersey",
    "mexico",
    "york",
    "carolina",
    "dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "rhode",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
    "columbia",
]


@register_recognizer
class PostcodeRecognizer(ViewPatternRecognizer):
    ENTITY = "POSTCODE"
    PATTERNS = [
        Pattern("uk postcode", r"\b[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b", 0.6),
        # Any inward letters: spelled postcodes come through ASR with misheard letters ("d e 22 3 k p").
        Pattern("uk postcode loose", r"\b[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2}\b", 0.3),
        Pattern(
            "uk postcode spelled",
            r"(?<![\w'’])[a-z]\s?[a-z]?\s\d{1,2}\s?[a-z]?\s?\d\s?[a-z]\s?[a-z]\b",
            0.3,
        ),
        # State abbreviations only in capitals: "in 12345" is not Indiana.
        Pattern("us zip after state", rf"(?<=\b(?-i:{_US_STATES})\s)\d{{5}}(?:-\d{{4}})?\b", 0.45),
        Pattern("us zip", r"(?<![\d$£€.])\d{5}(?:-?\d{4})?(?![\d%])(?!\.\d)", 0.2),
    ]
    MIN_DIGITS = 2  # a UK postcode has two digits ("uk postcode", "spelled"), a ZIP five
    CONTEXT = ["postcode", "post", "zip", "zipcode", "postal", *US_STATE_WORDS]
