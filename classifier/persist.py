"""Saving and loading model folders. The fitted model is plain data: its arrays in
``model.npz`` (read with ``allow_pickle=False``) and everything else in ``model.json``, so loading
a model folder never runs code from it. ``manifest.json`` records the format version, both
files' SHA-256 (which detect a truncated or corrupted file, not tampering: they sit in the same
folder), the label set, the library versions and what shapes the features (package version,
tokenizer backend, user-dictionary hash)."""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import signal
import stat
import tempfile
import warnings
from collections.abc import Callable
from importlib import metadata as _metadata
from pathlib import Path
from typing import Any

import numpy as np

from . import config

#: 2: arrays in model.npz + state in model.json. 1 (a joblib pickle) is no longer loaded.
FORMAT_VERSION = 2


class ModelError(RuntimeError):
    """A model folder is missing, corrupt, tampered with or incompatible."""


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _version(dist: str) -> str:
    try:
        return _metadata.version(dist)
    except _metadata.PackageNotFoundError:
        return "not installed"


def runtime_versions() -> dict[str, str]:
    """Versions that a model records and checks (read from package metadata, no imports)."""
    return {
        "python": platform.python_version(),
        "icp-rejection-classifier": _version("icp-rejection-classifier"),
        "scikit-learn": _version("scikit-learn"),
        "jieba": _version("jieba"),
        "rjieba": _version("rjieba"),
        "zhconv": _version("zhconv"),
        "numpy": _version("numpy"),
    }


def preprocessing() -> dict[str, str]:
    """What shapes the features besides the code: the user dictionary's SHA-256."""
    return {"userdict_sha256": sha256_file(config.USER_DICT)}


def _split_state(state: dict[str, Any]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Numeric arrays for the .npz, everything else (strings, numbers, tuples) for the JSON."""
    arrays, rest = {}, {}
    for key, value in state.items():
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            arrays[key] = value
        elif isinstance(value, np.ndarray):
            rest[key] = {"str_array": [str(v) for v in value.tolist()]}
        elif isinstance(value, (np.floating, np.integer)):
            rest[key] = value.item()
        elif value is None or isinstance(value, (str, int, float, bool, list, tuple)):
            rest[key] = value
        else:
            raise TypeError(f"model state '{key}' of type {type(value).__name__} cannot be saved as data")
    return arrays, rest


def _join_state(arrays: dict[str, np.ndarray], rest: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = dict(arrays)
    for key, value in rest.items():
        if isinstance(value, dict) and set(value) == {"str_array"}:
            state[key] = np.array(value["str_array"])
        elif isinstance(value, list):
            state[key] = tuple(value)
        else:
            state[key] = value
    return state


def save_model(model: Any, folder: str | Path, *, metadata: dict[str, Any] | None = None,
               extras: Callable[[Path, dict[str, Any]], None] | None = None) -> Path:
    """Write ``model.npz``, ``model.json`` and ``manifest.json`` (and what
    ``extras(tmp_folder, manifest)`` adds: report, model card, taxonomy) into ``folder``.

    Everything is written in a temporary sibling folder first, which then takes the place of
    the previous folder whole (the old one is moved aside, the new one moved in, with Ctrl-C and
    termination held off between the two renames), so a failed or interrupted save leaves the
    previous model as it was. The new folder gets the previous one's permissions, or those a
    new folder gets (the umask), not the private ones of a temporary folder.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    real = Path(os.path.realpath(folder))  # a link to a model folder: the folder it names is replaced
    tmp = Path(tempfile.mkdtemp(prefix=f".{real.name}.tmp-", dir=real.parent))
    try:
        os.chmod(tmp, stat.S_IMODE(real.stat().st_mode) if real.is_dir() else _new_folder_mode(tmp))
        artifact, state_file = tmp / config.MODEL_ARTIFACT, tmp / config.MODEL_STATE
        arrays, rest = _split_state(model.__getstate__())
        np.savez_compressed(artifact, **arrays)
        state_file.write_text(json.dumps(rest, ensure_ascii=False) + "\n", encoding="utf-8")
        manifest = {
            "format_version": FORMAT_VERSION,
            "artifact": config.MODEL_ARTIFACT,
            "sha256": sha256_file(artifact),
            "state": config.MODEL_STATE,
            "state_sha256": sha256_file(state_file),
            "labels": [str(c) for c in model.classes_],
            "versions": runtime_versions(),
            "preprocessing": {**preprocessing(), "tokenizer": config.tokenizer_backend()},
            "created": _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat(),
            **(metadata or {}),
        }
        (tmp / config.MODEL_MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n",
                                                 encoding="utf-8")
        if extras is not None:
            extras(tmp, manifest)
        if not real.exists():
            os.replace(tmp, real)
            return folder
        aside = Path(tempfile.mkdtemp(prefix=f".{real.name}.old-", dir=real.parent))
        old = aside / real.name
        try:
            with _signals_held():
                os.replace(real, old)
                try:
                    os.replace(tmp, real)
                except BaseException:
                    os.replace(old, real)  # the previous model back where it was
                    raise
        finally:
            shutil.rmtree(aside, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def _new_folder_mode(beside: Path) -> int:
    """The permissions a new folder gets here (the process's umask applied), read off a probe
    folder rather than by changing the umask, which other threads share."""
    probe = beside / ".mode-probe"
    probe.mkdir()
    try:
        return stat.S_IMODE(probe.stat().st_mode)
    finally:
        probe.rmdir()


@contextlib.contextmanager
def _signals_held():
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done (they are delivered after it),
    where the platform and thread allow it."""
    wanted = {getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    except (AttributeError, ValueError, OSError):
        previous = None
    try:
        yield
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def read_manifest(folder: str | Path) -> dict[str, Any]:
    """The manifest of a model folder, or a ModelError saying what is wrong."""
    path = Path(folder) / config.MODEL_MANIFEST
    if not path.exists():
        raise ModelError(f"no {config.MODEL_MANIFEST} in {folder}: not a model folder, or it is incomplete; "
                         "retrain with `python -m classifier train` or restore the shipped model/ folder")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} cannot be read ({exc}); retrain or restore the shipped model") from exc
    if not isinstance(manifest, dict) or "sha256" not in manifest:
        raise ModelError(f"{path} is not a model manifest; retrain or restore the shipped model")
    validate_manifest(manifest, path)
    return manifest


def validate_manifest(manifest: dict[str, Any], path: str | Path) -> None:
    """Check the manifest's fields and their types; ModelError names the first bad one."""
    def bad(field: str, why: str) -> ModelError:
        return ModelError(f"{path}: '{field}' {why}; retrain or restore the shipped model")

    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise bad("format_version", "is missing or not a whole number")
    if version == 1:
        raise ModelError(f"{path}: this model was saved as a pickle (format 1), which this version no longer loads "
                         "because loading a pickle can run code; retrain it with `python -m classifier train`")
    if version != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {version} is not the format {FORMAT_VERSION} this version of the "
                         "classifier reads; install the version that wrote it, or retrain")
    digest = manifest.get("sha256")
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise bad("sha256", "is not a SHA-256 hex digest")
    for field in ("artifact", "state"):
        name = manifest.get(field)
        if not isinstance(name, str) or not name or Path(name).name != name or name in (".", ".."):
            raise bad(field, "must be a plain file name inside the model folder")
    digest = manifest.get("state_sha256")
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise bad("state_sha256", "is not a SHA-256 hex digest")
    labels = manifest.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(label, str) for label in labels):
        raise bad("labels", "must be a list of category IDs")
    versions = manifest.get("versions")
    if not isinstance(versions, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                 for k, v in versions.items()):
        raise bad("versions", "must map library names to version strings")


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def check_versions(manifest: dict[str, Any]) -> None:
    """Fail clearly when the model was trained with another jieba minor version (tokens would
    differ); warn when the package or the user dictionary differs from the running one."""
    trained = manifest.get("versions", {})
    now = runtime_versions()
    for lib in ("jieba",):
        if lib in trained and _minor(trained[lib]) != _minor(now[lib]):
            raise ModelError(
                f"the model was trained with {lib} {trained[lib]} but {now[lib]} is installed; "
                f"install {lib}=={trained[lib]} or retrain with `python -m classifier train`"
            )
    pre = manifest.get("preprocessing", {})
    if isinstance(pre, dict) and pre.get("userdict_sha256") not in (None, preprocessing()["userdict_sha256"]):
        warnings.warn("the model was trained with another user dictionary than this version of the classifier "
                      "ships; its answers may differ from its report: retrain it", UserWarning, stacklevel=3)


def _checked(folder: Path, name: str, digest: str) -> Path:
    path = folder / name
    if not path.is_file():
        raise ModelError(f"model file missing: {path}; retrain or restore the shipped model")
    actual = sha256_file(path)
    if actual != digest:
        raise ModelError(
            f"{name} does not match its manifest (SHA-256 {actual[:12]}… != {digest[:12]}…): "
            "the file is truncated, corrupt or not the one the manifest describes; retrain or restore the shipped model"
        )
    return path


def load_artifact(folder: str | Path) -> tuple[Any, dict[str, Any]]:
    """Verify and load a model folder (no code from the folder runs). Returns (model, manifest)."""
    from .inference import LinearModel

    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError(f"{folder} is a file, not a model folder" if folder.exists()
                         else f"model folder not found: {folder}")
    manifest = read_manifest(folder)
    artifact = _checked(folder, manifest["artifact"], manifest["sha256"])
    state_file = _checked(folder, manifest["state"], manifest["state_sha256"])
    check_versions(manifest)
    try:
        with np.load(artifact, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        rest = json.loads(state_file.read_text(encoding="utf-8"))
        model = LinearModel.__new__(LinearModel)
        model.__setstate__(_join_state(arrays, rest))
        labels = [str(c) for c in model.classes_]
    except Exception as exc:  # object arrays (pickles), damaged data, missing fields
        raise ModelError(f"cannot load {folder}: {type(exc).__name__}: {exc}; "
                         "retrain or restore the shipped model") from exc
    if labels != manifest.get("labels"):
        raise ModelError(f"{artifact.name} has labels {labels}, its manifest {manifest.get('labels')}; retrain")
    return model, manifest
