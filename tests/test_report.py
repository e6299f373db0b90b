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
    # a model trained without the real-wording split or a short-text rule names neither
    assert "real" not in metrics and "(see `real`)" not in card and "under 0 characters" not in card


def test_pictures_fall_back_to_ids_without_cjk_font(tmp_path, small_model_dir, monkeypatch):
    from classifier.taxonomy import load_taxonomy
    metrics = json.loads((small_model_dir / "report" / "metrics.json").read_text(encoding="utf-8"))
    monkeypatch.setattr(report, "_cjk_font", lambda: None)
    written = report.write_pictures(tmp_path, metrics, load_taxonomy())
    assert written == ["confusion_matrix.png", "per_label_f1.png"]
    assert all((tmp_path / f).exists() for f in written)


def test_pictures_leave_the_matplotlib_backend_alone(tmp_path, small_model_dir):
    """Training in a notebook must not switch the user's plotting backend."""
    import subprocess
    import sys
    metrics = small_model_dir / "report" / "metrics.json"
    code = ("import json, matplotlib\nmatplotlib.use('pdf')\nfrom pathlib import Path\n"
            "from classifier import report\nfrom classifier.taxonomy import load_taxonomy\n"
            f"m = json.loads(Path({str(metrics)!r}).read_text(encoding='utf-8'))\n"
            f"print(report.write_pictures(Path({str(tmp_path)!r}), m, load_taxonomy()), matplotlib.get_backend())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "['confusion_matrix.png', 'per_label_f1.png'] pdf"


def test_the_card_says_whether_the_real_split_joined_training():
    """A model trained with --no-refit had been described as trained on `real` "see above"."""
    from classifier import config
    from classifier.taxonomy import load_taxonomy
    manifest = read_manifest(config.default_model_dir())
    metrics = json.loads((config.default_model_dir() / "report" / "metrics.json").read_text(encoding="utf-8"))
    shipped = report.model_card(manifest, metrics, load_taxonomy())
    assert "(which then joined this model's training, see above)" in shipped
    manifest["training"].pop("refit")
    kept = report.model_card(manifest, metrics, load_taxonomy())
    assert "held out of this model's training: it was trained with `--no-refit`" in kept and "see above" not in kept


def test_the_card_names_the_gate_files_their_own_scores_and_the_unlearnt_rows():
    from classifier.report import _gate_line
    gate = {"texts": 3361, "new": 0.9658, "current": 0.9658, "margin": 0.01, "forced": True, "failed": "unlearnt",
            "gate_data": {"texts": 32, "new": 0.9, "current": 0.95},
            "files": [{"name": "gate33.csv", "rows": 33, "sha256": "ab" * 32}],
            "unlearnt": {"rows": 1500, "of": 3000}}
    line = _gate_line(gate)
    assert line.startswith("- quality gate: macro-F1 0.9658 against 0.9658 of the model it was compared with, on 3361 "
                           "held-out texts (the gate files' 32 texts: 0.9000 against 0.9500); 1500 of the 3000 extra "
                           "rows are answered otherwise by this model: failed (the extra rows are not learnt), "
                           "written with --force")
    assert "\n- gate file: gate33.csv (33 rows, SHA-256 abababababababab…)" in line
    assert _gate_line({"texts": 10, "new": 0.9, "current": 0.9, "margin": 0.01}).endswith("10 held-out texts: passed")
    assert _gate_line({"texts": 10, "new": 0.8, "current": 0.9, "margin": 0.01, "forced": True}).endswith(
        "failed (macro-F1), written with --force")
