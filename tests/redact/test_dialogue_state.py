"""Values the dialogue solicits: numbers read a group per turn, names and answers given by position.

Calls here are written the way callers talk (backchannels, holds, corrections, read-backs), and
each test asserts what a reader of the redacted transcript can still see.
"""

import re

import pytest

from cxmaturity.redact.names import is_everyday_word, is_given_name, is_name_word, is_surname
from cxmaturity.redact.solicited import asked_types
from cxmaturity.redact.spoken import view_of


def _redact(redactor, turns):
    out = redactor.redact_conversation([speaker for speaker, _ in turns], [text for _, text in turns])
    return [result.text for result in out]


def _digits_left(texts):
    return "".join(run.digits for text in texts for run in view_of(text).runs)


def test_card_read_a_group_per_turn_with_backchannels_prompts_and_a_correction(redactor):
    turns = [
        ("agent", "ok whenever you're ready, the card number please"),
        ("customer", "right it's five three five five"),
        ("agent", "uh huh"),
        ("customer", "oh double two four"),
        ("agent", "yep and the next four"),
        ("customer", "seven seven nine no sorry seven seven eight oh"),
        ("agent", "so seven seven eight oh, ok, carry on"),
        ("customer", "one two three six"),
        ("agent", "thank you, is that a visa or mastercard"),
        ("customer", "mastercard"),
    ]
    out = _redact(redactor, turns)
    assert out[4] == "yep and the next four"  # the prompt's "four" is not a digit of the card
    assert _digits_left(out[:4] + out[5:]) == ""
    assert out[1] == "right it's [CREDIT_CARD]"
    assert out[6] == "so [CREDIT_CARD], ok, carry on"
    assert out[9] == "mastercard"


def test_sort_code_in_pairs_and_account_number_in_halves(redactor):
    turns = [
        ("agent", "can I have the sort code and then the account number"),
        ("customer", "forty"),
        ("customer", "twelve"),
        ("customer", "oh nine"),
        ("agent", "mm hm"),
        ("customer", "and the account is three one oh eight"),
        ("customer", "double four six two"),
    ]
    out = _redact(redactor, turns)
    assert _digits_left(out) == ""
    assert all("[ACCOUNT_NUMBER]" in text for text in out[1:4] + out[5:])


def test_mobile_number_over_three_turns_after_a_hold(redactor):
    turns = [
        ("bot", "What's the best number to reach you on?"),
        ("customer", "hang on it's a new phone"),
        ("customer", "oh seven seven"),
        ("customer", "double oh nine"),
        ("customer", "four one two three six"),
    ]
    out = _redact(redactor, turns)
    assert _digits_left(out) == ""
    assert out[1] == "hang on it's a new phone"


def test_card_volunteered_over_turns_without_a_question(redactor):
    turns = [
        ("customer", "i want to pay with a different card, it's four nine one two"),
        ("agent", "okay"),
        ("customer", "three three eight eight"),
        ("customer", "oh two five five"),
        ("customer", "six eight one four"),
    ]
    out = _redact(redactor, turns)
    assert _digits_left(out) == ""


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("can i take your full name please", "oluwaseun adeyemi", "[PERSON]"),
        ("who am I speaking with today?", "yeah it's nguyen thi thu", "yeah it's [PERSON]"),
        ("and the surname?", "wojciechowska", "[PERSON]"),
        ("what name is the account under", "it's under siddharth rao", "it's under [PERSON]"),
        ("and your first name", "will", "[PERSON]"),
        ("the name on the card please", "mrs esperanza villalobos thanks", "mrs [PERSON] thanks"),
        ("could you spell the surname for me", "o k o n k w o", "[PERSON]"),
    ],
)
def test_name_given_in_answer_is_redacted_whatever_the_name(redactor, question, answer, expected):
    out = _redact(redactor, [("agent", question), ("customer", answer)])
    assert out[1] == expected


@pytest.mark.parametrize(
    "answer",
    ["it's for my husband actually", "sorry what was that", "hang on", "yes"],
)
def test_reply_without_a_name_keeps_its_words(redactor, answer):
    out = _redact(redactor, [("agent", "can i take your name please"), ("customer", answer)])
    assert out[1] == answer


def test_security_answer_date_of_birth_and_postcode_by_position(redactor):
    turns = [
        ("agent", "for security what's your mother's maiden name"),
        ("customer", "it's fitzgerald"),
        ("agent", "thanks and your date of birth"),
        ("customer", "the third of november nineteen seventy one"),
        ("agent", "and the postcode on the account"),
        ("customer", "l s six"),
        ("agent", "mm hm"),
        ("customer", "two t x"),
    ]
    out = _redact(redactor, turns)
    assert out[1] == "it's [SECURITY_ANSWER]"
    assert out[3] in ("the [DATE_OF_BIRTH]", "[DATE_OF_BIRTH]")
    assert out[5] == "[POSTCODE]" and out[7] == "[POSTCODE]"


def test_ordinary_numbers_stay_after_the_topic_moves_on(redactor):
    turns = [
        ("agent", "and the order number"),
        ("customer", "seven seven two one nine four"),
        ("agent", "thanks, I can see the order, it was dispatched on the fourth and it's due tomorrow"),
        ("customer", "yeah i ordered two of them and paid forty nine ninety nine"),
        ("ivr", "press one for billing or press two for anything else"),
        ("customer", "two"),
        ("agent", "the engineer can come at half past three, it takes about forty five minutes"),
        ("customer", "twenty past four would be better"),
    ]
    out = _redact(redactor, turns)
    assert out[1] == "[ACCOUNT_NUMBER]"
    assert out[2:] == [text for _, text in turns[2:]]


def test_read_back_and_new_question_in_one_agent_turn(redactor):
    turns = [
        ("agent", "your policy number please"),
        ("customer", "it's h x two two"),
        ("customer", "nine oh four one"),
        ("agent", "that's nine oh four one, and the expiry on the card you're paying with"),
        ("customer", "oh six twenty nine"),
    ]
    out = _redact(redactor, turns)
    assert _digits_left(out) == ""
    assert out[3].startswith("that's [ACCOUNT_NUMBER], and the expiry")
    assert out[4] == "[CARD_EXPIRY]"


def test_name_lists_cover_many_cultures_and_know_everyday_words():
    for given in ("kwabena", "siobhan", "oluwaseun", "thanh", "agnieszka", "esperanza", "tariq"):
        assert is_given_name(given), given
    for family in ("nguyen", "okafor", "kowalski", "mensah", "yilmaz", "fitzgerald"):
        assert is_surname(family), family
    for word in ("will", "long", "cash", "post", "grace", "can", "hope", "bill"):
        assert is_everyday_word(word) and not is_name_word(word), word


def test_multi_cultural_full_name_without_a_cue(redactor):
    out = _redact(redactor, [("customer", "i already spoke to kwabena asante about this yesterday")])
    assert out[0] == "i already spoke to [PERSON] about this yesterday"
    out = _redact(redactor, [("customer", "there's a grace period and the price will rise by ten percent")])
    assert out[0] == "there's a grace period and the price will rise by ten percent"


def test_what_questions_ask_for():
    assert asked_types("and the last four of the card") == ["CREDIT_CARD"]
    assert asked_types("can I take the name on the account") == ["PERSON"]
    assert asked_types("what's your mother's maiden name") == ["SECURITY_ANSWER"]
    assert asked_types("how many items were in the order") == []
    assert not re.search("PERSON", " ".join(asked_types("what's the account number")))


def test_a_name_heard_once_is_redacted_where_it_recurs(redactor):
    turns = [
        ("agent", "who am i speaking with today"),
        ("customer", "it's oluwadamilare"),
        ("agent", "lovely, bear with me a moment"),
        ("agent", "right, that's all sorted, thanks for calling oluwadamilare, have a good evening"),
    ]
    out = _redact(redactor, turns)
    assert out[1] == "it's [PERSON]"
    assert out[3] == "right, that's all sorted, thanks for calling [PERSON], have a good evening"


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        (
            "may I take your full name",
            "last name castellanos first name itzel",
            "last name [PERSON] first name [PERSON]",
        ),
        ("who uh am i speaking with", "surname's abubakar and then halima", "surname's [PERSON] and then [PERSON]"),
        ("and the cardholder's name", "it's my husband's card tendai moyo", "it's my husband's card [PERSON]"),
    ],
)
def test_name_answers_in_parts(redactor, question, answer, expected):
    assert _redact(redactor, [("agent", question), ("customer", answer)])[1] == expected


def test_references_announced_by_either_side(redactor):
    turns = [
        ("customer", "oh and my booking reference is k seven r"),
        ("agent", "mm hm"),
        ("customer", "double two x"),
        ("agent", "found it. If you need to call back, your reference for that is QTR8812Z"),
    ]
    out = _redact(redactor, turns)
    assert out[0] == "oh and my booking reference is [ACCOUNT_NUMBER]"
    assert out[2] == "[ACCOUNT_NUMBER]"
    assert out[3].endswith("your reference for that is [ACCOUNT_NUMBER]")


def test_expiry_and_address_said_in_words(redactor):
    turns = [
        ("agent", "and when does the card expire"),
        ("customer", "um september slash twenty twenty eight"),
        ("agent", "and the new address please"),
        ("customer", "it's forty two larkspur crescent harrogate h g one four r t"),
    ]
    out = _redact(redactor, turns)
    assert out[1] == "um [CARD_EXPIRY]"
    assert out[3] == "it's [ADDRESS] [POSTCODE]"


def test_possible_number_after_call_me_on(redactor):
    out = _redact(redactor, [("customer", "you can ring me back on 0114 749 6520 after five")])
    assert out[0] == "you can ring me back on [PHONE_NUMBER] after five"


def test_backchannels_are_not_analysed_but_keep_their_words(redactor):
    out = _redact(redactor, [("agent", "mm hm"), ("customer", "okay go on"), ("agent", "")])
    assert out == ["mm hm", "okay go on", ""]


def test_no_raw_text_is_kept_after_a_batch(redactor):
    """More in test_raw_text.py: the views, spaCy's vocabulary, failures."""
    redactor.redact_conversation(["customer"], ["my card is four one one one, one one one one, one one one one"])
    redactor.redact_texts(["call me on 07700 900123"])
    assert len(redactor.spoken_views) == 0
    assert not hasattr(view_of, "cache_info")  # no module-level cache of turn text
