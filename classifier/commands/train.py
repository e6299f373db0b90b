"""``train``: retrain the model from data/ (plus extra labelled files) with a quality gate."""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from .. import config
from ..dataset import (
    DataError,
    Example,
    answer_of,
    build_splits,
    load_split,
    read_labelled,
    read_raw_dir,
    validate_examples,
    where_listed,
    wild_names,
)
from ..io import InputError
from ..outputs import OutputError
from ..persist import ModelError, sha256_file
from ..prediction import Model, load_model
from ..taxonomy import load_taxonomy
from ..text import normalize
from ._common import error

#: The new model may be at most this much worse (macro-F1 on the same held-out texts) than the one it replaces.
GATE = 0.01
#: The gate also fails when more than this share of the --extra rows (and at least ``UNLEARNT_ROWS``
#: of them) are still answered otherwise by the new model: rows that contradict the training data
#: rather than correct it (a file's label column shifted by one row, labels swapped between two
#: categories) can leave the held-out figures as they were.
UNLEARNT_SHARE = 0.2
UNLEARNT_ROWS = 20


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("train", help="train the model and write it with its manifest",
                              description="Train on data/processed (or --data), tune thresholds on dev, "
                                          "evaluate on test.")
    p.add_argument("--data", help="folder of raw TSV files to split and train on (default: data/processed splits)")
    p.add_argument("--extra", nargs="+", default=[],
                   help="extra labelled files added to training (e.g. a filled-in --review-out file)")
    p.add_argument("--out", help="model folder to write (default: the shipped model/ of a checkout)")
    p.add_argument("--seed", type=int, default=config.SEED,
                   help=f"seed of the split of --data and of the written noise (default {config.SEED})")
    p.add_argument("--gate-data", nargs="+", default=[], help="further held-out labelled files for the quality gate")
    p.add_argument("--text-column", help="in the --extra and --gate-data files: the column holding the message, by "
                                         "name or 1-based number (default: a 'text' column, else found from the "
                                         "headers and content as batch does)")
    p.add_argument("--encoding", help="encoding of the --extra and --gate-data files (default: detected)")
    p.add_argument("--sheet", help="worksheet of .xlsx --extra and --gate-data files, by name or 1-based number")
    p.add_argument("--no-refit", action="store_true",
                   help="ship the model that was evaluated: do not train it again with the real-wording test "
                        "split once that split is scored")
    p.add_argument("--force", action="store_true",
                   help="replace the model even if it scores worse than the current one")
    p.set_defaults(func=main)


def check_out_folder(out: Path) -> None:
    """``--out`` must be a model folder, an empty folder or a new path in a writable place:
    training never writes into a folder that holds other things (a project root, say)."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file; name a model folder")
    if out.is_dir() and any(out.iterdir()) and not (out / config.MODEL_MANIFEST).is_file():
        raise OutputError(f"--out {out} is a folder that holds other files and no model ({config.MODEL_MANIFEST}); "
                          "name a new or empty folder, or an existing model folder")
    probe = out if out.is_dir() else next((p for p in out.parents if p.exists()), Path("."))
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"--out {out}: {probe} is not writable")


def gate_examples(splits: dict[str, list[Example]], given: list[Example], *, own_data: bool) -> list[Example]:
    """The held-out set both the current and the new model are scored on: the repository's
    test split (when there is one), plus the new data's test split, plus any --gate-data."""
    pool: list[Example] = []
    if (config.PROCESSED_DIR / "test.csv").is_file():
        pool += load_split("test")
    if own_data:
        pool += splits["test"]
    pool += given
    seen: set[str] = set()
    out = []
    for ex in pool:
        key = normalize(ex.text)
        if key and key not in seen:
            seen.add(key)
            out.append(ex)
    return out


def report_unlearnt(inference, extra: list[Example]) -> int:
    """Warn about --extra rows the new model still answers otherwise (and return how many):
    most often a category that the rules keep only where the text says it in words of its own
    (``stated_by`` in the taxonomy: filing_type_wrong, principal_not_legal_rep …), or `other`
    beside a FAQ reason."""
    answers = Model(inference, {}).predict([ex.text for ex in extra])
    wrong = [(ex, p) for ex, p in zip(extra, answers, strict=True) if set(ex.labels) != set(p.labels)]
    if not wrong:
        return 0
    missed = Counter((";".join(ex.labels), ";".join(p.labels)) for ex, p in wrong)
    pairs = ", ".join(f"{gold} -> {got} ({n})" for (gold, got), n in missed.most_common(5))
    rows = where_listed([ex for ex, _ in wrong])
    print(f"warning: {len(wrong)} of {len(extra)} --extra rows are still answered otherwise by the new "
          f"model ({rows}): {pairs}. Common causes: the training data's noisy copies and joined messages of the same "
          "text keep its old label (only the text itself takes the --extra label), and a category the rules keep "
          "only where the text says it in words of its own (the README's 'Train and evaluate') is not learnt from "
          "other wording; and a short or vague text (负责人信息有误, 非本人) that a few rows cannot outweigh the "
          "many other texts of its words", file=sys.stderr)
    return len(wrong)


def leaked(train_examples: list[Example], held_out: list[Example]) -> list[Example]:
    """Training examples whose normalised text is also held out."""
    keys = {normalize(ex.text) for ex in held_out}
    return [ex for ex in train_examples if normalize(ex.text) in keys]


def gate_scores(inference, current: Model, examples: list[Example]) -> tuple[float, float]:
    """Macro-F1 of a freshly trained model (``inference``) and of the current one on the same
    held-out texts, both answering as ``predict()`` does (placeholder cells, notices)."""
    from ..evaluate import score
    texts, gold = [ex.text for ex in examples], [ex.labels for ex in examples]
    fresh = Model(inference, {})
    return tuple(score(gold, [list(p.labels) for p in m.predict(texts)], m.labels)["macro_f1"]
                 for m in (fresh, current))


def _read_or_note(option: str, path: str, faults: list[str], **options) -> list[Example] | None:
    """The labelled rows of one file of ``option`` (``read_labelled``), or None with what is wrong
    added to ``faults``, so that every file at fault is named at once."""
    try:
        return read_labelled(path, **options)
    except (DataError, InputError, OSError) as exc:
        faults.append(f"{option} {exc}" if str(exc).startswith(Path(path).name) else f"{option} {path}: {exc}")
        return None


def gate_failure(new_f1: float | None, old_f1: float | None, *, unlearnt: int, extra_rows: int
                 ) -> tuple[str | None, str]:
    """Why the quality gate fails, as ``(kind, message)``: ``macro-F1`` where the new model is
    more than ``GATE`` worse on the held-out texts than the current one, ``unlearnt`` where it
    still answers more than ``UNLEARNT_SHARE`` of the --extra rows (and ``UNLEARNT_ROWS`` or
    more) otherwise; ``(None, "")`` where it passes."""
    if old_f1 is not None and new_f1 is not None and new_f1 < old_f1 - GATE:
        return "macro-F1", (f"the new model's macro-F1 {new_f1:.4f} on the held-out texts is more than {GATE} below "
                            f"the current model's {old_f1:.4f} on the same texts")
    if extra_rows and unlearnt >= UNLEARNT_ROWS and unlearnt > UNLEARNT_SHARE * extra_rows:
        return "unlearnt", (f"the new model still answers {unlearnt:,} of the {extra_rows:,} --extra rows otherwise "
                            f"(more than {UNLEARNT_SHARE:.0%}): rows that contradict the training data rather than "
                            "correct it (a label column shifted by a row, two categories' labels swapped) can leave "
                            "the held-out figures as they were")
    return None, ""


def main(args: argparse.Namespace) -> int:
    try:
        from ..trainer import save, train  # scikit-learn: imported only for this command
    except ImportError as exc:
        error(f"training needs the 'train' extra ({exc.name} is missing): "
              "pip install 'icp-rejection-classifier[train]'")
        return 2

    if args.out is None and not config.DATA_DIR.is_dir():
        error("name the model folder to write with --out (the default, model/, exists only in a checkout)")
        return 2
    out = Path(args.out) if args.out is not None else config.SHIPPED_MODEL_DIR
    if not args.data and not (config.PROCESSED_DIR / "train.csv").is_file():
        error("no processed training data here: pass --data with a folder of raw TSV files "
              "(family<TAB>labels<TAB>text), or run `make data` in a checkout")
        return 2
    try:
        check_out_folder(out)
        if args.data:
            if not Path(args.data).is_dir():
                raise DataError(f"--data {args.data} is not a folder of raw TSV files")
            if not any(Path(args.data).glob("*.tsv")):
                raise DataError(f"--data {args.data}: no *.tsv files in this folder (raw files are "
                                "family<TAB>labels<TAB>text); a labelled CSV or workbook goes with --extra")
            raw = read_raw_dir(args.data)
            for w in validate_examples(raw):  # before the splits keep one of two conflicting labels
                print(f"warning: {w}", file=sys.stderr)
            splits = build_splits(raw, seed=args.seed)
            unseen = [label for label in load_taxonomy().ids
                      if not all(any(label in ex.labels for ex in splits[name]) for name in ("dev", "test"))]
            if unseen:
                print(f"warning: no example in dev or in test for {', '.join(unseen)}: the thresholds, the quality "
                      "gate and the model card do not see these categories (a category's wording families are "
                      "dealt between the splits: give each one four or more)", file=sys.stderr)
        else:
            splits = {s: load_split(s) for s in ("train", "dev", "test")}
        extra, extra_files = [], []
        options = {"encoding": args.encoding, "sheet": args.sheet, "text_column": args.text_column}
        faults: list[str] = []  # every file at fault at once, not one per run
        for path in args.extra:
            if path == "-":
                raise DataError("--extra -: name a file (the model card records each extra file and its checksum)")
            unlabelled: list[int] = []
            notes: list[str] = []
            rows = _read_or_note("--extra", path, faults, unlabelled=unlabelled, notes=notes, **options)
            if rows is None:
                continue
            for note in notes:
                print(f"note: --extra {note}", file=sys.stderr)
            if unlabelled and rows:
                print(f"note: --extra {Path(path).name}: {len(unlabelled):,} "
                      f"{'row' if len(unlabelled) == 1 else 'rows'} without a label left out",
                      file=sys.stderr)
            if not rows:
                faults.append(f"--extra {path} holds no labelled rows: fill in its label column (a review file's "
                              "empty rows are skipped) and save it before training")
                continue
            extra += rows
            extra_files.append({"name": Path(path).name, "rows": len(rows), "sha256": sha256_file(Path(path))})
        given, gate_files = [], []
        for path in args.gate_data:
            rows = _read_or_note("--gate-data", path, faults, **options)
            if rows is None:
                continue
            given += rows
            gate_files.append({"name": Path(path).name, "rows": len(rows), "sha256": sha256_file(Path(path))})
        if faults:
            raise DataError("\n".join(faults))
    except OutputError as exc:
        error(str(exc))
        return 2
    except (DataError, InputError, OSError) as exc:
        error(str(exc))
        return 2
    gate_set = gate_examples(splits, given, own_data=bool(args.data))
    mine = {id(ex) for ex in given}
    own_gate = [ex for ex in gate_set if id(ex) in mine]
    if len(own_gate) < len(given):
        print(f"note: {len(given) - len(own_gate):,} --gate-data rows repeat a text the gate already holds (after "
              "normalising, e.g. a closing such as '，请修改' removed) and are counted once", file=sys.stderr)
    trained_on = leaked(own_gate, splits["train"]) if own_gate else []
    if trained_on:
        print(f"note: {len(trained_on):,} --gate-data texts are training texts of the new model ("
              f"{where_listed(trained_on)}); the gate's figures on them measure memory", file=sys.stderr)
    held_out = gate_set + ([ex for name in (*wild_names(), "real") for ex in load_split(name)]
                           if not args.data and (config.PROCESSED_DIR / "real.csv").is_file() else [])
    bad = leaked(extra, held_out)
    if bad:
        error(f"{len(bad)} --extra rows are held-out texts of the test, wild or real sets or of --gate-data "
              f"({where_listed(bad)}; e.g. "
              f"'{bad[0].text[:40]}'); "
              "training on them would make the quality gate and the model card's figures meaningless. Remove them "
              "from the --extra file")
        return 2
    if args.data:
        overlap = {normalize(ex.text) for ex in leaked(splits["train"] + splits["dev"], gate_set)}
        if overlap:
            print(f"note: {len(overlap)} held-out texts also occur in --data's training part; "
                  "they are left out of the quality gate", file=sys.stderr)
            gate_set = [ex for ex in gate_set if normalize(ex.text) not in overlap]
    if extra:
        print(f"adding {len(extra)} extra labelled rows from {len(args.extra)} file(s)")
        # a person's label in --extra is the newer judgement: it replaces the training data's
        # (labels and the detail of `other` alike: correcting only the detail is a correction too)
        wanted = {normalize(ex.text): answer_of(ex) for ex in extra}
        replaced = [ex for ex in splits["train"] if wanted.get(normalize(ex.text), answer_of(ex)) != answer_of(ex)]
        if replaced:
            gone = {id(ex) for ex in replaced}
            splits["train"] = [ex for ex in splits["train"] if id(ex) not in gone]
            print(f"note: {len(replaced)} training rows carry other labels than the same text in --extra "
                  f"(e.g. '{replaced[0].text[:40]}': {'+'.join(answer_of(replaced[0]))}); the --extra labels are "
                  "used",
                  file=sys.stderr)
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
    # Real wording is scarce: once the real test split is scored, the shipped model is trained
    # again with it; its figures stay those of the model that had not seen it.
    refit = ("real",) if "real" in eval_sets and eval_sets["real"] and not args.no_refit else ()
    model, metrics = train(train_examples=splits["train"] + extra, dev_examples=splits["dev"],
                           eval_sets=eval_sets, refit_sets=refit, out=None, seed=args.seed)
    unlearnt = report_unlearnt(model.inference_, extra) if extra else 0
    new_f1 = old_f1 = None
    gate: dict = {"why": "no held-out texts"}
    # The model compared with: the one --out replaces, else the one predict() uses by default.
    reference = out if (out / config.MODEL_MANIFEST).is_file() else config.default_model_dir()
    if gate_set and (reference / config.MODEL_MANIFEST).is_file():
        try:
            current = load_model(reference)
        except (ModelError, ValueError, OSError) as exc:
            print(f"note: the current model in {reference} cannot be loaded ({exc}); no quality gate",
                  file=sys.stderr)
            gate = {"why": "the model to compare with could not be loaded"}
        else:
            new_f1, old_f1 = gate_scores(model.inference_, current, gate_set)
            print(f"quality gate on {len(gate_set)} held-out texts: new macro-F1 {new_f1:.4f}, "
                  f"current ({reference}) {old_f1:.4f}")
            gate = {"texts": len(gate_set), "new": round(new_f1, 4), "current": round(old_f1, 4), "margin": GATE,
                    "forced": bool(args.force)}
            if own_gate:  # the user's own messages, scored apart: the whole set's figure can hide them
                mine_new, mine_old = gate_scores(model.inference_, current, own_gate)
                print(f"  of them --gate-data's {len(own_gate)}: new macro-F1 {mine_new:.4f}, current {mine_old:.4f}")
                gate["gate_data"] = {"texts": len(own_gate), "new": round(mine_new, 4), "current": round(mine_old, 4)}
    elif gate_set:
        print(f"note: no model in {out} or {reference} to compare with: no quality gate", file=sys.stderr)
        gate = {"why": "no model to compare with"}
    if gate_files:
        gate["files"] = gate_files
    if extra:
        gate["unlearnt"] = {"rows": unlearnt, "of": len(extra)}
    failed, why = gate_failure(new_f1, old_f1, unlearnt=unlearnt, extra_rows=len(extra))
    if failed:
        gate["failed"] = failed
        if args.force:
            print(f"warning: the quality gate failed ({why}); written anyway, as --force asks", file=sys.stderr)
        else:
            kept = "the current model is kept" if reference == out else f"nothing is written to {out}"
            error(f"{why}; {kept} (use --force to write it anyway)")
            return 1
    try:
        save(model, out, train_examples=splits["train"] + extra, dev_examples=splits["dev"], metrics=metrics,
             seed=args.seed, warnings=len(warnings_), extra_files=extra_files,
             data_folder=Path(args.data).resolve().name if args.data else None, gate=gate)
    except OSError as exc:
        error(f"cannot write the model to {out}: {exc}")
        return 1
    print(f"saved model to {out} (test macro-F1 {metrics['test']['macro_f1']:.4f})")
    return 0
