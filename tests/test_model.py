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
    accuracy = np.mean([pred[0] == gold[0] for pred, gold in zip(preds, labels[:50], strict=True)])
    assert accuracy > 0.8


def test_same_data_and_seed_same_predictions(small_corpus):
    texts = [ex.text for ex in small_corpus]
    labels = [ex.labels for ex in small_corpus]
    a = RejectionModel(max_char_features=3000, max_word_features=2000).fit(texts, labels)
    b = RejectionModel(max_char_features=3000, max_word_features=2000).fit(texts, labels)
    probe = ["网站名称含论坛", "手机号外省", "核验单未签字", "随便什么文字"]
    assert np.array_equal(a.predict_proba(probe), b.predict_proba(probe))


def test_plain_array_model_equals_sklearn(small_corpus):
    """LinearModel's NumPy features and probabilities are exactly scikit-learn's numbers."""
    import scipy.sparse as sp

    from classifier.dataset import load_split
    from classifier.text import normalize
    texts = [ex.text for ex in small_corpus]
    m = RejectionModel(max_char_features=3000, max_word_features=2000).fit(texts, [ex.labels for ex in small_corpus])
    probe = [normalize(ex.text) for ex in load_split("test")[:400]] + ["", "x", "  \n  ", "名", "a  b\n\nc"]
    ref = m.features_sklearn(probe)
    indptr, cols, vals = m.inference_.features(probe)
    fast = sp.csr_matrix((vals, cols, indptr), shape=ref.shape)
    assert abs(fast - ref).max() < 1e-5
    assert np.allclose(m.inference_.proba_normalized(probe), m.estimator_.predict_proba(ref), atol=1e-5)


def test_prediction_path_does_not_import_sklearn():
    import subprocess
    import sys
    code = ("import sys\nfrom classifier import predict\npredict('网站名称含有论坛字样')\n"
            "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
