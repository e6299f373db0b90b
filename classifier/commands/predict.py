"""``predict``: classify texts given as arguments or lines on standard input."""
from __future__ import annotations

import argparse
import io
import json
import re
import sys

from ..explain import highlight, reasons
from ..text import normalize, tokenize
from ._common import add_review_below, argv_text, count, open_model, with_review_below


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("predict", help="classify texts (arguments, or lines on stdin)",
                              description="Classify rejection texts and print categories, confidence and remedy.")
    p.add_argument("texts", nargs="*", metavar="TEXT", help="messages to classify; none or '-' reads lines from stdin")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("-k", type=count(1), default=None,
                   help="also show the k highest-scoring categories with their scores (-k 1: the top one)")
    p.add_argument("--explain", action="store_true",
                   help="show, per predicted label, the phrases that drove it (as shares) and mark them in the text")
    p.add_argument("--full", action="store_true", help="print every remedy in full (default: their first lines)")
    add_review_below(p)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    model = open_model(args.model)
    if isinstance(model, int):
        return model
    model = with_review_below(model, args)
    if hasattr(sys.stdout, "reconfigure"):
        # A terminal or pipe that cannot show Chinese (PYTHONIOENCODING=ascii) gets escapes, not a traceback.
        sys.stdout.reconfigure(errors="backslashreplace")
    if not args.texts and sys.stdin.isatty():
        print("usage: icp-classify predict TEXT [TEXT …]  (or lines on standard input: "
              "icp-classify predict < messages.txt)\nExample: icp-classify predict \"网站名称含有论坛字样\"",
              file=sys.stderr)
        return 2
    if "-" in args.texts and args.texts != ["-"]:
        print("error: '-' reads the texts from standard input; give texts, or '-' alone", file=sys.stderr)
        return 2
    texts = [argv_text(t) for t in args.texts] if args.texts and args.texts != ["-"] else _stdin_lines()
    for text in texts:
        pred = model.predict(text)
        if args.json:
            d = pred.to_dict()
            d["text"] = text
            if args.k:
                d["top"] = [{"label": label, "score": s} for label, s in pred.top(args.k)]
            if args.explain:  # (an answer a rule gave, with no per-label scores, has no evidence to show)
                d["explain"] = {label: [{"phrase": r.phrase, "share": r.share}
                                        for r in reasons(model.linear_model, text, label, read=model.read_lines)]
                                for label in pred.labels} if pred.scores else {}
            print(json.dumps(d, ensure_ascii=False))
            continue
        print(f"文本: {_cut(text, 200)}")
        print(f"类别: {' + '.join(pred.labels)}" + (f" / {pred.detail}" if pred.detail else "") + f"  ({pred.title})")
        print(f"置信度: {pred.confidence:.2f}" + ("  [需人工复核]" if pred.needs_review else "") +
              ("" if pred.status == "ok" else f"  状态: {pred.status}"))
        ruled = not pred.scores  # a placeholder cell or a text without a word: a rule answered
        if args.k:
            print("候选: " + (", ".join(f"{label} {s:.2f}" for label, s in pred.top(args.k)) if not ruled
                              else "（无：由规则判定，没有模型打分）"))
        if args.explain:
            if ruled:
                print("依据: （由规则判定：占位内容或没有可读的词，不是模型的依据）")
            else:
                _print_explanation(model, text, pred.labels)
        if pred.remedy:
            print("处理办法:")
            print("  " + (pred.remedy if args.full else _short(pred.remedy, text=text)).replace("\n", "\n  "))
        print()
    return 0


def _print_explanation(model, text: str, labels) -> None:
    """Per label, the phrases that drove it with their shares; then the text, phrases marked."""
    phrases = []
    for label in labels:
        found = reasons(model.linear_model, text, label, read=model.read_lines)
        phrases += [r.phrase for r in found]
        title = model.taxonomy[label].title
        listed = "、".join(f"「{r.phrase}」{r.share:.0%}" for r in found if round(r.share, 2)) or "（无明显依据）"
        print(f"依据 {label}（{title}）: {listed}")
    print("标出: " + highlight(text[:300], phrases) + ("…" if len(text) > 300 else ""))


def _cut(text: str, chars: int) -> str:
    """The first ``chars`` characters of ``text``, and … where it goes on."""
    return text if len(text) <= chars else text[:chars] + "…"


def _short(remedy: str, lines: int = 3, *, text: str = "") -> str:
    """The first lines of each remedy block (``--full`` prints all of them), and any later line
    that speaks of a word of the message ``text`` which no line shown does (a personal site's
    博客 or 论坛 in the third item of the name rules)."""
    out, shown, cut = [], 0, False
    words = {w for w in tokenize(normalize(text)) if len(w) > 1 and _CJK.fullmatch(w)} if text else set()
    for line in remedy.splitlines():
        if line.startswith("【") or not line.strip():
            shown = 0
            out.append(line)
        elif shown < lines or any(w in line and not any(w in kept for kept in out) for w in words):
            out.append(line)
            shown += 1
        else:
            cut = True
    return "\n".join(out).strip() + ("\n…（--full 显示完整处理办法）" if cut else "")


_CJK = re.compile(r"[\u4e00-\u9fff]+")


def _stdin_lines():
    """Lines of standard input as text, decided as ``batch`` decides a file's encoding from the
    first bytes that arrive: UTF-16 or UTF-32 (with a byte-order mark, or UTF-16 that reads as
    Chinese) for the whole stream; otherwise each line as a file's lines are read: where the
    first bytes read as GB18030 (a Chinese Windows console), as GB18030 unless it is a line of
    UTF-8 (``io.decode_gb18030_line``), else as UTF-8 whose runs that are not UTF-8 read as
    GB18030 and what neither reads as U+FFFD (``io.decode_utf8_or_gb18030``). Lines are answered
    as they arrive (the first bytes are only peeked at)."""
    from ..io import InputError, decode_gb18030_line, decode_utf8_or_gb18030, detect_encoding
    buf = sys.stdin.buffer
    head = buf.peek(1 << 16)[: 1 << 16] if hasattr(buf, "peek") else b""
    try:
        enc = detect_encoding(head) if head else "utf-8"
    except InputError:  # Big5, Shift_JIS …: read line by line as below
        enc = "utf-8"
    if enc.startswith(("utf-16", "utf-32")):
        for line in io.TextIOWrapper(buf, encoding=enc, errors="replace", newline=None):  # \n, \r\n or \r
            yield line.lstrip("\ufeff").rstrip("\n")
        return
    decode = decode_gb18030_line if enc == "gb18030" else decode_utf8_or_gb18030
    for raw in buf:
        # a bare CR ends a line too, as in the files ``batch`` reads (no byte of a GB18030 or
        # UTF-8 character is a CR)
        for part in raw.rstrip(b"\r\n").split(b"\r") if b"\r" in raw else (raw,):
            yield decode(part).lstrip("\ufeff").rstrip("\r\n")
