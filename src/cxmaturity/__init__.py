"""cxmaturity: transcript-driven CX and AI maturity evidence for contact centres."""

import os as _os

# Everything runs offline: models come from installed packages or models/, never a hub.
# Set here, in the package, so users' locked-down servers never try the network.
_os.environ.setdefault("HF_HUB_OFFLINE", "1")
_os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
_os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
_os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

__version__ = "0.1.0"
