"""The taxonomy file: loads, maps every fine intent, and rejects broken edits with the file named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmaturity.classify.datasets import OWN_INTENT_FILE, load_own_intents
from cxmaturity.classify.taxonomy import DEFAULT_TAXONOMY, OTHER, load_taxonomy

BANKING77_CATEGORIES = Path(__file__).resolve().parents[3] / "shared" / "data" / "banking77" / "categories.json"
REQUIRED_COARSE = {
    "billing",
    "payments",
    "cancellation",
    "technical_support",
    "orders_delivery",
    "returns_refunds",
    "appointments",
    "bookings",
    "claims",
    "moving_home",
    "bereavement",
    "account_access",
    "complaints",
    "sales_upgrade",
    "information_request",
    OTHER,
}
CLINC150 = BANKING77_CATEGORIES.parents[1] / "clinc150" / "data_train_val.json"


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
    assert {
        "complaints",
        "sales_upgrade",
        "cancellation",
        "orders_delivery",
        "returns_refunds",
        "appointments",
        "bookings",
        "claims",
        "moving_home",
        "bereavement",
    } <= covered
    assert own.groupby("label").size().loc[["moving_home", "account_holder_deceased", "make_claim"]].min() >= 45


def test_every_clinc150_intent_is_a_contact_reason_or_listed_as_none():
    if not CLINC150.exists():
        pytest.skip("shared CLINC150 data not present")
    from cxmaturity.classify.datasets import load_clinc150

    taxonomy = load_taxonomy()
    frame = load_clinc150(CLINC150.parents[1], taxonomy)
    coarse = {intent: taxonomy.coarse(fine) for intent, fine in zip(frame["clinc_intent"], frame["label"], strict=True)}
    assert len(coarse) == 151  # 150 intents + oos
    assert coarse["oos"] == coarse["weather"] == coarse["greeting"] == coarse["recipe"] == OTHER
    assert coarse["book_flight"] == "bookings" and coarse["lost_luggage"] == "claims"
    assert coarse["report_fraud"] == "fraud_security" and coarse["schedule_maintenance"] == "appointments"
    assert set(frame.loc[frame["clinc_intent"] == "pin_change", "label"]) == {"change_pin"}  # an alias
    assert {s: int(n) for s, n in frame.groupby("split").size().items()} == {
        "train": 15000,
        "val": 3000,
        "oos_train": 100,
        "oos_val": 100,
    }


def test_a_clinc150_intent_the_taxonomy_forgot_is_an_error_naming_it(tmp_path):
    if not CLINC150.exists():
        pytest.skip("shared CLINC150 data not present")
    from cxmaturity.classify.datasets import load_clinc150

    forgetful = tmp_path / "forgetful.yaml"
    forgetful.write_text(DEFAULT_TAXONOMY.read_text().replace("  lost_luggage: claims\n", ""))
    with pytest.raises(ValueError, match="forgetful.yaml.*lost_luggage"):
        load_clinc150(CLINC150.parents[1], load_taxonomy(forgetful))


def test_a_fine_intent_both_a_reason_and_none_is_rejected(tmp_path):
    both = tmp_path / "both.yaml"
    both.write_text(
        DEFAULT_TAXONOMY.read_text().replace("no_contact_reason: [", "no_contact_reason: [\n  book_flight,")
    )
    with pytest.raises(ValueError, match="both.yaml.*book_flight"):
        load_taxonomy(both)


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


def test_taxonomy_problems_are_config_errors(tmp_path):
    """A centre's taxonomy copy is configuration: its problems are `ConfigError`s (still `ValueError`s, and a
    missing file still a `FileNotFoundError`)."""
    from cxmaturity.errors import ConfigError

    missing = tmp_path / "missing.yaml"
    with pytest.raises(ConfigError) as info:
        load_taxonomy(missing)
    assert isinstance(info.value, FileNotFoundError)
    not_mapping = tmp_path / "flat.yaml"
    not_mapping.write_text("intents:\n  billing: money things\n")
    with pytest.raises(ConfigError, match=r"flat\.yaml: intents \['billing'\] must each be a mapping"):
        load_taxonomy(not_mapping)
    bad_queues = tmp_path / "queues.yaml"
    bad_queues.write_text("intents:\n  billing: {description: x}\nqueues: [billing]\n")
    with pytest.raises(ConfigError, match=r"queues\.yaml: queues must be a mapping"):
        load_taxonomy(bad_queues)
