"""``evaluate``: score a model on a labelled file."""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from .. import config
from ..dataset import DataError, conflicts, fingerprint_array, read_labelled, where_listed
from ..io import InputError, formula_safe
from ..outputs import OutputError, check_targets, write_text
from ._common import add_review_below, error, open_model, with_review_below


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("evaluate", help="score a model on a labelled file",
                              description="Per-label precision/recall/F1, micro/macro F1, exact-set match, "
                                          "confusion matrix.")
    p.add_argument("--data", required=True,
                   help="labelled file: processed CSV, raw TSV, or an export with label(s) column")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--text-column", help="column holding the message, by name or 1-based number (default: a "
                                         "'text' column, else found from the headers and content as batch does)")
    p.add_argument("--encoding", help="input encoding (default: detected)")
    p.add_argument("--sheet", help="worksheet of an .xlsx file, by name or 1-based number")
    p.add_argument("--json", action="store_true", help="print the metrics as JSON")
    p.add_argument("--errors", help="write every misclassified row (gold, predicted, driving tokens) to this CSV")
    p.add_argument("--overwrite", action="store_true", help="replace an existing --errors file")
    add_review_below(p)
    p.set_defaults(func=main)


def refit_texts(manifest: dict[str, Any], digests: np.ndarray) -> np.ndarray:
    """Which texts (their digests, one per text) the model of ``manifest`` joined to its training
    at the refit after its evaluation (its manifest keeps their fingerprints)."""
    seen = manifest.get("training", {}).get("refit", {}).get("fingerprints", [])
    if not seen:
        return np.zeros(len(digests), dtype=bool)
    return np.isin(digests, np.array([int(h, 16) for h in seen], dtype=np.uint64))


def trained_texts(folder: Path | None, digests: np.ndarray) -> np.ndarray:
    """Which texts (their digests, one per text) the model in ``folder`` was trained on (its
    ``config.MODEL_SEEN`` fingerprints; none for a folder without them)."""
    none = np.zeros(len(digests), dtype=bool)
    path = Path(folder) / config.MODEL_SEEN if folder is not None else None
    if path is None or not path.is_file():
        return none
    try:
        seen = np.load(path, allow_pickle=False)
    except (OSError, ValueError):
        return none  # a damaged file costs this note only
    if seen.dtype != np.uint64 or seen.ndim != 1:
        return none
    return np.isin(digests, seen)


def _rows(examples: list, mask: np.ndarray) -> str:
    """Where the examples that ``mask`` marks came from (file:row), for a note."""
    return where_listed([ex for ex, m in zip(examples, mask.tolist(), strict=True) if m])


def main(args: argparse.Namespace) -> int:
    try:
        from ..evaluate import detail_accuracy, format_report, score  # scikit-learn's metrics: only here
    except ImportError as exc:
        error(f"evaluate needs the 'train' extra ({exc.name} is missing): "
              "pip install 'icp-rejection-classifier[train]'")
        return 2

    if args.errors and Path(args.errors).suffix.lower() != ".csv":
        error(f"--errors {args.errors}: the errors are written as CSV; name a .csv file")
        return 2
    try:
        check_targets([("--errors", args.errors)], inputs=[args.data], overwrite=args.overwrite)
    except OutputError as exc:
        error(str(exc))
        return 2
    model = open_model(args.model)
    if isinstance(model, int):
        return model
    model = with_review_below(model, args)
    unlabelled: list[int] = []
    notes: list[str] = []
    try:
        examples = read_labelled(args.data, encoding=args.encoding, sheet=args.sheet, text_column=args.text_column,
                                 unlabelled=unlabelled, notes=notes)
    except (DataError, InputError, OSError) as exc:
        error(str(exc))
        return 2
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if not examples:
        error(f"{args.data} holds no labelled rows")
        return 2
    conflicting = conflicts(examples)
    if conflicting:  # (one text scored against two answers is wrong one way or the other)
        error(f"{args.data}: {conflicting}; give each text one answer")
        return 2
    if unlabelled:
        shown = ", ".join(map(str, unlabelled[:10])) + (" …" if len(unlabelled) > 10 else "")
        rows = "row" if len(unlabelled) == 1 else "rows"
        print(f"note: {len(unlabelled):,} {rows} without a label left out (row {shown})", file=sys.stderr)
    digests = fingerprint_array([ex.text for ex in examples], distinct=False)  # normalised once for both notes
    refit = refit_texts(model.manifest, digests)
    trained = trained_texts(getattr(model, "path", None), digests) & ~refit
    learnt, seen = int(trained.sum()), int(refit.sum())
    if learnt > 0:
        print(f"note: {learnt:,} of {len(examples):,} texts are texts this model was trained on (after normalising; "
              f"{_rows(examples, trained)}); figures on them measure memory, not accuracy: score a model on texts "
              "it did not learn from", file=sys.stderr)
    if seen:
        print(f"note: {seen} of {len(examples)} texts joined this model's training after they were scored "
              f"({_rows(examples, refit)}); figures "
              "on them measure memory, not accuracy. Their held-out figures are in the model card "
              "(README.md of the model folder)", file=sys.stderr)
    preds = model.predict([ex.text for ex in examples])
    metrics = score([ex.labels for ex in examples], [list(p.labels) for p in preds], model.labels,
                    texts=[ex.text for ex in examples])
    graded = [(ex.detail, p.detail) for ex, p in zip(examples, preds, strict=True)
              if ex.detail and "other" in ex.labels]
    if graded:
        metrics["detail"] = detail_accuracy([g for g, _ in graded], [p for _, p in graded])
    keep = [not p.needs_review for p in preds]
    right = [set(p.labels) == set(ex.labels) for p, ex in zip(preds, examples, strict=True)]
    metrics["review"] = {"threshold": round(model.review_below, 4), "unflagged": round(sum(keep) / len(keep), 4),
                         "exact_unflagged": round(sum(r for r, k in zip(right, keep, strict=True) if k) / sum(keep), 4)
                         if any(keep) else None}  # (no row left unflagged: no accuracy to give)
    if args.errors:
        rows = [["text", "gold", "predicted", "gold_detail", "predicted_detail", "confidence", "tokens"]]
        for ex, p in zip(examples, preds, strict=True):
            # a wrong label set, or a wrong detail of a right `other` (where the file gives one)
            wrong_detail = bool(ex.detail) and "other" in ex.labels and "other" in p.labels and \
                (p.detail or "none") != ex.detail
            if set(ex.labels) != set(p.labels) or wrong_detail:
                why = "; ".join(f"{f} {v:.2f}" for f, v in model.explain(ex.text, p.label)) if p.status == "ok" else ""
                rows.append([ex.text, ";".join(ex.labels), ";".join(p.labels), ex.detail, p.detail or "",
                             f"{p.confidence:.4f}", why])
        buf = io.StringIO()
        csv.writer(buf).writerows(map(formula_safe, rows))  # opened in Excel: no cell runs as a formula
        try:
            write_text(args.errors, buf.getvalue(), overwrite=args.overwrite, encoding="utf-8-sig")
        except OutputError as exc:
            error(str(exc))
            return 2
    if args.json:
        print(json.dumps(metrics, ensure_ascii=False, indent=2))
    else:
        titles = {c.id: c.title for c in model.taxonomy.categories}
        print(format_report(metrics, titles=titles))
    return 0
