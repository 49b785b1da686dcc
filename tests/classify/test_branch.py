"""The sentiment branch: one encoder pass, shared outputs untouched, a stored branch that reads back."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
import torch

from cxmaturity.classify.branch import EncoderBranch, branch_outputs, fine_tune_branch
from cxmaturity.classify.encoder import get_encoder

TEXTS = [
    "I've been charged twice and nobody has called me back, this is ridiculous",
    "Could you confirm the postcode on the account please?",
    "Brilliant, thank you so much, that's sorted it",
    "um hi yeah so I was just ringing about a payment that's gone out twice",
    "My card ending [CREDIT_CARD] was declined",
    "ok",
]


def _tuned_branch(depth: int = 2, seed: int = 0) -> EncoderBranch:
    """A branch whose weights moved as fine-tuning moves them: a little, everywhere."""
    branch = EncoderBranch.from_encoder(get_encoder(), depth)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for parameter in branch.parameters():
            parameter.add_(torch.randn(parameter.shape, generator=generator) * 1e-2)
    return branch.eval()


def test_branch_leaves_the_shared_embeddings_untouched():
    encoder = get_encoder()
    plain = encoder.encode(TEXTS)
    with_branch = encoder.encode(TEXTS, branches={"sentiment": _tuned_branch()})
    assert np.array_equal(plain.sentence, with_branch.sentence)
    assert np.array_equal(plain.features, with_branch.features)
    assert with_branch.branches["sentiment"].shape == (len(TEXTS), 384)
    assert plain.branches == {}


def test_branch_in_the_pass_equals_the_branch_on_cached_states():
    encoder = get_encoder()
    branch = _tuned_branch()
    in_pass = encoder.encode(TEXTS, batch_size=4, branches={"sentiment": branch}).branches["sentiment"]
    cached = branch_outputs(branch, encoder.hidden_states(TEXTS, branch.start_layer))
    assert np.abs(in_pass - cached).max() < 2e-3  # the cache holds float16 states: ~1e-3 relative
    assert np.abs(in_pass - cached).max() < 0.01 * np.abs(in_pass).max()


def test_an_untuned_branch_reproduces_the_last_layer():
    """A fresh copy of the top layers run on layer 4's state is the encoder's own last layer."""
    encoder = get_encoder()
    encoded = encoder.encode(TEXTS, branches={"copy": EncoderBranch.from_encoder(encoder, 2)})
    last_layer = encoded.features[:, -384:]
    assert np.abs(encoded.branches["copy"] - last_layer).max() < 1e-4


def test_saved_branch_reads_back_with_quantisation_error_far_below_the_tuning(tmp_path):
    encoder = get_encoder()
    branch = _tuned_branch()
    branch.save(tmp_path / "branch.npz", encoder)
    loaded = EncoderBranch.load(tmp_path / "branch.npz", encoder)
    before = encoder.encode(TEXTS, branches={"b": branch}).branches["b"]
    after = encoder.encode(TEXTS, branches={"b": loaded}).branches["b"]
    untuned = encoder.encode(TEXTS).features[:, -384:]
    assert loaded.start_layer == branch.start_layer == 4
    assert np.abs(before - after).max() < 0.05 * np.abs(before - untuned).max()
    with np.load(tmp_path / "branch.npz") as data:
        assert {data[k].dtype for k in data.files if k.startswith("q.")} == {np.dtype(np.int8)}
    assert (tmp_path / "branch.npz").stat().st_size < 5 * 1024 * 1024


def test_branch_for_another_architecture_is_refused(tmp_path):
    encoder = get_encoder()
    _tuned_branch().save(tmp_path / "branch.npz", encoder)
    with np.load(tmp_path / "branch.npz") as data:
        arrays = {k: data[k] for k in data.files if "attention" not in k}
    np.savez(tmp_path / "broken.npz", **arrays)
    with pytest.raises(ValueError, match="broken.npz"):
        EncoderBranch.load(tmp_path / "broken.npz", encoder)


def test_fine_tuning_learns_the_labels_it_is_shown():
    encoder = get_encoder()
    texts = TEXTS * 4
    labels = [0, 1, 2, 1, 1, 1] * 4
    branch = EncoderBranch.from_encoder(encoder, 1)
    hidden = encoder.hidden_states(texts, branch.start_layer)
    losses: list[str] = []
    fine_tune_branch(
        branch, hidden, labels, n_classes=3, epochs=3, learning_rate=5e-4, batch_size=8, seed=1, log=losses.append
    )
    assert len(losses) == 3
    first, last = (float(line.rsplit(" ", 1)[1]) for line in (losses[0], losses[-1]))
    assert last < first


def test_tampered_branch_file_stops_the_sentiment_model(tmp_path):
    from cxmaturity.classify.sentiment import SENTIMENT_BRANCH_FILE, SENTIMENT_MODEL_DIR, SentimentClassifier
    from cxmaturity.modelstore import ModelIntegrityError, models_dir

    source = models_dir() / SENTIMENT_MODEL_DIR
    if not (source / SENTIMENT_BRANCH_FILE).exists():
        pytest.fail("no sentiment branch in models/: run `cxm train sentiment`")
    shutil.copytree(source, tmp_path / SENTIMENT_MODEL_DIR)
    target = tmp_path / SENTIMENT_MODEL_DIR / SENTIMENT_BRANCH_FILE
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelIntegrityError, match=SENTIMENT_BRANCH_FILE):
        SentimentClassifier.load(tmp_path)
