"""The one feature function of the CSAT model, used at training and at prediction alike.

`csat_feature_matrix(conversations)` describes a WHOLE call, in a fixed layout:
- the NAMED features (`FEATURE_NAMES`):
  - `SIGNAL_FEATURES`: what the `signals` stage wrote into `conversation.call` (resolved,
    escalation, transfers, holds, repeats after a transfer, closing, ...);
  - `SENTIMENT_FEATURES`: the customer's sentiment trajectory from the per-turn `sentiment_score`
    of the `classify` stage (first, last, end, mean, min, max, spread, slope, change, shares
    negative / positive), the agent's, and the whole call's mean;
  - `END_FEATURES`: how the call ends (last speaker, the customer's last turn thanking or
    complaining, the agent's last turn apologising, refusing or asking, lexicon sentiment);
  - `EFFORT_FEATURES`: turn counts and lengths, the customer repeating themselves (word overlap,
    "as I said"), the agent repeating, apology / inability / negative / thanks phrase shares
    (the `features` lists of `signals/phrases.yaml`), lexicon sentiment over the call;
  - `SIMILARITY_FEATURES`: cosine similarities of turn embeddings (do agent turns answer the
    customer turn before them, does the customer keep saying the same thing);
- the TEXT EMBEDDING blocks (`EMBEDDING_BLOCKS`, 384 columns each): the frozen MiniLM sentence
  embeddings (`cxmaturity.classify.encoder`) of the customer's turns averaged, the agent's turns
  averaged, the last customer turn and the last agent turn.

Turn embeddings come from `conversation.turn_embeddings` when the classify stage left its single
encoder pass there, and are computed here otherwise, with the same encoder and call
(`turn_sentence_embeddings`). The function is total: a call without customer, without agent, with
one turn or no turns, or without sentiment (classify did not run) gets zeros for what it lacks and
`sentiment_available` / `embedding_available` say so; whether a model accepts such a call is the
model's decision (`csat.CsatModel.predict`), not this function's.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cxmaturity.classify.encoder import ENCODER_NAME  # noqa: F401  (re-exported: the model records it)
from cxmaturity.classify.heads import _vader as vader_analyser  # the one VADER analyser per process
from cxmaturity.errors import CxmError
from cxmaturity.model import Conversation, Turn
from cxmaturity.signals.matching import DEFAULT_PHRASES, PhraseMatches, shared_matcher, turn_hits

AGENT_SPEAKERS = ("agent", "bot")
SIGNAL_FEATURES = (
    "resolved", "escalation_requested", "transfers", "holds", "bot_handoffs", "repeat_after_transfer",
    "wait_complaint", "cancellation_mention", "competitor_mention", "empathy", "ownership", "greeting",
    "closing", "has_bot", "bot_contained", "identity_verified", "history_reference", "proactive_offer",
    "interruptions_per_turn", "agent_talk_share",
)  # fmt: skip
SENTIMENT_FEATURES = (
    "sentiment_available", "customer_sentiment_first", "customer_sentiment_last", "customer_sentiment_end",
    "customer_sentiment_last3", "customer_sentiment_recent", "customer_sentiment_mean", "customer_sentiment_min",
    "customer_sentiment_max", "customer_sentiment_std", "customer_sentiment_slope", "customer_sentiment_change",
    "customer_negative_turns", "customer_positive_turns", "customer_negative_turn_share",
    "customer_positive_turn_share", "agent_sentiment_mean", "agent_sentiment_last", "call_sentiment_mean",
)  # fmt: skip
END_FEATURES = (
    "last_speaker_agent", "last_agent_question", "last_customer_words", "last_agent_words",
    "customer_thanks_last", "customer_negative_last", "agent_apology_last", "agent_inability_last",
    "vader_customer_last", "vader_agent_last",
)  # fmt: skip
EFFORT_FEATURES = (
    "n_turns", "n_customer_turns", "n_agent_turns", "customer_mean_words", "agent_mean_words",
    "customer_repeat_share", "customer_repeat_max", "customer_says_repeat", "agent_repeat_share",
    "agent_apology_share", "agent_inability_share", "customer_negative_share", "customer_thanks_share",
    "vader_customer_mean", "vader_customer_min",
)  # fmt: skip
SIMILARITY_FEATURES = (
    "embedding_available", "sim_answer_mean", "sim_answer_last", "sim_customer_repeat_mean",
    "sim_customer_repeat_max", "sim_agent_repeat_max",
)  # fmt: skip
FEATURE_NAMES: tuple[str, ...] = (
    SIGNAL_FEATURES + SENTIMENT_FEATURES + END_FEATURES + EFFORT_FEATURES + SIMILARITY_FEATURES
)
EMBEDDING_DIM = 384  # all-MiniLM-L6-v2 (`ENCODER_NAME`)
EMBEDDING_BLOCKS: tuple[str, ...] = ("customer_mean", "agent_mean", "last_customer", "last_agent")
N_COLUMNS = len(FEATURE_NAMES) + EMBEDDING_DIM * len(EMBEDDING_BLOCKS)
PHRASE_FEATURES = ("agent_apology", "agent_inability", "customer_negative", "customer_thanks")
RECENT_DECAY = 0.7  # weight of each earlier customer turn in `customer_sentiment_recent`
REPEAT_OVERLAP = 0.5  # word overlap (Jaccard) with an earlier turn of the same speaker that counts as a repeat
_WORD = re.compile(r"[a-z0-9']+")
# The phrase lists the model reads (the packaged ones: it was trained with them). Their SHA-256 is
# recorded at training (meta.json `upstream.phrases`) and checked when the model loads.
PHRASES_FILE: Path = DEFAULT_PHRASES


class MissingSignalsError(CxmError, ValueError):
    """The conversation has not been through the `signals` stage."""


class TextMemo:
    """What the text features look up per turn text, kept for one batch and dropped with it.

    A text seen twice in a batch (a dialogue prefix replayed by the turn-level benchmark, "thank
    you") is analysed once, and no transcript text outlives the batch in a module-level cache.
    """

    def __init__(self) -> None:
        self.matches: PhraseMatches = {}
        self._compound: dict[str, float] = {}

    def vader_compound(self, text: str) -> float:
        if text not in self._compound:
            self._compound[text] = float(vader_analyser().polarity_scores(text)["compound"])
        return self._compound[text]


def _words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _number(value: Any, default: float = 0.0) -> float:
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else number


def _mean(values: Sequence[float]) -> float:
    return float(np.mean(values)) if len(values) else 0.0


def require_signals(conversation: Conversation) -> None:
    """Raise `MissingSignalsError` unless the `signals` stage has run on the conversation."""
    if "resolved" not in conversation.call:
        raise MissingSignalsError(
            f"conversation {conversation.conversation_id}: run the `signals` stage before `predict`"
        )


def csat_features(conversation: Conversation) -> dict[str, float]:
    """Named features of one conversation (signals must already be in `conversation.call`;
    turn embeddings are computed if the conversation does not carry them)."""
    require_signals(conversation)
    return _named_features(conversation, _ensure_embeddings([conversation])[0], TextMemo())


def _named_features(conversation: Conversation, embeddings: np.ndarray, memo: TextMemo) -> dict[str, float]:
    features = _signal_features(conversation)
    features.update(_sentiment_features(conversation.turns))
    features.update(_text_features(conversation.turns, memo))
    features.update(_similarities(conversation.turns, embeddings))
    return features


def _signal_features(conversation: Conversation) -> dict[str, float]:
    call = conversation.call
    features = {name: _number(call.get(name)) for name in SIGNAL_FEATURES[:-2]}
    features["interruptions_per_turn"] = _number(call.get("interruptions")) / max(len(conversation.turns), 1)
    features["agent_talk_share"] = _number(call.get("agent_talk_share"), default=0.5)
    return features


def _trajectory(scores: Sequence[float]) -> dict[str, float]:
    """Shape of one speaker's sentiment over the call; zeros without scores. The slope is per
    whole call (positions scaled to 0..1), so long and short calls compare. The end gets three
    summaries (last two turns, last three, a recency-weighted mean) because how a conversation
    ends is what its rating follows most (on USS, the mean rating of the last three user turns
    ranks dialogues by their OVERALL rating better than the mean over all turns)."""
    if not scores:
        return {
            k: 0.0 for k in ("first", "last", "end", "last3", "recent", "mean", "min", "max", "std", "slope", "change")
        }
    values = np.asarray(scores, dtype=float)
    slope = 0.0
    if len(values) >= 2:
        position = np.linspace(0.0, 1.0, len(values))
        slope = float(
            np.sum((position - position.mean()) * (values - values.mean())) / np.sum((position - position.mean()) ** 2)
        )
    edge = 2 if len(values) >= 4 else 1
    weights = RECENT_DECAY ** np.arange(len(values))[::-1]
    return {
        "first": float(values[0]),
        "last": float(values[-1]),
        "end": float(values[-2:].mean()),  # as the classify stage's customer_sentiment_end (last two turns)
        "last3": float(values[-3:].mean()),
        "recent": float(np.sum(weights * values) / np.sum(weights)),
        "mean": float(values.mean()),
        "min": float(values.min()),
        "max": float(values.max()),
        "std": float(values.std()),
        "slope": slope,
        "change": float(values[-edge:].mean() - values[:edge].mean()),
    }


def _sentiment_features(turns: Sequence[Turn]) -> dict[str, float]:
    customer = [t for t in turns if t.speaker == "customer" and t.sentiment_score is not None]
    agent = [_number(t.sentiment_score) for t in turns if t.speaker in AGENT_SPEAKERS and t.sentiment_score is not None]
    every = [_number(t.sentiment_score) for t in turns if t.sentiment_score is not None]
    shape = _trajectory([_number(t.sentiment_score) for t in customer])
    features = {"sentiment_available": float(bool(every))}
    features.update({f"customer_sentiment_{k}": v for k, v in shape.items()})
    features["customer_negative_turns"] = float(sum(t.sentiment == "negative" for t in customer))
    features["customer_positive_turns"] = float(sum(t.sentiment == "positive" for t in customer))
    features["customer_negative_turn_share"] = _mean([t.sentiment == "negative" for t in customer])
    features["customer_positive_turn_share"] = _mean([t.sentiment == "positive" for t in customer])
    features["agent_sentiment_mean"] = _mean(agent)
    features["agent_sentiment_last"] = agent[-1] if agent else 0.0
    features["call_sentiment_mean"] = _mean(every)  # = the classify stage's sentiment_mean
    return features


def _repeats(word_sets: Sequence[set[str]]) -> tuple[float, float]:
    """Share of turns that mostly repeat an earlier turn of the same speaker, and the highest overlap."""
    overlaps = [
        max((_jaccard(words, earlier) for earlier in word_sets[:i]), default=0.0) for i, words in enumerate(word_sets)
    ]
    later = overlaps[1:]
    return (_mean([o >= REPEAT_OVERLAP for o in later]), max(later, default=0.0))


def _text_features(turns: Sequence[Turn], memo: TextMemo) -> dict[str, float]:
    customer_index = [i for i, t in enumerate(turns) if t.speaker == "customer"]
    agent_index = [i for i, t in enumerate(turns) if t.speaker in AGENT_SPEAKERS]
    words = [_words(t.text) for t in turns]
    last_agent = agent_index[-1] if agent_index else None
    last_customer = customer_index[-1] if customer_index else None
    features: dict[str, float] = {
        "n_turns": float(len(turns)),
        "n_customer_turns": float(len(customer_index)),
        "n_agent_turns": float(len(agent_index)),
        "customer_mean_words": _mean([len(words[i]) for i in customer_index]),
        "agent_mean_words": _mean([len(words[i]) for i in agent_index]),
        "last_speaker_agent": float(bool(turns) and turns[-1].speaker in AGENT_SPEAKERS),
        "last_agent_question": float(last_agent is not None and "?" in (turns[last_agent].text or "")),
        "last_customer_words": float(len(words[last_customer])) if last_customer is not None else 0.0,
        "last_agent_words": float(len(words[last_agent])) if last_agent is not None else 0.0,
    }
    features["customer_repeat_share"], features["customer_repeat_max"] = _repeats(
        [set(words[i]) for i in customer_index]
    )
    features["agent_repeat_share"], _ = _repeats([set(words[i]) for i in agent_index])

    matcher = shared_matcher(PHRASES_FILE)
    lists = [matcher.book.features[name] for name in PHRASE_FEATURES] + [matcher.book.signals["customer_repeat"]]
    hits = turn_hits(matcher, [t.speaker for t in turns], [t.text or "" for t in turns], lists, memo.matches)
    for name in PHRASE_FEATURES:
        owner = agent_index if name.startswith("agent") else customer_index
        features[f"{name}_last"] = float(bool(owner) and owner[-1] in hits[name])
        features[f"{name}_share"] = len(hits[name]) / len(owner) if owner else 0.0
    features["customer_says_repeat"] = float(bool(hits["customer_repeat"]))

    customer_vader = [memo.vader_compound(turns[i].text or "") for i in customer_index]
    features["vader_customer_last"] = customer_vader[-1] if customer_vader else 0.0
    features["vader_customer_mean"] = _mean(customer_vader)
    features["vader_customer_min"] = min(customer_vader, default=0.0)
    features["vader_agent_last"] = memo.vader_compound(turns[last_agent].text or "") if last_agent is not None else 0.0
    return features


# --- text embeddings -------------------------------------------------------------------------
def _embedded(turn: Turn) -> bool:
    return bool((turn.text or "").strip())


def _indexes(turns: Sequence[Turn]) -> tuple[list[int], list[int]]:
    """Positions of the customer's and of the agent's (agent or bot) turns that have text."""
    customer = [i for i, t in enumerate(turns) if t.speaker == "customer" and _embedded(t)]
    agent = [i for i, t in enumerate(turns) if t.speaker in AGENT_SPEAKERS and _embedded(t)]
    return customer, agent


def turn_sentence_embeddings(texts: Sequence[str]) -> np.ndarray:
    """(n, 384) normalised MiniLM sentence embeddings: the classify stage's encoder and call,
    so embeddings computed here equal those the classify stage leaves on the conversation."""
    from cxmaturity.classify.encoder import get_encoder

    if not texts:
        return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
    return get_encoder().encode(list(texts)).sentence


def _usable(conversation: Conversation) -> bool:
    embeddings = conversation.turn_embeddings
    return (
        isinstance(embeddings, np.ndarray)
        and embeddings.ndim == 2
        and embeddings.shape == (len(conversation.turns), EMBEDDING_DIM)
        and bool(np.all(np.isfinite(embeddings)))
    )


def _ensure_embeddings(conversations: Sequence[Conversation]) -> list[np.ndarray]:
    """Each conversation's turn embeddings: reused from the classify stage when present, else
    encoded here in one batch over every conversation that lacks them (and kept on it)."""
    missing = [c for c in conversations if not _usable(c)]
    if missing:
        texts = [t.text for c in missing for t in c.turns if _embedded(t)]
        encoded = turn_sentence_embeddings(texts)
        row = 0
        for conversation in missing:
            matrix = np.zeros((len(conversation.turns), EMBEDDING_DIM), dtype=np.float32)
            for index, turn in enumerate(conversation.turns):
                if _embedded(turn):
                    matrix[index] = encoded[row]
                    row += 1
            conversation.turn_embeddings = matrix
    return [np.asarray(c.turn_embeddings, dtype=np.float32) for c in conversations]


def _similarities(turns: Sequence[Turn], embeddings: np.ndarray) -> dict[str, float]:
    customer, agent = _indexes(turns)
    similarity = embeddings @ embeddings.T if len(turns) else np.zeros((0, 0))
    # Each agent turn against the customer turn right before it: does the agent answer what was asked?
    answers = [float(similarity[a, max(c for c in customer if c < a)]) for a in agent if any(c < a for c in customer)]
    customer_repeat = [float(similarity[c, customer[:k]].max()) for k, c in enumerate(customer) if k]
    agent_repeat = [float(similarity[a, agent[:k]].max()) for k, a in enumerate(agent) if k]
    return {
        "embedding_available": float(bool(customer or agent)),
        "sim_answer_mean": _mean(answers),
        "sim_answer_last": answers[-1] if answers else 0.0,
        "sim_customer_repeat_mean": _mean(customer_repeat),
        "sim_customer_repeat_max": max(customer_repeat, default=0.0),
        "sim_agent_repeat_max": max(agent_repeat, default=0.0),
    }


def _embedding_blocks(turns: Sequence[Turn], embeddings: np.ndarray) -> np.ndarray:
    """The `EMBEDDING_BLOCKS` concatenated; zeros where the call has no such turn."""
    customer, agent = _indexes(turns)
    zero = np.zeros(EMBEDDING_DIM, dtype=np.float32)
    return np.concatenate(
        [
            embeddings[customer].mean(axis=0) if customer else zero,
            embeddings[agent].mean(axis=0) if agent else zero,
            embeddings[customer[-1]] if customer else zero,
            embeddings[agent[-1]] if agent else zero,
        ]
    )


def _reuse_phrase_matches(conversations: Sequence[Conversation], memo: TextMemo) -> None:
    """Seed the batch memo with the signals stage's matches where it read the same phrase file."""
    wanted = str(shared_matcher(PHRASES_FILE).book.path)
    for conversation in conversations:
        found = conversation.turn_phrase_matches
        if found is not None and found[0] == wanted and len(found[1]) == len(conversation.turns):
            memo.matches.update(zip((t.text or "" for t in conversation.turns), found[1], strict=True))


def csat_feature_matrix(conversations: Sequence[Conversation]) -> np.ndarray:
    """(n, N_COLUMNS): the named features in `FEATURE_NAMES` order, then the embedding blocks."""
    if not conversations:
        return np.zeros((0, N_COLUMNS))
    for conversation in conversations:
        require_signals(conversation)
    all_embeddings = _ensure_embeddings(conversations)
    memo = TextMemo()
    _reuse_phrase_matches(conversations, memo)
    shared_matcher(PHRASES_FILE).match([t.text or "" for c in conversations for t in c.turns], memo.matches)
    rows = []
    for conversation, embeddings in zip(conversations, all_embeddings, strict=True):
        named = _named_features(conversation, embeddings, memo)
        rows.append(
            np.concatenate(
                [
                    np.array([named[name] for name in FEATURE_NAMES], dtype=np.float64),
                    _embedding_blocks(conversation.turns, embeddings).astype(np.float64),
                ]
            )
        )
    matrix = np.vstack(rows)
    if not np.all(np.isfinite(matrix)):  # a NaN here would surface deep inside the estimator
        raise ValueError("CSAT features are not finite: a turn carries a non-finite sentiment score or embedding")
    return matrix
