"""Seeded generator of long voice calls (canonical JSONL) for the pipeline benchmark.

Why its own generator: sample_data has 50 short conversations and the train/eval sets must not leak
into a speed benchmark, so this module writes its own vocabulary. A call looks like a real
six-minute contact-centre call after speech-to-text: about 75 turns and 740 words, an agent and a
customer (some calls open with an IVR or voice bot), per-turn `start`/`end`, holds, transfers,
identity checks, PII spoken the way transcription writes it ("four one one one ...", "john dot smith
at gmail dot com"), closings and survey offers, agent script lines that repeat across calls, and
varied customer phrasing across five industries.

Call `index` is drawn from its own `random.Random`, seeded from (seed, index): the first 200 calls of
a 5,000-call corpus are the 200-call corpus, and writing streams one call at a time (flat memory).

    python benchmarks/pipeline/long_calls.py --n 200 --out calls.jsonl [--seed 17] [--minutes 6]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_SEED = 17
DEFAULT_MINUTES = 6.0
TURNS_PER_MINUTE = 12.5  # 75 turns in 6 minutes
WORDS_PER_TURN = 9.9  # about 740 words in 75 turns
_EPOCH = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


# -- people and places -------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Aaliyah", "Abdul", "Agnieszka", "Aidan", "Aisha", "Alejandro", "Amara", "Anil", "Beatriz", "Bronwen",
    "Callum", "Chen", "Chiamaka", "Ciaran", "Dariusz", "Deepa", "Eilidh", "Emeka", "Fatima", "Freya",
    "Gareth", "Hamza", "Hannah", "Ifeoma", "Imran", "Ingrid", "Jamal", "Jasmine", "Joanne", "Kai",
    "Kwame", "Laila", "Lorraine", "Malik", "Marcus", "Mei", "Niamh", "Olusegun", "Paulina", "Rahul",
    "Rhiannon", "Rosa", "Sanjay", "Siobhan", "Stuart", "Tariq", "Tomasz", "Valentina", "Wei", "Yusuf",
    "Zara", "Graham", "Dolores", "Kofi", "Petra", "Ravi", "Shauna", "Teodor", "Una", "Vikram",
)  # fmt: skip
SURNAMES = (
    "Abernethy", "Adeyemi", "Bhattacharya", "Blackwood", "Castellano", "Chaudhry", "Costa", "Dabrowski",
    "Donnelly", "Eze", "Fairbairn", "Fitzgerald", "Gallagher", "Goldberg", "Grzelak", "Hargreaves",
    "Hussain", "Ibrahim", "Jankowski", "Kapoor", "Kowalczyk", "Lindqvist", "Macleod", "Mahmood",
    "McAllister", "Mensah", "Nakamura", "Nwosu", "O'Sullivan", "Oyelaran", "Pemberton", "Przybylski",
    "Quigley", "Rahman", "Rosenthal", "Sandoval", "Sharma", "Sutherland", "Tanaka", "Thistlewood",
    "Upadhyay", "Vasquez", "Wainwright", "Whitfield", "Xu", "Yilmaz", "Zielinski", "Holloway", "Baptiste",
    "Okonkwo", "Papadopoulos", "Ferreira", "Kaur", "Lacey", "Moreau",
)  # fmt: skip
AGENT_NAMES = (
    "Beth", "Connor", "Dev", "Ellie", "Femi", "Gemma", "Harvey", "Isla", "Jordan", "Kiran", "Leanne", "Mo",
    "Nadia", "Owen", "Pria", "Reece", "Sam", "Tess", "Usman", "Vicky", "Wes", "Yasmin", "Zoe", "Arjun",
    "Bobbie", "Carys", "Dom", "Erin", "Faisal", "Grace", "Hollie", "Iqbal", "Jade", "Kerry", "Liam",
    "Megan", "Nathan", "Olivia", "Paddy", "Rachel",
)  # fmt: skip
STREETS = (
    "Alder", "Beechwood", "Brunswick", "Canal", "Chapel", "Clarence", "Coronation", "Dovecote", "Elmhurst",
    "Fenwick", "Foxglove", "Granville", "Harcourt", "Hawthorn", "Kingfisher", "Larch", "Marlborough",
    "Millbrook", "Newlands", "Orchard", "Pendle", "Quarry", "Rosebank", "Saxon", "Tannery", "Victoria",
    "Waverley", "Wharf", "Willowbrook", "Yew Tree",
)  # fmt: skip
STREET_KINDS = ("Road", "Street", "Avenue", "Close", "Lane", "Crescent", "Drive", "Way", "Grove", "Terrace")
TOWNS = (
    "Leeds", "Bristol", "Cardiff", "Glasgow", "Norwich", "Sheffield", "Derby", "Swansea", "Belfast",
    "Aberdeen", "Coventry", "Reading", "Plymouth", "Preston", "Stockport", "Luton", "Dundee", "York",
    "Wolverhampton", "Hull",
)  # fmt: skip
POSTCODE_AREAS = ("LS", "BS", "CF", "G", "NR", "S", "DE", "SA", "BT", "AB", "CV", "RG", "PL", "PR", "SK", "LU")
EMAIL_DOMAINS = ("gmail", "outlook", "hotmail", "yahoo", "icloud", "btinternet", "sky", "protonmail")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
NATO = {
    "A": "alpha", "B": "bravo", "C": "charlie", "D": "delta", "E": "echo", "F": "foxtrot", "G": "golf",
    "H": "hotel", "J": "juliet", "K": "kilo", "L": "lima", "M": "mike", "N": "november", "P": "papa",
    "Q": "quebec", "R": "romeo", "S": "sierra", "T": "tango", "U": "uniform", "V": "victor", "W": "whiskey",
    "X": "x-ray", "Y": "yankee", "Z": "zulu",
}  # fmt: skip
_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth", "twenty first", "twenty second", "twenty third", "twenty fourth",
    "twenty fifth", "twenty sixth", "twenty seventh", "twenty eighth",
)  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TEENS = (
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip


# -- how transcription writes spoken PII -------------------------------------------------------------------


def _two_digits(n: int) -> str:
    """'eighty six', 'oh four', 'twelve': how a year's halves are said."""
    if n < 10:
        return f"oh {DIGIT_WORDS[n]}"
    if n < 20:
        return _TEENS[n - 10]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f" {DIGIT_WORDS[ones]}" if ones else "")


def spoken_year(year: int) -> str:
    """'nineteen eighty six', 'two thousand and four'."""
    if 2000 <= year < 2010:
        return f"two thousand and {DIGIT_WORDS[year - 2000]}"
    return f"{_two_digits(year // 100)} {_two_digits(year % 100)}"


def spoken_digits(digits: str, rng: random.Random) -> str:
    """Digits one word each, the way people read numbers out: 'oh' for zero and 'double seven' at times."""
    words: list[str] = []
    i = 0
    while i < len(digits):
        d = digits[i]
        if not d.isdigit():
            i += 1
            continue
        word = "oh" if d == "0" and rng.random() < 0.7 else DIGIT_WORDS[int(d)]
        if i + 1 < len(digits) and digits[i + 1] == d and rng.random() < 0.5:
            words.append(f"double {word}")
            i += 2
            continue
        words.append(word)
        i += 1
    return " ".join(words)


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    """A card number that passes the Luhn check (recognizers validate it), from a scheme prefix."""
    body = prefix + "".join(str(rng.randrange(10)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True, slots=True)
class Person:
    """The caller's identity: what verification asks for and what redaction must find."""

    first: str
    last: str
    dob: datetime
    house: int
    street: str
    town: str
    postcode: str
    phone: str
    email_user: str
    email_domain: str
    card: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


def make_person(rng: random.Random) -> Person:
    """A caller with a consistent name, birthday, address, phone, email and card."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    dob = datetime(rng.randrange(1948, 2005), rng.randrange(1, 13), rng.randrange(1, 29))
    area = rng.choice(POSTCODE_AREAS)
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    postcode = f"{area}{rng.randrange(1, 30)} {rng.randrange(1, 10)}{rng.choice(letters)}{rng.choice(letters)}"
    phone = "07" + "".join(str(rng.randrange(10)) for _ in range(9))
    style = rng.randrange(4)
    base_last = last.lower().replace("'", "")
    email_user = (
        f"{first.lower()}.{base_last}",
        f"{first[0].lower()}{base_last}{rng.randrange(10, 99)}",
        f"{first.lower()}{dob.year % 100:02d}",
        f"{first.lower()}_{base_last}",
    )[style]
    scheme = rng.random()
    card = (
        _luhn_complete("4", 16, rng)
        if scheme < 0.6
        else _luhn_complete(str(rng.randrange(51, 56)), 16, rng)
        if scheme < 0.9
        else _luhn_complete(rng.choice(("34", "37")), 15, rng)
    )
    return Person(
        first=first,
        last=last,
        dob=dob,
        house=rng.randrange(1, 240),
        street=f"{rng.choice(STREETS)} {rng.choice(STREET_KINDS)}",
        town=rng.choice(TOWNS),
        postcode=postcode,
        phone=phone,
        email_user=email_user,
        email_domain=rng.choice(EMAIL_DOMAINS),
        card=card,
    )


def say_dob(p: Person, rng: random.Random) -> str:
    """A birthday as a caller says it and transcription writes it."""
    d = p.dob
    return rng.choice(
        (
            f"{_ORDINALS[d.day - 1]} of {MONTHS[d.month - 1]} {spoken_year(d.year)}",
            f"{d.day} {MONTHS[d.month - 1]} {d.year}",
            f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
            f"the {_ORDINALS[d.day - 1]} of the {_ORDINALS[d.month - 1]}, {_two_digits(d.year % 100)}",
        )
    )


def say_postcode(p: Person, rng: random.Random) -> str:
    """'LS6 2QT' or letter by letter, 'l s six two q t'."""
    if rng.random() < 0.5:
        return p.postcode
    out: list[str] = []
    for ch in p.postcode.replace(" ", ""):
        out.append(DIGIT_WORDS[int(ch)] if ch.isdigit() else ch.lower())
    return " ".join(out)


def say_address(p: Person, rng: random.Random) -> str:
    """The first line of an address, sometimes with the town."""
    line = f"{p.house} {p.street}"
    return f"{line}, {p.town}" if rng.random() < 0.5 else line


def say_phone(p: Person, rng: random.Random) -> str:
    """A mobile number in digits (grouped or not) or read out word by word."""
    style = rng.randrange(4)
    if style == 0:
        return f"{p.phone[:5]} {p.phone[5:]}"
    if style == 1:
        return f"{p.phone[:5]} {p.phone[5:8]} {p.phone[8:]}"
    if style == 2:
        return p.phone
    return spoken_digits(p.phone, rng)


def say_email(p: Person, rng: random.Random) -> str:
    """The address as typed, or as spoken: 'john dot smith at gmail dot com'."""
    domain = f"{p.email_domain}.co.uk" if p.email_domain in ("btinternet", "sky") else f"{p.email_domain}.com"
    if rng.random() < 0.35:
        return f"{p.email_user}@{domain}"
    user = p.email_user.replace(".", " dot ").replace("_", " underscore ")
    if any(ch.isdigit() for ch in user) and rng.random() < 0.5:
        user = "".join(f" {DIGIT_WORDS[int(ch)]} " if ch.isdigit() else ch for ch in user)
    return " ".join(f"{user} at {domain.replace('.', ' dot ')}".split())


def say_card_groups(card: str, rng: random.Random) -> list[str]:
    """The card number as transcription writes it, split into the pieces a caller reads it in."""
    groups = [card[i : i + 4] for i in range(0, len(card), 4)]
    style = rng.randrange(4)
    if style == 0:
        return [" ".join(groups)]
    if style == 1:
        return [card]
    if style == 2:
        return [", ".join(spoken_digits(g, rng) for g in groups)]
    # read in two halves, across two turns
    half = len(groups) // 2
    return [" ".join(groups[:half]), " ".join(spoken_digits(g, rng) for g in groups[half:])]


def spoken_ref(ref: str, rng: random.Random) -> str:
    """A booking or order reference read out: letters plain or phonetic, digits as words."""
    phonetic = rng.random() < 0.4
    out: list[str] = []
    for ch in ref:
        if ch.isdigit():
            out.append(DIGIT_WORDS[int(ch)])
        elif phonetic:
            out.append(f"{ch.lower()} for {NATO.get(ch, ch.lower())}")
        else:
            out.append(ch.lower())
    return " ".join(out)


def amount(rng: random.Random, low: int, high: int) -> str:
    """Money as transcription writes it, figures or words."""
    pounds, pence = rng.randrange(low, high), rng.choice((0, 0, 49, 99, 50, 17, 36))
    if rng.random() < 0.6:
        return f"£{pounds}.{pence:02d}" if pence else f"£{pounds}"
    return f"{pounds} pounds" + (f" {pence}" if pence else "")


# -- what calls are about ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    """One contact reason: how customers put it, what the agent asks and does, what PII it needs."""

    key: str
    queue: str
    openers: tuple[str, ...]  # the customer's first statement of the reason
    details: tuple[str, ...]  # the customer filling in the story
    probes: tuple[str, ...]  # agent questions
    actions: tuple[str, ...]  # agent explaining or doing
    collects: tuple[str, ...] = ()  # extra PII the call gathers: card, email, phone, address, ref
    transfer_team: str = "a specialist team"


@dataclass(frozen=True, slots=True)
class Industry:
    """A sector: its companies, its IVR menu, its contact reasons and the lines any of its calls may use."""

    key: str
    companies: tuple[str, ...]
    menu: str  # the IVR's options, read out
    ref_prefix: str  # order/booking/account reference shape
    reasons: tuple[Reason, ...]
    details: tuple[str, ...] = ()  # what callers say whatever the reason
    probes: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        key="banking",
        companies=("Harbourline Bank", "Crestmoor Building Society", "Tallis and Reed Bank"),
        menu="To report a lost or stolen card, press one. For payments and transfers, press two. "
        "For mortgages and loans, press three. For everything else, stay on the line.",
        ref_prefix="",
        details=(
            "I get paid on the {day} so anything before then is a problem",
            "I've banked with you since I was a student and never had an issue",
            "my husband normally deals with all of this but he's away with work",
            "I tried the chat in the app first but it kept going round in circles",
            "I went into the branch on {weekday} but they told me I had to phone",
            "I'm not comfortable doing it online, I'd much rather speak to a person",
            "the letter I got didn't really explain anything, it was all jargon",
        ),
        probes=(
            "Do you mostly use the mobile app or the website?",
            "Is this the account your salary gets paid into?",
            "Have you had any letters from us about this recently?",
            "What's the best time to reach you if we need to call back?",
        ),
        actions=(
            "I can see the account is all in good order otherwise, nothing outstanding",
            "I've put a note on so if you ring back anyone can see what we discussed",
            "You'll get a text confirming this within the hour",
            "I've checked and there's nothing else pending on the account",
        ),
        reasons=(
            Reason(
                key="lost_card",
                queue="cards",
                openers=(
                    "I think I've lost my debit card, I can't find it anywhere",
                    "my purse was taken out of my bag in town yesterday and my card was in it",
                    "I need to cancel my card, I left it in a cash machine I think",
                    "my bank card's gone missing and I'm panicking a bit to be honest",
                ),
                details=(
                    "The last time I definitely had it was on {weekday} when I paid for petrol",
                    "I've checked the car, the coat pockets, everywhere, it's just not there",
                    "I don't think anyone's used it but I can't see the app properly on my phone",
                    "I've got rent going out on the {day} so I really need a new one quickly",
                    "there's a payment of {amount} at some shop I've never heard of",
                    "no I didn't write the PIN down anywhere, I'm not daft",
                ),
                probes=(
                    "When did you last use the card, can you remember?",
                    "And have you noticed any payments on the account that you don't recognise?",
                    "Is the card still showing as active on your app at the moment?",
                    "Do you want the replacement sent to the address we hold for you?",
                ),
                actions=(
                    "Right, I've put a stop on that card now so nobody can use it from this point",
                    "A replacement card will be with you in three to five working days, "
                    "and the PIN comes separately a day or two after",
                    "I've raised a claim for that {amount} payment, the money goes back into the account "
                    "while we look into it",
                    "You can still use Apple Pay or Google Pay once the new card is added to your phone",
                ),
                collects=("address",),
                transfer_team="the fraud team",
            ),
            Reason(
                key="unrecognised_payment",
                queue="fraud",
                openers=(
                    "there's money gone out of my account that I never spent",
                    "I've got three payments to an online casino and I've never gambled in my life",
                    "someone's been using my card details, there's stuff on my statement I didn't buy",
                ),
                details=(
                    "It's {amount} each time and it started on {weekday}",
                    "I still have the card in my hand so they must have copied the number somehow",
                    "I did order something off a website last week that looked a bit dodgy now I think about it",
                    "that's my wages that's gone, I've got nothing left till the end of the month",
                    "I got a text saying it was the bank and to click a link, I might have done that",
                ),
                probes=(
                    "Can you tell me the amounts and the dates of the payments you don't recognise?",
                    "Have you shared any one time passcodes with anybody, even someone saying they were us?",
                    "Did you click on any links in a text or email recently?",
                    "Is the card still in your possession right now?",
                ),
                actions=(
                    "I've blocked the card and I'm ordering you a new one with a different number",
                    "I've logged all three transactions as disputed and you'll get a letter confirming the claim",
                    "We'll aim to have a decision within ten working days, usually it's quicker",
                    "I'd suggest changing your online banking password once we're done on this call",
                ),
                collects=("email",),
                transfer_team="the fraud team",
            ),
            Reason(
                key="mortgage_payment",
                queue="mortgages",
                openers=(
                    "I've had a letter saying my mortgage payment is going up and I don't understand why",
                    "I want to talk about overpaying my mortgage",
                    "I'm going to struggle with this month's mortgage payment and I wanted to ring before it bounces",
                ),
                details=(
                    "my fixed rate finishes in {month} and I haven't had anything about what happens next",
                    "it's gone from {amount} to nearly two hundred more a month, that's a lot for us",
                    "my partner's hours got cut at work so money's tight at the moment",
                    "we were hoping to pay a lump sum off when my bonus comes through",
                ),
                probes=(
                    "Is the mortgage in joint names or just your own?",
                    "Roughly how much would you be looking to overpay?",
                    "Has anything changed with your income recently that we should know about?",
                ),
                actions=(
                    "You can overpay up to ten percent a year without any early repayment charge",
                    "I can see your deal ends on the {day} of {month}, you can pick a new rate up to "
                    "six months before that",
                    "I can put a payment holiday request through for one month and note the account",
                    "I'll book you in with one of our mortgage advisers, they'll go through the new rates",
                ),
                transfer_team="the mortgage advice team",
            ),
            Reason(
                key="locked_out_online",
                queue="digital_banking",
                openers=(
                    "I can't get into my online banking, it keeps telling me my details are wrong",
                    "the app has locked me out after I put the passcode in wrong",
                    "I got a new phone and now the banking app won't let me log in",
                ),
                details=(
                    "I've tried resetting it twice and the code never comes through",
                    "I need to pay my council tax today or I'll get a fine",
                    "it says something about the device not being registered",
                    "I'm not very good with technology, my son normally sorts this out",
                ),
                probes=(
                    "What message do you get on the screen when you try to log in?",
                    "Are you getting the security code texted to the number ending in {four}?",
                    "Which version of the app do you have, is it up to date?",
                ),
                actions=(
                    "I've reset the lock on your profile so you can try again now",
                    "You'll get a text in a moment with a code, it's only valid for ten minutes",
                    "I've removed the old phone from the account so the new one can be registered",
                ),
                collects=("phone",),
            ),
        ),
    ),
    Industry(
        key="telco",
        companies=("Skyreach Mobile", "Fibrelink Broadband", "Corvo Telecom"),
        menu="For billing, press one. If your service isn't working, press two. "
        "To upgrade or leave, press three. For anything else, press four.",
        ref_prefix="",
        details=(
            "I only came to you because the signal used to be good round here",
            "the person in the shop told me something completely different",
            "my daughter's on the same account, she has the other line",
            "I've still got the router you sent last year, the black one",
            "the chat on the website was useless, it just kept sending me links",
            "I work nights so I'm using it mostly during the day",
        ),
        probes=(
            "Is this about the mobile line or the broadband?",
            "Which number on the account are we talking about?",
            "Have you had a look at your usage in the app?",
            "Roughly when did this start?",
        ),
        actions=(
            "I've noted the account so the next adviser can see what's been done",
            "You'll get a text confirming the changes in the next few minutes",
            "I've checked and there are no known outages in your area right now",
            "I can see your contract runs until {month} next year",
        ),
        reasons=(
            Reason(
                key="bill_increase",
                queue="billing",
                openers=(
                    "my bill this month is way higher than normal and nobody told me why",
                    "why have I been charged {amount} when my contract says it's less than half that",
                    "I want to query my latest bill, there's extra charges on it",
                ),
                details=(
                    "I haven't used any extra data, I'm on wifi at home all the time",
                    "it's the third month in a row the price has crept up",
                    "there's something on there called premium services and I never signed up to it",
                    "I've been with you for nine years and this is how you treat loyal customers",
                    "I only found out because my direct debit was bigger than my rent nearly",
                ),
                probes=(
                    "Can you see which lines on the bill are the ones you're querying?",
                    "Were you travelling abroad at all during that billing period?",
                    "Do you know if anyone else in the house uses the phone?",
                ),
                actions=(
                    "That's the annual price rise that comes in every April, it's in the terms of the contract",
                    "I've taken the premium service off and refunded {amount} back to your account",
                    "I've put a block on premium rate numbers so that can't happen again",
                    "I can see a cheaper plan that would save you about eight pounds a month",
                ),
                collects=("email",),
                transfer_team="the billing team",
            ),
            Reason(
                key="broadband_fault",
                queue="technical_support",
                openers=(
                    "my broadband keeps cutting out, it's been like this for about a week",
                    "the internet's completely dead, there's no lights on the router apart from a red one",
                    "my wifi speed is absolutely terrible in the evenings and I work from home",
                ),
                details=(
                    "I've turned it off and on again loads of times, that's the first thing I did",
                    "it drops every evening about seven o'clock and comes back around midnight",
                    "I've got a work call at nine tomorrow and I can't do it on my phone",
                    "the light on the front is flashing orange if that means anything",
                    "we're paying for nine hundred meg and getting about twelve",
                ),
                probes=(
                    "Can you tell me what colour the light on the front of the router is right now?",
                    "Is the router plugged straight into the main socket or into an extension?",
                    "Have you tried a cable straight from the laptop to the router?",
                    "How many devices are connected at the same time usually?",
                ),
                actions=(
                    "I'm running a line test now, it takes a couple of minutes",
                    "I can see a fault on the line outside the property, I'll book an engineer",
                    "The engineer can come on {weekday} between eight and one, does that work?",
                    "I'll send a new router out to you, it should arrive within two working days",
                    "I've added a credit of {amount} for the days you've been without service",
                ),
                collects=("address", "phone"),
                transfer_team="our network engineers",
            ),
            Reason(
                key="cancel_contract",
                queue="retentions",
                openers=(
                    "I'd like to leave, my contract finishes next month",
                    "I want to cancel my contract, I've found a much better deal elsewhere",
                    "I need my PAC code please, I'm moving my number to another network",
                ),
                details=(
                    "the other lot are offering unlimited data for {amount} a month",
                    "honestly the signal in my flat is rubbish, I have to stand by the window",
                    "I'm moving abroad for work so I won't need it",
                    "I'm not interested in offers, I've made my mind up",
                ),
                probes=(
                    "Can I ask what's made you decide to leave us?",
                    "What kind of price would you need to stay?",
                    "Do you want to keep your current number when you move?",
                ),
                actions=(
                    "I can offer you the same plan for {amount} a month on a twelve month deal",
                    "Your PAC code is being texted to you now, it's valid for thirty days",
                    "There's no early termination fee because you're out of contract from the {day}",
                    "I've set the account to close at the end of the billing month",
                ),
                collects=("phone",),
                transfer_team="the retentions team",
            ),
            Reason(
                key="roaming_charges",
                queue="billing",
                openers=(
                    "I've just got back from holiday and I've been charged a fortune for roaming",
                    "I'm going to {country} next week, will my phone work out there?",
                ),
                details=(
                    "I thought roaming was included in my plan, that's what the shop told me",
                    "I only used maps and WhatsApp, nothing else",
                    "the bill says {amount} in data charges for four days",
                ),
                probes=(
                    "Which country were you in and for how many days?",
                    "Did you get a text when you arrived telling you the daily charge?",
                ),
                actions=(
                    "Your plan includes roaming in Europe but not in {country}, that's charged by the megabyte",
                    "As a goodwill gesture I can refund half of those charges today",
                    "I'll add a travel bundle so it's a fixed daily price next time",
                ),
            ),
        ),
    ),
    Industry(
        key="retail",
        companies=("Bramble and Co", "SwiftDrop Parcels", "Wrenfield Home"),
        menu="To track an order, press one. For returns and refunds, press two. "
        "For a problem with an item, press three. For anything else, please hold.",
        ref_prefix="WD",
        details=(
            "I order from you all the time and this has never happened before",
            "I paid extra for next day delivery so I'd like that back too",
            "the app just says processing and it hasn't changed in days",
            "I've emailed twice and all I got was an automatic reply",
            "it was in the sale, I don't know if that makes a difference",
            "I live in a block of flats so the driver has to buzz up",
        ),
        probes=(
            "Did you place the order on the website or through the app?",
            "Which email address did you use when you ordered?",
            "Did you get a dispatch email at all?",
            "Was it paid for by card or with a gift card?",
        ),
        actions=(
            "I can see the order here, it was placed on {weekday}",
            "I've refunded the delivery charge on top of that",
            "I've flagged it with the warehouse so they treat it as a priority",
            "You'll get an email with everything we've agreed on this call",
        ),
        reasons=(
            Reason(
                key="where_is_order",
                queue="deliveries",
                openers=(
                    "my parcel was meant to come yesterday and it still hasn't turned up",
                    "the tracking says delivered but there's nothing here",
                    "I ordered a sofa six weeks ago and nobody can tell me when it's coming",
                ),
                details=(
                    "I stayed in all day on {weekday} waiting for it, I took a day off work",
                    "the photo on the tracking is of a door that isn't even mine",
                    "I've asked all the neighbours and nobody's taken anything in",
                    "it's a birthday present for my daughter and her birthday is on the {day}",
                    "every time I ring I get told something different",
                ),
                probes=(
                    "Can I take the order number please, it starts with {ref_prefix}?",
                    "Is there a safe place or a neighbour the driver might have left it with?",
                    "Can you describe the front door for me so I can compare it with the photo?",
                ),
                actions=(
                    "I can see it's been scanned at the local depot this morning",
                    "I've opened an investigation with the courier, they have forty eight hours to respond",
                    "If it's not found I'll send a replacement out on next day delivery free of charge",
                    "It's now booked for {weekday}, you'll get a text with a one hour slot the night before",
                ),
                collects=("ref", "address"),
                transfer_team="the courier liaison team",
            ),
            Reason(
                key="refund_missing",
                queue="returns",
                openers=(
                    "I sent a return back nearly three weeks ago and I still haven't had my money back",
                    "I want to return a dress that doesn't fit, how do I do that",
                    "you've refunded me the wrong amount for my return",
                ),
                details=(
                    "I've got the receipt from the post office, it was signed for on the {day}",
                    "it was {amount} which is a lot of money for me to be without",
                    "I only got back part of it, they've kept the delivery charge",
                    "the website says I can return it within thirty days and it's only been ten",
                ),
                probes=(
                    "Do you have the tracking number from when you posted it back?",
                    "Which items were in the return, was it the whole order?",
                    "Was the refund going back to the original card?",
                ),
                actions=(
                    "I can see the warehouse received it on {weekday}, it just hasn't been processed yet",
                    "I've pushed the refund through now, it can take three to five days to show on your card",
                    "I'll email you a prepaid returns label you can print or show on your phone",
                ),
                collects=("ref", "email"),
            ),
            Reason(
                key="damaged_item",
                queue="customer_care",
                openers=(
                    "the table I ordered has arrived with a massive crack down the middle",
                    "my order came but half of it is smashed",
                    "the washing machine you delivered is leaking everywhere",
                ),
                details=(
                    "the box was all crushed at one corner when the driver handed it over",
                    "I've taken photos of it, I can send them over",
                    "it cost {amount} and I saved up for it for months",
                    "I don't want another one, I just want my money back",
                ),
                probes=(
                    "Could you email over a couple of photos of the damage?",
                    "Would you like a replacement or a refund?",
                    "Is the packaging still there?",
                ),
                actions=(
                    "I've arranged a collection for the damaged one on {weekday}",
                    "The replacement is going out today and the driver will take the old one away",
                    "I've added a twenty pound voucher for the trouble",
                ),
                collects=("email", "ref"),
            ),
            Reason(
                key="change_delivery",
                queue="deliveries",
                openers=(
                    "I need to change the delivery address on an order I put in this morning",
                    "can I move my delivery to a different day, I'm away on {weekday}",
                ),
                details=(
                    "it's going to my old flat by mistake, the website filled it in automatically",
                    "I'm at work all week so the weekend would be better",
                ),
                probes=(
                    "What's the new address you'd like it to go to?",
                    "Which day would suit you better?",
                ),
                actions=(
                    "That's been updated, the order hasn't been picked yet so it's not a problem",
                    "I've moved it to {weekday}, you'll get a new confirmation email shortly",
                ),
                collects=("ref", "address"),
            ),
        ),
    ),
    Industry(
        key="utilities",
        companies=("Greenvale Energy", "Riverside Water", "Beacon Power and Gas"),
        menu="To give a meter reading, press one. For your bill or payments, press two. "
        "If you're moving home, press three. To report a gas leak or emergency, hang up and call the emergency line.",
        ref_prefix="",
        details=(
            "it's a two bedroom flat, it's just me and my partner",
            "we've had the heating on a lot more since the baby came",
            "I only switched over to you last year",
            "the direct debit comes out on the {day} of every month",
            "I'm on a key meter at the moment and I have to top it up at the shop",
            "my mum lives with us now and she feels the cold",
        ),
        probes=(
            "Are you on a fixed tariff or the standard variable one?",
            "Do you pay by direct debit or when the bill arrives?",
            "Has the number of people living there changed at all?",
            "Is the account in your name only?",
        ),
        actions=(
            "I've updated the account so future bills use that figure",
            "I can see a credit balance of {amount} on the account",
            "You'll get a revised statement by email within forty eight hours",
            "I've set a reminder to call you back in two weeks and see how things are going",
        ),
        reasons=(
            Reason(
                key="estimated_bill",
                queue="billing",
                openers=(
                    "my bill is estimated again and it's nowhere near what I actually use",
                    "I want to give you a meter reading because you keep guessing my bill",
                    "I've been sent a bill for {amount} for one quarter, that can't be right",
                ),
                details=(
                    "the reading on the meter now is {meter}",
                    "nobody has been to read the meter in about two years",
                    "I live on my own and I'm out at work most of the day",
                    "I've got the smart meter but it's stopped sending anything",
                ),
                probes=(
                    "Could you read me the numbers on the meter, left to right, ignoring anything in red?",
                    "Is that the gas or the electric meter you're reading?",
                    "Does the smart meter display show anything at the moment?",
                ),
                actions=(
                    "Thanks, I've put that reading on and the bill has come down to {amount}",
                    "I'll book a smart meter engineer to come and reconnect it",
                    "I've adjusted your monthly direct debit so you don't build up a debt",
                ),
                collects=("email",),
            ),
            Reason(
                key="moving_home",
                queue="home_moves",
                openers=(
                    "I'm moving house next week and I need to close my account",
                    "we've just moved into a new place and I want to set up the gas and electric",
                ),
                details=(
                    "we get the keys on the {day} of {month}",
                    "the previous tenants left a huge debt on the meter apparently",
                    "I'll take a photo of the meter on the day we leave",
                ),
                probes=(
                    "What's the date you're moving out?",
                    "Can you give me the address you're moving to, so we can send the final bill?",
                ),
                actions=(
                    "I've set the account to close on the {day}, we just need final readings on the day",
                    "The final bill will come about two weeks after you move",
                    "Any credit on the account will be refunded to your bank within ten days",
                ),
                collects=("address", "email"),
                transfer_team="the home moves team",
            ),
            Reason(
                key="payment_difficulty",
                queue="collections",
                openers=(
                    "I've got a letter saying I'm in arrears and I can't pay it all at once",
                    "I'm really struggling to keep up with my energy bills at the moment",
                ),
                details=(
                    "I lost my job in {month} and I'm on universal credit now",
                    "I've got two kids and the heating has to stay on",
                    "I can manage maybe twenty pounds a week, not more than that",
                    "I keep getting letters threatening to fit a prepayment meter and it's frightening",
                ),
                probes=(
                    "How much could you afford to pay towards the balance each month?",
                    "Are you getting any benefits at the moment?",
                    "Is anybody in the home elderly, disabled or with a health condition?",
                ),
                actions=(
                    "I've set up a payment plan of {amount} a month and put a hold on any further letters",
                    "You may be able to get a grant from our hardship fund, I'll send you the form",
                    "I've added you to the priority services register",
                ),
                collects=("email",),
                transfer_team="the customer support team",
            ),
            Reason(
                key="no_supply",
                queue="faults",
                openers=(
                    "there's no water coming out of the taps at all this morning",
                    "our power's gone off and the whole street is dark",
                ),
                details=(
                    "we've got a baby in the house so we really need it back on",
                    "there are workmen digging up the road at the end of the street",
                    "my neighbour says theirs is off too",
                ),
                probes=(
                    "Is it just your property or are the neighbours affected as well?",
                    "When did you first notice it?",
                ),
                actions=(
                    "There's a burst main in your area, engineers are on site now",
                    "We're expecting it to be back on by about four o'clock this afternoon",
                    "I'll register you for updates by text so you know when it's fixed",
                ),
                collects=("address", "phone"),
            ),
        ),
    ),
    Industry(
        key="travel",
        companies=("Azure Wing Airways", "Meridian Rail", "Saltmarsh Holidays"),
        menu="For a new booking, press one. To change or cancel a booking, press two. "
        "For lost baggage, press three. For all other enquiries, press four.",
        ref_prefix="",
        details=(
            "we've been planning this trip for over a year",
            "I booked it through your website back in {month}",
            "there's a family wedding we have to be at on the {day}",
            "the app logs me out every time I try to manage the booking",
            "I tried the online chat first but the wait was two hours",
            "we're travelling with a toddler so it's not easy",
        ),
        probes=(
            "Did you book directly with us or through an agent?",
            "How many passengers are on the booking?",
            "Do you have travel insurance for this trip?",
            "Which departure are we looking at, the outbound or the return?",
        ),
        actions=(
            "I can see the booking here, going out on a {weekday}",
            "I've added notes to the booking so the staff on the day can see this",
            "Your updated itinerary will be emailed over shortly",
            "I've checked, and the change doesn't affect your seats or bags",
        ),
        reasons=(
            Reason(
                key="change_booking",
                queue="bookings",
                openers=(
                    "I need to change the dates on my holiday booking",
                    "can I move my flight to a day later, my meeting has been rearranged",
                    "I want to add my husband's name to a booking I made",
                ),
                details=(
                    "we were flying out on the {day} of {month} but my mum's gone into hospital",
                    "I'm not paying another change fee, I paid for a flexible ticket",
                    "it's for four people, two adults and two children",
                ),
                probes=(
                    "Can I take the booking reference please, it's six characters?",
                    "What date would you like to travel instead?",
                    "Is it everybody on the booking that's changing or just you?",
                ),
                actions=(
                    "There's availability on the {day}, the difference in fare is {amount}",
                    "I've moved the whole booking, your new confirmation is on its way by email",
                    "Because it's a flexible fare there's no change fee, just the fare difference",
                ),
                collects=("ref", "card", "email"),
                transfer_team="the bookings team",
            ),
            Reason(
                key="cancelled_refund",
                queue="refunds",
                openers=(
                    "my flight got cancelled and I want a refund not a voucher",
                    "the train was cancelled and I had to get a taxi, who pays for that",
                ),
                details=(
                    "we found out at the gate, nobody told us anything before",
                    "the taxi was {amount} and I've got the receipt",
                    "I've been waiting six weeks for a reply to my claim",
                ),
                probes=(
                    "Would you like the refund back to the card you paid with?",
                    "Do you have receipts for the extra costs?",
                ),
                actions=(
                    "You're entitled to a full refund because the cancellation was on our side",
                    "I've submitted the refund, it takes up to seven working days",
                    "Send the receipts to our claims team and they'll reimburse reasonable costs",
                ),
                collects=("ref", "email"),
                transfer_team="the customer relations team",
            ),
            Reason(
                key="lost_luggage",
                queue="baggage",
                openers=(
                    "my suitcase didn't come off the plane",
                    "I've been back three days and you still haven't found my bag",
                ),
                details=(
                    "it's a big navy blue case with a yellow strap round it",
                    "all my medication is in there",
                    "I had to buy new clothes for work, that cost me {amount}",
                ),
                probes=(
                    "Did you fill in a report at the airport before you left?",
                    "Can you describe the bag for me?",
                ),
                actions=(
                    "The bag has been traced, it's on a flight tonight and will be couriered to you tomorrow",
                    "Keep the receipts for essentials, you can claim up to a reasonable amount",
                ),
                collects=("ref", "address", "phone"),
                transfer_team="the baggage team",
            ),
            Reason(
                key="special_assistance",
                queue="bookings",
                openers=(
                    "I need to book assistance at the airport for my dad, he uses a wheelchair",
                    "can I request a seat with extra leg room, I've just had a knee operation",
                ),
                details=(
                    "he can walk a few steps but not all the way to the gate",
                    "we're travelling on {weekday} morning",
                ),
                probes=(
                    "Will he need help getting on and off the aircraft as well?",
                    "Is he bringing his own wheelchair?",
                ),
                actions=(
                    "I've added assistance to the booking at both airports",
                    "Seat twelve C is an aisle seat with extra legroom, the charge is {amount}",
                ),
                collects=("ref", "card"),
            ),
        ),
    ),
)
_INDUSTRY_WEIGHTS = (0.3, 0.24, 0.2, 0.16, 0.1)
COUNTRIES = ("Turkey", "Morocco", "the States", "Egypt", "Thailand", "Dubai")


# -- lines every call shares -------------------------------------------------------------------------------

# Scripted agent lines: the same words across calls, as real scripts are.
GREETINGS = (
    "Thank you for calling {company}, you're through to {agent}, how can I help you today?",
    "Good {daypart}, {company}, {agent} speaking, how may I help?",
    "Hello, thanks for calling {company}, my name's {agent}, who am I speaking with please?",
)
DISCLOSURES = (
    "Just to let you know this call is recorded for training and quality purposes.",
    "Before we start, calls are recorded so we can monitor quality and train our staff.",
)
VERIFY_INTRO = (
    "Before I can go into the account I just need to run through a few security questions, is that okay?",
    "I'll just need to confirm a few details to make sure I'm talking to the account holder.",
    "Okay, no problem. Can I start by taking some details so I can find your account?",
)
ASK_NAME = ("Can I take your full name please?", "And who am I speaking with?", "Could I have your full name?")
ASK_DOB = ("And your date of birth please?", "Can you confirm your date of birth for me?")
ASK_POSTCODE = (
    "And the postcode on the account?",
    "Can you give me the first line of your address and the postcode?",
)
ASK_PHONE = ("What's the best number to get you on?", "Can I confirm the mobile number on the account?")
ASK_EMAIL = (
    "And what email address should I send the confirmation to?",
    "Can I check the email we have is still right? What's your email address?",
)
ASK_CARD = (
    "Okay, whenever you're ready, can I take the long number on the front of the card?",
    "I'll take the payment now. What's the card number please?",
)
ASK_EXPIRY = ("And the expiry date?", "What's the expiry on the card?")
ASK_CVV = ("And finally the three digit security code on the back?", "And the security code please?")
VERIFIED = (
    "Lovely, thank you, that's you all verified.",
    "Thank you, that's all matched up.",
    "Perfect, thanks for confirming those details.",
)
HOLD_OUT = (
    "Would you mind if I pop you on a brief hold while I look into this?",
    "I'm just going to place you on hold for a couple of minutes while I check with my colleague.",
    "Bear with me, I'll put you on hold for a moment.",
)
HOLD_BACK = (
    "Thank you so much for holding.",
    "Hi, sorry about the wait, thanks for bearing with me.",
    "Thanks for holding, I really appreciate your patience.",
)
TRANSFER_OUT = (
    "I'm going to transfer you to {team} now, they'll be able to sort this out for you. Please stay on the line.",
    "This needs to go to {team}, so I'll put you through now, don't hang up.",
)
TRANSFER_IN = (
    "Hi there, it's {agent} from {team}, my colleague has explained the situation.",
    "Hello, {agent} here, I've been passed your details, let me take a look.",
)
ANYTHING_ELSE = (
    "Is there anything else I can help you with today?",
    "Was there anything else at all?",
    "Is there anything else you need while I've got you?",
)
SURVEYS = (
    "After the call you'll get a short text asking how I did today, it would really help if you could fill it in.",
    "If you stay on the line at the end there's a quick two question survey about the call.",
)
GOODBYES = (
    "Thanks for calling {company}, have a lovely rest of your day.",
    "Thanks for your patience today, take care, bye bye.",
    "You're welcome, enjoy the rest of your {weekday}, goodbye.",
)
IVR_WELCOME = (
    "Welcome to {company}. Calls are recorded to help us improve our service.",
    "Thank you for calling {company}. Please note we record our calls.",
)
BOT_ASK = (
    "Hi, I'm the virtual assistant. In a few words, tell me why you're calling today.",
    "Please say briefly what you're calling about, for example, check my balance.",
)
BOT_ROUTE = (
    "Thanks. I'm transferring you to someone who can help. The current wait is about {wait} minutes.",
    "Got it. Please hold while I find an adviser for you.",
)

# The customer's side: acknowledgements, chat, feelings.
CUSTOMER_ACKS = (
    "Yeah.",
    "Okay.",
    "Right.",
    "Mm-hmm.",
    "Yep.",
    "Sure.",
    "Okay, yeah.",
    "Yeah, that's right.",
    "Uh huh.",
    "Right, okay.",
    "Go on.",
    "Yeah, no worries.",
    "Fine.",
    "Oh right.",
    "Yes please.",
)
AGENT_ACKS = (
    "Okay.",
    "Lovely.",
    "Right.",
    "Perfect.",
    "Got it.",
    "Mm-hmm.",
    "Okay, one moment.",
    "Thank you.",
    "Bear with me.",
    "Sure.",
    "Of course.",
    "Okay, let me see.",
)
CUSTOMER_CHAT = (
    "Sorry, can you say that again, the line's a bit crackly my end.",
    "Hang on a sec, let me just grab a pen so I can write this down.",
    "Sorry, the dog's barking, give me one second.",
    "I'm on my lunch break so I've only got about fifteen minutes.",
    "I've been on hold for ages before I got through to you, to be fair.",
    "Sorry, I'm driving, you're on the hands free.",
    "So what happens now then, do I need to do anything?",
    "Will I get something in writing to say that's been done?",
    "How long will that take roughly?",
    "And that won't cost me anything extra, will it?",
    "Okay, and is that definitely sorted now, I won't have to ring again?",
    "Can you just repeat that last bit, sorry.",
    "My phone's on ten percent so I hope this doesn't take long.",
    "Sorry, I've got the kids shouting in the background.",
    "Is this going to affect my credit score at all?",
    "Can you send me that in an email so I've got it in writing?",
    "Do I need to do anything on my side?",
    "Right, I've written that down, carry on.",
    "I did try to sort this out online but I couldn't find the option anywhere.",
    "What was your name again, sorry?",
    "I'm not being funny but why couldn't the last person do that?",
    "Is there a reference number for this call?",
)
AGENT_CHAT = (
    "The system's being a little bit slow this morning so bear with me while it loads.",
    "I'm just reading through the notes on the account so I've got the full picture.",
    "I can see you've called us about this before, so let me check what was said last time.",
    "Just so I understand properly, can you walk me through what happened from the start?",
    "I completely understand, I'd feel exactly the same in your position.",
    "I'm going to make a note of all of this on the account so nobody asks you again.",
    "That's really helpful, thank you.",
    "Okay, let me just check one thing on my side.",
    "I'll stay on the line with you until this is done.",
    "Sorry, just to double check, you said {weekday}, is that right?",
    "Give me two seconds, I'm just updating that now.",
    "I'll read that back to you to make sure I've got it right.",
    "Can I just ask, have you had a chance to look at the email we sent?",
    "It looks like this should have been sorted the last time, so I do apologise.",
    "I'm just going to check with the team on the system, it won't take long.",
    "Okay, I've found it, I can see exactly what's happened here.",
    "That's no problem at all, it's what I'm here for.",
    "The reference for today's call is on your account notes if you ever need it.",
)
FRUSTRATED = (
    "Honestly, this is the third time I've had to ring about this.",
    "I'm sorry but this is ridiculous, I'm paying for a service I'm not getting.",
    "Every time I call I get passed around and nobody actually does anything.",
    "I want to make a formal complaint about the way this has been handled.",
    "Can I speak to a manager please, I'm not getting anywhere.",
    "I've been a customer for years and I'm seriously thinking of leaving.",
    "Nobody ever calls back when they say they will.",
)
DEESCALATE = (
    "I'm really sorry, you shouldn't have had to chase this. Let me see what I can do right now.",
    "I hear you, and I apologise. I'll log this as a complaint so it's looked at properly.",
    "I can ask my team leader to give you a call back today if you'd prefer.",
)
WARM = (
    "Oh brilliant, that's a weight off my mind, thank you.",
    "You've been really helpful, honestly, thank you.",
    "That's great, I wasn't expecting it to be that easy.",
    "Thanks ever so much, you've made my day.",
)
# Composed around the reason lines so customers' phrasing varies from call to call.
CUSTOMER_LEADS = (
    "", "", "", "", "Well, ", "I mean, ", "The thing is, ", "To be honest, ", "Like I said, ", "So basically, ",
    "Yeah, so ", "And ", "See, ", "Oh, and ", "Thing is, ", "Honestly, ", "Look, ", "Um, ",
)  # fmt: skip
CUSTOMER_ENDS = (
    "", "", "", "", "", " if that makes sense", " to be fair", " and I'm not very happy about it", ", you know",
    " as far as I know", ", which isn't great", " if I'm honest", ", that's the thing", " and that's it really",
    ", so yeah", " and I've had enough of it",
)  # fmt: skip
# Agents use the caller's name, as the training tells them to: it also puts names mid-call for redaction to find.
AGENT_NAME_LEADS = ("Okay {first}, ", "Right {first}, ", "So {first}, ", "Thanks {first}. ", "{first}, ")
AGENT_LEADS = ("", "", "", "", "Okay, so ", "Right, ", "So ", "Okay, ", "Alright, ", "Now, ")
AGENT_ENDS = ("", "", "", "", ", okay?", ", if that's alright", ", just so you're aware", ", is that okay?")
CUSTOMER_PREFIXES = ("", "", "", "Hi, yeah, ", "Hiya, ", "Um, hello, ", "Hi there, ", "Morning, ", "Yeah hi, ")
CUSTOMER_TAILS = (
    "",
    "",
    "",
    ", and I just want it sorted.",
    ", so I was hoping you could help.",
    ", it's really stressing me out.",
    ", and I don't know what to do.",
    ", can you have a look?",
)
CLOSING_CUSTOMER = ("No, that's everything, thanks.", "No, that's it, cheers.", "I think that's all, thank you.")
BYE_CUSTOMER = ("Bye.", "Thanks, bye.", "Cheers, bye bye.", "Okay, thanks, bye.")


# -- building a call -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallShape:
    """How long the calls are; everything else (turns, words) follows from the minutes by default."""

    minutes: float = DEFAULT_MINUTES
    turns: int | None = None  # None: TURNS_PER_MINUTE * minutes
    words_per_turn: float = WORDS_PER_TURN

    @property
    def target_turns(self) -> int:
        return self.turns if self.turns is not None else max(12, round(TURNS_PER_MINUTE * self.minutes))


class _Script:
    """The turns of one call being written: (speaker, text, pause before in seconds)."""

    def __init__(self, rng: random.Random, words_per_turn: float) -> None:
        self.rng = rng
        self.words_per_turn = words_per_turn
        self.turns: list[tuple[str, str, float]] = []
        self.words = 0

    def say(self, speaker: str, text: str, pause: float | None = None) -> None:
        """Add a turn; `pause` is the silence before it (a hold or a queue), else a conversational gap."""
        text = " ".join(text.split())
        if not text:
            return
        gap = pause if pause is not None else self.rng.uniform(0.2, 1.4)
        self.turns.append((speaker, text, gap))
        self.words += len(text.split())

    def wants_long(self) -> bool:
        """Behind the words-per-turn target: the next reply should be a long one."""
        return self.words < self.words_per_turn * (len(self.turns) + 1)


def _disfluent(text: str, rng: random.Random) -> str:
    """What transcription keeps of a caller's hesitations: 'um', 'uh', a repeated word."""
    if rng.random() > 0.3:
        return text
    words = text.split()
    if len(words) < 4:
        return text
    at = rng.randrange(1, len(words) - 1)
    filler = rng.choice(("um,", "uh,", "like,", "you know,", words[at]))
    return " ".join(words[:at] + [filler] + words[at:])


def _sentence(text: str) -> str:
    """Capitalised and closed with a full stop, as transcription punctuates."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".?!" else text + "."


def _fill(template: str, ctx: dict[str, str]) -> str:
    """The call's own details (company, amounts, days) into a line."""
    return template.format(**ctx)


class _Deck:
    """Lines drawn without replacement within a call (people rarely repeat a sentence); reshuffled when used up."""

    def __init__(self, rng: random.Random, *pools: tuple[str, ...]) -> None:
        self.rng = rng
        self.lines: list[str] = [line for pool in pools for line in pool]
        self.left: list[str] = []

    def add(self, pool: tuple[str, ...]) -> None:
        """A second topic joins the call: its lines go in and come up soon."""
        self.lines.extend(pool)
        self.left.extend(pool)
        self.rng.shuffle(self.left)

    def draw(self) -> str:
        """The next line; once all are said, they come round again in a new order."""
        if not self.left:
            self.left = list(self.lines)
            self.rng.shuffle(self.left)
        return self.left.pop()


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless it is 'I' on its own ('I've', 'I'm')."""
    head = text.split(" ", 1)[0]
    if head == "I" or head.startswith("I'"):
        return text
    return text[:1].lower() + text[1:]


_CONTRACTIONS = (
    ("I've", "I have"), ("I'm", "I am"), ("I'll", "I will"), ("that's", "that is"), ("it's", "it is"),
    ("don't", "do not"), ("can't", "cannot"), ("you're", "you are"), ("we'll", "we will"), ("there's", "there is"),
    ("I'd", "I would"), ("won't", "will not"), ("didn't", "did not"), ("haven't", "have not"),
)  # fmt: skip
_SOFTENERS = ("just", "actually", "really", "basically", "obviously", "literally", "definitely")
# where a filler word sits naturally: "I've just", "it's actually", "was really"
_SOFTENER_AFTER = frozenset(("i've", "i'm", "it's", "that's", "we", "we've", "was", "it", "they", "you"))


def _vary(text: str, rng: random.Random) -> str:
    """The small drift of speech between two tellings: a contraction said in full or not, a filler word."""
    if rng.random() < 0.5:
        for short, full in rng.sample(_CONTRACTIONS, len(_CONTRACTIONS)):
            if f" {short} " in f" {text} ":
                text = f" {text} ".replace(f" {short} ", f" {full} ", 1).strip()
                break
            if f" {full} " in f" {text} ":
                text = f" {text} ".replace(f" {full} ", f" {short} ", 1).strip()
                break
    words = text.split()
    anchors = [i for i, w in enumerate(words[:-1]) if w.lower().strip(",") in _SOFTENER_AFTER]
    if anchors and rng.random() < 0.4:
        words.insert(rng.choice(anchors) + 1, rng.choice(_SOFTENERS))
    return " ".join(words)


def _compose(core: str, leads: tuple[str, ...], ends: tuple[str, ...], rng: random.Random) -> str:
    """A core line wrapped in a lead and (for statements) an ending: the same point put a different way."""
    lead = rng.choice(leads)
    question = core.rstrip().endswith("?")
    body = core.strip().rstrip(".?!")
    text = lead + (_lower_first(body) if lead else body) + ("?" if question else rng.choice(ends))
    return _sentence(text)


@dataclass(slots=True)
class _Talk:
    """The call's material: its topics' lines in decks, the slot values, the caller's mood."""

    rng: random.Random
    ctx: dict[str, str]
    mood: str
    details: _Deck
    probes: _Deck
    actions: _Deck
    customer_chat: _Deck
    agent_chat: _Deck

    def customer(self, core: str) -> str:
        """A customer's line in their own words: lead, ending, drift, hesitations."""
        line = _compose(_vary(_fill(core, self.ctx), self.rng), CUSTOMER_LEADS, CUSTOMER_ENDS, self.rng)
        return _disfluent(line, self.rng)

    def agent(self, core: str) -> str:
        """An agent's unscripted line: sometimes with the caller's name, often with a lead or an ending."""
        leads = AGENT_NAME_LEADS if self.rng.random() < 0.2 else AGENT_LEADS
        return _fill(_compose(_vary(_fill(core, self.ctx), self.rng), leads, AGENT_ENDS, self.rng), self.ctx)


def generate_call(index: int, seed: int = DEFAULT_SEED, shape: CallShape | None = None) -> dict[str, Any]:
    """Call number `index` of the corpus for `seed`, in the contract's canonical shape (independent of N)."""
    shape = shape or CallShape()
    rng = random.Random(seed * 1_000_003 + index)
    industry = rng.choices(INDUSTRIES, weights=_INDUSTRY_WEIGHTS)[0]
    reason = rng.choice(industry.reasons)
    company = rng.choice(industry.companies)
    agent_no = rng.randrange(len(AGENT_NAMES))
    agent = AGENT_NAMES[agent_no]
    person = make_person(rng)
    mood = rng.choices(("calm", "frustrated", "warm"), weights=(0.55, 0.3, 0.15))[0]
    outbound = rng.random() < 0.06
    # 120 calls a day between 08:00 and 20:00, one every six minutes or so
    day, slot = divmod(index, 120)
    started = _EPOCH + timedelta(days=day, seconds=slot * 360 + rng.randrange(340))
    if industry.ref_prefix:  # an order number: the retailer's prefix and eight digits
        ref = industry.ref_prefix + "".join(str(rng.randrange(10)) for _ in range(8))
    else:  # a six-character booking or case reference
        ref = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
    ctx = {
        "company": company,
        "agent": agent,
        "first": person.first,
        "daypart": "morning" if started.hour < 12 else "afternoon",
        "weekday": rng.choice(WEEKDAYS),
        "day": _ORDINALS[rng.randrange(28)],
        "month": rng.choice(MONTHS),
        "amount": amount(rng, 9, 400),
        "four": spoken_digits(person.phone[-4:], rng),
        "country": rng.choice(COUNTRIES),
        "meter": " ".join(DIGIT_WORDS[rng.randrange(10)] for _ in range(5)),
        "ref_prefix": industry.ref_prefix or "a letter",
        "team": reason.transfer_team,
        "wait": str(rng.randrange(2, 12)),
    }
    talk = _Talk(
        rng=rng,
        ctx=ctx,
        mood=mood,
        details=_Deck(rng, reason.details, industry.details),
        probes=_Deck(rng, reason.probes, industry.probes),
        actions=_Deck(rng, reason.actions, industry.actions),
        customer_chat=_Deck(rng, CUSTOMER_CHAT),
        agent_chat=_Deck(rng, AGENT_CHAT),
    )
    target = max(12, round(rng.gauss(shape.target_turns, shape.target_turns * 0.08)))
    s = _Script(rng, shape.words_per_turn)

    # Opening: IVR or voice bot for some inbound calls, then the queue, then the agent's scripted greeting.
    if not outbound and rng.random() < 0.4:
        s.say("ivr", _fill(rng.choice(IVR_WELCOME), ctx), pause=0.0)
        if rng.random() < 0.5:
            s.say("ivr", industry.menu)
        else:
            s.say("bot", rng.choice(BOT_ASK))
            s.say("customer", _sentence(rng.choice(reason.openers).split(",")[0]))
            s.say("bot", _fill(rng.choice(BOT_ROUTE), ctx))
        s.say("agent", _fill(rng.choice(GREETINGS), ctx), pause=rng.uniform(15, 150))
    elif outbound:
        s.say("agent", f"Hi, is that {person.first}? It's {agent} calling from {company}.", pause=0.0)
        s.say("customer", "Yes, speaking.")
        s.say("agent", f"I'm calling about the {reason.queue.replace('_', ' ')} query you raised with us.")
    else:
        s.say("agent", _fill(rng.choice(GREETINGS), ctx), pause=0.0)
        if rng.random() < 0.5:
            s.say("agent", rng.choice(DISCLOSURES))

    # The reason, in the caller's own words.
    opener = _fill(rng.choice(reason.openers), ctx)
    s.say("customer", _disfluent(_sentence(rng.choice(CUSTOMER_PREFIXES) + opener + rng.choice(CUSTOMER_TAILS)), rng))
    s.say(
        "agent",
        rng.choice(("Okay, I can help with that.", "Right, let's get that sorted.", "No problem at all."))
        if mood != "frustrated"
        else rng.choice(("I'm sorry to hear that.", "Oh no, I'm sorry about that.")),
    )

    _verify(s, person, rng)
    holds, transfers = _middle(s, talk, industry, reason, person, ref, agent_no, opener, target)

    # Closing: recap, anything else, survey, goodbye.
    s.say("agent", talk.agent(talk.actions.draw()))
    s.say("customer", rng.choice(WARM) if mood != "frustrated" else rng.choice(("Okay.", "Fine, we'll see.")))
    s.say("agent", rng.choice(ANYTHING_ELSE))
    s.say("customer", rng.choice(CLOSING_CUSTOMER))
    if rng.random() < 0.55:
        s.say("agent", rng.choice(SURVEYS))
    s.say("agent", _fill(rng.choice(GOODBYES), ctx))
    s.say("customer", rng.choice(BYE_CUSTOMER))

    turns = _timed(s.turns, shape.minutes * 60 * rng.uniform(0.85, 1.15), rng)
    repeat = index > 0 and rng.random() < 0.15
    return {
        "conversation_id": f"lc-{seed}-{index:06d}",
        "channel": "voice",
        "started_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "customer_id": f"lc-cust-{rng.randrange(index) if repeat else index}",
        "agent_id": f"a-{agent_no:03d}",
        "queue": reason.queue,
        "direction": "outbound" if outbound else "inbound",
        "turns": turns,
        "metadata": {
            "generator": "long_calls",
            "industry": industry.key,
            "reason": reason.key,
            "holds": holds,
            "transfers": transfers,
        },
    }


def _verify(s: _Script, person: Person, rng: random.Random) -> None:
    """Identity checks: name (sometimes spelled), date of birth, address and postcode, maybe card digits."""
    s.say("agent", rng.choice(VERIFY_INTRO))
    s.say("customer", rng.choice(CUSTOMER_ACKS))
    s.say("agent", rng.choice(ASK_NAME))
    if rng.random() < 0.3:
        spelled = " ".join(ch.lower() for ch in person.last if ch.isalpha())
        s.say("customer", f"It's {person.name}. That's {person.last}, {spelled}.")
    else:
        s.say("customer", rng.choice(("{}.", "It's {}.", "Yeah, it's {}.", "{}, yeah.")).format(person.name))
    s.say("agent", rng.choice(ASK_DOB))
    s.say("customer", _sentence(say_dob(person, rng)))
    s.say("agent", rng.choice(ASK_POSTCODE))
    if rng.random() < 0.15:
        s.say("customer", "Oh, is that the old address or the new one? We moved last year.")
        s.say("agent", "The one you're living at now please.")
    s.say("customer", _sentence(f"{say_address(person, rng)}, {say_postcode(person, rng)}"))
    if rng.random() < 0.4:
        s.say("agent", "And the last four digits of the card on the account?")
        s.say("customer", _sentence(spoken_digits(person.card[-4:], rng)))
    s.say("agent", rng.choice(VERIFIED))


def _middle(
    s: _Script,
    talk: _Talk,
    industry: Industry,
    reason: Reason,
    person: Person,
    ref: str,
    agent_no: int,
    opener: str,
    target: int,
) -> tuple[int, int]:
    """The body of the call up to the closing: the story, questions and actions, holds, a transfer, a second
    topic, the PII the reason needs. Returns (holds, transfers)."""
    rng, ctx = talk.rng, talk.ctx
    closing_turns = 6
    collects = list(reason.collects)
    rng.shuffle(collects)
    start = len(s.turns)
    hold_at = rng.randrange(start + 4, max(start + 5, target - 10)) if rng.random() < 0.5 else -1
    transfer_at = rng.randrange(start + 8, max(start + 9, target - 8)) if rng.random() < 0.1 else -1
    second = rng.choice([r for r in industry.reasons if r is not reason]) if rng.random() < 0.3 else None
    second_at = rng.randrange(start + 10, max(start + 11, target - 12)) if second else -1
    escalate = talk.mood == "frustrated" and rng.random() < 0.35
    holds = transfers = 0
    gathered: set[str] = set()
    while len(s.turns) < target - closing_turns:
        step = len(s.turns)
        if 0 <= hold_at <= step:
            hold_at = -1
            holds += 1
            s.say("agent", rng.choice(HOLD_OUT))
            s.say("customer", rng.choice(("Yeah, that's fine.", "Okay.", "Sure, no problem.", "Go on then.")))
            s.say("agent", rng.choice(HOLD_BACK), pause=rng.uniform(25, 140))
            s.say("agent", talk.agent(talk.actions.draw()))
        elif 0 <= transfer_at <= step:
            transfer_at = -1
            transfers += 1
            s.say("agent", _fill(rng.choice(TRANSFER_OUT), ctx))
            s.say("customer", rng.choice(("Okay, thanks.", "Again? Fine.", "Right, okay.")))
            ctx["agent"] = AGENT_NAMES[(agent_no + 1 + rng.randrange(len(AGENT_NAMES) - 1)) % len(AGENT_NAMES)]
            s.say("agent", _fill(rng.choice(TRANSFER_IN), ctx), pause=rng.uniform(20, 90))
            s.say("customer", _disfluent(_sentence("So like I said to your colleague, " + _lower_first(opener)), rng))
        elif second is not None and 0 <= second_at <= step:
            second_at = -1
            lead = rng.choice(("While I've got you, ", "Oh, one more thing, ", "Can I also ask, ", "Also, "))
            s.say("customer", _disfluent(_sentence(lead + _lower_first(_fill(rng.choice(second.openers), ctx))), rng))
            s.say("agent", rng.choice(("Of course, let me have a look at that too.", "Sure, I can check that.")))
            talk.details.add(second.details)
            talk.probes.add(second.probes)
            talk.actions.add(second.actions)
            collects.extend(k for k in second.collects if k not in collects and k not in gathered)
        elif collects and rng.random() < 0.2:
            gathered.add(collects[-1])
            _collect(s, collects.pop(), person, ref, rng)
        elif escalate and step > target // 2:
            escalate = False
            s.say("customer", rng.choice(FRUSTRATED[3:]))
            s.say("agent", rng.choice(DEESCALATE))
        else:
            _exchange(s, talk)
    for kind in collects:  # what the call needs and has not yet gathered
        _collect(s, kind, person, ref, rng)
    return holds, transfers


def _exchange(s: _Script, talk: _Talk) -> None:
    """One stretch of back-and-forth about the call's topics, its length steered to the words-per-turn target."""
    rng = talk.rng
    roll = rng.random()
    if roll < 0.35:
        s.say("agent", talk.agent(talk.probes.draw()))
        if s.wants_long():
            reply = talk.details.draw()
            if rng.random() < 0.3:
                reply = reply + ", and " + _lower_first(talk.details.draw())
            s.say("customer", talk.customer(reply))
        else:
            s.say("customer", rng.choice(CUSTOMER_ACKS))
    elif roll < 0.6:
        s.say("agent", talk.agent(talk.actions.draw()))
        s.say("customer", rng.choice(CUSTOMER_ACKS) if not s.wants_long() else talk.customer(talk.customer_chat.draw()))
    elif roll < 0.75:
        s.say("customer", talk.customer(talk.details.draw()))
        s.say("agent", rng.choice(AGENT_ACKS) if not s.wants_long() else talk.agent(talk.agent_chat.draw()))
    elif roll < 0.87:
        if talk.mood == "frustrated":
            s.say("customer", rng.choice(FRUSTRATED))
            s.say("agent", rng.choice(DEESCALATE))
        else:
            s.say("customer", rng.choice(WARM) if talk.mood == "warm" else talk.customer(talk.customer_chat.draw()))
            s.say("agent", talk.agent(talk.agent_chat.draw()))
    else:
        s.say("agent", rng.choice(AGENT_ACKS))
        s.say("customer", rng.choice(CUSTOMER_ACKS))


def _collect(s: _Script, kind: str, p: Person, ref: str, rng: random.Random) -> None:
    """The agent gathers one piece of PII; a card number may be read across two turns."""
    if kind == "email":
        s.say("agent", rng.choice(ASK_EMAIL))
        s.say("customer", _sentence(f"{rng.choice(('', 'Yeah, it is ', 'It is '))}{say_email(p, rng)}"))
        s.say("agent", rng.choice(("Lovely.", "Thank you, got that.", "Perfect, I'll send it there.")))
    elif kind == "phone":
        s.say("agent", rng.choice(ASK_PHONE))
        s.say("customer", _sentence(f"{rng.choice(('', 'It is ', 'My mobile is '))}{say_phone(p, rng)}"))
    elif kind == "address":
        s.say("agent", "Can I just confirm the full address for you?")
        s.say("customer", _sentence(f"{p.house} {p.street}, {p.town}, {say_postcode(p, rng)}"))
    elif kind == "ref":
        s.say("agent", "Have you got the reference number handy?")
        s.say("customer", _sentence(f"Yeah, it's {ref if rng.random() < 0.4 else spoken_ref(ref, rng)}"))
    elif kind == "card":
        s.say("agent", rng.choice(ASK_CARD))
        pieces = say_card_groups(p.card, rng)
        for i, piece in enumerate(pieces):
            s.say("customer", _sentence(piece))
            if i < len(pieces) - 1:
                s.say("agent", rng.choice(("Mm-hmm.", "Yep.", "Go on.")))
        s.say("agent", rng.choice(ASK_EXPIRY))
        s.say("customer", _sentence(f"{rng.randrange(1, 13):02d}/{rng.randrange(27, 32)}"))
        s.say("agent", rng.choice(ASK_CVV))
        s.say("customer", _sentence(spoken_digits(str(rng.randrange(100, 1000)), rng)))
        s.say("agent", "That's gone through, thank you. You'll get an email receipt.")


def _timed(script: list[tuple[str, str, float]], seconds: float, rng: random.Random) -> list[dict[str, Any]]:
    """Per-turn start/end: speech at a speaker's pace plus the pauses, stretched to the call's length."""
    raw: list[tuple[str, str, float, float]] = []
    clock = 0.0
    for speaker, text, pause in script:
        clock += pause
        pace = rng.uniform(2.3, 3.1) if speaker in ("agent", "customer") else 2.2
        duration = max(0.6, len(text.split()) / pace + rng.uniform(0.1, 0.5))
        raw.append((speaker, text, clock, clock + duration))
        clock += duration
    scale = seconds / clock if clock > 0 else 1.0
    return [
        {"speaker": speaker, "text": text, "start": round(start * scale, 2), "end": round(end * scale, 2)}
        for speaker, text, start, end in raw
    ]


def iter_calls(n: int, seed: int = DEFAULT_SEED, shape: CallShape | None = None) -> Iterator[dict[str, Any]]:
    """Calls 0..n-1, one at a time."""
    for index in range(n):
        yield generate_call(index, seed, shape)


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """What a written corpus holds: the benchmark divides by these."""

    calls: int
    turns: int
    words: int
    seconds: float
    distinct_texts: int = 0  # turn texts told apart exactly: what an embedding cache keyed on text would encode

    @property
    def repeated_share(self) -> float:
        """Share of turns whose exact text came earlier in the corpus (acknowledgements, scripted lines)."""
        return 1 - self.distinct_texts / self.turns if self.turns else 0.0

    @property
    def turns_per_call(self) -> float:
        return self.turns / self.calls if self.calls else 0.0

    @property
    def words_per_call(self) -> float:
        return self.words / self.calls if self.calls else 0.0

    @property
    def minutes_per_call(self) -> float:
        return self.seconds / 60 / self.calls if self.calls else 0.0


def write_corpus(path: Path, n: int, seed: int = DEFAULT_SEED, shape: CallShape | None = None) -> CorpusStats:
    """Stream n calls to `path` as canonical JSONL (one line each, never all in memory)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    turns = words = 0
    seconds = 0.0
    texts: set[int] = set()  # hashes, not the texts: flat memory at N = 5,000
    with open(path, "w", encoding="utf-8") as handle:
        for call in iter_calls(n, seed, shape):
            handle.write(json.dumps(call, ensure_ascii=False) + "\n")
            turns += len(call["turns"])
            words += sum(len(t["text"].split()) for t in call["turns"])
            seconds += call["turns"][-1]["end"] if call["turns"] else 0.0
            texts.update(hash(t["text"]) for t in call["turns"])
    return CorpusStats(calls=n, turns=turns, words=words, seconds=seconds, distinct_texts=len(texts))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="how many calls")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--minutes", type=float, default=DEFAULT_MINUTES, help="mean call length")
    args = parser.parse_args(argv)
    stats = write_corpus(args.out, args.n, args.seed, CallShape(minutes=args.minutes))
    print(
        f"{stats.calls} calls -> {args.out}: {stats.turns_per_call:.1f} turns, {stats.words_per_call:.0f} words, "
        f"{stats.minutes_per_call:.2f} min per call; {100 * stats.repeated_share:.0f}% of turns repeat an earlier text"
    )


if __name__ == "__main__":
    main()
