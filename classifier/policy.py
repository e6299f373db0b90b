"""The decision policy: from category probabilities (of whole texts and of their clauses) to
ordered label sets. Written once, with array operations over any number of texts."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from . import config
from .taxonomy import load_taxonomy
from .text import finds_fault, is_condition, is_process, states_no_reason, without_consequences

_PIECE = re.compile(r"[,、]")

#: The detail model's probability of a known out-of-FAQ reason that lets ``other`` stand beside
#: FAQ reasons in a text whose words name none (``LinearModel.names_other``).
OTHER_NAMED_MIN = 0.7
#: A text (or a clause) leans to ``other`` from this probability on.
OTHER_LEANS = 0.5
#: A list item (``text.list_items``) at this probability or more adds its category: a
#: list (查询无结果、新旧证件问题、已注销) names one reason per item. Read off dev (0.8–0.9 within a
#: few texts; a piece between commas adding its category cost dev and test dozens of texts).
ITEM_MIN = 0.85
#: ``other`` from a list item needs this and a known out-of-FAQ reason's cue: 住所和营业期限等关键字段
#: 均无法辨认 (an unreadable licence) has 住所, a cue of an address problem, at 0.9.
ITEM_OTHER_MIN = 0.99


def may_state_other(clause: str, reason_cues: re.Pattern[str]) -> bool:
    """Whether a clause can add ``other`` beside the labels of the rest of its text: one of its
    pieces (between commas) names a known reason outside the FAQ (``reason_cues``, the
    taxonomy's) outside its consequences (``without_consequences``: …会被列入黑名单) and is no
    condition or consequence (``is_condition``: 逾期未修改的…, 将注销…) nor tells how the filing
    goes on (``is_process``: 幕布照片核验结果有效期为30天).
    Appended metadata (sign-offs, notification receipts, ticket fields) and closing lines
    (订单已退回至待提交状态, 有什么不懂的可以问我) are unlike every category, and so lean to ``other``
    without stating any reason."""
    return any(not is_condition(piece) and not is_process(piece) and reason_cues.search(without_consequences(piece))
               for piece in _PIECE.split(clause))


def names_other_fault(piece: str, reason_cues: re.Pattern[str]) -> bool:
    """Whether a piece of a text (between commas, ``text.piece_spans``) states a known reason
    outside the FAQ as a fault found (营业执照已过期, 短信核验超时): it names one
    (``may_state_other``), says something is wrong (``text.finds_fault``) and is no header,
    instruction or history (``states_no_reason``: 请重新拍摄幕布照片 names a reason it does not
    state)."""
    return (len(piece) >= 4 and finds_fault(piece) and not states_no_reason(piece)
            and may_state_other(piece, reason_cues))


class DecisionPolicy:
    """Thresholds that turn probabilities into label sets, primary (first stated) first.

    - The most likely category needs its threshold (``thresholds``); every further one needs
      ``extra_threshold`` as well, since a second reason in one sentence must be clearly stated.
    - In a text of several clauses, a clause over ``clause_threshold`` adds its category,
      unless the clause states no reason: a header or politeness (初审驳回：, 您好，存在以下问题),
      an instruction, advice or history (请勿重复提交, 过户完成后上传…, 已完成过户).
    - ``other`` stands beside FAQ reasons only when a clause states it clearly (a clause that
      names a known out-of-FAQ reason and is no condition or consequence: ``may_state_other``)
      or the whole text leans to it (0.5 or more) and a clause of it that states a reason names
      such a reason (``names_other``: its words, or the detail model); a FAQ reason stated in the
      voice of a help article or a reason list (提交材料缺失或格式错误) leans to ``other`` as well.
      Nothing chosen means ``other``.
    - An item of a list joined by 、 in a reason clause (``text.list_items``) adds its
      category at ``ITEM_MIN`` or more; ``other`` only at ``ITEM_OTHER_MIN`` and where the item
      names a known out-of-FAQ reason (``may_state_other``). Such labels follow the others, in
      the order of their items.
    - Order: the first reason clause that leans to a label (over min(threshold, 0.5); else its
      likeliest clause), in a text of one clause the first piece that leans to it (0.5 or more),
      then the higher whole-text probability; ``other`` takes its place like any label (the
      guide's primary label is the first stated, whichever it is).
    - A category with words of its own reason (``Taxonomy.stated_by``: a wrong filing type is
      said to be wrong or to be chosen otherwise) is dropped from a text without them.
    - A text of one clause shorter than ``single_label_below`` characters states one reason:
      its most likely label only (a terse title such as 手机号码不正确 shares words with
      neighbouring categories, not their reasons).
    """

    def __init__(self, classes: Sequence[str], *, threshold: float = 0.5, extra_threshold: float = 0.5,
                 clause_threshold: float = 1.01, single_label_below: int = 0) -> None:
        self.classes = [str(c) for c in classes]
        self.thresholds = np.full(len(self.classes), float(threshold))
        self.extra_threshold = float(extra_threshold)
        self.clause_threshold = float(clause_threshold)
        self.single_label_below = int(single_label_below)
        self.other = self.classes.index(config.OTHER) if config.OTHER in self.classes else -1
        taxonomy = load_taxonomy()
        #: The cues of known out-of-FAQ reasons; a loaded model sets its own taxonomy's.
        self.reason_cues = taxonomy.reason_cues
        #: Per category, the words a text needs to carry it (``Taxonomy.stated_by``); likewise.
        self.stated_by = taxonomy.stated_by

    def decide(self, p: np.ndarray, clause_p: np.ndarray, counts: np.ndarray,
               clause_text: Callable[[int], str], lengths: np.ndarray | None = None,
               names_other: Callable[[int], bool] | None = None,
               items: tuple[np.ndarray, np.ndarray, Callable[[int], str]] | None = None,
               docs: Sequence[str] | None = None, *, piece_first: np.ndarray | None = None) -> list[list[str]]:
        """Label lists of ``n`` texts.

        ``p``: whole-text probabilities (n, classes); ``clause_p``: the clause rows of all texts
        with several clauses, one text after the other; ``counts``: each text's number of clause
        rows (0 when it has a single clause); ``clause_text(k)``: the text of clause row ``k``;
        ``lengths``: each text's characters (for ``single_label_below``); ``names_other(i)``:
        whether text ``i`` names a known reason outside the FAQ (None: every text does);
        ``items``: the probabilities of list items (rows, classes), the text each belongs to, and
        ``item_text(k)`` (``text.list_items``); ``docs``: the normalised texts, for the
        categories a text carries only in words of their own reason (``stated_by``);
        ``piece_first``: per text and category, the first piece leaning to it (inf for none),
        which orders the labels of a text of one clause."""
        n, n_classes = p.shape
        thr, other = self.thresholds, self.other
        rows = np.arange(n)
        top = p.argmax(axis=1)
        chosen = p >= np.maximum(thr, self.extra_threshold)
        if self.single_label_below and lengths is not None:
            terse = (counts == 0) & (lengths < self.single_label_below)
            chosen[terse] = False
        chosen[rows, top] |= p[rows, top] >= thr[top]
        first = np.zeros((n, n_classes))  # the first clause stating each label (0: one clause)
        if piece_first is not None:  # one clause: the first piece stating each label, the rest after
            one = counts == 0
            first[one] = np.minimum(piece_first[one], 1e6)
        strong_other = np.zeros(n, dtype=bool)
        multi = np.flatnonzero(counts)
        if len(multi):
            stated, first[multi] = self._clauses(clause_p, counts[multi], clause_text)
            chosen[multi] |= stated
            if other >= 0:
                strong_other[multi] = stated[:, other]
        if other >= 0:
            beside = chosen[:, other] & (chosen.sum(axis=1) > 1) & ~strong_other
            weak = p[:, other] < max(thr[other], OTHER_LEANS)
            chosen[beside & weak, other] = False
            if names_other is not None:
                for i in np.flatnonzero(beside & ~weak).tolist():
                    chosen[i, other] = names_other(i)
        if items is not None and len(items[0]):
            chosen, first = self._listed(chosen, first, *items)
        if docs is not None:
            self._unstated(chosen, docs)
        count = chosen.sum(axis=1)
        classes = self.classes
        empty = [config.OTHER] if other >= 0 else None
        out = [[classes[j]] if c == 1 else (empty or [classes[t]])
               for c, j, t in zip(count.tolist(), chosen.argmax(axis=1).tolist(), top.tolist(), strict=True)]
        several = np.flatnonzero(count > 1)
        if len(several):
            for i, picked, at, prob in zip(several.tolist(), chosen[several].tolist(), first[several].tolist(),
                                           p[several].tolist(), strict=True):
                js = [j for j in range(n_classes) if picked[j]]
                out[i] = [classes[j] for j in sorted(js, key=lambda j, at=at, prob=prob: (at[j], -prob[j]))]
        return out

    def _unstated(self, chosen: np.ndarray, docs: Sequence[str]) -> None:
        """Clear in ``chosen`` the categories a text names without the words of their reason
        (``stated_by``): 办理新增网站时… uses a filing type as the situation, not as what is wrong."""
        for label, stated in self.stated_by.items():
            if label in self.classes:
                j = self.classes.index(label)
                for i in np.flatnonzero(chosen[:, j]).tolist():
                    chosen[i, j] = stated.search(docs[i])

    def _listed(self, chosen: np.ndarray, first: np.ndarray, item_p: np.ndarray, owners: np.ndarray,
                item_text: Callable[[int], str]) -> tuple[np.ndarray, np.ndarray]:
        """``chosen`` and ``first`` with the categories that list items state (``ITEM_MIN``)
        added after the labels already chosen, in the order of their items."""
        listed = item_p >= ITEM_MIN
        chosen, first = chosen.copy(), first.copy()
        other = self.other
        if other >= 0:
            listed[:, other] = item_p[:, other] >= ITEM_OTHER_MIN
            for k in np.flatnonzero(listed[:, other]).tolist():
                listed[k, other] = may_state_other(item_text(k), self.reason_cues)
            # a text with nothing chosen answers `other`, which stays beside what its items add
            texts = np.unique(owners[listed.any(axis=1)])
            chosen[texts[~chosen[texts].any(axis=1)], other] = True
        for k, j in zip(*np.nonzero(listed), strict=True):
            i = owners[k]
            if not chosen[i, j]:
                chosen[i, j] = True
                first[i, j] = 1e9 + k  # after the labels of every clause
        return chosen, first

    def _clauses(self, clause_p: np.ndarray, sizes: np.ndarray,
                 clause_text: Callable[[int], str]) -> tuple[np.ndarray, np.ndarray]:
        """For texts with several clauses (their clause counts ``sizes``): which labels a reason
        clause states clearly, and the first clause that states each label."""
        thr = self.thresholds
        starts = np.cumsum(sizes) - sizes
        reason = np.fromiter((not states_no_reason(clause_text(k)) for k in range(len(clause_p))),
                             dtype=bool, count=len(clause_p))
        leaning = (clause_p >= np.minimum(thr, 0.5)) & reason[:, None]
        strong = (clause_p >= self.clause_threshold) & reason[:, None]
        if self.other >= 0:
            for k in np.flatnonzero(strong[:, self.other]).tolist():
                strong[k, self.other] = may_state_other(clause_text(k), self.reason_cues)
        stated = np.logical_or.reduceat(strong, starts, axis=0)
        # First reason clause over min(threshold, 0.5); where there is none, the (first) most likely.
        local = (np.arange(len(clause_p)) - np.repeat(starts, sizes))[:, None]
        never = len(clause_p) + 1
        over = np.minimum.reduceat(np.where(leaning, local, never), starts, axis=0)
        top_clause = np.maximum.reduceat(clause_p, starts, axis=0)
        likeliest = np.minimum.reduceat(np.where(clause_p == np.repeat(top_clause, sizes, axis=0), local, never),
                                        starts, axis=0)
        return stated, np.where(over < never, over, likeliest)
