"""The review file of a batch run: one row per distinct message that needs a person, with how
often it occurred, where, the original columns of its first row and the model's answer, and
one empty ``label`` column to fill in. ``train --extra`` reads the filled file back as it is."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .calibration import EMPTY, row_kind
from .dataset import LABEL_COLUMNS, NO_DETAIL
from .io import keep_apart
from .taxonomy import load_taxonomy

#: Row statuses that say nothing about the message itself (bytes of another column the
#: encoding could not read): such a row joins the other rows of its message.
_MESSAGE_INTACT = frozenset({"ok", "decode_error_other_column"})
#: The columns the review file starts with; the input's other columns follow.
REVIEW_COLUMNS = ("label", "text", "count", "predicted", "predicted_detail", "confidence", "status", "rows")
#: Row numbers listed per message (the count says how many there are in all).
ROWS_LISTED = 20
#: Distinct messages kept; rows of further ones are counted under ``overflow``.
LIMIT = 200_000


@dataclass
class _Entry:
    text: str
    first: list[str]
    predicted: str
    detail: str
    confidence: str
    status: str
    count: int = 0
    rows: list[int] = field(default_factory=list)


class ReviewCollector:
    """Collects the rows that need review while a batch streams, keyed by normalised text."""

    def __init__(self, header: list[str], text_col: int, *, limit: int = LIMIT) -> None:
        self.header = list(header)
        self.text_col = text_col
        self.limit = limit
        self.entries: dict[str, _Entry] = {}
        #: Rows of messages beyond ``limit`` distinct ones (counted, not listed).
        self.overflow = 0

    def add(self, row_number: int, row: list[str], text: str, cells: Any, status: str) -> None:
        """One row that needs review (``row_number``: its row in the input, header included;
        ``cells``: the answer's ``batch.Cells``, whose ``norm`` is the normalised text).
        Rows without a message are left out, as the summary and the report count them
        (``calibration.row_kind``: a blank cell, or one of markup alone such as <br>): there is
        nothing to label."""
        if not text.strip() or row_kind(status, False) == EMPTY:
            return
        intact = set(status.split(";")) <= _MESSAGE_INTACT
        key = cells.norm if intact and cells.norm else f"\x00{status}\x00{text}"
        entry = self.entries.get(key)
        if entry is None:
            if len(self.entries) >= self.limit:
                self.overflow += 1
                return
            entry = self.entries[key] = _Entry(text, list(row), cells.labels, cells.detail, cells.confidence, status)
        entry.count += 1
        if len(entry.rows) < ROWS_LISTED:
            entry.rows.append(row_number)

    @property
    def columns(self) -> list[str]:
        """REVIEW_COLUMNS, then the input's columns other than the message."""
        rest = [h for i, h in enumerate(self.header) if i != self.text_col]
        # an input's own labels, gold or detail column must not read as a person's answer
        return list(REVIEW_COLUMNS) + keep_apart(rest, (*REVIEW_COLUMNS, *LABEL_COLUMNS, "detail"))

    def rows(self) -> list[list[Any]]:
        """One row per distinct message, the most frequent first."""
        out = []
        for e in sorted(self.entries.values(), key=lambda e: -e.count):
            listed = ", ".join(map(str, e.rows)) + (" …" if e.count > len(e.rows) else "")
            rest = [v for i, v in enumerate(e.first) if i != self.text_col]
            out.append(["", e.text, e.count, e.predicted, e.detail, e.confidence, e.status, listed, *rest])
        return out


def label_choices() -> list[str]:
    """What the ``label`` column takes: a category ID, or a detail ID (meaning ``other`` with
    that detail; ``none``: `other` with no known detail); several categories are joined with ``;``."""
    taxonomy = load_taxonomy()
    return list(taxonomy.ids) + [d for d in taxonomy.detail_ids if d] + [NO_DETAIL]
