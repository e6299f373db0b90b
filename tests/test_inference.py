import numpy as np

from classifier import inference
from classifier.dataset import load_split
from classifier.text import normalize


def _texts() -> list[str]:
    texts = [ex.text for s in ("dev", "test", "wild") for ex in load_split(s)]
    return [normalize(t) for t in texts] + ["", "x", "初审驳回：", "您好，存在以下问题：1、 2、"]


def test_batched_decisions_equal_one_text_decisions(model):
    """``decide`` takes most decisions with array operations; they must be exactly those of
    ``labels_for``, the one-text reference, on every kind of text (single, multi, other)."""
    est = model.estimator
    texts = _texts()
    fast = est.decide(texts)
    slow = [est.labels_for(ev) for ev in est.probas(texts)]
    assert [labels for labels, _ in fast] == slow
    assert sum(len(labels) > 1 for labels in slow) > 100  # the multi-label path is exercised


def test_small_and_large_batches_give_the_same_numbers(model, monkeypatch):
    """Few texts use NumPy's product, many use SciPy's sparse product: the same probabilities."""
    est = model.estimator
    texts = _texts()[:300]
    large = est.proba_normalized(texts)
    monkeypatch.setattr(inference, "_SPARSE_FROM", 10**12)
    small = est.proba_normalized(texts)
    assert np.allclose(large, small, atol=1e-9)
    one_by_one = np.vstack([est.proba_normalized([t]) for t in texts[:40]])
    assert np.allclose(one_by_one, large[:40], atol=1e-9)


def test_lookup_tables_are_rebuilt_after_pickling(model):
    import pickle
    est = model.estimator
    texts = _texts()[:50]
    before = est.proba_normalized(texts)
    copy = pickle.loads(pickle.dumps(est))
    assert "_tables_" not in copy.__dict__
    assert np.array_equal(copy.proba_normalized(texts), before)
