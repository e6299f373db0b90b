from classifier.evaluate import format_report, score

LABELS = ["a", "b", "other"]


def test_perfect_and_partial_scores():
    m = score([["a"], ["b", "a"], ["other"]], [["a"], ["b", "a"], ["other"]], LABELS)
    assert m["macro_f1"] == 1.0 and m["exact_match"] == 1.0 and m["primary_accuracy"] == 1.0
    m = score([["a"], ["b", "a"], ["other"]], [["a"], ["b"], ["a"]], LABELS)
    assert m["exact_match"] == round(1 / 3, 4)
    assert m["per_label"]["other"]["recall"] == 0.0
    assert m["confusion"]["matrix"][2][0] == 1  # gold other predicted a
    assert "macro-F1" in format_report(m)
