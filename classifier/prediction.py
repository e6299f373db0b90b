"""The prediction API: ``predict(text | list)`` and ``load_model(path)``, returning
``Prediction`` objects with labels, confidence, Chinese title and the curated remedy."""
from __future__ import annotations

import copy
import numbers
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, overload

import numpy as np

from . import calibration, config
from .persist import ModelError, load_artifact
from .policy import names_other_fault
from .taxonomy import Taxonomy, TaxonomyError, load_taxonomy, parse_taxonomy
from .text import PLACEHOLDERS as MASKED_VALUES
from .text import is_truncated, line_readings, normalize, piece_spans, says_go_ahead, says_rejected

if TYPE_CHECKING:
    from .inference import LinearModel, Shape

#: What undecodable bytes become in a str: lone surrogates (argv, JSON escapes) or U+FFFD (a
#: decoder's replacement, as in files read with errors="replace").
_UNDECODED = re.compile("[\ud800-\udfff\ufffd]")


def is_undecoded(text: str) -> bool:
    """True if ``text`` holds bytes a decoder could not read (the row's status is decode_error)."""
    return _UNDECODED.search(text) is not None


def input_status(text: str, *, empty: bool = False) -> str:
    """The status of a text as given: ``decode_error`` (bytes no decoder could read), the
    truncation mark (over ``config.MAX_CHARS`` besides its blank padding: ``text.is_truncated``),
    ``empty`` (nothing to read), joined by ``;``, else ``ok``. ``predict()`` and ``batch`` rows give the same."""
    status = []
    if is_undecoded(text):
        status.append("decode_error")
    if is_truncated(text):
        status.append(config.TRUNCATED_STATUS)
    if empty:
        status.append(config.EMPTY_STATUS)
    return ";".join(status) or "ok"


def replace_undecoded(text: str) -> str:
    """``text`` with what no decoder could read (lone surrogates) as U+FFFD, as the file readers
    give it."""
    return _UNDECODED.sub("\ufffd", text) if is_undecoded(text) else text


#: Below this confidence a prediction is flagged for human review (models without a
#: calibrated set-level confidence; trained ones carry their own threshold).
REVIEW_BELOW = 0.5
#: The detail of an ``other`` answer is given from this probability on (else None). Chosen on
#: dev (0.2–0.5: 0.3 best by a text or more); cross-validated real wording agrees.
DETAIL_MIN = 0.3
#: A text the model's non-rejection head gives at least this probability, and that does not
#: say it was rejected, is answered as no rejection whatever its categories; the detail model's
#: ``not_a_rejection`` stands when it is at least ``NOT_A_REJECTION_MIN`` sure or the head gives
#: at least ``NON_REJECTION_AGREES`` (else the answer has no detail). Chosen on dev, the safer
#: where dev is indifferent: a rejection set apart as no rejection is the costliest mistake (no
#: remedy, no review).
NON_REJECTION_OVER = 0.8
NOT_A_REJECTION_MIN = 0.7
NON_REJECTION_AGREES = 0.5
NOT_A_REJECTION = config.NOT_A_REJECTION
#: A piece of a text answered ``other`` with a known detail adds a further detail (a second
#: reason outside the FAQ: 幕布照片不合格，营业执照已过期) when it states one as a fault found
#: (``policy.names_other_fault``) and both its own ``other`` probability and the detail model's
#: probability of that detail are at least this. Read off dev, test and the real wording: about
#: nine in ten of the further details so found were right; below 0.9, headers (修改项：核验信息)
#: and instructions (补充幕布照片) added details.
FURTHER_DETAIL_MIN = 0.9
#: What exports put in the reason column of rows that were not rejected: after normalisation
#: and without punctuation, such a cell is answered as a non-rejection without the model.
PLACEHOLDERS = frozenset({"", "无", "暂无", "空", "没有", "通过", "已通过", "正常", "不适用", "已处理", "ok", "n/a",
                          "na", "null", "none", "nil", "nan", "pass", "passed"})
_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+")
_REVIEW = "驳回|退回|拒绝|审核"  # whose reason or remark it is
_REMARK = "原因|意见|备注|说明"  # the words of a reason or remark field
#: The name of a reason or remark field before its value (备注：无, 原因：/, Remarks: N/A): a
#: placeholder behind it is still one, and so is the name alone (the value was a dash).
_REASON_FIELD = re.compile(rf"(?:(?:{_REVIEW}|处理)?(?:{_REMARK}|结果)"
                           r"|remarks?|reason|notes?|comments?|result)\s*(?::\s*|$)")
#: A cell that says there is no reason or remark (无驳回原因, 暂无审核意见) stands in for one too.
_NO_REASON = re.compile(rf"(?:无|没有|暂无)(?:{_REVIEW})?(?:{_REMARK})")
#: The longest cell ``is_placeholder`` reads (after a field name): 无驳回原因 or a few joined
#: placeholders (N/A N/A).
PLACEHOLDER_MAX = 12
#: Distinct normalised texts whose predictions are remembered (a few MB).
CACHE_SIZE = 8192
#: New texts decided together at most: what one decision holds besides its answers (clauses,
#: pieces, their features and probabilities) stays bounded however long the list (200,000
#: distinct texts decided at once peaked at 2 GB).
DECIDE_BLOCK = 4096


class Detail(NamedTuple):
    """The detail of an answer: the out-of-FAQ reason (None: none known or no ``other``), its
    probability, and whether the answer must be reviewed because the model could not tell a
    notice from a rejection."""

    name: str | None
    p: float
    unsure: bool = False
    #: Further known out-of-FAQ reasons stated in pieces of their own, in the text's order.
    further: tuple[str, ...] = ()


def _notices(head: np.ndarray | None, norms: Sequence[str]) -> np.ndarray:
    """How surely each normalised text is no rejection (0: not surely): the non-rejection head's
    probability where it is sure (``NON_REJECTION_OVER``), else 1.0 where the text says a step
    is done and filing may go on (``text.says_go_ahead``); 0 for a text that says it was
    rejected."""
    out = np.zeros(len(norms)) if head is None else np.where(head >= NON_REJECTION_OVER, head, 0.0)
    for i, norm in enumerate(norms):
        if not out[i] and says_go_ahead(norm):
            out[i] = 1.0
    for i in np.flatnonzero(out).tolist():
        if says_rejected(norms[i]):
            out[i] = 0.0
    return out


def _may_be_notice(labels: Sequence[str], shape: Shape) -> bool:
    """Whether an answer may be a notice the policy read as a reason: one clause, at most one
    FAQ category (a text of several clauses or reasons states them)."""
    return shape[1] == 1 and sum(label != config.OTHER for label in labels) <= 1


#: A word: a hanzi, or two letters in a row (a text without one says nothing the model reads).
_WORDS = re.compile(r"[\u3400-\u9fff]|[A-Za-z]{2}")
#: The placeholders ``normalize`` puts for numbers, dates, domains … (no word of the message).
_MASKED = re.compile(r"\b(?:" + "|".join(MASKED_VALUES) + r")\b")


#: A spreadsheet formula as a cell holds it (=SUM(A1:A3), =cmd|' /C calc'!A0, @SUM(…),
#: ="网站名称"&"不合格"), normalised.
_FORMULA = re.compile(r"[=+@]\s*[a-z_][\w.]*(?:\s*[(|!]|$)|=\s*[\"'“(\d-]")
#: The names of the values a cell may hold instead of a message (订单12825, 工单 #A1234):
#: with nothing else they say nothing either.
_VALUE_NAMES = re.compile(r"(?:订单|工单|单号|编号|序号|流水号|order|ticket|case)(?:号|编号|id|no)?")


def has_words(norm: str) -> bool:
    """Whether a normalised text holds a word besides masked values and their names (123456,
    2024-01-01, 订单12825 and 京ICP备12345678号 hold none: a wrong column or a cut cell, for a
    person to look at); a spreadsheet formula holds none either."""
    if _FORMULA.match(norm):
        return False
    rest = _MASKED.sub(" ", norm)
    return bool(_WORDS.search(rest)) and bool(_WORDS.search(_VALUE_NAMES.sub(" ", rest)))


def is_missing(value: Any) -> bool:
    """Whether a value stands for a missing cell: None, NaN (also NumPy's float32), NumPy's NaT,
    or pandas' NA and NaT (told by their type's name: pandas need not be installed)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        return False
    try:  # NaN of any float type and NumPy's NaT are the values not equal to themselves
        return bool(value != value)
    except (TypeError, ValueError):  # (an array, or a value that will not compare)
        return False


def is_placeholder(normalized: str) -> bool:
    """True for a normalised cell that only stands in for "no reason" (无, /, -, N/A, 无驳回原因
    …), also behind the name of its field (备注：无, Remarks: N/A) and several of them joined by
    spaces (N/A N/A, 无 /)."""
    value = normalized[m.end():] if (m := _REASON_FIELD.match(normalized)) else normalized
    if len(value) > PLACEHOLDER_MAX:
        return False
    # 无 无, N/A N/A, - -: placeholder cells of several columns joined into one
    return all(bare in PLACEHOLDERS or bool(_NO_REASON.fullmatch(bare))
               for bare in (_PUNCT_OR_SPACE.sub("", part) for part in value.split() or [""]))


@dataclass(frozen=True)
class Prediction:
    """The classification of one message.

    ``label`` is the primary (first stated) category ID, ``labels`` every category the text
    states (primary first), ``confidence`` the probability that the whole label set is right,
    ``title``/``remedy`` the curated FAQ title and remedy (every label's remedy for a
    multi-reason text), ``needs_review`` whether a person should look at it, ``status``
    ``ok`` or why the row could not be classified normally.
    """

    label: str
    labels: tuple[str, ...]
    confidence: float
    title: str
    remedy: str
    needs_review: bool
    status: str = "ok"
    #: For answers that include ``other``: the known out-of-FAQ reason (a detail ID of the
    #: taxonomy, e.g. ``verification_photo`` or ``not_a_rejection``), None when none fits.
    detail: str | None = None
    #: Every known out-of-FAQ reason the text states, in the text's order where pieces of their
    #: own state them: ``detail`` first (幕布照片不合格，营业执照已过期 answers ``detail``
    #: verification_photo and ``details`` (verification_photo, certificate_expired)); the title
    #: and remedy cover each. Empty without ``detail``.
    details: tuple[str, ...] = ()
    #: The probability of every category, as (category IDs, values): kept compact because
    #: predictions are cached; read it through ``scores``.
    proba: tuple[tuple[str, ...], tuple[float, ...]] = field(default=((), ()), compare=False, repr=False)

    @property
    def scores(self) -> dict[str, float]:
        """Probability per category ID (independent one-vs-rest probabilities); empty for an
        answer decided by a rule (a placeholder such as 无, an empty cell, text without words)."""
        return dict(zip(*self.proba, strict=True))

    def to_dict(self, *, scores: bool = False) -> dict[str, Any]:
        d = {f: getattr(self, f) for f in ("label", "labels", "detail", "details", "confidence", "title", "remedy",
                                           "needs_review", "status")}
        d["labels"], d["details"] = list(self.labels), list(self.details)
        if scores:
            d["scores"] = self.scores
        return d

    def top(self, k: int) -> list[tuple[str, float]]:
        """The ``k`` highest-scoring categories with their probabilities (``k`` >= 0)."""
        if not hasattr(k, "__index__") or isinstance(k, bool):  # (NumPy integers too)
            raise TypeError(f"top() takes a count (an int), not {k!r}")
        if k < 0:
            raise ValueError(f"top() takes a count of 0 or more, not {k!r}")
        return sorted(self.scores.items(), key=lambda kv: -kv[1])[:k]


class Model:
    """A loaded, verified model folder with a thread-safe ``predict``: the object users meet.
    ``linear_model`` holds the fitted arrays (``inference.LinearModel``), ``taxonomy`` the
    categories, details and remedies, ``manifest`` what the folder says about itself."""

    def __init__(self, linear_model: LinearModel, manifest: dict[str, Any], *, taxonomy: Taxonomy | None = None,
                 path: Path | None = None) -> None:
        self.linear_model = linear_model
        self.manifest = manifest
        self.path = path
        self.taxonomy = taxonomy or load_taxonomy()
        self.labels = tuple(str(c) for c in linear_model.classes_)
        missing = [label for label in self.labels if label not in self.taxonomy]
        if missing:
            raise ValueError(f"model labels {missing} are not in the taxonomy; retrain the model")
        self._index = {label: i for i, label in enumerate(self.labels)}
        linear_model.policy.reason_cues = self.taxonomy.reason_cues  # the folder's own, not the package's
        linear_model.policy.stated_by = self.taxonomy.stated_by
        self._cache: OrderedDict[str, Prediction] = OrderedDict()
        self._described: dict[tuple[str, ...], tuple[str, str]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Model(path={str(self.path)!r}, labels={len(self.labels)})"

    def __getstate__(self) -> dict[str, Any]:
        """A model pickles without its lock and cache (worker processes of Dask, Spark or
        ``ProcessPoolExecutor`` receive it so); both start empty where it is unpickled."""
        state = self.__dict__.copy()
        for name in ("_lock", "_cache", "_described"):
            state.pop(name, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._cache = OrderedDict()
        self._described = {}
        self._lock = threading.Lock()

    @property
    def review_below(self) -> float:
        """The set-level confidence under which an answer needs review (chosen on dev when the
        model was trained; the model card's risk-coverage table shows what other values give)."""
        return float(getattr(self.linear_model, "review_below_", REVIEW_BELOW))

    def with_review_below(self, threshold: float) -> Model:
        """This model with another review threshold (0 to 1: higher flags more answers), as a
        copy: the model it was made from answers as before."""
        if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real):
            raise TypeError(f"a review threshold is a number from 0 to 1, not {threshold!r}")
        if not 0.0 <= float(threshold) <= 1.0:
            raise ValueError(f"a review threshold is a confidence from 0 to 1, not {threshold}")
        out = copy.copy(self)  # (a fresh cache and lock: ``__setstate__``)
        linear = object.__new__(type(self.linear_model))  # sharing its arrays, tables and policy
        linear.__dict__.update(self.linear_model.__dict__)
        linear.review_below_ = float(threshold)
        out.linear_model = linear
        return out

    def prepare_for_batches(self) -> None:
        """Build what large batches need (lookup tables, SciPy) before any output file exists."""
        self.linear_model.prepare_for_batches()

    # -- core -----------------------------------------------------------------------------
    def describe(self, labels: tuple[str, ...], detail: str | None = None,
                 further: tuple[str, ...] = ()) -> tuple[str, str]:
        """The title and remedy shown for a label set (every label's, for several reasons).
        ``other`` with a known ``detail`` shows the detail's title and remedy, and those of the
        ``further`` details after it; a non-rejection has no remedy. The taxonomy's general
        advice follows any remedy once."""
        key = (labels, detail, further)
        known = self._described.get(key)
        if known is None:
            parts = []
            for label in labels:
                if label == config.OTHER and detail:
                    for name in (detail, *further):
                        d = self.taxonomy.detail(name)
                        parts.append((d.title, d.remedy))
                else:
                    c = self.taxonomy[label]
                    parts.append((c.title, c.remedy))
            title = parts[0][0] if len(parts) == 1 else "；".join(t for t, _ in parts)
            remedies = [(t, r) for t, r in parts if r]
            remedy = remedies[0][1] if len(remedies) == 1 else "\n\n".join(f"【{t}】\n{r}" for t, r in remedies)
            if remedy and self.taxonomy.advice:
                remedy = f"{remedy}\n\n{self.taxonomy.advice}"
            known = (title, remedy)
            if len(self._described) < 4096:  # label sets are few; bounded all the same
                self._described[key] = known
        return known

    def build_predictions(self, decided: Sequence[tuple[Sequence[str], Any]],
                          details: Sequence[Detail],
                          shapes: Sequence[Shape]) -> list[Prediction]:
        """Predictions (confidence, titles, remedies) from decided (label list, probabilities)
        pairs, ``Detail`` and ``Shape`` per text, probabilities
        rounded to 4 decimals in one pass."""
        if not decided:
            return []
        values = np.round(np.stack([np.asarray(p, dtype=np.float64) for _, p in decided]), 4).tolist()
        return [self._build(labels, tuple(v), *d, shape=sh)
                for (labels, _), v, d, sh in zip(decided, values, details, shapes, strict=True)]

    def decide(self, norms: Sequence[str]) -> tuple[list[tuple[list[str], Any]], list[Detail], list[Shape]]:
        """(label list, probabilities), ``Detail`` and ``Shape`` (characters, clauses, pieces) of
        normalised texts: the policy's label sets, then texts that are no rejection set apart
        (``NON_REJECTION_OVER``), then the details of ``other``; ``other`` goes where its detail is
        only part of a FAQ category of the answer (``Taxonomy.part_of``). A message of several
        lines is read without its lines that state nothing (``read_lines``)."""
        norms = self.read_lines(norms)
        decided, shapes, head = self.linear_model.decide_shaped(norms)
        notices = _notices(head, norms)
        for i in np.flatnonzero(notices).tolist():
            if _may_be_notice(decided[i][0], shapes[i]):
                decided[i] = ([config.OTHER], decided[i][1])
        details = self.details_for(norms, decided, head, notices=notices)
        for i, ((labels, values), detail) in enumerate(zip(decided, details, strict=True)):
            if len(labels) > 1 and self.taxonomy.part_of(detail.name, labels, norms[i]):
                # 身份证地址必须是本市: the address is cross_province's, not a reason of its own
                decided[i] = ([label for label in labels if label != config.OTHER], values)
                details[i] = Detail(None, 0.0)
        self._add_further(norms, decided, details)
        return decided, details, shapes

    def read_lines(self, norms: Sequence[str]) -> list[str]:
        """The normalised texts as they are read: a message of several lines without the lines
        that, read alone, state nothing (``text.line_readings``: a field's value, else the whole
        line, and nothing for a key alone before the line it heads; no line that finds a fault):
        a key alone (跟进内容:), a placeholder or a text without a word, or one the model
        answers ``other`` with no known reason or as no rejection (a console's, ticket's or
        mail's fields and notes: name: 张三, 签字意见: 同意, 处理中). Such lines lean to ``other``
        or carry a category's words without its reason. A text whose lines all state nothing
        stays whole. The lines are answered as any text is (``classify_normalized``: the
        same rules for placeholders, and the bounded cache, so a signature or a field repeated
        on many rows of a log is answered once)."""
        out = list(norms)
        readings = {i: found for i, n in enumerate(norms) if "\n" in n and (found := line_readings(n))}
        if not readings:
            return out
        units = list(dict.fromkeys(r for found in readings.values() for _, r in found if r))
        silent = {u for u, p in zip(units, self.classify_normalized(units), strict=True)
                  if p.labels == (config.OTHER,) and p.detail in (None, NOT_A_REJECTION)}
        for i, found in readings.items():
            idle = {k for k, r in found if not r or r in silent}
            lines = norms[i].split("\n")
            if idle and any(line.strip() for k, line in enumerate(lines) if k not in idle):
                out[i] = "\n".join(line for k, line in enumerate(lines) if k not in idle)
        return out

    def _add_further(self, norms: Sequence[str], decided: Sequence[tuple[Sequence[str], Any]],
                     details: list[Detail]) -> None:
        """Set ``further`` on the details of texts answered ``other`` with a known reason: the
        other known reasons that pieces of their own state (``FURTHER_DETAIL_MIN``), in the
        text's order; where a piece states the text's own detail too, the first stated of them
        is the detail (as the first stated reason is the primary label)."""
        lm = self.linear_model
        other = self._index.get(config.OTHER)
        names = getattr(lm, "detail_classes_", ())
        if other is None or not names:
            return
        cues = lm.policy.reason_cues
        owners, pieces = [], []
        for i, ((labels, _), d) in enumerate(zip(decided, details, strict=True)):
            if d.name and d.name != NOT_A_REJECTION and config.OTHER in labels:
                spans = piece_spans(norms[i])
                found = [p for p in (norms[i][a:b] for a, b in spans) if names_other_fault(p, cues)] \
                    if len(spans) > 1 else []
                owners += [i] * len(found)
                pieces += found
        if not pieces:
            return
        category = lm.proba_normalized(pieces)[:, other]
        detail_p = lm.detail_proba(pieces)
        stated: dict[int, list[str]] = {}
        for i, piece, p_other, row in zip(owners, pieces, category.tolist(), detail_p, strict=True):
            k = int(row.argmax())
            name, labels = names[k], decided[i][0]
            if (name and name != NOT_A_REJECTION and row[k] >= FURTHER_DETAIL_MIN
                    and p_other >= FURTHER_DETAIL_MIN and name not in stated.get(i, ())
                    and not self.taxonomy.part_of(name, labels, piece)):
                stated.setdefault(i, []).append(name)
        for i, found in stated.items():
            own = details[i].name
            if own in found:  # the first stated is the detail, the others follow in order
                details[i] = details[i]._replace(name=found[0], further=tuple(found[1:]))
            else:
                details[i] = details[i]._replace(further=tuple(found))

    def details_for(self, norms: Sequence[str], decided: Sequence[tuple[Sequence[str], Any]],
                    head: np.ndarray | None = None, *, notices: np.ndarray | None = None) -> list[Detail]:
        """The detail of each normalised text: the known out-of-FAQ reason of texts whose labels
        include ``other`` (None below ``DETAIL_MIN`` or when none is known). ``head``: each
        text's probability of being no rejection (the thresholds above); ``notices``: how surely
        each text is no rejection (``_notices``, computed when not given)."""
        if notices is None:
            notices = _notices(head, norms)
        out: list[Detail] = [Detail(None, 0.0)] * len(norms)
        which = [i for i, (labels, _) in enumerate(decided) if config.OTHER in labels]
        if not which:
            return out
        names = getattr(self.linear_model, "detail_classes_", ())
        proba = self.linear_model.detail_proba([norms[i] for i in which])
        if not proba.shape[1]:
            return out
        best = proba.argmax(axis=1)
        for i, k, row in zip(which, best.tolist(), proba, strict=True):
            p = float(row[k])
            name = names[k] if names[k] and p >= DETAIL_MIN else None
            unsure = False
            if name == NOT_A_REJECTION and (len(decided[i][0]) > 1 or says_rejected(norms[i])):
                name = None  # a FAQ reason beside it, or a rejection without a reason given
            elif name == NOT_A_REJECTION and self._leans_to_a_reason(decided[i][1]):
                name, unsure = None, True  # a reason the policy left out (``stated_by``): a person decides
            elif name == NOT_A_REJECTION and head is not None and p < NOT_A_REJECTION_MIN \
                    and head[i] < NON_REJECTION_AGREES:
                name, unsure = None, True  # perhaps no rejection, perhaps one: a person decides
            if len(decided[i][0]) == 1 and notices[i]:  # `other` alone, surely no rejection
                name, p, unsure = NOT_A_REJECTION, float(notices[i]), False
            out[i] = Detail(name, round(p, 4), unsure)
        return out

    def _leans_to_a_reason(self, values: Sequence[float]) -> bool:
        """Whether the likeliest category of the whole text is a FAQ reason over its threshold,
        which an answer of `other` alone left out (the policy drops a category whose own words
        the text lacks: ``Taxonomy.stated_by``)."""
        top = int(np.argmax(values))
        return top != self._index.get(config.OTHER) and values[top] >= self.linear_model.policy.thresholds[top]

    def _build(self, labels: Sequence[str], values: tuple[float, ...], detail: str | None, detail_p: float,
               unsure: bool = False, further: tuple[str, ...] = (), *, shape: Shape) -> Prediction:
        index = self._index
        primary = labels[0]
        other = index.get(config.OTHER)
        if len(labels) == 1 and primary == config.OTHER and values[other] < max(values):
            # `other` by abstention: confidence that no FAQ reason applies.
            confidence = 1.0 - max(v for i, v in enumerate(values) if i != other)
        else:
            confidence = values[index[primary]]
        confidence = min(1.0, max(0.0, round(confidence, 4)))
        title, remedy = self.describe(tuple(labels), detail, further)
        coef = getattr(self.linear_model, "set_coef_", None)
        if coef is not None:
            # The probability that the whole label set is right (calibrated on dev).
            confidence = round(calibration.confidence(
                calibration.set_features(labels, values, index, detail, detail_p, shape),
                coef, self.linear_model.set_intercept_, getattr(self.linear_model, "set_edges_", None)), 4)
        needs_review = unsure or calibration.needs_review(
            confidence, self.review_below, labels, detail,
            values[other] if other is not None else 1.0)
        return Prediction(primary, tuple(labels), confidence, title, remedy, needs_review, "ok",
                          detail, (detail, *further) if detail else (), (self.labels, values))

    def classify_normalized(self, norms: list[str]) -> list[Prediction]:
        """Predictions for non-empty normalised texts (``text.normalize``): cached ones from the
        bounded cache, each distinct new one classified once, all new ones in one batch."""
        with self._lock:
            hits = {n: self._cache[n] for n in norms if n in self._cache}
            for n in hits:
                self._cache.move_to_end(n)
        misses = list(dict.fromkeys(n for n in norms if n not in hits))
        for n in [n for n in misses if is_placeholder(n)]:
            hits[n] = self._non_rejection()
        for n in [n for n in misses if n not in hits and not has_words(n)]:
            hits[n] = self.bad_prediction("ok")  # no word to read (12345, 2024-01-01): for a person
        misses = [n for n in misses if n not in hits]
        if misses:
            preds = [pred for start in range(0, len(misses), DECIDE_BLOCK)
                     for pred in self.build_predictions(*self.decide(misses[start:start + DECIDE_BLOCK]))]
            for n, pred in zip(misses, preds, strict=True):
                hits[n] = pred
            with self._lock:
                for n in misses:
                    self._cache[n] = hits[n]
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        return [hits[n] for n in norms]

    def clear_cache(self) -> None:
        """Forget cached predictions (benchmarks use it)."""
        with self._lock:
            self._cache.clear()

    def _non_rejection(self) -> Prediction:
        """The answer for a placeholder cell: not a rejection, nothing to do."""
        title, remedy = self.describe((config.OTHER,), NOT_A_REJECTION)
        return Prediction(config.OTHER, (config.OTHER,), 1.0, title, remedy, False, "ok", NOT_A_REJECTION,
                          (NOT_A_REJECTION,))

    def bad_prediction(self, status: str) -> Prediction:
        """The answer for input that cannot be classified: `other`, needs review, with ``status``
        and no remedy (there is no rejection to act on; the status says what is wrong)."""
        title, _ = self.describe((config.OTHER,))
        return Prediction(config.OTHER, (config.OTHER,), 0.0, title, "", True, status)

    def _status(self, text: Any) -> str | None:
        if is_missing(text):
            return "missing"
        if not isinstance(text, str):
            return f"not text ({type(text).__name__})"
        return None

    def predict_many(self, texts: Iterable[Any]) -> list[Prediction]:
        """Per-item predictions for any items; non-text items get a status instead of raising."""
        items = list(texts)
        out: list[Prediction | None] = [None] * len(items)
        norms: list[str] = []
        where: list[int] = []
        for i, text in enumerate(items):
            bad = self._status(text)
            if bad:
                out[i] = self.bad_prediction(bad)
                continue
            norm = normalize(text)
            if not norm:
                out[i] = self.bad_prediction(input_status(text, empty=True))
                continue
            norms.append(norm)
            where.append(i)
        for i, pred in zip(where, self.classify_normalized(norms) if norms else [], strict=True):
            status = input_status(items[i])
            out[i] = pred if status == "ok" else replace(pred, needs_review=True, status=status)
        return out  # type: ignore[return-value]

    @overload
    def predict(self, texts: str) -> Prediction: ...
    @overload
    def predict(self, texts: Sequence[str]) -> list[Prediction]: ...

    def predict(self, texts):
        """Classify one text (returns a Prediction) or a list of texts (a list, in order)."""
        if isinstance(texts, str):
            return self.predict_many([texts])[0]
        if hasattr(texts, "columns"):  # iterating a DataFrame gives its column names
            raise TypeError(f"predict() takes a str or a list of str, not {type(texts).__name__}: "
                            "pass one column (df[column]) or use classify_frame()")
        if isinstance(texts, (bytes, bytearray, Mapping, AbstractSet)) or not isinstance(texts, Iterable) \
                or getattr(texts, "ndim", None) == 0:
            # (a dict would give its keys, a set its items in no order a caller can match)
            raise TypeError(f"predict() takes a str or a list of str, not {type(texts).__name__}")
        return self.predict_many(texts)

    def explain(self, text: str, label: str | None = None, *, k: int = 5) -> list[tuple[str, float]]:
        """The features (``w:`` jieba words and concept tokens such as ``w:zcsitename``, ``c:``
        character n-grams) that drove ``label``
        (default: the predicted one; none where a rule answered without the model's scores, as
        for a placeholder cell or a text without a word); TypeError for anything but one text,
        ValueError for an unknown label."""
        if not isinstance(text, str):
            raise TypeError(f"explain() takes one text (a str), not {type(text).__name__}")
        if label is None:
            answer = self.predict(text)
            if not answer.scores:
                return []
            label = answer.label
        return self.linear_model.explain(text, label, k=k, normalized=self.read_lines([normalize(text)])[0])


def load_model(path: str | Path | None = None) -> Model:
    """Load and verify a model folder (default: the folder ``ICP_CLASSIFIER_MODEL`` names,
    else the shipped ``model/``)."""
    env = os.environ.get("ICP_CLASSIFIER_MODEL") if path is None else None
    folder = Path(path) if path is not None else config.default_model_dir()
    try:
        try:
            return _load_folder(folder)
        except OSError as exc:  # a file of the folder that cannot be read (permissions, I/O error)
            raise ModelError(f"cannot read {exc.filename or folder}: {exc.strerror or exc}; check the model "
                             "folder's permissions, or restore it") from None
    except ModelError as exc:
        if not env:
            raise
        raise ModelError(f"{exc} (the folder ICP_CLASSIFIER_MODEL={env} names; unset it for the shipped model)") \
            from None


def _load_folder(folder: Path) -> Model:
    linear_model, manifest = load_artifact(folder)
    own = folder / config.MODEL_TAXONOMY
    if not own.is_file():  # the package's copy could hold other titles, remedies and cues
        raise ModelError(f"{folder} has no {config.MODEL_TAXONOMY} (the titles, remedies and cues the model was "
                         "trained with); retrain or restore the model folder")
    try:
        taxonomy = parse_taxonomy(own)
    except TaxonomyError as exc:
        raise ModelError(f"{exc}; retrain or restore the model folder") from None
    try:
        return Model(linear_model, manifest, path=folder, taxonomy=taxonomy)
    except ValueError as exc:  # its labels and its taxonomy disagree
        raise ModelError(f"{folder}: {exc}") from None


_default: Model | None = None
_default_lock = threading.Lock()


def default_model() -> Model:
    """The shipped model, loaded once on first use and shared (thread-safe)."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = load_model()
    return _default


@overload
def predict(texts: str) -> Prediction: ...
@overload
def predict(texts: Sequence[str]) -> list[Prediction]: ...


def predict(texts: str | Iterable[str]) -> Prediction | list[Prediction]:
    """Classify with the shipped model: a str gives one Prediction; a list, tuple or any other
    iterable of texts gives a list, in order (an item that is no text gets a ``status``). A
    bare value that is no text (None, bytes, a number, a dict or a set) raises TypeError."""
    return default_model().predict(texts)
