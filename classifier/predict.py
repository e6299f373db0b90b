"""The prediction API: ``predict(text | list)`` and ``load_model(path)``, returning
``Prediction`` objects with labels, confidence, Chinese title and the curated remedy."""
from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, overload

from . import config
from .persist import load_artifact
from .taxonomy import Taxonomy, load_taxonomy
from .text import normalize

#: Below this confidence a prediction is flagged for human review.
REVIEW_BELOW = 0.5


@dataclass(frozen=True)
class Prediction:
    """The classification of one message.

    ``label`` is the primary (first stated) category ID, ``labels`` every category the text
    states (primary first), ``confidence`` the model's probability for the primary label,
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
    scores: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self, *, scores: bool = False) -> dict[str, Any]:
        d = asdict(self)
        d["labels"] = list(self.labels)
        if not scores:
            d.pop("scores")
        return d

    def top(self, k: int) -> list[tuple[str, float]]:
        """The ``k`` highest-scoring categories with their probabilities."""
        return sorted(self.scores.items(), key=lambda kv: -kv[1])[:k]


class Model:
    """A loaded, verified model folder with a thread-safe ``predict``."""

    def __init__(self, estimator: Any, manifest: dict[str, Any], *, taxonomy: Taxonomy | None = None,
                 path: Path | None = None) -> None:
        self.estimator = estimator
        self.manifest = manifest
        self.path = path
        self.taxonomy = taxonomy or load_taxonomy()
        self.labels = tuple(str(c) for c in estimator.classes_)
        missing = [l for l in self.labels if l not in self.taxonomy]
        if missing:
            raise ValueError(f"model labels {missing} are not in the taxonomy; retrain the model")
        self._cached = lru_cache(maxsize=65536)(self._classify_normalized)

    def __repr__(self) -> str:
        return f"Model(path={str(self.path)!r}, labels={len(self.labels)})"

    # -- core -----------------------------------------------------------------------------
    def _build(self, labels: Sequence[str], proba: Any) -> Prediction:
        scores = {l: round(float(p), 4) for l, p in zip(self.labels, proba)}
        primary = labels[0]
        if primary == config.OTHER and scores.get(config.OTHER, 0.0) < max(scores.values()):
            # `other` by abstention: confidence that no FAQ reason applies.
            confidence = 1.0 - max(v for k, v in scores.items() if k != config.OTHER)
        else:
            confidence = scores[primary]
        confidence = min(1.0, max(0.0, round(confidence, 4)))
        cats = [self.taxonomy[l] for l in labels]
        title = "；".join(c.title for c in cats)
        remedy = cats[0].remedy if len(cats) == 1 else "\n\n".join(f"【{c.title}】\n{c.remedy}" for c in cats)
        needs_review = primary == config.OTHER or confidence < REVIEW_BELOW
        return Prediction(primary, tuple(labels), confidence, title, remedy, needs_review, "ok", scores)

    def _classify_normalized(self, normalized: str) -> Prediction:
        (labels, proba), = self.estimator.decide([normalized])
        return self._build(labels, proba)

    def _bad(self, status: str) -> Prediction:
        other = self.taxonomy[config.OTHER]
        return Prediction(config.OTHER, (config.OTHER,), 0.0, other.title, other.remedy, True, status, {})

    def _one(self, text: Any) -> Prediction:
        if text is None or (isinstance(text, float) and math.isnan(text)):
            return self._bad("missing")
        if not isinstance(text, str):
            return self._bad(f"not text ({type(text).__name__})")
        norm = normalize(text)
        if not norm:
            return self._bad("empty")
        pred = self._cached(norm)
        if len(text) > config.MAX_CHARS:
            pred = Prediction(pred.label, pred.labels, pred.confidence, pred.title, pred.remedy, True,
                              f"truncated to {config.MAX_CHARS} characters", pred.scores)
        return pred

    def predict_many(self, texts: Iterable[Any]) -> list[Prediction]:
        """Per-item predictions for any items; non-text items get a status instead of raising."""
        return [self._one(t) for t in texts]

    @overload
    def predict(self, texts: str) -> Prediction: ...
    @overload
    def predict(self, texts: Sequence[str]) -> list[Prediction]: ...

    def predict(self, texts):
        """Classify one text (returns a Prediction) or a list of texts (a list, in order)."""
        if isinstance(texts, str):
            return self._one(texts)
        if isinstance(texts, (bytes, bytearray)) or not isinstance(texts, Iterable):
            raise TypeError(f"predict() takes a str or a list of str, not {type(texts).__name__}")
        return self.predict_many(texts)

    def explain(self, text: str, label: str | None = None, *, k: int = 5) -> list[tuple[str, float]]:
        """The features (``w:`` jieba words, ``c:`` character n-grams) that drove ``label``."""
        label = label or self.predict(text).label
        return self.estimator.explain(text, label, k=k)


def load_model(path: str | Path | None = None) -> Model:
    """Load and verify a model folder (default: the shipped ``model/``)."""
    folder = Path(path) if path is not None else config.DEFAULT_MODEL_DIR
    estimator, manifest = load_artifact(folder)
    return Model(estimator, manifest, path=folder)


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


def predict(texts):
    """Classify with the shipped model: a str gives one Prediction, a list gives a list."""
    return default_model().predict(texts)
