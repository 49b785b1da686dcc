"""Each recognizer on realistic positives and the known negatives, through the real engine."""

import pytest


def types_in(redactor, text):
    return redactor.redact_texts([text])[0].types


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my card number is 4111 1111 1111 1111", "CREDIT_CARD"),
        ("yeah it's four five three two, double one four six, seven eight nine oh, one two three six", None),
        ("it's four one one one one one one one one one one one one one one one", "CREDIT_CARD"),
        ("um 4 1 1 one 1 1 1 1 1 1 1 1 1 1 1 1 is the card", "CREDIT_CARD"),
        ("expiry date 09/27, security code 123", "CARD_EXPIRY"),
        ("the security code on the back is four five six", "CARD_CVV"),
        ("call me on 07911 123456", "PHONE_NUMBER"),
        ("my mobile is oh seven nine one one, one two three four five six", "PHONE_NUMBER"),
        ("phone: +1 212 734 0198", "PHONE_NUMBER"),
        ("email is john.smith@gmail.com", "EMAIL_ADDRESS"),
        ("my email is john dot smith at gmail dot com", "EMAIL_ADDRESS"),
        ("yeah it's sarah underscore patel at hotmail dot co dot uk", "EMAIL_ADDRESS"),
        ("my social is 123-45-6789", "US_SSN"),
        ("social security number one two three four five six seven eight nine", "US_SSN"),
        ("NI number: AB 12 34 56 C", "UK_NINO"),
        ("my national insurance number is a b one two three four five six c", "UK_NINO"),
        ("Please refund to IBAN GB82 WEST 1234 5698 7654 32", "IBAN_CODE"),
        ("my policy number is POL-448812", "ACCOUNT_NUMBER"),
        ("order number four four nine two oh one eight three", "ACCOUNT_NUMBER"),
        ("date of birth is the fifth of may nineteen eighty five", "DATE_OF_BIRTH"),
        ("DOB 12/05/1985", "DATE_OF_BIRTH"),
        ("i live at twenty two baker street", "ADDRESS"),
        ("postcode SW1A 1AA", "POSTCODE"),
        ("the postcode is s w one a one a a", "POSTCODE"),
        ("hi my name is john smith i'm calling about my bill", "PERSON"),
        ("thank you for calling you're speaking with priya how can i help", "PERSON"),
        ("Hi, my name is David Okonkwo, how can I help today?", "PERSON"),
    ],
)
def test_positives(redactor, text, expected):
    if expected is None:  # invalid Luhn: not a card
        assert "CREDIT_CARD" not in types_in(redactor, text)
    else:
        assert expected in types_in(redactor, text)


@pytest.mark.parametrize(
    "text",
    [
        "My PIN isn't working and my SSN card was stolen",
        "I called yesterday and the order arrived today",
        "press 1 for billing press 2 for technical support",
        "I was charged $45.99 twice",
        "Can someone call me back at 3:30pm?",
        "I'm on the Unlimited Max plan, £35 per month",
        "oh okay that makes sense",
        "The router has been down for 3 days",
        "Will this be fixed by May?",
        "the app says error code four oh four",
        "Refunds take 3-5 working days to appear.",
    ],
)
def test_known_false_positives_are_avoided(redactor, text):
    assert types_in(redactor, text) == []


def test_email_is_one_entity_without_url_fragment(redactor):
    result = redactor.redact_texts(["Please send the receipt to jane.doe@outlook.com thanks"])[0]
    assert result.text == "Please send the receipt to [EMAIL_ADDRESS] thanks"


def test_phone_scores_survive_the_threshold(redactor):
    result = redactor.redact_texts(["you can text 07911 123456"])[0]
    assert [e.entity_type for e in result.entities] == ["PHONE_NUMBER"]
    assert result.entities[0].score >= 0.5


def test_dob_needs_birth_context_from_the_previous_turn(redactor):
    results = redactor.redact_conversation(
        ["agent", "customer"],
        ["can you confirm your date of birth", "yeah it's the third of march nineteen seventy two"],
    )
    assert results[1].types == ["DATE_OF_BIRTH"]
    assert redactor.redact_texts(["it arrived on the third of march twenty twenty four"])[0].types == []
