"""The learning part: jieba-word and character TF-IDF features, one-vs-rest logistic regression,
and the thresholds that turn per-category probabilities into a label set (multi-reason, `other`)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import re
from collections import Counter
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from . import config
from .text import is_boilerplate, normalize, split_clauses, token_string


class Evidence(NamedTuple):
    """What the model saw in one text: whole-text probabilities, and per-clause ones where the
    text has several clauses (rows of ``clause_p`` follow ``clauses``)."""

    p: np.ndarray
    clauses: list[str]
    clause_p: np.ndarray | None


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
        """TF-IDF features, exactly as the two fitted TfidfVectorizers compute them (a test
        checks), but built in one pass: sklearn's per-call overhead would dominate the
        latency of single predictions."""
        tables = getattr(self, "_tables", None)
        if tables is None:
            tables = self._tables = self._lookup_tables()
        word_vocab, char_vocab, n_word, idf = tables
        (w_lo, w_hi), (c_lo, c_hi) = self.word_ngram_range, self.char_ngram_range
        n = len(normalized)
        word_terms = [_word_ngrams(token_string(t).split(), w_lo, w_hi) for t in normalized]
        char_terms = [_char_ngrams(_WHITESPACE.sub(" ", t), c_lo, c_hi) for t in normalized]
        rows, cols = [], []
        for terms, vocab, offset in ((word_terms, word_vocab, 0), (char_terms, char_vocab, n_word)):
            lengths = np.fromiter(map(len, terms), dtype=np.int64, count=n)
            c = np.fromiter(map(vocab.get, chain.from_iterable(terms), repeat(-1)), dtype=np.int64,
                            count=int(lengths.sum()))
            r = np.repeat(np.arange(n), lengths)
            keep = c >= 0
            rows.append(r[keep])
            cols.append(c[keep] + offset)
        r, c = np.concatenate(rows), np.concatenate(cols)
        m = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, len(idf)))
        m.sum_duplicates()
        # sublinear TF x IDF, then L2 norm per row, separately for the word and the char block
        np.log(m.data, out=m.data)
        m.data += 1.0
        m.data *= idf[m.indices]
        key = np.repeat(np.arange(n), np.diff(m.indptr)) * 2 + (m.indices >= n_word)
        norms = np.sqrt(np.bincount(key, weights=m.data * m.data, minlength=2 * n))
        m.data /= norms[key]
        return m

    def _features_sklearn(self, normalized: Sequence[str]) -> sp.csr_matrix:
        """The same features through sklearn's transform (the reference for tests)."""
        words = self.word_vectorizer_.transform([token_string(t) for t in normalized])
        chars = self.char_vectorizer_.transform(normalized)
        return sp.hstack([words, chars], format="csr")

    def _lookup_tables(self):
        word_vocab = dict(self.word_vectorizer_.vocabulary_)
        char_vocab = dict(self.char_vectorizer_.vocabulary_)
        idf = np.concatenate([self.word_vectorizer_.idf_, self.char_vectorizer_.idf_]).astype(np.float64)
        return word_vocab, char_vocab, len(word_vocab), idf

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]], *, classes: Sequence[str] | None = None):
        """Learn vocabulary and weights from raw texts and their category lists."""
        normalized = [normalize(t) for t in texts]
        self._tables = None
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
        self.coef_ = np.ascontiguousarray(np.vstack([e.coef_.ravel() for e in self.estimator_.estimators_]).T)
        self.intercept_ = np.array([e.intercept_[0] for e in self.estimator_.estimators_])
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
        # One product with the stacked one-vs-rest weights: the same numbers as
        # OneVsRestClassifier.predict_proba (a test checks) at a fraction of its overhead.
        return expit(self._features(normalized) @ self.coef_ + self.intercept_)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for raw texts (independent, do not sum to 1)."""
        return self.proba_normalized([normalize(t) for t in texts])

    # -- decisions ------------------------------------------------------------------------
    def probas(self, normalized: Sequence[str]) -> list[Evidence]:
        """Per text: whole-text probabilities, and per-clause ones where the text has several
        clauses (lines, numbered items, ``驳回原因一/二`` blocks). One feature pass for all."""
        clauses = [split_clauses(t) for t in normalized]
        units: dict[str, int] = {}
        for cs in clauses:
            for u in (cs if len(cs) > 1 else ()):
                units.setdefault(u, len(units))
        proba = self.proba_normalized([*normalized, *units])
        whole, unit_p = proba[: len(normalized)], proba[len(normalized):]
        return [Evidence(p, cs, unit_p[[units[c] for c in cs]] if len(cs) > 1 else None)
                for p, cs in zip(whole, clauses)]

    def decide(self, normalized: Sequence[str]) -> list[tuple[list[str], np.ndarray]]:
        """Label sets (primary first) and whole-text probabilities for normalised texts."""
        return [(self._labels_for(ev), ev.p) for ev in self.probas(normalized)]

    def _strong(self, unit_p: np.ndarray | None, units: Sequence[str], threshold: float, other_idx: int) -> np.ndarray | None:
        if unit_p is None:
            return None
        strong = unit_p >= threshold
        if other_idx >= 0:
            # A header or boilerplate unit (初审驳回：, 您好，存在以下问题) reads as a bare
            # rejection, i.e. `other`; it states no reason of its own.
            strong[:, other_idx] &= np.array([not is_boilerplate(u) for u in units])
        return strong

    def _labels_for(self, ev: Evidence) -> list[str]:
        p = ev.p
        classes = self.classes_
        other_idx = int(np.flatnonzero(classes == config.OTHER)[0]) if config.OTHER in classes else -1
        # The most likely category needs `thresholds_`; every further one the (higher)
        # `extra_threshold_`, since a second reason in one sentence must be clearly stated.
        top = int(np.argmax(p))
        chosen = {top} if p[top] >= self.thresholds_[top] else set()
        extra_t = np.maximum(self.thresholds_, getattr(self, "extra_threshold_", 0.0))
        chosen.update(np.flatnonzero(p >= extra_t).tolist())
        strong = [s for s in (self._strong(ev.clause_p, ev.clauses, self.clause_threshold_, other_idx),) if s is not None]
        for s in strong:
            chosen.update(np.flatnonzero(s.any(axis=0)).tolist())
        faq = {j for j in chosen if j != other_idx}
        if other_idx >= 0 and other_idx in chosen and faq:
            # `other` beside FAQ reasons only when it is clearly stated on its own.
            if p[other_idx] < max(self.thresholds_[other_idx], 0.5) and not any(s[:, other_idx].any() for s in strong):
                chosen.discard(other_idx)
        if not chosen:
            return [config.OTHER] if other_idx >= 0 else [str(classes[int(np.argmax(p))])]
        order_p = ev.clause_p

        def position(j: int) -> tuple[float, float]:
            if j == other_idx and len(chosen) > 1:
                return (float("inf"), 0.0)  # headers read as `other`: never let it lead
            if order_p is not None:
                hits = np.flatnonzero(order_p[:, j] >= min(self.thresholds_[j], 0.5))
                first = float(hits[0]) if len(hits) else float(np.argmax(order_p[:, j]))
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
        state.pop("_tables", None)
        return state


_WHITESPACE = re.compile(r"\s\s+")


def _word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    """sklearn's word n-grams (space-joined)."""
    if hi == 1:
        return tokens
    out = list(tokens) if lo == 1 else []
    n_tok = len(tokens)
    for n in range(max(lo, 2), min(hi, n_tok) + 1):
        out.extend(" ".join(tokens[i: i + n]) for i in range(n_tok - n + 1))
    return out


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """sklearn's character n-grams ("char" analyzer), in the same order."""
    out = list(text) if lo == 1 else []
    for n in range(max(lo, 2), min(hi, len(text)) + 1):
        out.extend(map("".join, zip(*(text[i:] for i in range(n)))))
    return out
