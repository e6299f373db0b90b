"""The learning part: jieba-word and character TF-IDF features, one-vs-rest logistic regression,
and the thresholds that turn per-category probabilities into a label set (multi-reason, `other`)."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from . import config
from .text import is_boilerplate, normalize, split_clauses, token_string


class RejectionModel(ClassifierMixin, BaseEstimator):
    """Multi-label classifier of rejection messages (scikit-learn estimator conventions).

    ``fit(texts, label_lists)`` learns from raw texts and lists of category IDs.
    ``predict_proba`` gives one independent probability per category (one-vs-rest logistic
    regression, so several categories can be likely at once). ``predict`` applies the stored
    thresholds and returns ordered label lists, primary (first stated) first.
    """

    def __init__(
        self,
        *,
        word_ngram_range: tuple[int, int] = (1, 2),
        char_ngram_range: tuple[int, int] = (1, 3),
        max_word_features: int = 30000,
        max_char_features: int = 40000,
        C: float = 16.0,
        threshold: float = 0.5,
        clause_threshold: float = 0.8,
        random_state: int = config.SEED,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.C = C
        self.threshold = threshold
        self.clause_threshold = clause_threshold
        self.random_state = random_state

    # -- features -----------------------------------------------------------------------
    def _features(self, normalized: Sequence[str]) -> sp.csr_matrix:
        words = self.word_vectorizer_.transform([token_string(t) for t in normalized])
        chars = self.char_vectorizer_.transform(normalized)
        return sp.hstack([words, chars], format="csr")

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]], *, classes: Sequence[str] | None = None):
        """Learn vocabulary and weights from raw texts and their category lists."""
        normalized = [normalize(t) for t in texts]
        self.word_vectorizer_ = TfidfVectorizer(
            token_pattern=r"\S+", lowercase=False, ngram_range=self.word_ngram_range,
            min_df=2, sublinear_tf=True, max_features=self.max_word_features, dtype=np.float32,
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char", lowercase=False, ngram_range=self.char_ngram_range,
            min_df=2, sublinear_tf=True, max_features=self.max_char_features, dtype=np.float32,
        )
        self.word_vectorizer_.fit([token_string(t) for t in normalized])
        self.char_vectorizer_.fit(normalized)
        # Fitted vectorizers keep the pruned terms in ``stop_words_``; they are not needed.
        self.word_vectorizer_.stop_words_ = None
        self.char_vectorizer_.stop_words_ = None
        self.binarizer_ = MultiLabelBinarizer(classes=list(classes) if classes else None)
        y = self.binarizer_.fit_transform([list(ls) for ls in labels])
        self.classes_ = np.array(self.binarizer_.classes_)
        X = self._features(normalized)
        self.estimator_ = OneVsRestClassifier(
            LogisticRegression(C=self.C, solver="liblinear", class_weight="balanced", max_iter=2000,
                               random_state=self.random_state),
        )
        self.estimator_.fit(X, y)
        # Per-category thresholds; tuned later on held-out data (see trainer.tune_thresholds).
        self.thresholds_ = np.full(len(self.classes_), self.threshold, dtype=float)
        self.clause_threshold_ = float(self.clause_threshold)
        self.extra_threshold_ = float(self.threshold)
        return self

    # -- probabilities --------------------------------------------------------------------
    def proba_normalized(self, normalized: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for already normalised texts, shape (n, n_classes)."""
        if not len(normalized):
            return np.zeros((0, len(self.classes_)))
        return self.estimator_.predict_proba(self._features(normalized))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for raw texts (independent, do not sum to 1)."""
        return self.proba_normalized([normalize(t) for t in texts])

    # -- decisions ------------------------------------------------------------------------
    def probas(self, normalized: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray | None], list[list[str]]]:
        """Whole-text probabilities, per-clause ones (texts with several clauses) and the clauses."""
        whole = self.proba_normalized(normalized)
        clauses = [split_clauses(t) for t in normalized]
        flat = [c for cs in clauses if len(cs) > 1 for c in cs]
        clause_proba = self.proba_normalized(flat) if flat else None
        per_text: list[np.ndarray | None] = []
        offset = 0
        for cs in clauses:
            if len(cs) > 1:
                per_text.append(clause_proba[offset: offset + len(cs)])
                offset += len(cs)
            else:
                per_text.append(None)
        return whole, per_text, clauses

    def decide(self, normalized: Sequence[str]) -> list[tuple[list[str], np.ndarray]]:
        """Label sets (primary first) and whole-text probabilities for normalised texts."""
        whole, per_text, clauses = self.probas(normalized)
        return [(self._labels_for(p, cp, cs), p) for p, cp, cs in zip(whole, per_text, clauses)]

    def _labels_for(self, p: np.ndarray, clause_p: np.ndarray | None, clauses: Sequence[str] | None = None) -> list[str]:
        classes = self.classes_
        other_idx = int(np.flatnonzero(classes == config.OTHER)[0]) if config.OTHER in classes else -1
        # The most likely category needs `thresholds_`; every further one the (higher)
        # `extra_threshold_`, since a second reason in one sentence must be clearly stated.
        top = int(np.argmax(p))
        chosen = {top} if p[top] >= self.thresholds_[top] else set()
        extra = getattr(self, "extra_threshold_", None)
        extra_t = self.thresholds_ if extra is None else np.maximum(self.thresholds_, extra)
        chosen.update(np.flatnonzero(p >= extra_t).tolist())
        has_clauses = clause_p is not None and len(clause_p) > 0
        if has_clauses:
            strong = (clause_p >= self.clause_threshold_).copy()
            if other_idx >= 0 and clauses is not None:
                # A header or boilerplate clause (初审驳回：, 您好，存在以下问题) reads as a bare
                # rejection, i.e. `other`; it states no reason of its own.
                strong[:, other_idx] &= np.array([not is_boilerplate(c) for c in clauses])
            chosen.update(np.flatnonzero(strong.any(axis=0)).tolist())
        else:
            strong = None
        faq = {j for j in chosen if j != other_idx}
        if other_idx >= 0 and other_idx in chosen and faq:
            # `other` beside FAQ reasons only when it is clearly stated on its own.
            if p[other_idx] < max(self.thresholds_[other_idx], 0.5) and not (
                strong is not None and strong[:, other_idx].any()
            ):
                chosen.discard(other_idx)
        if not chosen:
            return [config.OTHER] if other_idx >= 0 else [str(classes[int(np.argmax(p))])]

        def position(j: int) -> tuple[float, float]:
            if j == other_idx and len(chosen) > 1:
                return (float("inf"), 0.0)  # headers read as `other`: never let it lead
            if has_clauses:
                hits = np.flatnonzero(clause_p[:, j] >= min(self.thresholds_[j], self.clause_threshold_))
                first = float(hits[0]) if len(hits) else float(np.argmax(clause_p[:, j]))
                return (first, -p[j])
            return (0.0, -p[j])

        return [str(classes[j]) for j in sorted(chosen, key=position)]

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Ordered label lists for raw texts."""
        return [labels for labels, _ in self.decide([normalize(t) for t in texts])]

    # -- explanations ---------------------------------------------------------------------
    def explain(self, text: str, label: str, *, k: int = 5) -> list[tuple[str, float]]:
        """The features that pushed ``text`` towards ``label`` most (feature value x weight)."""
        j = int(np.flatnonzero(self.classes_ == label)[0])
        x = self._features([normalize(text)])
        coef = self.estimator_.estimators_[j].coef_.ravel()
        row = x.getrow(0)
        contrib = row.data * coef[row.indices]
        names = self._feature_names()
        order = np.argsort(-contrib)[:k]
        return [(names[row.indices[i]], float(contrib[i])) for i in order if contrib[i] > 0]

    def _feature_names(self) -> np.ndarray:
        if getattr(self, "_feature_names_cache", None) is None:
            words = [f"w:{t}" for t in self.word_vectorizer_.get_feature_names_out()]
            chars = [f"c:{t}" for t in self.char_vectorizer_.get_feature_names_out()]
            self._feature_names_cache = np.array(words + chars, dtype=object)
        return self._feature_names_cache

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_feature_names_cache", None)
        return state
