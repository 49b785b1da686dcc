from cxmaturity.redact.spoken import view_of


def test_spoken_digits_collapse_and_map_back_to_the_words():
    text = "it's four one one one, double five triple seven oh two"
    view = view_of(text)
    assert view.text == "it's 41115577702"
    start, end = view.to_original(5, len(view.text))
    assert text[start:end] == "four one one one, double five triple seven oh two"


def test_mixed_digits_and_words_form_one_run():
    assert [r.digits for r in view_of("um 4 1 1 one is the card").runs] == ["4111"]


def test_interjection_oh_is_not_a_zero():
    assert view_of("oh okay that makes sense").runs == ()
    assert view_of("oh, four one one one").runs[0].digits == "4111"


def test_amounts_and_times_are_not_merged():
    assert [r.digits for r in view_of("I paid $45.99 at 10:30").runs] == ["45", "99", "10", "30"]
