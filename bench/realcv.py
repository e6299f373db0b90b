"""Cross-validation over the real wording, by source group: a larger and steadier yardstick
for modelling choices than the one `real` test split.

The real strings of groups nobody studied (``config.REAL_STUDIED_SOURCES`` always train) are
dealt, largest group first, into K folds. For each fold a model is trained on the hand-written
training split plus every real string outside the fold (with its noisy copies), tuned on dev
as ``train`` does, and scored on the fold; its set-level confidence is fitted, as ``train``
fits it, on dev and on the other folds' answers (real strings answered by models that had not
seen them). The folds' answers are pooled.

    .venv/bin/python bench/realcv.py [--folds 5] [--only VARIANT ...] [--models DIR]

Prints one row per variant and writes them into bench/realcv.json (other variants kept).

With ``--models DIR`` each fold's fitted model is kept in DIR (joblib files named by variant, fold
and a fingerprint of what it was fitted from: the normalised training texts and labels, the
fitting code, the tokenizer's output) and read back by a later run with the same fingerprint, its
thresholds tuned on dev again: a choice made only at answer time (the decision policy, clause
splitting, the set-level confidence) is then cross-validated in a minute instead of ten. A change
of the data, of normalisation or of the featurizer changes the fingerprint, and the folds are
fitted again. The files are pickles: keep DIR to yourself (outside the repository).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import joblib
import numpy as np
from ablation import hand_examples
from joblib import Parallel, delayed

from classifier import calibration, config
from classifier.dataset import (
    build_splits,
    deal_groups,
    noisy_copies,
    read_real_dir,
    synthesise_multi,
    training_detail,
)
from classifier.evaluate import detail_accuracy, score
from classifier.model import RejectionModel
from classifier.taxonomy import load_taxonomy
from classifier.text import normalize, tokenize
from classifier.trainer import answers, tune_thresholds

HERE = Path(__file__).resolve().parent

VARIANTS: dict[str, dict] = {
    "shipped": {},
    "real x5": dict(copies=5),
    "real x20": dict(copies=20),
    "C=16": dict(params=dict(C=16.0)),
    "C=64": dict(params=dict(C=64.0)),
    "more features": dict(params=dict(max_word_features=60000, max_char_features=80000)),
    "real multi x1": dict(multi=1.0),
    "real multi x3": dict(multi=3.0),
}


def folds(real, k: int) -> list[list]:
    """Real examples of the unstudied groups dealt into ``k`` folds of whole groups
    (``dataset.deal_groups``: the small ones by name, the large ones to balance the folds)."""
    studied = {f"real/{g}" for g in config.REAL_STUDIED_SOURCES}
    fold = deal_groups(Counter(ex.family for ex in real if ex.family not in studied), k)
    return [[ex for ex in real if fold.get(ex.family) == i] for i in range(k)]


def fold_training(spec: dict, hand_splits: dict, real: list, held: list) -> tuple[list, list[str]]:
    """The fold's training examples and their normalised texts: the hand-written training split
    and every real string outside ``held`` (with noisy copies, and for the ``multi`` variants
    messages joined from them)."""
    held_keys = {normalize(ex.text) for ex in held}
    rest = [ex for ex in real if normalize(ex.text) not in held_keys and ex not in held]
    train = list(hand_splits["train"])
    norms = [normalize(ex.text) for ex in train]
    keys = set(norms)
    for ex in rest + noisy_copies(rest, spec.get("copies", config.REAL_COPIES), f"{config.SEED}/real"):
        k = normalize(ex.text)
        if k and k not in keys and k not in held_keys:
            keys.add(k)
            train.append(ex)
            norms.append(k)
    if spec.get("multi"):  # several-reason messages joined from the real strings
        joined = synthesise_multi(rest, int(spec["multi"] * len(rest)), f"{config.SEED}/real", "train")
        train += joined
        norms += [normalize(ex.text) for ex in joined]
    return train, norms


def fit_fold(spec: dict, train: list):
    """The fold's fitted model (``inference.LinearModel``), its thresholds not yet tuned."""
    model = RejectionModel(random_state=config.SEED, **spec.get("params", {}))
    model.fit([ex.text for ex in train], [ex.labels for ex in train], classes=load_taxonomy().ids,
              details=[training_detail(ex) for ex in train])
    return model.inference_


#: What fitting reads besides the normalised texts: the featurizer, the concept words, the
#: estimator and the taxonomy. The decision policy, clause splitting, calibration and
#: prediction code (``policy.py``, ``inference.py``'s methods …) are read when a fold answers,
#: so changing them keeps a kept model valid (a new attribute of the fitted model needs the
#: folder emptied).
_FITTING_CODE = ("concepts.py", "features.py", "model.py", "scorer.py")


def fingerprint(spec: dict, train: list, norms: list[str]) -> str:
    """A short hash of what a fold model is fitted from: the variant, the normalised training
    texts (``norms``) with their labels and details, the code that fits, and how a sample of
    the texts is tokenised (a tokenizer change in ``text.py``)."""
    h = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode())
    for ex, norm in zip(train, norms, strict=True):
        h.update(f"{norm}\t{';'.join(ex.labels)}\t{training_detail(ex)}\n".encode())
    package = Path(config.__file__).resolve().parent
    for name in _FITTING_CODE:
        h.update((package / name).read_bytes())
    h.update(config.TAXONOMY_FILE.read_bytes())
    for norm in norms[:: max(1, len(norms) // 500)]:
        h.update(" ".join(tokenize(norm)).encode())
    return h.hexdigest()[:16]


def run_fold(spec: dict, hand_splits: dict, real: list, held: list, models: Path | None = None,
             name: str = "") -> dict:
    """The fold model's answers on its held-out real strings and its set features on dev: the
    model read from ``models`` where it was kept with the same fingerprint, else fitted (and kept
    there when a folder is given); its thresholds tuned on dev as ``train`` tunes them."""
    train, norms = fold_training(spec, hand_splits, real, held)
    path = None
    if models is not None:
        path = models / f"{name.replace(' ', '_').replace('=', '')}-{fingerprint(spec, train, norms)}.joblib"
    if path is not None and path.exists():
        inference = joblib.load(path)
    else:
        inference = fit_fold(spec, train)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            joblib.dump(inference, path)
    tune_thresholds(inference, hand_splits["dev"], log=lambda *_: None)
    feats, right, decided, details = answers(inference, held)
    dev_feats, dev_right, _, _ = answers(inference, hand_splits["dev"])
    return {"pred": [labels for labels, _ in decided], "detail": [d.name for d in details],
            "feats": feats, "right": right, "dev": (dev_feats, dev_right)}


def review_flags(results: list[dict]) -> None:
    """Each fold's ``keep`` (not flagged), with the set-level confidence fitted as ``train``
    fits it: on dev and on real strings answered by models that had not seen them (here the
    other folds' answers), the threshold chosen on dev."""
    for i, r in enumerate(results):
        others = [o for j, o in enumerate(results) if j != i]
        held_out = (np.vstack([o["feats"] for o in others]), np.concatenate([o["right"] for o in others]))
        cal, threshold = calibration.fit_review(*r["dev"], held_out)
        r["keep"] = [cal.confidence(f) >= threshold for f in r["feats"].tolist()]


def pooled(held_folds: list[list], results: list[dict]) -> dict:
    ids = load_taxonomy().ids
    examples = [ex for f in held_folds for ex in f]
    pred = [p for r in results for p in r["pred"]]
    det = [d for r in results for d in r["detail"]]
    keep = np.array([k for r in results for k in r["keep"]], dtype=bool)
    m = score([ex.labels for ex in examples], pred, ids, texts=[ex.text for ex in examples])
    right = np.array([set(p) == set(ex.labels) for p, ex in zip(pred, examples, strict=True)])
    graded = [i for i, ex in enumerate(examples) if ex.detail and config.OTHER in ex.labels]
    faq = [i for i, ex in enumerate(examples) if ex.labels != [config.OTHER]]
    return {
        "n": len(examples), "groups": len({ex.family for ex in examples}),
        "macro_f1": m["macro_f1"], "exact": m["exact_match"],
        "exact_faq_rows": round(float(right[faq].mean()), 4) if faq else None, "n_faq_rows": len(faq),
        "detail": detail_accuracy([examples[i].detail for i in graded], [det[i] for i in graded])["accuracy"],
        "per_label": {k: v for k, v in m["per_label"].items() if v["support"]},
        "unflagged": round(float(keep.mean()), 4),
        "exact_unflagged": round(float(right[keep].mean()), 4) if keep.any() else None,
        "errors": [{"text": ex.text, "gold": ";".join(ex.labels), "pred": ";".join(p)}
                   for ex, p, r in zip(examples, pred, right, strict=True) if not r],
        "detail_errors": [{"text": examples[i].text, "gold": examples[i].detail, "pred": det[i] or ""}
                          for i in graded if examples[i].detail != (det[i] or "none")],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--only", nargs="*", help="variant names (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--models", type=Path, metavar="DIR",
                    help="keep each fold's model here and reuse it while data and training code are unchanged")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    hand_splits = build_splits(hand_examples())
    real = read_real_dir(config.RAW_REAL_DIR)
    held_folds = folds(real, args.folds)
    names = args.only or list(VARIANTS)
    jobs = [(name, i) for name in names for i in range(args.folds)]
    out = Parallel(n_jobs=args.jobs)(delayed(run_fold)(VARIANTS[name], hand_splits, real, held_folds[i],
                                                       args.models, f"{name}-fold{i}")
                                     for name, i in jobs)
    by_name = [(n, r) for (n, _), r in zip(jobs, out, strict=True)]
    per_fold = {name: [r for n, r in by_name if n == name] for name in names}
    for rs in per_fold.values():
        review_flags(rs)
    results = {name: pooled(held_folds, rs) for name, rs in per_fold.items()}
    print(f"real wording by source group, {args.folds} folds: {results[names[0]]['n']} texts, "
          f"{results[names[0]]['groups']} groups ({time.perf_counter() - t0:.0f} s)")
    print(f"{'variant':24s} {'macro-F1':>8s} {'exact':>6s} {'FAQ rows':>8s} {'detail':>6s} "
          f"{'unflag':>6s} {'ex.unfl':>7s}")
    for name, r in results.items():
        print(f"{name:24s} {r['macro_f1']:8.4f} {r['exact']:6.4f} {r['exact_faq_rows']:8.4f} {r['detail']:6.4f} "
              f"{r['unflagged']:6.4f} {r['exact_unflagged']:7.4f}", flush=True)
    out = HERE / "realcv.json"
    kept = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}  # other variants stay
    kept.update(results)
    out.write_text(json.dumps(kept, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
