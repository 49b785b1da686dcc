"""Channel and direction words of exports mapped to the contract's values (unknown ones kept in metadata)."""

from __future__ import annotations

import math
from typing import Any

_CHANNELS = {
    "voice": "voice",
    "call": "voice",
    "phone": "voice",
    "telephony": "voice",
    "audio": "voice",
    "callback": "voice",
    "inbound call": "voice",
    "outbound call": "voice",
    "telephone": "voice",
    "chat": "chat",
    "webchat": "chat",
    "web chat": "chat",
    "livechat": "chat",
    "live chat": "chat",
    "message": "chat",
    "messaging": "chat",
    "web messaging": "chat",
    "webmessaging": "chat",
    "in-app": "chat",
    "app chat": "chat",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "sms": "sms",
    "text": "sms",
    "text message": "sms",
    "mms": "sms",
    "social": "social",
    "facebook": "social",
    "twitter": "social",
    "x": "social",
    "instagram": "social",
    "whatsapp": "social",
    "messenger": "social",
    "facebook messenger": "social",
    "line": "social",
    "wechat": "social",
}
_DIRECTIONS = {
    "inbound": "inbound",
    "in": "inbound",
    "incoming": "inbound",
    "inbound call": "inbound",
    "outbound": "outbound",
    "out": "outbound",
    "outgoing": "outbound",
    "outbound call": "outbound",
}


def map_channel(value: Any, metadata: dict[str, Any]) -> str | None:
    """Contract channel for a source value; unknown values become 'other' (original kept)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    key = " ".join(str(value).strip().lower().replace("_", " ").split())
    if key in _CHANNELS:
        return _CHANNELS[key]
    metadata["source_channel"] = str(value)[:64]
    return "other"


def map_direction(value: Any, metadata: dict[str, Any]) -> str | None:
    """Contract direction; unknown values become None with the original in metadata."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return None
    key = " ".join(str(value).strip().lower().replace("_", " ").split())
    if key in _DIRECTIONS:
        return _DIRECTIONS[key]
    metadata["source_direction"] = str(value)[:64]
    return None
