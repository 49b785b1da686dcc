"""Each signal fires on a conversation written to show it, and not on one written without it.

The "without" conversations are near misses where that is the realistic risk: the same words
from the wrong speaker, a similar phrase that means something else, a short pause.
"""

from __future__ import annotations

import json

import pytest

from cxmaturity.model import Conversation, Turn
from cxmaturity.signals.stage import SIGNAL_COLUMNS, SignalsStage


@pytest.fixture(scope="module")
def stage() -> SignalsStage:
    return SignalsStage()


def chat(*lines: tuple[str, str], direction: str | None = "inbound", channel: str = "chat") -> Conversation:
    return Conversation("t", [Turn(speaker, text) for speaker, text in lines], channel=channel, direction=direction)


def run(stage: SignalsStage, conversation: Conversation) -> dict:
    return stage(conversation).call


def fired(call: dict, signal: str) -> list[int]:
    return json.loads(call["signal_turns"]).get(signal, [])


# signal -> (conversation showing it, conversation without it)
PHRASE_CASES: dict[str, tuple[Conversation, Conversation]] = {
    "greeting": (
        chat(
            ("agent", "Good morning, thank you for calling Northwind Energy, my name is [PERSON]. How can I help?"),
            ("customer", "Hi, I have a question about my bill."),
        ),
        chat(
            ("agent", "Account number?"),
            ("customer", "It's [ACCOUNT_NUMBER]."),
            ("agent", "Okay. What's the question?"),
        ),
    ),
    "empathy": (
        chat(
            ("customer", "My card was declined at the pharmacy and I had to leave my medicine."),
            ("agent", "I'm so sorry to hear that, that must be really frustrating. Let's look at it."),
        ),
        chat(
            ("customer", "I understand the fee, I just want the statement."),
            ("agent", "The statement has been emailed to [EMAIL_ADDRESS]."),
        ),
    ),
    "ownership": (
        chat(
            ("customer", "Nobody has called me back about the broken router."),
            ("agent", "I'll take care of this myself and I will follow up with you on Friday."),
        ),
        chat(
            ("customer", "Nobody has called me back about the broken router."),
            ("agent", "You need to contact the technical team, their number is on the website."),
        ),
    ),
    "closing": (
        chat(
            ("customer", "Thanks, that's what I needed."),
            ("agent", "Great. Is there anything else I can help you with today?"),
            ("customer", "No, that's all."),
            ("agent", "Thanks for calling, have a great day."),
        ),
        chat(("customer", "Can you send the form?"), ("agent", "Sent."), ("customer", "Ok.")),
    ),
    "escalation_requested": (
        chat(("agent", "I can't refund that fee."), ("customer", "Then I want to speak to your supervisor right now.")),
        chat(("agent", "My supervisor approved the refund this morning."), ("customer", "Great, thank you.")),
    ),
    "survey_offered": (
        chat(
            ("agent", "Before you go, please stay on the line to rate this call in a short survey."),
            ("customer", "Sure."),
        ),
        chat(("agent", "Your payment has been processed."), ("customer", "Thanks.")),
    ),
    "disclosure_given": (
        chat(
            ("ivr", "Welcome. This call may be recorded for quality and training purposes."),
            ("agent", "Hello, how can I help?"),
        ),
        chat(("customer", "Are you recording this?"), ("agent", "Let me help you with your order first.")),
    ),
    "identity_verified": (
        chat(
            ("agent", "Before I go into the account, can you confirm your date of birth for security purposes?"),
            ("customer", "It's [DATE_TIME]."),
            ("agent", "Thank you, you've been verified."),
        ),
        chat(("agent", "Our opening hours are nine to five."), ("customer", "Thanks.")),
    ),
    "wait_complaint": (
        chat(
            ("customer", "I've been on hold for 45 minutes just to get through to someone!"),
            ("agent", "I'm sorry about that."),
        ),
        chat(("agent", "Could you wait a second while I pull that up?"), ("customer", "Sure, no problem.")),
    ),
    "cancellation_mention": (
        chat(
            ("customer", "Honestly I want to cancel my contract, this is the third outage this month."),
            ("agent", "I understand."),
        ),
        chat(
            ("agent", "If you like, I can cancel the engineer visit since it's fixed now."), ("customer", "Yes please.")
        ),
    ),
    "competitor_mention": (
        chat(
            ("customer", "Another provider offered me a better deal, so why should I stay?"),
            ("agent", "Let me see what I can do."),
        ),
        chat(("customer", "I'd like to add another line to my plan."), ("agent", "Of course.")),
    ),
    "history_reference": (
        chat(
            ("agent", "I can see you called us on Tuesday about the same leak, I'm sorry it's back."),
            ("customer", "Yes, it's the same one."),
        ),
        chat(("agent", "What seems to be the problem today?"), ("customer", "I called you last week about a leak.")),
    ),
    "proactive_offer": (
        chat(
            ("customer", "That's the payment sorted, thanks."),
            ("agent", "While I have you, I noticed you're eligible for a plan that would save you money."),
        ),
        chat(("customer", "That's the payment sorted, thanks."), ("agent", "You're welcome.")),
    ),
}


@pytest.mark.parametrize("signal", sorted(PHRASE_CASES))
def test_phrase_signal_fires_only_when_shown(stage: SignalsStage, signal: str) -> None:
    showing, without = PHRASE_CASES[signal]
    call = run(stage, showing)
    assert call[signal] is True
    assert fired(call, signal), "the turn it fired on is recorded for evidence"
    assert run(stage, without)[signal] is False


def test_writes_exactly_the_documented_columns(stage: SignalsStage) -> None:
    call = run(stage, chat(("agent", "Hello."), ("customer", "Hi.")))
    assert set(call) == set(SIGNAL_COLUMNS) | {"signal_turns", "signal_model_turns"}
    for name in SIGNAL_COLUMNS:
        if name in ("holds", "transfers"):
            assert isinstance(call[name], int)


def test_phrase_matching_is_case_insensitive_and_lemma_aware(stage: SignalsStage) -> None:
    call = run(stage, chat(("agent", "OK I AM PUTTING YOU ON HOLD NOW."), ("agent", "Back now."), channel="chat"))
    assert call["holds"] == 1


# --- holds ---------------------------------------------------------------------------------
def voice(*turns: tuple[str, str, float, float], **kwargs) -> Conversation:
    return Conversation("v", [Turn(s, t, a, b) for s, t, a, b in turns], channel="voice", **kwargs)


def test_hold_by_phrase(stage: SignalsStage) -> None:
    call = run(
        stage,
        chat(
            ("customer", "Can you check my order?"),
            ("agent", "Sure, let me place you on a brief hold while I check with the warehouse."),
            ("agent", "Thanks for holding, it ships tomorrow."),
        ),
    )
    assert call["holds"] == 1
    assert call["hold_time_s"] is None  # no timestamps: the length is unknown, not zero
    assert run(stage, chat(("customer", "Can you check my order?"), ("agent", "It ships tomorrow.")))["holds"] == 0


def test_hold_by_silence_gap_and_phrase_gap_counted_once(stage: SignalsStage) -> None:
    silent = voice(
        ("customer", "Is my refund through?", 0.0, 3.0),
        ("agent", "Okay.", 3.5, 4.0),
        ("agent", "Right, the refund went out yesterday.", 49.0, 53.0),
    )
    call = run(stage, silent)
    assert call["holds"] == 1 and call["hold_time_s"] == pytest.approx(45.0)
    assert fired(call, "holds") == [1]

    announced = voice(
        ("agent", "Let me put you on hold for a moment.", 0.0, 2.0), ("agent", "Thanks for holding.", 32.0, 33.0)
    )
    call = run(stage, announced)
    assert call["holds"] == 1 and call["hold_time_s"] == pytest.approx(30.0)

    brisk = voice(("customer", "Is my refund through?", 0.0, 3.0), ("agent", "Yes, it went out yesterday.", 5.0, 8.0))
    call = run(stage, brisk)
    assert call["holds"] == 0 and call["hold_time_s"] == 0.0


def test_gap_threshold_is_configurable() -> None:
    conversation = voice(("agent", "Let me check.", 0.0, 1.0), ("agent", "Right, found it.", 13.0, 14.0))
    assert SignalsStage(hold_gap_s=10)(conversation).call["holds"] == 1
    conversation.call.clear()
    assert SignalsStage(hold_gap_s=20)(conversation).call["holds"] == 0


def test_queue_time_before_the_first_agent_is_not_a_hold(stage: SignalsStage) -> None:
    call = run(
        stage,
        voice(
            ("ivr", "Please hold while we connect you.", 0.0, 3.0),
            ("customer", "billing", 4.0, 5.0),
            ("agent", "Hi, billing, how can I help?", 95.0, 98.0),
            ("customer", "I was charged twice.", 99.0, 101.0),
            ("agent", "Sorted, the refund is on its way.", 102.0, 105.0),
        ),
    )
    assert call["holds"] == 0 and call["hold_time_s"] == 0.0


def test_greeting_after_a_bot_hand_off_is_the_agents_greeting(stage: SignalsStage) -> None:
    call = run(
        stage,
        chat(
            ("bot", "Hi, I'm the assistant."),
            ("customer", "I need help with a refund"),
            ("bot", "Can you tell me the order number?"),
            ("customer", "I don't have it"),
            ("bot", "Let me connect you to an agent."),
            ("agent", "Good afternoon, thanks for contacting us, how can I help?"),
        ),
    )
    assert call["greeting"] is True and fired(call, "greeting") == [0, 5]  # the bot greets, then the agent


# --- timing ----------------------------------------------------------------------------------
def test_timing_signals_from_timestamps(stage: SignalsStage) -> None:
    conversation = voice(
        ("ivr", "Welcome to Contoso.", 0.0, 5.0),
        ("agent", "Hi, you're through to billing.", 10.0, 14.0),
        ("customer", "Hi, I was double charged.", 13.0, 18.0),
        ("agent", "Let me fix that.", 18.5, 20.0),
        metadata={"after_call_work_s": 30},
    )
    call = run(stage, conversation)
    assert call["duration_s"] == pytest.approx(20.0)
    assert call["handle_time_s"] == pytest.approx(10.0 + 30.0)  # from the agent's first turn, plus wrap-up
    assert call["talk_ratio"] == pytest.approx(14.5 / 20.0, abs=1e-3)
    assert call["silence_ratio"] == pytest.approx(1 - 14.5 / 20.0, abs=1e-3)
    assert call["agent_talk_share"] == pytest.approx(5.5 / 10.5, abs=1e-3)
    assert call["interruptions"] == 1 and fired(call, "interruptions") == [2]


def test_timing_is_unknown_without_timestamps(stage: SignalsStage) -> None:
    call = run(stage, chat(("agent", "Hello, how can I help?"), ("customer", "My parcel never arrived at all.")))
    assert call["duration_s"] is None and call["talk_ratio"] is None and call["interruptions"] is None
    assert call["customer_talk_share"] == pytest.approx(6 / 11, abs=1e-3)  # by words when there is no timing


# --- transfers ---------------------------------------------------------------------------------
def test_transfer_announced_by_agent(stage: SignalsStage) -> None:
    call = run(
        stage,
        chat(
            ("customer", "I need to change my mortgage payment date."),
            ("agent", "That's the mortgage team, I'll transfer you now."),
        ),
    )
    assert call["transfers"] == 1
    call = run(stage, chat(("customer", "I need to change my payment date."), ("agent", "Done, it's now the 15th.")))
    assert call["transfers"] == 0


def test_transfer_from_agent_change_counts_once_with_its_announcement(stage: SignalsStage) -> None:
    turns = [
        Turn("agent", "Let me transfer you to the fraud team.", metadata={"agent_id": "a-1"}),
        Turn("customer", "Okay."),
        Turn("agent", "Fraud team, how can I help?", metadata={"agent_id": "a-7"}),
        Turn("customer", "Someone used my card."),
        Turn("agent", "I'll block it now.", metadata={"agent_id": "a-7"}),
    ]
    call = run(stage, Conversation("x", turns, channel="chat"))
    assert call["transfers"] == 1
    assert fired(call, "transfers") == [2]


def test_bot_to_agent_handover_is_a_handoff_not_a_transfer_nor_containment(stage: SignalsStage) -> None:
    handed = run(
        stage,
        chat(
            ("bot", "Hi! I'm the virtual assistant. What can I do for you?"),
            ("customer", "I want a human."),
            ("bot", "Let me connect you to an agent."),
            ("agent", "Hi, I'm [PERSON], I can help."),
        ),
    )
    assert handed["transfers"] == 0 and handed["bot_handoffs"] == 1
    assert fired(handed, "bot_handoffs") == [3]
    assert handed["has_bot"] and handed["human_agent_involved"] and not handed["bot_contained"]
    contained = run(
        stage,
        chat(
            ("bot", "Hi! What can I do for you?"),
            ("customer", "What's my balance?"),
            ("bot", "Your balance is [AMOUNT]. Anything else?"),
            ("customer", "No thanks."),
        ),
    )
    assert contained["bot_contained"] and contained["has_bot"] and not contained["human_agent_involved"]
    assert contained["transfers"] == 0 and contained["bot_handoffs"] == 0
    human = run(stage, chat(("agent", "Hello."), ("customer", "Hi.")))
    assert not human["has_bot"] and not human["bot_contained"]


def test_repeat_after_transfer(stage: SignalsStage) -> None:
    repeated = run(
        stage,
        chat(
            ("customer", "My internet drops every evening around eight and the router lights go red."),
            ("agent", "I'll transfer you to technical support."),
            ("agent", "Technical support, what's the issue?"),
            ("customer", "Like I said, my internet drops every evening around eight and the router lights go red."),
        ),
    )
    assert repeated["transfers"] == 1 and repeated["repeat_after_transfer"] is True

    told = run(
        stage,
        chat(
            ("customer", "My bill is wrong."),
            ("agent", "I'll transfer you to billing."),
            ("customer", "Ugh, I already explained this to the last person."),
        ),
    )
    assert told["repeat_after_transfer"] is True

    smooth = run(
        stage,
        chat(
            ("customer", "My internet drops every evening around eight and the router lights go red."),
            ("agent", "I'll transfer you to technical support, I've passed on the details."),
            ("agent", "Hi, I can see the notes about the evening drop-outs."),
            ("customer", "Great, thanks."),
        ),
    )
    assert smooth["transfers"] == 1 and smooth["repeat_after_transfer"] is False


# --- resolution -------------------------------------------------------------------------------
def test_resolved_by_customer_confirmation(stage: SignalsStage) -> None:
    call = run(stage, chat(("agent", "Try restarting the app now."), ("customer", "Oh great, that fixed it!")))
    assert call["resolved"] is True
    call = run(stage, chat(("agent", "Try restarting the app now."), ("customer", "It's still not working.")))
    assert call["resolved"] is False


def test_resolved_by_anything_else_and_positive_close(stage: SignalsStage) -> None:
    call = run(
        stage,
        chat(
            ("agent", "Your new card is on its way. Is there anything else I can help with?"),
            ("customer", "No, that's everything, thanks."),
        ),
    )
    assert call["resolved"] is True


def test_unresolved_after_confirmation_wins(stage: SignalsStage) -> None:
    call = run(
        stage,
        chat(
            ("customer", "That works."),
            ("agent", "Great."),
            ("customer", "Wait, no, it's still not working."),
            ("agent", "Hmm."),
        ),
    )
    assert call["resolved"] is False


def test_positive_close_uses_sentiment_when_present(stage: SignalsStage) -> None:
    conversation = chat(
        ("agent", "The engineer is booked for Monday. Anything else I can do for you?"), ("customer", "Mm, okay.")
    )
    conversation.turns[1].sentiment, conversation.turns[1].sentiment_score = "neutral", 0.1
    assert run(stage, conversation)["resolved"] is True
    negative = chat(
        ("agent", "The engineer is booked for Monday. Anything else I can do for you?"),
        ("customer", "Monday? Seriously."),
    )
    negative.turns[1].sentiment, negative.turns[1].sentiment_score = "negative", -0.7
    assert run(stage, negative)["resolved"] is False


# --- outbound -----------------------------------------------------------------------------------
def test_outbound_proactive(stage: SignalsStage) -> None:
    proactive = chat(
        ("agent", "Hi, it's [PERSON] from Contoso Bank, I'm calling to let you know your card expires next month."),
        ("customer", "Oh, thanks."),
        direction="outbound",
    )
    assert run(stage, proactive)["outbound_proactive"] is True
    inbound = chat(
        ("agent", "Hi, I'm calling to let you know your card expires next month."),
        ("customer", "Oh, thanks."),
        direction="inbound",
    )
    assert run(stage, inbound)["outbound_proactive"] is False
    sales = chat(
        ("agent", "Hi, do you have a minute to hear about our broadband offers?"),
        ("customer", "No."),
        direction="outbound",
    )
    assert run(stage, sales)["outbound_proactive"] is False


def test_speaker_rules_keep_customer_words_out_of_agent_signals(stage: SignalsStage) -> None:
    call = run(
        stage,
        chat(
            ("customer", "I understand, I'm sorry to hear that you can't help."),
            ("customer", "Just transfer me to someone who can."),
            ("agent", "One second."),
        ),
    )
    assert call["empathy"] is False
    assert call["transfers"] == 0


def test_custom_phrase_file(tmp_path) -> None:
    custom = tmp_path / "phrases.yaml"
    from cxmaturity.signals.matching import DEFAULT_PHRASES

    text = DEFAULT_PHRASES.read_text().replace("    brands: []", "    brands: [Fabrikam Mobile]")
    custom.write_text(text)
    stage = SignalsStage(phrases=str(custom))
    call = stage(chat(("customer", "fabrikam mobile will give me twice the data."), ("agent", "Okay."))).call
    assert call["competitor_mention"] is True


def test_handoff_then_agent_transfer_counts_one_of_each(stage: SignalsStage) -> None:
    turns = [
        Turn("bot", "Hi, I'm the assistant. What do you need?"),
        Turn("customer", "My card was stolen."),
        Turn("bot", "I'll transfer you to an agent now."),
        Turn("agent", "Hello, cards team here.", metadata={"agent_id": "a-1"}),
        Turn("customer", "Someone used my card abroad."),
        Turn("agent", "That's fraud, I'll transfer you to our fraud team.", metadata={"agent_id": "a-1"}),
        Turn("agent", "Fraud team, how can I help?", metadata={"agent_id": "a-9"}),
    ]
    call = run(stage, Conversation("x", turns, channel="chat"))
    assert (call["bot_handoffs"], call["transfers"]) == (1, 1)
    assert fired(call, "bot_handoffs") == [3] and fired(call, "transfers") == [6]


def test_resolution_is_credited_to_whoever_resolved(stage: SignalsStage) -> None:
    by_bot = run(
        stage,
        chat(
            ("bot", "Hi! What can I do for you?"),
            ("customer", "What's my balance?"),
            ("bot", "Your balance is [AMOUNT]. Is there anything else I can help with?"),
            ("customer", "No thanks, that's all."),
        ),
    )
    assert by_bot["resolved"] and by_bot["resolved_by"] == "bot" and by_bot["bot_contained"]
    by_ivr = run(
        stage,
        chat(
            ("ivr", "Your balance is [AMOUNT]. Is there anything else I can help with?"), ("customer", "no that's all")
        ),
    )
    assert by_ivr["resolved_by"] == "self_service"
    by_agent = run(
        stage,
        chat(
            ("bot", "Hi, what's it about?"),
            ("customer", "a refund"),
            ("agent", "I've processed the refund. Is there anything else I can help with?"),
            ("customer", "No, that's all."),
        ),
    )
    assert by_agent["resolved_by"] == "agent"
    unresolved = run(stage, chat(("agent", "Hello."), ("customer", "It's still not working.")))
    assert unresolved["resolved"] is False and unresolved["resolved_by"] is None


def test_lines_repeated_across_batches_are_matched_once_with_the_same_answer() -> None:
    def calls() -> list[Conversation]:
        return [
            chat(
                ("agent", "Thank you for calling Northwind Energy, my name is [PERSON], how can I help?"),
                ("customer", f"I was charged twice for order {n}, I want this to go higher."),
                ("agent", "Sure, let me place you on a brief hold while I check with the warehouse."),
                ("agent", "Is there anything else I can help you with today?"),
            )
            for n in range(3)
        ]

    remembering, forgetting = SignalsStage(turn_model=False), SignalsStage(turn_model=False, cached_texts=0)
    first = [list(remembering.pipe([c]))[0].call for c in calls()]  # one batch per call: the run-wide memory
    second = [list(forgetting.pipe([c]))[0].call for c in calls()]
    assert first == second and fired(first[2], "holds") == [2]
    # The three scripted agent lines of calls 2 and 3 were not sent through spaCy again.
    assert remembering.seen_matches.hits == 6 and forgetting.seen_matches.hits == 0
    assert len(remembering.seen_matches) == 6  # 3 agent lines + 3 distinct customer turns


@pytest.mark.parametrize("value", [-1, 1.5, True, "many"])
def test_cached_texts_must_be_a_whole_number(value: object) -> None:
    with pytest.raises(ValueError, match="signals.cached_texts"):
        SignalsStage(turn_model=False, cached_texts=value)  # type: ignore[arg-type]


def test_matching_a_run_of_new_words_leaves_the_vocabulary_as_it_was(stage: SignalsStage) -> None:
    strings = stage.matcher.nlp.vocab.strings
    before = len(strings)
    # Misheard words and typos never seen before: each would otherwise stay in spaCy's vocabulary for the run.
    texts = [f"the zorbleck{n} on my qwindle{n} account is wrong, please hold" for n in range(200)]
    matches = stage.matcher.match(texts)
    assert len(strings) == before
    assert all(found == matches[0] for found in matches)
