import json
import shutil

import pytest

from classifier import ModelError, load_model
from classifier.persist import read_manifest, sha256_file


@pytest.fixture()
def model_copy(tmp_path, small_model_dir):
    dst = tmp_path / "m"
    shutil.copytree(small_model_dir, dst)
    return dst


def test_manifest_describes_the_model(small_model_dir):
    m = read_manifest(small_model_dir)
    assert m["sha256"] == sha256_file(small_model_dir / "model.npz")
    assert {"python", "scikit-learn", "jieba"} <= set(m["versions"])
    assert m["labels"][-1] == "other" and "metrics" in m and "data_sha256" in m["training"]


def test_shipped_manifest_matches_artifact():
    from classifier import config
    m = read_manifest(config.default_model_dir())
    assert m["sha256"] == sha256_file(config.default_model_dir() / "model.npz")
    # The manifest's figure is what the shipped model scores on the test split, recomputed here.
    from classifier import load_model as load
    from classifier.dataset import load_split
    from classifier.evaluate import score
    examples = load_split("test")
    preds = load(config.default_model_dir()).predict([ex.text for ex in examples])
    recomputed = score([ex.labels for ex in examples], [list(p.labels) for p in preds], m["labels"])["macro_f1"]
    assert abs(m["metrics"]["test"]["macro_f1"] - recomputed) < 1e-4 and recomputed > 0.9


def test_loads(model_copy):
    assert load_model(model_copy).predict("网站名称含有论坛").label in load_model(model_copy).labels


def test_truncated_artifact(model_copy):
    data = (model_copy / "model.npz").read_bytes()
    (model_copy / "model.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="truncated, corrupt"):
        load_model(model_copy)


def test_flipped_byte(model_copy):
    data = bytearray((model_copy / "model.npz").read_bytes())
    data[len(data) // 3] ^= 0xFF
    (model_copy / "model.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256"):
        load_model(model_copy)


def test_missing_manifest(model_copy):
    (model_copy / "manifest.json").unlink()
    with pytest.raises(ModelError, match="retrain"):
        load_model(model_copy)


def test_manifest_of_another_model(model_copy):
    from classifier import config
    shutil.copy(config.default_model_dir() / "manifest.json", model_copy / "manifest.json")
    with pytest.raises(ModelError, match="does not match"):
        load_model(model_copy)


def test_version_mismatch(model_copy):
    """Another jieba minor version segments differently: refused. scikit-learn is not needed
    to load or predict, so its version does not matter."""
    path = model_copy / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m["versions"]["scikit-learn"] = "0.1.0"
    path.write_text(json.dumps(m), encoding="utf-8")
    assert load_model(model_copy).predict("网站名称含论坛").label == "website_name_invalid"
    m["versions"]["jieba"] = "0.1.0"
    path.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(ModelError, match="jieba 0.1.0"):
        load_model(model_copy)


def test_another_user_dictionary_is_warned_about(model_copy):
    path = model_copy / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m["preprocessing"]["userdict_sha256"] = "0" * 64
    path.write_text(json.dumps(m), encoding="utf-8")
    with pytest.warns(UserWarning, match="user dictionary"):
        load_model(model_copy)


def test_missing_folder(tmp_path):
    with pytest.raises(ModelError, match="not found"):
        load_model(tmp_path / "nope")


@pytest.mark.parametrize("field, value, message", [
    ("sha256", 5, "sha256"),
    ("artifact", None, "artifact"),
    ("artifact", "../elsewhere/model.npz", "artifact"),
    ("artifact", "/tmp/model.npz", "artifact"),
    ("versions", {"numpy": 2}, "versions"),
    ("format_version", 99, "format 99"),
    ("format_version", "1", "format_version"),
    ("labels", "other", "labels"),
])
def test_malformed_manifest_values_are_model_errors(model_copy, field, value, message):
    path = model_copy / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m[field] = value
    path.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        load_model(model_copy)


def test_manifest_without_versions_is_refused(model_copy):
    path = model_copy / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    del m["versions"]
    path.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(ModelError, match="versions"):
        load_model(model_copy)


def test_a_model_folder_carries_its_taxonomy(model_copy):
    """load_model needs nothing outside the folder: the taxonomy it was trained with is inside."""
    from classifier import config
    assert (model_copy / config.MODEL_TAXONOMY).is_file()
    text = (model_copy / config.MODEL_TAXONOMY).read_text(encoding="utf-8")
    renamed = text.replace('title = "网站名称不合格"', 'title = "网站名称不合格（本模型）"')
    (model_copy / config.MODEL_TAXONOMY).write_text(renamed, encoding="utf-8")
    assert load_model(model_copy).predict("网站名称含有论坛字样").title == "网站名称不合格（本模型）"
    (model_copy / config.MODEL_TAXONOMY).unlink()  # not replaced by the package's own, silently
    with pytest.raises(ModelError, match="has no taxonomy.toml"):
        load_model(model_copy)


def test_default_model_is_read_from_the_environment_when_used(tmp_path, monkeypatch):
    from classifier import config
    monkeypatch.setenv("ICP_CLASSIFIER_MODEL", str(tmp_path))
    assert config.default_model_dir() == tmp_path
    monkeypatch.delenv("ICP_CLASSIFIER_MODEL")
    assert config.default_model_dir() == config.SHIPPED_MODEL_DIR


def test_a_model_folder_with_a_pickle_payload_runs_no_code(model_copy, tmp_path):
    """A crafted model.npz holding a pickled object array, with hashes that match, is refused
    before anything is unpickled."""
    import numpy as np

    from classifier.persist import sha256_file

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    np.savez(model_copy / "model.npz", coef_=np.array([Payload()], dtype=object))
    path = model_copy / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m["sha256"] = sha256_file(model_copy / "model.npz")
    path.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(ModelError, match="cannot load"):
        load_model(model_copy)
    assert not marker.exists()


def test_pickled_format_1_models_are_refused_with_a_reason(model_copy):
    path = model_copy / "manifest.json"
    m = json.loads(path.read_text(encoding="utf-8"))
    m["format_version"] = 1
    path.write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(ModelError, match="pickle"):
        load_model(model_copy)


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_save_that_fails_at_any_rename_leaves_the_previous_model_whole(model_copy, monkeypatch):
    """A save over a model folder replaces it whole: interrupted at the last step (the new folder
    moved in), the previous folder is put back, loadable, byte for byte; done, the new one
    keeps the previous folder's permissions."""
    import os

    from classifier.persist import save_model
    model = load_model(model_copy)
    os.chmod(model_copy, 0o755)
    before = _files(model_copy)
    real_replace = os.replace
    calls = []

    def interrupted(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the new folder moving in
            raise KeyboardInterrupt
        return real_replace(src, dst)
    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        save_model(model.linear_model, model_copy)
    monkeypatch.setattr(os, "replace", real_replace)
    assert _files(model_copy) == before and load_model(model_copy).labels
    assert [p.name for p in model_copy.parent.iterdir() if p.name.startswith(".")] == []  # nothing left beside it
    save_model(model.linear_model, model_copy,
               extras=lambda tmp, manifest: (tmp / "taxonomy.toml").write_bytes(before["taxonomy.toml"]))
    assert oct(model_copy.stat().st_mode & 0o777) == "0o755" and load_model(model_copy).labels


def test_a_taxonomy_without_one_of_the_models_labels_is_a_model_error(model_copy):
    """Every bad-folder case is a ModelError a caller can catch, also labels the folder's
    taxonomy lacks."""
    tax = model_copy / "taxonomy.toml"
    text = tax.read_text(encoding="utf-8")
    start = text.index('[[category]]\nid = "mobile_reused"')
    end = text.index("[[category]]", start + 1)
    tax.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ModelError, match="mobile_reused"):
        load_model(model_copy)


def test_an_unreadable_model_file_is_a_model_error(model_copy, monkeypatch):
    """A file the user may not read (root reads everything, so the refusal is simulated)."""
    from classifier import persist

    def refuse(path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(persist, "sha256_file", refuse)
    with pytest.raises(ModelError, match="cannot read .*model.*: Permission denied; check the model folder's perm"):
        load_model(model_copy)
