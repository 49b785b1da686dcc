"""Call-level contact reason: fine intent from the trained head, coarse intent from the taxonomy.

Per turn, the head (on the shared encoder pass) gives fine-intent probabilities, summed per coarse
intent. A second, binary head on the same features (the scope head) says whether the text states a
contact reason at all: it is trained on contact-reason queries against CLINC150's intents that are
none (greetings, thanks, yes/no, small talk, assistant commands, general knowledge), and its
threshold is calibrated on validation queries including out-of-scope ones. A trained
out-of-scope class beats a threshold on the softmax (Larson et al. 2019), and a binary one leaves
the many-class head to what it is good at. A text the scope head rejects is `other`.

The call's reason (`call_intent`) reads the customer's opening turns (the stage passes the first
eight):

1. A turn with no words of its own (only redaction placeholders, digits, fillers, yes/no: the
   answers to "your date of birth?" or "say your account number") is skipped.
2. A turn states a reason when the scope head accepts it and its most probable coarse intent is
   not `other` and carries at least the taxonomy's `other_threshold`, or, when the scope head is
   sure (P(no contact reason) < `SCOPE_SURE`), whatever it carries: a long statement whose
   probability is spread over related reasons ("three payments on my card i don't recognise")
   still states one. A turn of one or two words
   ("billing", "agent") counts a quarter: IVR menu words and fragments should not outvote the
   sentence that follows.
3. The coarse probabilities of the reason-stating turns are summed with those weights, and the
   largest sum is the call's reason: a reason told to the bot and repeated to the agent adds up.
   Once a turn has stated a reason in full, each later one counts half as much as the one before,
   so mid-call questions ("has it gone through?") do not outvote the opening statement. The
   confidence is the weighted mean probability of that reason over those turns, and the fine
   intent the most probable one within it.
4. When no turn states a reason, the call's reason is `other`, with the confidence of the strongest
   in-scope candidate it turned down (below the threshold by construction, so always low; 0 when the
   scope head rejected every turn).

`reason_index` says which of the texts carried the reason, for topic discovery (`cxmaturity.topics`): the
reason-stating turn that added most to the chosen reason, or, when none states one, the first turn with
words of its own that the scope head accepts (else the first such turn at all); None when no turn has any.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cxmaturity.classify.encoder import PLACEHOLDER
from cxmaturity.classify.heads import HybridHead
from cxmaturity.classify.taxonomy import OTHER, Taxonomy, load_taxonomy

INTENT_MODEL_DIR = "intent"
INTENT_MODEL_FILE = "intent_head.skops"
SCOPE_MODEL_FILE = "scope_head.skops"
IN_SCOPE, OUT_OF_SCOPE = "contact_reason", "no_contact_reason"  # the scope head's two classes
# Words that say nothing about why someone got in touch: fillers, answers, spelled-out digits.
_EMPTY_WORDS = frozenset(
    "um uh er erm hmm mm yeah yes yep yup no nope ok okay sure right hi hello hey it's its it is that's thats "
    "my the a an and so well oh zero one two three four five six seven eight nine ten double triple".split()
)
_WORD = re.compile(r"[a-z][a-z']*")
SHORT_TURN_WORDS = 3  # a turn with fewer content words than this is a fragment
FRAGMENT_WEIGHT = 0.25
LATER_STATEMENT_DECAY = 0.5
# P(no contact reason) below which the scope head is sure a turn states one: the reason is then the
# most probable coarse intent even when the probability is spread over several (no softmax threshold).
SCOPE_SURE = 0.2


@dataclass(frozen=True)
class IntentResult:
    intent: str  # coarse, `other` below the threshold
    intent_fine: str | None  # best fine intent within the chosen coarse one; None for `other`
    confidence: float  # summed probability of the coarse intent (0..1)
    reason_index: int | None = None  # which text (of those passed to `call_intent`) carried the reason


class IntentClassifier:
    """Trained heads + taxonomy; maps per-text probabilities to coarse and fine intents."""

    def __init__(
        self, head: HybridHead, taxonomy: Taxonomy, scope: HybridHead | None = None, scope_threshold: float = 0.5
    ) -> None:
        self.head = head
        self.taxonomy = taxonomy
        self.scope = scope  # None: only the coarse threshold decides `other` (heads trained before the scope head)
        self.scope_threshold = scope_threshold  # P(no contact reason) at which a text is `other`
        fine = list(head.classes_)
        self._coarse_names = sorted({taxonomy.coarse(f) for f in fine} | {OTHER})
        self._fine = np.array(fine)
        self._fine_coarse = np.array([self._coarse_names.index(taxonomy.coarse(f)) for f in fine])

    @classmethod
    def load(cls, models_dir: Path, taxonomy: Taxonomy | Path | str | None = None) -> IntentClassifier:
        """The hash-checked heads in `models_dir` with `taxonomy` (a loaded one, a file, or the default)."""
        from cxmaturity.modelstore import load_model, read_meta

        directory = models_dir / INTENT_MODEL_DIR
        head = HybridHead.from_state(load_model(directory, INTENT_MODEL_FILE))
        meta = read_meta(directory)
        mapping = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
        if SCOPE_MODEL_FILE not in meta.get("files", {}):
            return cls(head, mapping)
        scope = HybridHead.from_state(load_model(directory, SCOPE_MODEL_FILE))
        return cls(head, mapping, scope, float(meta["scope_threshold"]))

    def outside_proba(self, texts: Sequence[str], features: np.ndarray) -> np.ndarray:
        """P(no contact reason) per text from the scope head (which must be present)."""
        if self.scope is None:
            raise RuntimeError("no scope head loaded: retrain the intent model (`cxm train intent`)")
        proba: np.ndarray = self.scope.predict_proba(texts, features)
        return proba[:, list(self.scope.classes_).index(OUT_OF_SCOPE)]

    def coarse_proba(self, texts: Sequence[str], features: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(fine probabilities, coarse probabilities over the sorted coarse intents, P(no contact reason)) per text
        (P is 0 without a scope head)."""
        proba = self.head.predict_proba(texts, features)
        coarse = np.zeros((len(texts), len(self._coarse_names)))
        for j, c in enumerate(self._fine_coarse):
            coarse[:, c] += proba[:, j]
        outside = np.zeros(len(texts))
        if self.scope is not None and len(texts):
            outside = self.outside_proba(texts, features)
        return proba, coarse, outside

    def classify(self, texts: Sequence[str], features: np.ndarray) -> list[IntentResult]:
        """One result per text."""
        if len(texts) == 0:
            return []
        proba, coarse, outside = self.coarse_proba(texts, features)
        in_scope = outside < self.scope_threshold
        results = []
        for row in range(len(texts)):
            best = int(coarse[row].argmax())
            confidence = float(coarse[row, best])
            if not in_scope[row] or confidence < self.taxonomy.other_threshold or self._coarse_names[best] == OTHER:
                results.append(IntentResult(OTHER, None, confidence))
                continue
            within = np.where(self._fine_coarse == best, proba[row], -1.0)
            results.append(IntentResult(self._coarse_names[best], str(self._fine[int(within.argmax())]), confidence))
        return results

    def call_intent(self, texts: Sequence[str], features: np.ndarray) -> IntentResult:
        """The call's reason from its customer's opening turns (the rule in the module docstring)."""
        if len(texts) == 0:
            return IntentResult(OTHER, None, 0.0)
        proba, coarse, outside = self.coarse_proba(texts, features)
        in_scope = outside < self.scope_threshold
        sure = (outside < SCOPE_SURE) & (self.scope is not None)  # without a scope head, never sure
        weights = np.array([turn_weight(text) for text in texts])
        other = self._coarse_names.index(OTHER)
        candidates = coarse.copy()
        candidates[:, other] = 0.0
        states_reason = (
            (weights > 0)
            & in_scope
            & (coarse.argmax(axis=1) != other)
            & ((candidates.max(axis=1) >= self.taxonomy.other_threshold) | sure)
        )
        if not states_reason.any():
            considered = (weights > 0) & in_scope  # turns the scope head rejected were no candidates
            turned_down = candidates[considered].max() if considered.any() else 0.0
            return IntentResult(OTHER, None, float(turned_down), _first_substantive(weights, in_scope))
        w = np.where(states_reason, weights, 0.0)
        # Once a turn has stated a reason in full, each later one counts half as much as the one
        # before: mid-call questions ("has it gone through?") must not outvote the opening statement.
        statements_before = np.concatenate([[0], np.cumsum(w >= 1.0)[:-1]])
        w = w * LATER_STATEMENT_DECAY**statements_before
        best = int((w[:, None] * candidates).sum(axis=0).argmax())
        confidence = float((w * coarse[:, best]).sum() / w.sum())
        within = np.where(self._fine_coarse == best, (w[:, None] * proba).sum(axis=0), -1.0)
        carrier = int((w * coarse[:, best]).argmax())  # the turn that added most to the chosen reason
        return IntentResult(self._coarse_names[best], str(self._fine[int(within.argmax())]), confidence, carrier)


def _first_substantive(weights: np.ndarray, in_scope: np.ndarray) -> int | None:
    """The turn that most likely says why a call with no taxonomy reason came in: the first full
    statement the scope head accepts, else the first full statement, else the first fragment."""
    for mask in (weights >= 1.0) & in_scope, weights >= 1.0, weights > 0:
        if mask.any():
            return int(np.flatnonzero(mask)[0])
    return None


def turn_weight(text: str) -> float:
    """How much a customer turn can say about the contact reason: 0 with no content words of its
    own, `FRAGMENT_WEIGHT` for a fragment of one or two, 1 otherwise."""
    words = [w for w in _WORD.findall(PLACEHOLDER.sub(" ", text).lower()) if w not in _EMPTY_WORDS]
    if not words:
        return 0.0
    return FRAGMENT_WEIGHT if len(words) < SHORT_TURN_WORDS else 1.0


def humanise_label(label: str) -> str:
    """`card_payment_not_recognised` -> `card payment not recognised` (prototype text)."""
    return label.replace("_", " ").replace("?", "").strip()


class PrototypeBaseline:
    """Nearest label prototype: cosine between a text's embedding and each label description's."""

    def __init__(self, labels: Sequence[str], prototype_embeddings: np.ndarray) -> None:
        self.labels = np.array(labels)
        norms = np.linalg.norm(prototype_embeddings, axis=1, keepdims=True)
        self.prototypes = prototype_embeddings / np.clip(norms, 1e-9, None)

    def predict(self, sentence_embeddings: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(sentence_embeddings, axis=1, keepdims=True)
        similarity = (sentence_embeddings / np.clip(norms, 1e-9, None)) @ self.prototypes.T
        return self.labels[similarity.argmax(axis=1)]
