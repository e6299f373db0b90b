"""Helpers shared by the subcommands."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..persist import ModelError
from ..prediction import Model, load_model


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def open_model(path: str | None) -> Model | int:
    """Load the model, or print a one-line error and return the exit status: 2 when the path
    names no folder (a usage error), 1 when the folder's model cannot be loaded."""
    try:
        return load_model(path)
    except (ModelError, ValueError, OSError) as exc:
        env = os.environ.get("ICP_CLASSIFIER_MODEL")
        error(str(exc) + (f" (the folder ICP_CLASSIFIER_MODEL={env} names; unset it for the shipped model)"
                          if path is None and env else ""))
        named = path if path is not None else env
        return 2 if named is not None and not Path(named).is_dir() else 1


def count(minimum: int):
    """An argparse ``type``: a whole number of at least ``minimum`` (``-k 0``, ``--jobs -1`` and
    ``--header-row -2`` are usage errors, not silently read)."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"{n} is below {minimum}")
        return n
    return parse
