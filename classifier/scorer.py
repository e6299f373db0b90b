"""Linear weights applied to TF-IDF rows: one-vs-rest probabilities of the categories
(independent sigmoids) or a multinomial distribution over the details of ``other`` (softmax)."""
from __future__ import annotations

import numpy as np

from .features import Rows

#: Non-zero features from which the sparse product goes through SciPy (about 100 texts).
_SPARSE_FROM = 20_000


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + exp(-z)), without overflow warnings


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class LinearScorer:
    """Weights (n_features, n_outputs) and intercepts; ``kind`` is "ovr" (one sigmoid per
    output) or "multinomial" (a softmax over the outputs)."""

    def __init__(self, coef: np.ndarray, intercept: np.ndarray, *, kind: str = "ovr") -> None:
        if kind not in ("ovr", "multinomial"):
            raise ValueError(f"unknown scorer kind {kind!r}")
        self.coef = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept = np.asarray(intercept, dtype=np.float64)
        self.kind = kind

    @property
    def n_outputs(self) -> int:
        return self.coef.shape[1]

    def decision(self, rows: Rows) -> np.ndarray:
        """Rows times the weights plus the intercepts, shape (n_rows, n_outputs)."""
        indptr, cols, vals = rows
        n = len(indptr) - 1
        if len(cols) >= _SPARSE_FROM:
            # Large batches: SciPy's compiled sparse product (imported only here, so that
            # loading the model and classifying a few texts never pays for importing SciPy).
            from scipy.sparse import csr_matrix
            z = csr_matrix((vals, cols, indptr), shape=(n, self.coef.shape[0])) @ self.coef
        else:
            z = np.zeros((n, self.n_outputs))
            for i, (a, b) in enumerate(zip(indptr[:-1].tolist(), indptr[1:].tolist(), strict=True)):
                if b > a:
                    z[i] = vals[a:b] @ self.coef[cols[a:b]]
        return z + self.intercept

    def proba(self, rows: Rows) -> np.ndarray:
        """Probabilities per row: independent sigmoids, or a softmax for "multinomial"."""
        z = self.decision(rows)
        return _sigmoid(z) if self.kind == "ovr" else _softmax(z)

    def contributions(self, rows: Rows, output: int) -> tuple[np.ndarray, np.ndarray]:
        """(columns, feature value x weight) of the first row towards ``output``."""
        indptr, cols, vals = rows
        a, b = int(indptr[0]), int(indptr[1])
        return cols[a:b], vals[a:b] * self.coef[cols[a:b], output]
