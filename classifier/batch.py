"""Batch classification of exported rejection logs: stream rows in, classify each distinct
normalised text once, write every row out in order with label, remedy and status."""
from __future__ import annotations

import itertools
import json
import os
import signal
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import config
from .io import AtomicWriter, InputError, detect_format, find_text_column, read_table
from .predict import Model, Prediction
from .text import normalize

OUTPUT_COLUMNS = ("label", "labels", "confidence", "title", "remedy", "needs_review", "status")
REVIEW_COLUMNS = ("text", "label", "labels", "predicted", "confidence", "status")
CHUNK_ROWS = 4096
#: Distinct texts remembered across chunks (bounded memory: about 50 MB at most).
CACHE_SIZE = 50_000


class Cells(NamedTuple):
    """The output cells of one classified text (shared by every row with that text)."""

    label: str
    labels: str
    confidence: str
    title: str
    remedy: str
    needs_review: bool


def _cells(pred: Prediction) -> Cells:
    return Cells(pred.label, ";".join(pred.labels), f"{pred.confidence:.4f}", pred.title, pred.remedy, pred.needs_review)


@dataclass
class BatchSummary:
    rows: int = 0
    per_label: Counter = field(default_factory=Counter)
    per_status: Counter = field(default_factory=Counter)
    needs_review: int = 0
    distinct_texts: int = 0
    seconds: float = 0.0
    text_column: str = ""
    encoding: str | None = None

    def to_dict(self, titles: dict[str, str]) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "text_column": self.text_column,
            "encoding": self.encoding,
            "distinct_texts": self.distinct_texts,
            "per_label": {k: {"rows": v, "title": titles.get(k, "")} for k, v in self.per_label.most_common()},
            "per_status": dict(self.per_status.most_common()),
            "needs_review": self.needs_review,
            "needs_review_share": round(self.needs_review / self.rows, 4) if self.rows else 0.0,
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows / self.seconds, 1) if self.seconds else None,
        }

    def format(self, titles: dict[str, str]) -> str:
        d = self.to_dict(titles)
        lines = [f"rows read: {self.rows} (text column '{self.text_column}', encoding {self.encoding or 'n/a'})"]
        for label, info in d["per_label"].items():
            share = info["rows"] / self.rows if self.rows else 0
            lines.append(f"  {label:28s} {_pad(info['title'], 24)} {info['rows']:8d}  {share:6.1%}")
        lines.append(f"needs review: {self.needs_review} ({d['needs_review_share']:.1%})")
        bad = {k: v for k, v in self.per_status.items() if k != "ok"}
        if bad:
            lines.append("row status: " + ", ".join(f"{k}={v}" for k, v in bad.items()))
        lines.append(f"{self.rows} rows in {self.seconds:.2f}s ({d['rows_per_second'] or 0:.0f} rows/s, {self.distinct_texts} distinct texts)")
        return "\n".join(lines)


_WORKER_MODEL: Model | None = None


def _worker_init() -> None:
    # The parent handles SIGINT/SIGTERM and shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worker_decide(texts: list[str]):
    return _WORKER_MODEL.estimator.decide(texts)  # type: ignore[union-attr]


def _pad(text: str, width: int) -> str:
    """Pad to a terminal width, counting wide (CJK) characters as two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


class Classifier:
    """Classifies chunks of raw texts, each distinct normalised text once (bounded cache),
    spreading large sets of new texts over ``jobs`` processes."""

    #: Fewer new texts than this in a chunk are classified in-process (a pool does not pay).
    PARALLEL_MIN = 1500

    def __init__(self, model: Model, *, jobs: int = 1) -> None:
        self.model = model
        self.cache: dict[str, Cells] = {}  # normalised text -> output cells
        self.normalized: dict[str, str] = {}  # raw text -> normalised key
        self.distinct = 0
        self.jobs = max(1, jobs)
        self._pool = None

    def _decide(self, keys: list[str]):
        if self.jobs < 2 or len(keys) < self.PARALLEL_MIN:
            return self.model.estimator.decide(keys)
        if self._pool is None:
            global _WORKER_MODEL
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _WORKER_MODEL = self.model  # inherited by the forked workers, no reload
            self.model.estimator.decide(keys[:1])  # initialise the tokenizer before forking
            ctx = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=ctx, initializer=_worker_init)
        step = -(-len(keys) // self.jobs)
        parts = [keys[i:i + step] for i in range(0, len(keys), step)]
        return [d for part in self._pool.map(_worker_decide, parts) for d in part]

    def classify(self, texts: list[str]) -> list[Cells | None]:
        """Output cells per text (None for an empty one), each distinct text classified once."""
        norms: list[str] = []
        found: dict[str, Cells | None] = {}  # this chunk's texts; the caches may be cleared meanwhile
        seen = self.normalized
        for t in texts:
            n = seen.get(t)
            if n is None:
                n = normalize(t) if t else ""
                if len(seen) >= CACHE_SIZE:
                    seen.clear()
                seen[t] = n
            norms.append(n)
            if n and n not in found:
                found[n] = self.cache.get(n)
        keys = [n for n, cells in found.items() if cells is None]
        if keys:
            if len(self.cache) + len(keys) > CACHE_SIZE:
                self.cache.clear()
            for k, pred in zip(keys, self.model.build_predictions(self._decide(keys))):
                found[k] = self.cache[k] = _cells(pred)
            self.distinct += len(keys)
        return [found[n] if n else None for n in norms]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def auto_jobs() -> int:
    """Processes for batch work: the usable cores, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _row_status(text: str, pred: Cells | None) -> str:
    status = []
    if "\ufffd" in text:
        status.append("decode_error")
    if len(text) > config.MAX_CHARS:
        status.append(config.TRUNCATED_STATUS)
    if pred is None:
        status.append("empty")
    return ";".join(status) or "ok"


def _chunks(rows: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while True:
        chunk = list(itertools.islice(rows, size))
        if not chunk:
            return
        yield chunk


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
    overwrite: bool = False,
    progress: bool = False,
    jobs: int = 1,
) -> BatchSummary:
    """Classify every row of ``input_path`` into ``output_path``. Raises InputError for usage
    problems. Whatever stops the run (an error, KeyboardInterrupt, the command line's SIGTERM
    handler) removes the temporary output, so no partial file is left behind."""
    for out in filter(None, (output_path, review_out)):
        if out != "-" and input_path != "-" and Path(out).resolve() == Path(input_path).resolve():
            raise InputError(f"output {out} is the input file; choose another output path")
        if out != "-" and Path(out).exists() and not overwrite:
            raise InputError(f"{out} exists; pass --overwrite to replace it")
        if out != "-" and not Path(out).resolve().parent.is_dir():
            raise InputError(f"output folder does not exist: {Path(out).parent}")
        detect_format(out)
    start = time.perf_counter()
    table = read_table(input_path, encoding=encoding, sheet=sheet)
    try:
        col = find_text_column(table.header, text_column) if table.header else -1
    except InputError:
        table.close()
        raise
    summary = BatchSummary(text_column=table.header[col] if col >= 0 else "", encoding=table.encoding)
    header = list(table.header) + list(OUTPUT_COLUMNS)
    writers: list[AtomicWriter] = []
    clf: Classifier | None = None
    try:
        writer = AtomicWriter(output_path, header, encoding=output_encoding)
        writers.append(writer)
        review = AtomicWriter(review_out, list(REVIEW_COLUMNS), encoding=output_encoding) if review_out else None
        if review:
            writers.append(review)
        clf = Classifier(model, jobs=jobs if jobs > 0 else auto_jobs())
        bar = _progress(progress)
        empty = _cells(model.bad_prediction("empty"))
        for chunk in _chunks(table.rows, CHUNK_ROWS):
            texts = [row[col] if col >= 0 else "" for row in chunk]
            for row, text, cells in zip(chunk, texts, clf.classify(texts)):
                if cells is not None and len(text) <= config.MAX_CHARS and "\ufffd" not in text:
                    status = "ok"
                    needs = cells.needs_review
                else:
                    status = _row_status(text, cells)
                    cells = cells or empty
                    needs = True
                writer.write(row, (*cells[:5], "true" if needs else "false", status))
                if review and needs:
                    review.write([text, "", "", cells.labels, cells.confidence, status])
                summary.per_label[cells.label] += 1
                summary.per_status[status] += 1
                summary.needs_review += needs
            summary.rows += len(chunk)
            if bar is not None:
                bar.update(len(chunk))
        if bar is not None:
            bar.close()
        for w in writers:
            w.commit()
        summary.distinct_texts = clf.distinct
    except BaseException:
        for w in writers:
            w.abort()
        raise
    finally:
        if clf is not None:
            clf.close()
        table.close()
    summary.seconds = time.perf_counter() - start
    return summary


def _progress(enabled: bool):
    if not enabled or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(unit=" rows", file=sys.stderr, mininterval=0.5)


def write_summary(summary: BatchSummary, path: str, titles: dict[str, str]) -> None:
    tmp = f"{path}.part"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(summary.to_dict(titles), fh, ensure_ascii=False, indent=2)
    os.replace(tmp, path)
