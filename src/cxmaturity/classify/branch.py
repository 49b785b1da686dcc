"""A task branch: fine-tuned copies of the encoder's top layers, fed by the one shared pass.

Fine-tuning the whole encoder for sentiment would move the embeddings every other model was
trained on (the intent and scope heads, the signals turn model, CSAT). A branch fine-tunes copies
of the top `depth` transformer layers for one task instead: at inference it reads the hidden
state the shared pass has already computed at layer `start_layer` and runs only its own layers,
so a turn is still encoded once and the shared embeddings are the same with or without it.

Weights are stored as float16 arrays in an npz (a few MB), hash-checked like every model file,
and loaded into copies of the packaged encoder's own layers, so the architecture always matches.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import torch

if TYPE_CHECKING:
    from cxmaturity.classify.encoder import SentenceEncoder


class EncoderBranch(torch.nn.Module):
    """Copies of the encoder's layers `start_layer`.. (0-based, of the encoder's transformer
    layers) and mean pooling over the tokens; `forward(hidden, mask)` gives one vector per text."""

    def __init__(self, layers: Any, start_layer: int, config: Any) -> None:
        super().__init__()
        self.layers = layers
        self.start_layer = int(start_layer)
        self.config = config

    @classmethod
    def from_encoder(cls, encoder: SentenceEncoder, depth: int) -> EncoderBranch:
        """A branch initialised as a copy of the encoder's top `depth` layers."""
        layers = encoder.model.encoder.layer
        if not 1 <= depth <= len(layers):
            raise ValueError(f"branch depth must be 1..{len(layers)}, got {depth}")
        return cls(copy.deepcopy(layers[len(layers) - depth :]), len(layers) - depth, encoder.model.config)

    def forward(self, hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        """hidden: (batch, tokens, dim), the shared pass's output of layer `start_layer`; mask: (batch, tokens)."""
        from transformers.masking_utils import create_bidirectional_mask

        extended = create_bidirectional_mask(config=self.config, inputs_embeds=hidden, attention_mask=attention_mask)
        for layer in self.layers:
            hidden = layer(hidden, attention_mask=extended)
        hidden = hidden.float()  # pooled in float32 even when the layers ran under bfloat16 autocast
        weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)

    def save(self, path: Path, encoder: SentenceEncoder) -> None:
        """The weights as their difference from the packaged encoder's layers: matrices as int8 with one
        float32 scale per row (fine-tuning moves them little, so the difference quantises with an
        error far below its own size), everything else as float16. Plain arrays, no pickle; about a
        quarter of the float32 size, which keeps the file under the models/ size limit."""
        base = dict(encoder.model.encoder.layer[self.start_layer :].state_dict())
        arrays: dict[str, np.ndarray] = {"start_layer": np.array(self.start_layer)}
        for name, tensor in self.layers.state_dict().items():
            value = tensor.detach().cpu().numpy().astype(np.float32)
            if value.ndim == 2:
                delta = value - base[name].detach().cpu().numpy().astype(np.float32)
                scale = np.abs(delta).max(axis=1, keepdims=True) / 127.0
                scale[scale == 0] = 1.0
                arrays[f"q.{name}"] = np.round(delta / scale).astype(np.int8)
                arrays[f"s.{name}"] = scale.astype(np.float32)
            else:
                arrays[f"w.{name}"] = value.astype(np.float16)
        # mypy cannot rule out an `allow_pickle` key among the `**arrays` (numpy types that keyword as bool).
        np.savez(path, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path, encoder: SentenceEncoder) -> EncoderBranch:
        """Rebuild a saved branch on the packaged encoder's layers (the caller checks the file's hash)."""
        with np.load(path, allow_pickle=False) as data:
            start = int(data["start_layer"])
            branch = cls.from_encoder(encoder, len(encoder.model.encoder.layer) - start)
            base = branch.layers.state_dict()
            state = {}
            for key in data.files:
                kind, _, name = key.partition(".")
                if kind == "w":
                    state[name] = torch.from_numpy(data[key].astype(np.float32))
                elif kind == "q":
                    delta = data[key].astype(np.float32) * data[f"s.{name}"]
                    state[name] = base[name] + torch.from_numpy(delta)
        missing = sorted(set(base) - set(state))
        unexpected = sorted(set(state) - set(base))
        if missing or unexpected:
            raise ValueError(
                f"{path}: branch weights do not fit the encoder (missing {missing[:3]}, unexpected {unexpected[:3]})"
            )
        branch.layers.load_state_dict(state)
        branch.eval()
        return branch


def _padded(hidden: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(h.shape[0] for h in hidden)
    batch = torch.zeros(len(hidden), width, hidden[0].shape[1])
    mask = torch.zeros(len(hidden), width, dtype=torch.long)
    for row, states in enumerate(hidden):
        batch[row, : states.shape[0]] = states.float()
        mask[row, : states.shape[0]] = 1
    return batch, mask


def fine_tune_branch(
    branch: EncoderBranch,
    hidden: Sequence[torch.Tensor],
    labels: Sequence[int] | np.ndarray,
    n_classes: int,
    epochs: int = 2,
    learning_rate: float = 8e-5,
    batch_size: int = 32,
    seed: int = 13,
    log: Callable[[str], None] | None = None,
) -> EncoderBranch:
    """Fine-tune `branch` with a temporary linear classifier on cached hidden states.

    `hidden[i]` is text i's (tokens, dim) state at the branch's start layer, computed once by
    `SentenceEncoder.hidden_states`: the frozen lower layers never run again, which makes an epoch
    several times cheaper than fine-tuning the whole encoder. Class-balanced cross-entropy, AdamW
    with linear warm-up (6%) and decay, gradient clipping at 1; batches are drawn from
    length-sorted buckets so padding stays small. The classifier is dropped: the task head is
    fitted on the branch's output afterwards.
    """
    generator = np.random.default_rng(seed)
    torch.manual_seed(seed)
    target = torch.as_tensor(np.asarray(labels, dtype=np.int64))
    counts = np.bincount(target.numpy(), minlength=n_classes).astype(float)
    class_weight = torch.tensor(len(target) / (n_classes * np.maximum(counts, 1.0)), dtype=torch.float32)
    classifier = torch.nn.Linear(int(branch.config.hidden_size), n_classes)
    parameters = list(branch.parameters()) + list(classifier.parameters())
    optimiser = torch.optim.AdamW(parameters, lr=learning_rate, weight_decay=0.01)
    steps = max(1, epochs * math.ceil(len(target) / batch_size))
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / warmup) * max(0.0, (steps - step) / steps)
    )
    lengths = np.array([h.shape[0] for h in hidden])
    branch.train()
    for epoch in range(epochs):
        order = generator.permutation(len(target))
        batches: list[np.ndarray] = []
        bucket = batch_size * 50
        for start in range(0, len(order), bucket):
            chunk = order[start : start + bucket]
            chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
            batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
        generator.shuffle(batches)
        total = 0.0
        for rows in batches:
            states, mask = _padded([hidden[i] for i in rows])
            loss = torch.nn.functional.cross_entropy(
                classifier(branch(states, mask)), target[rows], weight=class_weight
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            total += loss.item()
        if log is not None:
            log(f"branch epoch {epoch + 1}/{epochs}: mean loss {total / max(len(batches), 1):.4f}")
    branch.eval()
    return branch


def branch_outputs(branch: EncoderBranch, hidden: Sequence[torch.Tensor], batch_size: int = 128) -> np.ndarray:
    """The branch's pooled output for cached hidden states: what `SentenceEncoder.encode` gives for
    the same texts, without running the frozen layers again."""
    out = np.zeros((len(hidden), int(branch.config.hidden_size)), dtype=np.float32)
    order = np.argsort([h.shape[0] for h in hidden], kind="stable")
    branch.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            states, mask = _padded([hidden[i] for i in rows])
            out[rows] = branch(states, mask).numpy()
    return out
