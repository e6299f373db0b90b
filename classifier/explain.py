"""Explanations for people: which words or phrases of a message drove each predicted label,
as shares of the evidence, and the message with those phrases marked."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .text import normalize, to_simplified

#: A single character is shown only when it carries at least this share of the evidence.
SINGLE_CHAR_SHARE = 0.25
_ASCII_WORD = re.compile(r"^[a-z0-9_]+$")
#: Punctuation and spaces trimmed from the ends of a phrase.
_EDGE = " ,.;:!?()[]/-，。；：！？、（）【】\"'“”‘’「」《》"
#: What the placeholders of masked entities stand for (``text.PLACEHOLDERS``).
PLACEHOLDER_NAMES = {"xurl": "〈网址〉", "xemail": "〈邮箱〉", "xip": "〈IP〉", "xdomain": "〈域名〉",
                     "xvphone": "〈虚拟号段〉", "xphone": "〈电话号码〉", "xidnum": "〈证件号〉", "xicp": "〈备案号〉",
                     "xdate": "〈日期〉", "xnum": "〈编号〉"}
_PLACEHOLDER_RE = re.compile("|".join(sorted(PLACEHOLDER_NAMES, key=len, reverse=True)))


class Reason(NamedTuple):
    """A phrase of the (normalised) message and its share of the evidence for one label."""

    phrase: str
    share: float


def _phrase(feature: str) -> str:
    """The surface text of a feature name: ``w:核验 单`` -> 核验单, ``w:err field`` -> err field,
    ``c:传`` -> 传."""
    kind, term = feature[:2], feature[2:]
    if kind == "c:":
        return term.strip(_EDGE)
    parts = term.split(" ")
    out = parts[0]
    for part in parts[1:]:
        out += (" " if _ASCII_WORD.match(out[-1:]) and _ASCII_WORD.match(part[:1]) else "") + part
    return out.strip(_EDGE)


def _inside_placeholder(phrase: str) -> bool:
    """A character n-gram of a placeholder's letters (``one`` of ``xphone``): no word to show."""
    return phrase.isascii() and phrase not in PLACEHOLDER_NAMES and any(phrase in p for p in PLACEHOLDER_NAMES)


def reasons(estimator: Any, text: str, label: str, *, k: int = 5,
            read: Callable[[list[str]], list[str]] | None = None) -> list[Reason]:
    """Up to ``k`` phrases that pushed ``text`` towards ``label`` most, each with its share of
    all the positive evidence (feature value x weight). The word and character n-grams of one
    phrase add up; a phrase inside a stronger one is folded into it; single characters are
    left out unless they carry ``SINGLE_CHAR_SHARE`` of the evidence. Concept tokens count for
    the words of the text that name them. ``read``: how the normalised text is read
    (``Model.read_lines``: without the lines that state nothing), so that a line the answer
    left out lends it no phrase."""
    if not isinstance(text, str):
        raise TypeError(f"reasons() takes one text (a str), not {type(text).__name__}")
    if label not in list(estimator.classes_):
        raise ValueError(f"unknown label {label!r}; the labels are {', '.join(map(str, estimator.classes_))}")
    j = int(list(estimator.classes_).index(label))
    normalized = normalize(text)
    if read is not None:
        normalized = read([normalized])[0]
    rows = estimator.featurizer.features([normalized])
    cols, contrib = estimator.scorer.contributions(rows, j)
    names = estimator.featurizer.feature_names()
    total = float(sum(c for c in contrib if c > 0))
    if total <= 0:
        return []
    tagger = estimator.featurizer.concepts
    named = tagger.words(normalized) if tagger is not None else {}
    by_phrase: dict[str, float] = {}
    for col, c in zip(cols.tolist(), contrib.tolist(), strict=True):
        name = str(names[col])
        # A feature with concept tokens is evidence of the words that name those concepts.
        words = [named[t] for t in name[2:].split(" ") if t in named] if name.startswith("w:") else []
        for phrase in words or [_phrase(name)]:
            if c > 0 and phrase and not _inside_placeholder(phrase):
                by_phrase[phrase] = by_phrase.get(phrase, 0.0) + c / max(1, len(words))
    kept: list[list[Any]] = []
    for phrase, c in sorted(by_phrase.items(), key=lambda kv: (-kv[1], -len(kv[0]))):
        host = next((r for r in kept if phrase in r[0] or r[0] in phrase), None)
        if host is not None:
            if len(phrase) > len(host[0]):
                host[0] = phrase  # the longer phrase names the evidence better
            host[1] += c
        elif len(phrase) > 1 or c / total >= SINGLE_CHAR_SHARE:
            kept.append([phrase, c])
    # Fold again: a phrase that grew may now hold another kept one.
    merged: list[list[Any]] = []
    for phrase, c in sorted(kept, key=lambda r: -len(r[0])):
        host = next((r for r in merged if phrase in r[0]), None)
        if host is not None:
            host[1] += c
        else:
            merged.append([phrase, c])
    kept = sorted(merged, key=lambda r: -r[1])
    return [Reason(_PLACEHOLDER_RE.sub(lambda m: PLACEHOLDER_NAMES[m.group(0)], p), round(c / total, 3))
            for p, c in kept[:k]]


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` character by character as normalisation writes it (full width to half width,
    traditional to simplified script, lower case), and for each character of that the index of
    the character of ``text`` it comes from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = to_simplified(unicodedata.normalize("NFKC", ch)).lower() if not ch.isascii() else ch.lower()
        out.append(folded)
        where += [i] * len(folded)
    return "".join(out), where


def highlight(text: str, phrases: Sequence[str], *, mark: tuple[str, str] = ("【", "】")) -> str:
    """``text`` with every occurrence of the phrases marked, the first phrases given first where
    two overlap (``reasons`` lists the strongest first; case-insensitive; Latin phrases as whole
    words). Phrases are found in traditional script and full-width letters too (審核 for 审核),
    as normalisation reads them; phrases that it changed otherwise, such as masked numbers, are
    not found and stay unmarked."""
    folded, where = _folded(text)
    taken: list[tuple[int, int]] = []
    for phrase in dict.fromkeys(p.lower() for p in phrases if p):
        # a Latin phrase is marked as a whole word (as, not the "as" inside "was")
        pattern = rf"(?<![a-z]){re.escape(phrase)}(?![a-z])" if phrase.isascii() else re.escape(phrase)
        for m in re.finditer(pattern, folded):
            span = (where[m.start()], where[m.end() - 1] + 1)
            if all(span[1] <= a or span[0] >= b for a, b in taken):
                taken.append(span)
    out, at = [], 0
    for a, b in sorted(taken):
        out += [text[at:a], mark[0], text[a:b], mark[1]]
        at = b
    return "".join(out) + text[at:]
