"""Call-level contact reason: fine intent from the trained head, coarse intent from the taxonomy.

The head scores each of the customer's opening turns (from the shared encoder pass); fine-intent
probabilities are summed per coarse intent, the most confident opening turn gives the call's
intent, and a confidence under the taxonomy's threshold becomes `other`. Taking the most
confident turn rather than the first lets a greeting ("hi there") or an IVR menu word be
outweighed by the turn that actually states the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cxmaturity.classify.heads import HybridHead
from cxmaturity.classify.taxonomy import OTHER, Taxonomy, load_taxonomy

INTENT_MODEL_DIR = "intent"
INTENT_MODEL_FILE = "intent_head.skops"


@dataclass(frozen=True)
class IntentResult:
    intent: str  # coarse, `other` below the threshold
    intent_fine: str | None  # best fine intent within the chosen coarse one; None for `other`
    confidence: float  # summed probability of the coarse intent (0..1)


class IntentClassifier:
    """Trained head + taxonomy; maps per-text probabilities to coarse and fine intents."""

    def __init__(self, head: HybridHead, taxonomy: Taxonomy) -> None:
        self.head = head
        self.taxonomy = taxonomy
        fine = list(head.classes_)
        self._coarse_names = sorted({taxonomy.coarse(f) for f in fine})
        self._fine = np.array(fine)
        self._fine_coarse = np.array([self._coarse_names.index(taxonomy.coarse(f)) for f in fine])

    @classmethod
    def load(cls, models_dir: Path, taxonomy_path: Path | str | None = None) -> IntentClassifier:
        from cxmaturity.modelstore import load_model

        state = load_model(models_dir / INTENT_MODEL_DIR, INTENT_MODEL_FILE)
        return cls(HybridHead.from_state(state), load_taxonomy(taxonomy_path))

    def classify(self, texts: Sequence[str], features: np.ndarray) -> list[IntentResult]:
        """One result per text."""
        if len(texts) == 0:
            return []
        proba = self.head.predict_proba(texts, features)
        coarse = np.zeros((len(texts), len(self._coarse_names)))
        for j, c in enumerate(self._fine_coarse):
            coarse[:, c] += proba[:, j]
        results = []
        for row in range(len(texts)):
            best = int(coarse[row].argmax())
            confidence = float(coarse[row, best])
            if confidence < self.taxonomy.other_threshold or self._coarse_names[best] == OTHER:
                results.append(IntentResult(OTHER, None, confidence))
                continue
            within = np.where(self._fine_coarse == best, proba[row], -1.0)
            results.append(IntentResult(self._coarse_names[best], str(self._fine[int(within.argmax())]), confidence))
        return results

    def call_intent(self, texts: Sequence[str], features: np.ndarray) -> IntentResult:
        """The call's intent from its customer's opening turns: the most confident one wins."""
        results = self.classify(texts, features)
        if not results:
            return IntentResult(OTHER, None, 0.0)
        return max(results, key=lambda r: (r.intent != OTHER, r.confidence))


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
