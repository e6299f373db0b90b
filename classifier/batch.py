"""Batch classification of exported rejection logs: stream rows in, classify each distinct
normalised text once, write every row out in order with label, remedy and status."""
from __future__ import annotations

import codecs
import itertools
import json
import math
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from . import config
from .calibration import EMPTY, NON_REJECTION, is_non_rejection, row_kind
from .config import OUTPUT_COLUMNS, OUTPUT_COLUMNS_ZH
from .htmlreport import MAX_VALUES, ReportCollector, render, resolve_by
from .io import AtomicWriter, InputError, cell_text, detect_format, find_text_column, read_table, xlsx_loss
from .outputs import STDIO, OutputError, check_targets, discard, leftover_parts, publish, temp_text
from .prediction import Model, Prediction, input_status
from .review import ReviewCollector, label_choices
from .text import display_width, normalize, pad

CHUNK_ROWS = 4096
#: Rows of a worksheet, the header's included.
XLSX_MAX_ROWS = 1_048_576
#: Characters a chunk holds at most (about; rows of huge cells make smaller chunks).
CHUNK_CHARS = 4_000_000
#: Rows of the first chunk, whose size sets the next chunks' row count.
FIRST_CHUNK_ROWS = 256
#: Chunks handed to the classifier before the oldest one is written.
PIPELINE = 3
#: Distinct texts remembered across chunks (bounded memory: about 50 MB at most).
CACHE_SIZE = 50_000


def _threshold_shown(threshold: float) -> str:
    """A review threshold as the rows show confidences (four decimals, rounded before the
    comparison): the least such value that is not flagged, so that "below X" holds row by row."""
    return f"{math.ceil(round(threshold * 10_000, 6)) / 10_000:g}"


class BatchError(RuntimeError):
    """The run failed for a reason that is not the user's input (a worker process died)."""


class Cells(NamedTuple):
    """The output cells of one classified text (shared by every row with that text)."""

    label: str
    labels: str
    detail: str
    confidence: str
    title: str
    remedy: str
    needs_review: bool
    #: The normalised text these cells answer (the key of the review file and the report).
    norm: str = ""


def _format_cells(label: str, labels: Sequence[str], detail: str | None, confidence: float, title: str, remedy: str,
                  needs_review: bool, norm: str = "") -> Cells:
    """The output cells: labels joined by ``;``, detail or "", confidence with 4 decimals."""
    return Cells(label, ";".join(labels), detail or "", f"{confidence:.4f}", title, remedy, needs_review, norm)


def _cells(pred: Prediction) -> Cells:
    return _format_cells(pred.label, pred.labels, pred.detail, pred.confidence, pred.title, pred.remedy,
                         pred.needs_review)


@dataclass
class BatchSummary:
    rows: int = 0
    per_label: Counter = field(default_factory=Counter)
    per_status: Counter = field(default_factory=Counter)
    #: Rows per detail of ``other`` (the known out-of-FAQ reasons, non-rejections among them).
    per_detail: Counter = field(default_factory=Counter)
    #: Rows per label present at all (a row with several reasons counts for each).
    per_label_present: Counter = field(default_factory=Counter)
    #: Rows that are no rejection at all (approvals, status notices, placeholders).
    non_rejections: int = 0
    #: Rows without a message (empty cells): counted apart, like the non-rejections.
    empty: int = 0
    needs_review: int = 0
    #: The confidence under which answers were flagged (``Model.review_below``).
    review_below: float | None = None
    #: Non-rejections that the review file lists for their status (truncated_2000 …).
    non_rejections_listed: int = 0
    distinct_texts: int = 0
    seconds: float = 0.0
    text_column: str = ""
    encoding: str | None = None
    #: The file row that held the header (rows above it were titles or blank); None: no header.
    header_row: int | None = 1
    #: What the reader repaired in the input (an unbalanced quote …), for the user to check.
    notes: list[str] = field(default_factory=list)
    #: The text column is a key of the rows' objects (JSON Lines).
    keyed: bool = False

    def count(self, answers: Counter) -> None:
        """Add rows counted by answer: (label, labels, detail, status, needs review, is a
        non-rejection) -> rows. (The batch loop counts answers, a dict step a row; the
        per-label counts are derived here, once.)"""
        for (label, labels, detail, status, needs, non_rejection), n in answers.items():
            kind = row_kind(status, non_rejection)
            if kind == NON_REJECTION:
                self.non_rejections += n  # counted apart: not in the label or review shares
                self.non_rejections_listed += n * needs  # flagged for a status only (truncated …)
            elif kind == EMPTY:
                self.empty += n  # no message: nothing to classify or to review
            else:
                self.per_label[label] += n
                for one in labels.split(";") if labels else (label,):
                    self.per_label_present[one] += n
                self.needs_review += n * needs
            self.per_status[status] += n
            if detail:
                self.per_detail[detail] += n

    @property
    def rejections(self) -> int:
        """Rows that are rejections (every row but the non-rejections and the empty ones)."""
        return self.rows - self.non_rejections - self.empty

    def to_dict(self, titles: dict[str, str]) -> dict[str, Any]:
        """The summary as JSON-ready data; shares are of the rejection rows."""
        return {
            "rows": self.rows,
            "rejections": self.rejections,
            "non_rejections": self.non_rejections,
            "empty": self.empty,
            "text_column": self.text_column or None,
            "header_row": self.header_row,
            "encoding": self.encoding,
            "distinct_texts": self.distinct_texts,
            # every category present, primary or not (rows 0 for one that is only ever a further label)
            "per_label": {k: {"rows": self.per_label[k], "present": self.per_label_present[k],
                              "title": titles.get(k, "")}
                          for k in [*(k for k, _ in self.per_label.most_common()),
                                    *(k for k, _ in self.per_label_present.most_common() if k not in self.per_label)]},
            "per_label_present": {k: {"rows": v, "title": titles.get(k, "")}
                                  for k, v in self.per_label_present.most_common()},
            "per_detail": {k: {"rows": v, "title": titles.get(k, "")} for k, v in self.per_detail.most_common()},
            "per_status": dict(self.per_status.most_common()),
            "notes": list(self.notes),
            "needs_review": self.needs_review,
            "needs_review_share": round(self.needs_review / self.rejections, 4) if self.rejections else 0.0,
            "review_below": round(self.review_below, 4) if self.review_below is not None else None,
            "non_rejections_listed": self.non_rejections_listed,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows / self.seconds, 1) if self.seconds else None,
        }

    def format(self, titles: dict[str, str]) -> str:
        d = self.to_dict(titles)
        lines = [f"rows read: {self.rows} (" + ("key" if self.keyed else "text column") + " "
                 + (f"'{self.text_column}'" if self.text_column else "none")
                 + ("" if self.keyed else ", no header row" if self.header_row is None else
                    f", header on row {self.header_row}" if self.header_row != 1 else "")
                 + f", encoding {self.encoding or 'n/a'}); "
                 f"rejections {self.rejections}, not rejections {self.non_rejections}"
                 + (f", empty {self.empty}" if self.empty else "")]
        shown = list(d["per_label"]) + [k for k in d["per_label_present"] if k not in d["per_label"]]
        # Titles padded to the widest shown (wide characters count two terminal columns).
        wide = max([24] + [display_width(titles.get(k, "")) for k in shown]
                   + [display_width(i["title"]) + 5 for i in d["per_detail"].values()])
        lines.append(f"  {'label':28s} {pad('', wide)} {'primary':>8s}  {'share':>6s} {'present':>8s}")
        for label in shown:
            primary, present = self.per_label[label], self.per_label_present[label]
            share = primary / self.rejections if self.rejections else 0
            lines.append(f"  {label:28s} {pad(titles.get(label, ''), wide)} {primary:8d}  {share:6.1%} {present:8d}")
        for detail, info in d["per_detail"].items():
            lines.append(f"    other: {detail:24s} {pad(info['title'], wide - 5)} {info['rows']:8d}")
        share = self.needs_review / self.rejections if self.rejections else 0.0  # not the rounded JSON value
        below = f", confidence below {_threshold_shown(self.review_below)}" if self.review_below is not None else ""
        lines.append(f"needs review: {self.needs_review} ({share:.1%}{below})"
                     + (f"; also listed for review for their status: {self.non_rejections_listed} not rejections"
                        if self.non_rejections_listed else ""))
        lines += [f"note: {n}" for n in self.notes]
        bad = {k: v for k, v in self.per_status.items() if k != "ok"}
        if bad:
            lines.append("row status: " + ", ".join(f"{k}={v}" for k, v in bad.items()))
        lines.append(f"{self.rows} row{'' if self.rows == 1 else 's'} in {self.seconds:.2f}s "
                     f"({d['rows_per_second'] or 0:.0f} rows/s, {self.distinct_texts} distinct "
                     f"text{'' if self.distinct_texts == 1 else 's'})")
        return "\n".join(lines)


#: A classified text as workers send it back: (label, labels, details, confidence, needs_review,
#: whether it has a remedy); the title and remedy are looked up again from the labels and details.
Compact = tuple[str, tuple[str, ...], tuple[str, ...], float, bool, bool]


def _classify_raw(model: Model, texts: list[str]) -> list[tuple[str, Compact | None]]:
    """(normalised text, result) per raw text; the result is None for an empty text. Runs in
    the batch process, or in a worker process of the pool (with the model it inherited)."""
    norms = [normalize(t) for t in texts]
    keys = [n for n in norms if n]
    found = {n: (p.label, p.labels, p.details, p.confidence, p.needs_review, bool(p.remedy))
             for n, p in zip(keys, model.classify_normalized(keys), strict=True)}
    return [(n, found.get(n)) for n in norms]


_WORKER_MODEL: Model | None = None


def _worker_init(parent: int | None = None) -> None:
    # The parent handles SIGINT/SIGHUP and ends the pool; SIGTERM (sent by the parent when it
    # abandons the pool) simply ends a worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """Linux: have the kernel send this worker SIGTERM when the batch process dies, however it
    dies (SIGKILL, the out-of-memory killer), so that no worker is left waiting for work."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def _worker_run(texts: list[str]) -> list[tuple[str, Compact | None]]:
    return _classify_raw(_WORKER_MODEL, texts)  # type: ignore[arg-type]


class Classifier:
    """Classifies chunks of raw texts into output cells.

    A raw text seen before is answered from a bounded cache without normalising it again; new
    ones are normalised and classified (each distinct normalised text once) in this process or,
    once a chunk brings at least ``PARALLEL_MIN`` new texts and ``jobs`` > 1, by a pool of
    forked worker processes. ``submit`` hands a chunk over and returns a function that waits
    for its cells, so the caller can read and write the next chunks meanwhile."""

    #: Fewer new texts than this in a chunk are classified in-process (a pool does not pay).
    PARALLEL_MIN = 1500

    def __init__(self, model: Model, *, jobs: int = 1) -> None:
        self.model = model
        self.by_raw: dict[str, Cells] = {}  # raw text -> output cells
        self.by_norm: dict[str, Cells] = {}  # normalised text -> output cells (shared objects)
        self.distinct = 0
        self.jobs = max(1, jobs) if parallel_supported() else 1
        self._pool = None

    def _start_pool(self):
        global _WORKER_MODEL
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _WORKER_MODEL = self.model  # inherited by the forked workers: no reload
        _classify_raw(self.model, ["预热"])  # initialise the tokenizer before forking (the tables are built already)
        ctx = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_worker_init,
                                         initargs=(os.getpid(),))
        return self._pool

    def _cells(self, norm: str, result: Compact) -> Cells:
        cells = self.by_norm.get(norm)
        if cells is None:
            label, labels, details, confidence, needs, remedied = result
            detail = details[0] if details else None
            title, remedy = self.model.describe(labels, detail, details[1:])
            # (an answer without a remedy, such as for text without a word, has none here either)
            cells = _format_cells(label, labels, detail, confidence, title, remedy if remedied else "", needs, norm)
            if len(self.by_norm) >= CACHE_SIZE:
                self.by_norm.clear()
            self.by_norm[norm] = cells
            self.distinct += 1
        return cells

    def submit(self, texts: list[str]) -> Callable[[], list[Cells | None]]:
        """Start classifying ``texts``; the returned function gives the cells per text (None
        for an empty text), in order."""
        out: list[Cells | None] = [None] * len(texts)
        where: dict[str, list[int]] = {}  # new raw texts -> their positions in this chunk
        known = self.by_raw
        for i, t in enumerate(texts):
            if t:
                cells = known.get(t)
                if cells is None:
                    where.setdefault(t, []).append(i)
                else:
                    out[i] = cells
        new = list(where)
        if not new:
            return lambda: out
        pool = self._pool
        if pool is None and self.jobs > 1 and len(new) >= self.PARALLEL_MIN:
            pool = self._start_pool()
        if pool is None:
            results = _classify_raw(self.model, new)
            parts = None
        else:
            step = -(-len(new) // self.jobs)
            parts = [pool.submit(_worker_run, new[i:i + step]) for i in range(0, len(new), step)]

        def finish() -> list[Cells | None]:
            res = results if parts is None else [r for f in parts for r in f.result()]
            if len(known) + len(new) > CACHE_SIZE:
                known.clear()
            for raw, (norm, result) in zip(new, res, strict=True):
                cells = None if result is None else self._cells(norm, result)
                if cells is not None and len(raw) <= config.MAX_CHARS:
                    known[raw] = cells  # (huge texts are not kept: memory stays bounded)
                for i in where[raw]:
                    out[i] = cells
            return out
        return finish

    def close(self, *, abandon: bool = False) -> None:
        """Stop the worker pool. ``abandon`` (the run failed or was interrupted): terminate the
        workers instead of waiting for them, so a dead or stuck worker cannot hang the exit."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if abandon:
            global _ABANDONED
            _ABANDONED = True
            for proc in list(getattr(pool, "_processes", {}).values()):
                if proc.is_alive():
                    proc.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
        else:
            pool.shutdown(wait=True, cancel_futures=True)


#: Whether this process abandoned a worker pool (``Classifier.close``): a worker ended while it
#: wrote a result leaves the pool's thread waiting for the rest, which would hold the
#: interpreter's exit forever (``cli.run`` then ends the process at once).
_ABANDONED = False


def pool_abandoned() -> bool:
    """Whether a worker pool of this process was abandoned (the run failed or was interrupted)."""
    return _ABANDONED


def parallel_supported() -> bool:
    """Whether batch work may use worker processes: they are forked, so that they share the
    loaded model without reloading it, and forking is safe only on Linux (macOS's system
    libraries and Windows do not allow it). Elsewhere batch runs in one process."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def auto_jobs() -> int:
    """Processes for batch work: the usable cores, at most 4."""
    return max(1, min(4, usable_cores())) if parallel_supported() else 1


def _row_status(text: str, pred: Cells | None) -> str:
    # Undecodable bytes (``prediction.is_undecoded``): the readers of ``io`` leave them as
    # U+FFFD only (a lone surrogate of a JSON string becomes U+FFFD too), so the cheap test
    # suffices on this path, which every row takes.
    if pred is not None and len(text) <= config.MAX_CHARS and "\ufffd" not in text:
        return "ok"  # nearly every row
    return input_status(text, empty=pred is None)


def row_cells(text: str, cells: Cells | None, empty: Cells) -> tuple[Cells, tuple[Any, ...], str, bool]:
    """(cells, the output columns after the input's, status, needs review) of one row: a row
    without a text gets ``empty``; a row whose status is not ok always needs review (batch adds
    statuses of other columns)."""
    status = _row_status(text, cells)
    cells = cells or empty
    needs = cells.needs_review or status != "ok"
    return cells, (*cells[:6], "true" if needs else "false", status), status, needs


def _chunks(rows: Iterator[list[str]], size: int, *, max_chars: int | None = None) -> Iterator[list[list[str]]]:
    """Chunks of at most ``size`` rows and, by the rows seen so far, about ``max_chars``
    characters (``CHUNK_CHARS``): a log of huge cells goes in smaller chunks, so memory stays
    bounded whatever the cell size. The first chunk is small, to measure the rows."""
    max_chars = CHUNK_CHARS if max_chars is None else max_chars
    n = min(size, FIRST_CHUNK_ROWS)
    while True:
        chunk = list(itertools.islice(rows, n))
        if not chunk:
            return
        yield chunk
        chars = sum(map(len, itertools.chain.from_iterable(chunk)))
        n = max(1, min(size, max_chars * len(chunk) // max(chars, 1)))


#: Output encodings that hold every character (a narrower one would fail or lose text mid-run).
UNIVERSAL_ENCODINGS = frozenset({"utf_8", "utf_8_sig", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "gb18030"})


def check_output_encoding(encoding: str) -> str:
    """The codec name of ``encoding`` if it can hold any text; InputError otherwise."""
    try:
        name = codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        raise InputError(f"unknown output encoding '{encoding}'; use utf-8-sig (default), utf-8 or gb18030") from None
    if name not in UNIVERSAL_ENCODINGS:
        raise InputError(f"output encoding '{encoding}' cannot hold every character of a rejection log "
                         "(rare hanzi, emoji); use utf-8-sig (default), utf-8 or gb18030")
    return encoding


def run_batch(
    model: Model,
    input_path: str,
    output_path: str,
    *,
    text_column: str | None = None,
    encoding: str | None = None,
    output_encoding: str = "utf-8-sig",
    sheet: str | None = None,
    review_out: str | None = None,
    summary_out: str | None = None,
    overwrite: bool = False,
    progress: bool = False,
    jobs: int = 1,
    input_format: str | None = None,
    escape_formulas: bool = True,
    header_row: int | None = None,
    report_out: str | None = None,
    by: Sequence[str] = (),
    headers: str = "en",
) -> BatchSummary:
    """Classify every row of ``input_path`` into ``output_path`` (and ``review_out``,
    ``summary_out``, ``report_out``). Raises InputError/OutputError for usage problems, found
    before any work. Every output goes to a temporary file, published only after the whole run
    succeeded; whatever stops the run (an error, a dead worker, KeyboardInterrupt, SIGTERM or
    SIGHUP) removes the temporary files, so no partial file is left."""
    _check_options(input_path, output_path, review_out=review_out, summary_out=summary_out,
                   report_out=report_out, by=by, headers=headers, output_encoding=output_encoding,
                   overwrite=overwrite)
    start = time.perf_counter()
    model.prepare_for_batches()
    table, col, report = _open_input(input_path, input_format=input_format, encoding=encoding, sheet=sheet,
                                     header_row=header_row, text_column=text_column,
                                     by=by if report_out else None)
    summary = BatchSummary(text_column=table.header[col] if col >= 0 else "", encoding=table.encoding,
                           header_row=None if table.headless or not table.header else table.header_row,
                           notes=table.notes, keyed=table.keyed, review_below=model.review_below)
    for out in filter(None, (output_path, review_out, summary_out, report_out)):
        removed, kept = leftover_parts(out, clean=True)
        summary.notes += [f"removed {part} beside {out}, a partial file left by a run that was killed"
                          for part in removed]
        summary.notes += [f"{part} beside {out} is a partial file of a run still under way (or of one killed in the "
                          f"last minute); delete it once no other run writes {out}" for part in kept]
    writers: list[AtomicWriter] = []
    temps: list[tuple[str, str]] = []  # (temporary file, target) of the summary and the report
    texts: list[tuple[str, str]] = []  # (content, target) of the summary and the report
    clf: Classifier | None = None
    ok = False
    try:
        writer = _open_writer(table, col, output_path, writers, encoding=output_encoding,
                              escape_formulas=escape_formulas, headers=headers)
        review = ReviewCollector(table.header, col) if review_out else None
        clf = Classifier(model, jobs=min(jobs, usable_cores()) if jobs > 0 else auto_jobs())
        bar = _progress(progress)
        _classify_rows(model, clf, table, col, writer, summary, bar, review=review, report=report)
        if bar is not None:
            bar.close()
        summary.distinct_texts = clf.distinct
        summary.seconds = time.perf_counter() - start
        if not summary.rows:
            summary.notes.append("the input holds no rows (an empty file, or a header alone): the output holds "
                                 "the header only")
        if review is not None:
            if review.overflow:
                summary.notes.append(f"the review file lists the first {review.limit:,} distinct messages that need "
                                     f"review; {review.overflow:,} rows of further ones are flagged in the output "
                                     "but not listed")
            writers.append(_review_file(review, review_out, encoding=output_encoding,
                                        escape_formulas=escape_formulas))
        if report is not None:
            for b in report.by:
                if b.period:
                    b.settle()
            summary.notes += [b.order_note() for b in report.by if b.period and b.either_way]
            summary.notes += [f"--by {b.name or b.column}: {b.undated:,} rows hold no date this tool reads; the "
                              "report counts them under （无日期）" for b in report.by if b.period and b.undated]
            summary.notes += [f"--by {b.name or b.column}: more than {2 * MAX_VALUES:,} values; those with the fewest "
                              "rows were counted under （其余取值） as the file was read, so a value's count there can "
                              "miss its first rows" for b in report.by if b.folded]
            texts.append((_report_page(report, model, input_path), report_out))
        for w in writers:
            w.finish()
        if summary_out:
            texts.append((_summary_text(summary, model), summary_out))
        for text, target in texts:  # a file beside its target, or standard output at the end
            if target != STDIO:
                temps.append((temp_text(target, text), target))
        # Everything of the run is complete: publish, refusing files that appeared meanwhile.
        for w in writers:
            w.publish(overwrite=overwrite)
        while temps:
            publish(*temps[0], overwrite=overwrite)
            temps.pop(0)
        for text, target in texts:
            if target == STDIO:
                sys.stdout.write(text + "\n")
        ok = True
    except BrokenProcessPool:
        raise BatchError("a worker process died (killed by the system, perhaps out of memory); "
                         "no output was written. Try again with --jobs 1") from None
    finally:
        if not ok:
            for w in writers:
                w.abort()
            for tmp_name, _ in temps:
                discard(tmp_name)
        if clf is not None:
            clf.close(abandon=not ok)
        table.close()
    return summary


def _open_input(path: str, *, input_format: str | None, encoding: str | None, sheet: str | None,
                header_row: int | None, text_column: str | None,
                by: Sequence[str] | None) -> tuple[Any, int, ReportCollector | None]:
    """(the table, its text column, the report collector when ``by`` is not None)."""
    table = read_table(path, fmt=input_format, encoding=encoding, sheet=sheet, header_row=header_row)
    try:
        col = find_text_column(table.header, text_column, sample=table.sample) if table.header else -1
        report = ReportCollector(resolve_by(list(by), table.header, table.sample)) if by is not None else None
    except InputError:
        table.close()
        raise
    return table, col, report


def _check_options(input_path: str, output_path: str, *, review_out: str | None, summary_out: str | None,
                   report_out: str | None, by: Sequence[str], headers: str, output_encoding: str,
                   overwrite: bool) -> None:
    """Usage problems, found before any work: InputError or OutputError."""
    check_targets((("-o", output_path), ("--review-out", review_out), ("--summary", summary_out),
                   ("--report", report_out)), inputs=(input_path,), overwrite=overwrite)
    if by and not report_out:
        raise InputError("--by breaks down the --report; give --report FILE.html as well")
    if headers not in ("en", "zh"):
        raise InputError(f"--headers {headers}: use en or zh")
    for out in filter(None, (output_path, review_out)):
        detect_format(out, output=True)
    for option, path, kind, wrong in (("--report", report_out, "an HTML page", _NOT_HTML),
                                      ("--summary", summary_out, "JSON", _NOT_JSON)):
        if path and path != "-" and os.path.splitext(path)[1].lower() in wrong:
            raise InputError(f"{option} {path}: {option} writes {kind}, not a {os.path.splitext(path)[1]} file: "
                             f"name it .{'html' if option == '--report' else 'json'}")
    check_output_encoding(output_encoding)


#: File names that say a table or another format, not what --report and --summary write.
_TABLES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm", ".jsonl", ".ndjson")
_NOT_HTML = frozenset((*_TABLES, ".json"))
_NOT_JSON = frozenset((*_TABLES, ".html", ".htm"))


def _open_writer(table: Any, col: int, output_path: str, writers: list[AtomicWriter], *, encoding: str,
                 escape_formulas: bool, headers: str) -> AtomicWriter:
    """The output writer (the input's columns, then OUTPUT_COLUMNS, named in ``headers``'
    language), appended to ``writers`` as soon as it exists (so a failure aborts it)."""
    names = {c: OUTPUT_COLUMNS_ZH[c] if headers == "zh" else c for c in OUTPUT_COLUMNS}
    widths = {table.header[col]: 50} if col >= 0 else {}
    widths.update({names["title"]: 24, names["remedy"]: 60, names["labels"]: 30, names["label"]: 24})
    writer = AtomicWriter(output_path, list(table.header), added=list(names.values()), encoding=encoding,
                          escape_formulas=escape_formulas, sheet_title=table.sheet or "分类结果",
                          numeric=(names["confidence"],), booleans=(names["needs_review"],),
                          lists=(names["labels"],), nullable=(names["detail"],), widths=widths,
                          wrap=(names["remedy"],))
    writers.append(writer)
    return writer


def _review_file(review: ReviewCollector, path: str, *, encoding: str, escape_formulas: bool) -> AtomicWriter:
    """The review file, one row per distinct message to review, written to its temporary file."""
    writer = AtomicWriter(path, review.columns, encoding=encoding, escape_formulas=escape_formulas,
                          sheet_title="待复核", numeric=("count", "confidence"), lists=("predicted",),
                          nullable=("predicted_detail",),
                          widths={"label": 26, "text": 60, "predicted": 30, "rows": 20},
                          choices={"label": label_choices()})
    try:
        for row in review.rows():
            writer.write(row)
    except BaseException:
        writer.abort()
        raise
    return writer


def _report_page(report: ReportCollector, model: Model, source: str) -> str:
    """The HTML report."""
    titles = summary_titles(model)
    return render(report.data(titles), source=os.path.basename(source),
                  model=str(model.manifest.get("created", "")) or "?", titles=titles)


def _classify_rows(model: Model, clf: Classifier, table: Any, col: int, writer: AtomicWriter,
                   summary: BatchSummary, bar: Any, *, review: ReviewCollector | None = None,
                   report: ReportCollector | None = None) -> None:
    """The streaming loop: read chunks, keep up to PIPELINE of them in flight, write each row
    and hand it to the review and report collectors; the summary counts the answers."""
    empty = _cells(model.bad_prediction(config.EMPTY_STATUS))
    pending: deque[tuple[list[list[str]], list[str], Callable[[], list[Cells | None]]]] = deque()
    chunks = _chunks(table.rows, CHUNK_ROWS)
    row_number = table.header_row  # rows are numbered as in the input, the header's included
    answers: Counter = Counter()  # (label, labels, detail, status, needs review, non-rejection) -> rows
    xlsx = writer.fmt == "xlsx"  # a workbook cannot hold every cell: such rows get a status
    decoded = table.encoding is not None  # text decoded from bytes (not .xlsx)
    invalid = 0  # JSONL lines that are no object
    # a row that repeats the header (two exports joined into one file) is data to keep, and noted
    names = [] if table.headless else [h.strip().lstrip("\ufeff") for h in table.header]
    repeated: list[int] = []
    while True:
        while len(pending) < PIPELINE:
            chunk = next(chunks, None)
            if chunk is None:
                break
            texts = [cell_text(row, col) if col >= 0 and not getattr(row, "invalid", False) else "" for row in chunk]
            pending.append((chunk, texts, clf.submit(texts)))
        if not pending:
            break
        chunk, texts, finish = pending.popleft()
        for row, text, found in zip(chunk, texts, finish(), strict=True):
            row_number = getattr(row, "number", None) or row_number + 1  # (JSONL: the line, blank ones counted)
            if names and row and row[0].strip().lstrip("\ufeff") == names[0] and len(row) == len(names) \
                    and [c.strip().lstrip("\ufeff") for c in row] == names:
                repeated.append(row_number)
            cells, tail, status, needs = row_cells(text, found, empty)
            # a status of the row beyond its message's: cells a workbook cannot hold, a JSONL line
            # that is no object (kept, not read: its message is empty), bytes of another column
            # that the file's encoding could not read
            lost = xlsx and xlsx_loss(row)
            extra = lost or (config.INVALID_JSON_STATUS if getattr(row, "invalid", False) else
                             "decode_error_other_column" if decoded and status == "ok"
                             and "\ufffd" in "".join(row) else None)
            if extra:
                invalid += extra == config.INVALID_JSON_STATUS
                # a cell of another column cut or cleaned for the workbook leaves the answer as it
                # was: the status says so, the flag stays the answer's
                needs = needs or not lost or bool(xlsx_loss([text]))
                status = extra if status == "ok" else f"{status};{extra}"
                tail = (*tail[:-2], "true" if needs else "false", status)
            writer.write(row, tail)
            non_rejection = is_non_rejection(cells.labels, cells.detail)
            if review is not None and needs:  # a non-rejection is flagged only for its status (truncated …)
                review.add(row_number, row, text, cells, status)
            if report is not None:
                report.add(row, text, cells, status, needs, non_rejection)
            answers[cells.label, cells.labels, cells.detail, status, needs, non_rejection] += 1
        summary.rows += len(chunk)
        if xlsx and summary.rows >= XLSX_MAX_ROWS:
            raise OutputError(f"{summary.rows:,} rows do not fit in a worksheet (Excel holds {XLSX_MAX_ROWS:,} rows "
                              "with the header); write .csv instead. No output was written")
        if bar is not None:
            bar.update(len(chunk))
    summary.count(answers)
    if repeated:
        shown = ", ".join(map(str, repeated[:10])) + (" …" if len(repeated) > 10 else "")
        summary.notes.append(f"{len(repeated):,} rows repeat the header (row {shown}: exports joined into one file?); "
                             "they are kept as rows, classified as the rest")
    if invalid:
        summary.notes.append(f"{invalid:,} lines are no JSON object (JSON Lines hold one object per line; a JSON array "
                             f"is not read): kept with the status {config.EMPTY_STATUS};{config.INVALID_JSON_STATUS}")


def _progress(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    # No monitor thread: worker processes are forked, and a fork must not copy a running thread.
    class Bar(tqdm):
        monitor_interval = 0

    return Bar(unit=" rows", file=sys.stderr, mininterval=0.5)


def _summary_text(summary: BatchSummary, model: Model) -> str:
    """The summary as JSON."""
    return json.dumps(summary.to_dict(summary_titles(model)), ensure_ascii=False, indent=2)


def summary_titles(model: Model) -> dict[str, str]:
    """Chinese titles of every category and detail, for summaries."""
    return {**{c.id: c.title for c in model.taxonomy.categories}, **{d.id: d.title for d in model.taxonomy.details}}
