"""Map the speaker labels of an export to roles: agent, customer, bot, ivr, system, unknown.

Why a heuristic at all: exports label speakers in many ways. Structured exports say the
role (Contact Lens / Call Analytics `ParticipantRole` AGENT/CUSTOMER/SYSTEM/CUSTOM_BOT,
Genesys `participantPurpose`), plain ASR says only *who is different* (Transcribe `spk_0`,
`spk_1`, `ch_0`, `ch_1`), and subtitles or text carry names ("Sarah", "Agent (Sarah)").

Order of precedence, per label, for one conversation:

1. `speaker_map` from the config: exact label, case-insensitive (also tried without a
   parenthesised name and without a trailing number). It always wins.
2. Role words (`ROLE_ALIASES`): "Agent", "Rep", "Advisor", "Customer", "Caller", "Client",
   "Bot", "Virtual Assistant", "IVR", "System", platform roles such as AGENT, CUSTOMER,
   CUSTOM_BOT, SUPERVISOR, Genesys purposes internal/agent/user -> agent,
   external/customer -> customer, ivr/acd -> ivr, workflow/botflow -> bot. A label like
   "Agent (Sarah)" or "Customer 2" resolves on its role word.
3. Known names: `agent_names` from the config or a transcript header ("Agent-Name: ...")
   -> agent; header customer names -> customer.
4. Transcribe channels: `ch_0` -> agent and `ch_1` -> customer by convention, unless the
   content cues below contradict it by a clear margin (Amazon Connect, for one, records the
   customer on the left channel), in which case the two are swapped.
5. Everything else (`spk_N`, names, opaque participant ids) is decided per conversation by
   content cues in each label's first turns: agent cues ("thank you for calling", "how can
   I help", "my name is ... speaking", "you're speaking with", "can I take your account
   number") against customer cues ("I'm calling about", "my bill", "I want to cancel"),
   plus a small bonus for speaking first (agents greet on inbound calls). With two
   unknown labels the more agent-like one is the agent and the other the customer; a
   single unknown label takes whichever of agent/customer is still missing.
   Labels that stay undecided are "unknown": never guessed silently. A label whose opening turns
   are mostly menu prompts ("press one for billing", "please say in a few words") is the IVR.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

ROLE_ALIASES: dict[str, str] = {
    # agent side
    "agent": "agent",
    "rep": "agent",
    "representative": "agent",
    "advisor": "agent",
    "adviser": "agent",
    "associate": "agent",
    "csr": "agent",
    "specialist": "agent",
    "operator": "agent",
    "support": "agent",
    "support agent": "agent",
    "human agent": "agent",
    "live agent": "agent",
    "supervisor": "agent",
    "internal": "agent",
    "user": "agent",
    "staff": "agent",
    "consultant": "agent",
    "expert": "agent",
    "employee": "agent",
    "customer service": "agent",
    "customer care": "agent",
    "customer support": "agent",
    "customer service representative": "agent",
    "service desk": "agent",
    "help desk": "agent",
    # customer side
    "customer": "customer",
    "caller": "customer",
    "client": "customer",
    "member": "customer",
    "external": "customer",
    "end user": "customer",
    "enduser": "customer",
    "end_user": "customer",
    "consumer": "customer",
    "visitor": "customer",
    "guest": "customer",
    "patient": "customer",
    "policyholder": "customer",
    "subscriber": "customer",
    "cust": "customer",
    "contact": "customer",
    # automation
    "bot": "bot",
    "chatbot": "bot",
    "chat bot": "bot",
    "virtual assistant": "bot",
    "virtual agent": "bot",
    "va": "bot",
    "assistant": "bot",
    "automated agent": "bot",
    "custom_bot": "bot",
    "custom bot": "bot",
    "lex": "bot",
    "workflow": "bot",
    "botflow": "bot",
    "digital bot": "bot",
    "ai agent": "bot",
    "ai assistant": "bot",
    "ivr": "ivr",
    "acd": "ivr",
    "auto attendant": "ivr",
    "automated attendant": "ivr",
    "system": "system",
    "sys": "system",
    "announcement": "system",
    "queue": "system",
    "notification": "system",
}

# Role words that, as the first of several words, usually start something else
# ("Contact Centre", "User 4711", "Queue Music").
_AMBIGUOUS_FIRST_WORDS = {"contact", "user", "queue", "support", "member", "internal", "external"}

CHANNEL_CONVENTION = {"ch_0": "agent", "ch_1": "customer"}

_AGENT_CUES = [
    re.compile(p, re.I)
    for p in (
        r"\bthanks? (you )?for (calling|contacting|holding|waiting|your patience|choosing)\b",
        r"\bhow (can|may|could) i (help|assist)\b",
        r"\bwhat can i (do|help) (for )?you\b",
        r"\bmy name is \w+.{0,20}\b(speaking|here|help)\b",
        r"\b(this is|you'?re speaking (with|to)|you'?ve reached) \[?\w+",
        r"\bam i (speaking|talking) (to|with)\b",
        r"\bhow are you (doing )?today\b|\bhow you doing today\b",
        r"\b(it )?(says|see|shows) here (that )?you\b",
        r"\b(do|would) you (want|like) me to\b",
        r"\bwelcome to\b",
        r"\b(can|could|may) i (have|get|take|confirm) your\b",
        r"\bfor (security|verification) (purposes|reasons)\b",
        r"\b(let me|i'?ll|i will) (check|look|pull|see|transfer|put you)\b",
        r"\bis there anything else i can\b",
        r"\bi can help (you )?with that\b",
        r"\bsorry (for|about) the (wait|inconvenience|trouble)\b",
        r"\bhave a (great|good|nice|lovely) (day|evening|afternoon)\b",
        r"\b(this|the|all|our) calls? (is|are|may|might|will) (be )?recorded\b",
        r"\byou'?re through to\b",
    )
]
_CUSTOMER_CUES = [
    re.compile(p, re.I)
    for p in (
        r"\bi'?m calling (about|because|to|regarding)\b",
        r"\bi (am|was) calling\b",
        r"\b(i|we) (want|need|would like|'d like) to "
        r"(cancel|close|change|return|know|speak|report|dispute|pay|upgrade)\b",
        r"\bmy (account|bill|card|order|package|parcel|internet|phone|balance|payment|policy|claim|delivery"
        r"|subscription)\b",
        r"\bi('?ve| have) been (charged|waiting|on hold|trying)\b",
        r"\bi (got|received|was) (charged|billed|a letter|an email)\b",
        r"\bcan you help me\b",
        r"\bi have a (question|problem|issue)\b",
    )
]

_PAREN_NAME = re.compile(r"\s*[\(\[][^)\]]*[\)\]]\s*")
_TRAILING_NUMBER = re.compile(r"[\s_#-]*\d+$")


def normalise_label(label: str) -> str:
    """Lower-case, single-spaced label, without surrounding punctuation."""
    return " ".join(str(label).strip().strip(":").lower().split())


def role_word(label: str) -> str | None:
    """Role from a role word in the label ("Agent (Sarah)", "CUSTOMER", "Customer 2"), or None."""
    norm = normalise_label(label)
    for candidate in _label_variants(norm):
        role = ROLE_ALIASES.get(candidate)
        if role:
            return role
    words = re.findall(r"[a-z_]+", _PAREN_NAME.sub(" ", norm))
    if any(w in {"bot", "chatbot", "virtual", "automated"} for w in words):
        return "bot"
    if "ivr" in words:
        return "ivr"
    if words and words[0] in ROLE_ALIASES and words[0] not in _AMBIGUOUS_FIRST_WORDS:
        return ROLE_ALIASES[words[0]]
    return None


def is_structural_label(label: str) -> bool:
    """True for labels that are not personal names (safe to keep in metadata)."""
    norm = normalise_label(label)
    return bool(
        role_word(norm)
        and _PAREN_NAME.sub(" ", norm).strip() == norm
        or re.fullmatch(r"(spk|ch|speaker|channel)[ _]?\d+|speaker [a-z]", norm)
    )


def _label_variants(norm: str) -> list[str]:
    variants = [norm]
    stripped = _PAREN_NAME.sub(" ", norm).strip()
    if stripped and stripped != norm:
        variants.append(stripped)
    for v in list(variants):
        no_number = _TRAILING_NUMBER.sub("", v).strip()
        if no_number and no_number != v:
            variants.append(no_number)
    return variants


def cue_score(texts: Iterable[str]) -> float:
    """Agent-likeness of a speaker's opening turns: agent cues minus customer cues."""
    score = 0.0
    for text in texts:
        score += sum(1 for p in _AGENT_CUES if p.search(text))
        score -= sum(1 for p in _CUSTOMER_CUES if p.search(text))
    return score


_IVR_CUES = [
    re.compile(p, re.I)
    for p in (
        r"\bpress (?:one|two|three|four|five|six|seven|eight|nine|zero|star|hash|pound|\d)\b",
        r"\bfor [\w ]{2,30},? press\b",
        r"\bplease (?:say|enter|key in|choose|select|stay on the line)\b",
        r"\byour call (?:is important|may be recorded|will be answered)\b",
        r"\b(?:calls|this call) (?:may|will) be (?:recorded|monitored)\b",
        r"\bin a few words\b|\bmain menu\b|\bfollowed by the (?:hash|pound)\b",
        r"\byou are (?:number|caller) \w+ in the queue\b|\bcurrent (?:wait|waiting) time\b",
        r"\b(?:i think you said|i heard)\b.*\b(?:is that right|if that'?s right)\b",
    )
]


def is_ivr_voice(texts: Sequence[str]) -> bool:
    """A label whose opening turns are mostly menu prompts ("press one for billing"): an IVR, not a person."""
    prompts = sum(1 for text in texts if any(p.search(text) for p in _IVR_CUES))
    return bool(texts) and prompts >= 1 and prompts * 2 > len(texts)


@dataclass(frozen=True)
class RoleAssignment:
    roles: dict[str, str]  # label -> role
    methods: dict[str, str]  # label -> how it was decided (override/role/name/channel/content/undecided)


def resolve_roles(
    turns: Sequence[tuple[str, str]],
    *,
    speaker_map: Mapping[str, str] | None = None,
    agent_names: Iterable[str] = (),
    customer_names: Iterable[str] = (),
    opening_turns: int = 6,
) -> RoleAssignment:
    """Roles for every label in a conversation, given its (label, text) turns in order."""
    override = {normalise_label(k): v for k, v in (speaker_map or {}).items()}
    agents = {normalise_label(n) for n in agent_names if str(n).strip()}
    customers = {normalise_label(n) for n in customer_names if str(n).strip()}

    order: list[str] = []
    texts: dict[str, list[str]] = {}
    for label, text in turns:
        if label not in texts:
            order.append(label)
            texts[label] = []
        if len(texts[label]) < opening_turns:
            texts[label].append(text)

    roles: dict[str, str] = {}
    methods: dict[str, str] = {}
    channel_labels: list[str] = []
    open_labels: list[str] = []
    for label in order:
        norm = normalise_label(label)
        variants = _label_variants(norm)
        inner_name = _parenthesised_name(norm)
        if any(v in override for v in variants):
            roles[label] = next(override[v] for v in variants if v in override)
            methods[label] = "override"
        elif (role := role_word(label)) is not None:
            roles[label], methods[label] = role, "role"
        elif norm in agents or (inner_name and inner_name in agents):
            roles[label], methods[label] = "agent", "name"
        elif norm in customers or (inner_name and inner_name in customers):
            roles[label], methods[label] = "customer", "name"
        elif norm in CHANNEL_CONVENTION:
            roles[label], methods[label] = CHANNEL_CONVENTION[norm], "channel"
            channel_labels.append(label)
        else:
            open_labels.append(label)

    scores = {label: cue_score(texts[label]) for label in order}
    if order:
        scores[order[0]] += 0.5  # whoever speaks first is a little more likely the agent

    if len(channel_labels) == 2:
        agent_ch, customer_ch = sorted(channel_labels, key=lambda lab: normalise_label(lab))
        if scores[customer_ch] - scores[agent_ch] >= 2:
            roles[agent_ch], roles[customer_ch] = "customer", "agent"
            methods[agent_ch] = methods[customer_ch] = "channel+content"

    elif len(channel_labels) == 1:
        # The other channel was overridden: take the role it left free.
        label = channel_labels[0]
        others = {r for lab, r in roles.items() if lab != label}
        complement = {"agent": "customer", "customer": "agent"}[roles[label]]
        if roles[label] in others and complement not in others:
            roles[label], methods[label] = complement, "channel+override"

    for label in list(open_labels):
        if is_ivr_voice(texts[label]):
            roles[label], methods[label] = "ivr", "content"
            open_labels.remove(label)

    if open_labels:
        present = set(roles.values())
        ranked = sorted(open_labels, key=lambda lab: (-scores[lab], order.index(lab)))
        if len(open_labels) == 1:
            label = open_labels[0]
            if "agent" in present and "customer" not in present:
                role = "customer"
            elif "customer" in present and "agent" not in present:
                role = "agent"
            elif scores[label] >= 1:
                role = "agent"
            elif scores[label] <= -1:
                role = "customer"
            else:
                role = "unknown"
            roles[label], methods[label] = role, "content" if role != "unknown" else "undecided"
        else:
            if "agent" not in present:
                roles[ranked[0]], methods[ranked[0]] = "agent", "content"
                rest = ranked[1:]
            else:
                rest = ranked
            for label in rest:
                if "customer" not in present and label == rest[-1]:
                    role = "customer"
                elif scores[label] >= 2:
                    role = "agent"
                elif scores[label] <= -1 or "customer" not in present:
                    role = "customer"
                else:
                    role = "unknown"
                roles[label], methods[label] = role, "content" if role != "unknown" else "undecided"
    return RoleAssignment(roles=roles, methods=methods)


def _parenthesised_name(norm: str) -> str | None:
    match = re.search(r"[\(\[]([^)\]]+)[\)\]]", norm)
    return normalise_label(match.group(1)) if match else None
