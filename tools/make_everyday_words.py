"""Build src/cxmaturity/redact/everyday_words.txt: English words people use as words, not as names.

The name lists (Faker's 86 locales) hold many everyday words: "cash", "post", "date", "dallas",
"robin". A word counts as everyday when the training corpora in ../shared/data (Banking77,
CLINC150, GoEmotions, TweetEval: about 80,000 short texts with people's names masked or rare)
use it in lower case at least MIN_LOWER times and LOWER_TO_CAPITALISED times as often in lower case as
capitalised in mid-sentence. Names keep their capitals in typed text ("John", "Dallas"), so
they fail the second test; words pass it.

Run: python tools/make_everyday_words.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "cxmaturity" / "redact" / "everyday_words.txt"
MIN_LOWER = 3
# Names are capitalised by most writers: a word capitalised mid-sentence more than 1 time in 3 is taken as a name.
LOWER_TO_CAPITALISED = 3
_TOKEN = re.compile(r"(?<![A-Za-z'])[A-Za-z][a-z'-]*[a-z](?![A-Za-z])")


def corpus_texts(data: Path) -> list[str]:
    texts: list[str] = []
    with (data / "banking77" / "train.csv").open(encoding="utf-8") as handle:
        texts.extend(row[0] for row in csv.reader(handle))
    clinc = json.loads((data / "clinc150" / "data_train_val.json").read_text(encoding="utf-8"))
    texts.extend(item[0] for items in clinc.values() for item in items)
    for name in ("train.tsv", "dev.tsv"):
        lines = (data / "goemotions_sentiment" / name).read_text(encoding="utf-8").splitlines()
        texts.extend(line.split("\t", 1)[0] for line in lines)
    texts.extend((data / "tweeteval_sentiment" / "val_text.txt").read_text(encoding="utf-8").splitlines())
    return texts


def everyday_words(texts: list[str]) -> list[str]:
    lower: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()
    for text in texts:
        for match in _TOKEN.finditer(text):
            word = match.group()
            before = text[: match.start()].rstrip()
            if word.islower():
                lower[word] += 1
            elif word[0].isupper() and word[1:].islower() and before and before[-1] not in ".!?\"'([:":
                capitalised[word.lower()] += 1
    return sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= LOWER_TO_CAPITALISED * capitalised[w])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args()
    words = everyday_words(corpus_texts(args.data))
    header = (
        "# Everyday English words (one per line), built by tools/make_everyday_words.py from Banking77, CLINC150,\n"
        f"# GoEmotions and TweetEval texts: used in lower case >= {MIN_LOWER} times and at least 3 times as often as\n"
        "# capitalised mid-sentence. A name-list word found here needs a name position to count as a name.\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
