"""``train``: retrain the model from data/ (plus extra labelled files) with a quality gate."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import config
from ..dataset import DataError, build_splits, validate_examples, load_split, read_labelled, read_raw_dir, wild_names
from ..io import InputError
from ..persist import ModelError, read_manifest
from ._common import error

#: The new model may be at most this much worse (test macro-F1) than the one it replaces.
GATE = 0.01


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("train", help="train the model and write it with its manifest",
                              description="Train on data/processed (or --data), tune thresholds on dev, evaluate on test.")
    p.add_argument("--data", help="folder of raw TSV files to split and train on (default: data/processed splits)")
    p.add_argument("--extra", nargs="*", default=[], help="extra labelled files added to training (e.g. a filled-in --review-out file)")
    p.add_argument("--out", default=str(config.DEFAULT_MODEL_DIR), help="model folder to write (default: the shipped model/)")
    p.add_argument("--seed", type=int, default=config.SEED)
    p.add_argument("--force", action="store_true", help="replace the model even if it scores worse than the current one")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from ..trainer import save, train  # scikit-learn: imported only for this command

    try:
        if args.data:
            splits = build_splits(read_raw_dir(args.data), seed=args.seed)
        else:
            splits = {s: load_split(s) for s in ("train", "dev", "test")}
        extra = [ex for path in args.extra for ex in read_labelled(path)]
    except (DataError, InputError, OSError) as exc:
        error(str(exc))
        return 2
    if extra:
        print(f"adding {len(extra)} extra labelled rows from {len(args.extra)} file(s)")
    try:
        warnings_ = validate_examples(splits["train"] + extra)
    except DataError as exc:
        error(str(exc))
        return 2
    for w in warnings_:
        print(f"warning: {w}", file=sys.stderr)
    eval_sets = {"test": splits["test"]}
    if not args.data:
        eval_sets.update({w: load_split(w) for w in wild_names()})
    model, metrics = train(train_examples=splits["train"] + extra, dev_examples=splits["dev"],
                           eval_sets=eval_sets, out=None, seed=args.seed)
    out = Path(args.out)
    new_f1 = metrics["test"]["macro_f1"]
    try:
        old_f1 = read_manifest(out)["metrics"]["test"]["macro_f1"] if out.exists() else None
    except (ModelError, KeyError, TypeError):
        old_f1 = None
    if old_f1 is not None and new_f1 < old_f1 - GATE and not args.force:
        error(f"the new model's test macro-F1 {new_f1:.4f} is more than {GATE} below the current model's "
              f"{old_f1:.4f}; the current model is kept (use --force to replace it)")
        return 1
    save(model, out, train_examples=splits["train"] + extra, dev_examples=splits["dev"], metrics=metrics,
         seed=args.seed, warnings=len(warnings_))
    print(f"saved model to {out} (test macro-F1 {new_f1:.4f}" + (f", previous {old_f1:.4f})" if old_f1 is not None else ")"))
    return 0
