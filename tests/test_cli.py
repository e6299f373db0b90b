import json
import subprocess
import sys

from classifier import config
from classifier.cli import run


def test_predict_json(capsys):
    assert run(["predict", "--json", "-k", "3", "网站名称含有论坛字样"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["label"] == "website_name_invalid" and len(d["top"]) == 3


def test_predict_human_output(capsys):
    assert run(["predict", "--explain", "负责人手机号非本省号段"]) == 0
    out = capsys.readouterr().out
    assert "电话号码问题" in out and "处理办法" in out and "依据" in out


def test_batch_exit_codes(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--quiet"]) == 2
    assert "columns are" in capsys.readouterr().err
    assert run(["batch", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert run(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--text-column", "b", "--quiet"]) == 0


def test_bad_model_exit_code(tmp_path, capsys):
    assert run(["predict", "--model", str(tmp_path), "x"]) == 1
    assert "retrain" in capsys.readouterr().err


def test_example_log_runs_as_module(tmp_path):
    out = tmp_path / "o.csv"
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", str(config.EXAMPLES_DIR / "rejections_example.csv"),
                        "-o", str(out), "--summary", str(tmp_path / "s.json")], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "rows read" in r.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["rows"] == 30


def test_evaluate(tmp_path, capsys):
    err = tmp_path / "errors.csv"
    assert run(["evaluate", "--data", str(config.PROCESSED_DIR / "wild.csv"), "--errors", str(err)]) == 0
    assert "macro-F1" in capsys.readouterr().out
    assert err.exists()
