"""The taxonomy file: loads, maps every fine intent, and rejects broken edits with the file named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmaturity.classify.datasets import OWN_INTENT_FILE, load_own_intents
from cxmaturity.classify.taxonomy import DEFAULT_TAXONOMY, OTHER, load_taxonomy

BANKING77_CATEGORIES = Path(__file__).resolve().parents[3] / "shared" / "data" / "banking77" / "categories.json"
REQUIRED_COARSE = {
    "billing", "payments", "cancellation", "technical_support", "orders_delivery",
    "account_access", "complaints", "sales_upgrade", "information_request", OTHER,
}


def test_default_taxonomy_has_the_contact_centre_reasons_with_descriptions():
    taxonomy = load_taxonomy()
    assert REQUIRED_COARSE <= set(taxonomy.intents)
    assert all(len(description) > 20 for description in taxonomy.intents.values())
    assert 0 < taxonomy.other_threshold < 1


def test_all_77_banking77_intents_are_mapped():
    if not BANKING77_CATEGORIES.exists():
        pytest.skip("shared Banking77 data not present")
    categories = json.loads(BANKING77_CATEGORIES.read_text())
    taxonomy = load_taxonomy()
    assert len(categories) == 77
    assert [c for c in categories if c not in taxonomy.fine_to_coarse] == []
    assert taxonomy.coarse("terminate_account") == "cancellation"
    assert taxonomy.coarse("lost_or_stolen_card") == "fraud_security"


def test_own_fine_intents_are_mapped_and_cover_complaints_and_sales():
    taxonomy = load_taxonomy()
    own = load_own_intents()
    assert set(own["label"]) <= set(taxonomy.fine_to_coarse), OWN_INTENT_FILE
    covered = {taxonomy.coarse(label) for label in own["label"]}
    assert {"complaints", "sales_upgrade", "cancellation", "orders_delivery"} <= covered


def test_queue_mapping_and_unknown_fine_intent():
    taxonomy = load_taxonomy()
    assert taxonomy.intent_for_queue("Retentions") == "cancellation"
    assert taxonomy.intent_for_queue("No Such Queue") is None
    assert taxonomy.coarse("not_a_fine_intent") == OTHER


def test_centre_copy_with_a_bad_mapping_is_rejected_naming_the_file(tmp_path):
    text = DEFAULT_TAXONOMY.read_text().replace("terminate_account: cancellation", "terminate_account: churn_typo")
    broken = tmp_path / "my_taxonomy.yaml"
    broken.write_text(text)
    with pytest.raises(ValueError, match="my_taxonomy.yaml.*churn_typo"):
        load_taxonomy(broken)
    with pytest.raises(FileNotFoundError, match="missing.yaml"):
        load_taxonomy(tmp_path / "missing.yaml")
