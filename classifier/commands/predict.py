"""``predict``: classify texts given as arguments or lines on standard input."""
from __future__ import annotations

import argparse
import json
import sys

from ._common import open_model


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("predict", help="classify texts (arguments, or lines on stdin)",
                              description="Classify rejection texts and print categories, confidence and remedy.")
    p.add_argument("texts", nargs="*", metavar="TEXT", help="messages to classify; none or '-' reads lines from stdin")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("-k", type=int, default=1, help="also show the k highest-scoring categories")
    p.add_argument("--explain", action="store_true", help="show the tokens that drove the prediction")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    model = open_model(args.model)
    if model is None:
        return 1
    if hasattr(sys.stdout, "reconfigure"):
        # A terminal or pipe that cannot show Chinese (PYTHONIOENCODING=ascii) gets escapes, not a traceback.
        sys.stdout.reconfigure(errors="backslashreplace")
    texts = [_argv_text(t) for t in args.texts] if args.texts and args.texts != ["-"] else _stdin_lines()
    for text in texts:
        pred = model.predict(text)
        if args.json:
            d = pred.to_dict()
            d["text"] = text
            if args.k > 1:
                d["top"] = [{"label": label, "score": s} for label, s in pred.top(args.k)]
            if args.explain:
                d["explain"] = [{"feature": f, "weight": round(w, 4)} for f, w in model.explain(text, pred.label)]
            print(json.dumps(d, ensure_ascii=False))
            continue
        print(f"文本: {text[:200]}")
        print(f"类别: {' + '.join(pred.labels)}" + (f" / {pred.detail}" if pred.detail else "") + f"  ({pred.title})")
        print(f"置信度: {pred.confidence:.2f}" + ("  [需人工复核]" if pred.needs_review else "") +
              ("" if pred.status == "ok" else f"  状态: {pred.status}"))
        if args.k > 1:
            print("候选: " + ", ".join(f"{label} {s:.2f}" for label, s in pred.top(args.k)))
        if args.explain and pred.status == "ok":
            print("依据: " + ", ".join(f"{f} ({w:.2f})" for f, w in model.explain(text, pred.label)))
        print("处理办法:")
        print("  " + pred.remedy.replace("\n", "\n  "))
        print()
    return 0


def _stdin_lines():
    """Lines of standard input as text: UTF-8, else GB18030 (a Chinese Windows console or
    file), each line decided on its own; undecodable bytes become U+FFFD."""
    from ..io import detect_encoding
    for raw in sys.stdin.buffer:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode(detect_encoding(raw), errors="replace")
        yield line.lstrip("\ufeff").rstrip("\r\n")


def _argv_text(arg: str) -> str:
    """An argument as text: bytes that were not UTF-8 (Python keeps them as surrogates) are
    decoded again as GB18030."""
    try:
        arg.encode("utf-8")
        return arg
    except UnicodeEncodeError:
        return arg.encode("utf-8", "surrogateescape").decode("gb18030", errors="replace")
