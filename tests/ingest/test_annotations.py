"""Export-carried analytics are read one way by every reader (ingest/annotations.py)."""

from __future__ import annotations

import json

import pytest

from cxmaturity.ingest.annotations import ANNOTATIONS, annotation_for_field, has_redaction_marker

from .helpers import read_all, read_one

TURNS = [
    {"speaker": "agent", "text": "Thanks for calling, how can I help?"},
    {"speaker": "customer", "text": "My router keeps dropping."},
]


def _canonical(tmp_path, **record):
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"conversation_id": "c-1", "turns": TURNS, **record}) + "\n", encoding="utf-8")
    return read_one(path)


@pytest.mark.parametrize(
    "field, name",
    [
        ("qa_score", "qa_score"),
        ("QA Score", "qa_score"),
        ("qaScore", "qa_score"),
        ("Quality Evaluation", "qa_score"),
        ("scorecard_result", "qa_score"),
        ("overallSentiment", "sentiment"),
        ("Sentiment Score", "sentiment"),
        ("Topics", "categories"),
        ("categories", "categories"),
        ("contact_reason", "categories"),
        ("callSummary", "summary"),
        ("Post Contact Summary", "summary"),
        ("CSAT Score", "csat"),
        ("csatScore", "csat"),
        ("NPS score", "nps"),
        ("Customer Effort", "ces"),
        ("Predicted CSAT", "predicted_csat"),
        ("predictedCsat", "predicted_csat"),
        ("Churn Score", "churn_risk"),
        ("churnRisk", "churn_risk"),
        ("Agent Assist", "agent_assist"),
        ("next_best_action", "agent_assist"),
        ("issues_detected", "issues"),
        ("redaction_types", "redaction"),
        ("Wrap-up code", "disposition"),
        ("score", None),
        ("language", None),
        ("brand", None),
        ("crm_case", None),
        ("duration_s", None),
    ],
)
def test_field_names_map_to_one_vocabulary(field, name):
    assert annotation_for_field(field) == name
    assert name is None or name in ANNOTATIONS


def test_canonical_metadata_analytics_are_read_in_any_spelling(tmp_path):
    snake = _canonical(
        tmp_path,
        metadata={
            "qa_score": 87,
            "sentiment": "negative",
            "categories": ["billing"],
            "summary": "Customer disputed a fee.",
            "language": "en",
        },
    )
    assert snake.source_annotations == ["categories", "qa_score", "sentiment", "summary"]
    assert snake.annotation_fields["qa_score"] == ["metadata.qa_score"]
    title = _canonical(tmp_path, metadata={"QA Score": 91, "Predicted CSAT": 4.2, "Churn Risk": 0.1, "CSAT": 5})
    assert title.source_annotations == ["churn_risk", "csat", "predicted_csat", "qa_score"]
    nested = _canonical(
        tmp_path,
        metadata={
            "analytics": {"quality": {"score": 77}, "sentiment": {"overall": "neutral"}},
            "predictions": {"csat": 3.9},
        },
    )
    assert nested.source_annotations == ["predicted_csat", "qa_score", "sentiment"]
    assert nested.annotation_fields["qa_score"] == ["metadata.analytics.quality"]


def test_empty_values_and_unrelated_fields_carry_nothing(tmp_path):
    conversation = _canonical(
        tmp_path, metadata={"qa_score": None, "sentiment": "", "categories": [], "score": 9, "language": "en"}
    )
    assert conversation.source_annotations == []


def test_canonical_top_level_list_and_turn_metadata_still_count(tmp_path):
    turns = [dict(TURNS[0]), dict(TURNS[1], metadata={"sentiment": -0.4})]
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps({"conversation_id": "c-9", "turns": turns, "source_annotations": ["categories"], "qaScore": 80})
        + "\n",
        encoding="utf-8",
    )
    conversation = read_one(path)
    assert conversation.source_annotations == ["categories", "qa_score", "sentiment"]
    assert conversation.annotation_fields["sentiment"] == ["turns[].metadata.sentiment"]
    assert conversation.annotation_fields["qa_score"] == ["record.qaScore"]


def test_csv_survey_and_prediction_columns_are_not_qa(tmp_path):
    path = tmp_path / "turns.csv"
    path.write_text(
        "conversation_id,speaker,text,CSAT Score,NPS score,Churn Score,Sentiment Score\n"
        "c-1,agent,Hello there,4,9,0.2,0.5\nc-1,customer,Hi I need help,4,9,0.2,-0.3\n",
        encoding="utf-8",
    )
    conversation = read_one(path)
    assert conversation.source_annotations == ["churn_risk", "csat", "nps", "sentiment"]
    assert "qa_score" not in conversation.source_annotations
    assert conversation.annotation_fields["csat"][0] == "column:CSAT Score"


def test_csv_qa_column_counts_only_where_it_has_a_value(tmp_path):
    path = tmp_path / "turns.csv"
    path.write_text(
        "conversation_id,speaker,text,QA Score\nc-1,agent,Hello,88\nc-1,customer,Hi,88\n"
        "c-2,agent,Hello,\nc-2,customer,Hi,\n",
        encoding="utf-8",
    )
    by_id = {c.conversation_id: c for c in read_all(path)[0]}
    assert by_id["c-1"].source_annotations == ["qa_score"] and by_id["c-2"].source_annotations == []


def test_text_header_analytics(tmp_path):
    path = tmp_path / "call.txt"
    path.write_text(
        "Conversation ID: t-1\nQA Score: 92\nSentiment: positive\nSummary: Card replaced.\n"
        "Churn risk: 0.3\n\nAgent: Thanks for calling.\nCustomer: My card is lost.\n",
        encoding="utf-8",
    )
    conversation = read_one(path)
    assert conversation.source_annotations == ["churn_risk", "qa_score", "sentiment", "summary"]
    assert conversation.metadata["qa_score"] == "92"


def test_vendor_formats_record_the_field_each_annotation_came_from(fixtures):
    call = read_one(fixtures / "call_analytics.json")
    assert call.annotation_fields["categories"][0] == "Categories.MatchedCategories"
    assert "Transcript[].Sentiment" in call.annotation_fields["sentiment"]
    genesys = read_one(fixtures / "genesys_call.json")
    assert genesys.annotation_fields["sentiment"][0] == "transcripts[].analytics.sentiment"


@pytest.mark.parametrize(
    "text",
    [
        "my card is [PII]",
        "name [CUSTOMER_NAME]",
        "call me on XXXX",
        "acct ####1234",
        "it's ███",
        "sent to {{PII}}",
        "<redacted>",
        "[name] here",
        "card ****1234",
        "[PERSON_2] called",
        "[CREDIT_CARD_NUMBER]",
    ],
)
def test_redaction_markers(text):
    assert has_redaction_marker(text)


@pytest.mark.parametrize(
    "text",
    [
        "[inaudible] sorry",
        "[crosstalk]",
        "[MUSIC]",
        "you're #3 in the queue",
        "hold on xx",
        "[laughter] yes",
        "press * to go back",
    ],
)
def test_transcription_tags_are_not_redaction(text):
    assert not has_redaction_marker(text)


def test_one_marker_rule_feeds_ingest_and_redact(tmp_path):
    conversation = _canonical(tmp_path, turns=[{"speaker": "customer", "text": "my name is [CUSTOMER_NAME]"}])
    assert conversation.source_annotations == ["redaction"]
    assert conversation.annotation_fields["redaction"] == ["turn text (redaction markers)"]


def test_field_names_that_look_personal_are_masked(tmp_path):
    conversation = _canonical(
        tmp_path, metadata={"sentiment for jane.doe@example.com": "negative", "qa score 4111111111111111": 80}
    )
    recorded = [field for fields in conversation.annotation_fields.values() for field in fields]
    assert recorded and not any("@" in f or "4111" in f for f in recorded)
