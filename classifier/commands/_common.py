"""Helpers shared by the subcommands."""
from __future__ import annotations

import sys

from ..persist import ModelError
from ..prediction import Model, load_model


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def open_model(path: str | None) -> Model | None:
    """Load the model or print a one-line error (None)."""
    try:
        return load_model(path)
    except (ModelError, ValueError, OSError) as exc:
        error(str(exc))
        return None
