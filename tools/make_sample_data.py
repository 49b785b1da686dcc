"""Write the project's own sample transcripts into sample_data/, one folder per export format.

Why a script: every format is rendered from the same hand-written dialogues, so timings, ids
and speaker roles stay consistent across formats, and the committed files can be rebuilt
byte-for-byte (`python tools/make_sample_data.py`). Nothing here is random: ids come from
uuid5 over fixed names, timings from word counts and the explicit gaps written in the dialogue.

All people, numbers and companies are fictional. Card numbers are the public Luhn-valid
test numbers (4111 1111 1111 1111 and friends); phone numbers use reserved fictional ranges.

Dialogue mini-language, one string per turn:
    "A: text"      agent (first agent)        "A2: text"  second agent after a transfer
    "C: text"      customer                   "B: text"   bot / virtual assistant
    "I: text"      IVR prompt                 "S: text"   system message
    "A+95: text"   a 95 second gap before the turn (holds, queue time); gaps are shown in every
                   timed format.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample_data"
NAMESPACE = uuid.UUID("6f1c2a9e-3d4b-4c1a-9e77-2b5d0c8a1f00")

ROLE_BY_PREFIX = {"A": "agent", "A2": "agent", "C": "customer", "B": "bot", "I": "ivr", "S": "system"}


@dataclass
class Conv:
    conversation_id: str
    fmt: str  # output format key, see WRITERS
    channel: str
    direction: str
    queue: str
    started_at: str
    customer_id: str | None
    agent_id: str | None
    company: str
    agent_name: str
    customer_name: str
    turns: list[str]
    agent2_name: str | None = None
    agent2_id: str | None = None
    file_stem: str | None = None
    notes: str = ""  # what the conversation shows, for the README (never PII)
    extra: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# The dialogues.
# --------------------------------------------------------------------------------------------

CONVERSATIONS: list[Conv] = []


def conv(**kwargs: Any) -> None:
    CONVERSATIONS.append(Conv(**kwargs))


# ---- canonical JSONL -----------------------------------------------------------------------

conv(
    conversation_id="c-1001",
    fmt="jsonl",
    channel="voice",
    direction="inbound",
    queue="payments",
    started_at="2026-11-03T09:14:03Z",
    customer_id="cust-2217",
    agent_id="a-112",
    company="Northgate Bank",
    agent_name="Priya Shah",
    customer_name="Daniel Okafor",
    notes="IVR menu, recording disclosure, identity check, declined card, written card number, ownership, survey offer",
    turns=[
        "I: Welcome to Northgate Bank. This call may be recorded for quality and training purposes.",
        "I: For cards and payments press 1. For online banking press 2. For mortgages press 3. For anything else press 4.",
        "I: You pressed 1. Please hold while we connect you to the payments team. Your call is important to us.",
        "A+64: Good morning, thank you for calling Northgate Bank, you're speaking with Priya. How can I help you today?",
        "C: Hi Priya, my debit card keeps getting declined. I tried to pay for groceries this morning and it just said declined, twice.",
        "A: I'm sorry to hear that, that's really embarrassing at the till. Before I look into it, I need to verify your identity. Can I take your full name and date of birth please?",
        "C: Daniel Okafor, 14th of March 1986.",
        "A: Thank you. And the first line of your address and postcode?",
        "C: 42 Larkfield Road, Bristol, BS6 5QT.",
        "A: Thanks Daniel, you're verified. Which card is it that's being declined?",
        "C: The one ending 1111. Actually the full number is 4111 1111 1111 1111 if that helps, expiry 09/28.",
        "A: Just the last four digits is fine, please don't read out the full number or the security code. I can see the card, and there's a block on it from our fraud system after an online payment attempt last night.",
        "C: Last night? I didn't buy anything online last night.",
        "A: It was an attempted payment of 389 pounds to an electronics retailer, which our system stopped. So the block has actually protected you. I'll take care of this for you: I'm going to cancel this card and order a replacement today.",
        "C: Okay, that's a relief honestly. How long will the new card take?",
        "A: Three to five working days. In the meantime you can use Apple Pay or Google Pay once the new card details are added in the app, usually within the hour.",
        "C: Great, thank you.",
        "A: You're welcome. Is there anything else I can help you with today?",
        "C: No, that's everything.",
        "A: Thanks for calling Northgate Bank, Daniel. You may receive a short survey by text about today's call, we'd really value your feedback. Have a good day.",
    ],
)

conv(
    conversation_id="c-1002",
    fmt="jsonl",
    channel="chat",
    direction="inbound",
    queue="technical_support",
    started_at="2026-11-09T19:02:41Z",
    customer_id="cust-1042",
    agent_id="a-208",
    company="Brightwave Broadband",
    agent_name="Tom",
    customer_name="Sarah Whitfield",
    notes="first of three contacts about the same broadband drop-outs; troubleshooting, engineer booked, not resolved",
    turns=[
        "B: Hi, I'm Wave, Brightwave's virtual assistant. What can I help you with today?",
        "C: my broadband keeps dropping out every evening",
        "B: Sorry about that. Have you tried restarting your hub? Switch it off at the wall, wait 30 seconds and switch it back on.",
        "C: yes several times, it doesn't help. I want to talk to a person",
        "B: No problem, I'm connecting you to one of our technical support team. The current wait is about 4 minutes.",
        "A+212: Hi Sarah, I'm Tom from the Brightwave technical team. I've read your chat with Wave. Sorry to hear your connection keeps dropping, I understand how frustrating that is in the evenings.",
        "C: it's every night from about 7pm. It drops for a few minutes, comes back, drops again. I work from home some evenings so it's a real problem",
        "A: Thanks. To find your account can you confirm the account holder's name and the postcode of the property?",
        "C: Sarah Whitfield, LS6 2HG",
        "A: Thanks Sarah. I'm running a line test now, it takes about a minute.",
        "A+75: The line test shows 14 disconnections in the last 48 hours, all between 6pm and 11pm. That pattern usually points to a fault on the line rather than your hub.",
        "C: so what happens now",
        "A: I've booked an Openreach engineer visit for Thursday 12th November between 8am and 1pm. Someone needs to be home. Does that work?",
        "C: thursday morning is fine I suppose",
        "A: Booked. You'll get a confirmation text to the mobile ending 0123. Is there anything else I can help you with today?",
        "C: no. just hope it gets fixed",
        "A: I hope so too. Thanks for chatting with Brightwave, Sarah.",
    ],
)

conv(
    conversation_id="c-1003",
    fmt="jsonl",
    channel="chat",
    direction="inbound",
    queue="general",
    started_at="2026-11-04T07:48:10Z",
    customer_id="cust-5120",
    agent_id=None,
    company="Northgate Bank",
    agent_name="",
    customer_name="Grace Lindqvist",
    notes="chatbot resolves alone (bot containment, no human agent)",
    turns=[
        "B: Hello, I'm Nora, Northgate's digital assistant. Ask me anything about your accounts, cards or payments.",
        "C: how do I freeze my card? I think I left it in a taxi",
        "B: I can help with that. You can freeze your card instantly in the Northgate app: tap Cards, choose the card, then tap Freeze card. Freezing stops new card payments but your direct debits keep working.",
        "C: ok done, it says frozen",
        "B: Great, your card is frozen. If you find it, you can unfreeze it the same way. If it's lost for good, tap Report lost or stolen and we'll send a replacement.",
        "C: and can I still use apple pay?",
        "B: No, while the card is frozen Apple Pay and Google Pay payments on that card are also blocked.",
        "C: ok that makes sense. thanks, that fixes it",
        "B: You're welcome. Was this conversation helpful? Reply yes or no.",
        "C: yes",
        "B: Thanks for your feedback. Have a good day.",
    ],
)

conv(
    conversation_id="c-1004",
    fmt="jsonl",
    channel="chat",
    direction="inbound",
    queue="orders_delivery",
    started_at="2026-11-04T12:20:33Z",
    customer_id="cust-3380",
    agent_id="a-305",
    company="Cartwell",
    agent_name="Aisha",
    customer_name="Martin Kowalski",
    notes="first contact about a missing parcel; bot hands over to a human agent; order number and email in writing",
    turns=[
        "B: Hi! I'm the Cartwell assistant. Type your order number or tell me what you need.",
        "C: my parcel says delivered but it's not here. order ORD-20261029-4471",
        "B: Thanks. I can see order ORD-20261029-4471 was marked delivered yesterday at 14:12. I'll pass you to a member of our delivery team who can investigate.",
        "S: You are now being placed in the queue to chat with an agent.",
        "A+96: Hi Martin, I'm Aisha. I'm sorry your parcel hasn't turned up. Can you confirm the email address on the account?",
        "C: martin.kowalski@example.com",
        "A: Thank you. The courier's photo shows the parcel left by a blue front door. Is that your door?",
        "C: no, my door is white. 17 Orchard Close, Reading RG4 8TY",
        "A: Then it looks like it was left at the wrong address. I've opened a claim with the courier, reference CLM-88123. They usually respond within 48 hours.",
        "C: 48 hours? it was a birthday present for saturday",
        "A: I understand, that's really disappointing. If the courier hasn't found it by Friday morning, contact us and we'll send a replacement by next-day delivery.",
        "C: fine",
        "A: Is there anything else I can help you with?",
        "C: no",
    ],
)

conv(
    conversation_id="c-1005",
    fmt="jsonl",
    channel="email",
    direction="inbound",
    queue="billing",
    started_at="2026-11-05T08:03:00Z",
    customer_id="cust-6631",
    agent_id="a-411",
    company="Veridian Energy",
    agent_name="Callum Reid",
    customer_name="Helen Marsh",
    notes="email thread: high bill complaint, account number, IBAN for direct debit, resolved by estimated reading correction",
    turns=[
        "C: Subject: Bill far too high - account 7719 2045 88\n\nHello,\n\nMy latest electricity bill is 412.60 pounds for October, which is about three times what I normally pay. I think it is based on an estimated reading. My actual meter reading today is 48213.\n\nAlso, please change my direct debit to my new bank account: IBAN GB33BUKB20201555555555, account holder Helen Marsh.\n\nMy address is Flat 3, 9 Quayside Walk, Newcastle NE1 3DX and my phone number is 07700 900461.\n\nRegards,\nHelen Marsh",
        "A: Subject: RE: Bill far too high - account 7719 2045 88\n\nDear Ms Marsh,\n\nThank you for your email and I'm sorry for the worry this bill has caused. You're right: the October bill used an estimated reading of 49870, which is much higher than your actual reading of 48213. I have replaced the estimate with your reading and re-issued the bill. Your corrected October balance is 138.45 pounds, and the new bill is in your online account now.\n\nI have also updated your direct debit to the new bank account you gave us. The first payment from the new account will be taken on 1 December.\n\nTo avoid estimated bills in future, you can submit a reading in our app each month, or we can book a free smart meter installation. Just reply to this email if you'd like one.\n\nIs there anything else I can help with?\n\nKind regards,\nCallum Reid\nVeridian Energy Customer Service",
        "C: Subject: RE: RE: Bill far too high\n\nThank you Callum, that's sorted then. Yes please book the smart meter, any weekday morning is fine.\n\nHelen",
        "A: Subject: RE: RE: RE: Bill far too high\n\nDear Ms Marsh,\n\nGreat, I've booked your smart meter installation for Tuesday 24 November, 8am to 12pm. You'll receive a confirmation text the day before.\n\nWe'd love to hear how we did: you'll receive a short two-question survey by email.\n\nKind regards,\nCallum Reid",
    ],
)

conv(
    conversation_id="c-1006",
    fmt="jsonl",
    channel="sms",
    direction="outbound",
    queue="sales",
    started_at="2026-11-06T11:00:00Z",
    customer_id="cust-7045",
    agent_id="a-230",
    company="Brightwave Mobile",
    agent_name="Brightwave",
    customer_name="Jordan Ellis",
    notes="outbound proactive SMS: contract ending next month, upgrade offer (predicted need)",
    turns=[
        "A: Brightwave: Hi Jordan, since your contract ends next month (14 Dec), you may want to look at our SIM-only plans: 100GB for 12 pounds a month, no price rises for 24 months. Reply UPGRADE for options or STOP to opt out.",
        "C+1380: UPGRADE. what would the phone deals be",
        "A+40: Thanks Jordan. With your loyalty discount the Pixel 10 is 29 pounds a month plus 30 pounds upfront on 24 months, unlimited data. Shall an advisor call you? Reply with a good time.",
        "C+600: tomorrow after 5pm to 07700 900387",
        "A+30: Done, an advisor will call you tomorrow after 5pm on 07700 900387. Thanks, Brightwave.",
    ],
)

conv(
    conversation_id="c-1007",
    fmt="jsonl",
    channel="voice",
    direction="outbound",
    queue="payments",
    started_at="2026-11-06T15:31:20Z",
    customer_id="cust-8890",
    agent_id="a-118",
    company="Northgate Bank",
    agent_name="Ravi Patel",
    customer_name="Claire Dunmore",
    notes="outbound proactive call: missed loan payment, identity check, card payment spoken over several turns",
    turns=[
        "A: Hello, is that Claire Dunmore? This is Ravi calling from Northgate Bank. This call is recorded for quality and training purposes.",
        "C: Yes, speaking.",
        "A: Before I go on, can you confirm your date of birth for security?",
        "C: It's the 2nd of July 1979.",
        "A: Thank you Claire. I'm calling because we noticed your personal loan payment on the 1st of November failed, and I wanted to help you sort it before any late fee is added.",
        "C: Oh no. I changed banks last month, I must have forgotten to move it.",
        "A: That happens a lot, don't worry. The missed amount is 186 pounds 40. I can take it now by debit card if that suits, and then we can update the direct debit.",
        "C: Yes, let's do that. Right, the card number is five five five five",
        "A: Okay.",
        "C: five five five five",
        "A: Go on.",
        "C: five five five five, four four four four",
        "A: Thank you. And the expiry date and the three digit security code on the back?",
        "C: Expiry is oh eight twenty nine and the code is seven three one.",
        "A: Thank you, that payment of 186 pounds 40 has gone through. I'll take care of the direct debit change as well: can I have the new sort code and account number?",
        "C: Sort code 20 00 00, account 55779911.",
        "A: Done. From December the payment will come from the new account. Is there anything else I can help you with?",
        "C: No, thanks for calling, I'd have missed that.",
        "A: You're welcome Claire. Have a good afternoon.",
    ],
)

conv(
    conversation_id="c-1008",
    fmt="jsonl",
    channel="chat",
    direction="inbound",
    queue="complaints",
    started_at="2026-11-07T22:41:05Z",
    customer_id="cust-9913",
    agent_id="a-307",
    company="Cartwell",
    agent_name="Ben",
    customer_name="anonymous",
    notes="hostile chat with HTML/script injection text, profanity-free anger, escalation demand, unresolved",
    turns=[
        "C: <script>alert(1)</script> your refund page is broken",
        "A: Hi, I'm Ben from Cartwell. I'm sorry the refund page isn't working for you. Can you tell me your order number so I can help?",
        "C: \"><img src=x onerror=alert(1)> order is ORD-20261101-9082. I've been waiting 40 minutes for someone to answer this chat",
        "A: I'm sorry about the wait, we're very busy tonight. I can see order ORD-20261101-9082, a return was received on 3 November.",
        "C: so where is my money. this is the third time I've asked. absolutely useless",
        "A: I understand how frustrating this is. The refund was approved today and can take 3 to 5 working days to reach your card.",
        "C: not good enough. I want to speak to a manager right now",
        "A: I can ask a team leader to review your case and contact you by email within 24 hours. Would that be okay?",
        "C: no it is not okay. I'm reporting you to trading standards and I'm never shopping here again",
        "A: I'm sorry you feel that way. I've raised escalation ESC-5531 for a team leader. Is there anything else I can help with tonight?",
        "C: <b>no</b>",
    ],
)

conv(
    conversation_id="c-1009",
    fmt="jsonl",
    channel="voice",
    direction="inbound",
    queue="claims",
    started_at="2026-11-08T10:05:47Z",
    customer_id="cust-4402",
    agent_id="a-520",
    company="Harbour Mutual",
    agent_name="Nicole Brandt",
    customer_name="Peter Alvarez",
    notes="motor claim first notification: disclosure, policy number, DOB, empathy, ownership, survey offer",
    turns=[
        "A: Thank you for calling Harbour Mutual claims, my name is Nicole. Just to let you know, calls are recorded for training and monitoring purposes. How can I help?",
        "C: Hi, I've had a car accident this morning, nobody's hurt but the car's a mess.",
        "A: I'm sorry to hear that, I'm glad nobody was hurt. Are you somewhere safe right now?",
        "C: Yeah, I'm home now, the car got towed.",
        "A: Good. Let's get your claim started. Can I have your policy number please?",
        "C: It's HM-POL-7781-2290.",
        "A: Thank you. And to confirm it's you, your date of birth and postcode?",
        "C: 22nd of January 1990, postcode M20 6RL.",
        "A: Thanks Peter, that's all confirmed. Can you tell me what happened?",
        "C: I was stopped at the lights on Wilmslow Road and a van went into the back of me. The driver admitted it, I've got his details and a photo of his licence.",
        "A: That's really helpful. As the other driver has admitted fault, we'll recover the costs from his insurer, so your no claims bonus should be protected. I'll take care of arranging the repair and a courtesy car for you.",
        "C: Oh brilliant, I was worried about that. I need the car for work.",
        "A: You'll get a courtesy car from tomorrow. The repairer will call you today to arrange collection. Your claim number is CL-2026-118804.",
        "C: Thank you, that's much easier than I expected.",
        "A: Is there anything else I can help you with today?",
        "C: No, that's all, thanks.",
        "A: Take care Peter. After this call you'll be asked if you'd stay on the line for a short survey, it only takes a minute.",
    ],
)

conv(
    conversation_id="c-1010",
    fmt="jsonl",
    channel="voice",
    direction="outbound",
    queue="general",
    started_at="2026-11-10T16:12:09Z",
    customer_id="cust-6010",
    agent_id="a-415",
    company="Veridian Energy",
    agent_name="Owen Hughes",
    customer_name="Margaret Doyle",
    notes="outbound proactive call ahead of a planned outage; priority services register; predicted need",
    turns=[
        "A: Hello, could I speak to Margaret Doyle please? It's Owen from Veridian Energy.",
        "C: Speaking, what's this about?",
        "A: Nothing to worry about. We're calling ahead of a planned outage: the network operator is replacing a cable on your street on Wednesday 18th November, and the power will be off from 9am to about 2pm.",
        "C: Oh. I've got a stairlift and my oxygen concentrator needs power.",
        "A: Thank you for telling me. I can see you're on our priority services register, which is why we're calling you personally. I'll take care of this for you: the network operator can bring a portable generator for medical equipment. Shall I request that?",
        "C: Yes please, that would be a weight off my mind.",
        "A: Done, I've requested it, reference PSR-44817. They'll call you on 0113 496 0771 the day before to confirm. Is that still the best number?",
        "C: Yes, that's the landline.",
        "A: Lovely. Since it'll be cold, you may also want to charge your mobile the night before. Is there anything else I can help you with?",
        "C: No, thank you for letting me know, that's very thoughtful.",
        "A: You're welcome Mrs Doyle. Take care.",
    ],
)

conv(
    conversation_id="c-1011",
    fmt="jsonl",
    channel="voice",
    direction="inbound",
    queue="retention",
    started_at="2026-11-10T13:27:55Z",
    customer_id="cust-7781",
    agent_id="a-233",
    company="Brightwave Mobile",
    agent_name="Leah Carter",
    customer_name="Imran Siddiqui",
    notes="cancellation call, competitor mention, retention offer refused, churn",
    turns=[
        "I: Welcome to Brightwave. To help us route your call, please say in a few words what you're calling about.",
        "C: cancel my contract",
        "I: Thanks. I'll put you through to someone who can help with that.",
        "A+38: Hi, you're through to Leah in the Brightwave customer team, calls are recorded for training purposes. I understand you'd like to cancel?",
        "C: Yes. I'm switching to Vodafone, they've offered me the same plan for eight pounds less a month.",
        "A: I'm sorry to hear you're thinking of leaving. Can I take your mobile number and date of birth to find your account?",
        "C: 07700 900552, and 3rd of May 1992.",
        "A: Thanks Imran. You've been with us six years. I can see your contract ended in September, so you're out of contract and paying 27 pounds a month.",
        "C: Exactly, and Vodafone is 19.",
        "A: I can offer you 18 pounds a month for 24 months with the same 100 gigs of data, and I'll add free EU roaming.",
        "C: Hmm. Honestly I've already ordered the Vodafone SIM. I just want my PAC code.",
        "A: No problem at all, I understand. Your PAC code is being sent by text now, it's valid for 30 days. Your number will move when you activate the new SIM.",
        "C: Okay, thanks.",
        "A: Is there anything else I can help you with?",
        "C: No.",
        "A: Thanks for being with us Imran, all the best.",
    ],
)

conv(
    conversation_id="c-1012",
    fmt="jsonl",
    channel="email",
    direction="inbound",
    queue="complaints",
    started_at="2026-11-12T18:45:00Z",
    customer_id="cust-3380",
    agent_id="a-309",
    company="Cartwell",
    agent_name="Fiona Grant",
    customer_name="Martin Kowalski",
    notes="third contact about the same missing parcel (repeat contact); complaint by email; replacement sent",
    turns=[
        "C: Subject: Complaint - parcel still missing, order ORD-20261029-4471\n\nThis is now the third time I'm contacting you about this. As I already told your colleagues on chat and on the phone, the parcel was delivered to the wrong house. Nobody has called me back about claim CLM-88123 and the birthday has been and gone.\n\nI want a replacement or a full refund to my card ending 4444 today. My number is 07700 900918 if anyone actually wants to call.\n\nMartin Kowalski\n17 Orchard Close, Reading RG4 8TY",
        "A: Subject: RE: Complaint - parcel still missing, order ORD-20261029-4471\n\nDear Mr Kowalski,\n\nI'm very sorry. You should not have had to contact us three times, and I can see from your history that you were promised a call back that never happened. That's not the service we want to give.\n\nI've taken ownership of your complaint. A replacement has been dispatched today by next-day tracked delivery, tracking number TRK 6633 0192 5521, and I've added a 20 pound credit to your account as an apology. I've also closed the courier claim on our side so you don't need to do anything else.\n\nIf the replacement doesn't arrive by Friday, please reply directly to me.\n\nYours sincerely,\nFiona Grant\nCustomer Relations, Cartwell",
        "C: Subject: RE: Complaint - parcel still missing\n\nThe replacement arrived this morning, thank you Fiona. Finally someone who actually does what they say.\n\nMartin",
        "A: Subject: RE: Complaint - parcel still missing\n\nDear Mr Kowalski,\n\nThat's great news, thank you for letting me know. I've closed your complaint. You'll receive a short survey about how we handled it, and I'd value your honest feedback.\n\nKind regards,\nFiona Grant",
    ],
)

conv(
    conversation_id="c-1013",
    fmt="jsonl",
    channel="sms",
    direction="inbound",
    queue="account_access",
    started_at="2026-11-13T08:17:42Z",
    customer_id="cust-5120",
    agent_id="a-119",
    company="Northgate Bank",
    agent_name="Northgate",
    customer_name="Grace Lindqvist",
    notes="SMS: one-time passcode not arriving after a phone number change",
    turns=[
        "C: Hi, I'm not getting the login codes any more. I changed my number to +44 7700 900845",
        "A+240: Hi Grace, thanks for getting in touch. For your security we can't change your number by text. Please call us on 0306 999 0123 or visit a branch with photo ID, and we'll update it the same day.",
        "C+300: ugh ok. is the branch on Park Street open saturday",
        "A+120: Yes, Park Street is open on Saturday from 9am to 1pm. Bring your passport or driving licence. Anything else we can help with?",
        "C+60: no thanks",
    ],
)

# ---- CSV, one row per turn ----------------------------------------------------------------

conv(
    conversation_id="c-2001",
    fmt="csv",
    channel="voice",
    direction="inbound",
    queue="technical_support",
    started_at="2026-11-11T18:40:02Z",
    customer_id="cust-1042",
    agent_id="a-201",
    agent2_id="a-214",
    company="Brightwave Broadband",
    agent_name="Kayleigh",
    agent2_name="Sam",
    customer_name="Sarah Whitfield",
    notes="second contact about the same drop-outs; long wait complaint, transfer, customer repeats herself after the transfer, hold",
    turns=[
        "I: Thank you for calling Brightwave. Calls may be recorded for quality and training purposes. For billing press 1, for technical support press 2, for anything else press 3.",
        "I: Our technical support team is very busy. You are number 14 in the queue.",
        "A+1380: Hello, Brightwave, Kayleigh speaking, how can I help?",
        "C: Finally. I've been waiting 23 minutes. My broadband is still dropping every night and an engineer is supposed to come tomorrow but I've had no confirmation.",
        "A: I'm sorry about the wait. Can I take your name and postcode?",
        "C: Sarah Whitfield, LS6 2HG.",
        "A: Thanks Sarah. I'm on the general line so I can't see the engineer bookings. Let me transfer you to our technical team who can check that for you.",
        "C: Seriously? Fine.",
        "A2+185: Hi, you're through to Sam in technical support. Can I take your name, postcode and what the issue is?",
        "C: As I already told the last person, it's Sarah Whitfield, LS6 2HG. My broadband drops every evening, I spoke to someone on chat on Monday and they booked an engineer for tomorrow, and I've had no confirmation text.",
        "A2: I'm sorry you've had to repeat yourself. I can see the chat on Monday and the line test. Let me put you on hold for a moment while I check with Openreach.",
        "A2+142: Thanks for holding. The engineer visit for tomorrow 8am to 1pm is confirmed, the text failed because the mobile number on file is missing a digit. Can you confirm your mobile?",
        "C: 07700 900123.",
        "A2: Updated. You'll get the confirmation in the next few minutes. Is there anything else I can help with?",
        "C: No. Just make sure someone actually turns up.",
        "A2: They will. Thanks for calling Brightwave, Sarah.",
    ],
)

conv(
    conversation_id="c-2002",
    fmt="csv",
    channel="voice",
    direction="inbound",
    queue="orders_delivery",
    started_at="2026-11-07T09:55:18Z",
    customer_id="cust-3380",
    agent_id="a-302",
    company="Cartwell",
    agent_name="Jamal",
    customer_name="Martin Kowalski",
    notes="second contact about the missing parcel; agent refers to the earlier chat; supervisor requested; no resolution",
    turns=[
        "A: Thanks for calling Cartwell, this is Jamal. How can I help you today?",
        "C: Hi, I chatted with you on Wednesday about a parcel delivered to the wrong address. Order ORD-20261029-4471. It's Saturday, the birthday's today and I've still got nothing.",
        "A: I'm sorry to hear that. I can see you chatted with Aisha on Wednesday about this and a courier claim was opened.",
        "C: Yes, and she said you'd send a replacement if it wasn't found by Friday.",
        "A: Let me put you on hold while I check the claim status.",
        "A+96: Thank you for waiting. The courier hasn't closed the claim yet, so the system won't let me send a replacement until it does.",
        "C: That's not what I was told. Can I speak to a supervisor please?",
        "A: I understand. I'll ask my team leader to call you back today, they can override the claim. Can I confirm your number is 07700 900918?",
        "C: Yes.",
        "A: I've logged the call-back request. Is there anything else I can help with?",
        "C: No. Just get someone to ring me.",
    ],
)

conv(
    conversation_id="c-2003",
    fmt="csv",
    channel="voice",
    direction="inbound",
    queue="payments",
    started_at="2026-11-09T11:21:36Z",
    customer_id="cust-6122",
    agent_id="a-408",
    company="Veridian Energy",
    agent_name="Gemma",
    customer_name="Anthony Burke",
    notes="card payment with the card number spoken over several turns (ASR spoken digits, 'double', 'oh')",
    turns=[
        "A: good morning veridian energy you're through to gemma calls are recorded for training and quality purposes how can i help",
        "C: hi yeah i want to pay my gas bill please i got a reminder letter",
        "A: no problem can i take your account number",
        "C: it's eight oh double two four six one nine",
        "A: thank you and the first line of your address and postcode",
        "C: twenty one birch grove derby d e twenty two three k p",
        "A: thanks mister burke the balance is one hundred and four pounds twenty how much would you like to pay",
        "C: the whole lot",
        "A: okay when you're ready the long card number",
        "C: four one one one",
        "A: okay",
        "C: one one one one",
        "A: go on",
        "C: 1 1 1 one",
        "A: mhm",
        "C: one one one one",
        "A: and the expiry",
        "C: oh nine twenty eight",
        "A: and the three digit code on the back",
        "C: triple seven",
        "A: thank you that's gone through one hundred and four pounds twenty paid your balance is now zero anything else i can help with",
        "C: no that's it cheers",
        "A: thanks for calling bye now",
    ],
)

conv(
    conversation_id="c-2004",
    fmt="csv",
    channel="chat",
    direction="inbound",
    queue="account_access",
    started_at="2026-11-10T20:14:09Z",
    customer_id="cust-2390",
    agent_id="a-121",
    company="Northgate Bank",
    agent_name="Lucy",
    customer_name="Oliver Grant",
    notes="locked out of online banking; identity verification; resolved; survey offered",
    turns=[
        "A: Hi, you're chatting with Lucy at Northgate Bank. How can I help?",
        "C: I'm locked out of online banking, it says too many attempts",
        "A: Sorry about that. I can help you get back in. For security, please confirm your full name, date of birth and the email address on your account.",
        "C: Oliver Grant, 30/11/1975, oliver.grant75@example.co.uk",
        "A: Thanks Oliver. I'm also sending a one-time code to your registered mobile ending 7731. Please type it here when it arrives.",
        "C: 482913",
        "A: Thank you, you're verified. I've unlocked your profile. You'll be asked to set a new password at your next login.",
        "C: just tried it, I'm in. perfect, that's working now",
        "A: Great! Is there anything else I can help you with today?",
        "C: no that's all",
        "A: Thanks for chatting with us. You'll see a quick two-question survey when you close this window, we'd appreciate your feedback.",
    ],
)

conv(
    conversation_id="c-2005",
    fmt="csv",
    channel="voice",
    direction="outbound",
    queue="sales",
    started_at="2026-11-12T14:03:50Z",
    customer_id="cust-4410",
    agent_id="a-531",
    company="Harbour Mutual",
    agent_name="Steve Malone",
    customer_name="Linda Okonkwo",
    notes="outbound proactive renewal call; predicted need (policy renews next month); competitor mention; resolved",
    turns=[
        "A: Hello, is that Linda Okonkwo? It's Steve from Harbour Mutual. This call is recorded for training purposes. Is now a good time?",
        "C: Yes, go ahead.",
        "A: Thanks. For security, could you confirm the first line of your address and your date of birth?",
        "C: 8 Millbrook Lane, and the 9th of September 1983.",
        "A: Thank you. I'm calling because your home insurance renews next month, on the 12th of December, and since you've added an extension this year you may want to review your buildings cover.",
        "C: Oh, good point, I hadn't thought about that. I was also going to look at Direct Line, they quoted me 290.",
        "A: Understood. With the extension, your rebuild value goes up to 340,000 pounds. Your renewal with the updated cover would be 284 pounds a year, and that includes accidental damage.",
        "C: That's actually cheaper than Direct Line with more cover. Let's do that.",
        "A: Great, I've updated the policy and your renewal documents will be emailed to you within 24 hours. Is there anything else I can help with?",
        "C: No, thanks for calling, that was useful.",
        "A: My pleasure Linda, have a good afternoon.",
    ],
)

conv(
    conversation_id="c-2006",
    fmt="csv",
    channel="voice",
    direction="outbound",
    queue="payments",
    started_at="2026-11-13T10:45:12Z",
    customer_id="cust-7290",
    agent_id="a-240",
    company="Brightwave Broadband",
    agent_name="Megan",
    customer_name="George Ferris",
    notes="outbound proactive: failed direct debit; card payment with CVV; customer annoyed; resolved",
    turns=[
        "A: Hi, is that George Ferris? It's Megan from Brightwave. This call may be recorded for quality and training purposes.",
        "C: Yeah, who is this again?",
        "A: Megan from Brightwave, your broadband provider. We noticed your payment failed this month and I'm calling to help before your service is affected. Can I confirm your date of birth first?",
        "C: 17th of June 1968. What do you mean failed? The money's in the account.",
        "A: I understand how frustrating that is. The direct debit was returned by your bank with the code 'instruction cancelled', so it may have been cancelled when you changed accounts.",
        "C: Oh. Yes, I switched to Monzo. Typical.",
        "A: No problem. I can take this month's 32 pounds now by card and set up a new direct debit.",
        "C: Go on then. It's 6011 1111 1111 1117, expires 11/27, CVV 442.",
        "A: Thank you, payment taken. For the direct debit, your new sort code and account number please?",
        "C: 04-00-04, 30982214.",
        "A: All set. Sorry again for the hassle. Is there anything else I can help you with?",
        "C: No, that's fine.",
    ],
)

# ---- Parquet, one row per turn ------------------------------------------------------------

conv(
    conversation_id="c-3001",
    fmt="parquet",
    channel="voice",
    direction="inbound",
    queue="payments",
    started_at="2026-11-06T17:52:40Z",
    customer_id="cust-2217",
    agent_id="a-115",
    agent2_id="a-160",
    company="Northgate Bank",
    agent_name="Hannah",
    agent2_name="Marcus",
    customer_name="Daniel Okafor",
    notes="repeat contact (same customer, same card problem within 7 days); history reference; transfer to fraud team; hold; resolved",
    turns=[
        "I: Welcome to Northgate Bank. This call may be recorded for quality and training purposes. For cards and payments press 1.",
        "A+118: Good evening, Northgate Bank, Hannah speaking. How can I help?",
        "C: Hi. My new card was supposed to fix this, but it's declined again. I called on Tuesday about the same thing.",
        "A: I'm sorry to hear that. Let me verify you first: your full name, date of birth and postcode?",
        "C: Daniel Okafor, 14 March 1986, BS6 5QT.",
        "A: Thank you Daniel. I can see you called on Tuesday about your card being declined and we sent a replacement, card ending 4444. There's a new fraud marker on it from this afternoon, so I need to transfer you to our fraud team, they're the only ones who can lift it.",
        "C: Another transfer. Okay.",
        "A2+64: Hi Daniel, Marcus in the fraud team. Hannah's passed me your details so you don't need to repeat anything. I'll put you on hold for a moment while I review the transaction.",
        "A2+87: Thanks for holding. The marker was triggered by a payment of 59.99 to a streaming service in the Netherlands. Was that you?",
        "C: Yes, that's my Videoland subscription, I'm Dutch originally.",
        "A2: Thanks for confirming. I've lifted the marker and added that merchant to your trusted list, so this won't happen again.",
        "C: Brilliant. That fixes it, thanks.",
        "A2: You're welcome. Is there anything else I can help you with?",
        "C: No, that's all.",
        "A2: Thank you for banking with Northgate. Would you stay on the line for a short survey about today's call?",
        "C: Sure.",
    ],
)

conv(
    conversation_id="c-3002",
    fmt="parquet",
    channel="chat",
    direction="inbound",
    queue="general",
    started_at="2026-11-08T13:33:00Z",
    customer_id="cust-1177",
    agent_id="a-311",
    company="Cartwell",
    agent_name="Priyanka",
    customer_name="Ella Thompson",
    notes="general enquiry: gift card balance and use; quick resolution",
    turns=[
        "A: Hi, Priyanka here from Cartwell. What can I help with today?",
        "C: hi, can I use two gift cards on one order?",
        "A: Yes, you can use up to three gift cards per order, plus a card for any remaining balance.",
        "C: great. and how do I check the balance",
        "A: Go to My Account, then Gift cards, and enter the 16-digit number and PIN. Or I can check it for you if you paste the numbers here.",
        "C: I'll do it myself, thanks!",
        "A: No problem. Anything else I can help with?",
        "C: nope, thanks for the help",
        "A: Happy shopping, Ella!",
    ],
)

conv(
    conversation_id="c-3003",
    fmt="parquet",
    channel="chat",
    direction="inbound",
    queue="billing",
    started_at="2026-11-11T09:12:27Z",
    customer_id="cust-7045",
    agent_id="a-222",
    company="Brightwave Mobile",
    agent_name="Nadia",
    customer_name="Jordan Ellis",
    notes="billing overcharge (roaming), refund, ownership, survey offered",
    turns=[
        "A: Hi Jordan, you're chatting with Nadia from Brightwave. How can I help?",
        "C: my bill this month is 64 pounds, normally it's 22. it says roaming but I was only in Spain for 3 days and I thought EU roaming was included",
        "A: I'm sorry about the bill shock. Let me take a look. Can you confirm your date of birth for security?",
        "C: 21/02/1997",
        "A: Thanks. You're right, your plan includes EU roaming. The charges were applied because the roaming add-on wasn't switched back on after your plan change in August. That was our mistake.",
        "C: so do I get it back?",
        "A: Yes. I'll take care of this for you: I've refunded the 42 pounds of roaming charges as a credit on your next bill and re-enabled EU roaming.",
        "C: ok great, thanks",
        "A: Is there anything else I can help with today?",
        "C: no, all good",
        "A: Thanks Jordan. You'll get a short survey by text, we'd love to hear how we did.",
    ],
)

conv(
    conversation_id="c-3004",
    fmt="parquet",
    channel="voice",
    direction="inbound",
    queue="complaints",
    started_at="2026-11-12T11:08:31Z",
    customer_id="cust-4402",
    agent_id="a-522",
    company="Harbour Mutual",
    agent_name="Craig Dalton",
    customer_name="Peter Alvarez",
    notes="angry complaint: courtesy car not delivered, wait complaint, manager requested, unresolved",
    turns=[
        "I: Thank you for calling Harbour Mutual. Calls are recorded for training and monitoring. Please hold for the next available advisor.",
        "A+2460: Harbour Mutual, Craig speaking, how can I help?",
        "C: I've been waiting 41 minutes. Forty one minutes! I reported a claim on Sunday, I was promised a courtesy car from Monday and nobody has turned up.",
        "A: I'm really sorry about the wait and the courtesy car. Can I take your claim number?",
        "C: CL-2026-118804.",
        "A: Thank you. I can see the hire company hasn't confirmed the booking. I understand how frustrating this must be when you need the car for work.",
        "C: Frustrating doesn't cover it. I've lost two days of work. I want to speak to a manager.",
        "A: I'll request a call back from my manager. They're in a meeting until three.",
        "C: That's not good enough. This is ridiculous. I'm going to cancel my policy and go to Admiral.",
        "A: I understand. I've chased the hire company and marked it urgent, and I've logged a complaint, reference CMP-30291. You'll hear from a manager today.",
        "C: We'll see.",
    ],
)

conv(
    conversation_id="c-3005",
    fmt="parquet",
    channel="chat",
    direction="inbound",
    queue="general",
    started_at="2026-11-14T08:02:11Z",
    customer_id="cust-6631",
    agent_id=None,
    company="Veridian Energy",
    agent_name="",
    customer_name="Helen Marsh",
    notes="chatbot takes a meter reading on its own (bot containment)",
    turns=[
        "B: Hi, I'm Volt, Veridian's assistant. I can take a meter reading, explain your bill or help you move home.",
        "C: meter reading",
        "B: Sure. Which meter: electricity or gas?",
        "C: electricity",
        "B: Please type the reading shown on your electricity meter, ignoring any red numbers.",
        "C: 48591",
        "B: Thanks, I've submitted 48591 for your electricity meter today. Your next bill will use this reading.",
        "C: great thanks",
        "B: Is there anything else I can help with?",
        "C: no",
        "B: Thanks for using Veridian chat. Bye for now!",
    ],
)

# ---- speaker-labelled plain text ----------------------------------------------------------

conv(
    conversation_id="c-4001",
    fmt="text",
    channel="voice",
    direction="inbound",
    queue="retention",
    started_at="2026-11-13T14:20:05Z",
    customer_id="cust-1042",
    agent_id="a-236",
    company="Brightwave Broadband",
    agent_name="Dev",
    customer_name="Sarah Whitfield",
    notes="third contact in five days about the same drop-outs; engineer no-show; cancellation and competitor mention; retention",
    turns=[
        "A: Brightwave, you're speaking with Dev. This call may be recorded for quality and training purposes. How can I help?",
        "C: I want to cancel. This is the third time I've contacted you this week. The engineer didn't turn up yesterday, nobody called, and my broadband dropped again last night.",
        "A: I'm really sorry. Can I take your name and postcode so I can look at what's happened?",
        "C: Sarah Whitfield, LS6 2HG.",
        "A: Thank you. I can see you chatted with us on Monday and called on Wednesday, and the engineer visit yesterday was cancelled by Openreach without anyone telling you. That's not acceptable and I apologise.",
        "C: I'm switching to Sky. They can connect me next week.",
        "A: I understand, and you're within your rights to leave without a fee because of the fault. Before you decide, I can offer a priority engineer visit tomorrow, 8 to 12, a 4G backup router delivered today so you're not without internet, and a 50 pound credit.",
        "C: Tomorrow? Guaranteed?",
        "A: It's booked as a priority fault, and I'll personally call you at 12:30 tomorrow to check it happened. My direct line is 0113 496 0500, extension 236.",
        "C: Okay. I'll give you one more chance. If it's not fixed tomorrow I'm going.",
        "A: That's fair. Is there anything else I can help with today?",
        "C: No.",
        "A: Thanks Sarah. I'll speak to you tomorrow.",
    ],
)

conv(
    conversation_id="c-4002",
    fmt="text",
    channel="voice",
    direction="inbound",
    queue="account_access",
    started_at="2026-11-05T16:40:00Z",
    customer_id="cust-3055",
    agent_id="a-124",
    company="Northgate Bank",
    agent_name="Kwame",
    customer_name="Fiona Blake",
    notes="IVR then agent; lost card and locked app; UK NI number, sort code and account number given",
    turns=[
        "IVR: Welcome to Northgate Bank. This call may be recorded for quality and training purposes. To report a lost or stolen card, press 1. For online banking, press 2.",
        "IVR: You pressed 2. Please enter your account number followed by the hash key.",
        "IVR: Thank you. Connecting you to an advisor.",
        "Agent: Hi, this is Kwame at Northgate Bank, how can I help?",
        "Customer: Hi, I lost my phone so I can't get into the app, and my card was in the phone case as well.",
        "Agent: Oh no, I'm sorry to hear that. I'll take care of both for you. For security can I take your sort code, account number and date of birth?",
        "Customer: Sort code 40-47-84, account 70872490, born 5th of August 1964.",
        "Agent: Thank you. And I just need one more piece of information, we have your National Insurance number on file, could you read it out?",
        "Customer: It's QQ 12 34 56 C.",
        "Agent: Thanks Fiona, you're verified. I've cancelled the card and a new one is on its way. For the app, once you have a new phone, log in with your card details and we'll text a code to your number.",
        "Customer: My number's the same, 020 7946 0958 is my home number if you need it.",
        "Agent: Noted. Is there anything else I can help with?",
        "Customer: No, that's everything, thank you.",
        "Agent: You're welcome. Take care Fiona.",
    ],
)

conv(
    conversation_id="c-4003",
    fmt="text",
    channel="chat",
    direction="inbound",
    queue="orders_delivery",
    started_at="2026-11-09T10:15:40Z",
    customer_id="cust-8120",
    agent_id="a-304",
    company="Cartwell",
    agent_name="Aisha",
    customer_name="Ruth Adeyemi",
    notes="return request; quick resolution; survey",
    turns=[
        "Agent: Hi, Aisha here from Cartwell, how can I help?",
        "Customer: Hi, I'd like to return a pair of boots, they're too small. Order ORD-20261102-7710.",
        "Agent: No problem. I've created a free returns label and emailed it to ruth.adeyemi@example.org. You can drop the parcel at any Post Office.",
        "Customer: Can I exchange them for a size 7 instead?",
        "Agent: Yes, I've reserved a size 7 for you, it'll be sent as soon as the return is scanned.",
        "Customer: Perfect, thanks!",
        "Agent: Anything else I can help with today?",
        "Customer: No, that's great",
        "Agent: Thanks Ruth. You'll get a short survey by email, we'd love your feedback.",
    ],
)

conv(
    conversation_id="c-4004",
    fmt="text",
    channel="voice",
    direction="inbound",
    queue="sales",
    started_at="2026-11-10T15:02:18Z",
    customer_id="cust-9021",
    agent_id="a-540",
    company="Harbour Mutual",
    agent_name="Dana Whitaker",
    customer_name="Marcus Lee",
    notes="US renters insurance quote: SSN, US phone, ZIP, email, address; sale",
    turns=[
        "Agent: Thank you for calling Harbour Mutual, this is Dana. This call may be monitored or recorded for quality assurance. How can I help you today?",
        "Customer: Hi Dana, I'm moving apartments and I need renters insurance.",
        "Agent: Happy to help you with a quote. Can I get your full name, date of birth and the new address?",
        "Customer: Marcus Lee, born April 2, 1991. The new place is 1180 Maple Avenue, Apartment 4B, Springfield, Illinois 62704.",
        "Agent: Thank you. For the credit-based insurance score I'll need your Social Security number. You can decline and I'll quote without it.",
        "Customer: That's fine, it's 512-44-7031.",
        "Agent: Thanks. And the best phone and email for the documents?",
        "Customer: (217) 555-0147, and marcus.lee91@example.com.",
        "Agent: Great. For 30,000 dollars of personal property and 100,000 liability, it's 16 dollars 40 a month with a 500 dollar deductible.",
        "Customer: That's less than I expected. Let's go ahead.",
        "Agent: Wonderful. Your policy starts on the 15th and your documents will be emailed today. Is there anything else I can help you with?",
        "Customer: No, that's it. Thanks Dana.",
        "Agent: Thank you Marcus, and good luck with the move.",
    ],
)

conv(
    conversation_id="c-4005",
    fmt="text",
    channel="voice",
    direction="inbound",
    queue="general",
    started_at="2026-11-14T09:30:00Z",
    customer_id="cust-6010",
    agent_id="a-416",
    company="Veridian Energy",
    agent_name="Owen",
    customer_name="Margaret Doyle",
    notes="agent refers to the earlier outbound outage call (history reference); follow-up enquiry resolved",
    turns=[
        "Agent: Good morning, Veridian Energy, Owen speaking. Calls are recorded for training purposes. How can I help?",
        "Customer: Hello dear, it's Margaret Doyle. Somebody rang me about the power cut next week and I've lost the reference.",
        "Agent: Hello Mrs Doyle, that was me actually. I can see I called you on Tuesday about the planned outage on the 18th. Your generator reference is PSR-44817.",
        "Customer: Oh wonderful. And they're still bringing the generator?",
        "Agent: Yes, it's confirmed for 8:30 on the 18th, before the power goes off at 9.",
        "Customer: That's a relief. Thank you.",
        "Agent: Is there anything else I can help you with?",
        "Customer: No, that's all.",
        "Agent: Take care, Mrs Doyle. Bye now.",
    ],
)

# ---- WebVTT (voice tags) ------------------------------------------------------------------

conv(
    conversation_id="c-5001",
    fmt="vtt",
    channel="voice",
    direction="inbound",
    queue="technical_support",
    started_at="2026-11-03T18:05:00Z",
    customer_id=None,
    agent_id="a-210",
    company="Brightwave Broadband",
    agent_name="Agent",
    customer_name="Customer",
    notes="ASR-style lower case; IVR menu; wifi fault fixed; long hold gap",
    turns=[
        "I: thank you for calling brightwave calls may be recorded for quality and training purposes for billing press one for technical support press two",
        "A+42: hi you're through to brightwave technical support my name's ellie how can i help",
        "C: hi um yeah my wifi isn't working on any of the devices upstairs",
        "A: oh i'm sorry to hear that can i take the account holder's name and postcode please",
        "C: it's james o'connor o apostrophe c o n n o r and the postcode is b fifteen two t t",
        "A: thank you james so the hub itself is online i can see it from here let me put you on hold for a moment while i run a check on the wifi channels",
        "A+118: thanks for holding james so your hub is on channel eleven which is really congested in your area i've moved it to channel one and switched on the booster can you check upstairs now",
        "C: hang on",
        "C+25: yeah that's loads better the laptop's connected",
        "A: brilliant so that fixes it if it happens again you can also do this in the brightwave app under wifi settings",
        "C: oh nice i didn't know that thanks",
        "A: no worries is there anything else i can help you with today",
        "C: no that's it thanks",
        "A: thanks for calling brightwave have a good evening",
    ],
)

conv(
    conversation_id="c-5002",
    fmt="vtt",
    channel="voice",
    direction="outbound",
    queue="account_access",
    started_at="2026-11-04T10:31:00Z",
    customer_id=None,
    agent_id="a-150",
    company="Northgate Bank",
    agent_name="Priya Shah",
    customer_name="Daniel Okafor",
    notes="outbound fraud alert; named speakers (no role labels); identity check; suspicious payment declined",
    turns=[
        "A: Hello, this is Priya from the Northgate Bank fraud team. Am I speaking with Mr Daniel Okafor? This call is recorded for your security.",
        "C: Yes, that's me.",
        "A: Thanks. I'm calling because we've stopped a payment on your credit card that looks unusual. Before I give details, can you confirm your date of birth and postcode?",
        "C: 14th March 1986, BS6 5QT.",
        "A: Thank you. Did you just try to pay 1,240 pounds to an online jeweller?",
        "C: No! Definitely not.",
        "A: Okay, I'm sorry this has happened. I've declined that payment and blocked the card. I'll send a new card to your home address and you won't be liable for anything.",
        "C: Thank you. How did they get my details?",
        "A: We can't say for sure, but it's often from a data breach at a website. Please never share your card's security code or one-time passcodes with anyone, and Northgate will never ask you for your PIN.",
        "C: Understood. Thanks for catching it.",
        "A: You're welcome. Is there anything else I can help you with?",
        "C: No, that's all.",
    ],
)

conv(
    conversation_id="c-5003",
    fmt="vtt",
    channel="voice",
    direction="inbound",
    queue="orders_delivery",
    started_at="2026-11-06T12:44:00Z",
    customer_id=None,
    agent_id="a-303",
    company="Cartwell",
    agent_name="Agent",
    customer_name="Customer",
    notes="ASR transcript: spoken email address ('dot', 'at'), order number spoken with 'double' and 'oh'; delivery rebooked",
    turns=[
        "A: thanks for calling cartwell you're speaking to rachel how can i help you today",
        "C: hi yeah i had an email saying my delivery failed and i need to rebook it",
        "A: no problem can i take the email address on the order",
        "C: it's john dot smith at gmail dot com",
        "A: thanks john and do you have the order number",
        "C: yeah it's o r d two oh two six one one oh three double five triple seven",
        "A: lovely i've found it so the courier tried yesterday but nobody was in would you like to rebook or collect from a locker",
        "C: can i get it saturday",
        "A: yes saturday between seven am and one pm i've booked that for you and you'll get a text on the morning with a one hour slot",
        "C: perfect thank you",
        "A: you're welcome anything else i can help with",
        "C: no thanks bye",
    ],
)

conv(
    conversation_id="c-5004",
    fmt="vtt",
    channel="voice",
    direction="inbound",
    queue="claims",
    started_at="2026-11-11T08:50:00Z",
    customer_id=None,
    agent_id="a-524",
    company="Harbour Mutual",
    agent_name="Nicole Brandt",
    customer_name="Amelia Hart",
    notes="home claim (escape of water); named speakers; empathy; ownership; survey offer",
    turns=[
        "A: Harbour Mutual home claims, Nicole speaking. Calls are recorded for quality and training purposes. How can I help?",
        "C: Hi, a pipe burst in our bathroom overnight and it's come through the kitchen ceiling.",
        "A: Oh no, I'm so sorry to hear that. Have you been able to turn the water off at the stopcock?",
        "C: Yes, my husband did that at about 3am.",
        "A: Good. Can I take your policy number and postcode?",
        "C: HM-HOME-5520-1187, and the postcode is GL50 2AB.",
        "A: Thank you Amelia. I'll take care of getting an emergency plumber and a drying company out to you today. Is anyone vulnerable in the house, children or elderly?",
        "C: Our son is four.",
        "A: Thanks, I'll mark it as priority. The plumber will call you within two hours. Your claim reference is CL-2026-120377.",
        "C: Thank you so much, you've been really kind.",
        "A: You're welcome. Is there anything else I can help with today?",
        "C: No, that's everything.",
        "A: Take care Amelia. Would you stay on the line for a short survey about this call? It's just three questions.",
        "C: Yes, okay.",
    ],
)

# ---- SRT ("Name: text") --------------------------------------------------------------------

conv(
    conversation_id="c-6001",
    fmt="srt",
    channel="voice",
    direction="inbound",
    queue="billing",
    started_at="2026-11-05T13:10:00Z",
    customer_id=None,
    agent_id="a-409",
    company="Veridian Energy",
    agent_name="Agent",
    customer_name="Customer",
    notes="billing query: new tariff explained, hold gap, resolved",
    turns=[
        "A: Good afternoon, Veridian Energy, you're speaking with Tariq. Calls may be recorded for quality and training purposes. How can I help?",
        "C: Hi, my direct debit has gone up from 85 to 132 pounds and nobody told me why.",
        "A: I'm sorry, that's a big jump. Can I take your account number and postcode?",
        "C: It's 6620 1893 04, and the postcode is CF10 1EP.",
        "A: Thank you. Let me put you on hold for a moment while I look at your usage.",
        "A+74: Thanks for holding. Your fixed tariff ended in September and you moved onto our standard variable rate, which is higher. There's also a 140 pound debit balance from last winter.",
        "C: I didn't get any letter about the fixed deal ending.",
        "A: I can see it was emailed in August, but I understand that's easy to miss. I can move you onto our 12 month fixed tariff today, which would bring your direct debit down to 104 pounds.",
        "C: Okay, do that please.",
        "A: Done. You'll get the confirmation by email. Is there anything else I can help with?",
        "C: No thanks.",
        "A: Thanks for calling Veridian, have a good day.",
    ],
)

conv(
    conversation_id="c-6002",
    fmt="srt",
    channel="voice",
    direction="inbound",
    queue="payments",
    started_at="2026-11-08T15:25:00Z",
    customer_id=None,
    agent_id="a-117",
    company="Northgate Bank",
    agent_name="Agent",
    customer_name="Customer",
    notes="ASR card number read in chunks across turns (spoken digits incl. 'oh', 'double'); Amex; CVV",
    turns=[
        "A: northgate bank credit cards you're speaking with liam this call may be recorded for training and quality purposes how can i help",
        "C: hi i want to pay off my credit card balance from my other card",
        "A: sure i can help with that can i take your full name and date of birth",
        "C: yeah it's emily carter twenty third of october nineteen ninety four",
        "A: thank you emily you're verified your balance is six hundred and twelve pounds what's the card you're paying from",
        "C: it's an amex so three seven eight two",
        "A: okay",
        "C: eight two two four",
        "A: go on",
        "C: six three one oh",
        "A: yep",
        "C: oh oh five",
        "A: and the expiry date",
        "C: oh three thirty",
        "A: and the four digit code on the front",
        "C: double four one two",
        "A: thank you that's six hundred and twelve pounds paid your balance is now zero is there anything else",
        "C: no that's great thanks",
        "A: thanks for calling northgate bye",
    ],
)

conv(
    conversation_id="c-6003",
    fmt="srt",
    channel="voice",
    direction="inbound",
    queue="retention",
    started_at="2026-11-12T17:35:00Z",
    customer_id=None,
    agent_id="a-234",
    company="Brightwave Mobile",
    agent_name="Marcus",
    customer_name="Chloe",
    notes="named speakers; cancellation saved with a retention offer (contract end, competitor mention)",
    turns=[
        "A: Hi, you're through to Marcus at Brightwave. This call may be recorded for quality and training purposes. How can I help?",
        "C: Hi Marcus. My contract's up and I'm thinking of leaving, EE have offered me a better deal.",
        "A: I'm sorry to hear you're thinking of leaving. Can I take your mobile number and date of birth?",
        "C: 07700 900274, and 12/12/1988.",
        "A: Thanks Chloe. I can see your contract ends on the 20th and you've been with us since 2019. What did EE offer?",
        "C: 15 pounds a month for 150 gigs.",
        "A: I can match that: 15 pounds for 150 gigs, and because you use a lot of data at the weekends I can add unlimited weekend data for free.",
        "C: Oh, that's actually better. Okay, I'll stay.",
        "A: Great. I've applied the new plan from the 20th, no change to your number. Is there anything else I can help with?",
        "C: No, that's it. Thanks Marcus.",
        "A: Thanks Chloe, have a good evening.",
    ],
)

conv(
    conversation_id="c-6004",
    fmt="srt",
    channel="voice",
    direction="inbound",
    queue="complaints",
    started_at="2026-11-14T11:02:00Z",
    customer_id=None,
    agent_id="a-308",
    agent2_id="a-390",
    company="Cartwell",
    agent_name="Agent",
    agent2_name="Supervisor",
    customer_name="Customer",
    notes="complaint escalated to a supervisor on the same call; damaged sofa; resolution by refund",
    turns=[
        "A: Cartwell customer care, this is Josh. How can I help?",
        "C: Your delivery men damaged my wall and the sofa arrived with a ripped cushion. I want this sorted today.",
        "A: I'm really sorry to hear that. Can I take your order number?",
        "C: ORD-20261105-3308. And I want to speak to a supervisor, I'm not going through the usual process again.",
        "A: I understand. Let me transfer you to my supervisor now, please hold.",
        "A2+58: Hello, this is Karen, I'm the duty supervisor. Josh has filled me in on the damaged sofa and the wall, so you don't need to repeat it.",
        "C: Thank you. I just want it fixed.",
        "A2: Of course. I'll take care of this for you: I'm refunding 300 pounds off the sofa for the cushion, and we'll send a replacement cushion cover. For the wall, please email photos and a repair quote to claims@cartwell.example and we'll pay it.",
        "C: Okay, that's fair. Thank you.",
        "A2: Is there anything else I can help with today?",
        "C: No, that's all.",
        "A2: Thank you for your patience. You'll receive a short survey about this call by email.",
    ],
)

# ---- Amazon Transcribe (batch JSON) -------------------------------------------------------

conv(
    conversation_id="c-7001",
    fmt="transcribe_speakers",
    channel="voice",
    direction="inbound",
    queue="account_access",
    started_at="2026-11-05T09:02:00Z",
    customer_id=None,
    agent_id=None,
    company="Northgate Bank",
    agent_name="spk_0",
    customer_name="spk_1",
    file_stem="northgate-card-activation",
    notes="speaker diarization spk_0/spk_1; card activation; spoken phone number with 'double', 'triple', 'oh'; lower-case names",
    turns=[
        "A: thank you for calling northgate bank my name is oscar this call may be recorded for quality and training purposes how can i help",
        "C: hi um i got a new card in the post and i need to activate it but the app won't let me",
        "A: no problem i can do that for you can i take your name and date of birth",
        "C: yeah it's aisha rahman first of december nineteen ninety",
        "A: thank you aisha and the mobile number on your account",
        "C: oh seven seven double oh nine triple oh four five five",
        "A: thank you and the last four digits of the new card",
        "C: five five five six",
        "A: perfect that's activated now you can use it straight away and you'll get your pin in a separate letter",
        "C: oh great thank you",
        "A: anything else i can help with today",
        "C: no that's it thanks",
        "A: thanks for calling have a good day",
    ],
)

conv(
    conversation_id="c-7002",
    fmt="transcribe_speakers",
    channel="voice",
    direction="inbound",
    queue="technical_support",
    started_at="2026-11-09T14:20:00Z",
    customer_id=None,
    agent_id=None,
    company="Veridian Energy",
    agent_name="spk_0",
    customer_name="spk_1",
    file_stem="veridian-smart-meter",
    notes="speaker diarization; smart meter in-home display not working; hold; not resolved, engineer booked",
    turns=[
        "A: veridian energy smart meter support this is ian calls are recorded for training purposes how can i help",
        "C: hi the little display thing for my smart meter has just said no signal for about two weeks",
        "A: i'm sorry to hear that can i take your postcode and the first line of the address",
        "C: s o fourteen three e n and it's flat nine marina court",
        "A: thank you let me put you on hold while i check if the meter is talking to us",
        "A+66: thanks for holding so the meter itself hasn't sent a reading since the second of november so it's the communications hub not the display",
        "C: so what do i do",
        "A: it needs an engineer visit i can book you for monday the sixteenth in the morning",
        "C: fine i suppose i'll have to take the morning off",
        "A: i understand that's inconvenient i've booked it and i've added a note to call you thirty minutes before arrival",
        "C: okay",
        "A: is there anything else i can help with",
        "C: no",
    ],
)

conv(
    conversation_id="c-7003",
    fmt="transcribe_channels",
    channel="voice",
    direction="inbound",
    queue="billing",
    started_at="2026-11-06T10:10:00Z",
    customer_id=None,
    agent_id=None,
    company="Brightwave Mobile",
    agent_name="ch_0",
    customer_name="ch_1",
    file_stem="brightwave-bill-query",
    notes="channel identification ch_0 (agent) / ch_1 (customer); bill explained; international number; resolved",
    turns=[
        "A: brightwave billing you're speaking with sophie calls may be recorded for training purposes how can i help",
        "C: hi i've been charged forty pounds for calls to germany and i don't understand why",
        "A: i'm sorry about that can i take your mobile number to find the account",
        "C: it's plus four four seven seven double oh nine hundred six one two",
        "A: thank you i can see the calls were to plus four nine three oh one two three four five six seven eight in berlin and international calls aren't in your plan",
        "C: oh that's my sister i didn't realise",
        "A: no problem as a one off i'll take care of this and refund half and i can add our international add-on for five pounds a month which includes two hundred minutes to germany",
        "C: yes please that's great",
        "A: done is there anything else i can help with",
        "C: no that's brilliant thanks",
    ],
)

conv(
    conversation_id="c-7004",
    fmt="transcribe_channels",
    channel="voice",
    direction="inbound",
    queue="claims",
    started_at="2026-11-13T21:47:00Z",
    customer_id=None,
    agent_id=None,
    company="Harbour Mutual",
    agent_name="ch_0",
    customer_name="ch_1",
    file_stem="harbour-roadside",
    notes="channel identification; roadside breakdown at night; location given; empathy; ownership",
    turns=[
        "A: harbour mutual roadside assistance this is mike this call is recorded are you in a safe place",
        "C: yeah i'm in a lay-by on the a forty six the car just died and there's smoke from the engine",
        "A: okay i'm sorry that's scary please stay out of the car and behind the barrier if you can what's your policy number",
        "C: h m pol nine nine oh two triple three one",
        "A: thank you and your name",
        "C: ben hollis",
        "A: thanks ben i can see you i'll take care of this a recovery truck is on its way it'll be with you in about forty minutes",
        "C: forty minutes okay thanks",
        "A: they'll text you on the number we have ending six six one if you need us again just call back",
        "C: thank you",
    ],
)

# ---- Transcribe Call Analytics ------------------------------------------------------------

conv(
    conversation_id="c-7101",
    fmt="transcribe_call_analytics",
    channel="voice",
    direction="inbound",
    queue="retention",
    started_at="2026-11-04T16:00:00Z",
    customer_id=None,
    agent_id=None,
    company="Brightwave Broadband",
    agent_name="AGENT",
    customer_name="CUSTOMER",
    file_stem="brightwave-cancellation",
    notes="Call Analytics export with per-turn sentiment, categories, issues/outcomes; cancellation, competitor",
    extra={"categories": {"cancellation-intent": [1], "competitor-mention": [3]}},
    turns=[
        "A: Thank you for calling Brightwave, this is Carla. Calls may be recorded for quality and training purposes. How can I help?",
        "C: I'd like to cancel my broadband. I'm moving in with my partner and she's already with Virgin Media.",
        "A: Congratulations on the move! Can I take your account number and postcode?",
        "C: It's BW-44120937, and the postcode is NG7 1FF. I'm switching to Virgin because that's what she has.",
        "A: Thank you. Your contract ends on the 30th of November, so there's no early termination fee. I can set the cancellation for your moving date.",
        "C: That's the 29th.",
        "A: Done, the service will stop on the 29th. Please return the hub with the prepaid bag we'll post to you.",
        "C: Great, that was easy. Thanks.",
        "A: You're welcome. Is there anything else I can help with?",
        "C: No, that's all.",
    ],
)

conv(
    conversation_id="c-7102",
    fmt="transcribe_call_analytics",
    channel="voice",
    direction="inbound",
    queue="complaints",
    started_at="2026-11-11T12:30:00Z",
    customer_id=None,
    agent_id=None,
    company="Northgate Bank",
    agent_name="AGENT",
    customer_name="CUSTOMER",
    file_stem="northgate-chargeback",
    notes="Call Analytics export; disputed transaction; angry then calmer; escalation request; redacted at source with [PII]",
    extra={"categories": {"escalation-request": [4], "negative-start": [1]}, "redact": True},
    turns=[
        "A: Northgate Bank, this is [PII], how can I help?",
        "C: I've been charged twice for a hotel and I've been trying to sort it for two weeks. Nobody calls me back.",
        "A: I'm sorry to hear that. Can I take your name and date of birth?",
        "C: [PII], [PII].",
        "C: Honestly I want to speak to a manager, I'm fed up.",
        "A: I understand how frustrating that is. I can raise the dispute myself right now so you don't have to wait for the hotel. I'll take care of it.",
        "C: Okay. It's 245 pounds, charged twice on the 28th of October.",
        "A: I've raised a chargeback for the duplicate 245 pounds and given you a temporary credit while it's investigated.",
        "C: Okay, that's better, thank you.",
        "A: You're welcome. Anything else today?",
        "C: No.",
    ],
)

# ---- Amazon Connect Contact Lens ----------------------------------------------------------

conv(
    conversation_id="c-8001",
    fmt="contact_lens_voice",
    channel="voice",
    direction="inbound",
    queue="payments",
    started_at="2026-11-09T09:40:00Z",
    customer_id=None,
    agent_id=None,
    company="Veridian Energy",
    agent_name="AGENT",
    customer_name="CUSTOMER",
    file_stem="veridian-payment-plan",
    notes="Contact Lens voice (raw) with per-turn sentiment, categories, redaction offsets, hold as non-talk time",
    extra={"categories": {"payment-difficulty": [1], "hold-used": [4]}},
    turns=[
        "A: Good morning, Veridian Energy, this is Zoe. This call may be recorded for quality and training purposes. How can I help?",
        "C: Hi. I'm struggling to pay my bill this winter. I lost my job in October.",
        "A: I'm really sorry to hear that, and thank you for calling us early. Can I take your name and postcode?",
        "C: Kevin Marsh, PL4 8AA.",
        "A: Thanks Kevin. Let me put you on hold while I look at your account and what support we can offer.",
        "A+81: Thanks for holding. Your balance is 286 pounds. I can set up a payment plan of 40 pounds a month, and you qualify for our hardship fund, which can clear up to 150 pounds of it.",
        "C: Really? That would help a lot.",
        "A: I'll take care of the application for you now. You'll get a letter within 10 days. Is there anything else I can help with?",
        "C: No, thank you so much.",
        "A: You're welcome Kevin. Take care.",
    ],
)

conv(
    conversation_id="c-8002",
    fmt="contact_lens_voice",
    channel="voice",
    direction="inbound",
    queue="account_access",
    started_at="2026-11-12T19:15:00Z",
    customer_id=None,
    agent_id=None,
    company="Northgate Bank",
    agent_name="AGENT",
    customer_name="CUSTOMER",
    file_stem="northgate-password-reset-redacted",
    notes="Contact Lens voice already redacted at source ([PII] in Content, RedactionTypes in ContentMetadata)",
    extra={"categories": {"identity-verification": [2]}, "redact": True},
    turns=[
        "A: Thanks for calling Northgate Bank, my name is [PII]. Calls are recorded for quality and training purposes. How can I help?",
        "C: Hi, I can't log in to online banking, it keeps saying my password is wrong.",
        "A: I'm sorry about that. Can I take your full name and date of birth to verify your identity?",
        "C: It's [PII], and [PII].",
        "A: Thank you. And the postcode on your account?",
        "C: [PII].",
        "A: Thank you, you're verified. I've sent a password reset link to your email address ending [PII]. It's valid for 30 minutes.",
        "C: Got it. Yep, I'm in now. That's sorted, thanks.",
        "A: Great. Is there anything else I can help with?",
        "C: No thanks.",
    ],
)

conv(
    conversation_id="c-8101",
    fmt="contact_lens_chat",
    channel="chat",
    direction="inbound",
    queue="orders_delivery",
    started_at="2026-11-05T20:31:00Z",
    customer_id=None,
    agent_id=None,
    company="Cartwell",
    agent_name="Aisha",
    customer_name="Tom Becker",
    file_stem="cartwell-late-order-chat",
    notes="Contact Lens chat: third-party bot (CUSTOM_BOT) hands over to an agent after a queue message; late order; sentiment; categories",
    extra={"categories": {"late-delivery": [1]}, "bot_role": "custom_bot", "bot_name": "Cartwell Assistant"},
    turns=[
        "B: Hi, I'm the Cartwell bot. What's your order number?",
        "C: ORD-20261101-5150",
        "B: Your order is with the courier and is running late. Would you like to speak to an agent?",
        "C: yes",
        "S: You are now being placed in queue to chat with an agent. The time in queue is less than 5 minutes.",
        "A+140: Hi Tom, I'm Aisha. I can see your order is two days late, I'm sorry about that.",
        "C: it was meant to come tuesday. I need it for a trip on monday",
        "A: I understand. The courier has it at their Leeds depot. I'll take care of this: I've upgraded it to priority delivery, it will arrive tomorrow before 12pm.",
        "C: great, thanks",
        "A: You're welcome. Anything else I can help with?",
        "C: no that's all",
    ],
)

conv(
    conversation_id="c-8102",
    fmt="contact_lens_chat",
    channel="chat",
    direction="inbound",
    queue="sales",
    started_at="2026-11-10T12:05:00Z",
    customer_id=None,
    agent_id=None,
    company="Brightwave Broadband",
    agent_name="Ryan",
    customer_name="Sofia Marin",
    file_stem="brightwave-upgrade-chat",
    notes="Contact Lens chat: upgrade to faster broadband; agent uses history; email given; sale",
    extra={"categories": {"upsell": [5]}},
    turns=[
        "S: Thanks for contacting Brightwave. You are now being placed in queue to chat with an agent.",
        "A+35: Hi Sofia, Ryan here. How can I help?",
        "C: hi, I want faster broadband, we're all working from home now",
        "A: I can see you're on our 67Mb plan and you asked about full fibre in the summer. Good news, full fibre is now available at your address.",
        "C: oh nice, how much",
        "A: 500Mb full fibre is 34 pounds a month on 24 months, 5 pounds more than now. Installation is free.",
        "C: ok let's do it. send the details to sofia.marin@example.com",
        "A: Done. Your installation is booked for the 19th and the confirmation is on its way to your email. Anything else?",
        "C: no thanks!",
    ],
)

# ---- Genesys Cloud transcript JSON --------------------------------------------------------

conv(
    conversation_id="c-9001",
    fmt="genesys",
    channel="voice",
    direction="inbound",
    queue="claims",
    started_at="2026-11-10T08:15:00Z",
    customer_id=None,
    agent_id=None,
    company="Harbour Mutual",
    agent_name="internal",
    customer_name="external",
    file_stem="harbour-travel-claim",
    notes="Genesys voice transcript: IVR prompts, then agent; travel claim; email spoken; per-phrase sentiment",
    turns=[
        "I: welcome to harbour mutual calls are recorded for quality and training purposes for claims press one for policies press two",
        "I: please hold while we connect you",
        "A+55: harbour mutual travel claims this is julia how can i help",
        "C: hi my luggage was lost on my flight back from lisbon and the airline says i should claim on my insurance",
        "A: i'm sorry to hear that that's really stressful can i take your policy number",
        "C: it's h m t r v four four one nine oh two",
        "A: thank you and your date of birth",
        "C: eleventh of february nineteen eighty seven",
        "A: thank you i'll email you the claim form what's the best email address",
        "C: it's k dot novak at outlook dot com",
        "A: thank you karolina i've sent it you'll need the airline's property irregularity report and receipts for anything you had to buy",
        "C: okay great thanks",
        "A: anything else i can help with today",
        "C: no that's all",
    ],
)

conv(
    conversation_id="c-9002",
    fmt="genesys",
    channel="voice",
    direction="inbound",
    queue="billing",
    started_at="2026-11-12T15:40:00Z",
    customer_id=None,
    agent_id=None,
    company="Brightwave Broadband",
    agent_name="internal",
    customer_name="external",
    file_stem="brightwave-price-rise",
    notes="Genesys voice transcript: price rise complaint, competitor mention, transfer to retention, not resolved",
    turns=[
        "A: brightwave billing this is ahmed calls may be recorded for training purposes how can i help",
        "C: my bill's gone up by six pounds a month and nobody told me",
        "A: i'm sorry about that it's our annual price change in line with inflation it was in the letter we sent in september",
        "C: i never got a letter this is the second time this year it's gone up talktalk are cheaper",
        "A: i understand let me transfer you to our loyalty team they can look at your options",
        "A2+95: hi you're through to the loyalty team this is beth",
        "C: as i already told your colleague my bill has gone up again and i'm thinking of leaving for talktalk",
        "A2: i'm sorry you had to repeat that the best i can do is a two pound discount for twelve months",
        "C: that's not enough i'll think about it",
        "A2: okay is there anything else i can help with",
        "C: no",
    ],
)

conv(
    conversation_id="c-9003",
    fmt="genesys_message",
    channel="chat",
    direction="inbound",
    queue="general",
    started_at="2026-11-14T17:22:00Z",
    customer_id=None,
    agent_id=None,
    company="Veridian Energy",
    agent_name="internal",
    customer_name="external",
    file_stem="veridian-moving-home-chat",
    notes="Genesys web messaging transcript: moving home, new address and final meter reading; resolved",
    turns=[
        "C: Hi, I'm moving house on the 28th and want to close my account",
        "A: Hi, I'm Priya from Veridian. I can help with that. What's your account number and the address you're moving to?",
        "C: account 5510 3321 07. new address is 3 Willow Court, Bath BA2 4QJ",
        "A: Thanks. Please send us a meter reading on the 28th and we'll send your final bill to the new address. Would you like us to supply the new home too?",
        "C: yes please if it's the same price",
        "A: It is. I've set up supply at 3 Willow Court from the 28th on the same tariff. Anything else?",
        "C: actually one more thing, will my direct debit move over too?",
        "A: Yes, it carries over automatically, no need to do anything. Is there anything else I can help you with?",
        "C: no that's perfect thanks",
    ],
)


# --------------------------------------------------------------------------------------------
# Turn parsing and timing.
# --------------------------------------------------------------------------------------------

LONG_PREFIXES = {"Agent": "A", "Customer": "C", "IVR": "I", "Bot": "B", "System": "S"}
TURN_RE = re.compile(r"^(?P<who>A2|A|C|B|I|S|Agent|Customer|IVR|Bot|System)(?:\+(?P<gap>\d+))?: (?P<text>.*)$", re.S)
TOKEN_RE = re.compile(r"\[PII\]|[\w@'.\-/#:]+(?<![.,:])|[.,?!:]")


@dataclass
class Turn:
    prefix: str  # A, A2, C, B, I, S
    speaker: str  # canonical role
    text: str
    start: float
    end: float
    gap_before: float


def _stable_fraction(*parts: object) -> float:
    """A deterministic number in [0, 1) from its inputs (stand-in for randomness)."""
    digest = uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)).int
    return (digest % 10_000) / 10_000


def stable_uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def word_count(text: str) -> int:
    return len(re.findall(r"\S+", text))


def default_gap(channel: str, index: int) -> float:
    if index == 0:
        return 0.0
    return {"voice": 0.6, "chat": 14.0, "sms": 90.0, "email": 4 * 3600.0}.get(channel, 1.0)


def parse_turns(c: Conv) -> list[Turn]:
    """Turn the dialogue strings into timed turns (seconds from the start of the contact)."""
    turns: list[Turn] = []
    clock = 0.0
    for i, raw in enumerate(c.turns):
        m = TURN_RE.match(raw)
        if not m:
            raise ValueError(f"{c.conversation_id}: cannot parse turn {i}")
        who = LONG_PREFIXES.get(m["who"], m["who"])
        gap = float(m["gap"]) if m["gap"] else default_gap(c.channel, i)
        text = m["text"]
        start = clock + gap
        if c.channel == "voice":
            duration = 0.9 + 0.34 * word_count(text) + 0.3 * _stable_fraction(c.conversation_id, i)
        else:
            duration = 0.0  # a written message is one instant
        end = start + duration
        turns.append(Turn(who, ROLE_BY_PREFIX[who], text, round(start, 2), round(end, 2), gap))
        clock = end
    return turns


def started(c: Conv) -> datetime:
    return datetime.strptime(c.started_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def display_name(c: Conv, t: Turn) -> str:
    return {
        "A": c.agent_name or "Agent",
        "A2": c.agent2_name or c.agent_name or "Agent",
        "C": c.customer_name or "Customer",
        "B": "Bot",
        "I": "IVR",
        "S": "System",
    }[t.prefix]


NEGATIVE_CUES = (
    "not good enough",
    "ridiculous",
    "useless",
    "fed up",
    "frustrat",
    "waiting",
    "seriously",
    "cancel",
    "switching",
    "never",
    "not acceptable",
    "no confirmation",
    "struggling",
    "lost",
    "declined",
    "damaged",
    "nobody",
    "didn't",
    "not happy",
    "too high",
    "scary",
    "died",
    "burst",
    "disappointing",
    "third time",
    "still",
    "gone up",
    "that's not",
    "not enough",
    "ugh",
    "problem",
)
POSITIVE_CUES = (
    "thank",
    "great",
    "perfect",
    "brilliant",
    "lovely",
    "wonderful",
    "relief",
    "appreciate",
    "that fixes it",
    "that's sorted",
    "cheers",
    "happy",
    "congratulations",
    "kind",
    "nice",
    "better",
)


def sentiment_label(text: str) -> str:
    """The per-turn label a vendor export would carry; a keyword rule keeps the files reproducible."""
    low = text.lower()
    neg = sum(cue in low for cue in NEGATIVE_CUES)
    pos = sum(cue in low for cue in POSITIVE_CUES)
    if neg > pos:
        return "NEGATIVE"
    if pos > neg:
        return "POSITIVE"
    return "NEUTRAL"


SENTIMENT_SCORE = {"NEGATIVE": -2.5, "NEUTRAL": 0.0, "POSITIVE": 2.5, "MIXED": 0.0}


def word_timings(t: Turn, tokens: list[str]) -> list[tuple[str, float | None, float | None]]:
    """Spread a turn's words evenly over its duration; punctuation gets no time, as in Transcribe."""
    words = [tok for tok in tokens if not re.fullmatch(r"[.,?!:]", tok)]
    span = max(t.end - t.start, 0.3)
    step = span / max(len(words), 1)
    out: list[tuple[str, float | None, float | None]] = []
    k = 0
    for tok in tokens:
        if re.fullmatch(r"[.,?!:]", tok):
            out.append((tok, None, None))
        else:
            s = t.start + k * step
            out.append((tok, round(s, 3), round(s + step * 0.9, 3)))
            k += 1
    return out


def tokens_of(text: str) -> list[str]:
    return TOKEN_RE.findall(text)


def confidence(*parts: object) -> float:
    return round(0.86 + 0.139 * _stable_fraction(*parts), 4)


def loudness(n_seconds: int, *parts: object) -> list[float]:
    return [round(62 + 24 * _stable_fraction(*parts, k), 2) for k in range(max(n_seconds, 1))]


def hhmmss(seconds: float, sep: str) -> str:
    ms = int(round(seconds * 1000))
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def wrap(text: str, width: int = 70) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def iso_ms(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


# --------------------------------------------------------------------------------------------
# Writers, one per export format.
# --------------------------------------------------------------------------------------------


def canonical(c: Conv) -> dict[str, Any]:
    turns = parse_turns(c)
    timed = c.channel != "email"
    return {
        "conversation_id": c.conversation_id,
        "channel": c.channel,
        "started_at": c.started_at,
        "customer_id": c.customer_id,
        "agent_id": c.agent_id,
        "queue": c.queue,
        "direction": c.direction,
        "turns": [
            {"speaker": t.speaker, "text": t.text, "start": t.start if timed else None, "end": t.end if timed else None}
            for t in turns
        ],
        "metadata": {"company": c.company, "source_system": "sample export"},
    }


def write_jsonl(convs: list[Conv]) -> list[Path]:
    path = OUT / "jsonl" / "contacts_2026-11.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for c in convs:
            fh.write(json.dumps(canonical(c), ensure_ascii=False) + "\n")
    return [path]


TABLE_COLUMNS = [
    "conversation_id",
    "turn_index",
    "started_at",
    "channel",
    "direction",
    "queue",
    "customer_id",
    "agent_id",
    "speaker",
    "text",
    "start",
    "end",
]


def table_rows(convs: list[Conv]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in convs:
        for i, t in enumerate(parse_turns(c)):
            agent_id = c.agent2_id if (t.prefix == "A2" and c.agent2_id) else c.agent_id
            rows.append(
                {
                    "conversation_id": c.conversation_id,
                    "turn_index": i,
                    "started_at": c.started_at,
                    "channel": c.channel,
                    "direction": c.direction,
                    "queue": c.queue,
                    "customer_id": c.customer_id,
                    "agent_id": agent_id,
                    "speaker": t.speaker,
                    "text": t.text,
                    "start": t.start,
                    "end": t.end,
                }
            )
    return rows


def write_csv(convs: list[Conv]) -> list[Path]:
    path = OUT / "csv" / "turns_2026-11_week45.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=TABLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in table_rows(convs):
        writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return [path]


def write_parquet(convs: list[Conv]) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = OUT / "parquet" / "turns_2026-11_week46.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = table_rows(convs)
    schema = pa.schema(
        [
            ("conversation_id", pa.string()),
            ("turn_index", pa.int32()),
            ("started_at", pa.timestamp("s", tz="UTC")),
            ("channel", pa.string()),
            ("direction", pa.string()),
            ("queue", pa.string()),
            ("customer_id", pa.string()),
            ("agent_id", pa.string()),
            ("speaker", pa.string()),
            ("text", pa.string()),
            ("start", pa.float64()),
            ("end", pa.float64()),
        ]
    )
    for row in rows:
        row["started_at"] = datetime.strptime(row["started_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path, compression="zstd", write_statistics=False)
    return [path]


def write_text(convs: list[Conv]) -> list[Path]:
    paths = []
    label = {"agent": "Agent", "customer": "Customer", "ivr": "IVR", "bot": "Bot", "system": "System"}
    for c in convs:
        path = OUT / "text" / f"{c.conversation_id}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        header = [
            f"Conversation-ID: {c.conversation_id}",
            f"Date: {c.started_at}",
            f"Channel: {c.channel}",
            f"Direction: {c.direction}",
            f"Queue: {c.queue}",
            f"Customer-ID: {c.customer_id}",
            f"Agent-ID: {c.agent_id}",
        ]
        body = [f"{label[t.speaker]}: {t.text}" for t in parse_turns(c)]
        path.write_text("\n".join(header) + "\n\n" + "\n".join(body) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_vtt(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        path = OUT / "vtt" / f"{c.conversation_id}.vtt"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["WEBVTT", ""]
        for i, t in enumerate(parse_turns(c), start=1):
            lines += [
                str(i),
                f"{hhmmss(t.start, '.')} --> {hhmmss(t.end, '.')}",
                f"<v {display_name(c, t)}>{t.text}</v>",
                "",
            ]
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def write_srt(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        path = OUT / "srt" / f"{c.conversation_id}.srt"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines: list[str] = []
        for i, t in enumerate(parse_turns(c), start=1):
            lines += [str(i), f"{hhmmss(t.start, ',')} --> {hhmmss(t.end, ',')}"]
            lines += wrap(f"{display_name(c, t)}: {t.text}")
            lines.append("")
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def _transcribe_items(c: Conv, turns: list[Turn], label_key: str, label_of: dict[str, str]) -> tuple[list, list]:
    """Items and audio segments of a batch Transcribe result (times as strings, like the service)."""
    items: list[dict[str, Any]] = []
    segments: list[dict[str, Any]] = []
    for ti, t in enumerate(turns):
        label = label_of[t.speaker]
        ids = []
        for wi, (tok, s, e) in enumerate(word_timings(t, tokens_of(t.text))):
            item: dict[str, Any] = {"id": len(items)}
            if s is None:
                item["type"] = "punctuation"
                item["alternatives"] = [{"confidence": "0.0", "content": tok}]
            else:
                item["type"] = "pronunciation"
                item["alternatives"] = [{"confidence": f"{confidence(c.conversation_id, ti, wi):.4f}", "content": tok}]
                item["start_time"] = f"{s:.3f}"
                item["end_time"] = f"{e:.3f}"
            item[label_key] = label
            ids.append(item["id"])
            items.append(item)
        segments.append(
            {
                "id": ti,
                "transcript": t.text,
                "start_time": f"{t.start:.3f}",
                "end_time": f"{t.end:.3f}",
                label_key: label,
                "items": ids,
            }
        )
    return items, segments


def write_transcribe_speakers(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        turns = parse_turns(c)
        label_of = {"agent": "spk_0", "customer": "spk_1"}
        items, audio_segments = _transcribe_items(c, turns, "speaker_label", label_of)
        speaker_segments = []
        for seg in audio_segments:
            seg_items = [
                {"speaker_label": seg["speaker_label"], "start_time": it["start_time"], "end_time": it["end_time"]}
                for it in items
                if it["id"] in seg["items"] and it["type"] == "pronunciation"
            ]
            speaker_segments.append(
                {
                    "start_time": seg["start_time"],
                    "end_time": seg["end_time"],
                    "speaker_label": seg["speaker_label"],
                    "items": seg_items,
                }
            )
        doc = {
            "jobName": f"{c.file_stem}-{c.conversation_id}",
            "accountId": "123456789012",
            "status": "COMPLETED",
            "results": {
                "transcripts": [{"transcript": " ".join(t.text for t in turns)}],
                "speaker_labels": {"speakers": 2, "segments": speaker_segments},
                "items": items,
                "audio_segments": audio_segments,
            },
        }
        path = OUT / "transcribe" / f"{c.file_stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_transcribe_channels(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        turns = parse_turns(c)
        label_of = {"agent": "ch_0", "customer": "ch_1"}
        items, audio_segments = _transcribe_items(c, turns, "channel_label", label_of)
        channels = []
        for ch in ("ch_0", "ch_1"):
            ch_items = [{k: v for k, v in it.items() if k != "id"} for it in items if it["channel_label"] == ch]
            channels.append({"channel_label": ch, "items": ch_items})
        doc = {
            "jobName": f"{c.file_stem}-{c.conversation_id}",
            "accountId": "123456789012",
            "status": "COMPLETED",
            "results": {
                "transcripts": [{"transcript": " ".join(t.text for t in turns)}],
                "channel_labels": {"channels": channels, "number_of_channels": 2},
                "items": items,
                "audio_segments": audio_segments,
            },
        }
        path = OUT / "transcribe" / f"{c.file_stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _millis(seconds: float) -> int:
    return int(round(seconds * 1000))


def _characteristics(c: Conv, turns: list[Turn], labels: list[str]) -> dict[str, Any]:
    """ConversationCharacteristics as Contact Lens / Call Analytics compute them."""
    total = _millis(turns[-1].end)
    roles = {"agent": "AGENT", "customer": "CUSTOMER"}
    overall, by_quarter, talk, words = {}, {}, {}, {}
    for role, key in roles.items():
        idx = [i for i, t in enumerate(turns) if t.speaker == role]
        scores = [SENTIMENT_SCORE[labels[i]] for i in idx]
        overall[key] = round(sum(scores) / len(scores), 1) if scores else 0.0
        quarters = []
        for q in range(4):
            b, e = total * q // 4, total * (q + 1) // 4
            qs = [SENTIMENT_SCORE[labels[i]] * 2 for i in idx if b <= _millis(turns[i].start) < e]
            quarters.append(
                {"BeginOffsetMillis": b, "EndOffsetMillis": e, "Score": round(sum(qs) / len(qs), 1) if qs else 0.0}
            )
        by_quarter[key] = quarters
        talk[key] = {"TotalTimeMillis": sum(_millis(turns[i].end - turns[i].start) for i in idx)}
        spoken = sum(word_count(turns[i].text) for i in idx)
        minutes = sum(turns[i].end - turns[i].start for i in idx) / 60 or 1
        words[key] = {"AverageWordsPerMinute": int(spoken / minutes)}
    non_talk = [
        {
            "BeginOffsetMillis": _millis(turns[i - 1].end),
            "EndOffsetMillis": _millis(t.start),
            "DurationMillis": _millis(t.start - turns[i - 1].end),
        }
        for i, t in enumerate(turns)
        if i and t.gap_before >= 10
    ]
    return {
        "TotalConversationDurationMillis": total,
        "Sentiment": {"OverallSentiment": overall, "SentimentByPeriod": {"QUARTER": by_quarter}},
        "Interruptions": {"InterruptionsByInterrupter": {}, "TotalCount": 0, "TotalTimeMillis": 0},
        "NonTalkTime": {"TotalTimeMillis": sum(n["DurationMillis"] for n in non_talk), "Instances": non_talk},
        "TalkSpeed": {"DetailsByParticipant": words},
        "TalkTime": {"TotalTimeMillis": sum(v["TotalTimeMillis"] for v in talk.values()), "DetailsByParticipant": talk},
    }


def _voice_categories(c: Conv, turns: list[Turn]) -> dict[str, Any]:
    cats = c.extra.get("categories", {})
    return {
        "MatchedCategories": list(cats),
        "MatchedDetails": {
            name: {
                "PointsOfInterest": [
                    {"BeginOffsetMillis": _millis(turns[i].start), "EndOffsetMillis": _millis(turns[i].end)}
                    for i in idx
                ]
            }
            for name, idx in cats.items()
        },
    }


def _redacted_timestamps(t: Turn) -> list[dict[str, int]]:
    out = []
    for tok, s, e in word_timings(t, tokens_of(t.text)):
        if tok == "[PII]" and s is not None:
            out.append({"BeginOffsetMillis": _millis(s), "EndOffsetMillis": _millis(e)})
    return out


def _summary_offsets(t: Turn, phrase_start: int = 0) -> dict[str, int]:
    return {"BeginOffsetChar": phrase_start, "EndOffsetChar": len(t.text.rstrip("."))}


def write_call_analytics(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        turns = parse_turns(c)
        labels = [sentiment_label(t.text) for t in turns]
        first_customer = next(i for i, t in enumerate(turns) if t.speaker == "customer")
        transcript = []
        for ti, t in enumerate(turns):
            items = []
            for wi, (tok, s, e) in enumerate(word_timings(t, tokens_of(t.text))):
                item: dict[str, Any] = {"Content": tok}
                if s is None:
                    item["Type"] = "punctuation"
                else:
                    item.update(
                        {
                            "Confidence": confidence(c.conversation_id, ti, wi),
                            "BeginOffsetMillis": _millis(s),
                            "EndOffsetMillis": _millis(e),
                            "Type": "pronunciation",
                        }
                    )
                    if tok == "[PII]":
                        item["Redaction"] = [{"Confidence": 0.9994, "Type": "PII", "Category": "PII"}]
                items.append(item)
            seg: dict[str, Any] = {
                "LoudnessScores": loudness(int(t.end - t.start) + 1, c.conversation_id, ti),
                "Content": t.text,
                "Items": items,
                "Id": stable_uuid(c.conversation_id, "segment", ti),
                "BeginOffsetMillis": _millis(t.start),
                "EndOffsetMillis": _millis(t.end),
                "Sentiment": labels[ti],
                "ParticipantRole": t.speaker.upper(),
            }
            if ti == first_customer:
                seg["IssuesDetected"] = [{"CharacterOffsets": {"Begin": 0, "End": len(t.text.rstrip("."))}}]
            transcript.append(seg)
        resolved_turn = max(i for i, t in enumerate(turns) if t.speaker == "agent" and i < len(turns) - 2)
        transcript[resolved_turn]["OutcomesDetected"] = [
            {"CharacterOffsets": {"Begin": 0, "End": len(turns[resolved_turn].text.rstrip("."))}}
        ]
        redact = c.extra.get("redact", False)
        doc = {
            "JobName": f"{c.file_stem}-{c.conversation_id}",
            "AccountId": "123456789012",
            "JobStatus": "COMPLETED",
            "LanguageCode": "en-US",
            "Channel": "VOICE",
            "ContentMetadata": {"Output": "Redacted", "RedactionTypes": ["PII"]} if redact else {"Output": "Raw"},
            "Participants": [{"ParticipantRole": "AGENT"}, {"ParticipantRole": "CUSTOMER"}],
            "Transcript": transcript,
            "Categories": _voice_categories(c, turns),
            "ConversationCharacteristics": _characteristics(c, turns, labels),
            "AnalyticsJobDetails": {"Skipped": []},
        }
        path = OUT / "transcribe_call_analytics" / f"{c.file_stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


# PII spans in the raw Contact Lens voice file, so the raw file marks them as the service does.
RAW_PII = {"c-8001": ("Zoe", "Kevin Marsh", "PL4 8AA", "Kevin")}


def _raw_pii_timestamps(t: Turn, needles: tuple[str, ...]) -> list[dict[str, int]]:
    """Audio offsets of each PII value in a raw turn, longest values first, no overlaps."""
    words = [(tok, s, e) for tok, s, e in word_timings(t, tokens_of(t.text)) if s is not None]
    taken: set[int] = set()
    spans: list[tuple[int, int]] = []
    for needle in sorted(needles, key=len, reverse=True):
        parts = needle.split()
        for k in range(len(words) - len(parts) + 1):
            window = range(k, k + len(parts))
            if all(words[j][0] == parts[n] for n, j in enumerate(window)) and not taken & set(window):
                taken |= set(window)
                spans.append((_millis(words[k][1]), _millis(words[k + len(parts) - 1][2])))
    return [{"BeginOffsetMillis": b, "EndOffsetMillis": e} for b, e in sorted(spans)]


def write_contact_lens_voice(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        turns = parse_turns(c)
        labels = [sentiment_label(t.text) for t in turns]
        redact = c.extra.get("redact", False)
        transcript = []
        for ti, t in enumerate(turns):
            entry: dict[str, Any] = {
                "BeginOffsetMillis": _millis(t.start),
                "Content": t.text,
                "EndOffsetMillis": _millis(t.end),
                "Id": stable_uuid(c.conversation_id, "turn", ti),
                "ParticipantId": t.speaker.upper(),
                "Sentiment": labels[ti],
                "LoudnessScore": loudness(int(t.end - t.start) + 1, c.conversation_id, ti),
            }
            if redact:
                stamps = _redacted_timestamps(t)
            else:
                stamps = _raw_pii_timestamps(t, RAW_PII.get(c.conversation_id, ()))
            if stamps:
                entry["Redaction"] = {"RedactedTimestamps": stamps}
            if ti == next(i for i, x in enumerate(turns) if x.speaker == "customer"):
                entry["IssuesDetected"] = [{"CharacterOffsets": _summary_offsets(t), "Text": t.text.rstrip(".")}]
            transcript.append(entry)
        meta: dict[str, Any] = {"Output": "Raw"}
        if redact:
            meta = {
                "Output": "Redacted",
                "RedactionTypes": ["PII"],
                "RedactionTypesMetadata": {
                    "PII": {
                        "RedactionEntitiesRequested": ["NAME", "ADDRESS", "EMAIL", "DATE_TIME"],
                        "RedactionMaskMode": "PII",
                    }
                },
            }
        doc = {
            "Version": "1.1.0",
            "AccountId": "123456789012",
            "Channel": "VOICE",
            "ContentMetadata": meta,
            "JobStatus": "COMPLETED",
            "LanguageCode": "en-GB",
            "Participants": [
                {"ParticipantId": "CUSTOMER", "ParticipantRole": "CUSTOMER"},
                {"ParticipantId": "AGENT", "ParticipantRole": "AGENT"},
            ],
            "Categories": _voice_categories(c, turns),
            "ConversationCharacteristics": _characteristics(c, turns, labels),
            "CustomModels": [],
            "CustomerMetadata": {
                "ContactId": stable_uuid(c.conversation_id, "contact"),
                "InstanceId": stable_uuid("instance", c.company),
                "InputS3Uri": f"s3://example-connect-recordings/connect/{c.company.split()[0].lower()}/CallRecordings/{c.started_at[:10].replace('-', '/')}/{stable_uuid(c.conversation_id, 'contact')}.wav",
            },
            "Transcript": transcript,
        }
        suffix = "-redacted" if redact and not c.file_stem.endswith("redacted") else ""
        path = OUT / "contact_lens" / f"{c.file_stem}{suffix}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_contact_lens_chat(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        turns = parse_turns(c)
        t0 = started(c)
        pid = {
            "customer": stable_uuid(c.conversation_id, "participant", "customer"),
            "agent": stable_uuid(c.conversation_id, "participant", "agent"),
            "system": stable_uuid(c.conversation_id, "participant", "system"),
        }
        # Amazon Lex bots speak as SYSTEM with DisplayName "BOT"; third-party bots as CUSTOM_BOT.
        bot_role = c.extra.get("bot_role", "system")
        pid["custom_bot"] = stable_uuid(c.conversation_id, "participant", "bot")
        names = {"customer": c.customer_name, "agent": c.agent_name, "custom_bot": c.extra.get("bot_name", "BOT")}
        items: list[dict[str, Any]] = []

        def event(at: datetime, kind: str, role: str | None, n: int) -> None:
            ev: dict[str, Any] = {
                "AbsoluteTime": iso_ms(at),
                "ContentType": f"application/vnd.amazonaws.connect.event.{kind}",
            }
            if role:
                ev.update(
                    {
                        "DisplayName": names[role],
                        "Id": stable_uuid(c.conversation_id, "event", n),
                        "ParticipantId": pid[role],
                        "ParticipantRole": role.upper(),
                        "Type": "EVENT",
                    }
                )
            else:
                ev.update({"Id": stable_uuid(c.conversation_id, "event", n), "Type": "EVENT"})
            items.append(ev)

        event(t0, "participant.joined", "customer", 0)
        agent_joined = False
        message_ids: list[tuple[int, str]] = []
        for ti, t in enumerate(turns):
            at = t0 + timedelta(seconds=t.start + 1.5)
            if t.speaker == "agent" and not agent_joined:
                event(at - timedelta(seconds=2.4), "participant.joined", "agent", 1)
                agent_joined = True
            role = {"bot": bot_role, "system": "system"}.get(t.speaker, t.speaker)
            mid = stable_uuid(c.conversation_id, "message", ti)
            items.append(
                {
                    "AbsoluteTime": iso_ms(at),
                    "Content": t.text,
                    "ContentType": "text/plain",
                    "DisplayName": {"bot": names["custom_bot"], "system": "SYSTEM_MESSAGE"}.get(
                        t.speaker, names.get(t.speaker, "")
                    ),
                    "Id": mid,
                    "ParticipantId": pid[role],
                    "ParticipantRole": role.upper(),
                    "Type": "MESSAGE",
                }
            )
            message_ids.append((ti, mid))
        end_at = t0 + timedelta(seconds=turns[-1].start + 20)
        event(end_at, "participant.left", "customer", 2)
        event(end_at + timedelta(milliseconds=420), "chat.ended", None, 3)

        labels = {ti: sentiment_label(turns[ti].text) for ti, _ in message_ids}
        groups, progressive = [], {"AGENT": 0.0, "CUSTOMER": 0.0}
        for ti, mid in message_ids:
            role = turns[ti].speaker.upper()
            if role not in progressive:
                continue
            progressive[role] = round((progressive[role] + SENTIMENT_SCORE[labels[ti]]) / 2, 4)
            groups.append(
                {
                    "ParticipantRole": role,
                    "ProgressiveScore": progressive[role],
                    "Sentiment": labels[ti],
                    "TranscriptItems": [{"Id": mid}],
                }
            )

        def role_scores(role: str) -> list[float]:
            return [SENTIMENT_SCORE[labels[ti]] for ti, _ in message_ids if turns[ti].speaker.upper() == role]

        overall = {r: round(sum(role_scores(r)) / max(len(role_scores(r)), 1), 2) for r in ("AGENT", "CUSTOMER")}
        shift = {
            r: {"BeginScore": (role_scores(r) or [0.0])[0], "EndScore": (role_scores(r) or [0.0])[-1]}
            for r in ("AGENT", "CUSTOMER")
        }
        cats = c.extra.get("categories", {})
        doc = {
            "AccountId": "123456789012",
            "Categories": {
                "MatchedCategories": list(cats),
                "MatchedDetails": {
                    name: {
                        "PointsOfInterest": [
                            {
                                "TranscriptItems": [
                                    {
                                        "CharacterOffsets": {"BeginOffsetChar": 0, "EndOffsetChar": len(turns[i].text)},
                                        "Id": dict(message_ids)[i],
                                    }
                                    for i in idx
                                ]
                            }
                        ]
                    }
                    for name, idx in cats.items()
                },
            },
            "Channel": "CHAT",
            "ChatTranscriptVersion": "2019-08-26",
            "ContentMetadata": {"Output": "Raw"},
            "ConversationCharacteristics": {
                "ResponseTime": {"AgentGreetingTimeMillis": 2400},
                "Sentiment": {
                    "DetailsByTranscriptItemGroup": groups,
                    "OverallSentiment": {"DetailsByParticipantRole": overall},
                    "SentimentShift": {"DetailsByParticipantRole": shift},
                },
            },
            "CustomerMetadata": {
                "ContactId": stable_uuid(c.conversation_id, "contact"),
                "InputS3Uri": f"s3://example-connect-transcripts/connect/{c.company.split()[0].lower()}/ChatTranscripts/{c.started_at[:10].replace('-', '/')}/{stable_uuid(c.conversation_id, 'contact')}.json",
                "InstanceId": stable_uuid("instance", c.company),
            },
            "JobStatus": "COMPLETED",
            "LanguageCode": "en-GB",
            "Participants": [
                {"DisplayName": c.customer_name, "ParticipantId": pid["customer"], "ParticipantRole": "CUSTOMER"},
                {"DisplayName": "SYSTEM_MESSAGE", "ParticipantId": pid["system"], "ParticipantRole": "SYSTEM"},
                {"DisplayName": c.agent_name, "ParticipantId": pid["agent"], "ParticipantRole": "AGENT"},
            ]
            + (
                [
                    {
                        "DisplayName": names["custom_bot"],
                        "ParticipantId": pid["custom_bot"],
                        "ParticipantRole": "CUSTOM_BOT",
                    }
                ]
                if any(t.speaker == "bot" for t in turns) and bot_role == "custom_bot"
                else []
            ),
            "Transcript": items,
            "Version": "CHAT-2022-11-30",
        }
        path = OUT / "contact_lens" / f"{c.file_stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _genesys_doc(c: Conv, media: str) -> dict[str, Any]:
    turns = parse_turns(c)
    t0_ms = int(started(c).timestamp() * 1000)
    purpose = {"agent": "internal", "ivr": "internal", "bot": "internal", "system": "internal", "customer": "external"}
    phrases, sentiment, acoustic = [], [], []
    for ti, t in enumerate(turns):
        phrase: dict[str, Any] = {
            "text": t.text,
            "stability": 1.0,
            "confidence": confidence(c.conversation_id, "phrase", ti),
            "offset": {"milliseconds": _millis(t.start)},
            "startTimeMs": t0_ms + _millis(t.start),
            "duration": {"milliseconds": _millis(t.end - t.start)},
            "participantPurpose": purpose[t.speaker],
        }
        if media == "call":
            phrase["words"] = [
                {
                    "word": tok,
                    "confidence": confidence(c.conversation_id, ti, wi),
                    "offset": {"milliseconds": _millis(s)},
                    "startTimeMs": t0_ms + _millis(s),
                    "duration": {"milliseconds": _millis(e - s)},
                }
                for wi, (tok, s, e) in enumerate(word_timings(t, tokens_of(t.text)))
                if s is not None
            ]
            phrase["alternatives"] = []
        phrases.append(phrase)
        label = sentiment_label(t.text)
        if label != "NEUTRAL" and t.speaker == "customer":
            sentiment.append(
                {
                    "participant": "external",
                    "phrase": t.text,
                    "offset": {"milliseconds": _millis(t.start)},
                    "startTimeMs": t0_ms + _millis(t.start),
                    "duration": {"milliseconds": _millis(t.end - t.start)},
                    "sentiment": -0.8 if label == "NEGATIVE" else 0.8,
                    "phraseIndex": ti,
                }
            )
        if media == "call" and ti and t.gap_before >= 10:
            gap_start = _millis(turns[ti - 1].end)
            acoustic.append(
                {
                    "eventType": "silence",
                    "offsetMs": gap_start,
                    "startTimeMs": t0_ms + gap_start,
                    "durationMs": _millis(t.gap_before),
                    "participant": "internal",
                }
            )
    total = _millis(turns[-1].end)
    ivr_end = max((_millis(t.end) for t in turns if t.speaker == "ivr"), default=0)
    first_agent2 = next((_millis(t.start) for t in turns if t.prefix == "A2"), None)
    participants: list[dict[str, Any]] = []
    if ivr_end:
        participants.append(
            {
                "participantPurpose": "ivr",
                "flowId": stable_uuid(c.company, "flow"),
                "flowVersion": "12.0",
                "startTimeMs": t0_ms,
                "endTimeMs": t0_ms + ivr_end,
            }
        )
    first_agent = next(_millis(t.start) for t in turns if t.speaker == "agent")
    participants.append(
        {
            "participantPurpose": "acd",
            "queueId": stable_uuid(c.company, c.queue),
            "startTimeMs": t0_ms + ivr_end,
            "endTimeMs": t0_ms + max(first_agent, ivr_end),
        }
    )
    participants.append(
        {
            "participantPurpose": "agent",
            "userId": stable_uuid(c.conversation_id, "agent1"),
            "queueId": stable_uuid(c.company, c.queue),
            "initialDirection": c.direction,
            "startTimeMs": t0_ms + first_agent,
            "endTimeMs": t0_ms + (first_agent2 or total),
        }
    )
    if first_agent2:
        participants.append(
            {
                "participantPurpose": "agent",
                "userId": stable_uuid(c.conversation_id, "agent2"),
                "queueId": stable_uuid(c.company, "retention"),
                "initialDirection": c.direction,
                "startTimeMs": t0_ms + first_agent2,
                "endTimeMs": t0_ms + total,
            }
        )
    customer: dict[str, Any] = {
        "participantPurpose": "customer",
        "initialDirection": c.direction,
        "startTimeMs": t0_ms,
        "endTimeMs": t0_ms + total,
    }
    if media == "message":
        customer["messageType"] = "webmessaging"
    participants.append(customer)
    transcript: dict[str, Any] = {
        "transcriptId": stable_uuid(c.conversation_id, "transcript"),
        "language": "en-gb",
        "programId": stable_uuid(c.company, "program"),
        "engineId": "Genesys",
        "startTime": t0_ms,
        "phrases": phrases,
        "duration": {"milliseconds": total},
        "analytics": {"sentiment": sentiment, "topics": [], "acoustic": acoustic},
    }
    if media == "message":
        transcript["messageType"] = "webmessaging"
        del transcript["analytics"]["acoustic"]
    return {
        "organizationId": stable_uuid(c.company, "org"),
        "conversationId": stable_uuid(c.conversation_id, "conversation"),
        "communicationId": stable_uuid(c.conversation_id, "communication"),
        "mediaType": media,
        "conversationStartTime": t0_ms,
        "startTime": t0_ms,
        "duration": {"milliseconds": total},
        "transcripts": [transcript],
        "participants": participants,
    }


def write_genesys(convs: list[Conv]) -> list[Path]:
    paths = []
    for c in convs:
        media = "message" if c.fmt == "genesys_message" else "call"
        path = OUT / "genesys" / f"{c.file_stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(_genesys_doc(c, media), indent=2) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


WRITERS = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
    "text": write_text,
    "vtt": write_vtt,
    "srt": write_srt,
    "transcribe_speakers": write_transcribe_speakers,
    "transcribe_channels": write_transcribe_channels,
    "transcribe_call_analytics": write_call_analytics,
    "contact_lens_voice": write_contact_lens_voice,
    "contact_lens_chat": write_contact_lens_chat,
    "genesys": write_genesys,
    "genesys_message": write_genesys,
}


# --------------------------------------------------------------------------------------------
# Self-checks: the corpus must keep showing what the README promises.
# --------------------------------------------------------------------------------------------

TEST_CARDS = ("4111 1111 1111 1111", "5555 5555 5555 4444", "6011 1111 1111 1117", "3782 822463 10005")


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def check_corpus(convs: list[Conv]) -> None:
    assert 45 <= len(convs) <= 50, len(convs)
    ids = [c.conversation_id for c in convs]
    assert len(ids) == len(set(ids)), "duplicate conversation ids"
    for card in TEST_CARDS:
        assert luhn_ok(card), card
    for c in convs:
        n = len(c.turns)
        shortest = 2 if c.channel in ("email", "sms") else 8  # a thread of emails or texts is naturally short
        assert shortest <= n <= 40, (c.conversation_id, n)
        assert c.started_at.startswith("2026-11-"), c.conversation_id
        parse_turns(c)
    unknown = {c.fmt for c in convs} - set(WRITERS)
    assert not unknown, unknown
    text = " ".join(" ".join(c.turns) for c in convs).lower()
    for phrase in (
        "recorded for quality",
        "transfer you",
        "put you on hold",
        "thanks for holding",
        "supervisor",
        "manager",
        "survey",
        "sorry to hear",
        "frustrat",
        "i'll take care of",
        "anything else",
        "waiting 40 minutes",
        "switching to vodafone",
        "as i already told",
        "called on tuesday",
        "contract ends next month",
        "press 1",
        "<script>alert(1)</script>",
        "onerror=alert(1)",
        "four one one one",
        "double",
        "triple",
        " dot com",
        "go on",
        "that fixes it",
    ):
        assert phrase in text, phrase
    repeaters: dict[str, list[str]] = {}
    for c in convs:
        if c.customer_id:
            repeaters.setdefault(c.customer_id, []).append(c.started_at)
    assert sum(len(v) >= 2 for v in repeaters.values()) >= 3, "need repeat contacts"


# --------------------------------------------------------------------------------------------
# The self-assessment and the README.
# --------------------------------------------------------------------------------------------

SELF_ASSESSMENT = """\
# ICMI contact-centre CX maturity self-assessment (sample).
#
# What a contact centre's leadership team filled in for the ICMI toolkit's 20-item
# self-assessment: each item rated 1 (no progress) to 5 (achieved). Like most centres,
# this one is somewhat optimistic: the total is 72, which the toolkit's bands call
# Customer-Centric (61-80). `claimed_ai_layer` is the contact-centre AI maturity layer the
# centre believes it has reached (1 Automate ... 6 Orchestrate).
#
# Use it with:  cxm analyze sample_data --out run --self-assessment sample_data/self_assessment.yaml
#          or:  cxm validate run --self-assessment sample_data/self_assessment.yaml
# The transcripts in this folder are the evidence the claims are checked against.
organisation: Meridian Contact Services (fictional multi-client contact centre)
assessed_on: "2026-11-16"
assessed_by: Head of Customer Operations, with the QA and WFM leads
claimed_ai_layer: 3
items:
  # Organizational
  organizational_alignment: 4
  goals_and_objectives: 4
  stakeholder_engagement: 3
  resource_allocation: 3
  # People
  customer_satisfaction: 4
  csat_reporting: 4
  employee_satisfaction: 3
  # Process
  operational_plans: 4
  event_management: 3
  feedback_management: 3
  service_level_management: 4
  continuous_improvement: 4
  quality_assurance: 5
  workforce_management: 4
  # Metrics
  service_level_response_time: 3
  contact_metrics: 4
  # Technology
  routing_system: 4
  workforce_management_system: 3
  omnichannel_system: 3
  reporting_system: 3
"""

ICMI_ITEMS = (
    "organizational_alignment",
    "goals_and_objectives",
    "stakeholder_engagement",
    "resource_allocation",
    "customer_satisfaction",
    "csat_reporting",
    "employee_satisfaction",
    "operational_plans",
    "event_management",
    "feedback_management",
    "service_level_management",
    "continuous_improvement",
    "quality_assurance",
    "workforce_management",
    "service_level_response_time",
    "contact_metrics",
    "routing_system",
    "workforce_management_system",
    "omnichannel_system",
    "reporting_system",
)

FORMAT_LABEL = {
    "jsonl": "canonical JSONL (one conversation per line)",
    "csv": "CSV, one row per turn",
    "parquet": "Parquet, one row per turn",
    "text": "speaker-labelled plain text with a header block",
    "vtt": "WebVTT with `<v Name>` voice tags",
    "srt": "SRT with `Name: text` cues",
    "transcribe_speakers": "Amazon Transcribe batch JSON, speaker labels (spk_0/spk_1)",
    "transcribe_channels": "Amazon Transcribe batch JSON, channel identification (ch_0/ch_1)",
    "transcribe_call_analytics": "Amazon Transcribe Call Analytics JSON",
    "contact_lens_voice": "Amazon Connect Contact Lens output JSON, voice",
    "contact_lens_chat": "Amazon Connect Contact Lens output JSON, chat",
    "genesys": "Genesys Cloud speech & text analytics transcript JSON, voice",
    "genesys_message": "Genesys Cloud transcript JSON, web messaging",
}


def write_self_assessment() -> Path:
    import yaml

    data = yaml.safe_load(SELF_ASSESSMENT)
    assert tuple(data["items"]) == ICMI_ITEMS and all(1 <= v <= 5 for v in data["items"].values())
    path = OUT / "self_assessment.yaml"
    path.write_text(SELF_ASSESSMENT, encoding="utf-8")
    return path


def write_readme(files: list[tuple[Path, list[Conv]]]) -> Path:
    convs = CONVERSATIONS
    dates = sorted(c.started_at for c in convs)
    lines = [
        "# sample_data",
        "",
        f"Contact-centre transcripts the project wrote itself: {len(convs)} conversations across {len({c.fmt for c in convs})} export formats, "
        "plus a sample ICMI self-assessment. Everything here is generated by `tools/make_sample_data.py` "
        "(deterministic; rerun it rather than editing these files by hand).",
        "",
        "All companies, people and numbers are fictional. Card numbers are public test numbers; phone numbers "
        "are in reserved drama/fictional ranges. The files deliberately contain PII in written and spoken "
        "(speech-to-text) form, so the redaction stage has something real to find; never copy them into a "
        "real system.",
        "",
        "## What the corpus covers",
        "",
        f"- Contacts from {dates[0][:10]} to {dates[-1][:10]} for five fictional companies: Northgate Bank, "
        "Brightwave (broadband and mobile), Harbour Mutual (insurer), Cartwell (online retailer), Veridian Energy (utility).",
        "- Channels: "
        + ", ".join(f"{ch} ({sum(c.channel == ch for c in convs)})" for ch in ("voice", "chat", "email", "sms"))
        + "; "
        f"{sum(c.direction == 'outbound' for c in convs)} outbound proactive contacts.",
        "- Queues: " + ", ".join(sorted({c.queue for c in convs})) + ".",
        "- IVR menus, bots that resolve on their own (bot containment) and bots that hand over to a human; "
        "transfers (including customers forced to repeat themselves), holds with real timing gaps, escalation "
        "requests, wait-time complaints, survey offers, recording disclosures, identity checks, empathy, "
        "ownership, confirmed resolutions, unresolved and angry contacts, cancellations and competitor mentions, "
        "agents referring to contact history or to a predicted need.",
        "- Repeat contacts about one problem, each within 7 days of the previous contact: "
        + "; ".join(f"`{cid}` {story} (" + ", ".join(_contact_ids(cid)) + ")" for cid, story in REPEAT_STORIES.items())
        + ". Other customers ("
        + ", ".join(f"`{cid}`" for cid in sorted(set(_repeaters(convs)) - set(REPEAT_STORIES)))
        + ") contact twice about unrelated things.",
        "- PII types present (values not listed here): payment card numbers (written, spoken digit by digit, "
        "split across turns), expiry dates, CVV, UK/US/international phone numbers, email addresses (written "
        "and spoken 'dot'/'at'), US SSN, UK National Insurance number, IBAN, sort code and account number, "
        "policy/order/claim numbers, dates of birth, street addresses, UK postcodes and US ZIP codes, names "
        "(including lower-case names in ASR text).",
        "- Exports that already carry analytics: Contact Lens and Call Analytics files with per-turn sentiment "
        "and categories; one Contact Lens and one Call Analytics file redacted at source (`[PII]`).",
        "- One hostile chat (`c-1008`) whose text contains HTML/script injection attempts, to test escaping.",
        "",
        "## Files",
        "",
        "| file | format | conversations | what it shows |",
        "|---|---|---|---|",
    ]
    for path, file_convs in files:
        rel = path.relative_to(OUT).as_posix()
        fmt = FORMAT_LABEL[file_convs[0].fmt]
        ids = ", ".join(c.conversation_id for c in file_convs)
        if len(file_convs) == 1:
            c = file_convs[0]
            shows = f"{c.company}, {c.channel} {c.direction}, {c.queue.replace('_', ' ')}: {c.notes}"
        else:
            shows = "; ".join(
                f"`{c.conversation_id}` {c.company}, {c.channel} {c.direction}, {c.queue.replace('_', ' ')}: {c.notes}"
                for c in file_convs
            )
        lines.append(f"| `{rel}` | {fmt} | {ids if len(file_convs) > 1 else file_convs[0].conversation_id} | {shows} |")
    lines += [
        "| `self_assessment.yaml` | ICMI self-assessment (YAML) | n/a | the 20 ICMI items rated 1-5 (total 72, "
        "Customer-Centric) and `claimed_ai_layer: 3`; deliberately optimistic so the evidence has something to "
        "challenge |",
        "",
        "Conversation ids (`c-...`) are the generator's; formats that carry their own ids (Amazon, Genesys) "
        "use ids derived from them, so the README's id is a cross-reference, not necessarily the id a reader reports.",
        "",
        "## Regenerate",
        "",
        "```",
        "/work/venv/bin/python tools/make_sample_data.py",
        "```",
        "",
    ]
    path = OUT / "README.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


REPEAT_STORIES = {
    "cust-1042": "broadband dropping out every evening",
    "cust-3380": "parcel delivered to the wrong address",
    "cust-2217": "debit card declined",
    "cust-4402": "motor claim and the courtesy car",
    "cust-6010": "planned power outage",
}


def _contact_ids(customer_id: str) -> list[str]:
    return [
        c.conversation_id for c in sorted(CONVERSATIONS, key=lambda c: c.started_at) if c.customer_id == customer_id
    ]


def _check_repeat_stories() -> None:
    for cid in REPEAT_STORIES:
        times = sorted(started(c) for c in CONVERSATIONS if c.customer_id == cid)
        assert len(times) >= 2, cid
        assert all(b - a <= timedelta(days=7) for a, b in zip(times, times[1:])), cid


def _repeaters(convs: list[Conv]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in convs:
        if c.customer_id:
            counts[c.customer_id] = counts.get(c.customer_id, 0) + 1
    return {cid: n for cid, n in counts.items() if n >= 2}


def main() -> None:
    check_corpus(CONVERSATIONS)
    _check_repeat_stories()
    files: list[tuple[Path, list[Conv]]] = []
    by_fmt: dict[Any, list[Conv]] = {}
    for c in CONVERSATIONS:
        key = write_genesys if c.fmt.startswith("genesys") else c.fmt
        by_fmt.setdefault(key, []).append(c)
    for key, convs in by_fmt.items():
        writer = key if callable(key) else WRITERS[key]
        paths = writer(convs)
        if len(paths) == len(convs):
            files += [(p, [c]) for p, c in zip(paths, convs)]
        else:
            files += [(p, convs) for p in paths]
    files.sort(key=lambda item: item[0].as_posix())
    extra = [write_self_assessment(), write_readme(files)]
    total = sum(p.stat().st_size for p, _ in files) + sum(p.stat().st_size for p in extra)
    print(f"{len(CONVERSATIONS)} conversations, {len(files)} transcript files, {total / 1024:.0f} KiB under {OUT}")


if __name__ == "__main__":
    main()
