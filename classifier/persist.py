"""Saving and loading model folders: a joblib artifact plus a JSON manifest that records its
SHA-256, the label set and the library versions. Loading verifies all of them *before*
unpickling, because a joblib/pickle file can execute code: only load models you trust."""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import tempfile
from pathlib import Path
from collections.abc import Callable
from typing import Any

from importlib import metadata as _metadata

import joblib

from . import config

FORMAT_VERSION = 1


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
        "scikit-learn": _version("scikit-learn"),
        "jieba": _version("jieba"),
        "numpy": _version("numpy"),
        "joblib": joblib.__version__,
    }


def save_model(model: Any, folder: str | Path, *, metadata: dict[str, Any] | None = None,
               extras: Callable[[Path, dict[str, Any]], None] | None = None) -> Path:
    """Write ``model.joblib`` and ``manifest.json`` (and what ``extras(tmp_folder, manifest)``
    adds: report, model card) into ``folder``.

    Everything is written in a temporary sibling folder first and moved in at the end, the
    manifest last, so a failed or interrupted save leaves the previous model working.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    try:
        artifact = tmp / config.MODEL_ARTIFACT
        joblib.dump(model, artifact, compress=3)
        manifest = {
            "format_version": FORMAT_VERSION,
            "artifact": config.MODEL_ARTIFACT,
            "sha256": sha256_file(artifact),
            "labels": [str(c) for c in model.classes_],
            "versions": runtime_versions(),
            "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
            **(metadata or {}),
        }
        (tmp / config.MODEL_MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if extras is not None:
            extras(tmp, manifest)
        if not folder.exists():
            os.replace(tmp, folder)
            return folder
        # Move the new files in one by one (each rename is atomic); the artifact and then the
        # manifest go last, so a reader never pairs a new manifest with an old artifact.
        last = (config.MODEL_ARTIFACT, config.MODEL_MANIFEST)
        for entry in sorted(tmp.iterdir(), key=lambda p: (p.name in last, last.index(p.name) if p.name in last else 0)):
            target = folder / entry.name
            if entry.is_dir():
                if target.exists():
                    old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.old-", dir=folder.parent))
                    os.replace(target, old / entry.name)
                    shutil.rmtree(old, ignore_errors=True)
                os.replace(entry, target)
            else:
                os.replace(entry, target)
        shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


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
    if version != FORMAT_VERSION:
        raise ModelError(f"{path}: model format {version} is not the format {FORMAT_VERSION} this version of the "
                         "classifier reads; install the version that wrote it, or retrain")
    digest = manifest.get("sha256")
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise bad("sha256", "is not a SHA-256 hex digest")
    artifact = manifest.get("artifact", config.MODEL_ARTIFACT)
    if not isinstance(artifact, str) or not artifact or Path(artifact).name != artifact:
        raise bad("artifact", "must be a plain file name inside the model folder")
    labels = manifest.get("labels")
    if not isinstance(labels, list) or not labels or not all(isinstance(l, str) for l in labels):
        raise bad("labels", "must be a list of category IDs")
    versions = manifest.get("versions")
    if not isinstance(versions, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in versions.items()):
        raise bad("versions", "must map library names to version strings")


def _minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def check_versions(manifest: dict[str, Any]) -> None:
    """Fail clearly when the model was trained with another scikit-learn or jieba minor version."""
    trained = manifest.get("versions", {})
    now = runtime_versions()
    for lib in ("scikit-learn", "jieba"):
        if lib in trained and _minor(trained[lib]) != _minor(now[lib]):
            raise ModelError(
                f"the model was trained with {lib} {trained[lib]} but {now[lib]} is installed; "
                f"install {lib}=={trained[lib]} or retrain with `python -m classifier train`"
            )


def load_artifact(folder: str | Path) -> tuple[Any, dict[str, Any]]:
    """Verify and load a model folder. Returns (model, manifest)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError(f"model folder not found: {folder}")
    manifest = read_manifest(folder)
    artifact = folder / manifest.get("artifact", config.MODEL_ARTIFACT)
    if not artifact.exists():
        raise ModelError(f"model artifact missing: {artifact}; retrain or restore the shipped model")
    digest = sha256_file(artifact)
    if digest != manifest["sha256"]:
        raise ModelError(
            f"{artifact.name} does not match its manifest (SHA-256 {digest[:12]}… != {manifest['sha256'][:12]}…): "
            "the file is truncated, corrupt or not the one the manifest describes; retrain or restore the shipped model"
        )
    check_versions(manifest)
    try:
        model = joblib.load(artifact)
    except Exception as exc:  # corrupt beyond what the hash can tell (should not happen)
        raise ModelError(f"cannot load {artifact}: {exc}; retrain or restore the shipped model") from exc
    labels = [str(c) for c in getattr(model, "classes_", [])]
    if labels != manifest.get("labels"):
        raise ModelError(f"{artifact.name} has labels {labels}, its manifest {manifest.get('labels')}; retrain")
    return model, manifest
