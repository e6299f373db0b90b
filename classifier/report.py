"""Training reports people would rather look at than read: metrics.json, a confusion-matrix
picture, a per-label F1 bar chart and a model card (``README.md`` of the model folder)."""
from __future__ import annotations

import json
import logging
import warnings
from pathlib import Path
from typing import Any

from .taxonomy import Taxonomy

log = logging.getLogger(__name__)

#: Fonts that can draw Chinese, in order of preference.
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "Droid Sans Fallback", "AR PL UMing CN",
)


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FONTS if f in available), None)


def write_pictures(folder: Path, metrics: dict[str, Any], taxonomy: Taxonomy, *, split: str = "test") -> list[str]:
    """confusion_matrix.png and per_label_f1.png for ``split``; returns the files written.
    Chinese titles when a CJK font exists, else the English names (with a warning)."""
    try:
        import matplotlib
        from matplotlib.figure import Figure  # no pyplot: the caller's backend stays as it is
    except ImportError:
        warnings.warn("matplotlib is not installed: no report pictures (pip install matplotlib)", stacklevel=2)
        return []
    m = metrics[split]
    labels = m["confusion"]["labels"]
    font = _cjk_font()
    if font:
        names = [f"{taxonomy[label].title}" for label in labels]
        rc = {"font.sans-serif": [font, "DejaVu Sans"], "axes.unicode_minus": False}
    else:
        log.warning("no CJK font found: report pictures use English category names")
        names = list(labels)
        rc = {}
    written = []
    with matplotlib.rc_context(rc):
        import numpy as np

        cm = np.array(m["confusion"]["matrix"], dtype=float)
        rows = cm.sum(axis=1, keepdims=True)
        share = np.divide(cm, rows, out=np.zeros_like(cm), where=rows > 0)
        fig = Figure(figsize=(11, 9.5))
        ax = fig.subplots()
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        ax.set_xticks(range(len(labels)), names, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(labels)), names, fontsize=8)
        for i in range(len(labels)):
            for j in range(len(labels)):
                if cm[i, j]:
                    ax.text(j, i, int(cm[i, j]), ha="center", va="center", fontsize=7,
                            color="white" if share[i, j] > 0.6 else "black")
        ax.set_xlabel("predicted primary label")
        ax.set_ylabel("gold primary label")
        ax.set_title(f"Confusion matrix ({split}, n={m['n']}, macro-F1 {m['macro_f1']:.3f})")
        fig.tight_layout()
        fig.savefig(folder / "confusion_matrix.png", dpi=90)
        written.append("confusion_matrix.png")

        fig = Figure(figsize=(9, 6))
        ax = fig.subplots()
        f1 = [m["per_label"][label]["f1"] for label in labels]
        ax.barh(range(len(labels)), f1, color="#3b7dd8")
        ax.set_yticks(range(len(labels)), names, fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        for i, v in enumerate(f1):
            ax.text(max(v - 0.01, 0.08), i, f"{v:.3f}", va="center", ha="right", fontsize=7, color="white")
        ax.set_title(f"F1 per label ({split})")
        fig.tight_layout()
        fig.savefig(folder / "per_label_f1.png", dpi=90)
        written.append("per_label_f1.png")
    return written


def model_card(manifest: dict[str, Any], metrics: dict[str, Any], taxonomy: Taxonomy) -> str:
    """The model card (Markdown with YAML metadata)."""
    v = manifest.get("versions", {})
    t = manifest.get("training", {})
    lines = [
        "---",
        "language: zh",
        "library_name: icp-rejection-classifier",
        "pipeline_tag: text-classification",
        "tags: [icp-filing, rejection-reasons, multi-label, jieba, tfidf]",
        "---",
        "",
        "# ICP rejection-reason classifier",
        "",
        "Multi-label classifier of Chinese ICP-filing rejection messages into the 14 reasons of the",
        "provider's rejection FAQ plus `other`: normalisation, jieba words (with concept tokens of the",
        "labelling guide's vocabulary) and character n-grams, TF-IDF, one-vs-rest logistic regression",
        "(fitted with scikit-learn, stored as plain arrays in `model.npz` + `model.json`, loaded",
        "without pickle), thresholds tuned on the dev split, a detail model for `other` and a",
        "set-level confidence calibrated on dev"
        + (f" and on {t['calibrated_with_held_out']} real strings answered by the model that had not seen them"
           if t.get("calibrated_with_held_out") else "") + ".",
        "",
        "## Intended use",
        "Triage of exported rejection logs and single messages by operations and support staff; each",
        "label comes with a curated remedy. Low-confidence rows and `other` are flagged for review.",
        "",
        "## Training",
        f"- created: {manifest.get('created')}",
        f"- versions: Python {v.get('python')}, scikit-learn {v.get('scikit-learn')}, jieba {v.get('jieba')}",
        f"- training rows: {t.get('n_train')} (dev {t.get('n_dev')}), seed {t.get('seed')}, "
        f"data SHA-256 {str(t.get('data_sha256', ''))[:16]}…",
        f"- thresholds: top label {t.get('threshold')}, further labels {t.get('extra_threshold')}, "
        f"clause {t.get('clause_threshold')}"
        + (f", one label for one-clause texts under {t['single_label_below']} characters"
           if t.get("single_label_below") else ""),
        f"- validation warnings: {t.get('warnings', 0)}",
        *[f"- extra labelled file: {e['name']} ({e['rows']} rows, SHA-256 {e['sha256'][:16]}…)"
          for e in t.get("extra_files", [])],
        *([_gate_line(t["gate"])] if t.get("gate") else []),
        "",
        "## Evaluation",
        "`real` holds rejection strings taken verbatim from public sources nobody on the team studied;",
        "the other sets were written for the project. *Unflagged* is the share of answers with",
        "`needs_review` false and their exact-set accuracy; *detail* is how often the detail of an",
        "`other` answer is right where a person labelled it.",
        "",
        "| set | n | macro-F1 | micro-F1 | exact set | primary acc. | `other` F1 | unflagged | exact, unflagged "
        "| detail |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, m in metrics.items():
        r = m.get("review", {})
        d = m.get("detail")
        mark = " *" if "scored_by" in m else ""
        lines.append(f"| {name}{mark} | {m['n']} | {m['macro_f1']:.4f} | {m['micro_f1']:.4f} | "
                     f"{m['exact_match']:.4f} | {m['primary_accuracy']:.4f} | {m['per_label']['other']['f1']:.4f} | "
                     f"{r.get('unflagged', float('nan')):.3f} | {r.get('exact_unflagged', float('nan')):.4f} | "
                     + (f"{d['accuracy']:.3f} (n={d['n']})" if d else "") + " |")
    refit = t.get("refit")
    if refit:
        sets = ", ".join(f"`{k}` ({n} texts)" for k, n in refit["sets"].items())
        lines += ["", f"\\* Scored by the model trained the same way without these texts. Once scored, {sets} "
                  "joined training (with noisy copies) and the model shipped here was trained again; the other "
                  "rows are its own scores. Real wording is scarce, so the shipped model learns from all of it; "
                  "`python -m classifier evaluate` says when a file holds such texts."]
    lines += _evaluation_tables(metrics, taxonomy)
    own = t.get("data_folder")
    lines += ["## Data"] + ([
        f"The raw TSV files of the folder `{own}` (`train --data`), split by wording family into",
        "train/dev/test, plus seeded multi-reason and noisy-export copies; no held-out set of other",
        "wording and no refit.",
        "",
    ] if own else [
        "Hand-written messages in `data/raw/messages` (many registers: bureau, reviewer, interface, SMS,",
        "customer service, terse, English, traditional Chinese), split by template family into",
        "train/dev/test, plus seeded multi-reason and noisy-export copies. `wild*` sets were written",
        "separately in other voices and never trained on. `data/raw/real` keeps rejection strings",
        "verbatim from public provider documentation, public code and pasted messages, each with its",
        "source; the sources read during development train, the others form the `real` test split"
        + (" (which then joined this model's training, see above)." if refit else
           " (held out of this model's training: it was trained with `--no-refit`)."),
        "",
    ])
    lines += [
        "## Limits",
        "- Real wording beyond the collected sources scores lower than the written sets"
        + (" (see `real`)." if "real" in metrics else "."),
        "- Two reasons in one sentence without punctuation are found less reliably than numbered lists.",
        "- The SHA-256 values in the manifest detect corrupted files, not tampering (they sit in the same folder).",
        "",
    ]
    return "\n".join(lines)


#: Why a quality gate failed (``train.gate_failure``), as the model card says it.
_GATE_FAILURES = {"macro-F1": "macro-F1", "unlearnt": "the extra rows are not learnt"}


def _gate_line(gate: dict[str, Any]) -> str:
    """The quality gate's result, as the manifest records it."""
    files = "".join(f"\n- gate file: {f['name']} ({f['rows']} rows, SHA-256 {f['sha256'][:16]}…)"
                    for f in gate.get("files", []))
    unlearnt = gate.get("unlearnt")
    unlearnt = (f"; {unlearnt['rows']} of the {unlearnt['of']} extra rows are answered otherwise by this model"
                if unlearnt else "")
    # (a manifest written before the gate recorded why it failed: a forced macro-F1 failure)
    failed = gate.get("failed") or ("macro-F1" if gate.get("new") is not None
                                    and gate["new"] < gate["current"] - gate["margin"] else None)
    verdict = f"failed ({_GATE_FAILURES[failed]}), written with --force" if failed else "passed"
    if gate.get("new") is None:
        verdict = f": {verdict}" if failed else ""
        return f"- quality gate: none ({gate.get('why', 'no model to compare with')}){unlearnt}{verdict}{files}"
    own = gate.get("gate_data")
    own = f" (the gate files' {own['texts']} texts: {own['new']:.4f} against {own['current']:.4f})" if own else ""
    return (f"- quality gate: macro-F1 {gate['new']:.4f} against {gate['current']:.4f} of the model it was compared "
            f"with, on {gate['texts']} held-out texts{own}{unlearnt}: {verdict}{files}")


def _evaluation_tables(metrics: dict[str, Any], taxonomy: Taxonomy) -> list[str]:
    """The model card's tables after the main one: exact set by kind of text, the review
    flag's risk and coverage, and the test split per label."""
    lines: list[str] = []
    kinds = [(name, m["by_kind"]) for name, m in metrics.items() if "by_kind" in m]
    if kinds:
        lines += ["", "Exact set by kind of text:", "", "| set | short title | full message | several reasons |",
                  "|---|---|---|---|"]
        for name, k in kinds:
            cells = [f"{k[key]['exact_match']:.4f} (n={k[key]['n']})" if key in k else "–"
                     for key in ("short title", "full message", "several reasons")]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if "dev" in metrics and "risk_coverage" in metrics["dev"]:
        lines += ["", f"Risk and coverage of the review flag (set-level confidence threshold "
                  f"{metrics['dev']['review']['threshold']:.3f}, chosen on dev):", "",
                  "| threshold | " + " | ".join(metrics) + " |", "|---|" + "---|" * len(metrics)]
        for i, row in enumerate(metrics["dev"]["risk_coverage"]):
            cells = []
            for m in metrics.values():
                rc = m.get("risk_coverage")
                cells.append(f"{rc[i]['unflagged']:.2f} / {rc[i]['exact_unflagged']:.3f}" if rc else "")
            lines.append(f"| {row['threshold']:.2f} | " + " | ".join(cells) + " |")
        lines.append("")
        lines.append("Each cell: share unflagged / exact-set accuracy of the unflagged answers.")
    if "test" in metrics:
        lines += ["", "Per label (test):", "", "| label | title | precision | recall | F1 | n |",
                  "|---|---|---|---|---|---|"]
        for label, pl in metrics["test"]["per_label"].items():
            lines.append(f"| `{label}` | {taxonomy[label].title} | {pl['precision']:.3f} | {pl['recall']:.3f} | "
                         f"{pl['f1']:.3f} | {pl['support']} |")
        lines += ["", "![confusion matrix](report/confusion_matrix.png)", ""]
    return lines


def write_report(folder: Path, manifest: dict[str, Any], metrics: dict[str, Any], taxonomy: Taxonomy) -> None:
    """metrics.json and pictures into ``folder/report``, the model card into ``folder/README.md``."""
    report = folder / "report"
    report.mkdir(parents=True, exist_ok=True)
    (report / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if "test" in metrics:
        write_pictures(report, metrics, taxonomy)
    (folder / "README.md").write_text(model_card(manifest, metrics, taxonomy), encoding="utf-8")
