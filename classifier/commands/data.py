"""``data``: rebuild data/processed from data/raw (deterministic)."""
from __future__ import annotations

import argparse

from .. import config
from ..dataset import DataError, build_processed
from ._common import error


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("data", help="rebuild data/processed from data/raw")
    p.add_argument("--seed", type=int, default=config.SEED,
                   help=f"seed of the splits, noisy copies and joined messages (default {config.SEED})")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    if not config.RAW_MESSAGES_DIR.is_dir():
        error(f"no raw data at {config.RAW_MESSAGES_DIR}: `data` rebuilds a checkout's data/processed; "
              "to train on your own files use `train --data FOLDER`")
        return 2
    try:
        counts = build_processed(seed=args.seed)
    except DataError as exc:
        error(str(exc))
        return 1
    for name, n in counts.items():
        print(f"{name:6s} {n:6d} rows -> {config.PROCESSED_DIR.name}/{name}.csv")
    return 0
