"""Person names of customers and agents, in capitalised chat and in lowercase ASR text.

Three sources, merged: spaCy's PERSON entities (good on "John Smith", blind on "john smith"),
introductions ("my name is ...", "you're speaking with ...", "mr ..."), and a gazetteer of
first names with surnames that may follow (names.yaml). Ambiguous first names that are also
everyday words ("will", "may", "grace") count only after an introduction or when spaCy agrees.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from cxmaturity.redact.recognizers import register_recognizer

NER_SCORE = 0.85
CUE_SCORE = 0.85
GAZETTEER_SCORE = 0.6
SPELLED_SCORE = 0.2  # needs "spell"/"surname" context

# An introduction after which any plausible word is a name.
_STRONG_CUE = re.compile(
    r"\b(?:my name is|my name's|name is|name's|the name's|you're speaking (?:to|with)|you are speaking (?:to|with)|"
    r"you're through to|you are through to|speaking to|speaking with|spoke to|spoke with|talked to|talking to|"
    r"ask for|speak to|under the name(?: of)?|account holder is|mr|mrs|ms|miss|mister|dr|doctor)\.?\s+$",
    re.IGNORECASE,
)
# A weaker introduction: only gazetteer names (ambiguous ones included) count after it.
_WEAK_CUE = re.compile(
    r"\b(?:this is|it's|it is|i'm|i am|hi|hello|hey|thanks|thank you|cheers|bye|sorry|dear|morning|afternoon|"
    r"yes|okay|ok|right|and|me|called|named)\s*,?\s+$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SPELLED = re.compile(r"\b(?:[a-z](?:\s|,\s|-)){2,}[a-z]\b", re.IGNORECASE)
# Words spaCy sometimes tags PERSON and words that follow "speaking to" without being names.
_NOT_NAMES = {
    "ssn", "pin", "cvv", "cvc", "iban", "visa", "mastercard", "amex", "sir", "madam", "maam", "ma'am", "customer",
    "agent", "support", "billing", "team", "manager", "supervisor", "calling", "speaking", "someone", "somebody",
    "anyone", "anybody", "everyone", "nobody", "person", "guy", "lady", "representative", "advisor", "rep",
    "gonna", "gotta", "wanna", "yeah", "yep", "yes", "okay", "ok", "um", "uh", "hmm", "mhm", "please", "thanks",
    "sorry", "hi", "hello", "bye", "dear", "morning", "afternoon", "evening", "alexa", "siri", "account", "card",
    "number", "phone", "email", "address", "postcode", "zip", "order", "policy", "refund", "payment", "bank",
    "fine", "good", "great", "sure", "right", "just", "really", "actually", "frustrated", "calling", "ringing",
    "dob", "nino", "ni", "ssn", "pins", "password", "code", "today", "tomorrow", "yesterday", "broadband", "line",
    "date", "said", "says", "told", "from", "who", "speaking", "here", "there", "again", "still", "called",
}


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, ambiguous first names, surnames) from the packaged gazetteer."""
    data = yaml.safe_load(resources.files("cxmaturity.redact").joinpath("names.yaml").read_text("utf-8"))
    return (
        frozenset(data["first_names"]),
        frozenset(data["ambiguous_first_names"]),
        frozenset(data["surnames"]),
    )


def _plausible_name_word(word: str) -> bool:
    low = word.lower()
    return (
        len(low) > 1
        and low not in STOP_WORDS
        and low not in _NOT_NAMES
        and not low.endswith(("ing", "ed"))
    )


@register_recognizer
class PersonRecognizer(LocalRecognizer):
    def __init__(self) -> None:
        super().__init__(
            supported_entities=["PERSON"],
            supported_language="en",
            context=["spell", "spelled", "spelt", "surname", "name"],
            name=type(self).__name__,
        )

    def load(self) -> None:
        name_lists()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        spans: dict[tuple[int, int], float] = {}
        if nlp_artifacts is not None:
            for ent in nlp_artifacts.entities:
                if ent.label_ == "PERSON" and self._ner_span_is_name(ent.text):
                    spans[(ent.start_char, ent.end_char)] = NER_SCORE
        self._from_words(text, spans)
        for match in _SPELLED.finditer(text):
            if not any(s <= match.start() < e for s, e in spans):
                spans[(match.start(), match.end())] = SPELLED_SCORE
        return [self._result(start, end, score) for (start, end), score in spans.items()]

    @staticmethod
    def _ner_span_is_name(span_text: str) -> bool:
        words = _WORD.findall(span_text)
        if not words or any(ch.isdigit() for ch in span_text):
            return False
        if len(words) == 1 and (words[0].isupper() and len(words[0]) <= 4):
            return False  # "SSN", "PIN", "CVV"
        return all(word.lower() not in _NOT_NAMES for word in words) and any(
            word.lower() not in STOP_WORDS for word in words
        )

    def _from_words(self, text: str, spans: dict[tuple[int, int], float]) -> None:
        """Introductions and gazetteer names: a first name, then a surname if one follows."""
        first_names, ambiguous, surnames = name_lists()
        words = list(_WORD.finditer(text))
        i = 0
        while i < len(words):
            word = words[i]
            low = word.group().lower().rstrip("'’")
            before = text[max(0, word.start() - 40) : word.start()]
            strong = bool(_STRONG_CUE.search(before))
            weak = bool(_WEAK_CUE.search(before))
            is_first = low in first_names or ((strong or weak) and low in ambiguous)
            if not is_first and strong and _plausible_name_word(word.group()):
                is_first = True
            if not is_first and strong and low in surnames:
                is_first = True  # "mr smith"
            if not is_first and weak and word.group()[:1].isupper() and _plausible_name_word(word.group()):
                is_first = True  # "Thanks Rosalind" in typed chat
            if not is_first:
                i += 1
                continue
            end = word.end()
            j = i + 1
            if j < len(words) and text[end : words[j].start()].strip() == "":
                nxt = words[j].group()
                nlow = nxt.lower()
                # After a known first name any plausible word may be the surname ("declan mcallister").
                if nlow in surnames or (_plausible_name_word(nxt) and nlow not in first_names):
                    end = words[j].end()
                    j += 1
            key = (word.start(), end)
            spans[key] = max(spans.get(key, 0.0), CUE_SCORE if (strong or weak) else GAZETTEER_SCORE)
            i = j

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            "PERSON",
            start,
            end,
            score,
            analysis_explanation=AnalysisExplanation(type(self).__name__, score, "person name"),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
