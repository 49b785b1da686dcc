"""The one feature function of the CSAT model, used at training and at prediction alike.

`csat_feature_matrix(conversations)` gives, per conversation, two parts in a fixed layout:
- the NAMED features (`FEATURE_NAMES`): the signals the `signals` stage wrote, the turn-level
  sentiment the `classify` stage wrote (when it ran), and properties of the text itself
  (lengths, repetition, apology/inability/negation phrases from the `features` lists of
  `signals/phrases.yaml`, VADER lexicon sentiment), plus cosine similarities between turn
  embeddings (does the agent's last turn answer the customer's, is anyone repeating);
- the TEXT EMBEDDING blocks (`EMBEDDING_BLOCKS`, 384 columns each): the frozen MiniLM sentence
  embedding (`cxmaturity.classify.encoder`, mean-pooled, L2-normalised) of the last agent turn,
  the last customer turn, the agent turn before, the mean of the customer's turns, and the
  element-wise product of the last agent and last customer turns.

Turn embeddings come from `conversation.turn_embeddings` when the classify stage already put
its single encoder pass there, and are computed here otherwise, with the same encoder and the
same call (`turn_sentence_embeddings`). Training sets `turn_embeddings` the same way and then
calls exactly this function on conversations built from dialogue prefixes, so train and serve
cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from cxmaturity.classify.encoder import ENCODER_NAME  # noqa: F401  (re-exported: the model records it)
from cxmaturity.model import Conversation, Turn
from cxmaturity.signals.matching import shared_matcher, turn_hits

AGENT_SPEAKERS = ("agent", "bot")
SIGNAL_FEATURES = (
    "transfers", "holds", "escalation_requested", "resolved", "wait_complaint",
    "cancellation_mention", "competitor_mention", "empathy", "ownership", "greeting", "closing",
    "repeat_after_transfer", "has_bot", "bot_contained", "identity_verified", "history_reference",
    "proactive_offer", "interruptions_per_turn", "agent_talk_share",
)  # fmt: skip
TEXT_FEATURES = (
    "n_turns", "n_customer_turns", "n_agent_turns", "customer_mean_words", "agent_mean_words",
    "last_agent_words", "last_customer_words", "last_agent_question", "last_speaker_agent",
    "agent_repeat_last", "customer_repeat_last", "agent_apology_last", "agent_inability_last",
    "customer_negative_last", "customer_thanks_last", "agent_apology_share", "agent_inability_share",
    "customer_negative_share", "customer_thanks_share",
    "vader_customer_last", "vader_customer_mean", "vader_customer_min", "vader_agent_last",
)  # fmt: skip
SENTIMENT_FEATURES = (
    "sentiment_available", "customer_sentiment_last", "customer_sentiment_mean",
    "customer_sentiment_min", "customer_negative_turn_share", "agent_sentiment_last",
)  # fmt: skip
SIMILARITY_FEATURES = (
    "embedding_available", "sim_agent_last_customer_last", "sim_agent_last_agent_previous",
    "sim_customer_last_customer_previous_max", "sim_agent_last_agent_previous_max",
)  # fmt: skip
FEATURE_NAMES: tuple[str, ...] = SIGNAL_FEATURES + TEXT_FEATURES + SENTIMENT_FEATURES + SIMILARITY_FEATURES
EMBEDDING_DIM = 384  # all-MiniLM-L6-v2 (`ENCODER_NAME`)
EMBEDDING_BLOCKS: tuple[str, ...] = (
    "last_agent", "last_customer", "previous_agent", "customer_mean", "last_agent_x_last_customer",
)  # fmt: skip
N_COLUMNS = len(FEATURE_NAMES) + EMBEDDING_DIM * len(EMBEDDING_BLOCKS)
FEATURE_LISTS = ("agent_apology", "agent_inability", "customer_negative", "customer_thanks")
_WORD = re.compile(r"[a-z0-9']+")


class MissingSignalsError(ValueError):
    """The conversation has not been through the `signals` stage."""


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=200_000)
def _vader_compound(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _jaccard(a: str, b: str) -> float:
    sa, sb = set(_words(a)), set(_words(b))
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def _number(value, default: float = 0.0) -> float:
    if value is None:
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(number) else number


def _last(turns: Sequence[Turn]) -> Turn | None:
    return turns[-1] if turns else None


def csat_features(conversation: Conversation) -> dict[str, float]:
    """Named features of one conversation (signals must already be in `conversation.call`;
    turn embeddings are computed if the conversation does not carry them)."""
    _require_signals(conversation)
    return _named_features(conversation, _ensure_embeddings([conversation])[0])


def _require_signals(conversation: Conversation) -> None:
    if "resolved" not in conversation.call:
        raise MissingSignalsError(
            f"conversation {conversation.conversation_id}: run the `signals` stage before `predict`"
        )


def _named_features(conversation: Conversation, embeddings: np.ndarray) -> dict[str, float]:
    call = conversation.call
    turns = conversation.turns
    n_turns = len(turns)
    customer = [t for t in turns if t.speaker == "customer"]
    agent = [t for t in turns if t.speaker in AGENT_SPEAKERS]
    features: dict[str, float] = {}

    for name in SIGNAL_FEATURES[:-2]:
        features[name] = _number(call.get(name))
    features["interruptions_per_turn"] = _number(call.get("interruptions")) / max(n_turns, 1)
    features["agent_talk_share"] = _number(call.get("agent_talk_share"), default=0.5)

    features["n_turns"] = float(n_turns)
    features["n_customer_turns"] = float(len(customer))
    features["n_agent_turns"] = float(len(agent))
    features["customer_mean_words"] = float(np.mean([len(_words(t.text)) for t in customer])) if customer else 0.0
    features["agent_mean_words"] = float(np.mean([len(_words(t.text)) for t in agent])) if agent else 0.0
    last_agent, last_customer = _last(agent), _last(customer)
    features["last_agent_words"] = float(len(_words(last_agent.text))) if last_agent else 0.0
    features["last_customer_words"] = float(len(_words(last_customer.text))) if last_customer else 0.0
    features["last_agent_question"] = float(bool(last_agent and "?" in last_agent.text))
    features["last_speaker_agent"] = float(bool(turns and turns[-1].speaker in AGENT_SPEAKERS))
    features["agent_repeat_last"] = _jaccard(agent[-1].text, agent[-2].text) if len(agent) >= 2 else 0.0
    features["customer_repeat_last"] = _jaccard(customer[-1].text, customer[-2].text) if len(customer) >= 2 else 0.0

    matcher = shared_matcher(None)  # the packaged lists: the model was trained with them
    lists = [matcher.book.features[name] for name in FEATURE_LISTS]
    hits = turn_hits(matcher, [t.speaker for t in turns], [t.text or "" for t in turns], lists)
    last_agent_index = max((i for i, t in enumerate(turns) if t.speaker in AGENT_SPEAKERS), default=-1)
    last_customer_index = max((i for i, t in enumerate(turns) if t.speaker == "customer"), default=-1)
    for name in FEATURE_LISTS:
        owner_last = last_agent_index if name.startswith("agent") else last_customer_index
        owner_count = len(agent) if name.startswith("agent") else len(customer)
        features[f"{name}_last"] = float(owner_last in hits[name])
        features[f"{name}_share"] = len(hits[name]) / owner_count if owner_count else 0.0

    customer_vader = [_vader_compound(t.text or "") for t in customer]
    features["vader_customer_last"] = customer_vader[-1] if customer_vader else 0.0
    features["vader_customer_mean"] = float(np.mean(customer_vader)) if customer_vader else 0.0
    features["vader_customer_min"] = float(min(customer_vader)) if customer_vader else 0.0
    features["vader_agent_last"] = _vader_compound(last_agent.text or "") if last_agent else 0.0

    scored = [t.sentiment_score for t in customer if t.sentiment_score is not None]
    agent_scored = [t.sentiment_score for t in agent if t.sentiment_score is not None]
    labelled = [t.sentiment for t in customer if t.sentiment is not None]
    features["sentiment_available"] = float(bool(scored or agent_scored))
    features["customer_sentiment_last"] = float(scored[-1]) if scored else 0.0
    features["customer_sentiment_mean"] = float(np.mean(scored)) if scored else 0.0
    features["customer_sentiment_min"] = float(min(scored)) if scored else 0.0
    features["customer_negative_turn_share"] = (
        sum(label == "negative" for label in labelled) / len(labelled) if labelled else 0.0
    )
    features["agent_sentiment_last"] = float(agent_scored[-1]) if agent_scored else 0.0
    features.update(_similarities(turns, embeddings))
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

    def cosine(i: int, j: int) -> float:
        return float(embeddings[i] @ embeddings[j])

    last_c, last_a = (customer[-1] if customer else None), (agent[-1] if agent else None)
    return {
        "embedding_available": float(bool(customer or agent)),
        "sim_agent_last_customer_last": cosine(last_a, last_c) if customer and agent else 0.0,
        "sim_agent_last_agent_previous": cosine(last_a, agent[-2]) if len(agent) >= 2 else 0.0,
        "sim_customer_last_customer_previous_max": max((cosine(last_c, i) for i in customer[:-1]), default=0.0),
        "sim_agent_last_agent_previous_max": max((cosine(last_a, i) for i in agent[:-1]), default=0.0),
    }


def _embedding_blocks(turns: Sequence[Turn], embeddings: np.ndarray) -> np.ndarray:
    """The `EMBEDDING_BLOCKS` concatenated; zeros where a turn does not exist yet."""
    customer, agent = _indexes(turns)
    zero = np.zeros(EMBEDDING_DIM, dtype=np.float32)
    last_agent = embeddings[agent[-1]] if agent else zero
    last_customer = embeddings[customer[-1]] if customer else zero
    previous_agent = embeddings[agent[-2]] if len(agent) >= 2 else zero
    customer_mean = embeddings[customer].mean(axis=0) if customer else zero
    return np.concatenate([last_agent, last_customer, previous_agent, customer_mean, last_agent * last_customer])


def csat_feature_matrix(conversations: Sequence[Conversation]) -> np.ndarray:
    """(n, N_COLUMNS): the named features in `FEATURE_NAMES` order, then the embedding blocks."""
    if not conversations:
        return np.zeros((0, N_COLUMNS))
    for conversation in conversations:
        _require_signals(conversation)
    all_embeddings = _ensure_embeddings(conversations)
    rows = []
    for conversation, embeddings in zip(conversations, all_embeddings):
        named = _named_features(conversation, embeddings)
        rows.append(
            np.concatenate([
                np.array([named[name] for name in FEATURE_NAMES], dtype=np.float64),
                _embedding_blocks(conversation.turns, embeddings).astype(np.float64),
            ])
        )
    return np.vstack(rows)
