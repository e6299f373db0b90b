"""Ablations for real wording: train variants of the training data and model, score each on
the same held-out files (dev for choices; test, the wild sets and `real` for reporting).

    .venv/bin/python bench/ablation.py [--only NAME ...]

Prints one row per variant (macro-F1 / exact-set per split) and writes bench/ablation.json.
Each variant trains in about a minute on 2 cores.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from joblib import Parallel, delayed

from classifier import config
from classifier.dataset import (
    build_splits,
    load_split,
    noisy_copies,
    read_raw_tsv,
    read_real_dir,
    split_real,
    training_detail,
    wild_names,
)
from classifier.evaluate import score
from classifier.model import RejectionModel
from classifier.taxonomy import load_taxonomy
from classifier.text import normalize
from classifier.trainer import tune_thresholds

HERE = Path(__file__).resolve().parent


#: Raw files written in the terse interface style (what the ablation turns on and off).
STYLE_FILES = ("interface.tsv", "fields.tsv")


def hand_examples(*, style: tuple[str, ...] = STYLE_FILES):
    paths = sorted(config.RAW_MESSAGES_DIR.glob("*.tsv"))
    return [ex for p in paths if p.name not in STYLE_FILES or p.name in style for ex in read_raw_tsv(p)]


def real_train_examples(copies: int):
    real = read_real_dir(config.RAW_REAL_DIR)
    train, _ = split_real(real)
    return train + noisy_copies(train, copies, f"{config.SEED}/real")


def variant_data(*, style: tuple[str, ...] = STYLE_FILES, real_copies: int | None = config.REAL_COPIES):
    splits = build_splits(hand_examples(style=style))
    train = list(splits["train"])
    if real_copies is not None:
        keys = {normalize(ex.text) for ex in train}
        for ex in real_train_examples(real_copies):
            k = normalize(ex.text)
            if k and k not in keys:
                keys.add(k)
                train.append(ex)
    return train


VARIANTS = {
    "corpus only": dict(data=dict(style=(), real_copies=None)),
    "+ interface style": dict(data=dict(style=("interface.tsv",), real_copies=None)),
    "+ interface + fields": dict(data=dict(real_copies=None)),
    "+ real (train part)": dict(data=dict(style=(), real_copies=2)),
    "+ interface + real": dict(data=dict(style=("interface.tsv",), real_copies=2)),
    "+ interface + real x5": dict(data=dict(style=("interface.tsv",), real_copies=5)),
    "+ interface + fields + real x5": dict(data=dict(real_copies=5)),
    "+ interface + fields + real x10 (shipped)": dict(data=dict(real_copies=10)),
    "x10, no concept tokens": dict(data=dict(real_copies=10), params=dict(concepts=False)),
    "x10, C=8": dict(data=dict(real_copies=10), params=dict(C=8.0)),
    "x10, C=128": dict(data=dict(real_copies=10), params=dict(C=128.0)),
}


def run(name: str, spec: dict, held_out: dict) -> dict:
    t0 = time.perf_counter()
    train = variant_data(**spec.get("data", {}))
    ids = load_taxonomy().ids
    model = RejectionModel(random_state=config.SEED, **spec.get("params", {}))
    model.fit([ex.text for ex in train], [ex.labels for ex in train], classes=ids,
              details=[training_detail(ex) for ex in train])
    tune_thresholds(model.inference_, held_out["dev"], log=lambda *_: None)
    row = {"n_train": len(train)}
    for split, examples in held_out.items():
        pred = model.inference_.predict([ex.text for ex in examples])
        m = score([ex.labels for ex in examples], pred, ids)
        row[split] = {"macro_f1": m["macro_f1"], "exact": m["exact_match"]}
    row["seconds"] = round(time.perf_counter() - t0, 1)
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="variant names to run (default: all)")
    ap.add_argument("--jobs", type=int, default=2, help="variants trained at once (default 2)")
    args = ap.parse_args(argv)
    held_out = {s: load_split(s) for s in ["dev", "test", *wild_names()]}
    names = args.only or list(VARIANTS)
    # One variant per core (joblib): each fit is single-threaded.
    rows = Parallel(n_jobs=args.jobs)(delayed(run)(name, VARIANTS[name], held_out) for name in names)
    results = dict(zip(names, rows, strict=True))
    print(f"{'variant':26s} " + " ".join(f"{s:>13s}" for s in held_out))
    for name, r in results.items():
        print(f"{name:26s} " + " ".join(f"{r[s]['macro_f1']:.4f}/{r[s]['exact']:.4f}" for s in held_out), flush=True)
    (HERE / "ablation.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
