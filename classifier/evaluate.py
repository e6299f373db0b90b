"""Multi-label evaluation: per-label precision/recall/F1, micro/macro F1, exact set match,
primary-label accuracy and a confusion matrix of primary labels."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from .text import display_width, pad

#: A text of at most this many characters with one reason counts as a short title.
SHORT_TITLE = 16


def text_kind(text: str, labels: Sequence[str]) -> str:
    """The kind a real rejection text is reported by: ``several reasons``, ``short title``
    (an interface string or reason title) or ``full message``."""
    if len(labels) > 1:
        return "several reasons"
    return "short title" if len(text.strip()) <= SHORT_TITLE else "full message"


def by_kind(texts: Sequence[str], gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Exact-set accuracy per text kind."""
    groups: dict[str, list[bool]] = {}
    for t, g, p in zip(texts, gold, pred, strict=True):
        groups.setdefault(text_kind(t, g), []).append(set(g) == set(p))
    return {k: {"n": len(v), "exact_match": round(sum(v) / len(v), 4)} for k, v in sorted(groups.items())}


def score(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], labels: Sequence[str], *,
          texts: Sequence[str] | None = None) -> dict[str, Any]:
    """Metrics for gold vs predicted label lists (primary first) over ``labels``; with
    ``texts``, also exact-set accuracy by text kind."""
    labels = list(labels)
    mlb = MultiLabelBinarizer(classes=labels)
    yg = mlb.fit_transform([list(g) for g in gold])
    yp = mlb.transform([[label for label in p if label in labels] for p in pred])
    p, r, f, s = precision_recall_fscore_support(yg, yp, average=None, labels=range(len(labels)), zero_division=0)
    present = s > 0
    micro = precision_recall_fscore_support(yg, yp, average="micro", zero_division=0)
    predicted = yp.sum(axis=0)
    per_label = {  # (precision with no prediction, recall with no support: 0, and "predicted" says which)
        label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4),
                "support": int(s[i]), "predicted": int(predicted[i])}
        for i, label in enumerate(labels)
    }
    gold_primary = [g[0] for g in gold]
    pred_primary = [pl[0] if pl else "" for pl in pred]
    cm = confusion_matrix(gold_primary, pred_primary, labels=labels)
    extra = {"by_kind": by_kind(texts, gold, pred)} if texts is not None else {}
    return {
        **extra,
        "n": len(gold),
        "macro_f1": round(float(f[present].mean()) if present.any() else 0.0, 4),
        "micro_f1": round(float(micro[2]), 4),
        "exact_match": round(float(np.mean([set(g) == set(pl) for g, pl in zip(gold, pred, strict=True)]))
                             if gold else 0.0, 4),
        "primary_accuracy": round(float(np.mean([a == b for a, b in zip(gold_primary, pred_primary, strict=True)]))
                                  if gold else 0.0, 4),
        "per_label": per_label,
        "confusion": {"labels": labels, "matrix": cm.tolist()},
    }


def format_report(metrics: dict[str, Any], *, titles: dict[str, str] | None = None) -> str:
    """A plain-text table of the metrics."""
    present = sum(1 for v in metrics["per_label"].values() if v["support"])
    lines = [
        f"n={metrics['n']}  macro-F1={metrics['macro_f1']:.4f}  micro-F1={metrics['micro_f1']:.4f}  "
        f"exact-set={metrics['exact_match']:.4f}  primary-acc={metrics['primary_accuracy']:.4f}",
        f"(macro-F1 averages the {present} labels the gold data holds; a label only predicted counts in "
        "micro-F1 and exact-set)",
    ]
    if "review" in metrics:
        r = metrics["review"]
        below = f" (confidence {r['threshold']:.2f} or more)" if r.get("threshold") is not None else ""
        lines.append(f"needs_review: {r['unflagged']:.1%} of the rows left unflagged{below}, exact-set "
                     f"{r['exact_unflagged']:.4f} among them" if r.get("exact_unflagged") is not None
                     else "needs_review: every row flagged (no accuracy of unflagged rows to give)")
    if "detail" in metrics:
        d = metrics["detail"]
        lines.append(f"detail of other rows: {d['accuracy']:.4f} right (n={d['n']}); "
                     + ", ".join(f"{k} {v['accuracy']:.2f}/{v['n']}" for k, v in d["per_detail"].items()))
    if "by_kind" in metrics:
        lines.append("exact-set by kind: " + ", ".join(f"{k} {v['exact_match']:.4f} (n={v['n']})"
                                                      for k, v in metrics["by_kind"].items()))
    titles = titles or {}
    wide = max([0] + [display_width(titles.get(label, "")) for label in metrics["per_label"]])
    lines.append(f"{'label':28s} {pad('', wide)} {'prec':>6s} {'rec':>6s} {'f1':>6s} {'n':>5s}")
    for label, m in metrics["per_label"].items():
        # a figure with nothing to count (no prediction, no gold row) is shown as –, not as 0.000
        made = m.get("predicted", 1)
        dash = f"{'–':>6s}"
        cells = [f"{m['precision']:6.3f}" if made else dash, f"{m['recall']:6.3f}" if m["support"] else dash,
                 f"{m['f1']:6.3f}" if made or m["support"] else dash]
        lines.append(f"{label:28s} {pad(titles.get(label, ''), wide)} {' '.join(cells)} {m['support']:5d}")
    labels = metrics["confusion"]["labels"]
    matrix = metrics["confusion"]["matrix"]
    off = sorted(((matrix[i][j], labels[i], labels[j]) for i in range(len(labels)) for j in range(len(labels))
                  if i != j and matrix[i][j]), reverse=True)
    if off:
        lines.append("largest confusions of the primary label (gold -> predicted):")
        lines += [f"  {n:4d}  {g} -> {p}" for n, g, p in off[:8]]
    return "\n".join(lines)


def detail_accuracy(gold: Sequence[str], pred: Sequence[str | None]) -> dict[str, Any]:
    """How often the detail of ``other`` rows is right: gold detail IDs ("none" where a person
    found none fits) against predicted ones (None = none)."""
    pairs = [(g, p or "none") for g, p in zip(gold, pred, strict=True)]
    per: dict[str, list[bool]] = {}
    for g, p in pairs:
        per.setdefault(g, []).append(g == p)
    return {"n": len(pairs), "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 4) if pairs else 0.0,
            "per_detail": {k: {"n": len(v), "accuracy": round(sum(v) / len(v), 4)} for k, v in sorted(per.items())}}
