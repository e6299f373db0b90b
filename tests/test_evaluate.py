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


def test_a_figure_with_nothing_to_count_is_shown_as_a_dash():
    """A category neither in the gold data nor predicted had printed 0.000 for all three; one
    only predicted has a precision (0) but no recall."""
    m = score([["a"], ["a"]], [["a"], ["b"]], LABELS)
    assert m["per_label"]["b"]["predicted"] == 1 and m["per_label"]["other"]["predicted"] == 0
    rows = {line.split()[0]: line.split()[1:] for line in format_report(m).splitlines()[3:6]}
    assert rows["a"] == ["1.000", "0.500", "0.667", "2"]
    assert rows["b"] == ["0.000", "–", "0.000", "0"] and rows["other"] == ["–", "–", "–", "0"]
