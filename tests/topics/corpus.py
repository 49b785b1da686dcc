"""A generated corpus of canonical JSONL conversations: five planted contact reasons outside the
taxonomy (`planted.PLANTED`) among ordinary taxonomy reasons (`planted.BACKGROUND`).

Each conversation is an agent greeting, the customer's reason turn and an agent reply; some open with
a customer greeting or "can you hear me?" first, and some end with a short customer answer, so the
classify stage has to find which customer turn states the reason. Days spread over two weeks; the
missed-bin reason grows in the second week (a rising trend).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.topics.planted import BACKGROUND, PLANTED

GREETINGS = [
    ("voice", "Good morning, you're through to customer services, my name's [PERSON], how can I help?"),
    ("voice", "thank you for calling this call may be recorded for training purposes how can i help you today"),
    ("voice", "Hello, you're speaking with [PERSON], what can I do for you?"),
    ("chat", "Hi there! You're chatting with [PERSON]. How can I help today?"),
    ("chat", "Hello, thanks for getting in touch. What can I help you with?"),
    ("chat", "Hi, welcome to live chat. How can I help?"),
]
OPENERS = ["hello?", "hi, can you hear me ok?", "hiya", "hi there", "yes hello"]
REPLIES = [
    "I'm sorry to hear that, let me look into it for you.",
    "Thanks for explaining, can I take your postcode please?",
    "Of course, bear with me a moment while I check.",
    "I understand, let me pull up your details.",
]
ANSWERS = ["yes that's right", "okay thanks", "[PERSON]", "yeah it's [PHONE_NUMBER]"]


def _turns(rng: random.Random, channel_greeting: tuple[str, str], reason: str) -> tuple[str, list[dict]]:
    channel, greeting = channel_greeting
    turns = [{"speaker": "agent", "text": greeting}]
    if rng.random() < 0.2:
        turns.append({"speaker": "customer", "text": rng.choice(OPENERS)})
        turns.append({"speaker": "agent", "text": "Yes, I can hear you, go ahead."})
    turns.append({"speaker": "customer", "text": reason})
    turns.append({"speaker": "agent", "text": rng.choice(REPLIES)})
    if rng.random() < 0.15:
        turns.append({"speaker": "customer", "text": rng.choice(ANSWERS)})
    return channel, turns


def build(seed: int = 7) -> tuple[list[dict], dict[str, str]]:
    """(conversations, conversation_id -> reason); planted reasons keep their names, background ones
    are prefixed `bg:`."""
    rng = random.Random(seed)
    items = [(name, text) for name, texts in PLANTED.items() for text in texts]
    items += [(f"bg:{name}", text) for name, texts in BACKGROUND.items() for text in texts]
    rng.shuffle(items)
    conversations, truth = [], {}
    for number, (reason, text) in enumerate(items):
        conversation_id = f"tp-{number:04d}"
        channel, turns = _turns(rng, rng.choice(GREETINGS), text)
        if reason == "bin_collection_missed":
            day = rng.choice([1, 5, 8, 9, 10, 11, 12, 12, 13, 13, 14, 14])  # most in the second week
        else:
            day = rng.randint(1, 14)
        conversations.append(
            {
                "conversation_id": conversation_id,
                "channel": channel,
                "started_at": f"2026-03-{day:02d}T{rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}:00Z",
                "customer_id": f"cust-{rng.randint(1, 10_000):05d}",
                "turns": turns,
            }
        )
        truth[conversation_id] = reason
    return conversations, truth


def write(folder: Path, conversations: list[dict], name: str = "contacts.jsonl") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("".join(json.dumps(c) + "\n" for c in conversations), encoding="utf-8")
    return path
