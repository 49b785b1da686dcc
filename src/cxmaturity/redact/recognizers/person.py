"""Person names of customers and agents, in capitalised chat and in lowercase ASR text.

Three sources, merged: spaCy's PERSON entities (good on "John Smith", blind on "john smith"),
introductions ("my name is ...", "you're speaking with ...", "mr ..."), and name lists (names.py):
the hand gazetteer's first names alone, the multi-cultural lists' given names after a cue or
before a surname, surnames after a first name. Ambiguous first names that are also
everyday words ("will", "may", "grace") count only after an introduction or when spaCy agrees.
"""

from __future__ import annotations

import re

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.en.stop_words import STOP_WORDS

from cxmaturity.redact import names
from cxmaturity.redact.recognizers import register_recognizer
from cxmaturity.redact.recognizers.postcode import US_STATE_WORDS

# Words that end company names ("chase river credit union", "hadley coach tours"): never a name said to someone.
ORG_WORDS = frozenset(
    {
        "bank",
        "energy",
        "mutual",
        "broadband",
        "mobile",
        "insurance",
        "media",
        "pay",
        "telecom",
        "telecoms",
        "group",
        "ltd",
        "limited",
        "plc",
        "inc",
        "llc",
        "corp",
        "airways",
        "airlines",
        "lines",
        "water",
        "gas",
        "electric",
        "power",
        "society",
        "finance",
        "financial",
        "direct",
        "retail",
        "stores",
        "online",
        "networks",
        "wireless",
        "union",
        "cruises",
        "cruise",
        "tours",
        "tour",
        "travel",
        "district",
        "express",
        "hardware",
        "outdoor",
        "outdoors",
        "trailways",
        "clinic",
        "clinics",
        "auto",
        "air",
        "coach",
        "health",
        "dental",
        "medical",
        "plans",
        "savings",
        "building",
        "rail",
        "railways",
        "motors",
        "homes",
        "housing",
        "council",
        "utilities",
        "services",
        "solutions",
    }
)

NER_SCORE = 0.85
CUE_SCORE = 0.85
GAZETTEER_SCORE = 0.6
SPELLED_SCORE = 0.2  # needs "spell"/"surname" context

# An introduction after which any plausible word is a name.
_STRONG_CUE = re.compile(
    r"\b(?:my name is|my name's|name is|name's|the name's|you're speaking (?:to|with)|you are speaking (?:to|with)|"
    r"through to|speaking to|speaking with|spoke to|spoke with|talked to|talking to|chatting with|chatting to|"
    r"ask for|speak to|under the name(?: of)?|account holder is|mr|mrs|ms|miss|mister|dr|doctor|dealing with|"
    r"dealt with|deal with)\.?\s+$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"\b(?:mr|mrs|ms|miss|mister|dr|doctor)\.?\s+$", re.IGNORECASE)
# "my wife thuy", "my dad's name haoran": a relation names someone; the word after it is a name unless it is an
# everyday word ("my son got a pat on the back", "my partner as a named driver").
_RELATION_CUE = re.compile(
    r"\b(?:my|her|his|our|their) (?:wife|husband|partner|son|daughter|mum|mom|mother|dad|father|brother|sister|nan|"
    r"gran|grandma|grandad|grandmother|grandfather|uncle|aunt|auntie|cousin|friend|flatmate|neighbour|neighbor|"
    r"colleague|boss|carer|fiance|fiancee|landlord|tenant)(?:'s name(?: is)?| is called| called| named|,)?\s+$",
    re.IGNORECASE,
)
# A weaker introduction: only gazetteer names (ambiguous ones included) count after it.
_WEAK_CUE = re.compile(
    r"\b(?:this is|it's|it is|i'm|i am|hi|hello|hey|thanks|thank you|cheers|bye|sorry|dear|morning|afternoon|"
    r"yes|okay|ok|right|and|me|called|named|call from|message from|is that|was that|speak (?:uh|um|er) to)\s*,?\s+$",
    re.IGNORECASE,
)
_BARE_CUE = re.compile(r"\b(?:and|yes|okay|ok|right|me)\s*,?\s+$", re.IGNORECASE)
# After an introduction ("it's", "this is", "i'm"), what a name is followed by: "it's nkechi from skyward",
# "i'm shirin so we were delayed", "it's faadumo ferraro here".
_INTRODUCTION = re.compile(
    r"\b(?:this is|it's|it is|i'm|i am|(?:a |the )?(?:call|message|voicemail|text) from|is that|am i speaking (?:to|"
    r"with)|speak (?:uh |um |er )?to)\s*,?\s+$",
    re.IGNORECASE,
)
_AFTER_INTRODUCED_NAME = re.compile(
    r"^\s*(?:[,.!?;]|$|(?:from|here|calling|speaking|ringing|and|so|i'm|i've|i|just|again|over|on behalf|my|we|"
    r"we've|we're|about|the|who|they|said|yesterday|last|earlier|please)\b)",
    re.IGNORECASE,
)
# "padraig my son normally does all this": a name before the relation it names.
_RELATION_AFTER = re.compile(
    r"^\s*,?\s+(?:my|our) (?:wife|husband|partner|son|daughter|mum|mom|mother|dad|father|brother|sister|friend)\b",
    re.IGNORECASE,
)
_SPELLED = re.compile(r"\b(?:[a-z](?:\s|,\s|-)){2,}[a-z]\b", re.IGNORECASE)
# Words spaCy sometimes tags PERSON and words that follow "speaking to" without being names.
_NOT_NAMES = {
    "ssn",
    "pin",
    "cvv",
    "cvc",
    "iban",
    "visa",
    "mastercard",
    "amex",
    "sir",
    "madam",
    "maam",
    "ma'am",
    "customer",
    "cardholder",
    "holder",
    "resuming",
    "messaging",
    "agent",
    "support",
    "billing",
    "team",
    "manager",
    "supervisor",
    "calling",
    "speaking",
    "someone",
    "somebody",
    "anyone",
    "anybody",
    "everyone",
    "nobody",
    "person",
    "guy",
    "lady",
    "representative",
    "advisor",
    "rep",
    "gonna",
    "gotta",
    "wanna",
    "yeah",
    "yep",
    "yes",
    "okay",
    "ok",
    "um",
    "uh",
    "hmm",
    "mhm",
    "please",
    "thanks",
    "sorry",
    "hi",
    "hello",
    "bye",
    "dear",
    "morning",
    "afternoon",
    "evening",
    "alexa",
    "siri",
    "account",
    "card",
    "number",
    "phone",
    "email",
    "address",
    "postcode",
    "zip",
    "order",
    "policy",
    "refund",
    "payment",
    "bank",
    "fine",
    "good",
    "great",
    "sure",
    "right",
    "just",
    "really",
    "actually",
    "frustrated",
    "ringing",
    "dob",
    "nino",
    "ni",
    "pins",
    "password",
    "code",
    "today",
    "tomorrow",
    "yesterday",
    "broadband",
    "line",
    "date",
    "said",
    "says",
    "told",
    "from",
    "who",
    "here",
    "there",
    "again",
    "still",
    "called",
    "expiry",
    "expiration",
    "sort",
    "subject",
    "ref",
    "reference",
    "claim",
    "bill",
    "balance",
    "gift",
    "meter",
    "smart",
    "tariff",
    "wifi",
    "calls",
    "call",
    "direct",
    "debit",
    "credit",
    "online",
    "app",
    "mobile",
    "pay",
    "dutch",
    "english",
    "british",
    "scottish",
    "welsh",
    "irish",
    "american",
    "polish",
    "indian",
    "spanish",
    "french",
    "german",
    "italian",
    "chinese",
    "european",
    "christmas",
    "easter",
    "mate",
    "love",
    "pal",
    "mbps",
    "gbps",
    "kbps",
    "mb",
    "gb",
    "ghz",
    "fibre",
    "fiber",
}
# Ambiguous first names that are everyday words: spaCy's PERSON on them needs a cue ("Bill far too
# high" is an email subject). Short forms that are mostly names ("Josh", "Sam") are trusted.
_EVERYDAY_WORDS = {
    "will",
    "bill",
    "mark",
    "may",
    "june",
    "april",
    "august",
    "grace",
    "hope",
    "joy",
    "faith",
    "rose",
    "lily",
    "ray",
    "frank",
    "art",
    "dean",
    "drew",
    "chase",
    "hunter",
    "max",
    "summer",
    "dawn",
    "crystal",
    "amber",
    "ruby",
    "pearl",
    "ivy",
    "autumn",
    "sky",
    "rich",
    "van",
    "guy",
    "miles",
    "penny",
    "sandy",
    "angel",
    "rusty",
    "sunny",
    "brook",
    "glen",
    "carter",
    "mason",
    "harper",
    "madison",
    "jack",
    "pat",
}
# Never names on their own: weekdays and the months that are not also first names.
_CALENDAR = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "july",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "today",
    "tonight",
    "tomorrow",
    "yesterday",
    "weekend",
}
# "Springfield, Georgia": a state name after a capitalised place and a comma.
_STATE_POSITION = re.compile(r"\b[A-Z][a-z]+,\s*$")
# Pronoun contractions ("I'm", "you're", "it's") are never names, whatever cue precedes them.
_CONTRACTION = re.compile(r"^[a-z]+['’](?:m|s|re|ve|ll|d|t)$", re.IGNORECASE)
# Street-name words: "Park Street" after "yes," is a street, not a person.
_STREET_WORDS = {
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "drive",
    "close",
    "way",
    "court",
    "boulevard",
    "place",
    "crescent",
    "terrace",
    "grove",
    "gardens",
    "square",
    "mews",
    "row",
    "highway",
    "walk",
    "hill",
    "park",
    "green",
    "parade",
    "bridge",
}
# Non-PERSON spaCy labels: a word spaCy calls a nationality, place, company or date is not taken
# as a name on a weak cue alone ("I'm Dutch", "it's Saturday").
_OTHER_LABELS = {"NORP", "GPE", "LOC", "ORG", "DATE", "TIME", "FAC", "PRODUCT", "EVENT", "LANGUAGE", "MONEY"}
# "Kayleigh speaking", "Priyanka here": a capitalised word right before these introduces its speaker.
_POST_CUE = re.compile(r"^\s+(?:speaking|here|calling)\b(?!\s+(?:is|are|was|were|and)\b)", re.IGNORECASE)
# "skylark broadband ximena speaking how can i help": in ASR text "speaking" names whoever is before it.
_SPEAKING_AFTER = re.compile(r"^\s+speaking\b(?!\s+(?:to|with|of|about|for|on|as)\b)", re.IGNORECASE)
# "thanks for holding hussein here how can i help": a name before "here" (not "the bill here").
_HERE_AFTER = re.compile(r"^\s+here\b(?!\s+(?:is|are|was|were|and|in|at|on|to|for)\b)", re.IGNORECASE)
_NOT_BEFORE_HERE = re.compile(
    r"\b(?:the|a|an|my|your|his|her|our|their|this|that|in|at|on|to|from|of|for|with|"
    r"is|are|was|were|be|been|get|got|come|came|go|went|sign|stay|live|lives|work|works)\s+$",
    re.IGNORECASE,
)
# A name said to someone at the end of a sentence: "thank you akiko", "thanks for calling ... bozena have a
# lovely day", "you've been really helpful wojciech".
_SENTENCE_END_AFTER = re.compile(r"^\s*(?:[.!?,;]|$|(?:and )?have a\b|bye\b|take care\b)", re.IGNORECASE)
_CLOSING_BEFORE = re.compile(
    r"\b(?:thanks|thank you|thank|cheers|bye|goodbye|helpful|welcome|appreciate (?:it|that)|pleasure)\b"
    r"[^.!?]{0,60}$",
    re.IGNORECASE,
)
# "your colleague?", "the manager.": a noun after a determiner is not a name said to someone.
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|my|your|his|her|our|their|this|that|its)\s+$", re.IGNORECASE)


def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names that count alone, ambiguous first names, surnames of every culture); see names.py."""
    return names.gazetteer_first_names(), names.ambiguous_first_names(), names.surnames()


def _plausible_name_word(word: str) -> bool:
    low = word.lower()
    return (
        len(low) > 1
        and low not in STOP_WORDS
        and low not in _NOT_NAMES
        and low not in _CALENDAR
        and not _is_pronoun_contraction(low)
        # "calling", "charged" are not names; "aisling", "xiaoling", "mohammed" are
        and (not low.endswith(("ing", "ed")) or not names.is_everyday_word(low) or names.is_given_name(low))
    )


def _is_pronoun_contraction(low: str) -> bool:
    """'i'm', "you're", "it's", "let's": a stop word with a clitic, never a name ("o'brien" is kept)."""
    if not _CONTRACTION.match(low):
        return False
    stem = re.split(r"['’]", low)[0]
    return stem in STOP_WORDS or stem in {"i", "let", "that", "there", "here", "what", "who", "she", "he", "it"}


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
        other_entities: list[tuple[int, int]] = []
        if nlp_artifacts is not None:
            for ent in nlp_artifacts.entities:
                if ent.label_ == "PERSON" and self._ner_span_is_name(ent.text, text[: ent.start_char]):
                    spans[(ent.start_char, ent.end_char)] = NER_SCORE
            doc = nlp_artifacts.tokens
            for ent in getattr(doc, "ents", ()):
                if ent.label_ in _OTHER_LABELS:
                    other_entities.append((ent.start_char, ent.end_char))
        self._from_words(text, spans, other_entities)
        for match in _SPELLED.finditer(text):
            if not any(s <= match.start() < e for s, e in spans):
                spans[(match.start(), match.end())] = SPELLED_SCORE
        return [self._result(start, end, score) for (start, end), score in spans.items()]

    @staticmethod
    def _ner_span_is_name(span_text: str, before: str = "") -> bool:
        """spaCy's PERSON spans, minus its usual slips on lowercase ASR text, codes and everyday words."""
        words = names.NAME_WORD.findall(span_text)
        if not words or any(ch.isdigit() for ch in span_text) or "-" in span_text.strip("-"):
            return False  # "HM-POL" is a reference prefix
        if len(words) == 1 and (words[0].isupper() and len(words[0]) <= 4):
            return False  # "SSN", "PIN", "CVV"
        lows = [word.lower() for word in words]
        if any(_is_pronoun_contraction(low) or low in _CALENDAR for low in lows):
            return False
        first_names, ambiguous, surnames = name_lists()
        cued = bool(_STRONG_CUE.search(before) or _WEAK_CUE.search(before))
        listed = any(low in first_names or low in surnames for low in lows)
        if span_text == span_text.lower() and not cued and not listed:
            return False  # lowercase ASR: spaCy guesses ("smart meter") unless a cue or the gazetteer agrees
        if len(lows) == 1 and lows[0] in _EVERYDAY_WORDS and not cued:
            return False  # "Bill far too high", "Will you ..."
        if len(lows) >= 2 and lows[-1] in _STREET_WORDS:
            return False  # "Park Street"
        return all(low not in _NOT_NAMES for low in lows) and any(low not in STOP_WORDS for low in lows)

    def _from_words(
        self, text: str, spans: dict[tuple[int, int], float], other_entities: list[tuple[int, int]] | None = None
    ) -> None:
        """Introductions and gazetteer names: a first name, then a surname if one follows."""
        first_names, ambiguous, surnames = name_lists()
        given_names = names.given_names()
        other_entities = other_entities or []
        words = list(names.NAME_WORD.finditer(text))
        i = 0
        while i < len(words):
            word = words[i]
            low = word.group().lower().rstrip("'’")
            if _is_pronoun_contraction(low) or low in _CALENDAR:
                i += 1
                continue
            plausible = _plausible_name_word(word.group())
            if not (plausible or low in first_names or low in ambiguous or low in surnames or low in given_names):
                i += 1  # every test below needs one of these ("the", "calling", "account" pass none): not a name
                continue
            before = text[max(0, word.start() - 40) : word.start()]
            strong = bool(_STRONG_CUE.search(before))
            weak = bool(_WEAK_CUE.search(before))
            # "QQ", "NI", "EE": short all-capital words are codes and brands, not capitalised names.
            capitalised = word.group()[:1].isupper() and not (word.group().isupper() and len(word.group()) <= 3)
            labelled_other = any(s <= word.start() < e for s, e in other_entities)
            # "and will you", "yes may i": the weakest cues do not make an everyday word a name
            weak_for_ambiguous = weak and not _BARE_CUE.search(before)
            is_first = low in first_names or ((strong or weak_for_ambiguous) and low in ambiguous)
            if not is_first and _RELATION_CUE.search(before) and plausible:
                is_first = not names.is_everyday_word(low) or names.is_given_name(low) and low not in ambiguous
            if not is_first and names.is_name_word(low) and low in given_names:
                # A given name from the multi-cultural lists: after a cue, or with a surname ("tariq mahmood").
                is_first = weak or self._surname_follows(text, words, i)
            if not is_first and strong and plausible:
                is_first = True
            if not is_first and strong and low in surnames and (_TITLE.search(before) or names.is_name_word(low)):
                is_first = True  # "mr smith", "speak to okafor" (not "speak to an agent")
            if not is_first and weak and capitalised and not labelled_other and plausible:
                is_first = True  # "Thanks Rosalind" in typed chat
            if (
                not is_first
                and (capitalised or strong or weak)
                and _POST_CUE.match(text[word.end() :])
                and re.search(r"(?:^|[,.!?:]|\bit's|\bthis is)\s*$", text[: word.start()], re.IGNORECASE)
                and plausible
                and (capitalised or not names.is_everyday_word(low) or names.is_given_name(low))
            ):
                is_first = True  # "Hello, Brightwave, Kayleigh speaking", "it's zebulon here"
            span_start = word.start()
            if not is_first and plausible and not names.is_everyday_word(low):
                after = text[word.end() :]
                if _INTRODUCTION.search(before) and (
                    _AFTER_INTRODUCED_NAME.match(after)
                    or self._surname_follows(text, words, i)
                    or self._unknown_word_follows(text, words, i)
                ):
                    is_first = True  # "it's nkechi from skyward wireless"
                elif _RELATION_AFTER.match(after) and not text[: word.start()].strip(" ,.!?"):
                    is_first = True  # "padraig my son normally does all this"
            if not is_first and plausible and not names.is_everyday_word(low):
                if _SPEAKING_AFTER.match(text[word.end() :]) or (
                    _HERE_AFTER.match(text[word.end() :]) and not _NOT_BEFORE_HERE.search(text[: word.start()])
                ):
                    is_first = True  # "skylark broadband ximena speaking", "thanks for holding hussein here"
                    previous = words[i - 1] if i > 0 else None
                    if (
                        previous is not None
                        and not text[previous.end() : word.start()].strip()
                        and (names.is_name_word(previous.group()) and names.is_given_name(previous.group()))
                    ):
                        span_start = previous.start()  # "salvatore ferraro speaking"
                elif (
                    _SENTENCE_END_AFTER.match(text[word.end() :])
                    and not _DETERMINER_BEFORE.search(text[: word.start()])
                    and low not in ORG_WORDS
                    and (_CLOSING_BEFORE.search(text[: word.start()]) or names.is_given_name(low))
                ):
                    is_first = True  # "thank you akiko", "really helpful wojciech"
            following = words[i + 1].group().lower() if i + 1 < len(words) else ""
            if is_first and low in US_STATE_WORDS and _STATE_POSITION.search(text[: word.start()]):
                is_first = False  # "Atlanta, Georgia 30303"
            if not is_first or (following in _STREET_WORDS and low not in first_names and not strong):
                i += 1
                continue
            end = word.end()
            j = i + 1
            if j < len(words) and text[end : words[j].start()].strip() == "":
                nxt = words[j].group()
                nlow = nxt.lower()
                # After a known first name any plausible word may be the surname ("declan mcallister");
                # in typed text a surname is capitalised like the first name.
                case_fits = not capitalised or nxt[:1].isupper() or nlow in surnames
                if (
                    case_fits
                    and (nlow not in _STREET_WORDS or strong)
                    and (
                        nlow in surnames
                        or (_plausible_name_word(nxt) and nlow not in first_names and not names.is_everyday_word(nlow))
                    )
                ):
                    end = words[j].end()
                    j += 1
            key = (span_start, end)
            spans[key] = max(spans.get(key, 0.0), CUE_SCORE if (strong or weak) else GAZETTEER_SCORE)
            i = j

    @staticmethod
    def _unknown_word_follows(text: str, words: list[re.Match[str]], index: int) -> bool:
        """The next word, right after this one, is no everyday word either: "i'm zubair malik i'm ringing"."""
        if index + 1 >= len(words) or text[words[index].end() : words[index + 1].start()].strip():
            return False
        following = words[index + 1].group()
        return _plausible_name_word(following) and not names.is_everyday_word(following)

    @staticmethod
    def _surname_follows(text: str, words: list[re.Match[str]], index: int) -> bool:
        """The next word, right after this one, is a surname that is not an everyday word."""
        if index + 1 >= len(words) or text[words[index].end() : words[index + 1].start()].strip():
            return False
        following = words[index + 1].group()
        return names.is_surname(following) and names.is_name_word(following)

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            "PERSON",
            start,
            end,
            score,
            analysis_explanation=AnalysisExplanation(type(self).__name__, score, "person name"),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,  # the name __init__ gives presidio
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
