"""Linear weights on sparse rows: NumPy for a few rows, SciPy for many, the same numbers."""
import numpy as np
import pytest

from classifier import scorer
from classifier.scorer import LinearScorer


def _rows(rng, n, n_features):
    counts = rng.integers(0, 30, size=n)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    cols = np.concatenate([np.sort(rng.choice(n_features, size=c, replace=False)) for c in counts]).astype(np.int32)
    vals = rng.random(len(cols))
    return indptr, cols, vals


@pytest.mark.parametrize("kind", ["ovr", "multinomial"])
def test_small_and_large_products_agree_with_dense_algebra(kind, monkeypatch):
    rng = np.random.default_rng(0)
    coef, intercept = rng.normal(size=(500, 6)), rng.normal(size=6)
    s = LinearScorer(coef, intercept, kind=kind)
    rows = _rows(rng, 120, 500)
    dense = np.zeros((120, 500))
    for i in range(120):
        a, b = rows[0][i], rows[0][i + 1]
        dense[i, rows[1][a:b]] = rows[2][a:b]
    z = dense @ coef.astype(np.float32).astype(np.float64) + intercept
    expected = 1 / (1 + np.exp(-z)) if kind == "ovr" else np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    monkeypatch.setattr(scorer, "_SPARSE_FROM", 10**12)
    small = s.proba(rows)
    monkeypatch.setattr(scorer, "_SPARSE_FROM", 0)
    large = s.proba(rows)
    assert np.allclose(small, expected, atol=1e-6) and np.allclose(large, expected, atol=1e-6)
    if kind == "multinomial":
        assert np.allclose(large.sum(axis=1), 1.0)


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="kind"):
        LinearScorer(np.zeros((2, 2)), np.zeros(2), kind="softmax")
