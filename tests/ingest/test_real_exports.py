"""Every real vendor export in ../shared/real_exports is read by content detection, with plausible roles.

The files are published exports from vendors' services (see that folder's README); they are never
copied into this repository, and these tests skip when the folder is absent.
"""

from __future__ import annotations

import pytest

from cxmaturity.ingest import detect_format
from cxmaturity.ingest.decoding import decode_bytes

from .helpers import REAL_EXPORTS, read_one, speakers

# file -> (format, turns, first roles, first turn's text begins)
EXPECTED = {
    "aws_transcribe/seymt001-interview-asrOutput.json": ("transcribe", 93, ["agent", "customer"], "There we go."),
    "aws_transcribe/tscribe-02-channel-identification.json": ("transcribe", 7, ["customer", "agent"], "She was gone"),
    "aws_transcribe/tscribe-03-speaker-identification.json": ("transcribe", 7, ["agent", "customer"], "She was gone"),
    "contact_lens/ccai-devkit-aws_transcript-docs-example.json": ("contact_lens", 10, ["agent", "customer"], "Okay."),
    "contact_lens/voicefoundry-zendesk-cl-sample-2023.json": ("contact_lens", 11, ["agent", "customer"], "Um,"),
    "contact_lens/voicefoundry-zendesk-cl-sample-2025.json": ("contact_lens", 6, ["customer", "agent"], "Hey, good"),
    "genesys/ccai-devkit-genesys_transcript.json": ("genesys", 3, ["customer", "agent"], "you are treating me"),
    "google_ccai/ccai-devkit-aws_output-converted.json": ("google_ccai", 10, ["agent", "customer"], "Okay."),
    "google_ccai/ccai-devkit-genesys_output-converted.json": ("google_ccai", 3, ["customer", "agent"], "you are"),
    "google_ccai/ccai-devkit-sample_conversation.json": ("google_ccai", 10, ["agent", "customer"], "This is SkyHigh"),
    "other/aws-bda-standard-audio.json": ("bedrock_audio", 42, ["agent", "customer"], "Hello. Sleepaway Camp"),
    "other/aws-pca-parsed-testfile.json": ("post_call_analytics", 12, ["customer", "agent"], "MM."),
    "transcribe_call_analytics/aws-ts-to-word-example-call-2021.json": (
        "transcribe_call_analytics",
        49,
        ["agent", "customer"],
        "Hello and thank you for calling",
    ),
    "transcribe_call_analytics/aws-ts-to-word-example-call-2022.json": (
        "transcribe_call_analytics",
        37,
        ["agent", "customer"],
        "Thank you for calling Anchor",
    ),
}

needs_real_exports = pytest.mark.skipif(not REAL_EXPORTS.is_dir(), reason="../shared/real_exports is not present")


@needs_real_exports
def test_every_real_export_is_listed():
    on_disk = {str(p.relative_to(REAL_EXPORTS)) for p in REAL_EXPORTS.rglob("*.json")}
    assert on_disk == set(EXPECTED)


@needs_real_exports
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_export_is_detected_and_read(name):
    path = REAL_EXPORTS / name
    expected_format, n_turns, first_roles, first_text = EXPECTED[name]
    text, _ = decode_bytes(path.read_bytes())
    assert detect_format(path, text) == expected_format
    conversation = read_one(path)
    assert conversation.source_format == expected_format
    assert len(conversation.turns) == n_turns
    roles = speakers(conversation)
    assert roles[: len(first_roles)] == first_roles
    assert {"agent", "customer"} <= set(roles)  # both sides of every call are found
    assert conversation.turns[0].text.startswith(first_text)


@needs_real_exports
@pytest.mark.parametrize(
    ("original", "converted"),
    [
        (
            "contact_lens/ccai-devkit-aws_transcript-docs-example.json",
            "google_ccai/ccai-devkit-aws_output-converted.json",
        ),
        ("genesys/ccai-devkit-genesys_transcript.json", "google_ccai/ccai-devkit-genesys_output-converted.json"),
    ],
)
def test_one_conversation_in_two_formats_reads_the_same(original, converted):
    first, second = read_one(REAL_EXPORTS / original), read_one(REAL_EXPORTS / converted)
    assert [(t.speaker, " ".join(t.text.split())) for t in first.turns] == [
        (t.speaker, " ".join(t.text.split())) for t in second.turns
    ]
