"""TF-IDF rows without scikit-learn: the array path, the dict path, clauses, bounded tables.
(test_model.py checks the rows against scikit-learn's own transform.)"""
import pickle

import scipy.sparse as sp

from classifier import features
from classifier.dataset import load_split
from classifier.text import clause_spans, normalize


def _texts() -> list[str]:
    texts = [ex.text for s in ("dev", "test", "wild") for ex in load_split(s)]
    return [normalize(t) for t in texts] + ["", "x", "初审驳回：", "您好，存在以下问题：1、 2、"]


def _dense(f, texts, clauses=()):
    """The rows as a sparse matrix (dense ones of 70,000 columns would take gigabytes)."""
    indptr, cols, vals = f.features(texts, clauses)
    return sp.csr_matrix((vals, cols, indptr), shape=(len(indptr) - 1, len(f.idf)))


def _close(a, b, atol=1e-8) -> bool:
    return a.shape == b.shape and (abs(a - b).max() if a.nnz or b.nnz else 0) <= atol


def test_clause_rows_equal_the_clauses_on_their_own(model):
    """Clause rows reuse their text's n-grams; they must equal the rows of the clause texts."""
    f = model.linear_model.featurizer
    texts = [t for t in _texts() if len(clause_spans(t)) > 1][:400]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t)]
    both = _dense(f, texts, clauses)
    alone = _dense(f, [texts[i][a:b] for i, a, b in clauses])
    assert _close(both[: len(texts)], _dense(f, texts))
    assert _close(both[len(texts):], alone)


def test_clause_cutting_through_a_word_is_segmented_on_its_own(model):
    """A span that ends inside a jieba word (名称 cut after 名) cannot reuse the text's words."""
    f = model.linear_model.featurizer
    text = "网站名称不规范，负责人手机号非本省"
    clauses = [(0, 0, 3), (0, 3, 7), (0, 8, len(text))]
    both = _dense(f, [text], clauses)
    alone = _dense(f, [text[a:b] for _, a, b in clauses])
    assert _close(both[1:], alone)


def test_python_and_array_feature_paths_agree(model, monkeypatch):
    """A few short texts go through dict look-ups, larger batches through packed arrays: the
    same rows, clause rows included, with 32-bit and 64-bit keys."""
    f = model.linear_model.featurizer
    texts = _texts()[:200]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t) if len(clause_spans(t)) > 1]
    monkeypatch.setattr(features, "_ARRAYS_FROM", -1)
    arrays = _dense(f, texts, clauses)
    monkeypatch.setattr(features, "_INT32_KEYS_UP_TO", 0)  # 64-bit keys, as for huge blocks
    arrays64 = _dense(f, texts, clauses)
    monkeypatch.setattr(features, "_ARRAYS_FROM", 10**12)
    python = _dense(f, texts, clauses)
    assert _close(arrays, python, 1e-12) and _close(arrays, arrays64, 0.0)
    assert python.nnz > 1000


def test_segment_numbers_stay_bounded_and_exact(model, monkeypatch):
    """The remembered segment numbers are cleared past their limit; the numbers stay the same."""
    f = pickle.loads(pickle.dumps(model.linear_model)).featurizer  # fresh lookup tables
    texts = _texts()[:1500]
    expected = _dense(f, texts)
    f = pickle.loads(pickle.dumps(model.linear_model)).featurizer
    monkeypatch.setattr(features._SegmentIds, "limit", 5)
    assert _close(_dense(f, texts), expected, 0.0)
    assert len(f._tables().segment_ids) <= 5


def test_feature_names_follow_the_columns(model):
    f = model.linear_model.featurizer
    names = f.feature_names()
    assert len(names) == len(f.idf)
    word, col = next(iter(f.word_vocab.items()))
    char, ccol = next(iter(f.char_vocab.items()))
    assert names[col] == f"w:{word}" and names[f.n_word + ccol] == f"c:{char}"


def test_a_second_layer_of_spans_may_overlap_the_clauses(model, monkeypatch):
    """Pieces (between commas, 、 …) overlap the clauses: both layers' rows equal the spans on
    their own, through the array path and the dict path."""
    from classifier.text import piece_spans
    f = model.linear_model.featurizer
    texts = [t for t in _texts() if len(clause_spans(t)) > 1 and len(piece_spans(t)) > 2][:300]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t)]
    pieces = [(i, a, b) for i, t in enumerate(texts) for a, b in piece_spans(t)]
    indptr, cols, vals = f.features(texts, clauses, pieces)
    both = sp.csr_matrix((vals, cols, indptr), shape=(len(indptr) - 1, len(f.idf)))
    alone = _dense(f, [texts[i][a:b] for i, a, b in clauses + pieces])
    assert _close(both[: len(texts)], _dense(f, texts))
    assert _close(both[len(texts):], alone)
    monkeypatch.setattr(features, "_ARRAYS_FROM", 10**12)
    indptr, cols, vals = f.features(texts, clauses, pieces)
    assert _close(sp.csr_matrix((vals, cols, indptr), shape=both.shape), both, 1e-12)
