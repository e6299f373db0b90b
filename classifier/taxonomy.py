"""The category taxonomy: IDs, Chinese FAQ titles and curated remedies from ``data/taxonomy.toml``."""
from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from . import config
from .text import piece_spans


@dataclass(frozen=True)
class Category:
    """One reason category of the rejection FAQ (or ``other``)."""

    id: str
    title: str
    name: str
    anchor: str
    remedy: str
    #: ``other`` only: a regular expression over the normalised text for reasons outside the
    #: FAQ that have no detail of their own (负责人未满十八周岁, 外籍人士).
    cues: str = ""
    #: A regular expression over the normalised text that a message must match to carry this
    #: category ("" for none): a category whose words also serve as context (a filing type named
    #: as the situation, 办理新增网站时…) is stated only with words of its own reason (应为, 非首次).
    stated_by: str = ""
    #: With ``stated_by``: a regular expression that must match in the same piece
    #: (``text.piece_spans``: between commas, 、 and clause marks) as ``stated_by`` ("" for
    #: anywhere in the text): the filing type
    #: is wrong where the words of a wrong choice go with the type (应为新增网站), not elsewhere in
    #: a rule that names a type (首次备案期间…, 不能开启访问).
    stated_with: str = ""


@dataclass(frozen=True)
class StatedBy:
    """The words a text needs to carry a category (``Category.stated_by``), and the words that
    must share a piece with them (``Category.stated_with``, None for none)."""

    words: re.Pattern[str]
    near: re.Pattern[str] | None = None

    def search(self, normalized: str) -> bool:
        """Whether a normalised text states the category in such words."""
        if self.near is None:
            return bool(self.words.search(normalized))
        pieces = [normalized[a:b] for a, b in piece_spans(normalized)] or [normalized]
        return any(self.words.search(piece) and self.near.search(piece) for piece in pieces)


@dataclass(frozen=True)
class Detail:
    """A known reason outside the FAQ: the ``detail`` of an ``other`` message."""

    id: str
    title: str
    remedy: str
    #: Regular expression over the normalised text that names this detail in written
    #: training messages (``dataset``); the model learns from them and from real wording.
    cues: str
    #: Categories whose statement this reason's words can be part of, each with a regular
    #: expression of the words that state this reason in its own right: an address in a rule of
    #: another province's certificate (身份证地址必须是本市) is part of ``cross_province``, an
    #: incomplete one (地址不详) a reason of its own. Beside such a category, ``other`` with this
    #: detail stands only where the text has those words (``Taxonomy.part_of``).
    within: tuple[tuple[str, re.Pattern[str]], ...] = ()


class TaxonomyError(ValueError):
    """The taxonomy file is missing or malformed."""


@dataclass(frozen=True)
class Taxonomy:
    """The ordered list of categories, looked up by ID."""

    categories: tuple[Category, ...]
    details: tuple[Detail, ...] = ()
    #: General advice shown once under every remedy.
    advice: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    @property
    def detail_ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.details)

    @cached_property
    def reason_cues(self) -> re.Pattern[str]:
        """One pattern of the cues of every known reason outside the FAQ (notices left out),
        those without a detail of their own (``other``'s cues) included."""
        cues = [d.cues for d in self.details if d.cues and d.id != config.NOT_A_REJECTION]
        cues += [c.cues for c in self.categories if c.cues]
        return re.compile("|".join(f"(?:{c})" for c in cues) or "(?!)")

    @cached_property
    def stated_by(self) -> dict[str, StatedBy]:
        """Per category that has one, the words a message must have to carry it."""
        return {c.id: StatedBy(re.compile(c.stated_by), re.compile(c.stated_with) if c.stated_with else None)
                for c in self.categories if c.stated_by}

    def part_of(self, detail_id: str | None, labels: Sequence[str], normalized: str) -> bool:
        """Whether an answer's ``other`` with this detail is only part of a FAQ category among
        ``labels`` (``Detail.within``): the category wins, as the labelling guide says, unless
        the normalised text states the detail's reason in its own words."""
        if not detail_id or detail_id not in self.detail_ids:
            return False
        return any(category in labels and not own.search(normalized)
                   for category, own in self.detail(detail_id).within)

    def detail(self, detail_id: str) -> Detail:
        for d in self.details:
            if d.id == detail_id:
                return d
        raise KeyError(detail_id)

    def __getitem__(self, category_id: str) -> Category:
        for c in self.categories:
            if c.id == category_id:
                return c
        raise KeyError(category_id)

    def __contains__(self, category_id: object) -> bool:
        return any(c.id == category_id for c in self.categories)


def parse_taxonomy(path: str | Path) -> Taxonomy:
    """Read and validate a taxonomy TOML file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaxonomyError(f"taxonomy file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TaxonomyError(f"taxonomy file {path} is not valid TOML: {exc}") from exc
    entries = raw.get("category")
    if not isinstance(entries, list) or not entries:
        raise TaxonomyError(f"{path}: no [[category]] entries")
    cats = []
    for i, entry in enumerate(entries):
        missing = [k for k in ("id", "title", "name", "anchor", "remedy") if k not in entry]
        if missing:
            raise TaxonomyError(f"{path}: category #{i + 1} lacks {', '.join(missing)}")
        cues = str(entry.get("cues", "")).strip()
        if cues and entry["id"] != config.OTHER:
            raise TaxonomyError(f"{path}: category {entry['id']}: only '{config.OTHER}' has cues")
        stated_by = str(entry.get("stated_by", "")).strip()
        if stated_by and entry["id"] == config.OTHER:
            raise TaxonomyError(f"{path}: '{config.OTHER}' takes no stated_by: it is the answer when nothing else is")
        _check_pattern(path, entry["id"], cues)
        _check_pattern(path, entry["id"], stated_by, field="stated_by")
        stated_with = str(entry.get("stated_with", "")).strip()
        if stated_with and not stated_by:
            raise TaxonomyError(f"{path}: category {entry['id']}: stated_with needs stated_by")
        _check_pattern(path, entry["id"], stated_with, field="stated_with")
        cats.append(Category(**{k: str(entry[k]).strip() for k in ("id", "title", "name", "anchor", "remedy")},
                             cues=cues, stated_by=stated_by, stated_with=stated_with))
    ids = [c.id for c in cats]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise TaxonomyError(f"{path}: duplicate category IDs {dupes}")
    if config.OTHER not in ids:
        raise TaxonomyError(f"{path}: the '{config.OTHER}' category is required")
    details = []
    for i, entry in enumerate(raw.get("detail", [])):
        missing = [k for k in ("id", "title", "remedy", "cues") if k not in entry]
        if missing:
            raise TaxonomyError(f"{path}: detail #{i + 1} lacks {', '.join(missing)}")
        _check_pattern(path, entry["id"], entry["cues"])
        within = entry.get("within", {})
        if not isinstance(within, dict):
            raise TaxonomyError(f"{path}: detail {entry['id']}: within must be a table of category = words")
        for category, own in within.items():
            if category not in ids or category == config.OTHER:
                raise TaxonomyError(f"{path}: detail {entry['id']}: within names {category!r}, not a FAQ category")
            _check_pattern(path, entry["id"], str(own), field=f"within.{category}")
        details.append(Detail(**{k: str(entry[k]).strip() for k in ("id", "title", "remedy", "cues")},
                              within=tuple((str(c), re.compile(str(own).strip())) for c, own in within.items())))
    dids = [d.id for d in details]
    if len(set(dids)) != len(dids) or set(dids) & set(ids):
        raise TaxonomyError(f"{path}: detail IDs must be unique and differ from category IDs")
    advice = str(raw.get("advice", {}).get("text", "")).strip()
    return Taxonomy(tuple(cats), tuple(details), advice)


def _check_pattern(path: Path, entry_id: str, cues: str, *, field: str = "cues") -> None:
    try:
        re.compile(cues)
    except re.error as exc:
        raise TaxonomyError(f"{path}: {entry_id}: {field} is not a regular expression ({exc})") from None


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The product's taxonomy (``data/taxonomy.toml``), read once."""
    return parse_taxonomy(config.TAXONOMY_FILE)
