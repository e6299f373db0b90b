"""The learning part: TF-IDF of jieba words (with concept tokens) and of characters, and
one-vs-rest logistic regression, fitted with scikit-learn. Fitting produces a ``LinearModel``
(plain arrays) that predicts without scikit-learn; the thresholds that turn probabilities into
label sets are tuned on it (``trainer.tune_thresholds``)."""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from . import config
from .concepts import ConceptTagger
from .features import word_tokens
from .inference import Evidence, LinearModel
from .taxonomy import load_taxonomy
from .text import normalize

__all__ = ["Evidence", "LinearModel", "RejectionModel"]

#: The non-rejection head is fitted from this many non-rejections in the training data on.
NON_REJECTION_MIN = 20
#: Its regularisation (a smaller C than the categories': chosen on dev, 8 against 32).
NON_REJECTION_C = 8.0


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
        concepts: bool = True,
        C: float = 32.0,
        threshold: float = 0.5,
        clause_threshold: float = 0.8,
        random_state: int = config.SEED,
    ) -> None:
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.max_word_features = max_word_features
        self.max_char_features = max_char_features
        self.concepts = concepts
        self.C = C
        self.threshold = threshold
        self.clause_threshold = clause_threshold
        self.random_state = random_state

    def fit(self, texts: Sequence[str], labels: Sequence[Sequence[str]], *, classes: Sequence[str] | None = None,
            details: Sequence[str | None] | None = None):
        """Learn vocabulary and weights from raw texts and their category lists.

        ``details`` gives the out-of-FAQ reason of each text that is labelled ``other`` (a
        detail ID, "" for none known, None to name it by the taxonomy's cues); a second,
        multinomial model over the same features learns to name it."""
        normalized = [normalize(t) for t in texts]
        self.word_vectorizer_ = TfidfVectorizer(
            token_pattern=r"\S+", lowercase=False, ngram_range=self.word_ngram_range,
            min_df=2, sublinear_tf=True, max_features=self.max_word_features, dtype=np.float32,
        )
        self.char_vectorizer_ = TfidfVectorizer(
            analyzer="char", lowercase=False, ngram_range=self.char_ngram_range,
            min_df=2, sublinear_tf=True, max_features=self.max_char_features, dtype=np.float32,
        )
        self.concept_tagger_ = ConceptTagger() if self.concepts else None
        tokens = [self._word_string(t) for t in normalized]
        X = sp.hstack([self.word_vectorizer_.fit_transform(tokens), self.char_vectorizer_.fit_transform(normalized)],
                      format="csr")
        # Fitted vectorizers keep the pruned terms in ``stop_words_``; they are not needed.
        self.word_vectorizer_.stop_words_ = None
        self.char_vectorizer_.stop_words_ = None
        self.binarizer_ = MultiLabelBinarizer(classes=list(classes) if classes else None)
        y = self.binarizer_.fit_transform([list(ls) for ls in labels])
        self.classes_ = np.array(self.binarizer_.classes_)
        self.estimator_ = OneVsRestClassifier(
            LogisticRegression(C=self.C, solver="liblinear", class_weight="balanced", max_iter=2000,
                               random_state=self.random_state),
        )
        self.estimator_.fit(X, y)
        resolved = self._resolved_details(normalized, labels, details)
        detail_model = self._fit_details(X, resolved)
        coef = np.vstack([e.coef_.ravel() for e in self.estimator_.estimators_]).T
        intercept = np.array([e.intercept_[0] for e in self.estimator_.estimators_])
        head = self._fit_non_rejection(X, resolved)
        if head is not None:  # one more output column: the probability that a text is no rejection
            coef, intercept = np.hstack([coef, head[0]]), np.append(intercept, head[1])
        self.inference_ = LinearModel(
            classes=[str(c) for c in self.classes_],
            word_vocab={k: int(v) for k, v in self.word_vectorizer_.vocabulary_.items()},
            char_vocab={k: int(v) for k, v in self.char_vectorizer_.vocabulary_.items()},
            idf=np.concatenate([self.word_vectorizer_.idf_, self.char_vectorizer_.idf_]),
            coef=coef, intercept=intercept,
            word_ngram_range=self.word_ngram_range, char_ngram_range=self.char_ngram_range,
            threshold=self.threshold, extra_threshold=self.threshold, clause_threshold=self.clause_threshold,
            details=detail_model, concepts=self.concept_tagger_,
        )
        return self

    def _word_string(self, normalized: str) -> str:
        """The word vectorizer's input: the word block's tokens (``features.word_tokens``)."""
        return " ".join(word_tokens(normalized, self.concept_tagger_))

    @staticmethod
    def _resolved_details(normalized: Sequence[str], labels: Sequence[Sequence[str]],
                          details: Sequence[str | None] | None) -> list[str | None]:
        """The detail of each text labelled ``other`` ("" for none known; a text nobody labelled
        is named by the taxonomy's cues), None for the other texts."""
        cues = [(d.id, re.compile(d.cues)) for d in load_taxonomy().details]
        out: list[str | None] = []
        for i, (norm, ls) in enumerate(zip(normalized, labels, strict=True)):
            given = details[i] if details is not None else None
            if config.OTHER in ls and given is None:
                given = next((d for d, pattern in cues if pattern.search(norm)), "")
            out.append(given if config.OTHER in ls else None)
        return out

    def _fit_details(self, X, resolved: Sequence[str | None]):
        """(detail IDs with "" for none, coef, intercept) of a multinomial logistic regression on
        the rows labelled ``other``; None when fewer than two kinds occur."""
        rows = [i for i, d in enumerate(resolved) if d is not None]
        ys = [resolved[i] for i in rows]
        kinds = sorted(set(ys))
        if len(kinds) < 2:
            return None
        clf = LogisticRegression(C=self.C, max_iter=3000, class_weight="balanced", random_state=self.random_state)
        clf.fit(X[rows], ys)
        return ([str(c) for c in clf.classes_], clf.coef_.T, clf.intercept_)

    def _fit_non_rejection(self, X, resolved: Sequence[str | None]):
        """(coef column, intercept) of a logistic regression telling texts that are no rejection
        (approvals, notices, reminders: detail ``not_a_rejection``) from every other text, FAQ
        reasons included; None with fewer than ``NON_REJECTION_MIN`` such texts. More strongly
        regularised than the categories (``NON_REJECTION_C``): broad cues, not single words."""
        y = np.array([d == config.NOT_A_REJECTION for d in resolved])
        if y.sum() < NON_REJECTION_MIN or y.all():
            return None
        clf = LogisticRegression(C=NON_REJECTION_C, solver="liblinear", class_weight="balanced", max_iter=2000,
                                 random_state=self.random_state)
        clf.fit(X, y)
        return clf.coef_.T, float(clf.intercept_[0])

    def features_sklearn(self, normalized: Sequence[str]) -> sp.csr_matrix:
        """The features through scikit-learn's own transform (the reference for tests)."""
        words = self.word_vectorizer_.transform([self._word_string(t) for t in normalized])
        chars = self.char_vectorizer_.transform(normalized)
        return sp.hstack([words, chars], format="csr")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for raw texts (independent, do not sum to 1)."""
        return self.inference_.predict_proba(texts)

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Ordered label lists for raw texts, primary (first stated) first."""
        return self.inference_.predict(texts)
