"""Set-level confidence: the probability that a predicted label set is exactly right.

A multi-label answer is acted on as a whole, so the per-label probabilities are summarised in
a few features (the weakest label kept, the strongest left out, how many labels, whether
``other`` was chosen and how sure its detail is) and a small logistic regression, fitted on the
dev split, turns them into one probability. The continuous features enter twice: as they are
and as one-hot quantile bins (``BINNED``), since the chance of a right answer does not fall
evenly with them (a kept label at 0.9 and at 0.99 differ more than one at 0.6 and 0.7).
``needs_review`` is set below a threshold chosen on dev from the risk-coverage table
(``risk_coverage``)."""
from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import config

FEATURES = ("weakest kept", "strongest left out", "one label", "three or more labels", "other kept",
            "other kept, detail probability", "other kept, no detail", "short text", "log length",
            "several clauses", "strongest category left out in a piece")
#: The continuous features (indices into ``FEATURES``) also given as one-hot bins, ``BINS``
#: per feature with edges at the quantiles of the fitting data.
BINNED = (0, 1, 5, 8, 10)
BINS = 5
#: Texts shorter than this (normalised characters) are terse titles: the "short text" feature.
SHORT_TEXT = 12
_EPS = 1e-4


def _logit(p: float) -> float:
    p = min(1.0 - _EPS, max(_EPS, p))
    return math.log(p / (1.0 - p))


def set_features(labels: Sequence[str], values: Sequence[float], index: dict[str, int],
                 detail: str | None, detail_p: float, shape: Sequence[Any]) -> list[float]:
    """The summary features of one answer (``FEATURES``, in order); ``shape`` is the text's
    (characters, clauses, per-category maxima over its pieces or None: ``inference.Shape``):
    terse titles and long multi-clause messages err differently, and a piece that states a
    category the answer leaves out (名称不规范，电话也打不通 answered with one of them) is a
    sign of a missed reason."""
    chosen = {index[label] for label in labels}
    kept = min(values[i] for i in chosen)
    left = max((v for i, v in enumerate(values) if i not in chosen), default=0.0)
    other = config.OTHER in labels
    length, clauses = shape[0], shape[1]
    pieces = shape[2] if len(shape) > 2 else None
    skip = chosen | {index.get(config.OTHER, -1)}
    in_piece = 0.0 if pieces is None else max((float(v) for i, v in enumerate(pieces) if i not in skip), default=0.0)
    return [_logit(kept), _logit(left), float(len(labels) == 1), float(len(labels) >= 3), float(other),
            _logit(detail_p) if other and detail else 0.0, float(other and not detail),
            float(length < SHORT_TEXT), math.log1p(length), float(clauses > 1), _logit(in_piece)]


def is_non_rejection(labels: Sequence[str] | str, detail: str | None) -> bool:
    """Whether an answer says the message is no rejection at all (an approval, a status notice,
    a placeholder): ``other`` alone with the detail ``not_a_rejection``. ``labels`` as IDs or
    as the ``;``-joined cell."""
    return detail == config.NOT_A_REJECTION and (labels == config.OTHER or tuple(labels) == (config.OTHER,))


#: How a batch row is counted (see ``row_kind``).
REJECTION, NON_REJECTION, EMPTY = "rejection", "non_rejection", "empty"


def row_kind(status: str, non_rejection: bool) -> str:
    """How summaries count a batch row: ``NON_REJECTION`` (an answer that is no rejection),
    ``EMPTY`` (its ``status`` says it has no message: an empty or blank cell) or ``REJECTION``.
    Only rejections enter the label, detail and review shares. The one rule the batch summary
    and the HTML report both follow."""
    if non_rejection:
        return NON_REJECTION
    return EMPTY if config.EMPTY_STATUS in status.split(";") else REJECTION


#: ``other`` chosen only because no category reached its threshold (its own probability
#: below this) is an abstention: the text is unlike anything the model knows.
ABSTENTION_BELOW = 0.5


def below(confidence: float, threshold: float) -> bool:
    """Whether a confidence (given to four decimals) is under the review threshold, compared
    at that precision: a threshold of 0.99990000001 must not flag an answer of 0.9999."""
    return confidence < round(threshold, 4)


def needs_review(confidence: float, threshold: float, labels: Sequence[str], detail: str | None,
                 other_p: float) -> bool:
    """The review flag: below the threshold on the set-level confidence, or ``other`` by
    abstention; never for answers that are no rejection (nothing to act on)."""
    if is_non_rejection(labels, detail):
        return False
    return below(confidence, threshold) or (config.OTHER in labels and detail is None and other_p < ABSTENTION_BELOW)


def bin_edges(features: np.ndarray, *, bins: int = BINS) -> np.ndarray:
    """The inner bin edges of each ``BINNED`` feature: its quantiles at 1/bins … (bins-1)/bins
    (rows: features; repeated edges leave a bin empty)."""
    features = np.asarray(features, dtype=np.float64)
    return np.array([np.quantile(features[:, j], np.arange(1, bins) / bins) for j in BINNED]).reshape(len(BINNED), -1)


def expand(features: Sequence[float], edges: Sequence[Sequence[float]]) -> list[float]:
    """The features followed by each ``BINNED`` feature's one-hot bin (``bin_edges``)."""
    out = list(features)
    for j, row in zip(BINNED, edges, strict=True):
        onehot = [0.0] * (len(row) + 1)
        onehot[bisect_right(row, features[j])] = 1.0
        out += onehot
    return out


@dataclass(frozen=True)
class Calibrator:
    """The fitted set-level confidence: logistic coefficients over ``expand``-ed features
    (``edges`` None: over the plain features, as models saved before the bins have it)."""

    coef: np.ndarray
    intercept: float
    edges: np.ndarray | None = None

    def confidence(self, features: Sequence[float]) -> float:
        """The probability that the answer with these ``set_features`` is exactly right."""
        return confidence(features, self.coef, self.intercept, self.edges)


def fit(features: np.ndarray, correct: np.ndarray, *, seed: int = config.SEED, bins: int = BINS) -> Calibrator:
    """The logistic regression from (binned) features to "exactly right" (``bins`` 0: plain)."""
    from sklearn.linear_model import LogisticRegression

    features = np.asarray(features, dtype=np.float64)
    if len(set(correct.tolist())) < 2:  # all right or all wrong: a constant answer
        share = float(np.mean(correct)) if len(correct) else 1.0
        return Calibrator(np.zeros(features.shape[1] if features.ndim == 2 else len(FEATURES)), _logit(share))
    edges = bin_edges(features, bins=bins) if bins > 1 else None
    x = features if edges is None else np.array([expand(f, edges) for f in features.tolist()])
    clf = LogisticRegression(C=1.0, max_iter=5000, random_state=seed).fit(x, correct)
    return Calibrator(clf.coef_.ravel().astype(np.float64), float(clf.intercept_[0]), edges)


def fit_review(dev_features: np.ndarray, dev_correct: np.ndarray,
               held_out: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[Calibrator, float]:
    """(calibrator, review threshold): the set-level confidence fitted on dev's answers and,
    where given, on ``held_out`` (features, exactly right?) answers on real wording by a model
    that had not seen it (dev alone learns the errors of our own wording); the threshold is
    chosen on dev for ``config.REVIEW_TARGET``."""
    if held_out is not None and len(held_out[1]):
        cal = fit(np.vstack([dev_features, held_out[0]]), np.concatenate([dev_correct, held_out[1]]))
    else:
        cal = fit(dev_features, dev_correct)
    conf = np.array([cal.confidence(f) for f in np.asarray(dev_features).tolist()])
    return cal, choose_threshold(conf, dev_correct, target=config.REVIEW_TARGET)


def confidence(features: Sequence[float], coef: np.ndarray, intercept: float,
               edges: Sequence[Sequence[float]] | None = None) -> float:
    """The calibrated probability that the answer is exactly right: over the ``expand``-ed
    features when ``edges`` are given; otherwise over the plain ones (a model calibrated on
    fewer features, saved before the text-shape ones, reads the ones it knows)."""
    if edges is not None:
        x = expand(features, edges.tolist() if isinstance(edges, np.ndarray) else edges)
    else:
        x = features[:len(coef)]
    z = float(np.dot(coef, x)) + intercept
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def risk_coverage(conf: np.ndarray, correct: np.ndarray,
                  thresholds: Sequence[float] = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)
                  ) -> list[dict[str, float]]:
    """Per threshold: the share of answers left unflagged and their exact-set accuracy."""
    rows = []
    for t in thresholds:
        keep = conf >= t
        rows.append({"threshold": t, "unflagged": round(float(keep.mean()), 4) if len(conf) else 0.0,
                     "exact_unflagged": round(float(correct[keep].mean()), 4) if keep.any() else 1.0})
    return rows


def choose_threshold(conf: np.ndarray, correct: np.ndarray, *, target: float) -> float:
    """The lowest threshold at which the unflagged answers reach ``target`` exact-set accuracy
    (the highest coverage that does), searched over the observed confidences."""
    order = np.argsort(-conf)
    hits = np.cumsum(correct[order]) / np.arange(1, len(conf) + 1)
    ok = np.flatnonzero(hits >= target)
    if not len(ok):
        return 1.0
    return float(conf[order][ok[-1]])
