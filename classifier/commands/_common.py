"""Helpers shared by the subcommands."""
from __future__ import annotations

import argparse
import codecs
import os
import sys

from ..persist import ModelError
from ..prediction import Model, load_model


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def open_model(path: str | None) -> Model | int:
    """Load the model, or print a one-line error and return the exit status: 2 when a folder the
    user named (``--model`` or ``ICP_CLASSIFIER_MODEL``) is missing, unreadable or damaged (a
    usage error, as for any input file), 1 when the shipped model cannot be loaded."""
    env = os.environ.get("ICP_CLASSIFIER_MODEL")
    named = path if path is not None else env
    try:
        return load_model(path)
    except (ModelError, ValueError, OSError) as exc:
        message = str(exc)
        if isinstance(exc, OSError) and exc.filename is not None:
            message = f"cannot read the model folder's file {exc.filename}: {exc.strerror or exc}"
        error(message + (f" (the folder ICP_CLASSIFIER_MODEL={env} names; unset it for the shipped model)"
                         if path is None and env and "ICP_CLASSIFIER_MODEL=" not in message else ""))
        return 2 if named is not None else 1


def argv_text(arg: str) -> str:
    """A command-line argument as the text that was typed. Its bytes are what the terminal sent:
    under a UTF-8 locale, an argument with bytes that are not UTF-8 (kept by Python as
    surrogates) is read by ``_not_utf8`` (GB18030 from a Chinese Windows console, or UTF-8 with a
    stray byte); under another locale that is no Chinese one (C, POSIX, Latin-1), the bytes are
    read as UTF-8, else so, not as that locale decoded them."""
    fs = codecs.lookup(sys.getfilesystemencoding()).name
    if os.name == "nt" or fs in ("gb18030", "gbk", "gb2312", "big5", "big5hkscs"):
        return arg
    try:
        raw = os.fsencode(arg)
    except UnicodeEncodeError:
        return arg
    if fs == "utf-8":
        try:
            arg.encode("utf-8")
            return arg
        except UnicodeEncodeError:
            return _not_utf8(raw)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _not_utf8(raw)


def _not_utf8(raw: bytes) -> str:
    """An argument's bytes that are not all UTF-8: where most of its non-ASCII bytes are UTF-8
    characters (a UTF-8 message with a stray byte), UTF-8 whose other runs read as GB18030 and
    what neither reads as U+FFFD, as standard input is read; else GB18030 (a Chinese Windows
    console)."""
    from ..io import decode_utf8_or_gb18030, mostly_utf8
    return decode_utf8_or_gb18030(raw) if mostly_utf8(raw) else raw.decode("gb18030", errors="replace")


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


def confidence(value: str) -> float:
    """An argparse ``type``: a confidence from 0 to 1 (``--review-below 0.9``)."""
    try:
        x = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"{x} is not between 0 and 1")
    return x


def add_review_below(p: argparse.ArgumentParser) -> None:
    """The ``--review-below`` option of the commands that answer texts."""
    p.add_argument("--review-below", type=confidence, default=None, metavar="CONF",
                   help="flag answers whose confidence is below CONF for review (0-1; default: the model's "
                        "threshold, chosen on dev; the model card's risk-coverage table shows what others give)")


def with_review_below(model: Model, args: argparse.Namespace) -> Model:
    """The model with the review threshold the command line gives, if any."""
    return model if args.review_below is None else model.with_review_below(args.review_below)
