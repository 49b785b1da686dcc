"""Gaps the sample data exposed, pinned with differently worded turns.

Bare answers typed by the agent's question, spelled postcodes, references with letter prefixes,
ZIPs after a state name, and the company names and contractions that must stay readable.
"""

import pytest

from cxmaturity.redact.engine import Entity, resolve_overlaps, whole_tokens
from cxmaturity.redact.solicited import asked_types


def _redact(redactor, turns):
    speakers = [speaker for speaker, _ in turns]
    texts = [text for _, text in turns]
    return [r.text for r in redactor.redact_conversation(speakers, texts)]


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("last bit, the three digit number on the back please", "double six two", "[CARD_CVV]"),
        ("it's amex so the four digit code on the front", "treble one eight", "[CARD_CVV]"),
        ("and when's the expiration date", "oh four twenty nine", "[CARD_EXPIRY]"),
        ("read me the passcode we just texted you", "seven seven one oh four two", "[PIN]"),
        ("what's the membership number on the card", "p x four four two nine one oh three", "[ACCOUNT_NUMBER]"),
    ],
)
def test_bare_answer_is_typed_by_the_question(redactor, question, answer, expected):
    out = _redact(redactor, [("agent", question), ("customer", answer)])
    assert out[1] == expected


def test_bare_digits_without_a_question_are_left(redactor):
    out = _redact(redactor, [("agent", "is there anything else today"), ("customer", "double six two")])
    assert out[1] == "double six two"


def test_question_types_and_amounts():
    assert asked_types("and the mobile number on your account?") == ["PHONE_NUMBER"]
    assert asked_types("can I take your sort code, account number and date of birth?") == [
        "ACCOUNT_NUMBER",
        "DATE_OF_BIRTH",
    ]
    assert asked_types("how are you today?") == []


def test_amount_after_a_security_question_is_not_a_code(redactor):
    out = _redact(
        redactor, [("agent", "and the security code on the back?"), ("customer", "hang on, is it the 250 pounds one?")]
    )
    assert "250 pounds" in out[1]


@pytest.mark.parametrize(
    "spelled",
    ["n e twelve seven h q", "s o fifteen two b w", "w r eleven three d u", "p o seven five a z"],
)
def test_spelled_postcode(redactor, spelled):
    out = _redact(redactor, [("agent", "and the postcode please"), ("customer", f"it's {spelled} thanks")])
    assert out[1] == "it's [POSTCODE] thanks"


@pytest.mark.parametrize(
    "reference",
    ["LM-CAR-4410-9921", "CLM-2027-551203", "SK-88120455", "hm-pet-2231-0098"],
)
def test_prefixed_reference_is_one_account_number(redactor, reference):
    out = _redact(redactor, [("agent", f"Your claim reference is {reference}, keep hold of that.")])
    assert out[0] == "Your claim reference is [ACCOUNT_NUMBER], keep hold of that."


def test_coded_reference_keeps_no_prefix(redactor):
    out = _redact(redactor, [("agent", "Tracking number PKG 4471 0093 2210 for the replacement.")])
    assert out[0] == "Tracking number [ACCOUNT_NUMBER] for the replacement."


def test_zip_after_full_state_name(redactor):
    out = _redact(redactor, [("customer", "We're at 55 Cedar Street, Tucson, Arizona 85701 now.")])
    assert "85701" not in out[0] and "Tucson, Arizona [POSTCODE]" in out[0]


def test_sort_code_is_an_account_number_not_a_date(redactor):
    out = _redact(redactor, [("agent", "and the sort code?"), ("customer", "sort code 30-91-57")])
    assert out[1] == "sort code [ACCOUNT_NUMBER]"


def test_unissued_ni_prefix_still_redacted_with_context(redactor):
    out = _redact(redactor, [("customer", "my national insurance number is QQ 44 81 02 A")])
    assert out[0] == "my national insurance number is [UK_NINO]"


def test_spoken_plus_international_number(redactor):
    out = _redact(redactor, [("customer", "they rang from plus three three one four two six eight five five two one")])
    assert out[0] == "they rang from [PHONE_NUMBER]"


@pytest.mark.parametrize(
    "text",
    [
        "Thank you for calling Lakeside Mutual claims, how can I help?",
        "Hi, I've had a problem with the boiler since Sunday.",
        "You can say no and I'll still book the visit.",
        "It's Friday and I've still heard nothing.",
        "Apple Pay and Google Pay both fail.",
        "Hi! I'm the Fernbrook assistant. What do you need?",
    ],
)
def test_no_person_in_company_names_and_contractions(redactor, text):
    assert _redact(redactor, [("agent", text)])[0] == text


def test_company_from_conversation_is_kept_but_names_are_not(redactor):
    out = _redact(
        redactor,
        [
            ("agent", "Thanks for calling Fernbrook, Oona speaking."),
            ("customer", "Hi Oona, I'm leaving Fernbrook for Octopus, sorry."),
        ],
    )
    assert out[0] == "Thanks for calling Fernbrook, [PERSON] speaking."
    assert out[1] == "Hi [PERSON], I'm leaving Fernbrook for Octopus, sorry."


def test_lowercase_name_then_common_word_is_not_a_surname(redactor):
    out = _redact(redactor, [("agent", "you're through to gemma calls are recorded for training")])
    assert out[0] == "you're through to [PERSON] calls are recorded for training"


def test_spoken_email_never_takes_part_of_its_word(redactor):
    out = _redact(redactor, [("customer", "it's r dot patel at outlook dot com")])
    assert out[0] == "it's [EMAIL_ADDRESS]"


def test_person_span_cutting_a_token_is_dropped_and_others_widen():
    text = "It's HM-POL-7781-2290."
    person = Entity("PERSON", 5, 7, 0.85)
    phone = Entity("PHONE_NUMBER", 12, 21, 0.7)
    kept = whole_tokens(text, [person, phone])
    assert kept == [Entity("PHONE_NUMBER", 5, 21, 0.7)]


def test_overlapping_findings_redact_their_union():
    merged = resolve_overlaps([Entity("DATE_OF_BIRTH", 5, 23, 0.55), Entity("ACCOUNT_NUMBER", 19, 23, 0.85)])
    assert merged == [Entity("ACCOUNT_NUMBER", 5, 23, 0.85)]
