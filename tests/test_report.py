import json

from classifier import report
from classifier.persist import read_manifest


def test_training_writes_report_and_model_card(small_model_dir):
    rep = small_model_dir / "report"
    metrics = json.loads((rep / "metrics.json").read_text(encoding="utf-8"))
    assert "test" in metrics and "confusion" in metrics["test"]
    assert (rep / "confusion_matrix.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (rep / "per_label_f1.png").stat().st_size > 1000
    card = (small_model_dir / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---") and "## Evaluation" in card and "## Limits" in card
    assert read_manifest(small_model_dir)["versions"]["scikit-learn"] in card


def test_pictures_fall_back_to_ids_without_cjk_font(tmp_path, small_model_dir, monkeypatch):
    from classifier.taxonomy import load_taxonomy
    metrics = json.loads((small_model_dir / "report" / "metrics.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(report, "_cjk_font", lambda: None)
    written = report.write_pictures(tmp_path, metrics, load_taxonomy())
    assert written == ["confusion_matrix.png", "per_label_f1.png"]
    assert all((tmp_path / f).exists() for f in written)
