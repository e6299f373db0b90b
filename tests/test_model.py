import numpy as np

from classifier.model import RejectionModel


def test_fit_predict_conventions(small_corpus):
    texts = [ex.text for ex in small_corpus]
    labels = [ex.labels for ex in small_corpus]
    m = RejectionModel(max_char_features=3000, max_word_features=2000)
    assert m.fit(texts, labels) is m
    proba = m.predict_proba(texts[:5])
    assert proba.shape == (5, len(m.classes_)) and np.all((proba >= 0) & (proba <= 1))
    preds = m.predict(texts[:50])
    assert all(p and set(p) <= set(m.classes_) for p in preds)
    accuracy = np.mean([p[0] == l[0] for p, l in zip(preds, labels[:50])])
    assert accuracy > 0.8


def test_same_data_and_seed_same_predictions(small_corpus):
    texts = [ex.text for ex in small_corpus]
    labels = [ex.labels for ex in small_corpus]
    a = RejectionModel(max_char_features=3000, max_word_features=2000).fit(texts, labels)
    b = RejectionModel(max_char_features=3000, max_word_features=2000).fit(texts, labels)
    probe = ["网站名称含论坛", "手机号外省", "核验单未签字", "随便什么文字"]
    assert np.array_equal(a.predict_proba(probe), b.predict_proba(probe))


def test_fast_features_and_probabilities_equal_sklearn(model):
    """The one-pass features and the stacked-weight product are exactly sklearn's numbers."""
    from classifier.dataset import load_split
    from classifier.text import normalize
    est = model.estimator
    texts = [normalize(ex.text) for ex in load_split("test")[:600]] + ["", "x", "  \n  ", "名"]
    fast, ref = est._features(texts), est._features_sklearn(texts)
    assert fast.shape == ref.shape
    assert abs(fast - ref).max() < 1e-5
    assert np.allclose(est.proba_normalized(texts), est.estimator_.predict_proba(ref), atol=1e-5)
