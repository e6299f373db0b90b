import json

from classifier.cli import run
from classifier.persist import sha256_file


def test_train_gate_refuses_worse_model_and_keeps_old(tmp_path, small_model_dir, small_corpus, capsys):
    import shutil
    dst = tmp_path / "m"
    shutil.copytree(small_model_dir, dst)
    manifest = json.loads((dst / "manifest.json").read_text(encoding="utf-8"))
    manifest["metrics"]["test"]["macro_f1"] = 1.5  # pretend the current model is unbeatable
    (dst / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    before = sha256_file(dst / "model.joblib")
    raw = tmp_path / "raw"
    raw.mkdir()
    with open(raw / "d.tsv", "w", encoding="utf-8") as fh:
        fh.write("family\tlabels\ttext\n")
        for i, ex in enumerate(small_corpus):
            fh.write(f"{ex.family.replace('/', '.')}\t{';'.join(ex.labels)}\t{ex.text.replace(chr(10), ' ')}\n")
    assert run(["train", "--data", str(raw), "--out", str(dst)]) == 1
    assert "kept" in capsys.readouterr().err
    assert sha256_file(dst / "model.joblib") == before
