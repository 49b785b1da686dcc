"""The `signals` stage: per-call operational and behavioural signals from a transcript.

Phrase signals come from `phrases.yaml` (spaCy matchers, speaker-aware); timing signals from
turn timestamps; holds and transfers combine both (a hold phrase or a long silence; a
transfer phrase or a change of agent). A bot or IVR handing the contact to a person is a
`bot_handoffs` event, not a transfer: peers count transfers between agents or queues, and
maturity criteria must tell routing friction from automation escalating. Every signal records
the turn indexes where it fired in `signal_turns` so maturity evidence can quote them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cxmaturity.digest_cache import DigestCache, checked_size
from cxmaturity.model import AUTOMATED_SPEAKERS, Conversation
from cxmaturity.pipeline.stage import ConversationStage
from cxmaturity.signals import timing
from cxmaturity.signals.characteristics import CHARACTERISTIC_COLUMNS, characteristics
from cxmaturity.signals.detector import MODEL_DIR, MODEL_FILE, TurnSignalModel, combine, load_turn_signal_model
from cxmaturity.signals.matching import (
    SPACY_MODEL,
    PhraseMatches,
    SeenMatches,
    eligible_turns,
    shared_matcher,
    turn_hits,
)

# Columns this stage writes (docs/architecture.md, "By `signals`"), plus `signal_turns` and `signal_model_turns`.
SIGNAL_COLUMNS = (
    "duration_s", "handle_time_s", "talk_ratio", "silence_ratio", "agent_talk_share",
    "customer_talk_share", "interruptions", "holds", "hold_time_s", "transfers", "bot_handoffs",
    "repeat_after_transfer", "escalation_requested", "has_bot", "bot_contained",
    "human_agent_involved", "resolved", "resolved_by", "survey_offered", "disclosure_given", "identity_verified",
    "greeting", "empathy", "ownership", "closing", "wait_complaint", "cancellation_mention",
    "competitor_mention", "history_reference", "proactive_offer", "outbound_proactive",
) + CHARACTERISTIC_COLUMNS  # fmt: skip
# Phrase lists that become boolean columns of the same name.
BOOLEAN_PHRASE_SIGNALS = (
    "escalation_requested", "survey_offered", "disclosure_given", "identity_verified", "greeting",
    "empathy", "ownership", "closing", "wait_complaint", "cancellation_mention", "competitor_mention",
    "history_reference", "proactive_offer",
)  # fmt: skip
# Keys under which exports put the agent's name or id on a turn.
AGENT_IDENTITY_KEYS = ("agent_id", "agent_name", "participant_id", "speaker_id", "speaker_name", "name")
_WORD = re.compile(r"[a-z0-9']+")


def _content_words(text: str, stop_words: frozenset[str]) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in stop_words and len(w) > 2}


def resolved_by(speakers: Sequence[str]) -> str:
    """Who gets the credit for a resolved contact: a person, the bot, or IVR self-service."""
    if "agent" in speakers:
        return "agent"
    return "bot" if "bot" in speakers else "self_service" if "ivr" in speakers else "unknown"


class SignalsStage(ConversationStage):
    """Writes the signal columns into `conversation.call`.

    Config: `phrases` (path to a phrase YAML; default the packaged one), `hold_gap_s` (silence
    that counts as a hold in voice, default 20), `gap_hold_channels` (channels where silences
    are holds; default voice and unknown), `min_overlap_s` (overlap that is an interruption),
    `handover_from` (automated speakers whose hand-over to an agent is a bot hand-off),
    `repeat_window_turns` and `repeat_overlap` (what "the customer repeated themselves" means),
    `non_talk_min_s` (the shortest silence listed as a non-talk period), `turn_model` (combine the
    phrase lists with the per-signal classifiers of `detector.py` when the classify stage left turn
    embeddings; default true), `cached_texts` (how many distinct turn texts' phrase matches this
    process remembers for the run, by keyed digest and without the text, so a repeated scripted line
    goes through spaCy and the turn model once; default 20,000, 0 turns it off).
    """

    name = "signals"

    def __init__(
        self,
        phrases: str | None = None,
        hold_gap_s: float = 20.0,
        gap_hold_channels: Sequence[str | None] = ("voice", None),
        min_overlap_s: float = 0.3,
        handover_from: Sequence[str] = ("bot",),
        agent_identity_keys: Sequence[str] = AGENT_IDENTITY_KEYS,
        transfer_confirm_window: int = 8,
        repeat_window_turns: int = 6,
        repeat_overlap: float = 0.5,
        non_talk_min_s: float = 3.0,
        turn_model: bool = True,
        cached_texts: int = 20_000,
    ) -> None:
        cached_texts = checked_size(cached_texts, "signals.cached_texts")
        self.seen_matches = SeenMatches(cached_texts)
        # The turn model's row per (speaker, text): a repeated line has the same vector (the encoder's cache, or
        # a fresh encoding equal up to float rounding), so the same row.
        self.seen_probabilities: DigestCache[np.ndarray] = DigestCache(cached_texts)
        self.phrases_path = str(Path(phrases).resolve()) if phrases else None
        self.matcher = shared_matcher(self.phrases_path)
        self.book = self.matcher.book
        self.hold_gap_s = float(hold_gap_s)
        self.gap_hold_channels = set(gap_hold_channels)
        self.min_overlap_s = float(min_overlap_s)
        self.handover_from = set(handover_from)
        self.agent_identity_keys = tuple(agent_identity_keys)
        self.transfer_confirm_window = int(transfer_confirm_window)
        self.repeat_window_turns = int(repeat_window_turns)
        self.repeat_overlap = float(repeat_overlap)
        self.non_talk_min_s = float(non_talk_min_s)
        self.turn_model: TurnSignalModel | None = None
        if turn_model:
            from cxmaturity.modelstore import models_dir

            self.turn_model = load_turn_signal_model(models_dir())
        from spacy.lang.en.stop_words import STOP_WORDS

        self._stop_words = frozenset(STOP_WORDS)

    def model_info(self) -> dict[str, Any]:
        import spacy

        digest = hashlib.sha256(Path(self.book.path).read_bytes()).hexdigest()
        model: dict[str, Any] = {}
        if self.turn_model is not None:
            from cxmaturity.modelstore import models_dir, read_meta

            meta = read_meta(models_dir() / MODEL_DIR)
            model = {
                "turn_model": {"file": MODEL_FILE, "sha256": meta["files"][MODEL_FILE], "command": meta.get("command")}
            }
        return model | {
            "spacy_model": SPACY_MODEL,
            "spacy_model_version": self.matcher.nlp.meta.get("version"),
            "spacy_version": spacy.__version__,
            "phrases": str(self.book.path),
            "phrases_sha256": digest,
        }

    def pipe(self, conversations: Iterable[Conversation]) -> Iterator[Conversation]:
        """Batch the spaCy pass over several conversations, then compute each one's signals."""
        batch: list[Conversation] = []
        for conversation in conversations:
            batch.append(conversation)
            if len(batch) >= 64:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Conversation]) -> Iterator[Conversation]:
        memo: PhraseMatches = {}  # the batch's matches, from one spaCy pass; dropped with the batch
        self.matcher.match([t.text or "" for c in batch for t in c.turns], memo, self.seen_matches)
        for conversation in batch:
            yield self._signals(conversation, memo)

    def __call__(self, conversation: Conversation) -> Conversation:
        return self._signals(conversation, None)

    def _signals(self, conversation: Conversation, memo: PhraseMatches | None) -> Conversation:
        turns = conversation.turns
        speakers = [t.speaker for t in turns]
        texts = [t.text or "" for t in turns]
        memo = {} if memo is None else memo
        hits = turn_hits(self.matcher, speakers, texts, self.book.signals.values(), memo)
        # Kept for later stages that read the same phrase file (predict), so they skip a spaCy pass.
        conversation.turn_phrase_matches = (str(self.book.path), [memo[t] for t in texts])
        model_found = self._with_model(conversation, speakers, texts, hits)
        call: dict[str, Any] = {}
        fired: dict[str, list[int]] = {}

        call["duration_s"] = timing.duration_s(conversation)
        call["handle_time_s"] = timing.handle_time_s(conversation)
        call["talk_ratio"], call["silence_ratio"] = timing.talk_and_silence_ratio(conversation)
        call["agent_talk_share"], call["customer_talk_share"] = timing.talk_shares(conversation)
        call["interruptions"], fired["interruptions"] = timing.interruptions(conversation, self.min_overlap_s)

        holds, hold_time, fired["holds"] = self._holds(conversation, hits)
        call["holds"], call["hold_time_s"] = holds, hold_time

        transfer_turns, handoff_turns = self._transfers(conversation, hits)
        call["transfers"], fired["transfers"] = len(transfer_turns), transfer_turns
        call["bot_handoffs"], fired["bot_handoffs"] = len(handoff_turns), handoff_turns
        fired["repeat_after_transfer"] = self._repeats_after_transfer(
            conversation, sorted(set(transfer_turns) | set(handoff_turns)), hits
        )
        call["repeat_after_transfer"] = bool(fired["repeat_after_transfer"])

        for signal in BOOLEAN_PHRASE_SIGNALS:
            fired[signal] = hits.get(signal, [])
            call[signal] = bool(fired[signal])

        call["has_bot"] = any(s in AUTOMATED_SPEAKERS for s in speakers)
        call["human_agent_involved"] = "agent" in speakers
        call["bot_contained"] = call["has_bot"] and not call["human_agent_involved"]
        if call["has_bot"]:
            fired["has_bot"] = [i for i, s in enumerate(speakers) if s in AUTOMATED_SPEAKERS][:1]

        call["resolved"], fired["resolved"] = self._resolved(conversation, hits)
        call["resolved_by"] = resolved_by(speakers) if call["resolved"] else None
        call["outbound_proactive"] = conversation.direction == "outbound" and bool(hits.get("proactive_purpose"))
        if call["outbound_proactive"]:
            fired["outbound_proactive"] = hits["proactive_purpose"]

        call.update(characteristics(conversation, fired["interruptions"], self.non_talk_min_s))
        call["signal_turns"] = json.dumps({k: v for k, v in fired.items() if v}, sort_keys=True)
        call["signal_model_turns"] = json.dumps({k: v for k, v in model_found.items() if v}, sort_keys=True)
        conversation.call.update(call)
        return conversation

    # --- phrase lists and the turn model -------------------------------------------------
    def _with_model(
        self, conversation: Conversation, speakers: list[str], texts: list[str], hits: dict[str, list[int]]
    ) -> dict[str, list[int]]:
        """Fold the turn model into `hits` (in place); returns the turns only the model found."""
        if self.turn_model is None:
            return {}
        embeddings = self.turn_model.turn_vectors(conversation)
        if embeddings is None or len(embeddings) != len(speakers):
            return {}
        proba = self._turn_probabilities(self.turn_model, texts, embeddings, speakers)
        lists = self.book.signals
        found: dict[str, list[int]] = {}
        for column, signal in enumerate(self.turn_model.signals):
            if signal in lists:
                hits[signal], found[signal] = combine(
                    hits.get(signal, []),
                    eligible_turns(lists[signal], speakers),
                    proba[:, column],
                    float(self.turn_model.threshold[column]),
                    float(self.turn_model.veto[column]),
                )
        return found

    def _turn_probabilities(
        self, model: TurnSignalModel, texts: list[str], embeddings: np.ndarray, speakers: list[str]
    ) -> np.ndarray:
        """The model's probabilities per turn; only (speaker, text) pairs new to the run are scored."""
        keys = [f"{speaker}\x00{text}" for speaker, text in zip(speakers, texts, strict=True)]
        proba = np.zeros((len(keys), len(model.signals)), dtype=np.float64)
        new = []
        for row, key in enumerate(keys):
            found = self.seen_probabilities.get(key)
            if found is None:
                new.append(row)
            else:
                proba[row] = found
        if new:
            scored = model.predict_proba([texts[i] for i in new], embeddings[new], [speakers[i] for i in new])
            for row, values in zip(new, scored, strict=True):
                proba[row] = values
                self.seen_probabilities.put(keys[row], proba[row].copy())
        return proba

    # --- holds ---------------------------------------------------------------------------
    def _holds(self, conversation: Conversation, hits: dict[str, list[int]]) -> tuple[int, float | None, list[int]]:
        """Hold events from hold phrases and long silences; a phrase followed by a silence is one hold."""
        phrase_events: list[int] = []
        for index in hits.get("hold", []):
            # "please hold ... bear with me" two agent turns apart is one hold, not two.
            if (
                phrase_events
                and index - phrase_events[-1] <= 2
                and not any(phrase_events[-1] < r <= index for r in hits.get("hold_return", []))
            ):
                continue
            phrase_events.append(index)
        timed = timing.has_timestamps(conversation)
        gaps = []
        if timed and conversation.channel in self.gap_hold_channels:
            # Silence before the first agent turn is queue or IVR time, not a hold by an agent.
            first_agent = next((i for i, t in enumerate(conversation.turns) if t.speaker == "agent"), None)
            gaps = [
                gap
                for gap in timing.silence_gaps(conversation, self.hold_gap_s)
                if first_agent is not None and gap.after_turn >= first_agent
            ]
        events: dict[int, float] = {index: 0.0 for index in phrase_events}
        for gap in gaps:
            owner = next((p for p in phrase_events if p <= gap.after_turn <= p + 2), None)
            key = owner if owner is not None else gap.after_turn
            events[key] = events.get(key, 0.0) + gap.seconds
        hold_time = round(sum(events.values()), 3) if timed else None
        return len(events), hold_time, sorted(events)

    # --- transfers -----------------------------------------------------------------------
    def _agent_identity(self, metadata: dict[str, Any]) -> str | None:
        for key in self.agent_identity_keys:
            value = metadata.get(key)
            if value not in (None, ""):
                return str(value)
        return None

    def _transfers(self, conversation: Conversation, hits: dict[str, list[int]]) -> tuple[list[int], list[int]]:
        """Turn indexes of transfers (agent or queue to another) and of bot hand-offs to a person.

        A transfer is a change of agent identity, or an agent's announced transfer not otherwise
        visible. A hand-off is the first agent turn after an automated speaker in `handover_from`;
        the bot's or IVR's own "let me connect you to an agent" belongs to that hand-off.
        """
        transfers: list[int] = []
        handoffs: list[int] = []
        previous_agent: str | None = None
        previous_speaker: str | None = None
        for index, turn in enumerate(conversation.turns):
            if turn.speaker == "agent":
                identity = self._agent_identity(turn.metadata)
                if identity is not None:
                    if previous_agent is not None and identity != previous_agent:
                        transfers.append(index)
                    previous_agent = identity
                if previous_speaker in self.handover_from and index not in transfers:
                    handoffs.append(index)
            if turn.speaker != "customer":
                previous_speaker = turn.speaker
        speakers = [t.speaker for t in conversation.turns]
        for announced in hits.get("transfer", []):
            if speakers[announced] != "agent" and "agent" not in speakers[:announced]:
                continue  # automation routing to its first person: part of the hand-off
            window_end = announced + self.transfer_confirm_window
            if not any(announced < e <= window_end for e in transfers + handoffs):
                transfers.append(announced)
        return sorted(set(transfers)), sorted(set(handoffs))

    def _repeats_after_transfer(
        self, conversation: Conversation, transfer_turns: list[int], hits: dict[str, list[int]]
    ) -> list[int]:
        """Customer turns after a transfer that say they are repeating, or repeat earlier content."""
        repeats: list[int] = []
        said_repeat = set(hits.get("customer_repeat", []))
        turns = conversation.turns
        for transfer in transfer_turns:
            before = [
                _content_words(t.text or "", self._stop_words) for t in turns[:transfer] if t.speaker == "customer"
            ]
            window = range(transfer, min(len(turns), transfer + self.repeat_window_turns + 1))
            for index in window:
                if turns[index].speaker != "customer":
                    continue
                if index in said_repeat:
                    repeats.append(index)
                    continue
                words = _content_words(turns[index].text or "", self._stop_words)
                if len(words) < 4:
                    continue
                for earlier in before:
                    shared = len(words & earlier)
                    if shared >= 4 and shared / len(words | earlier) >= self.repeat_overlap:
                        repeats.append(index)
                        break
        return sorted(set(repeats))

    # --- resolution ----------------------------------------------------------------------
    def _resolved(self, conversation: Conversation, hits: dict[str, list[int]]) -> tuple[bool, list[int]]:
        """Resolved when the customer confirms it, or accepts the agent's "anything else?" with a
        positive close (a closing phrase, or non-negative sentiment on the customer's last turns),
        and does not say afterwards that it is still not solved."""
        unresolved = hits.get("unresolved", [])
        confirmed = hits.get("resolution_confirmed", [])
        if confirmed and not any(u > confirmed[-1] for u in unresolved):
            return True, confirmed[-1:]
        offers = hits.get("anything_else_offer", [])
        if not offers:
            return False, []
        offer = offers[-1]
        if any(u > offer for u in unresolved):
            return False, []
        closes = [i for i in hits.get("customer_close", []) + confirmed if i > offer]
        if closes:
            return True, [offer, min(closes)]
        customer_scores = [
            t.sentiment_score for t in conversation.turns if t.speaker == "customer" and t.sentiment_score is not None
        ]
        if customer_scores and sum(customer_scores[-2:]) / len(customer_scores[-2:]) >= 0:
            return True, [offer]
        return False, []
