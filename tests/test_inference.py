import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

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
    # A few texts at a time take the one-by-one path: the same labels, clause rows in place.
    several = [i for i, labels in enumerate(slow) if len(labels) > 1][:40]
    for start in range(0, len(several), 5):
        group = several[start:start + 5]
        assert [labels for labels, _ in est.decide([texts[i] for i in group])] == [slow[i] for i in group]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_array_decisions_equal_labels_for_on_any_probabilities(model, seed):
    """Probabilities drawn from a few values (ties, values on the thresholds), some texts with
    clause rows, some clauses boilerplate: ``decisions`` agrees with ``labels_for`` on each."""
    est = model.estimator
    saved, inference._ONE_BY_ONE = inference._ONE_BY_ONE, 0  # the array path even for one text
    try:
        _check_array_decisions(est, seed)
    finally:
        inference._ONE_BY_ONE = saved


def _check_array_decisions(est, seed):
    rng = np.random.default_rng(seed)
    n, k = int(rng.integers(1, 12)), len(est.classes_)
    values = np.array([0.0, 0.1, 0.35, 0.5, 0.8, 0.9, 0.95, 1.0, *est.thresholds_.tolist()])
    p = rng.choice(values, size=(n, k))
    counts = np.where(rng.random(n) < 0.5, rng.integers(2, 5, size=n), 0)
    clause_p = rng.choice(values, size=(int(counts.sum()), k))
    texts = rng.choice(["初审驳回：", "网站名称不规范", "核验单未签字", "您好，存在以下问题"], size=len(clause_p)).tolist()
    fast = est.decisions(p, clause_p, counts, texts.__getitem__)
    ends = np.cumsum(counts)
    slow = [est.labels_for(inference.Evidence(p[i], texts[ends[i] - counts[i]: ends[i]],
                                              clause_p[ends[i] - counts[i]: ends[i]] if counts[i] else None))
            for i in range(n)]
    assert fast == slow


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


def test_blocks_of_texts_give_the_numbers_of_one_pass(model, monkeypatch):
    """Large batches go a block of texts at a time; clause rows, in any order, stay in place."""
    import random

    from classifier.text import clause_spans
    est = model.estimator
    texts = _texts()[:500]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t)]
    random.Random(0).shuffle(clauses)
    whole = est._proba(texts, clauses)
    monkeypatch.setattr(inference, "_CHUNK", 7)
    assert np.allclose(est._proba(texts, clauses), whole, atol=1e-12)
    monkeypatch.setattr(inference, "_INT32_KEYS_UP_TO", 0)  # 64-bit keys, as for huge blocks
    assert np.allclose(est._proba(texts, clauses), whole, atol=1e-12)
    assert est._proba(texts[:7], clauses[:0]).shape == (7, len(est.classes_))


def test_segment_numbers_stay_bounded_and_exact(model, monkeypatch):
    """The remembered segment numbers are cleared past their limit; the numbers stay the same."""
    import pickle
    est = pickle.loads(pickle.dumps(model.estimator))  # fresh lookup tables
    texts = _texts()[:1500]
    expected = est.proba_normalized(texts)
    est = pickle.loads(pickle.dumps(model.estimator))
    monkeypatch.setattr(inference._SegmentIds, "limit", 5)
    assert np.array_equal(est.proba_normalized(texts), expected)
    assert len(est._tables().segment_ids) <= 5


def test_lookup_tables_are_rebuilt_after_pickling(model):
    import pickle
    est = model.estimator
    texts = _texts()[:50]
    before = est.proba_normalized(texts)
    copy = pickle.loads(pickle.dumps(est))
    assert "_tables_" not in copy.__dict__ and "_derived_values" not in copy.__dict__
    assert np.array_equal(copy.proba_normalized(texts), before)


def _dense(est, texts, clauses=()):
    import scipy.sparse as sp
    indptr, cols, vals = est.features(texts, clauses)
    return sp.csr_matrix((vals, cols, indptr), shape=(len(indptr) - 1, len(est.idf))).toarray()


def test_clause_rows_equal_the_clauses_on_their_own(model):
    """Clause rows reuse their text's n-grams; they must equal the rows of the clause texts."""
    from classifier.text import clause_spans
    est = model.estimator
    texts = [t for t in _texts() if len(clause_spans(t)) > 1][:400]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t)]
    both = _dense(est, texts, clauses)
    alone = _dense(est, [texts[i][a:b] for i, a, b in clauses])
    assert np.allclose(both[: len(texts)], _dense(est, texts))
    assert np.allclose(both[len(texts):], alone)


def test_clause_cutting_through_a_word_is_segmented_on_its_own(model):
    """A span that ends inside a jieba word (名称 cut after 名) cannot reuse the text's words."""
    est = model.estimator
    text = "网站名称不规范，负责人手机号非本省"
    clauses = [(0, 0, 3), (0, 3, 7), (0, 8, len(text))]
    both = _dense(est, [text], clauses)
    alone = _dense(est, [text[a:b] for _, a, b in clauses])
    assert np.allclose(both[1:], alone)


def test_python_and_array_feature_paths_agree(model, monkeypatch):
    """A few short texts go through dict look-ups, larger batches through packed arrays: the
    same rows, clause rows included."""
    from classifier.text import clause_spans
    est = model.estimator
    texts = _texts()[:200]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t) if len(clause_spans(t)) > 1]
    monkeypatch.setattr(inference, "_ARRAYS_FROM", -1)
    arrays = _dense(est, texts, clauses)
    monkeypatch.setattr(inference, "_ARRAYS_FROM", 10**12)
    python = _dense(est, texts, clauses)
    assert np.allclose(arrays, python, atol=1e-12)
