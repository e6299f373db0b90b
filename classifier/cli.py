"""The command line: one argparse entry point; each subcommand module offers
``add_parser(subparsers)`` and ``main(args)``."""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand (their modules are imported here, not when the
    command line module is)."""
    from .commands import batch, data, evaluate, predict, train

    parser = argparse.ArgumentParser(
        prog="icp-classify",
        description="Classify Chinese ICP-filing rejection messages into the rejection FAQ's categories.",
    )
    from . import __version__
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (predict, batch, train, evaluate, data):
        module.add_parser(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (temporary files are removed on the way) and exit
    128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum, frame):  # noqa: ARG001
    raise Terminated(signum)


#: Signals that end a terminal session or a job: each unwinds like Ctrl-C.
_ENDING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _quiet_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of what
    could not be written raises nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (tests, embedded use)
        pass


def _closed_streams() -> tuple[bool, bool]:
    """Stand the null device in for standard streams the caller closed (``>&-``: Python then
    has None); whether standard input and standard output were among them."""
    closed = sys.stdin is None, sys.stdout is None
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the whole run)
    if sys.stdin is None:
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return closed


def _uses(args: argparse.Namespace) -> tuple[bool, bool]:
    """Whether a command reads standard input and writes standard output."""
    reads = getattr(args, "input", None) == "-" or (args.command == "predict" and args.texts in ([], ["-"]))
    writes = args.command in ("predict", "evaluate") or "-" in (
        getattr(args, name, None) for name in ("output", "summary", "report", "review_out"))
    return reads, writes


def _asked_files(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """The files a command was asked to write besides standard output (for ``train``, its
    model folder's manifest, written last)."""
    files = [(opt, getattr(args, name, None)) for opt, name in (("--errors", "errors"), ("--review-out", "review_out"),
                                                                ("--summary", "summary"), ("--report", "report"))]
    if hasattr(args, "no_refit"):  # train
        from . import config
        out = Path(args.out) if args.out else config.SHIPPED_MODEL_DIR
        files.append(("the model folder", str(out / config.MODEL_MANIFEST)))
    return files


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the subcommand; returns the exit status. Run as the program
    (``argv`` None) after a batch abandoned its worker pool, the process ends at once with that
    status: the pool's thread can wait forever for a result a terminated worker did not finish."""
    status = _run(argv)
    if argv is None:
        from .batch import pool_abandoned
        if pool_abandoned():
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            os._exit(status)
    return status


def _run(argv: Sequence[str] | None) -> int:
    no_stdin, no_stdout = _closed_streams()
    try:
        parser = build_parser()  # imports the commands, NumPy and the model code
    except KeyboardInterrupt:
        print("interrupted by SIGINT while starting", file=sys.stderr)
        return 130
    args = parser.parse_args(argv)
    from . import config
    try:
        config.wanted_tokenizer()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    reads, writes = _uses(args)
    if no_stdout and writes:
        print("error: standard output is closed; the answers would be lost", file=sys.stderr)
        return 1
    if no_stdin and reads:
        print("error: standard input is closed; name a file or give the texts", file=sys.stderr)
        return 2
    previous: dict[int, object] = {}
    started = time.time()
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, _on_signal) for sig in _ENDING}
    try:
        status = int(args.func(args) or 0)
        sys.stdout.flush()  # what is still buffered fails here, not silently at exit
        return status
    except BrokenPipeError:
        _quiet_stdout()  # the reader has gone (… | head): stop, as other tools do
        unwritten = [f"{opt} {path}" for opt, path in _asked_files(args) if path and path != "-"
                     and (not os.path.exists(path) or os.path.getmtime(path) < started - 1)]
        if unwritten:  # … but not silently when files were asked for and not written
            print(f"error: standard output was closed before the run ended; not written: {', '.join(unwritten)}",
                  file=sys.stderr)
            return 1
        return 0
    except OSError as exc:
        if exc.filename is not None:  # a file's error (already reported by the command as it sees fit)
            raise
        _quiet_stdout()
        print(f"error: cannot write to standard output: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted by SIGINT; no output was written", file=sys.stderr)
        return 130
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        print(f"interrupted by {name}; no output was written", file=sys.stderr)
        return 128 + exc.signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
