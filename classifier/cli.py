"""The command line: one argparse entry point; each subcommand module offers
``add_parser(subparsers)`` and ``main(args)``."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from .commands import batch, data, evaluate, predict, train

COMMANDS = (predict, batch, train, evaluate, data)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="icp-classify",
        description="Classify Chinese ICP-filing rejection messages into the rejection FAQ's categories.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.add_parser(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: unwind (temporary files are removed on the way) and exit 143."""


def _on_sigterm(signum, frame):  # noqa: ARG001
    raise Terminated()


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the subcommand; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted by SIGINT; no output was written", file=sys.stderr)
        return 130
    except Terminated:
        print("interrupted by SIGTERM; no output was written", file=sys.stderr)
        return 143
    except BrokenPipeError:
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
