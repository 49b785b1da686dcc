"""Conversation-level behaviour: cross-turn read-outs, placeholders."""


def test_card_read_in_chunks_across_turns_is_redacted(redactor):
    speakers = ["agent", "customer", "agent", "customer", "agent", "customer", "agent", "customer", "agent"]
    texts = [
        "can i take the long card number please",
        "four five three two",
        "okay",
        "double one four six",
        "go on",
        "seven eight nine oh",
        "uh huh",
        "one two three oh",  # 4532114678901230 passes Luhn
        "lovely thank you",
    ]
    results = redactor.redact_conversation(speakers, texts)
    assert [r.text for r in results][1::2] == ["[CREDIT_CARD]"] * 4
    assert results[2].text == "okay" and results[8].text == "lovely thank you"


def test_bare_chunks_that_fail_luhn_are_an_identifier_not_a_card(redactor):
    speakers = ["customer", "agent", "customer", "agent", "customer", "agent", "customer"]
    texts = [
        "four five three two",
        "okay",
        "double one four six",
        "go on",
        "seven eight nine oh",
        "yep",
        "one two three four",
    ]
    results = redactor.redact_conversation(speakers, texts)
    assert all("CREDIT_CARD" not in r.types for r in results)
    assert [r.text for r in results[::2]] == ["[ACCOUNT_NUMBER]"] * 4


def test_phone_read_in_two_chunks(redactor):
    results = redactor.redact_conversation(
        ["agent", "customer", "agent", "customer"],
        ["could i take a contact number", "yeah it's oh seven nine one one", "okay", "one two three four five six"],
    )
    assert results[1].text == "yeah it's [PHONE_NUMBER]" and results[3].text == "[PHONE_NUMBER]"


def test_consistent_placeholders_number_each_value(consistent_redactor):
    results = consistent_redactor.redact_conversation(
        ["customer", "agent", "customer"],
        ["hi my name is john smith", "thanks john smith, and your colleague?", "it was priya who helped me"],
    )
    assert results[0].text == "hi my name is [PERSON_1]"
    assert results[1].text.startswith("thanks [PERSON_1]")
    assert "[PERSON_2]" in results[2].text


def test_typed_placeholders_and_offsets(redactor):
    text = "email is john.smith@gmail.com and mobile 07911 123456"
    result = redactor.redact_texts([text])[0]
    assert result.text == "email is [EMAIL_ADDRESS] and mobile [PHONE_NUMBER]"
    assert [text[e.start : e.end] for e in result.entities] == ["john.smith@gmail.com", "07911 123456"]
