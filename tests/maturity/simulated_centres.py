"""Seeded simulated contact centres at rising CX / AI maturity, written as canonical JSON Lines.

An independent evaluation asset: the dialogue is written from how agents, bots, IVRs and customers
talk (voice with fillers, chat typed), not from the project's own phrase lists. Each `Centre` carries
`Capabilities` (shares of contacts showing a behaviour); `conversations` draws every behaviour per
contact with a seeded `random.Random` and composes a dialogue from it.

    ladder = centre_ladder("voice_led")          # 5 centres, rank 1 (reactive) .. 5 (predictive)
    write_centre(ladder[2], 200, Path("/tmp/sim"))
"""

from __future__ import annotations

import json
import math
import random
import string
import zlib
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

LADDERS: tuple[str, ...] = ("voice_led", "chat_heavy", "bot_heavy", "outbound")
ALL_CHANNELS = ("voice", "chat", "email", "sms", "social")
ANALYTICS_KEYS = (
    "qa_score",
    "sentiment",
    "categories",
    "summary",
    "csat",
    "predicted_csat",
    "churn_risk",
    "agent_assist",
)
MESSAGING = frozenset({"chat", "sms", "social"})


@dataclass(frozen=True)
class Capabilities:
    """What a centre does, as shares of contacts. LOWER_IS_BETTER lists the knobs where less is more capable."""

    channels: tuple[str, ...]  # channels served, e.g. ("voice",) .. all five
    ivr_share: float  # inbound voice calls that start with IVR prompts
    ivr_containment: float  # of IVR calls, share the IVR self-serves with no agent
    bot_share: float  # inbound chat/sms/social contacts that start with a virtual assistant
    bot_containment: float  # of bot contacts, share the bot resolves with no agent
    bot_task_completion: float  # of bot contacts, share where the bot completes an action in a system
    transfer_rate: float  # agent-to-agent transfers (lower is better)
    repeat_after_transfer: float  # of transfers, share where the customer explains again (lower is better)
    hold_rate: float  # contacts with a hold (lower is better; none in email)
    wait_complaint_rate: float  # customer complains about the wait (lower is better)
    disclosure_rate: float  # recording/monitoring disclosure by agent, IVR or bot
    survey_rate: float  # satisfaction survey offered at the end
    identity_verification_rate: float  # identity checked (security questions, one-time code, app approval)
    soft_skills: float  # greeting, empathy, ownership and a proper close
    resolution_rate: float  # contacts ending with the customer confirming it is sorted
    history_reference_rate: float  # agent refers to the customer's history
    proactive_offer_rate: float  # agent offers something not asked for
    retention_offer_rate: float  # of cancellation threats, share met with a retention offer
    cancellation_share: float  # agent-handled contacts where the customer talks about leaving
    outbound_share: float  # all contacts that are proactive outbound calls
    predicted_need_rate: float  # agent or bot cites a predicted need
    cross_channel_reference_rate: float  # agent refers to a contact on another channel
    source_redaction: float  # conversations whose export already masks PII
    raw_pii_rate: float  # of unredacted conversations, share with raw PII (lower is better)
    customer_id_share: float  # customers with a customer_id
    agent_id_share: float  # agent-handled conversations with agent_id
    repeat_contact_rate: float  # customers contacting again within 7 days (lower is better)
    multi_channel_customer_rate: float  # of repeat customers, share coming back on another channel
    analytics: dict[str, float]  # ANALYTICS_KEYS -> share of conversations carrying it in metadata
    handle_time_s: float  # mean agent-handled voice call length (lower is better)


@dataclass(frozen=True)
class Centre:
    """A simulated centre: a position on a ladder plus how its export looks."""

    name: str
    rank: int
    ladder: str
    capabilities: Capabilities
    timestamps: bool
    analytics_style: str


# Fields where a LOWER value is the more capable centre. cancellation_share is held constant along every
# ladder (a scenario mix knob); it is compared as lower-is-better (fewer customers wanting to leave).
LOWER_IS_BETTER = frozenset(
    {
        "transfer_rate",
        "repeat_after_transfer",
        "hold_rate",
        "wait_complaint_rate",
        "raw_pii_rate",
        "repeat_contact_rate",
        "handle_time_s",
        "cancellation_share",
    }
)

# ----------------------------------------------------------------------------------------------- ladders
# Five anchors per knob (rank 1 reactive .. rank 5 predictive); 6 or 7 levels interpolate between them.
_BASE: dict[str, tuple[float, ...]] = {
    "ivr_share": (0.0, 0.15, 0.7, 0.85, 0.92),
    "ivr_containment": (0.0, 0.05, 0.2, 0.3, 0.4),
    "bot_share": (0.0, 0.0, 0.4, 0.7, 0.85),
    "bot_containment": (0.0, 0.0, 0.25, 0.45, 0.6),
    "bot_task_completion": (0.0, 0.0, 0.2, 0.5, 0.75),
    "transfer_rate": (0.4, 0.25, 0.15, 0.09, 0.05),
    "repeat_after_transfer": (0.8, 0.65, 0.45, 0.25, 0.1),
    "hold_rate": (0.5, 0.35, 0.22, 0.14, 0.08),
    "wait_complaint_rate": (0.35, 0.25, 0.15, 0.08, 0.04),
    "disclosure_rate": (0.25, 0.85, 0.92, 0.96, 0.98),
    "survey_rate": (0.05, 0.5, 0.7, 0.85, 0.95),
    "identity_verification_rate": (0.3, 0.6, 0.75, 0.85, 0.9),
    "soft_skills": (0.35, 0.65, 0.8, 0.9, 0.95),
    "resolution_rate": (0.45, 0.6, 0.7, 0.78, 0.85),
    "history_reference_rate": (0.05, 0.1, 0.2, 0.35, 0.5),
    "proactive_offer_rate": (0.02, 0.05, 0.1, 0.2, 0.3),
    "retention_offer_rate": (0.1, 0.3, 0.5, 0.7, 0.85),
    "cancellation_share": (0.15,) * 5,
    "outbound_share": (0.0, 0.0, 0.03, 0.08, 0.15),
    "predicted_need_rate": (0.0, 0.0, 0.03, 0.1, 0.3),
    "cross_channel_reference_rate": (0.0, 0.0, 0.05, 0.12, 0.25),
    "source_redaction": (0.0, 0.05, 0.6, 0.85, 1.0),
    "raw_pii_rate": (0.7, 0.55, 0.35, 0.15, 0.02),
    "customer_id_share": (0.5, 0.7, 0.85, 0.95, 1.0),
    "agent_id_share": (0.6, 0.8, 0.9, 0.97, 1.0),
    "repeat_contact_rate": (0.4, 0.32, 0.24, 0.16, 0.1),
    "multi_channel_customer_rate": (0.0, 0.0, 0.2, 0.35, 0.5),
    "handle_time_s": (800.0, 700.0, 600.0, 500.0, 420.0),
}
_OVERRIDES: dict[str, dict[str, tuple[float, ...]]] = {
    "voice_led": {},
    "chat_heavy": {
        "ivr_share": (0.0, 0.0, 0.6, 0.8, 0.9),
        "ivr_containment": (0.0, 0.0, 0.15, 0.25, 0.35),
        "multi_channel_customer_rate": (0.1, 0.15, 0.25, 0.4, 0.5),
        "cross_channel_reference_rate": (0.02, 0.05, 0.1, 0.18, 0.25),
    },
    "bot_heavy": {
        "ivr_share": (0.0, 0.2, 0.6, 0.8, 0.9),
        "ivr_containment": (0.0, 0.05, 0.15, 0.3, 0.4),
        "bot_share": (0.3, 0.55, 0.75, 0.9, 0.97),
        "bot_containment": (0.05, 0.2, 0.42, 0.65, 0.8),
        "bot_task_completion": (0.0, 0.15, 0.4, 0.65, 0.85),
        "resolution_rate": (0.45, 0.6, 0.72, 0.8, 0.88),
        "multi_channel_customer_rate": (0.05, 0.1, 0.2, 0.35, 0.5),
        "cross_channel_reference_rate": (0.0, 0.02, 0.08, 0.15, 0.25),
    },
    "outbound": {
        "outbound_share": (0.2, 0.24, 0.28, 0.32, 0.36),
        "predicted_need_rate": (0.02, 0.05, 0.12, 0.22, 0.35),
        "proactive_offer_rate": (0.05, 0.1, 0.18, 0.25, 0.35),
    },
}
_FIVE = ALL_CHANNELS
_CHANNEL_STEPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "voice_led": (("voice",), ("voice",), ("voice", "chat"), ("voice", "chat", "email"), _FIVE),
    "chat_heavy": (
        ("chat", "email"),
        ("chat", "email"),
        ("voice", "chat", "email"),
        ("voice", "chat", "email", "sms"),
        _FIVE,
    ),
    "bot_heavy": (
        ("voice", "chat"),
        ("voice", "chat"),
        ("voice", "chat", "sms"),
        ("voice", "chat", "sms", "social"),
        _FIVE,
    ),
    "outbound": (("voice",), ("voice",), ("voice", "sms"), ("voice", "sms", "email"), _FIVE),
}
_CHANNEL_MIX: dict[str, dict[str, float]] = {
    "voice_led": {"voice": 0.6, "chat": 0.2, "email": 0.1, "sms": 0.05, "social": 0.05},
    "chat_heavy": {"chat": 0.55, "email": 0.2, "voice": 0.1, "sms": 0.1, "social": 0.05},
    "bot_heavy": {"chat": 0.55, "sms": 0.15, "social": 0.12, "voice": 0.12, "email": 0.06},
    "outbound": {"voice": 0.65, "sms": 0.12, "email": 0.1, "chat": 0.08, "social": 0.05},
}
_ANALYTICS: dict[str, tuple[float, ...]] = {
    "qa_score": (0.0, 0.1, 0.95, 1.0, 1.0),
    "sentiment": (0.0, 0.0, 0.3, 0.95, 1.0),
    "categories": (0.0, 0.0, 0.3, 0.95, 1.0),
    "summary": (0.0, 0.0, 0.1, 0.9, 1.0),
    "csat": (0.0, 0.15, 0.5, 0.8, 1.0),
    "predicted_csat": (0.0, 0.0, 0.0, 0.3, 1.0),
    "churn_risk": (0.0, 0.0, 0.0, 0.3, 1.0),
    "agent_assist": (0.0, 0.0, 0.0, 0.2, 0.8),
}
_STYLE_OF = {"voice_led": "snake", "chat_heavy": "camel", "bot_heavy": "title", "outbound": "nested"}
_BRANDS = {
    "voice_led": ("Northwind", "northwind.example"),
    "chat_heavy": ("Brightcart", "brightcart.example"),
    "bot_heavy": ("Swiftlink", "swiftlink.example"),
    "outbound": ("Meridian", "meridian.example"),
}
_BOT_NAMES = ("Ava", "Nova", "Sky", "Max")

# ------------------------------------------------------------------------------------- phrase pools
# Pools are tuples of templates; {placeholders} come from the conversation context. PII placeholders
# ({name}, {agent}, {card}, ...) exist only when the contact carries PII (raw or masked), so every pool
# used in PII-free contacts keeps some templates without them.
FILLERS = ("um, ", "uh, ", "yeah, ", "so ", "erm, ", "right, ", "oh, ", "well, ")
AGENT_FILLERS = ("so, ", "okay, ", "right, ", "erm, ", "um, ")
HELLO = ("hi, ", "hiya, yeah, ", "hello, um, ", "oh hi, ", "yeah hi, ")

IVR_WELCOME = (
    "Welcome to {brand}.",
    "Thank you for calling {brand}.",
    "Hello and welcome to {brand} customer services.",
    "You've reached {brand}.",
)
IVR_DISCLOSURE = (
    "Calls are recorded for training and quality purposes.",
    "Please be aware this call may be recorded and monitored.",
    "We record our calls to help train our people and to keep a record of what was agreed.",
    "Your call may be monitored or recorded.",
)
IVR_MENU = (
    "For billing and payments, press 1. To report a fault, press 2. For orders and deliveries, press 3. For "
    "anything else, press 4.",
    "Please tell me, in a few words, what you're calling about. For example, you can say pay my bill.",
    "Press 1 to make a payment, 2 to check your balance, 3 about a delivery, or hold to speak to an advisor.",
    "If you're calling about an existing order, press 1. To report a problem with your service, press 2. "
    "For all other enquiries, press 3.",
    "Say or press 1 for account and billing, 2 for technical support, 3 for moving home, or 0 for anything else.",
)
IVR_CHOICE = ("{say}", "{say} please", "um... {say}", "{digit}", "erm {digit}", "{say}. {say}!")
IVR_CHOICE_AGENT = ("agent", "speak to someone", "operator", "{say}", "um, speak to a person please")
IVR_KEYPAD = (
    "Please enter your account number using your keypad, followed by the hash key.",
    "Using your keypad, enter the last four digits of your account number.",
)
IVR_ASK_PII = (
    ("Please say your date of birth, for example, the first of March, nineteen eighty.", ("{dob}", "um {dob}")),
    ("Please say or key in the postcode of your home address.", ("{postcode}", "it's {postcode}")),
    ("Please say or key in the long number on your card.", ("{card}",)),
)
IVR_ROUTE = (
    "Thanks. Please hold while I connect you to one of our advisors.",
    "Putting you through now. Your call is important to us.",
    "Okay, transferring you to the {team} team.",
    "All of our advisors are busy right now. You are number {pos} in the queue.",
    "Thank you. Connecting you to the next available agent. Your estimated wait is {mins} minutes.",
)
IVR_MORE = (
    "Is there anything else I can help you with? Say yes or no.",
    "If that's everything, you can hang up now, or stay on the line for more options.",
    "To hear that again, press 1. Is there anything else?",
)
IVR_DONE = (
    "no that's everything, sorted, thanks",
    "no thanks, that's all I needed",
    "great, that's done then. no",
    "perfect, no that's it",
    "no. brilliant, thanks",
)
IVR_BYE = ("Thank you for calling {brand}. Goodbye.", "Thanks for calling. Goodbye.", "Thank you. Goodbye.")

BOT_GREETING = (
    "Hi! I'm {botname}, {brand}'s virtual assistant. What can I help you with today?",
    "Hello, I'm the {brand} digital assistant. Tell me in a few words what you need.",
    "Hi there, you're chatting with our automated assistant. How can I help?",
    "Welcome to {brand}. I'm a virtual agent and I can help with orders, bills and more. What do you need?",
    "Hey! I'm {botname}, an AI assistant. I can sort most things myself, or get you to a person.",
)
BOT_DISCLOSURE = (
    "This chat is recorded for quality and training.",
    "Chats are saved and may be reviewed by our team.",
    "We keep a record of this conversation for quality purposes.",
)
BOT_CLARIFY = (
    ("Sure, I can help with that. What's your order or account number?", ("{ref}", "its {ref}", "{ref} i think")),
    ("Thanks. Just so I get this right, is this about {topic}?", ("yes", "yeah that's it", "yep")),
    ("No problem. Which account is this for, your home or your business account?", ("home", "home one")),
    ("Got it. Could you give me the reference from your confirmation email?", ("{ref}", "it's {ref}")),
)
BOT_CLARIFY_PII = (
    ("Sure. What email address did you use for your account?", ("{email}", "its {email}")),
    ("Thanks. What's the mobile number on your account?", ("{phone}",)),
    ("To find your account, what's your postcode?", ("{postcode}", "{postcode} thanks")),
)
BOT_FAIL = (
    "Sorry, I didn't quite get that. Could you say it another way?",
    "I'm sorry, I can't help with that here.",
    "Hmm, I'm not able to do that for you in chat.",
    "I'm still learning and don't have an answer for that yet.",
    "Sorry, I don't understand. You can ask me about bills, orders, faults or moving home.",
)
CUST_BOT_NOT_ENOUGH = (
    "ok but that doesn't sort the actual problem, can I talk to someone?",
    "thanks but I still need to speak to a person",
    "that's only half of it, I need an agent",
    "right but what about the rest of it? real person please",
)
CUST_WANTS_HUMAN = (
    "can I speak to a person please",
    "agent",
    "I want to talk to a real person",
    "human please",
    "this isn't helping, can I get someone",
    "speak to advisor",
)
BOT_HANDOFF = (
    "No problem, I'm passing you to one of our team now. They'll be able to see our chat so far.",
    "I'll connect you with an advisor. The current wait is about {mins} minutes.",
    "Let me get a member of the team to help. Please stay in this chat.",
    "Transferring you to a human agent now.",
    "OK, I'm handing this over to a colleague who can help.",
)
BOT_MORE = ("Is there anything else I can help with?", "Great! Anything else today?", "Can I help with anything else?")
BOT_BYE = (
    "Thanks for chatting with {brand}. Have a great day!",
    "Glad I could help. Bye for now!",
    "You can close this window now. Take care!",
)
BOT_SURVEY = (
    "How did I do? Please rate this chat from 1 to 5.",
    "Before you go, would you rate your experience today?",
    "Could you take a second to tell us how this chat went?",
)
BOT_PREDICTED = (
    "Based on your recent usage, it looks like you'll run out of data before your renewal. Want a 5GB add-on?",
    "I've noticed your next delivery is due while you're usually away. Would you like to move it?",
    "Our records suggest your boiler service is due next month. Shall I book it now?",
)

GREET = {
    "voice": (
        "Good morning, thanks for calling {brand}, you're speaking with {agent}, how can I help?",
        "Hi there, thank you for calling {brand}, my name's {agent}, how can I help today?",
        "Hello, you're through to {agent} at {brand}, what can I do for you today?",
        "Afternoon, {brand} customer services, {agent} speaking, how can I help you?",
        "Hello, thanks for calling {brand}, how can I help you today?",
        "Hiya, thanks for calling {brand}, what can I help you with?",
    ),
    "chat": (
        "Hi, you're chatting with {agent}. How can I help today?",
        "Hello and thanks for getting in touch with {brand}! I'm {agent}, what can I help with?",
        "Hi, thanks for your patience. How can I help you today?",
        "Good afternoon and welcome to {brand} chat. What can I do for you?",
        "Hi there! Thanks for messaging {brand}, how can I help?",
    ),
}
GREET_PLAIN = {
    "voice": ("Yeah, hello?", "Customer services.", "Hello, {brand}.", "Yep, go ahead.", "Hello, account number?"),
    "chat": ("Hi", "Hello. What is the issue?", "yes?", "hi how can i help", "Account number?"),
}
GREET_AFTER_BOT = (
    "Hi, I'm {agent}, I've read through your chat with our assistant, you're asking about {topic}?",
    "Hello, thanks for waiting. I can see from the assistant you're getting in touch about {topic}, is that right?",
    "Hi there, I've picked this up from our virtual assistant. This is about {topic}, yes?",
)
DISCLOSURE = {
    "voice": (
        "Just to let you know, this call is recorded for training and quality purposes.",
        "Before we start, calls are recorded and may be monitored.",
        "Just so you're aware, the call's being recorded.",
        "This call may be recorded for quality and training.",
    ),
    "chat": (
        "This chat may be monitored and recorded for quality and training purposes.",
        "Please note this conversation is recorded for quality purposes.",
        "Just so you know, chats are saved for training and quality.",
    ),
}
CUST_WAIT = {
    "voice": (
        "I've been on hold for forty minutes!",
        "finally, I've been waiting ages to get through",
        "do you know how long I've been in that queue? over half an hour",
        "I've tried calling three times today and kept getting cut off in the queue",
        "took a long time to get through to you, I have to say",
    ),
    "chat": (
        "I've been waiting in this chat for 25 minutes",
        "finally someone. been waiting ages",
        "why does it take so long to get a reply",
        "I was in the queue for over half an hour",
    ),
}
WAIT_SORRY = (
    "I'm really sorry about the wait, we're very busy today.",
    "Apologies for keeping you waiting, thanks for bearing with us.",
    "Sorry you've had to wait so long, let's get this sorted.",
    "I'm sorry about that, it's been a busy morning.",
)
REPEAT_OPENER = (
    "this is the second time I've been in touch about this. ",
    "I spoke to someone a few days ago about this but ",
    "I'm chasing this up again, ",
    "me again, ",
)
EMPATHY = (
    "Oh I'm sorry to hear that, that's really frustrating.",
    "I completely understand, I'd be annoyed too.",
    "Sorry about that, that shouldn't have happened.",
    "I can imagine that's been a real pain, sorry.",
    "Oh no, sorry to hear that.",
)
OWNERSHIP = (
    "Leave it with me, I'll get this sorted for you.",
    "I'll take care of that for you now.",
    "Let me have a look and I'll make sure this gets fixed.",
    "I'll own this and make sure it's resolved today.",
    "Right, let's get this sorted out for you.",
)
ACK_PLAIN = ("Okay.", "Right.", "Ok, hang on.", "Mm, ok.", "Ok let me look.")
ID_PII = (
    (
        "For security, can you confirm your full name and date of birth please?",
        ("{fullname}, {dob}", "yeah it's {fullname}, date of birth {dob}"),
    ),
    (
        "Can I take the first line of the address and the postcode?",
        ("{address}, {postcode}", "it's {address}, {postcode}"),
    ),
    ("Can I just grab your date of birth for security?", ("{dob}", "it's {dob}")),
    ("What's the postcode on the account?", ("{postcode}", "um, {postcode}")),
    ("Can you confirm your name and the last four digits of the card you pay with?", ("{fullname}, it's {last4}",)),
)
ID_NO_PII = (
    (
        "For security I've sent a one-time code to the mobile on your account, can you read it back to me?",
        ("ok it's come through, {otp}", "yep, {otp}"),
    ),
    ("Can you approve the notification I've just sent to your app for me?", ("right, done, approved it", "ok done")),
    (
        "I just need the answer to your security question please.",
        ("it's the name of my first school", "oh... yeah got it, it's my first car"),
    ),
    (
        "For security, what was the amount of your last bill, roughly?",
        ("about sixty quid I think", "uh, forty something"),
    ),
)
ID_OK = (
    "Lovely, thank you, that's you verified.",
    "Perfect, thanks for that.",
    "Thank you, that all matches.",
    "Great, you've passed security.",
    "Thanks, I've got your account up now.",
)
PII_ASK = (
    ("What's the best number to get you on if we get cut off?", ("it's {phone}", "{phone}", "yeah, {phone}")),
    ("Can I take an email address for the confirmation?", ("{email}", "sure, it's {email}")),
    ("Could you read me the long number on the front of the card?", ("{card}", "yep, {card}")),
    ("And the postcode at the property?", ("{postcode}", "it's {postcode}")),
    ("Can I take your full name please?", ("{fullname}", "it's {fullname}")),
)
PROBES = (
    ("And when did this start?", ("since the weekend I think", "about a week ago", "Tuesday? yeah Tuesday")),
    ("Okay, and is this the only account you've got with us?", ("yeah just the one", "yes")),
    ("Have you tried anything yourself so far?", ("no not yet", "I turned it off and on again, didn't help")),
    ("Right, and is this for the address we've got on file?", ("yes same address", "yeah")),
    ("Okay let me just bring that up, bear with me, the system's a bit slow today.", ("no worries", "mm-hm")),
    ("And what's the reference on the email you got?", ("it's {ref}", "hang on... {ref}")),
    ("Just so I understand, has this happened before?", ("once before, back in the summer", "no, first time")),
    ("Okay, bear with me while I pull the account up.", ("sure", "no worries")),
    ("Did you get any emails or letters from us about it?", ("no nothing", "I got a text, that was it")),
    ("So just so I've understood, you'd like me to look into that for you today?", ("yes please", "yeah")),
    ("And are you the account holder?", ("yes", "yeah it's in my name")),
    ("Sorry, the line's a bit quiet, could you say that again?", ("yeah, {ask}", "sorry, {ask}")),
)
HISTORY = (
    "I can see you called us about this last week, sorry it's still not sorted.",
    "Looking at your account, you've been with us for six years, so let me see what I can do.",
    "I can see there's a note on here from your last call on {prevday}.",
    "I can see this has come up a couple of times on your account already.",
    "I've got your previous orders up here, and I can see what happened last time.",
)
CROSS_CHANNEL = (
    "I can see you contacted us {prev} yesterday about this as well, so I've got the background.",
    "I can see you got in touch {prev} earlier this week, I'll pick up from there.",
    "There's a note here from when you contacted us {prev} on {prevday}.",
    "I've got the conversation you had with us {prev} right here, so no need to go over it again.",
)
PREV_PHRASE = {
    "voice": "over the phone",
    "chat": "on web chat",
    "email": "by email",
    "sms": "by text",
    "social": "through Facebook Messenger",
}
PREDICTED = (
    "Our system's flagged that you're likely to go over your data allowance next month, so it might be "
    "worth moving you up a tier.",
    "Just so you know, based on your usage you're predicted to be about thirty pounds short on your next "
    "bill, so I'd suggest nudging the direct debit up.",
    "Our system's picked up that your boiler service is due next month, shall I book it while you're on?",
    "Your contract ends soon and the account's flagged you as likely to want an upgrade, so I've got a "
    "couple of options ready.",
    "The diagnostics suggest your router is likely to fail soon given all the drop-outs, so I'll send a new one.",
)
PREDICTED_REACT = (
    "oh really? yeah go on then",
    "ah good shout, yes please",
    "no I'm alright for now thanks",
    "hm ok, I'll think about it",
    "oh, didn't know that. yes please",
)
PROACTIVE = (
    "While I've got you, I can see you're eligible for our loyalty discount, that'd knock five pounds a "
    "month off, shall I add it?",
    "Also, you're on quite an old plan, there's a better one for the same money, do you want me to switch you?",
    "I've noticed you pay by card each month, if you switch to direct debit you'd save a bit, want me to set that up?",
    "And while I was in there I noticed your other order was held up too, so I've chased that as well.",
    "Just so you know, you're not on paperless billing, which gets you a small discount, shall I turn it on?",
)
PROACTIVE_REACT = (
    "oh yes please, that'd be great",
    "yeah go on",
    "no that's ok thanks",
    "oh I didn't know that, yes please",
    "maybe another time",
)
CANCEL = (
    "honestly if this isn't sorted I'm going to cancel",
    "I want to close my account",
    "I'm thinking of leaving to be honest, I've had a better quote elsewhere",
    "I'd like to cancel my contract please",
    "this is the last straw, I'm switching provider",
)
RETENTION = (
    "I'd hate to lose you, I can offer you 20% off your bill for the next twelve months if you stay.",
    "Before you decide, I can match that quote and add three months free.",
    "I don't want you to go, let me see what I can do... I can move you to a cheaper plan at {amount} a month.",
    "I understand. As a long-standing customer I can put a fifty pound credit on the account if you'd like to stay.",
)
NO_RETENTION = (
    "Okay, I can pass that to the cancellations team.",
    "Right, you'll need to give thirty days notice in writing.",
    "Ok, I'll note that on the account.",
    "That's your choice, I can send you the cancellation form.",
)
RETENTION_REACT = (
    "ok, if you can do that then I'll stay",
    "hm, go on then",
    "no, I've made my mind up",
    "I'll think about it",
)
HOLD = {
    "voice": (
        "Bear with me, I'm just going to pop you on hold for a moment while I check that.",
        "Can I put you on a quick hold while I speak to my team leader?",
        "Okay, give me two minutes, I'll just place you on hold.",
        "Is it okay if I put you on hold whilst I look into this?",
        "Right, I'll just pop you on hold, I won't be long.",
    ),
    "chat": (
        "Bear with me a few minutes while I look into this.",
        "Please hold on while I check that for you.",
        "I'm just checking with a colleague, I'll be back with you shortly.",
        "Give me a couple of minutes to look into the account.",
    ),
}
HOLD_OK = ("yeah that's fine", "ok", "sure", "no problem")
HOLD_BACK = {
    "voice": (
        "Thanks for holding.",
        "Sorry about the wait there, thanks for bearing with me.",
        "Hi, thanks for holding, I'm back.",
        "Thank you for your patience.",
        "Right, thanks for waiting.",
    ),
    "chat": ("Thanks for waiting.", "Thanks for your patience.", "Sorry for the wait.", "Ok, I'm back."),
}
TRANSFER = {
    "voice": (
        "I'm going to have to transfer you to our {team} team, they'll be able to help with that.",
        "That's not something I can do from here, let me put you through to {team}.",
        "I'll transfer you over to the {team} department now, just stay on the line.",
        "Okay, I need to pass you to a colleague in {team}, one moment.",
        "I'm going to put you through to the {team} team, I'll let them know what it's about.",
    ),
    "chat": (
        "I'm going to transfer this chat to our {team} team who can help further.",
        "I'll need to pass you over to {team} for this, one moment please.",
        "Transferring you to a colleague in {team} now.",
        "Let me move you to the {team} queue, someone will pick this up shortly.",
    ),
}
NEW_AGENT_COLD = (
    "Hi, you're through to {agent2} in {team}, how can I help?",
    "Hello, {team}, {agent2} speaking.",
    "Hi there, {team} team here, what can I do for you?",
    "Hello, this is {team}, what's the problem?",
    "Hi, can you tell me what's happened?",
)
NEW_AGENT_WARM = (
    "Hi, it's {agent2} in {team}, I've had a note from my colleague, you're calling about {topic}, is that right?",
    "Hello, {team} here, my colleague's filled me in so you don't need to go through it all again.",
    "Hi, I've got the notes from the previous advisor about {topic}, I'll pick it up from here.",
    "Hello, I can see what's been going on from the notes, let me take a look.",
)
CUST_WARM_OK = ("yes that's right", "yeah, that's it", "great, thanks", "oh good")
CUST_REPEAT = (
    "right, so like I said to the last person, {ask}",
    "I've already explained this once... {ask}",
    "ok, again, {ask}",
    "sorry, I have to go through it all again? fine. {ask}",
    "yeah so basically, {ask}",
)
MORE = {
    "voice": (
        "Is there anything else I can help you with today?",
        "Was there anything else at all?",
        "Anything else I can do for you?",
        "Is that everything for today?",
    ),
    "chat": (
        "Is there anything else I can help with?",
        "Anything else I can do for you today?",
        "Can I help with anything else?",
    ),
}
MORE_PLAIN = ("that it?", "anything else?", "ok is that all")
RESOLVED = {
    "voice": (
        "no that's brilliant, that's done it, thanks",
        "ok great, that's sorted then, thank you",
        "perfect, cheers",
        "no that's everything, really appreciate your help",
        "lovely, yeah that's fixed it, thanks so much",
        "great stuff, that's all sorted",
        "ok thank you, that's all fine now",
    ),
    "chat": (
        "perfect, thanks that's sorted",
        "great, all working now, thank you!",
        "brilliant, that's all I needed",
        "ok thanks that's done it",
        "cheers, that's sorted",
        "amazing thank you so much",
    ),
}
UNRESOLVED = {
    "voice": (
        "no, it's still not working, I'll have to call back",
        "so it's still not sorted then. great.",
        "that doesn't really fix anything, I'll ring back tomorrow",
        "right, so I'm no further forward",
        "I'll have to call back then I suppose",
        "I'll have a think and call you back",
    ),
    "chat": (
        "so it's still not fixed?",
        "that hasn't helped at all",
        "ok I'll contact you again tomorrow then",
        "still not working",
        "this is ridiculous, it's still not sorted",
    ),
}
SURVEY = {
    "voice": (
        "After the call you'll get a quick text asking how I did, it'd be great if you could fill it in.",
        "If you stay on the line after the call there's a short survey, just two questions.",
        "You might get a short feedback survey by email, any feedback is really appreciated.",
        "Would you mind staying on the line afterwards to rate our service today?",
        "We'll send you a short survey about today's call, it only takes a minute.",
    ),
    "chat": (
        "Once we finish you'll see a quick survey, I'd really appreciate your feedback.",
        "Please rate this chat when it closes, it helps us improve.",
        "We'll email you a short survey about today.",
        "If you've got a second, there's a two-question survey after this chat.",
    ),
}
CLOSE = {
    "voice": (
        "Thanks for calling {brand}, have a lovely day.",
        "You're welcome, take care, bye now.",
        "No problem at all, have a good rest of your day. Bye.",
        "Thanks {name}, you have a great afternoon.",
        "It's been a pleasure, bye bye.",
    ),
    "chat": (
        "Thanks for chatting with us today, have a great day!",
        "You're welcome! Take care.",
        "Thanks {name}, have a lovely evening.",
        "Thanks for getting in touch, bye for now.",
    ),
}
CLOSE_PLAIN = ("ok bye", "bye", "ok.", "right, bye then")

OUT_OPEN_NAMED = ("Hi, is that {name}?", "Hello, could I speak to {fullname} please?", "Hi, am I speaking with {name}?")
OUT_INTRO = (
    "It's {agent} calling from {brand}, nothing to worry about, have you got a minute?",
    "Hi, it's {agent} from {brand}, is now a good time?",
    "This is {brand} calling, I'm {agent}.",
)
OUT_OPEN_ANON = (
    "Hi there, it's {brand} calling, is now an okay time?",
    "Hello, this is a call from {brand} customer services, have you got a couple of minutes?",
    "Hi, I'm calling from {brand}, is it okay to talk for a minute?",
)
OUT_ANSWER = ("yes speaking", "yeah, who's this?", "er, yes?", "speaking", "yeah go on", "yes, what's it about?")

EMAIL_OPEN = ("Hello,", "Hi,", "Dear Sir or Madam,", "Hi there,", "To whom it may concern,")
EMAIL_WAIT = (
    "I emailed last week and still haven't had a reply.",
    "I've been trying to get through on the phone for days, so I'm emailing instead.",
    "It's been five days since my last email with no response.",
    "Your phone queue is over an hour so I'm writing instead.",
)
EMAIL_PII = (
    "My phone number is {phone} if you need to call me.",
    "The card number is {card}.",
    "My postcode is {postcode} and my date of birth is {dob}.",
    "Please reply to {email} rather than this address.",
)
EMAIL_SIGN = ("Thanks,\n{fullname}", "Kind regards,\n{fullname}", "Regards,\n{name}", "Thanks", "Sent from my phone")
EMAIL_HELLO = ("Dear {name},", "Hi {name},", "Hello,", "Good morning,")
EMAIL_THANKS = (
    "Thank you for getting in touch.",
    "Thanks for your email, and sorry for the trouble.",
    "Thank you for contacting {brand}.",
    "Thanks for taking the time to write to us.",
)
EMAIL_ID = (
    "I've checked the details you gave against the account and everything matches.",
    "As you've written from the address we hold for you, I've been able to find your account.",
)
EMAIL_TRANSFER = (
    "I've passed your email to our {team} team, who will reply to you directly.",
    "This needs our {team} team, so I've forwarded your message to them and they'll be in touch.",
)
EMAIL_SURVEY = (
    "You may receive a short survey about our reply; we'd really value your feedback.",
    "There's a link below to a two-question survey if you'd like to tell us how we did.",
)
EMAIL_CLOSE = (
    "If there's anything else, just reply to this email.\n\nKind regards,\n{agent}\n{brand} Customer Care",
    "Kind regards,\n{brand} Customer Care",
    "Best wishes,\nThe {brand} team",
)
EMAIL_CLOSE_PLAIN = ("Regards,\n{brand}", "{brand} Customer Services")
EMAIL_DISCLOSURE = (
    "Emails to and from {brand} may be monitored for quality and training purposes.",
    "This conversation may be recorded and reviewed for quality purposes.",
)
EMAIL_RESOLVED = (
    "Thanks for sorting this so quickly, all good now.",
    "That's great, thank you, that's resolved it.",
    "Thank you, all sorted now.",
    "Perfect, that's done the job. Thanks for your help.",
)
EMAIL_UNRESOLVED = (
    "I'm afraid this still isn't resolved. I'll call instead.",
    "That doesn't answer my question. It's still not fixed.",
    "This is still not sorted and I'm getting fed up. I'll phone tomorrow.",
)

ASSIST_TIPS = (
    "Offer loyalty discount",
    "Verify customer identity",
    "Read recording disclosure",
    "Check for duplicate payment",
    "Suggest router restart",
    "Offer a callback",
    "Mention paperless billing",
    "Summarise next steps",
    "Acknowledge the wait",
    "Check delivery tracking",
)
FIRST = ("Jane", "Tom", "Priya", "Declan", "Aisha", "Gareth", "Mei", "Olu", "Siobhan", "Marek", "Fatima", "Callum")
LAST = ("Doe", "Patel", "O'Neill", "Okafor", "Hughes", "Nowak", "Khan", "Campbell", "Evans", "Chen", "Murphy", "Walsh")
AGENTS = ("Sam", "Priya", "Dan", "Leanne", "Kofi", "Rachel", "Tariq", "Beth", "Gary", "Nia")
STREETS = ("Harbour Road", "Mill Lane", "Station Street", "Church View", "Oak Avenue", "Kings Close")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MASKS = (
    {"*": "[PII]"},
    {"*": "[REDACTED]"},
    {"*": "****", "card": "**** **** **** {last4raw}"},
    {
        "name": "[CUSTOMER_NAME]",
        "fullname": "[CUSTOMER_NAME]",
        "agent": "[AGENT_NAME]",
        "agent2": "[AGENT_NAME]",
        "card": "[CREDIT_CARD_NUMBER]",
        "last4": "[CARD_DIGITS]",
        "phone": "[PHONE_NUMBER]",
        "email": "[EMAIL_ADDRESS]",
        "postcode": "[POSTCODE]",
        "dob": "[DATE_OF_BIRTH]",
        "address": "[ADDRESS]",
    },
)


def _reason(key, queue, team, topic, category, say, digit, ask, fix, fail, bot_task, bot_info, ivr) -> dict[str, Any]:
    return dict(
        key=key,
        queue=queue,
        team=team,
        topic=topic,
        category=category,
        say=say,
        digit=digit,
        ask=ask,
        fix=fix,
        fail=fail,
        bot_task=bot_task,
        bot_info=bot_info,
        ivr=ivr,
    )


REASONS = (
    _reason(
        "billing",
        "billing",
        "billing",
        "a billing query",
        "Billing",
        "billing",
        "1",
        (
            "I've been charged twice for my bill this month",
            "my direct debit's gone out and it's more than it normally is",
            "I got a bill for {amount} and it's way more than usual",
            "can you explain why my bill's gone up?",
            "I've had a letter saying I'm in arrears but I've paid",
        ),
        (
            "I've refunded the duplicate payment, you'll see it back in your account in three to five working days.",
            "That was the annual price change, but I've put a credit of {amount} on to make up for the confusion.",
            "That payment's matched to your account now, the arrears letter went out in error, so ignore it.",
        ),
        (
            "I can't actually see a second payment on our side, you'd need to speak to your bank.",
            "I'm not able to change the bill myself, I'll have to raise it with billing and they'll be in touch.",
        ),
        (
            "Done. I've raised a refund of {amount} for the duplicate payment. Your reference is {ref}.",
            "I've set up a payment plan of {amount} a month, starting next month.",
        ),
        (
            "Your bill went up because your fixed tariff ended last month. You can compare plans here: {link}",
            "Duplicate charges are usually a pending authorisation that drops off within 3 working days.",
        ),
        (
            "Your current balance is {amount}. Your next payment is due on the 14th.",
            "Thank you. Your payment of {amount} has been taken. Your reference number is {ref}.",
        ),
    ),
    _reason(
        "delivery",
        "orders",
        "deliveries",
        "a delivery",
        "Delivery",
        "delivery",
        "3",
        (
            "my parcel was meant to come yesterday and it still hasn't turned up",
            "it says delivered but there's nothing here",
            "I need to change the delivery date, I'm not in on {day}",
            "the tracking hasn't updated in four days",
            "order {ref} hasn't arrived",
        ),
        (
            "I've rebooked it for {day}, you'll get a text with a one hour slot on the morning.",
            "The courier had it at the wrong depot, it's back on the van and coming {day}.",
            "I've sent a replacement out on next day delivery, you don't need to do anything with the first one.",
        ),
        (
            "The courier hasn't come back to us yet, so there's nothing I can do until they investigate.",
            "I can't change the date once it's out with the courier, I'm afraid.",
        ),
        (
            "All done. I've moved your delivery to {day}. You'll get a text with your time slot.",
            "I've opened a missing parcel claim, reference {ref}. We'll update you within 24 hours.",
        ),
        (
            "Your order {ref} is at your local depot and due {day}. Track it live here: {link}",
            "Parcels marked delivered usually turn up within 24 hours. Check with neighbours or your safe place.",
        ),
        ("Your order {ref} is out for delivery today between 10am and 2pm.",),
    ),
    _reason(
        "fault",
        "tech_support",
        "technical",
        "a broadband fault",
        "Fault",
        "technical support",
        "2",
        (
            "my broadband keeps dropping out, it's been like this since Sunday",
            "the internet's not working at all, the light on the router is flashing red",
            "wifi's really slow, I'm paying for 500 meg and getting about 10",
            "I work from home and my connection keeps cutting out on video calls",
        ),
        (
            "I've reset the line from our end and your speed's back to what it should be, can you check it now?",
            "I can see a fault on the line, I've booked an engineer for {day} morning and you'll get a text to "
            "confirm.",
            "I've pushed an update to the router, give it five minutes to restart and that should be it.",
        ),
        (
            "The line test isn't showing anything my side, so try a different cable and call back if it carries on.",
            "There's a wider outage and I don't have a fix time yet, sorry.",
        ),
        (
            "I've run a line test and reset your connection. Please restart your router and give it 5 minutes.",
            "I've booked an engineer visit for {day} between 8am and 1pm. Reference {ref}.",
        ),
        (
            "There's a known outage in your area. Engineers expect it fixed by 6pm today. Status page: {link}",
            "Try switching your router off at the wall for 30 seconds. Most drop-outs are fixed this way.",
        ),
        ("We've detected a problem in your area. Our engineers are on it and we expect service back by 6pm today.",),
    ),
    _reason(
        "card",
        "cards",
        "fraud",
        "a card problem",
        "Card",
        "lost card",
        "1",
        (
            "I think I've lost my bank card, I had it in town this morning and now it's gone",
            "my card's been stolen, can you block it?",
            "there's a payment I don't recognise and I can't find my card",
            "I left my card in a cash machine",
        ),
        (
            "I've cancelled that card so nobody can use it, and a new one's on its way, three to five working days.",
            "That's blocked now, and I've raised a dispute on the payment you don't recognise.",
            "I've frozen the card and ordered a replacement, you can use the digital card in the app straight away.",
        ),
        (
            "I can't order a replacement while there's a fraud check on the account, you'll need to call the fraud "
            "team.",
            "I can block it but I can't dispute that payment until it's settled, so you'll have to call again.",
        ),
        (
            "Your card is now frozen and a replacement is on its way. It should arrive within 5 working days.",
            "I've cancelled the card and added a digital card to your app so you can keep paying.",
        ),
        ("You can freeze and unfreeze your card any time in the app under Cards, then Freeze.",),
        ("Your card has been cancelled. A replacement will be sent to your home address within five working days.",),
    ),
    _reason(
        "moving",
        "moves",
        "home moves",
        "moving home",
        "Home move",
        "moving home",
        "3",
        (
            "we're moving house next month and I need to move the account over",
            "I'm moving out on the 28th, what do I need to do?",
            "I've just moved and need the service set up at the new place",
            "just letting you know I'm moving home",
        ),
        (
            "I've set the move up for the 28th, it switches over on the day and you'll get a final bill for the "
            "old place.",
            "That's all updated, and the new address is live from {day}.",
            "Right, the move's booked, the new router will arrive the day before.",
        ),
        (
            "We don't cover the new postcode yet so I can't move the contract today.",
            "The new address isn't showing on our system, so I can't book it today.",
        ),
        ("I've booked your home move for {day}. You'll receive a confirmation email shortly.",),
        ("You can tell us you're moving up to 30 days before. Here's our moving checklist: {link}",),
        ("We've sent you a text with a link to arrange your home move online.",),
    ),
    _reason(
        "refund",
        "returns",
        "returns",
        "a refund",
        "Refund",
        "refunds",
        "4",
        (
            "I sent an item back two weeks ago and still haven't had my refund",
            "when will I get my money back for the return?",
            "I cancelled my order but I've still been charged",
            "I was promised a refund last week and it never came",
        ),
        (
            "I can see the return arrived at the warehouse, I've pushed the refund through now, {amount}.",
            "I've refunded the order in full and emailed you the confirmation.",
            "The refund was stuck waiting for approval, I've approved it now so it's on its way.",
        ),
        (
            "The warehouse haven't booked the return in yet, so I can't refund until they do.",
            "I'm not able to authorise a refund that size, it needs a manager and they'll call you.",
        ),
        (
            "Good news, I've issued your refund of {amount}. It can take up to 5 working days to reach you.",
            "Your return has been logged and your refund has been issued. Reference {ref}.",
        ),
        ("Refunds go out within 14 days of us receiving your return. We received yours on {day}.",),
        ("Your refund of {amount} was processed on {day}. It may take up to five working days to appear.",),
    ),
    _reason(
        "appointment",
        "appointments",
        "scheduling",
        "an appointment",
        "Appointment",
        "appointments",
        "4",
        (
            "I need to rearrange my appointment on {day}, something's come up",
            "the engineer didn't show up yesterday, I waited in all day",
            "can I book an appointment for a boiler service?",
            "I want to check what time my appointment is",
        ),
        (
            "I've moved you to {day} in the morning slot, eight till twelve, and you'll get a reminder the day before.",
            "I've booked the next slot on {day} and added a note so the engineer calls ahead.",
            "That's confirmed for {day}, between one and five.",
        ),
        (
            "There's no availability for the next three weeks, so try calling back on Monday when new slots open.",
            "I can't see why the engineer didn't come, I'll raise a complaint and someone will get back to you.",
        ),
        (
            "Your appointment has been moved to {day}, 8am to 12pm. We'll text you a reminder.",
            "You're booked in for {day}. Reference {ref}.",
        ),
        ("Your appointment is on {day} between 8am and 12pm. You can change it here: {link}",),
        ("Your appointment is confirmed for {day}, between 8am and 12pm. To keep it, press 1. To change it, press 2.",),
    ),
)
OUTBOUND_REASONS = (
    dict(
        topic="the contract renewal",
        queue="outbound_renewals",
        team="renewals",
        category="Renewal",
        open=(
            "I'm calling because your contract ends next month, and I wanted to go through your options before "
            "the price changes.",
            "I'm giving you a ring about your renewal, your deal finishes on {day} and I can see something "
            "better for you.",
        ),
        react=(
            "oh right, yeah I'd had an email about that",
            "okay, go on then",
            "I was going to look around to be honest",
        ),
        fix=(
            "I've put you on the new twelve-month deal at {amount} a month, less than now, starting when the old "
            "one ends.",
        ),
        fail=("Okay, no problem, I'll send the details over and you can have a think.",),
    ),
    dict(
        topic="a delayed order",
        queue="outbound_orders",
        team="deliveries",
        category="Delivery",
        open=(
            "I'm calling about your order {ref}, it's held up at our warehouse and won't make the date we gave "
            "you, so I wanted to let you know before you waited in.",
            "Just a courtesy call, your delivery's been delayed a couple of days and I wanted to tell you first.",
        ),
        react=("oh, that's annoying, I'd booked the day off", "ah ok, thanks for letting me know"),
        fix=("I've rebooked it for {day}, and I've refunded the delivery charge for the trouble.",),
        fail=("I don't have a new date yet, I'm afraid, the courier will text you when they do.",),
    ),
    dict(
        topic="an unusual card payment",
        queue="outbound_fraud",
        team="fraud",
        category="Fraud",
        open=(
            "We've picked up a payment on your card that doesn't look like you, {amount} to an online shop at "
            "three in the morning. Was that you?",
            "I'm calling from the fraud team, there's been some unusual activity on your account I need to check "
            "with you.",
        ),
        react=("no, definitely not me", "what? no, I've been asleep", "hmm no I don't recognise that"),
        fix=("I've stopped that payment, blocked the card and ordered you a new one, you won't be out of pocket.",),
        fail=("I've blocked the card, but the payment had already gone, so you'll need to raise a dispute.",),
    ),
    dict(
        topic="a rise in usage",
        queue="outbound_billing",
        team="billing",
        category="Billing",
        open=(
            "We noticed your usage has gone up quite a bit this quarter, so I wanted to check in before your "
            "next bill.",
            "I'm calling because your payments aren't quite covering what you're using, and I'd rather sort it now.",
        ),
        react=("oh, I didn't realise, we've had the heating on more", "okay, how much are we talking?"),
        fix=("I've adjusted your direct debit to {amount} a month, which should keep you on track.",),
        fail=("I'll leave the payment as it is for now then, but keep an eye on it.",),
    ),
    dict(
        topic="an engineer visit",
        queue="outbound_appointments",
        team="scheduling",
        category="Appointment",
        open=(
            "I'm calling to confirm the engineer visit on {day}, is that still okay for you?",
            "Just a reminder call about your appointment on {day}, I wanted to make sure someone will be in.",
        ),
        react=("yes that's fine", "actually could we move it?"),
        fix=("Lovely, that's confirmed, the engineer will text when they're on the way.",),
        fail=("There's nothing else available this month, so we'll leave it where it is for now.",),
    ),
)
_KEYS = {  # how each analytics_style spells the export's analytics fields (a path into metadata)
    "snake": {k: (k,) for k in ANALYTICS_KEYS},
    "camel": {
        "qa_score": ("qaScore",),
        "sentiment": ("overallSentiment",),
        "categories": ("categories",),
        "summary": ("callSummary",),
        "csat": ("csatScore",),
        "predicted_csat": ("predictedCsat",),
        "churn_risk": ("churnRisk",),
        "agent_assist": ("agentAssist",),
    },
    "title": {
        "qa_score": ("QA Score",),
        "sentiment": ("Sentiment",),
        "categories": ("Topics",),
        "summary": ("Summary",),
        "csat": ("CSAT",),
        "predicted_csat": ("Predicted CSAT",),
        "churn_risk": ("Churn Risk",),
        "agent_assist": ("Agent Assist",),
    },
    "nested": {
        "qa_score": ("analytics", "quality", "score"),
        "sentiment": ("analytics", "sentiment", "overall"),
        "categories": ("analytics", "categories"),
        "summary": ("analytics", "summary"),
        "csat": ("survey", "csat"),
        "predicted_csat": ("predictions", "csat"),
        "churn_risk": ("predictions", "churn_risk"),
        "agent_assist": ("analytics", "agent_assist"),
    },
}
ANALYTICS_STYLES = tuple(_KEYS)


# ----------------------------------------------------------------------------------------- ladder API
def _interp(anchors: tuple[float, ...], pos: float) -> float:
    i = min(int(pos), len(anchors) - 2)
    return round(anchors[i] + (anchors[i + 1] - anchors[i]) * (pos - i), 4)


def centre_ladder(ladder: str, *, analytics: bool = True, timestamps: bool = True, levels: int = 5) -> list[Centre]:
    """`levels` centres of one ladder, rank 1 (reactive) to the top, each more capable than the last."""
    if ladder not in LADDERS:
        raise ValueError(f"unknown ladder {ladder!r}; expected one of {LADDERS}")
    if not 5 <= levels <= 7:
        raise ValueError("levels must be 5, 6 or 7")
    anchors = {**_BASE, **_OVERRIDES[ladder]}
    out = []
    for rank in range(1, levels + 1):
        pos = 4 * (rank - 1) / (levels - 1)
        knobs = {k: _interp(v, pos) for k, v in anchors.items()}
        shares = {k: _interp(v, pos) if analytics else 0.0 for k, v in _ANALYTICS.items()}
        caps = Capabilities(channels=_CHANNEL_STEPS[ladder][math.ceil(pos - 1e-9)], analytics=shares, **knobs)
        name = f"{ladder}-r{rank}" if levels == 5 else f"{ladder}-r{rank}of{levels}"
        name += ("" if analytics else "+noanalytics") + ("" if timestamps else "+untimed")
        out.append(Centre(name, rank, ladder, caps, timestamps, _STYLE_OF[ladder]))
    return out


def _dialogue_key(centre: Centre) -> str:
    """What seeds a centre's dialogues: its name without variant marks, so variants pair up."""
    return centre.name.split("+", 1)[0]


def without_automated_qa(centre: Centre) -> Centre:
    """The same centre (same dialogues for a seed, name marked +noqa) with no qa_score in its export."""
    shares = {k: v for k, v in centre.capabilities.analytics.items() if k != "qa_score"}
    return replace(centre, name=f"{centre.name}+noqa", capabilities=replace(centre.capabilities, analytics=shares))


def is_less_capable(a: Centre, b: Centre) -> bool:
    """True when a is at most as capable as b on every knob and strictly less on at least one."""
    ca, cb = a.capabilities, b.capabilities
    strict = False
    for f in fields(Capabilities):
        x, y = getattr(ca, f.name), getattr(cb, f.name)
        if f.name == "channels":
            if not set(x) <= set(y):
                return False
            strict |= set(x) < set(y)
        elif f.name == "analytics":
            for k in set(x) | set(y):
                if x.get(k, 0.0) > y.get(k, 0.0):
                    return False
                strict |= x.get(k, 0.0) < y.get(k, 0.0)
        else:
            if f.name in LOWER_IS_BETTER:
                x, y = -x, -y
            if x > y:
                return False
            strict |= x < y
    return strict


def _check_ladders() -> None:
    """Assert every ladder rises strictly, for every level count, with and without analytics."""
    for ladder in LADDERS:
        for levels in (5, 6, 7):
            for analytics in (True, False):
                centres = centre_ladder(ladder, analytics=analytics, levels=levels)
                assert [c.rank for c in centres] == list(range(1, levels + 1))
                for i, lo in enumerate(centres):
                    for hi in centres[i + 1 :]:
                        assert is_less_capable(lo, hi), (lo.name, hi.name)
                        assert not is_less_capable(hi, lo), (hi.name, lo.name)
                    assert analytics or not any(lo.capabilities.analytics.values())
                    assert set(lo.capabilities.channels) <= set(ALL_CHANNELS)
        top = centre_ladder(ladder)[-1].capabilities
        assert len(top.channels) >= 4 and top.source_redaction >= 0.99 and top.transfer_rate <= 0.05


# ----------------------------------------------------------------------------------- text rendering
@cache
def _fields(template: str) -> frozenset[str]:
    return frozenset(f for _, f, _, _ in string.Formatter().parse(template) if f)


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def _spoken(tpl: str, rng: random.Random, who: str) -> str:
    """Voice style: fillers, and sometimes the lower-case unpunctuated look of ASR output."""
    if rng.random() < (0.35 if who == "customer" else 0.12):
        tpl = rng.choice(FILLERS if who == "customer" else AGENT_FILLERS) + _lower_first(tpl)
    if rng.random() < (0.3 if who == "customer" else 0.08):
        tpl = tpl.lower().replace(". ", " ").rstrip(".!")
    return tpl


def _typed(tpl: str, rng: random.Random) -> str:
    """Chat style for customers: lower case, no full stop, the odd abbreviation."""
    if rng.random() < 0.3:
        tpl = tpl.lower()
    if rng.random() < 0.3:
        tpl = tpl.rstrip(".")
    if rng.random() < 0.15:
        tpl = tpl.replace("thanks", "thx").replace("please", "pls")
    return tpl


class _Talk:
    """Collects turns: [speaker, text, agent_id, pause_before, optional_group]."""

    def __init__(self, rng: random.Random, ctx: dict[str, str], style: str) -> None:
        self.rng, self.ctx, self.style = rng, ctx, style
        self.turns: list[list[Any]] = []
        self.group = 0
        self.mark: tuple[int, str | None] | None = None
        self.asked: set[str] = set()

    def fill(self, pool: Any, speaker: str) -> str:
        if isinstance(pool, dict):
            pool = pool["voice" if self.style == "voice" else "chat"]
        opts = [t for t in pool if _fields(t) <= self.ctx.keys()]
        if not opts:
            raise KeyError(f"no template fits the context: {pool[0]!r}")
        tpl = self.rng.choice(opts)
        if self.style == "voice" and speaker in ("customer", "agent"):
            tpl = _spoken(tpl, self.rng, speaker)
        elif self.style == "chat" and speaker == "customer":
            tpl = _typed(tpl, self.rng)
        return tpl.format_map(self.ctx)

    def say(
        self,
        speaker: str,
        pool: Any,
        agent: str | None = None,
        pause: str | None = None,
        group: int = 0,
        join: bool = False,
    ) -> None:
        text = self.fill(pool, speaker)
        last = self.turns[-1] if self.turns else None
        join = join or (self.style == "chat" and speaker == "agent" and not pause)  # chat agents write one message
        if join and not group and last and last[0] == speaker and last[2] == agent and not last[4]:
            last[1] = f"{last[1]} {text}"
        else:
            self.turns.append([speaker, text, agent, pause, group])

    def pair(self, asker: str, pairs: tuple, agent: str | None, group: int = 0) -> None:
        question, answers = self.rng.choice([q for q in pairs if q[0] not in self.asked] or pairs)
        self.asked.add(question)
        self.say(asker, (question,), agent, group=group)
        self.say("customer", answers, group=group)

    def optional(self) -> int:
        self.group += 1
        return self.group

    def finish(self, lo: int, hi: int) -> list[list[Any]]:
        """Pad with probing questions to `lo` turns; drop optional groups (latest first) down to `hi`."""
        while len(self.turns) < lo and self.mark:
            at, agent = self.mark
            question, answers = self.rng.choice([q for q in PROBES if q[0] not in self.asked] or PROBES)
            self.asked.add(question)
            block = [
                ["agent", self.fill((question,), "agent"), agent, None, 0],
                ["customer", self.fill(answers, "customer"), None, None, 0],
            ]
            self.turns[at:at] = block
        while len(self.turns) > hi:
            groups = [t[4] for t in self.turns if t[4]]
            if not groups:
                break
            g = max(groups)
            self.turns = [t for t in self.turns if t[4] != g]
        return self.turns


# ----------------------------------------------------------------------------------------------- PII
def _luhn_card(rng: random.Random) -> str:
    digits = [int(c) for c in rng.choice(("4539", "4921", "5412", "5573"))] + [rng.randrange(10) for _ in range(11)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return "".join(map(str, digits + [(10 - total % 10) % 10]))


def _say_digits(s: str, zero: str = "zero") -> str:
    return " ".join(zero if c == "0" else DIGITS[int(c)] for c in s if c.isdigit())


def _pii_values(rng: random.Random, voice: bool) -> dict[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    card = _luhn_card(rng)
    phone = rng.choice(("07700 900", "01632 960")) + f"{rng.randrange(1000):03d}"
    email = f"{first.lower()}.{last.lower().replace(chr(39), '')}{rng.randint(1, 99)}@" + rng.choice(
        ("example.com", "example.co.uk", "example.net")
    )
    area = rng.choice(("M", "B", "LS", "SW", "EH", "CF", "BS", "NE", "G", "L"))
    inward = f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPRSTUWXY')}{rng.choice('ABDEFGHJLNPRSTUWXY')}"
    postcode = f"{area}{rng.randint(1, 20)} {inward}"
    day, month, year = rng.randint(1, 28), rng.randrange(12), rng.randint(1948, 2004)
    agent, agent2 = rng.sample(AGENTS, 2)
    vals = {
        "name": first,
        "fullname": f"{first} {last}",
        "agent": agent,
        "agent2": agent2,
        "last4": card[-4:],
        "address": f"{rng.randint(2, 140)} {rng.choice(STREETS)}",
    }
    if voice:
        vals.update(
            card=", ".join(_say_digits(card[i : i + 4]) for i in range(0, 16, 4)),
            phone=_say_digits(phone, "oh"),
            email=email.replace(".", " dot ").replace("@", " at "),
            postcode=" ".join(c.lower() if c.isalpha() else DIGITS[int(c)] for c in postcode.replace(" ", "")),
            dob=f"the {day}{'th' if 10 < day < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')} of "
            f"{MONTHS[month]} {year}",
            last4=_say_digits(card[-4:]),
        )
    else:
        vals.update(
            card=" ".join(card[i : i + 4] for i in range(0, 16, 4)),
            phone=phone,
            email=email,
            postcode=postcode,
            dob=f"{day:02d}/{month + 1:02d}/{year}",
        )
    return vals


def _masked_values(style: dict[str, str], last4: str | None) -> dict[str, str]:
    """Masker output as the export shows it; a starred card keeps its last four digits in text channels."""
    out = {
        k: style.get(k, style.get("*", "[PII]"))
        for k in (
            "name",
            "fullname",
            "agent",
            "agent2",
            "card",
            "last4",
            "phone",
            "email",
            "postcode",
            "dob",
            "address",
        )
    }
    out["card"] = out["card"].replace("{last4raw}", last4) if last4 else style.get("*", "[PII]")
    return out


# ---------------------------------------------------------------------------------- conversation flows
def _ivr(t: _Talk, p: SimpleNamespace) -> bool:
    """IVR front end; True when the IVR self-served the whole call."""
    welcome = t.fill(IVR_WELCOME, "ivr")
    if p.disclosure and t.rng.random() < 0.6:
        welcome += " " + t.fill(IVR_DISCLOSURE, "ivr")
        p.disclosed = True
    t.turns.append(["ivr", welcome, None, None, 0])
    t.say("ivr", IVR_MENU)
    t.say("customer", IVR_CHOICE if p.ivr_contained else IVR_CHOICE_AGENT)
    if p.mode != "none":
        t.pair("ivr", IVR_ASK_PII, None)
    else:
        t.say("ivr", IVR_KEYPAD)
    if not p.ivr_contained:
        t.say("ivr", IVR_ROUTE)
        return False
    t.say("ivr", p.reason["ivr"])
    t.say("ivr", IVR_MORE)
    t.say("customer", IVR_DONE)
    t.say("ivr", IVR_BYE)
    return True


def _bot(t: _Talk, p: SimpleNamespace) -> bool:
    """Virtual assistant front end; True when the bot resolved the contact itself."""
    t.say("bot", BOT_GREETING)
    if p.disclosure and t.rng.random() < 0.5:
        t.say("bot", BOT_DISCLOSURE, join=True)
        p.disclosed = True
    t.say("customer", (p.ask,))
    t.pair("bot", BOT_CLARIFY_PII if p.mode != "none" else BOT_CLARIFY, None)
    if p.bot_contained:
        t.say("bot", p.reason["bot_task"] if p.bot_task else p.reason["bot_info"])
        if p.predicted:
            t.say("bot", BOT_PREDICTED)
            t.say("customer", PREDICTED_REACT)
        t.say("bot", BOT_MORE, group=t.optional())
        t.say("customer", RESOLVED)
        t.say("bot", BOT_SURVEY if p.survey else BOT_BYE)
        return True
    if p.bot_task:
        t.say("bot", p.reason["bot_task"])
        t.say("customer", CUST_BOT_NOT_ENOUGH)
    else:
        t.say("bot", BOT_FAIL)
        t.say("customer", CUST_WANTS_HUMAN)
    t.say("bot", BOT_HANDOFF)
    return False


def _agent(t: _Talk, p: SimpleNamespace, front: str) -> None:
    """The agent-handled part of an inbound voice call or a chat/SMS/social conversation."""
    rng, a = t.rng, p.agent
    after_bot, pause = front == "bot", ("queue" if front in ("ivr", "bot") else None)
    if after_bot and p.soft:
        t.say("agent", GREET_AFTER_BOT, a, pause=pause)
    else:
        t.say("agent", GREET if p.soft else GREET_PLAIN, a, pause=pause)
    if p.disclosure and not p.disclosed:
        t.say("agent", DISCLOSURE, a, join=rng.random() < 0.6)
    if p.wait:
        t.say("customer", CUST_WAIT)
        if p.soft:
            t.say("agent", WAIT_SORRY, a, group=t.optional())
    t.say("customer", CUST_WARM_OK if after_bot and p.soft else (p.ask,))
    if p.soft:
        t.say("agent", EMPATHY, a)
        t.say("agent", OWNERSHIP, a, join=True)
    else:
        t.say("agent", ACK_PLAIN, a)
    t.mark = (len(t.turns), a)
    _identity(t, p, a)
    _agent_body(t, p, after_bot)


def _identity(t: _Talk, p: SimpleNamespace, a: str) -> None:
    if p.identity:
        t.pair("agent", ID_PII if p.mode != "none" else ID_NO_PII, a)
        t.say("agent", ID_OK, a, group=t.optional())


def _agent_body(t: _Talk, p: SimpleNamespace, after_bot: bool = False) -> None:
    """From the details to the close: context, hold, transfer, offers, outcome, survey."""
    rng, a = t.rng, p.agent
    if p.mode != "none" and not after_bot:
        t.pair("agent", PII_ASK, a)
    if t.style == "voice":
        for _ in range(rng.randint(0, 2)):
            t.pair("agent", PROBES, a, group=t.optional())
    if p.history:
        t.say("agent", HISTORY, a)
    if p.cross:
        t.say("agent", CROSS_CHANNEL, a, join=p.history)
    if p.hold:
        t.say("agent", HOLD, a)
        t.say("customer", HOLD_OK, group=t.optional())
        t.say("agent", HOLD_BACK, a, pause="hold")
    if p.transfer:
        t.say("agent", TRANSFER, a)
        a = p.agent2
        if p.repeat_after:
            t.say("agent", NEW_AGENT_COLD, a, pause="ring")
            t.say("customer", CUST_REPEAT)
        else:
            t.say("agent", NEW_AGENT_WARM, a, pause="ring")
            t.say("customer", CUST_WARM_OK)
    if p.predicted:
        t.say("agent", PREDICTED, a)
        t.say("customer", PREDICTED_REACT)
    if p.cancel:
        t.say("customer", CANCEL)
        t.say("agent", RETENTION if p.retention else NO_RETENTION, a)
        if p.retention:
            t.say("customer", RETENTION_REACT)
    t.say("agent", p.fix if p.resolved else p.fail, a)
    if p.proactive:
        t.say("agent", PROACTIVE, a, join=rng.random() < 0.5)
        t.say("customer", PROACTIVE_REACT)
    t.say("agent", MORE if p.soft else MORE_PLAIN, a, group=t.optional())
    t.say("customer", RESOLVED if p.resolved else UNRESOLVED)
    if p.survey:
        t.say("agent", SURVEY, a)
    t.say("agent", CLOSE if p.soft else CLOSE_PLAIN, a, join=p.survey)


def _outbound(t: _Talk, p: SimpleNamespace) -> None:
    """A proactive outbound call: the agent rings the customer about something coming up."""
    a, r = p.agent, p.reason
    if "name" in t.ctx:
        t.say("agent", OUT_OPEN_NAMED, a)
        t.say("customer", OUT_ANSWER)
        t.say("agent", OUT_INTRO, a)
    else:
        t.say("agent", OUT_OPEN_ANON, a)
    if p.disclosure:
        t.say("agent", DISCLOSURE, a, join=True)
    t.say("customer", ("yeah ok", "go on", "sure", "yes that's fine", "ok, what's it about?"))
    t.mark = (len(t.turns), a)
    _identity(t, p, a)
    t.say("agent", r["open"], a)
    t.say("customer", r["react"])
    _agent_body(t, p)


def _email(t: _Talk, p: SimpleNamespace) -> None:
    """An email thread: the customer's message, the reply (or a hand-on plus a reply), the customer's answer."""
    ask = t.fill((p.ask,), "x")
    lines = [ask[:1].upper() + ask[1:] + ("" if ask.endswith(("?", ".")) else ".")]
    for flag, pool in ((p.mode != "none", EMAIL_PII), (p.wait, EMAIL_WAIT)):
        if flag:
            lines.append(t.fill(pool, "x"))
    if p.cancel:
        lines.append("If this isn't sorted I will be cancelling my account.")
    t.turns.append(
        ["customer", f"{t.fill(EMAIL_OPEN, 'x')}\n\n{' '.join(lines)}\n\n{t.fill(EMAIL_SIGN, 'x')}", None, None, 0]
    )
    a = p.agent
    if p.transfer:
        note = [t.fill(EMAIL_HELLO, "x"), t.fill(EMAIL_TRANSFER, "x"), t.fill(EMAIL_CLOSE, "x")]
        t.turns.append(["agent", "\n\n".join(note), a, None, 0])
        a = p.agent2
    parts = [t.fill(EMAIL_THANKS, "x")]
    if p.wait and p.soft:
        parts.append(t.fill(WAIT_SORRY, "x"))
    if p.transfer and p.repeat_after:
        parts.append("Could you tell us again what the problem is? Your first message didn't reach us with the case.")
    extras = (
        (p.soft, EMPATHY),
        (p.identity, EMAIL_ID),
        (p.history, HISTORY),
        (p.cross, CROSS_CHANNEL),
        (p.predicted, PREDICTED),
        (p.cancel, RETENTION if p.retention else NO_RETENTION),
        (True, p.fix if p.resolved else p.fail),
        (p.proactive, PROACTIVE),
        (p.survey, EMAIL_SURVEY),
    )
    parts += [t.fill(pool, "x") for flag, pool in extras if flag]
    reply = f"{t.fill(EMAIL_HELLO if p.soft else ('Hello,',), 'x')}\n\n{' '.join(parts)}\n\n"
    reply += t.fill(EMAIL_CLOSE if p.soft else EMAIL_CLOSE_PLAIN, "x")
    if p.disclosure:
        reply += "\n\n" + t.fill(EMAIL_DISCLOSURE, "x")
    t.turns.append(["agent", reply, a, None, 0])
    t.turns.append(["customer", t.fill(EMAIL_RESOLVED if p.resolved else EMAIL_UNRESOLVED, "x"), None, None, 0])
    if p.soft and p.resolved and not p.transfer and t.rng.random() < 0.3:
        t.turns.append(["agent", "Glad to hear it, thanks for letting us know.", a, None, 0])


# ------------------------------------------------------------------------------------- planning, timing
_EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
_DAY = 86400.0
_VOICE_PAUSE = {"hold": (40.0, 120.0), "queue": (10.0, 90.0), "ring": (6.0, 25.0)}
_TEXT_PAUSE = {"hold": (60.0, 240.0), "queue": (30.0, 420.0), "ring": (20.0, 120.0)}


def _pick_channel(rng: random.Random, channels: tuple[str, ...], mix: dict[str, float]) -> str:
    weights = [mix.get(c, 0.1) for c in channels]
    return rng.choices(channels, weights)[0]


def _plan(centre: Centre, n: int, rng: random.Random) -> list[SimpleNamespace]:
    """Who contacts when, on which channel and why: repeat customers come back within 7 days."""
    cap = centre.capabilities
    chans, mix = cap.channels, _CHANNEL_MIX.get(centre.ladder, {})
    r = cap.repeat_contact_rate
    p_out = min(1.0, cap.outbound_share * (1 + r)) if "voice" in chans else 0.0
    tag = f"{zlib.crc32(_dialogue_key(centre).encode()) % 4096:03x}"
    slots: list[SimpleNamespace] = []
    k = 0
    while len(slots) < n:
        k += 1
        cid = f"cust-{tag}-{k:05d}" if rng.random() < cap.customer_id_share else None
        out = rng.random() < p_out
        ch = "voice" if out else _pick_channel(rng, chans, mix)
        why = rng.randrange(len(OUTBOUND_REASONS) if out else len(REASONS))
        repeat = rng.random() < r
        gap = rng.uniform(2 * 3600, 7 * _DAY - 3600) if repeat else 0.0
        day = int(rng.uniform(0, 30 * _DAY - gap) // _DAY)
        t0 = day * _DAY + rng.uniform(8 * 3600, 20 * 3600)
        slots.append(
            SimpleNamespace(
                t=t0, cid=cid, channel=ch, direction="outbound" if out else "inbound", why=why, repeat=False, prev=None
            )
        )
        if repeat:
            others = tuple(c for c in chans if c != ch)
            ch2 = _pick_channel(rng, others, mix) if others and rng.random() < cap.multi_channel_customer_rate else ch
            why2 = rng.randrange(len(REASONS)) if out else why
            slots.append(
                SimpleNamespace(t=t0 + gap, cid=cid, channel=ch2, direction="inbound", why=why2, repeat=True, prev=ch)
            )
    slots = sorted(slots[:n], key=lambda s: s.t)
    return slots


def _draw(cap: Capabilities, slot: SimpleNamespace, rng: random.Random) -> SimpleNamespace:
    """Every behaviour of one contact, from a fixed number of draws."""
    u = [rng.random() for _ in range(24)]
    inbound, ch = slot.direction == "inbound", slot.channel
    res_rate = cap.resolution_rate

    def contain(c: float) -> float:
        return min(1.0, c / res_rate) if res_rate > 0 else 0.0

    p = SimpleNamespace(resolved=u[0] < res_rate, disclosed=False)
    p.ivr = inbound and ch == "voice" and u[1] < cap.ivr_share
    p.ivr_contained = p.ivr and p.resolved and u[2] < contain(cap.ivr_containment)
    p.bot = inbound and ch in MESSAGING and u[3] < cap.bot_share
    p.bot_contained = p.bot and p.resolved and u[4] < contain(cap.bot_containment)
    p.bot_task = p.bot and u[5] < cap.bot_task_completion
    p.transfer = u[6] < cap.transfer_rate
    p.repeat_after = p.transfer and u[7] < cap.repeat_after_transfer
    p.hold = ch != "email" and u[8] < cap.hold_rate
    p.wait = inbound and u[9] < cap.wait_complaint_rate
    p.disclosure = u[10] < cap.disclosure_rate
    p.survey = u[11] < cap.survey_rate
    p.identity = u[12] < cap.identity_verification_rate
    p.soft = u[13] < cap.soft_skills
    p.history = u[14] < cap.history_reference_rate
    p.proactive = u[15] < cap.proactive_offer_rate
    p.cancel = u[16] < cap.cancellation_share
    p.retention = p.cancel and u[17] < cap.retention_offer_rate
    p.predicted = u[18] < cap.predicted_need_rate
    p.cross = len(cap.channels) > 1 and u[19] < cap.cross_channel_reference_rate
    p.mode = "masked" if u[20] < cap.source_redaction else ("raw" if u[21] < cap.raw_pii_rate else "none")
    p.has_agent_id = u[22] < cap.agent_id_share
    p.analytics_u = u[23]
    return p


def _timeline(
    rows: list[list[Any]], channel: str, rng: random.Random, target: float | None
) -> list[tuple[float, float]]:
    """start/end seconds per turn: voice by word count, text channels by typing and reply delays."""
    gaps, durs = [], []
    for k, (speaker, text, _, pause, _) in enumerate(rows):
        if channel == "voice":
            gap = rng.uniform(0.2, 1.2) if k else 0.0
            gap += rng.uniform(*_VOICE_PAUSE[pause]) if pause else 0.0
            dur = 0.4 + (text.count(" ") + 1) / rng.uniform(2.2, 3.0)
        elif channel == "email":
            gap, dur = (rng.uniform(1800, 1.5 * _DAY) if k else 0.0), 0.0
        else:
            slow = 1.0 if channel == "chat" else 5.0
            reply = rng.uniform(0.8, 2.5) if speaker == "bot" else rng.uniform(6, 40) * slow + len(text) / 5
            gap = (reply if k else 0.0) + (rng.uniform(*_TEXT_PAUSE[pause]) if pause else 0.0)
            dur = 0.0
        gaps.append(gap)
        durs.append(dur)
    extra = (target or 0.0) - sum(gaps) - sum(durs)
    if extra > 0:  # a long call: longer holds, agents pause a few seconds to work, everyone talks at more length
        for k in range(2, len(rows)):
            cap = 150.0 if rows[k][3] == "hold" else 8.0 if rows[k][0] == "agent" and not rows[k][3] else 0.0
            add = min(extra, rng.uniform(0.2, 1.0) * cap)
            gaps[k] += add
            extra -= add
        talk = [max(0.0, d - 0.4) for d in durs]
        durs = [d + extra * w / (sum(talk) or 1.0) for d, w in zip(durs, talk, strict=True)]
    out, clock = [], 0.0
    for gap, dur in zip(gaps, durs, strict=True):
        start = clock + gap
        clock = start + dur
        out.append((round(start, 2), round(clock, 2)))
    return out


# ------------------------------------------------------------------------------------------ analytics
def _set(meta: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        meta = meta.setdefault(key, {})
    meta[path[-1]] = value


def _analytics(
    centre: Centre, p: SimpleNamespace, topic: str, category: str, team: str, rng: random.Random
) -> dict[str, Any]:
    """Export-carried analytics; every value is drawn whether or not it is kept (stable dialogues)."""
    soft, res = float(p.soft), float(p.resolved)
    qa = max(0, min(100, round(48 + 25 * soft + 15 * res - 6 * p.transfer - 4 * p.hold + rng.gauss(0, 6))))
    score = max(-1.0, min(1.0, 0.5 * res - 0.25 - 0.3 * p.wait - 0.3 * p.cancel + 0.15 * soft + rng.gauss(0, 0.15)))
    label = "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"
    cats = [category] + [
        c
        for flag, c in (
            (p.transfer, "Transfer"),
            (p.wait, "Wait time"),
            (p.cancel, "Cancellation"),
            (not p.resolved, "Unresolved"),
        )
        if flag
    ]
    if p.bot_contained or p.ivr_contained:
        outcome = rng.choice(
            ("Handled in self-service; the customer confirmed it was sorted.", "Self-service completed the request.")
        )
    elif p.resolved:
        outcome = rng.choice(
            ("The advisor resolved the issue and the customer confirmed.", "Resolved on first contact.")
        )
    else:
        outcome = rng.choice(("Not resolved; the customer expects to contact again.", "Issue still open at the end."))
    extra = f" Transferred to the {team} team." if p.transfer else ""
    summary = rng.choice(("Customer got in touch about {t}. {o}", "Contact regarding {t}. {o}"))
    summary = summary.format(t=topic, o=outcome)
    csat = max(1, min(5, round(2.2 + 2.0 * res + 0.6 * soft - 0.5 * p.wait + rng.gauss(0, 0.7))))
    pcsat = round(max(1.0, min(5.0, 2.4 + 1.8 * res + 0.5 * soft - 0.4 * p.wait + rng.gauss(0, 0.3))), 1)
    churn = 0.08 + 0.45 * p.cancel + 0.2 * (1 - res) + 0.1 * p.wait + rng.gauss(0, 0.05)
    churn = round(max(0.0, min(1.0, churn)), 2)
    tips = rng.sample(ASSIST_TIPS, rng.randint(1, 3))
    values = {
        "qa_score": qa,
        "sentiment": round(score, 2) if centre.analytics_style == "title" else label,
        "categories": cats,
        "summary": summary + extra,
        "csat": csat,
        "predicted_csat": pcsat,
        "churn_risk": churn,
        "agent_assist": tips,
    }
    meta: dict[str, Any] = {}
    keys = _KEYS[centre.analytics_style]
    for key, share in centre.capabilities.analytics.items():
        if key in keys and p.analytics_u < share:
            _set(meta, keys[key], values[key])
    return meta


# ------------------------------------------------------------------------------------------ public API
def _conversation(centre: Centre, i: int, slot: SimpleNamespace, rng: random.Random) -> dict[str, Any]:
    cap, ch = centre.capabilities, slot.channel
    p = _draw(cap, slot, rng)
    brand, domain = _BRANDS.get(centre.ladder, ("Acme", "acme.example"))
    r = OUTBOUND_REASONS[slot.why] if slot.direction == "outbound" else REASONS[slot.why]
    others = [c for c in cap.channels if c != ch] or ["voice"]
    prev = slot.prev if slot.repeat and slot.prev != ch else rng.choice(others)
    agents = [f"a-{k}" for k in rng.sample(range(1, 41), 2)]
    li = LADDERS.index(centre.ladder) if centre.ladder in LADDERS else 0
    ctx = {
        "brand": brand,
        "botname": _BOT_NAMES[li],
        "team": r["team"],
        "topic": r["topic"],
        "say": r.get("say", ""),
        "digit": r.get("digit", "0"),
        "amount": f"£{rng.randint(12, 240)}.{rng.choice(('00', '50', '99', '20'))}",
        "ref": str(rng.randint(10**7, 10**8)),
        "day": rng.choice(DAYS),
        "prevday": rng.choice(DAYS),
        "prev": PREV_PHRASE[prev],
        "link": f"{domain}/help",
        "mins": str(rng.randint(3, 25)),
        "pos": str(rng.randint(2, 9)),
        "otp": _say_digits(f"{rng.randrange(10**6):06d}"),
    }
    pii = _pii_values(rng, ch == "voice")
    if p.mode == "raw":
        ctx.update(pii)
    elif p.mode == "masked":
        ctx.update(_masked_values(MASKS[(li + centre.rank) % len(MASKS)], None if ch == "voice" else pii["last4"]))
    style = "voice" if ch == "voice" else "email" if ch == "email" else "chat"
    t = _Talk(rng, ctx, style)
    p.agent, p.agent2, p.reason = agents[0], agents[1], r
    p.fix, p.fail = r["fix"], r["fail"]
    if slot.direction == "inbound":
        ask = rng.choice(r["ask"])
        ctx["ask"] = ask.format_map(ctx)
        lead = rng.choice(REPEAT_OPENER) if slot.repeat and rng.random() < 0.6 else ""
        hello = rng.choice(HELLO) if style != "email" and rng.random() < 0.4 else ""
        social = f"@{brand} " if ch == "social" and rng.random() < 0.4 else ""
        p.ask = social + hello + lead + ask
    else:
        ctx["ask"] = f"it's about {r['topic']}"
    front, handled = "", True
    if slot.direction == "outbound":
        _outbound(t, p)
    elif ch == "email":
        _email(t, p)
    else:
        if p.ivr:
            front, handled = "ivr", not _ivr(t, p)
        elif p.bot:
            front, handled = "bot", not _bot(t, p)
        if handled:
            _agent(t, p, front)
    target = cap.handle_time_s * rng.uniform(0.6, 1.4) if ch == "voice" and handled else None
    lo = min(28, max(12, int(target / 30))) if target else (6 if handled else 0)
    hi = 16 if style == "chat" and not target else 30
    rows = t.finish(lo, hi)
    times = _timeline(rows, ch, rng, target)
    meta = _analytics(centre, p, r["topic"], r["category"], r["team"], rng)
    meta.update(language="en-GB", brand=brand, region=rng.choice(("north", "south", "midlands", "scotland", "wales")))
    if handled:
        meta["disposition"] = r["queue"].upper()
    turns = []
    for (speaker, text, aid, _, _), (start, end) in zip(rows, times, strict=True):
        turn: dict[str, Any] = {
            "speaker": speaker,
            "text": text,
            "start": start if centre.timestamps else None,
            "end": end if centre.timestamps else None,
        }
        if aid:
            turn["metadata"] = {"agent_id": aid}
        turns.append(turn)
    started = _EPOCH + timedelta(seconds=int(slot.t))
    return {
        "conversation_id": f"{centre.name}-{i:05d}",
        "channel": ch,
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "customer_id": slot.cid,
        "agent_id": agents[0] if handled and p.has_agent_id else None,
        "queue": r["queue"],
        "direction": slot.direction,
        "turns": turns,
        "metadata": meta,
    }


def conversations(centre: Centre, n: int, seed: int = 0) -> list[dict]:
    """`n` canonical conversation dicts for `centre`, deterministic in (centre, n, seed)."""
    if centre.analytics_style not in _KEYS:
        raise ValueError(f"unknown analytics_style {centre.analytics_style!r}; expected one of {ANALYTICS_STYLES}")
    rng = random.Random(f"{seed}|{_dialogue_key(centre)}")
    return [_conversation(centre, i, slot, rng) for i, slot in enumerate(_plan(centre, n, rng))]


def write_centre(centre: Centre, n: int, folder: Path, seed: int = 0) -> Path:
    """Write `n` conversations to folder/<centre.name>.jsonl (one JSON object a line) and return the path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{centre.name}.jsonl"
    lines = (json.dumps(c, sort_keys=True, ensure_ascii=False) for c in conversations(centre, n, seed))
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


if __name__ == "__main__":
    _check_ladders()
    for name in LADDERS:
        for c in centre_ladder(name):
            print(c.name, c.capabilities.channels, c.analytics_style)
