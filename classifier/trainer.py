"""Training: fit the model on the train split, tune thresholds on dev, evaluate on test and
wild, and save the model folder with its manifest."""
from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from . import calibration, config
from .dataset import (
    Example,
    fingerprint,
    fingerprint_array,
    load_split,
    training_detail,
    wild_names,
    with_real_wording,
)
from .evaluate import score
from .inference import LinearModel
from .model import RejectionModel
from .persist import save_model
from .taxonomy import load_taxonomy
from .text import normalize


def data_hash(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for ex in examples:
        h.update(ex.text.encode("utf-8") + b"\x1f" + ";".join(ex.labels).encode() + b"\x1e")
    return h.hexdigest()


def tune_thresholds(model: LinearModel, dev: Sequence[Example], *,
                    log: Callable[[str], None] = print) -> dict[str, Any]:
    """Choose the thresholds (top label, further labels, clause) that maximise macro-F1 plus
    exact-set match on the dev split; store them on the model."""
    labels = list(model.classes_)
    gold = [ex.labels for ex in dev]
    evidence = model.probabilities([normalize(ex.text) for ex in dev])
    best: tuple[float, ...] | None = None
    # Ties keep the earlier grid point: a top-label bar under 0.25 (fewer answers left to
    # `other` when no category is likely) must gain on dev to be chosen.
    grid = [(t, et, ct)
            for t in (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.2, 0.15, 0.1)
            for et in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95) if et >= t
            for ct in (0.7, 0.8, 0.9, 0.95, 1.01)]
    for t, et, ct in grid:
        model.thresholds_ = np.full(len(labels), t)
        model.extra_threshold_, model.clause_threshold_ = et, ct
        m = score(gold, model.decide_probabilities(evidence), labels)
        objective = m["macro_f1"] + m["exact_match"]
        if best is None or objective > best[0] + 1e-9:
            best = (objective, t, et, ct)
    _, t, et, ct = best
    model.thresholds_ = np.full(len(labels), t)
    model.extra_threshold_, model.clause_threshold_ = et, ct
    # Then the length under which a one-clause text keeps one label (0: off). Differences worth
    # less than one dev text are noise: the shortest length that close to the best is kept (a
    # longer one takes the second reason from short two-reason texts such as 证件模糊，跨省).
    scored = {}
    for length in (0, 8, 10, 12, 16):
        model.single_label_below_ = length
        m = score(gold, model.decide_probabilities(evidence), labels)
        scored[length] = m["macro_f1"] + m["exact_match"]
    best_score = max(scored.values())
    single = min(length for length, v in scored.items() if v >= best_score - 1.0 / max(1, len(dev)))
    model.single_label_below_ = single
    log(f"  thresholds: top label {t}, further labels {et}, clause {ct}; one label below {single} characters")
    return {"threshold": t, "extra_threshold": et, "clause_threshold": ct, "single_label_below": single}


def answers(inference: LinearModel, examples: Sequence[Example]) -> tuple[np.ndarray, np.ndarray, list, list]:
    """(set features, exactly right?, decisions, details) of the model's answers on ``examples``,
    computed as ``Model`` computes them (decisions, details, features)."""
    from .prediction import Model

    m = Model(inference, {})
    norms = [normalize(ex.text) for ex in examples]
    decided, details, shapes = m.decide(norms)
    feats, right = [], []
    for ex, (labels, probs), (detail, detail_p, *_), shape in zip(examples, decided, details, shapes, strict=True):
        values = [round(float(v), 4) for v in probs]
        feats.append(calibration.set_features(labels, values, m._index, detail, detail_p, shape))
        right.append(set(labels) == set(ex.labels))
    return np.array(feats), np.array(right), decided, details


def evaluate_set(inference: LinearModel, examples: Sequence[Example], ids: Sequence[str]) -> dict[str, Any]:
    """Metrics of one held-out set, from the answers ``predict()`` gives (placeholder cells
    included): label scores by kind, the review flag's coverage and accuracy (risk-coverage
    table), and the detail accuracy where details are labelled."""
    from .evaluate import detail_accuracy
    from .prediction import Model

    preds = Model(inference, {}).predict([ex.text for ex in examples])
    right = np.array([set(p.labels) == set(ex.labels) for p, ex in zip(preds, examples, strict=True)])
    m = score([ex.labels for ex in examples], [list(p.labels) for p in preds], ids,
              texts=[ex.text for ex in examples])
    if getattr(inference, "set_coef_", None) is not None:
        conf = np.array([p.confidence for p in preds])
        keep = ~np.array([p.needs_review for p in preds], dtype=bool)
        m["review"] = {"threshold": round(inference.review_below_, 4), "unflagged": round(float(keep.mean()), 4),
                       "exact_unflagged": round(float(right[keep].mean()), 4) if keep.any() else 1.0}
        m["risk_coverage"] = calibration.risk_coverage(conf, right)
    graded = [i for i, ex in enumerate(examples) if ex.detail and config.OTHER in ex.labels]
    if graded:
        m["detail"] = detail_accuracy([examples[i].detail for i in graded], [preds[i].detail for i in graded])
    return m


def calibrate(inference: LinearModel, dev: Sequence[Example], *,
              held_out: tuple[np.ndarray, np.ndarray] | None = None, log: Callable[[str], None] = print) -> list:
    """Fit the set-level confidence on dev (and ``held_out`` answers on real wording, see
    ``calibration.fit_review``) and choose the review threshold that leaves
    ``config.REVIEW_TARGET`` exact-set accuracy among unflagged dev answers; store both on
    the model. Returns the dev risk-coverage table."""
    feats, right, _, _ = answers(inference, dev)
    cal, threshold = calibration.fit_review(feats, right, held_out)
    if held_out is not None and len(held_out[1]):
        log(f"  set-level confidence fitted on {len(right)} dev and {len(held_out[1])} held-out real answers")
    inference.set_coef_, inference.set_intercept_, inference.set_edges_ = cal.coef, cal.intercept, cal.edges
    inference.review_below_ = threshold
    conf = np.round([cal.confidence(f) for f in feats.tolist()], 4)  # as answers give it
    table = calibration.risk_coverage(conf, right)
    keep = ~np.array([calibration.below(c, threshold) for c in conf.tolist()], dtype=bool)
    log(f"  review below set confidence {threshold:.3f}: {keep.mean():.1%} of dev unflagged, "
        f"exact-set {right[keep].mean():.4f} among them")
    return table


def train(
    *,
    train_examples: Sequence[Example] | None = None,
    dev_examples: Sequence[Example] | None = None,
    eval_sets: dict[str, Sequence[Example]] | None = None,
    refit_sets: Sequence[str] = (),
    out: str | Path | None = None,
    seed: int = config.SEED,
    log: Callable[[str], None] = print,
    **params: Any,
) -> tuple[RejectionModel, dict[str, Any]]:
    """Train, tune and evaluate; write the model folder to ``out`` when given.

    Defaults read the processed splits (``make data``). ``refit_sets`` names sets of
    ``eval_sets`` that join training once they are scored: the model returned is trained again
    with their texts (and ``config.REAL_COPIES`` noisy copies of each), and their metrics stay
    those of the model that had not seen them (marked ``"scored_by": "held-out model"``).
    Returns (model, metrics by set).
    """
    t0 = time.perf_counter()
    train_examples = list(train_examples if train_examples is not None else load_split("train"))
    dev_examples = list(dev_examples if dev_examples is not None else load_split("dev"))
    if eval_sets is None:
        eval_sets = {"test": load_split("test"), **{w: load_split(w) for w in wild_names()}}
    unknown = [name for name in refit_sets if name not in eval_sets]
    if unknown:
        raise ValueError(f"refit sets {unknown} are not among the evaluation sets {list(eval_sets)}")
    log(f"loaded {len(train_examples)} train / {len(dev_examples)} dev examples ({time.perf_counter() - t0:.1f}s)")
    model, metrics = _fit_and_score(train_examples, dev_examples, eval_sets, seed=seed, log=log, params=params)
    learnt = train_examples
    if refit_sets:
        refit = [ex for name in refit_sets for ex in eval_sets[name]]
        held_out = answers(model.inference_, refit)[:2]  # scored before the model sees them
        final = with_real_wording(train_examples, refit, seed=seed)
        log(f"refitting with the {len(refit)} texts of {', '.join(refit_sets)} ({len(final)} training rows)")
        model, later = _fit_and_score(final, dev_examples, {k: v for k, v in eval_sets.items() if k not in refit_sets},
                                      seed=seed, log=log, params=params, held_out=held_out)
        metrics = {name: later.get(name, {**m, "scored_by": HELD_OUT_MODEL}) for name, m in metrics.items()}
        learnt = final
        model.refit_ = {"sets": {name: len(eval_sets[name]) for name in refit_sets}, "n_train": len(final),
                        "data_sha256": data_hash(final),
                        "fingerprints": sorted({fingerprint(ex.text) for ex in refit})}
    model.seen_ = fingerprint_array([ex.text for ex in learnt])  # what the saved folder says it learnt from
    if out is not None:
        save(model, out, train_examples=train_examples, dev_examples=dev_examples, metrics=metrics, seed=seed)
        log(f"saved model to {out}")
    log(f"done in {time.perf_counter() - t0:.1f}s")
    return model, metrics


#: How the metrics of a set the shipped model was refit with are marked: they come from the
#: model trained the same way without that set.
HELD_OUT_MODEL = "held-out model"


def _fit_and_score(train_examples: Sequence[Example], dev_examples: Sequence[Example],
                   eval_sets: dict[str, Sequence[Example]], *, seed: int, log: Callable[[str], None],
                   params: dict[str, Any], held_out: tuple[np.ndarray, np.ndarray] | None = None
                   ) -> tuple[RejectionModel, dict[str, Any]]:
    """Fit on ``train_examples``, tune thresholds and calibrate on dev (with ``held_out``
    answers, see ``calibrate``), score dev and ``eval_sets``."""
    taxonomy = load_taxonomy()
    t1 = time.perf_counter()
    model = RejectionModel(random_state=seed, **params)
    model.fit([ex.text for ex in train_examples], [ex.labels for ex in train_examples], classes=taxonomy.ids,
              details=[training_detail(ex) for ex in train_examples])
    log(f"fitted {len(model.word_vectorizer_.vocabulary_)} word + {len(model.char_vectorizer_.vocabulary_)} char "
        f"features ({time.perf_counter() - t1:.1f}s)")

    t2 = time.perf_counter()
    tuned = tune_thresholds(model.inference_, dev_examples, log=log) if dev_examples else {}
    if dev_examples:
        tuned["risk_coverage_dev"] = calibrate(model.inference_, dev_examples, held_out=held_out, log=log)
        if held_out is not None:
            tuned["calibrated_with_held_out"] = len(held_out[1])
    log(f"tuned on dev ({time.perf_counter() - t2:.1f}s)")

    metrics: dict[str, Any] = {}
    for name, examples in {"dev": dev_examples, **eval_sets}.items():
        if examples:
            metrics[name] = evaluate_set(model.inference_, examples, taxonomy.ids)
            m = metrics[name]
            log(f"  {name:5s} n={m['n']:5d} macro-F1={m['macro_f1']:.4f} exact={m['exact_match']:.4f} "
                f"other-F1={m['per_label'][config.OTHER]['f1']:.4f}"
                + (f" unflagged={m['review']['unflagged']:.3f} exact-unflagged={m['review']['exact_unflagged']:.4f}"
                   if "review" in m else "")
                + (f" detail={m['detail']['accuracy']:.4f}" if "detail" in m else ""))
    model.tuned_ = tuned
    return model, metrics


def save(model: RejectionModel, out: str | Path, *, train_examples: Sequence[Example],
         dev_examples: Sequence[Example], metrics: dict[str, Any], seed: int, warnings: int = 0,
         extra_files: Sequence[dict[str, Any]] = (), data_folder: str | None = None,
         gate: dict[str, Any] | None = None) -> None:
    """Write the model folder atomically: plain-array model, manifest, report and model card.
    ``extra_files``: the ``train --extra`` files (name, rows, sha256) the model learnt from;
    ``data_folder``: the name of ``train --data``'s folder (None: the project's data); ``gate``:
    the quality gate's result (texts, new, current, margin, forced; or why there was none)."""
    metadata = model_metadata(model, train_examples, dev_examples, metrics, seed)
    metadata["training"]["warnings"] = warnings
    if extra_files:
        metadata["training"]["extra_files"] = list(extra_files)
    if data_folder:
        metadata["training"]["data_folder"] = data_folder
    if gate:
        metadata["training"]["gate"] = gate
    write_report = report_writer(metrics)
    seen = getattr(model, "seen_", None)

    def extras(folder: Path, manifest: dict[str, Any]) -> None:
        write_report(folder, manifest)
        if seen is not None:  # what the model learnt from, for `evaluate` to say so (8 bytes a text)
            np.save(folder / config.MODEL_SEEN, seen, allow_pickle=False)
    save_model(model.inference_, out, metadata=metadata, extras=extras)


def model_metadata(model: RejectionModel, train_examples: Sequence[Example], dev_examples: Sequence[Example],
                   metrics: dict[str, Any], seed: int) -> dict[str, Any]:
    """The manifest entries that describe how a model was trained and how it scored."""
    training = {"seed": seed, "n_train": len(train_examples), "n_dev": len(dev_examples),
                "data_sha256": data_hash(train_examples), **getattr(model, "tuned_", {}),
                "params": model.get_params()}
    refit = getattr(model, "refit_", None)
    if refit:  # the shipped model was trained again with held-out sets once they were scored
        training.update(n_train=refit["n_train"], data_sha256=refit["data_sha256"],
                        refit={"sets": refit["sets"], "fingerprints": refit["fingerprints"]})
    return {
        "training": training,
        "metrics": {k: {kk: v[kk] for kk in ("n", "macro_f1", "micro_f1", "exact_match", "primary_accuracy")}
                    | {"other_f1": v["per_label"][config.OTHER]["f1"]}
                    | ({"scored_by": v["scored_by"]} if "scored_by" in v else {}) for k, v in metrics.items()},
    }


def report_writer(metrics: dict[str, Any]) -> Callable[[Path, dict[str, Any]], None]:
    """The ``extras`` callback of save_model: the report folder, the model card, and the
    taxonomy the model was trained with (so the folder needs nothing outside it)."""
    from .report import write_report

    def extras(folder: Path, manifest: dict[str, Any]) -> None:
        write_report(folder, manifest, metrics, load_taxonomy())
        shutil.copyfile(config.TAXONOMY_FILE, folder / config.MODEL_TAXONOMY)
    return extras
