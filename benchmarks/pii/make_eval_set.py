"""Build the labelled PII evaluation set (benchmarks/pii/eval_set.jsonl), deterministically.

Turns are hand-written templates in contact-centre style: voice ASR (lowercase, numbers as
words, fillers) and chat (written forms). `{KIND}` slots are filled with generated values
(valid Luhn cards, valid-checksum IBANs, plausible UK/US phones, ...) and the slot's
character span and entity type are recorded, so spans are exact by construction;
`validate_eval_set.py` re-checks them. Many turns hold no PII at all, including the known
traps ("my PIN isn't working", "I called yesterday", "$45.99", "press 1 for billing").

Run: python benchmarks/pii/make_eval_set.py  (rewrites eval_set.jsonl; seed fixed)
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from cxmaturity.redact.recognizers.card_number import luhn_valid

OUT = Path(__file__).with_name("eval_set.jsonl")
rng = random.Random(20261120)

UNIT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEEN = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "twenty first",
    "twenty second",
    "twenty third",
    "twenty fourth",
    "twenty fifth",
    "twenty sixth",
    "twenty seventh",
    "twenty eighth",
]
FIRST = [
    "sarah",
    "james",
    "emily",
    "michael",
    "priya",
    "tom",
    "rachel",
    "david",
    "fatima",
    "liam",
    "olivia",
    "daniel",
    "aisha",
    "chris",
    "laura",
    "kevin",
    "sophie",
    "marcus",
    "ingrid",
    "tobias",
    "yusuf",
    "bethany",
    "declan",
    "mei",
    "rosalind",
    "kwame",
    "agnieszka",
    "dev",
    "colm",
    "hana",
]
LAST = [
    "smith",
    "patel",
    "johnson",
    "okafor",
    "walsh",
    "nguyen",
    "harrison",
    "kowalski",
    "brennan",
    "fletcher",
    "okonkwo",
    "lindqvist",
    "achebe",
    "mcallister",
    "thornton",
    "rahman",
    "delacroix",
    "abernathy",
    "chen",
    "wright",
]
STREETS = [
    "baker street",
    "elm grove",
    "station road",
    "maple avenue",
    "church lane",
    "victoria road",
    "oak drive",
    "mill lane",
    "park crescent",
    "highfield close",
    "king street",
    "willow way",
]
UK_POSTCODES = [
    "SW1A 1AA",
    "M1 1AE",
    "NW1 6XE",
    "B33 8TH",
    "CR2 6XH",
    "LS1 4DT",
    "EH1 2NG",
    "BS8 1TH",
    "G12 8QQ",
    "CF10 3AT",
]
US_ZIPS = [
    ("Austin", "TX", "78701"),
    ("Denver", "CO", "80202"),
    ("Seattle", "WA", "98101"),
    ("Boston", "MA", "02108"),
    ("Chicago", "IL", "60601"),
]
# Spelled postcodes (area letters, district, sector, unit letters), some with inward letters ASR
# mishears into ones Royal Mail never uses ("k", "m", "c").
SPELLED_POSTCODES = [
    (["n", "e"], 12, 7, ["h", "q"]),
    (["s", "o"], 15, 2, ["b", "w"]),
    (["d", "n"], 4, 9, ["k", "c"]),
    (["c", "f"], 23, 8, ["m", "p"]),
    (["w", "r"], 11, 3, ["d", "u"]),
    (["p", "o"], 7, 5, ["a", "z"]),
]
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "twenty one",
    "twenty two",
    "twenty three",
    "twenty four",
    "twenty five",
]
DOMAINS = ["gmail", "hotmail", "outlook", "yahoo", "icloud", "btinternet"]


def spoken_digits(digits: str, groups: int = 0, doubles: bool = True, oh: bool = True) -> str:
    """Digits the way callers say them: words, "double"/"triple", "oh", comma-grouped."""
    words: list[str] = []
    i = 0
    chunk: list[str] = []
    count_in_group = 0
    while i < len(digits):
        d = digits[i]
        run = 1
        while doubles and i + run < len(digits) and digits[i + run] == d and run < 3:
            run += 1
        if groups and count_in_group + run > groups:
            run = max(1, groups - count_in_group) if count_in_group < groups else 1
        word = "oh" if d == "0" and oh else UNIT_WORDS[int(d)]
        if run == 3:
            chunk.append(f"triple {word}")
        elif run == 2:
            chunk.append(f"double {word}")
        else:
            chunk.append(word)
        i += run
        count_in_group += run
        if groups and count_in_group >= groups and i < len(digits):
            words.append(" ".join(chunk))
            chunk, count_in_group = [], 0
    words.append(" ".join(chunk))
    return ", ".join(words)


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for check in range(10):
        candidate = body + str(check)
        if luhn_valid(candidate):
            return candidate
    raise AssertionError


def card_digits() -> str:
    prefix, length = rng.choice([("4", 16), ("4532", 16), ("4716", 16), ("51", 16), ("5425", 16), ("37", 15)])
    return luhn_complete(prefix, length)


def group(digits: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(p for p in out if p)


def uk_mobile() -> str:
    return "07" + rng.choice("45789") + "".join(str(rng.randint(0, 9)) for _ in range(8))


def us_phone() -> str:
    area = rng.choice(["212", "415", "312", "617", "303", "404", "512", "206", "646", "713"])
    return area + str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(6))


def ssn_digits() -> str:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"


def nino() -> str:
    first = rng.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    while first + second in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
        second = rng.choice("ABCEGHJKLMNPRSTWXYZ")
    return first + second + "".join(str(rng.randint(0, 9)) for _ in range(6)) + rng.choice("ABCD")


def iban() -> str:
    bank = rng.choice(["WEST", "NWBK", "BARC", "LOYD", "HBUK"])
    account = "".join(str(rng.randint(0, 9)) for _ in range(14))
    rearranged = bank + account + "GB00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    check = 98 - int(numeric) % 97
    return f"GB{check:02d}{bank}{account}"


def year_words(year: int) -> str:
    century, rest = divmod(year, 100)
    if century == 20:
        return "two thousand" + (f" and {UNIT_WORDS[rest]}" if 0 < rest < 10 else "")
    return f"{TEEN[century - 10]} {two_digit_words(rest)}"


def two_digit_words(n: int) -> str:
    if n < 10:
        return f"oh {UNIT_WORDS[n]}"
    if n < 20:
        return TEEN[n - 10]
    tens, unit = divmod(n, 10)
    return TENS[tens] + (f" {UNIT_WORDS[unit]}" if unit else "")


# ---- slot generators: KIND -> (entity type, value) --------------------------------------------------------


def slot(kind: str) -> tuple[str, str]:
    first_name, last_name = rng.choice(FIRST), rng.choice(LAST)
    if kind == "CARD":
        d = card_digits()
        return "CREDIT_CARD", rng.choice([group(d, [4, 4, 4, 4], " "), group(d, [4, 4, 4, 4], "-"), d])
    if kind == "CARD_SPOKEN":
        return "CREDIT_CARD", spoken_digits(card_digits(), groups=4, doubles=rng.random() < 0.6)
    if kind == "CARD_MIXED":
        d = card_digits()
        return "CREDIT_CARD", " ".join(ch if rng.random() < 0.5 else UNIT_WORDS[int(ch)] for ch in d)
    if kind == "CVV":
        return "CARD_CVV", "".join(str(rng.randint(0, 9)) for _ in range(3))
    if kind == "CVV_SPOKEN":
        return "CARD_CVV", spoken_digits("".join(str(rng.randint(1, 9)) for _ in range(3)), doubles=False)
    if kind == "EXPIRY":
        return "CARD_EXPIRY", f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"
    if kind == "EXPIRY_SPOKEN":
        m, y = rng.randint(1, 12), rng.randint(26, 31)
        return "CARD_EXPIRY", rng.choice(
            [f"{two_digit_words(m)} {two_digit_words(y)}", f"{MONTHS[m - 1]} {two_digit_words(y)}"]
        )
    if kind == "PHONE_UK":
        d = uk_mobile()
        return "PHONE_NUMBER", rng.choice([f"{d[:5]} {d[5:]}", d, f"+44 {d[1:5]} {d[5:]}"])
    if kind == "PHONE_US":
        d = us_phone()
        return "PHONE_NUMBER", rng.choice(
            [f"({d[:3]}) {d[3:6]}-{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}", f"+1 {d[:3]} {d[3:6]} {d[6:]}"]
        )
    if kind == "PHONE_SPOKEN":
        d = rng.choice([uk_mobile(), us_phone()])
        sizes = 5 if d.startswith("0") else 3
        return "PHONE_NUMBER", spoken_digits(d, groups=sizes if rng.random() < 0.5 else 0, doubles=rng.random() < 0.7)
    if kind == "EMAIL":
        return "EMAIL_ADDRESS", rng.choice(
            [
                f"{first_name}.{last_name}@{rng.choice(DOMAINS)}.com",
                f"{first_name}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}.co.uk",
                f"{first_name[0]}{last_name}@example-mail.org".replace("example-mail", "acmeco"),
            ]
        )
    if kind == "EMAIL_SPOKEN":
        dom = rng.choice(DOMAINS)
        return "EMAIL_ADDRESS", rng.choice(
            [
                f"{first_name} dot {last_name} at {dom} dot com",
                f"{first_name}{last_name} at {dom} dot co dot uk",
                f"{first_name} underscore {last_name} at {dom} dot com",
                f"{first_name[0]} {last_name} {two_digit_words(rng.randint(20, 99))} at {dom} dot com",
                f"{first_name} dot {last_name} at {dom}",
            ]
        )
    if kind == "SSN":
        d = ssn_digits()
        return "US_SSN", f"{d[:3]}-{d[3:5]}-{d[5:]}"
    if kind == "SSN_SPOKEN":
        d = ssn_digits()
        return "US_SSN", spoken_digits(d, doubles=rng.random() < 0.5)
    if kind == "NINO":
        n = nino()
        return "UK_NINO", rng.choice([n, f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"])
    if kind == "NINO_SPOKEN":
        n = nino().lower()
        return "UK_NINO", f"{n[0]} {n[1]} {spoken_digits(n[2:8], doubles=False)} {n[8]}"
    if kind == "IBAN":
        i = iban()
        return "IBAN_CODE", " ".join(i[k : k + 4] for k in range(0, len(i), 4))
    if kind == "ACCOUNT":
        return "ACCOUNT_NUMBER", rng.choice(
            [
                "".join(str(rng.randint(0, 9)) for _ in range(8)),
                f"POL-{rng.randint(100000, 999999)}",
                f"MB{rng.randint(100000, 999999)}",
                f"{rng.randint(10000000, 99999999)}",
            ]
        )
    if kind == "ACCOUNT_SPOKEN":
        return "ACCOUNT_NUMBER", spoken_digits(
            "".join(str(rng.randint(0, 9)) for _ in range(8)), doubles=rng.random() < 0.5
        )
    if kind == "DOB":
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2004)
        return "DATE_OF_BIRTH", rng.choice(
            [f"{d:02d}/{m:02d}/{y}", f"{MONTHS[m - 1].title()} {d}, {y}", f"{d} {MONTHS[m - 1]} {y}"]
        )
    if kind == "DOB_SPOKEN":
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2004)
        return "DATE_OF_BIRTH", rng.choice(
            [
                f"the {ORDINALS[d - 1]} of {MONTHS[m - 1]} {year_words(y)}",
                f"{MONTHS[m - 1]} {ORDINALS[d - 1]} {year_words(y)}",
            ]
        )
    if kind == "ADDRESS":
        return "ADDRESS", rng.choice(
            [
                f"{rng.randint(1, 250)} {rng.choice(STREETS).title()}",
                f"Flat {rng.randint(1, 20)}, {rng.randint(1, 99)} {rng.choice(STREETS).title()}",
            ]
        )
    if kind == "ADDRESS_SPOKEN":
        return (
            "ADDRESS",
            f"{rng.choice(['twenty two', 'fourteen', 'one hundred and six', 'seven', 'forty one', 'three'])} "
            f"{rng.choice(STREETS)}",
        )
    if kind == "POSTCODE":
        return "POSTCODE", rng.choice(UK_POSTCODES)
    if kind == "POSTCODE_SPOKEN":
        pc = rng.choice(UK_POSTCODES).lower()
        return "POSTCODE", " ".join(UNIT_WORDS[int(ch)] if ch.isdigit() else ch for ch in pc.replace(" ", ""))
    if kind == "ZIP":
        return "POSTCODE", rng.choice(US_ZIPS)[2]
    if kind == "CVV_BARE_SPOKEN":  # a bare answer, said the way people say it: "double six three"
        digits = rng.choice(
            [
                "".join(str(rng.randint(1, 9)) for _ in range(3)),
                str(rng.randint(1, 9)) * 3,
                str(rng.randint(1, 9)) * 2 + str(rng.randint(0, 9)),
            ]
        )
        return "CARD_CVV", spoken_digits(digits, doubles=True)
    if kind == "CVV4_BARE_SPOKEN":  # Amex: four digits on the front
        digits = str(rng.randint(1, 9)) * 2 + "".join(str(rng.randint(0, 9)) for _ in range(2))
        return "CARD_CVV", spoken_digits(digits, doubles=True)
    if kind == "PIN_SPOKEN":
        return "PIN", spoken_digits("".join(str(rng.randint(0, 9)) for _ in range(6)), doubles=rng.random() < 0.5)
    if kind == "PIN":
        return "PIN", "".join(str(rng.randint(0, 9)) for _ in range(6))
    if kind == "POSTCODE_SPELLED":  # district numbers as words, "o"/"oh" for zero, misheard inward letters
        area, district, sector, unit = rng.choice(SPELLED_POSTCODES)
        return "POSTCODE", " ".join([*area, NUMBER_WORDS[district], UNIT_WORDS[sector], *unit])
    if kind == "REF_PREFIXED":  # letter codes joined to digits by dashes
        return "ACCOUNT_NUMBER", rng.choice(
            [
                f"{rng.choice(['LM', 'QX', 'NV'])}-{rng.choice(['CAR', 'HOUSE', 'PET'])}-"
                f"{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                f"{rng.choice(['CLM', 'CR', 'RMA'])}-{rng.randint(2025, 2028)}-{rng.randint(100000, 999999)}",
                f"{rng.choice(['SK', 'VM', 'AC'])}-{rng.randint(10000000, 99999999)}",
            ]
        )
    if kind == "REF_SPELLED":  # spelled letters then spoken digits: the letters are part of the number
        letters = " ".join(rng.choice(["k l m", "p x", "c r w", "n v"]).split())
        return (
            "ACCOUNT_NUMBER",
            f"{letters} {spoken_digits(''.join(str(rng.randint(0, 9)) for _ in range(7)), doubles=True)}",
        )
    if kind == "SORT_CODE":
        return "ACCOUNT_NUMBER", f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    if kind == "ZIP_AFTER_STATE":
        return "POSTCODE", rng.choice(["97205", "85701", "55401", "30303", "73301"])
    if kind == "NAME":
        return "PERSON", rng.choice([f"{first_name.title()} {last_name.title()}", first_name.title()])
    if kind == "NAME_ASR":
        return "PERSON", rng.choice([f"{first_name} {last_name}", first_name])
    if kind == "FIRST_ASR":
        return "PERSON", first_name
    raise KeyError(kind)


SLOT = re.compile(r"\{([A-Z_0-9]+)\}")


SPOKEN_KINDS = {
    "CARD_SPOKEN",
    "CARD_MIXED",
    "CVV_SPOKEN",
    "EXPIRY_SPOKEN",
    "PHONE_SPOKEN",
    "EMAIL_SPOKEN",
    "SSN_SPOKEN",
    "NINO_SPOKEN",
    "ACCOUNT_SPOKEN",
    "DOB_SPOKEN",
    "ADDRESS_SPOKEN",
    "POSTCODE_SPOKEN",
    "NAME_ASR",
    "FIRST_ASR",
    "CVV_BARE_SPOKEN",
    "CVV4_BARE_SPOKEN",
    "PIN_SPOKEN",
    "POSTCODE_SPELLED",
    "REF_SPELLED",
}

# Single turns: (channel, speaker, template). Voice turns are ASR-style; chat turns are typed.
SINGLE = [
    # cards
    ("voice", "customer", "yeah the card number is {CARD_SPOKEN}"),
    ("voice", "customer", "it's {CARD_SPOKEN} that's the visa"),
    ("voice", "customer", "okay so long number {CARD_SPOKEN}"),
    ("voice", "customer", "um {CARD_MIXED} is the card"),
    ("voice", "customer", "{CARD_SPOKEN}"),
    ("voice", "agent", "just to confirm that's {CARD_SPOKEN} is that right"),
    ("chat", "customer", "My card number is {CARD}"),
    ("chat", "customer", "card: {CARD} exp {EXPIRY}"),
    ("chat", "customer", "I used my debit card {CARD} to pay"),
    ("chat", "customer", "{CARD}"),
    ("chat", "customer", "the charge was on {CARD}, can you refund it?"),
    # cvv / expiry
    ("voice", "customer", "the security code is {CVV_SPOKEN}"),
    ("voice", "customer", "expiry is {EXPIRY_SPOKEN} and the security code on the back is {CVV_SPOKEN}"),
    ("voice", "customer", "it expires {EXPIRY_SPOKEN}"),
    ("chat", "customer", "CVV is {CVV}"),
    ("chat", "customer", "expiry date {EXPIRY}, security code {CVV}"),
    ("chat", "customer", "Expires {EXPIRY}"),
    # phones
    ("voice", "customer", "my mobile is {PHONE_SPOKEN}"),
    ("voice", "customer", "you can reach me on {PHONE_SPOKEN}"),
    ("voice", "customer", "yeah call me back on {PHONE_SPOKEN} any time after five"),
    ("voice", "customer", "the number on the account should be {PHONE_SPOKEN}"),
    ("voice", "agent", "so that's {PHONE_SPOKEN} yeah"),
    ("chat", "customer", "My number is {PHONE_UK}"),
    ("chat", "customer", "call me on {PHONE_US} please"),
    ("chat", "customer", "You can text {PHONE_UK} if easier"),
    ("chat", "customer", "phone: {PHONE_US}"),
    ("chat", "customer", "I tried calling from {PHONE_UK} but got cut off"),
    # emails
    ("voice", "customer", "my email is {EMAIL_SPOKEN}"),
    ("voice", "customer", "yeah it's {EMAIL_SPOKEN}"),
    ("voice", "customer", "can you send it to {EMAIL_SPOKEN} please"),
    ("voice", "agent", "and the email we have is {EMAIL_SPOKEN} is that still correct"),
    ("chat", "customer", "email is {EMAIL}"),
    ("chat", "customer", "Please send the receipt to {EMAIL} thanks"),
    ("chat", "customer", "{EMAIL}"),
    ("chat", "customer", "I changed my email to {EMAIL} last week"),
    # SSN / NINO
    ("voice", "customer", "my social is {SSN_SPOKEN}"),
    ("voice", "customer", "social security number {SSN_SPOKEN}"),
    ("chat", "customer", "SSN {SSN}"),
    ("chat", "customer", "my social security number is {SSN}"),
    ("chat", "customer", "It's {SSN}"),
    ("voice", "customer", "my national insurance number is {NINO_SPOKEN}"),
    ("chat", "customer", "NI number: {NINO}"),
    ("chat", "customer", "my national insurance is {NINO}"),
    # IBAN / account numbers
    ("chat", "customer", "Please refund to IBAN {IBAN}"),
    ("chat", "customer", "my bank details are {IBAN}"),
    ("voice", "customer", "my account number is {ACCOUNT_SPOKEN}"),
    ("voice", "customer", "the policy number is {ACCOUNT_SPOKEN}"),
    ("voice", "customer", "order number {ACCOUNT_SPOKEN}"),
    ("chat", "customer", "Account number {ACCOUNT}"),
    ("chat", "customer", "my policy number is {ACCOUNT}"),
    ("chat", "customer", "order #{ACCOUNT} hasn't arrived"),
    ("chat", "customer", "membership number {ACCOUNT}"),
    ("chat", "customer", "reference {ACCOUNT}"),
    # DOB
    ("voice", "customer", "date of birth is {DOB_SPOKEN}"),
    ("voice", "customer", "i was born on {DOB_SPOKEN}"),
    ("chat", "customer", "DOB {DOB}"),
    ("chat", "customer", "my date of birth is {DOB}"),
    ("chat", "customer", "born {DOB}"),
    # addresses / postcodes
    ("voice", "customer", "i live at {ADDRESS_SPOKEN} postcode {POSTCODE_SPOKEN}"),
    ("voice", "customer", "it's {ADDRESS_SPOKEN}"),
    ("voice", "customer", "the postcode is {POSTCODE_SPOKEN}"),
    ("chat", "customer", "My address is {ADDRESS}, {POSTCODE}"),
    ("chat", "customer", "new address: {ADDRESS}"),
    ("chat", "customer", "postcode {POSTCODE}"),
    ("chat", "customer", "please deliver to {ADDRESS} instead"),
    ("chat", "customer", "zip code is {ZIP}"),
    # names
    ("voice", "agent", "thank you for calling acme energy you're speaking with {FIRST_ASR} how can i help"),
    ("voice", "agent", "hi you're through to {FIRST_ASR} in billing"),
    ("voice", "customer", "hi my name is {NAME_ASR} i'm calling about my bill"),
    ("voice", "customer", "yeah it's {NAME_ASR} speaking"),
    ("voice", "customer", "the account's under {NAME_ASR}"),
    ("voice", "customer", "i spoke to {FIRST_ASR} yesterday and she said it was sorted"),
    ("voice", "agent", "thanks {FIRST_ASR} can i just take your postcode"),
    ("voice", "customer", "this is {NAME_ASR}"),
    ("chat", "agent", "Hi, my name is {NAME}, how can I help today?"),
    ("chat", "customer", "Hi, I'm {NAME}"),
    ("chat", "customer", "This is {NAME}, I emailed yesterday"),
    ("chat", "agent", "Thanks {NAME}, let me check that for you."),
    ("chat", "customer", "The account holder is {NAME}"),
    ("chat", "customer", "{NAME} here, still waiting on my refund"),
    # several in one turn
    ("voice", "customer", "yeah it's {NAME_ASR} date of birth {DOB_SPOKEN}"),
    ("chat", "customer", "Name: {NAME}, email: {EMAIL}, phone: {PHONE_UK}"),
    ("chat", "customer", "{NAME}, {ADDRESS}, {POSTCODE}"),
    # reference numbers with letter prefixes, sort codes, ZIPs after a state name
    ("chat", "customer", "Policy no. {REF_PREFIXED}, the renewal price is wrong"),
    ("voice", "agent", "okay i've logged that your claim reference is {REF_PREFIXED} keep hold of it"),
    ("chat", "agent", "Your return is booked under {REF_PREFIXED}."),
    ("chat", "customer", "sort code {SORT_CODE} account {ACCOUNT}"),
    ("chat", "customer", "Ship it to {ADDRESS}, Portland, Oregon {ZIP_AFTER_STATE}"),
    ("chat", "customer", "new place is in Atlanta, Georgia {ZIP_AFTER_STATE} from next week"),
    # introductions next to company names
    ("chat", "agent", "Thanks for calling Fernbrook Energy, {NAME} speaking."),
    ("voice", "agent", "welcome to lakeside mutual home claims you're through to {FIRST_ASR} calls are recorded"),
]

# Turns with no PII, many of them traps for a naive recognizer.
NEGATIVE = [
    ("voice", "customer", "my pin isn't working"),
    ("voice", "customer", "i called yesterday and nobody got back to me"),
    ("voice", "customer", "the order arrived today but it's damaged"),
    ("ivr", "ivr", "press 1 for billing press 2 for technical support"),
    ("voice", "customer", "it cost forty five ninety nine"),
    ("chat", "customer", "I was charged $45.99 twice"),
    ("chat", "customer", "My PIN isn't working"),
    ("chat", "customer", "Someone stole my SSN card last year, is my account safe?"),
    ("chat", "customer", "I called yesterday"),
    ("chat", "customer", "Order arrived today, thanks"),
    ("voice", "agent", "is there anything else i can help you with today"),
    ("voice", "customer", "no that's everything thanks"),
    ("voice", "agent", "bear with me one moment while i pull up your account"),
    ("voice", "customer", "i've been on hold for twenty minutes"),
    ("voice", "customer", "i'm on the unlimited plan at thirty pounds a month"),
    ("chat", "customer", "I'm on the Unlimited Max plan, £35 per month"),
    ("voice", "agent", "your next bill will be on the fifteenth"),
    ("voice", "customer", "can you call me back at three thirty"),
    ("chat", "customer", "Can someone call me back at 3:30pm?"),
    ("voice", "customer", "i've got two cards and one of them is blocked"),
    ("voice", "agent", "for security can you confirm the first line of your address"),
    ("voice", "agent", "can i take the long number on the front of the card please"),
    ("voice", "agent", "okay and what's your date of birth"),
    ("voice", "customer", "i want to cancel my contract it's been three years"),
    ("voice", "customer", "the engineer said he'd come between eight and twelve"),
    ("chat", "customer", "The router has been down for 3 days"),
    ("chat", "customer", "I paid 120 pounds last month and 95 this month"),
    ("voice", "customer", "oh okay that makes sense"),
    ("voice", "customer", "oh no not again"),
    ("voice", "agent", "i'll put you on a short hold"),
    ("voice", "customer", "i'd like to speak to a manager"),
    ("chat", "agent", "I've escalated this to our complaints team, reference will follow by email."),
    ("chat", "customer", "Will this be fixed by May?"),
    ("voice", "customer", "will it be sorted by june"),
    ("voice", "customer", "mark my words i'm leaving for another provider"),
    ("chat", "customer", "I switched to the 5G plan in March"),
    ("voice", "customer", "the app says error code four oh four"),
    ("chat", "customer", "Error 404 on the payments page"),
    ("voice", "agent", "your balance is one hundred and twelve pounds fifty"),
    ("chat", "customer", "Is the 2 for 1 offer still on?"),
    ("voice", "customer", "i moved house last month"),
    ("chat", "customer", "It happened on 12 March, two days after the upgrade"),
    ("voice", "customer", "we've got three kids and four phones on the account"),
    ("chat", "customer", "I've been a customer for 10 years"),
    ("voice", "agent", "the refund takes three to five working days"),
    ("chat", "agent", "Refunds take 3-5 working days to appear."),
    ("voice", "customer", "sorry can you repeat that"),
    ("voice", "customer", "yeah go ahead"),
    ("chat", "customer", "thanks for your help!"),
    ("voice", "customer", "the security questions never work for me"),
    ("voice", "agent", "can i have the three digit security code on the back please"),
    ("chat", "customer", "my card keeps getting declined at checkout"),
    ("voice", "customer", "i was born ready for this mate honestly"),
    ("chat", "customer", "Visit the help centre at help.acme.com for more"),
    ("voice", "customer", "the best way to reach me is email"),
    ("chat", "customer", "Top up 20 please"),
    ("voice", "customer", "i've had the phone since twenty nineteen"),
    ("chat", "customer", "Order of 2 items, 1 missing"),
    ("voice", "agent", "that's all updated for you now"),
    ("chat", "customer", "Dear team, please close my account."),
    ("voice", "customer", "it says thirty percent off for the first six months"),
    ("voice", "customer", "i got a text saying my parcel is at the depot"),
    ("chat", "customer", "Meeting at 10:30 tomorrow?"),
    ("voice", "customer", "honestly it's the worst service i've had"),
    ("voice", "agent", "i can see four payments on the statement"),
    ("chat", "customer", "Tracking says out for delivery since Monday"),
    ("voice", "customer", "my wife normally deals with the bills"),
    ("chat", "customer", "Upgrade to the 100 Mbps package please"),
    ("voice", "agent", "i'm going to transfer you to the retentions team"),
    ("voice", "customer", "it's on the back of the card"),
    # company names, contractions and amounts that look like names and codes
    ("chat", "agent", "Thank you for calling Lakeside Mutual claims, how can I help?"),
    ("chat", "bot", "Hi! I'm the Fernbrook assistant. What do you need?"),
    ("chat", "customer", "Hi, I've had a problem with my boiler since Sunday"),
    ("chat", "agent", "You can say no and I'll still book the visit."),
    ("chat", "customer", "I'm moving to Octopus, they're cheaper"),
    ("chat", "customer", "It's Friday and I've still heard nothing"),
    ("chat", "customer", "No, I'll stay with Fernbrook Energy for now."),
    ("voice", "agent", "it's summit broadband billing calls may be recorded"),
    ("chat", "customer", "Apple Pay and Google Pay both fail"),
]

# Multi-turn conversations: numbers read out in chunks, answers after the agent's question.
CONVERSATIONS = [
    [
        ("agent", "can i take the long card number please"),
        ("customer", "{CHUNK1}"),
        ("agent", "okay"),
        ("customer", "{CHUNK2}"),
        ("agent", "go on"),
        ("customer", "{CHUNK3}"),
        ("agent", "uh huh"),
        ("customer", "{CHUNK4}"),
        ("agent", "thank you and the expiry"),
        ("customer", "{EXPIRY_SPOKEN}"),
        ("agent", "and the security code on the back"),
        ("customer", "{CVV_SPOKEN}"),
    ],
    [
        ("agent", "what's the card number"),
        ("customer", "it's {CHUNK1}"),
        ("agent", "mhm"),
        ("customer", "{CHUNK2}"),
        ("agent", "yep"),
        ("customer", "{CHUNK3} {CHUNK4}"),
        ("agent", "lovely thank you"),
    ],
    [
        ("agent", "could i take a contact number"),
        ("customer", "yeah it's {PCHUNK1}"),
        ("agent", "okay"),
        ("customer", "{PCHUNK2}"),
        ("agent", "got it thanks"),
    ],
    [
        ("agent", "can you confirm your date of birth"),
        ("customer", "yeah it's {DOB_SPOKEN}"),
        ("agent", "and the first line of the address"),
        ("customer", "{ADDRESS_SPOKEN}"),
        ("agent", "and the postcode"),
        ("customer", "{POSTCODE_SPOKEN}"),
    ],
    [
        ("agent", "what's the account number"),
        ("customer", "{ACCOUNT_SPOKEN}"),
        ("agent", "and your name"),
        ("customer", "{NAME_ASR}"),
    ],
    [
        ("agent", "can i take your social security number"),
        ("customer", "sure {SSN_SPOKEN}"),
        ("agent", "thanks i've verified you"),
    ],
    [("agent", "and what's the best email"), ("customer", "{EMAIL_SPOKEN}"), ("agent", "perfect")],
    [
        ("agent", "can i take your date of birth"),
        ("customer", "{DOB}"),
        ("agent", "thanks, and the postcode?"),
        ("customer", "{POSTCODE}"),
    ],
    # bare answers whose only context is the agent's question
    [
        ("agent", "last thing, the three digit number on the back of the card?"),
        ("customer", "{CVV_BARE_SPOKEN}"),
        ("agent", "that's gone through, you'll get a receipt by email"),
    ],
    [
        ("agent", "it's an amex so i need the four digit code printed on the front"),
        ("customer", "{CVV4_BARE_SPOKEN}"),
        ("agent", "lovely thank you"),
    ],
    [("agent", "and the expiration date on it?"), ("customer", "{EXPIRY_SPOKEN}"), ("agent", "thanks")],
    [
        ("agent", "please read me the six digit passcode we just texted you"),
        ("customer", "{PIN_SPOKEN}"),
        ("agent", "great you're through security"),
    ],
    [("agent", "could you type the one-time code from the text message?"), ("customer", "{PIN}")],
    [
        ("agent", "can you give me the post code for the property"),
        ("customer", "yeah {POSTCODE_SPELLED}"),
        ("agent", "and the membership number"),
        ("customer", "it's {REF_SPELLED}"),
    ],
    [
        ("agent", "which claim is this about?"),
        ("customer", "{REF_PREFIXED}"),
        ("agent", "and the sort code for the refund"),
        ("customer", "{SORT_CODE}"),
    ],
]


def conversation_turns(conv: list[tuple[str, str]]) -> list[tuple[str, str, list[dict]]]:
    """Render a conversation; {CHUNKn}/{PCHUNKn} share one card/phone number split across turns."""
    card = card_digits()
    card_chunks = [spoken_digits(card[i : i + 4], doubles=rng.random() < 0.5) for i in range(0, 16, 4)]
    if len(card) == 15:
        card_chunks = [spoken_digits(card[i:j], doubles=False) for i, j in ((0, 4), (4, 8), (8, 12), (12, 15))]
    phone = uk_mobile()
    phone_chunks = [spoken_digits(phone[:5]), spoken_digits(phone[5:])]
    out = []
    for speaker, template in conv:
        text, entities, pos = "", [], 0
        for match in SLOT.finditer(template):
            text += template[pos : match.start()]
            kind = match.group(1)
            if kind.startswith("CHUNK"):
                entity_type, value = "CREDIT_CARD", card_chunks[int(kind[-1]) - 1]
                spoken = True
            elif kind.startswith("PCHUNK"):
                entity_type, value = "PHONE_NUMBER", phone_chunks[int(kind[-1]) - 1]
                spoken = True
            else:
                entity_type, value = slot(kind)
                spoken = kind in SPOKEN_KINDS
            entities.append(
                {
                    "type": entity_type,
                    "start": len(text),
                    "end": len(text) + len(value),
                    "form": "spoken" if spoken else "written",
                }
            )
            text += value
            pos = match.end()
        text += template[pos:]
        out.append((speaker, text, entities))
    return out


def render_single(template: str) -> tuple[str, list[dict]]:
    text, entities, pos = "", [], 0
    for match in SLOT.finditer(template):
        text += template[pos : match.start()]
        kind = match.group(1)
        entity_type, value = slot(kind)
        entities.append(
            {
                "type": entity_type,
                "start": len(text),
                "end": len(text) + len(value),
                "form": "spoken" if kind in SPOKEN_KINDS else "written",
            }
        )
        text += value
        pos = match.end()
    return text + template[pos:], entities


def main() -> None:
    records = []
    for rep in range(2):  # each PII template twice, with different values
        for n, (channel, speaker, template) in enumerate(SINGLE):
            text, entities = render_single(template)
            records.append(
                {
                    "conversation_id": f"single-{rep}-{n:03d}",
                    "turn_index": 0,
                    "channel": channel,
                    "speaker": speaker,
                    "text": text,
                    "entities": entities,
                }
            )
    for n, (channel, speaker, text) in enumerate(NEGATIVE):
        records.append(
            {
                "conversation_id": f"neg-{n:03d}",
                "turn_index": 0,
                "channel": "voice" if channel == "ivr" else channel,
                "speaker": speaker,
                "text": text,
                "entities": [],
            }
        )
    for rep in range(3):
        for n, conv in enumerate(CONVERSATIONS):
            channel = "chat" if any("{DOB}" in t for _, t in conv) else "voice"
            for index, (speaker, text, entities) in enumerate(conversation_turns(conv)):
                records.append(
                    {
                        "conversation_id": f"conv-{rep}-{n:02d}",
                        "turn_index": index,
                        "channel": channel,
                        "speaker": speaker,
                        "text": text,
                        "entities": entities,
                    }
                )
    with OUT.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record) + "\n")
    n_entities = sum(len(r["entities"]) for r in records)
    print(f"wrote {len(records)} turns, {n_entities} entities to {OUT}")


if __name__ == "__main__":
    main()
