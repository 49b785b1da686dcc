"""Format readers; importing this package registers every one of them."""

from cxmaturity.ingest.formats import (  # noqa: F401
    call_analytics,
    canonical,
    contact_lens,
    genesys,
    subtitles,
    tabular,
    text,
    transcribe,
)
