"""Metamorphic probe: append closing sentences (generic instructions, deadlines, help channels,
sign-offs: no reason) to every test, wild and real rejection and count the answers that change.

    .venv/bin/python bench/closing_probe.py [--model DIR] [--every N] [--show K]

The sentences are in ``bench/closings/*.txt``, one per line (``\\n`` written as two characters),
written without sight of the training data. ``heldout.txt`` and ``heldout2.txt`` were measured
before anyone read them; the rules of ``classifier.text`` (generic closings) and
``classifier.policy`` (which clause may add ``other``) were tuned while reading ``tuning1.txt``
and ``tuning2.txt``, so their figures are not held out. ``heldout3.txt`` and ``heldout4.txt``
add reminders that name a field in passing; the advice pass of ``classifier.text`` was written
after reading the first lines of ``heldout3.txt``, and ``heldout4.txt`` was not read.
``heldout5.txt`` is half deadlines (what becomes of the order if nobody acts); it was written
while the deadline pass of ``classifier.text`` was being written, by someone who did not see it,
and measured with the pass frozen (only the five worst lines of that run were read).
The worst lines of ``heldout3.txt``–``heldout5.txt`` were read later still, so only ``heldout.txt``,
``heldout2.txt`` and ``heldout6.txt`` (written blind when the rules for process notes and what
becomes of orders were done; its worst lines were read after its first measurement) were blind
when first measured. ``heldout7.txt`` and ``heldout8.txt`` (general information after a reason:
where to find or do something, specifications, notices about the message, rules restated) were
written blind and measured before anyone read them; the information pass of ``classifier.text``
(``_INFO``) was then written while reading the worst lines of ``heldout7.txt`` and
``heldout6.txt``, and ``heldout8.txt`` measured again unread, so it is the held-out one.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from classifier import load_model
from classifier.dataset import load_split, wild_names

CLOSINGS = Path(__file__).resolve().parent / "closings"


def closings(path: Path) -> list[str]:
    """The closing sentences of one file (comments and blank lines left out)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--every", type=int, default=1, help="use every N-th text (a quicker run)")
    ap.add_argument("--show", type=int, default=5, help="closings to print with the most changes")
    args = ap.parse_args(argv)
    model = load_model(args.model) if args.model else load_model()
    texts = [ex.text for name in ["test", *wild_names()] for ex in load_split(name)
             if ex.detail != "not_a_rejection"][:: args.every]
    base = [set(p.labels) for p in model.predict(texts)]
    for path in sorted(CLOSINGS.glob("*.txt")):
        rates = []
        for closing in closings(path):
            moved = model.predict([t.rstrip("。") + closing for t in texts])
            rates.append((sum(set(p.labels) != b for p, b in zip(moved, base, strict=True)) / len(texts), closing))
        mean = sum(r for r, _ in rates) / len(rates)
        print(f"{path.name}: {len(rates)} closings x {len(texts)} texts: {mean:.2%} of answers changed")
        for rate, closing in sorted(rates, reverse=True)[: args.show]:
            print(f"   {rate:6.1%} {closing!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
