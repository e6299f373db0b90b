"""Reading and writing tabular exports as streams: CSV/TSV/TXT/JSONL/XLSX in, the same out.

Readers yield rows as lists of strings with the header kept exactly as it is (duplicate or
empty column names included), so no row is lost or reordered. Writers go to a temporary
file beside the target and are renamed into place only when complete."""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as _dt
import io
import itertools
import json
import math
import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path
from typing import IO, Any

from .outputs import discard, publish, temp_beside

FORMATS = ("csv", "tsv", "txt", "jsonl", "xlsx")
#: Headers recognised as the message column, in order of preference (lower case).
TEXT_COLUMNS = (
    "驳回原因", "驳回理由", "驳回说明", "驳回信息", "退回原因", "退回理由", "审核意见", "审核结果", "审核备注",
    "不通过原因", "拒绝原因", "原因", "备注", "说明", "message", "reason", "reject_reason", "rejection_reason",
    "text", "content", "comment", "remark", "内容", "消息", "text_column",
)

#: The longest CSV/TSV field read (the csv module's default, 128 KiB, is too short for pasted logs).
CSV_FIELD_LIMIT = 1 << 30


#: Lines a CSV record may take in before it is checked for a stray quote: a quote that opens a
#: cell and never closes takes every later line into that cell, so without the check one bad
#: cell near the top of a large export would be held in memory whole.
RECORD_LINES = 2_000


class _StrayQuote(Exception):
    """Raised by ``_RecordFeed`` to stop the csv reader inside a record a stray quote opened."""


class _RecordFeed:
    """The lines a csv.reader reads, remembering those of the record under way; past
    ``RECORD_LINES`` lines, when most of them look like rows of their own (as many fields as
    the header, the first one shaped like the record's first cell), it stops the reader."""

    def __init__(self, lines: Iterator[str], delimiter: str) -> None:
        self.lines, self.delimiter = lines, delimiter
        self.pending: list[str] = []  # lines to read again, last first
        self.record: list[str] = []
        self.width = 0
        self.watch = True

    def __iter__(self) -> _RecordFeed:
        return self

    def __next__(self) -> str:
        line = self.pending.pop() if self.pending else next(self.lines)
        if self.watch:
            self.record.append(line)
            if len(self.record) > RECORD_LINES:
                if self._rows_taken_in():
                    raise _StrayQuote
                self.watch, self.record = False, []  # a long multi-line cell: read it whole
        return line

    def row_done(self, row: list[str]) -> None:
        self.width = max(self.width, len(row))
        self.record.clear()
        self.watch = True

    def _rows_taken_in(self) -> bool:
        if self.width < 2:
            return False
        first = _shape(self.record[0].split(self.delimiter, 1)[0])
        parts = [line.rstrip("\r\n").split(self.delimiter) for line in self.record[1:]]
        return sum(_row_like(p, self.width, first) for p in parts) * 2 >= len(parts)

    def cut(self, **fmtparams: Any) -> list[str]:
        """The record's first line as a row, the stray quote kept as text (the cell it opened
        split on the delimiter, as ``_unswallow`` does); the lines after it are read again."""
        first, rest = self.record[0], self.record[1:]
        self.pending = rest[::-1]
        self.record = []
        fields = next(csv.reader([first.rstrip("\r\n") + '"'], **fmtparams))
        return fields[:-1] + ('"' + fields[-1]).split(self.delimiter)


def _csv_rows(lines: Iterator[str], notes: list[str] | None = None, **fmtparams: Any) -> Iterator[list[str]]:
    """csv.reader rows with a field limit of ``CSV_FIELD_LIMIT``. The limit is global in the
    csv module: it is raised around each row read and put back, so importing or using this
    module leaves the rest of the process as it was. A record that a stray quote made take in
    more than ``RECORD_LINES`` lines that look like rows is cut at its first line (``notes``
    says where) and the lines are read again as rows, so memory stays bounded."""
    feed = _RecordFeed(lines, fmtparams.get("delimiter", ","))
    n = 0
    while True:
        reader = csv.reader(feed, **fmtparams)
        stray = False
        while not stray:
            old = csv.field_size_limit(CSV_FIELD_LIMIT)
            try:
                row = next(reader, None)
            except _StrayQuote:
                row, stray = feed.cut(**fmtparams), True  # then a new reader reads the lines again
                if notes is not None:
                    capped_note(notes, f"record {n + 1}: a quoted cell ran over {RECORD_LINES:,} lines that look like "
                                "rows (an unbalanced quote, or a cell that long); they were read as rows of their "
                                "own", "an unbalanced quote")
            finally:
                csv.field_size_limit(old)
            if row is None:
                return
            n += 1
            if not stray and feed.watch and len(feed.record) > 1 and _well_quoted(feed.record, row, fmtparams):
                row = QuotedRow(row)
            elif not stray and feed.watch and len(feed.record) == 1 and '"' in feed.record[0]:
                row = _quotes_as_text(feed.record[0], row, fmtparams)
            feed.row_done(row)
            yield row


def _quotes_as_text(line: str, row: list[str], fmtparams: dict[str, Any]) -> list[str]:
    """A one-line record whose quotes do not quote whole cells ("论坛"字样不允许: csv drops the
    quotes and joins what follows) keeps them as text when splitting the line on the delimiter
    gives as many fields; a well-quoted line ("含,逗号") is read as CSV."""
    if _well_quoted([line], row, fmtparams):
        return row
    fields = line.rstrip("\r\n").split(fmtparams.get("delimiter", ","))
    return fields if len(fields) == len(row) else row


class QuotedRow(list):
    """A CSV row of several lines whose quotes all pair up: its multi-line cells were quoted on
    purpose, and no stray quote took rows into them (``_unswallow`` leaves it alone)."""

    __slots__ = ()


def _well_quoted(lines: list[str], row: list[str], fmtparams: dict[str, Any]) -> bool:
    """Whether the lines of a record read as exactly ``row`` when nothing may follow a closing
    quote but the delimiter or the line's end (csv's strict mode): a stray quote closes on a
    quote that opened a later cell (…,"含,逗号"), and text follows it."""
    try:
        return list(csv.reader(["".join(lines)], strict=True, **fmtparams)) == [row]
    except csv.Error:
        return False


class InputError(ValueError):
    """The input cannot be read as asked (unknown format, unreadable file, no text column)."""


def detect_format(path: str, fmt: str | None = None, *, output: bool = False) -> str:
    """The file format from ``fmt`` or the file extension (``-`` means CSV); ``output``: of a
    file to write (the hint of an unknown extension says so)."""
    if fmt:
        fmt = fmt.lower().lstrip(".")
    elif path == "-":
        fmt = "csv"
    else:
        fmt = Path(path).suffix.lower().lstrip(".")
        fmt = {"xls": "xls", "json": "jsonl", "ndjson": "jsonl", "text": "txt"}.get(fmt, fmt)
        if fmt == "xlsm" and not output:
            fmt = "xlsx"  # a workbook with macros: its cells read as .xlsx (the macros are not run)
    if fmt not in FORMATS:
        text_formats = "|".join(f for f in FORMATS if f != "xlsx")
        hint = (" (name it .xlsx)" if output and fmt == "xls" else " (save .xls files as .xlsx first)" if fmt == "xls"
                else " (name the output so)" if output
                else " (a compressed file: decompress it first, or pipe it in: zcat FILE | icp-classify batch - …)"
                if fmt in ("gz", "bz2", "xz", "zst", "7z", "zip")
                else f" (name the file so, or give --input-format {text_formats} for a text export)")
        raise InputError(f"unknown format '{fmt or Path(path).suffix}' for {path}: use one of {', '.join(FORMATS)}"
                         + hint)
    return fmt


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-32 with a BOM, UTF-16 (with a BOM, or without one when
    the text reads as Chinese), else GB18030 (Chinese Excel's CSV export). Big5 and Shift_JIS are recognised and
    refused with InputError naming them (``--encoding`` reads them)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # (its mark begins as UTF-16's)
        return "utf-32"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(sample)
    if utf16:
        return utf16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # A few bad bytes in an otherwise UTF-8 file: still UTF-8 if most multibyte text decodes
    # (cells in GB18030 inside it are decoded as GB18030: see ``_gb18030_fallback``).
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(ord(c) > 127 for c in text) - bad
    if bad <= max(2, len(sample) // 2000) or good >= 2 * bad:
        return "utf-8"
    other = _other_cjk_encoding(sample)
    if other:
        raise InputError(f"the file looks like {other}, not UTF-8 or GB18030 (the encodings of Chinese mainland "
                         f"exports); if it is, give --encoding {other.split()[0].lower()}")
    return "gb18030"


#: The 300 most frequent characters of rejection messages (the training corpus): read in the
#: right encoding, nine in ten characters of a log are among them; read in a wrong one, few.
_FREQUENT = frozenset(
    "名案备请的人域证不改件核主提修单交新后号信重站实有在您回一网原体已未通位用省再审息因过责负管为局本照办码是类驳型订更"
    "法称份次机要个手中理工注成完上报部与所系其建公他致好业册入问被地户接商该司项验容下内需经议了能身者前营先执同合电或定求"
    "代题服使查联换以传认符非话登申退填记无时正客持到库录片云字对行统如表整存台施处措可外于复变批等住务没规作属按期文应误确"
    "增选关写进及见限错具这我书尊敬居并补区出示日制置企效格供另详谢料但且还账得段含拍别放常此尚涉分描平和也看意予发而址控相员"
    "当只三之首旧步某据把间清数反面听跨待充现至述配二里性许超则目除保询签做家失度")


def _plausible(text: str) -> float:
    """The share of the CJK characters of ``text`` (in simplified script) that are frequent in
    rejection messages; 0.0 without CJK characters."""
    from .text import to_simplified
    cjk = [c for c in to_simplified(text) if "\u4e00" <= c <= "\u9fff"]
    return sum(c in _FREQUENT for c in cjk) / len(cjk) if cjk else 0.0


def _chinese_score(text: str) -> tuple[float, float]:
    """How much ``text`` reads as rejection text: (``_plausible``, the share of its non-ASCII
    characters that are CJK). Compares two readings of the same bytes."""
    wide = [c for c in text if not c.isascii()]
    return _plausible(text), sum("\u4e00" <= c <= "\u9fff" for c in wide) / len(wide) if wide else 0.0


def _utf16_without_bom(sample: bytes) -> str | None:
    """utf-16-le/-be for a sample that reads as Chinese text in UTF-16 without a byte-order
    mark (and is not UTF-8), else None."""
    if len(sample) < 16 or b"\x00" not in sample:  # its line breaks and ASCII have a zero byte
        return None
    cut = sample[: len(sample) // 2 * 2]
    for enc in ("utf-16-le", "utf-16-be"):
        text = cut.decode(enc, errors="replace")
        plain = sum(c.isascii() and (c.isprintable() or c in "\r\n\t") for c in text)
        if "\ufffd" not in text[:-1] and (_plausible(text) > 0.5 or plain > 0.9 * len(text)):
            return enc
    return None


def _other_cjk_encoding(sample: bytes) -> str | None:
    """"Big5 (traditional Chinese)" or "Shift_JIS (Japanese)" when the sample reads as that far
    better than as GB18030; None when GB18030 reads it as well."""
    sample = sample[: 1 << 14]  # 16 KB tell
    gb = _plausible(sample.decode("gb18030", errors="replace"))
    if gb >= 0.5:  # GB18030 reads it as rejection text: nothing to compare
        return None
    sjis = sample.decode("shift_jis", errors="replace")
    if sjis.count("\ufffd") <= 2 and sum("\u3040" <= c <= "\u30ff" for c in sjis) >= max(4, 0.05 * len(sjis)):
        return "Shift_JIS (Japanese)"
    big5 = sample.decode("big5", errors="replace")  # (the sample may end inside a character)
    if big5.count("\ufffd") <= 2 and _plausible(big5) > max(0.5, gb + 0.25):
        return "Big5 (traditional Chinese)"
    return None


def _utf8_resumes(chunk: bytes) -> bool:
    """Whether ``chunk`` (the rest of a run of bytes of 0x80 and above) is UTF-8 text of one
    character or more, so the bytes before it were a stray byte or two, not a GB18030 cell."""
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return len(chunk) >= 2


def _gb18030_run(data: bytes, start: int) -> int:
    """Where the GB18030 characters that begin at ``start`` end: two-byte ones (a trail byte
    may be ASCII, as in 網 BE 57, where the run holds two characters or more: a lone é before a
    letter in Latin-1 is no character) and four-byte ones, as long as a lead byte follows."""
    i, n, ascii_trail = start, len(data), False
    while i + 1 < n and 0x81 <= data[i] <= 0xFE:
        second = data[i + 1]
        if 0x30 <= second <= 0x39 and i + 3 < n:
            i += 4
        elif 0x80 <= second <= 0xFE:
            i += 2
        elif 0x40 <= second <= 0x7E:
            if _utf8_follows(data, i + 2):
                break  # a stray byte before ASCII (\xb7[驳回]): the UTF-8 after it is no GB18030
            ascii_trail = True
            i += 2
        else:
            break
    return _high_run(data, start) if ascii_trail and i - start < 4 else i


def _utf8_follows(data: bytes, start: int) -> bool:
    """Whether the run of bytes of 0x80 and above at ``start`` (if any) is UTF-8 that reads
    with no character betraying another encoding (``_ODD``): Chinese text, not GB18030."""
    run = bytes(data[start:_high_run(data, start)])
    if len(run) < 2:
        return False
    try:
        return not _ODD.search(run.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _high_run(data: bytes, start: int) -> int:
    """Where the run of bytes of 0x80 and above that begins at ``start`` ends."""
    end = start
    while end < len(data) and data[end] >= 0x80:
        end += 1
    return end


def _gb18030_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler for UTF-8 files: bytes that are not UTF-8 (a cell of a GB18030
    export pasted into a UTF-8 one) are read as GB18030; what neither reads becomes U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data = exc.object
    end = max(_high_run(data, exc.start), exc.end)
    for j in range(exc.start + 1, min(exc.start + 4, end)):
        if _utf8_resumes(bytes(data[j:end])):
            end = j  # a stray byte in UTF-8 text (a cp1252 space): only the bytes before j are foreign
            break
    else:
        end = max(_gb18030_run(data, exc.start), exc.end)
    try:
        return bytes(data[exc.start:end]).decode("gb18030"), end
    except UnicodeDecodeError:
        return "\ufffd", exc.end


_UTF8_CHAR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def mostly_utf8(raw: bytes) -> bool:
    """Whether most non-ASCII bytes of ``raw`` are characters of UTF-8 (a UTF-8 text with a stray
    byte, not GB18030)."""
    high = sum(b >= 0x80 for b in raw)
    return sum(map(len, _UTF8_CHAR.findall(raw))) * 2 > high


def decode_utf8_or_gb18030(raw: bytes) -> str:
    """Bytes as UTF-8 text in which lines pasted from a GB18030 export read as GB18030, as
    ``_UTF8Reader`` reads a UTF-8 file's lines (``_utf8_or_gb18030``)."""
    return "".join(_utf8_or_gb18030(line)[0] for line in raw.splitlines(keepends=True))


_HIGH = re.compile(rb"[\x80-\xff]+")


#: Characters that betray bytes read in the wrong encoding: the letters UTF-8 writes in two bytes
#: (Latin-1 and extended Latin, combining marks, Greek, Cyrillic, Hebrew, Arabic …: GB18030 read
#: as UTF-8 gives 幕 D0 BB → Ļ, 一 → һ, 证 → ֤, 通 → ͨ), private-use code points and U+FFFD; not
#: the symbols Chinese text uses (· ° ± × ÷ ©), which would send every line that holds one down
#: the slow path.
_ODD = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u07ff\ue000-\uf8ff\ufffd]")


def _odd(text: str) -> int:
    return len(_ODD.findall(text))


def _utf8_or_gb18030(line: bytes) -> tuple[str, bool]:
    """One line of a UTF-8 file as text, and whether GB18030 text of it was read so. UTF-8 where
    it reads with no character that betrays another encoding (``_ODD``). Otherwise each run of
    its non-ASCII bytes (a cell, or a stretch of one) is read on its own: as UTF-8, unless
    GB18030 reads it with fewer such characters and either it is mostly no UTF-8 at all
    (``mostly_utf8``) or GB18030 reads it as rejection text (``_as_gb18030``): a cell pasted from a
    GB18030 export (幕 D0 BB, 一 D2 BB and 证 D6 A4 are also valid UTF-8). A run mostly of UTF-8
    with a stray byte (a cp1252 space, Ren\\xe9e) keeps its UTF-8 and the byte becomes U+FFFD
    (``_gb18030_fallback``). Beside such cells, a run of such characters, or of UTF-8 with a
    byte that is none, that GB18030 reads with fewer of them is GB18030 too. A run neither reads
    (a GB18030 character whose second byte is ASCII, 網 BE 57, spans two runs) leaves the line to
    be read whole."""
    codecs.register_error("icp_gb18030_fallback", _gb18030_fallback)  # (idempotent)
    pasted = False
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("utf-8", errors="icp_gb18030_fallback")
        # bytes read as GB18030, not replaced: a pasted cell (counted), not a stray byte
        pasted = text.count("\ufffd") < line.decode("utf-8", errors="replace").count("\ufffd")
    if not _ODD.search(text):
        return text, pasted
    out, pos, foreign = [], 0, False
    maybe: dict[int, str] = {}  # runs GB18030 reads better but not surely: GB18030 only beside a sure one
    for m in _HIGH.finditer(line):
        raw = m.group()
        try:
            own, valid = raw.decode("utf-8"), True
        except UnicodeDecodeError:
            own, valid = raw.decode("utf-8", errors="icp_gb18030_fallback"), False
        if not valid or _ODD.search(own):
            try:
                gb = raw.decode("gb18030")
            except UnicodeDecodeError:
                gb = None
                if not valid:  # (a stray byte; a GB18030 character whose second byte is ASCII spans runs)
                    whole = _as_gb18030(line)
                    return (whole, True) if whole is not None and _odd(whole) < _odd(text) else (text, False)
            if gb is not None and _odd(gb) < _odd(own):
                # sure where no UTF-8 could be meant, or where it reads as rejection text; UTF-8
                # with a stray byte (mostly UTF-8) reads as rare characters in GB18030
                if not valid and not mostly_utf8(raw) or _plausible(gb) >= _GB_PLAUSIBLE:
                    own, foreign = gb, True
                else:
                    maybe[len(out) + 1] = gb
        out += [line[pos:m.start()].decode("ascii"), own]
        pos = m.end()
    out.append(line[pos:].decode("ascii"))
    if foreign:  # beside GB18030 cells, a short one that is also valid UTF-8 (值 D6 B5 → ֵ) is one too
        for i, other in maybe.items():
            out[i] = other
    return "".join(out), foreign or pasted


def _as_gb18030(raw: bytes) -> str | None:
    """``raw`` as GB18030 where it reads so and reads as rejection text (``_plausible``: at
    least ``_GB_PLAUSIBLE`` of its CJK characters frequent in such text), else None."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if _plausible(text) >= _GB_PLAUSIBLE else None


#: The least share of frequent characters of a GB18030 reading taken over a UTF-8 one (UTF-8
#: Cyrillic read as GB18030 is CJK too, but rare characters).
_GB_PLAUSIBLE = 0.3


#: A line (after its line break, \\n or a bare \\r) of valid UTF-8 with at least one multi-byte
#: character. Anchored on the line break and possessive, so a GB18030 block is scanned at the
#: speed of a search.
_UTF8_MULTI = rb"(?:" + _UTF8_CHAR.pattern + rb")"
_UTF8_LINE = re.compile(rb"[\r\n][\x00-\x09\x0b\x0c\x0e-\x7f]*+" + _UTF8_MULTI
                        + rb"(?:[\x00-\x09\x0b\x0c\x0e-\x7f]|" + _UTF8_MULTI + rb")*+(?=[\r\n]|$)")


def _gb18030_with_utf8_lines(data: bytes) -> tuple[str, int]:
    """GB18030 bytes as text, in which lines of valid, non-ASCII UTF-8 are read as UTF-8 unless
    they read as Chinese better in GB18030; and how many lines were read as UTF-8."""
    data = b"\n" + data  # (the first line, too, follows a line break)
    out, done, utf8 = [], 1, 0
    for m in _UTF8_LINE.finditer(data):
        start = m.start() + 1
        line = data[start:m.end()]
        as_utf8 = line.decode("utf-8")
        if _chinese_score(line.decode("gb18030", "replace")) > _chinese_score(as_utf8):
            continue  # GB18030 text that happens to be valid UTF-8 (一 reads as Cyrillic һ)
        out += [data[done:start].decode("gb18030", "replace"), as_utf8]
        done = m.end()
        utf8 += 1
    out.append(data[done:].decode("gb18030", "replace"))
    return "".join(out), utf8


def decode_gb18030_line(raw: bytes) -> str:
    """One line of a GB18030 stream as text, decided as a GB18030 file's lines are
    (``_GB18030Reader``: a line of UTF-8 another tool wrote stays UTF-8)."""
    return _gb18030_with_utf8_lines(raw)[0]


_BREAK = re.compile("\r\n|\r|\n")
_LINE_BOM = re.compile("(?:^|(?<=[\r\n]))\ufeff")


class _MixedReader(io.TextIOBase):
    """A text file of one encoding in which some lines are in another (rows another tool
    appended or pasted), decoded a chunk of whole lines at a time by ``_decode``, which also
    counts the lines read in the other encoding for a note (``_NOTE``)."""

    _CHUNK = 1 << 20  # bytes read at a time (then up to the end of the line)
    _NOTE = ""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._buf = ""
        self._pending = b""  # bytes read after the last line break, decoded with the next chunk
        self._eof = False
        #: Lines read in the other encoding so far.
        self.foreign_lines = 0
        self._notes: list[str] = []

    def _decode(self, data: bytes) -> str:
        raise NotImplementedError

    def report_to(self, notes: list[str]) -> None:
        """Add the note about lines of the other encoding to ``notes`` (a Table's) once the file
        is read."""
        notes.extend(self._notes)
        self._notes = notes

    def readable(self) -> bool:
        return True

    def _fill(self) -> bool:
        """Decode the next chunk up to its last line break (\\n or a bare \\r: a CR-only file is
        read a chunk at a time too); False at the end of the file."""
        while True:
            data = self._raw.read(self._CHUNK)
            text = self._lines(data)
            if text:
                self._buf += self._bomless(text)
                return True
            if not data:
                if not self._eof and self.foreign_lines:
                    self._notes.append(self._NOTE.format(self.foreign_lines))
                self._eof = True
                return False

    def _lines(self, data: bytes) -> str:
        """The text of the lines ``data`` completes ("" while none is), cut in bytes at the last
        line break (no byte of a character of these encodings is one); at the end of the file
        (``data`` empty), the rest."""
        if not data:
            rest, self._pending = self._pending, b""
            return self._decode(rest) if rest else ""
        data = self._pending + data
        cut = max(data.rfind(b"\n"), data.rfind(b"\r")) + 1
        self._pending = data[cut:]
        return self._decode(data[:cut]) if cut else ""

    @staticmethod
    def _bomless(text: str) -> str:
        """``text`` without a byte-order mark that opens a line (a file appended with its own
        mark, cat a.csv b.csv): it would stick to the line's first cell, unseen."""
        return _LINE_BOM.sub("", text) if "\ufeff" in text else text

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            while self._fill():
                pass
            size = len(self._buf)
        while len(self._buf) < size and self._fill():
            pass
        out, self._buf = self._buf[:size], self._buf[size:]
        return out

    def readline(self, size: int | None = -1) -> str:  # noqa: ARG002 (whole lines only)
        """The next line with its break (\\n, \\r\\n or a bare \\r, as ``newline=""`` reads lines)."""
        while True:
            m = _BREAK.search(self._buf)
            if m and (m.group() != "\r" or m.end() < len(self._buf)):
                end = m.end()
                break
            if not self._fill():  # (a \r that ends the file, or no break at all)
                end = m.end() if m else len(self._buf)
                break
        out, self._buf = self._buf[:end], self._buf[end:]
        return out

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _DecodedReader(_MixedReader):
    """A UTF-16 or UTF-32 file (what cannot be decoded becomes U+FFFD), read a chunk of whole
    lines at a time with an incremental decoder: a byte-order mark that opens a later line
    (UTF-16 files joined with cat) is dropped as in UTF-8 files. The chunk is cut in text, not
    in bytes: a byte 0A or 0D may be half of a UTF-16 character (上 is 0A 4E)."""

    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        super().__init__(raw)
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._rest = ""  # text decoded after the last line break

    def _lines(self, data: bytes) -> str:
        text = self._rest + self._decoder.decode(data, final=not data)
        if not data:
            self._rest = ""
            return text
        cut = max(text.rfind("\n"), text.rfind("\r")) + 1
        self._rest = text[cut:]
        return text[:cut]


class _GB18030Reader(_MixedReader):
    """A GB18030 file in which lines of valid, non-ASCII UTF-8 are read as UTF-8: rows that
    another tool appended to a GB18030 export. GB18030 decodes any bytes, so reading them as
    GB18030 would silently turn them into other characters. A line that reads as rejection
    text better in GB18030 (a short GB18030 line can happen to be valid UTF-8) stays GB18030.
    The stretches between such lines are decoded as GB18030 in one step each."""

    _NOTE = "{} line(s) of this GB18030 file are UTF-8 (rows another tool appended) and were read as UTF-8"

    def _decode(self, data: bytes) -> str:
        text, utf8 = _gb18030_with_utf8_lines(data)
        self.foreign_lines += utf8
        return text


class _UTF8Reader(_MixedReader):
    """A UTF-8 file (its byte-order mark dropped, as every mark that opens a line) in which rows
    pasted from a GB18030 export are read as GB18030, line by line (``_utf8_or_gb18030``); a
    chunk of valid UTF-8 is decoded in one step."""

    _NOTE = ("{} line(s) of this UTF-8 file hold GB18030 text (rows or cells pasted from a GB18030 export) "
             "and were read so")

    def _decode(self, data: bytes) -> str:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not _ODD.search(text):  # (the usual chunk: one step)
                return text
        out = []
        for line in data.splitlines(keepends=True):
            text, foreign = _utf8_or_gb18030(line)
            out.append(text)
            self.foreign_lines += foreign
        return "".join(out)


#: Notes of one kind given at most (a file with a formula in every row would list them all).
NOTES_PER_KIND = 20


def capped_note(notes: list[str], note: str, kind: str) -> None:
    """Append ``note`` unless ``NOTES_PER_KIND`` notes holding ``kind`` are given already; the
    first one over says that more were left out."""
    given = sum(kind in n for n in notes)
    if given < NOTES_PER_KIND:
        notes.append(note)
    elif given == NOTES_PER_KIND:
        notes.append(f"more notes of {kind} left out: the first {NOTES_PER_KIND} are given")


@dataclass
class Table:
    """A streamed table: the header and an iterator over rows (lists of str, header length)."""

    header: list[str]
    rows: Iterator[list[str]]
    encoding: str | None = None
    closer: Any = None
    #: The 1-based row of the file that held the header (title lines above it are skipped).
    header_row: int = 1
    #: The first rows after the header, read ahead (they are also in ``rows``).
    sample: list = field(default_factory=list)
    #: The worksheet read (.xlsx input).
    sheet: str | None = None
    #: Things the reader repaired and the user should know (e.g. an unbalanced quote).
    notes: list[str] = field(default_factory=list)
    #: The file has no header row (``header_row`` then counts the rows above the first one read).
    headless: bool = False
    #: The columns are the keys of the rows' objects (JSON Lines), not a header.
    keyed: bool = False

    def close(self) -> None:
        """Release the underlying file (also done when ``rows`` is exhausted)."""
        if self.closer is not None:
            self.closer()
            self.closer = None


#: The opening of a web page or an Excel 2003 XML workbook, which consoles export under .xls or
#: .csv names: markup, not rows.
_MARKUP = re.compile(rb"(?i)<(?:!doctype html|html|table|\?xml[^>]*>\s*(?:<\?mso[^>]*>\s*)?<workbook)")

#: The first bytes of a workbook: a zip container (.xlsx) or an OLE compound file (.xls).
_WORKBOOK_MAGIC = {b"PK\x03\x04": ".xlsx", b"\xd0\xcf\x11\xe0": ".xls"}
#: How compressed files open (gzip, bzip2, xz, 7-Zip, Zstandard): read as text, they were bytes
#: decoded as GB18030 and the "columns" of that noise were offered as text columns.
_COMPRESSED_MAGIC = {b"\x1f\x8b": ("gzip", "gunzip -k FILE"), b"BZh": ("bzip2", "bunzip2 -k FILE"),
                     b"\xfd7zXZ\x00": ("xz", "unxz -k FILE"), b"7z\xbc\xaf\x27\x1c": ("7-Zip", "7z x FILE"),
                     b"\x28\xb5\x2f\xfd": ("Zstandard", "unzstd FILE")}


def _workbook_kind(path: str) -> str | None:
    """"xlsx" for a file that is an Excel workbook whatever its name says (a zip with
    xl/workbook.xml), else None."""
    try:
        with open(path, "rb") as fh:
            if fh.read(4) != b"PK\x03\x04":
                return None
        with zipfile.ZipFile(path) as zf:
            return "xlsx" if "xl/workbook.xml" in zf.namelist() else None
    except (OSError, zipfile.BadZipFile):
        return None


def _open_text(path: str, encoding: str | None, notes: list[str] | None = None) -> tuple[IO[str], str]:
    raw: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    buffered = io.BufferedReader(raw, buffer_size=1 << 16) if path == "-" else raw
    sample = buffered.peek(1 << 16)[: 1 << 16] if hasattr(buffered, "peek") else b""
    kind = _WORKBOOK_MAGIC.get(sample[:4])
    if kind:
        raw.close()
        raise InputError(f"{'standard input' if path == '-' else path} holds an Excel workbook ({kind}), not text: "
                         + ("save it to a file and name it" if kind == ".xlsx" else "save it as .xlsx or CSV first"))
    packed = next((v for k, v in _COMPRESSED_MAGIC.items() if sample.startswith(k)), None)
    if packed:
        raw.close()
        raise InputError(f"{'standard input' if path == '-' else path} is {packed[0]}-compressed, not text: "
                         f"decompress it first ({packed[1]}) and classify the file it gives, or pipe it in "
                         "(e.g. zcat FILE | icp-classify batch - --input-format csv -o OUT)")
    page = _MARKUP.match(sample.lstrip(b"\xef\xbb\xbf \t\r\n")[:1024])
    if page:
        raw.close()
        raise InputError(f"{'standard input' if path == '-' else path} holds "
                         + ("an Excel XML workbook" if b"workbook" in page.group().lower() else "a web page (HTML)")
                         + ", not CSV (a console's Excel export can be one): open it in Excel and save it as "
                         ".xlsx or CSV, then classify that file")
    try:
        enc = _given_encoding(encoding, sample) if encoding else detect_encoding(sample)
    except InputError:
        raw.close()
        raise
    if encoding is not None and notes is not None and sample:
        try:
            found = detect_encoding(sample)
        except InputError:  # Big5, Shift_JIS …: what the user asked for may well be right
            found = enc
        if _family(enc) == "utf-8" and _family(found) == "gb18030":
            # a UTF-8 file's lines that are no UTF-8 are read as GB18030 whatever was asked
            notes.append(f"the file reads as {found}, not as {encoding}: its lines that are no UTF-8 were read as "
                         "GB18030 (leave --encoding out to read the whole file so)")
        elif _family(found) != _family(enc):
            notes.append(f"the file reads as {found}, not as {encoding}; it was read as {encoding}, as asked "
                         "(if its text looks wrong, leave --encoding out)")
    if encoding is None and enc == "gb18030":
        return _GB18030Reader(buffered), enc
    if codecs.lookup(enc).name in ("utf-8", "utf-8-sig"):  # (Excel's "CSV UTF-8" starts with a BOM)
        return _UTF8Reader(buffered), enc
    if codecs.lookup(enc).name.startswith(("utf-16", "utf-32")):  # files joined with cat keep their marks
        return _DecodedReader(buffered, enc), enc
    return io.TextIOWrapper(buffered, encoding=enc, errors="replace", newline=""), enc


#: Codecs that turn bytes into text but not the text of a file (domain names, test codecs).
_NOT_FILE_CODECS = frozenset(("idna", "punycode", "undefined", "raw_unicode_escape", "unicode_escape"))


def _given_encoding(encoding: str, sample: bytes) -> str:
    """The codec ``--encoding`` names, checked: an encoding of text files, and UTF-16 or
    UTF-32 without a byte-order mark read in the byte order the sample has."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'; leave --encoding out to detect it, or give one such as "
                         "utf-8, gb18030, utf-16, big5") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_CODECS:
        raise InputError(f"'{encoding}' is no encoding of text files; leave --encoding out to detect it, or give one "
                         "such as utf-8, gb18030, utf-16, big5")
    marks = {"utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)}
    if info.name in marks and not sample.startswith(marks[info.name]):
        if info.name == "utf-16":
            return _utf16_without_bom(sample) or "utf-16-le"
        return "utf-32-be" if sample[:4].startswith(b"\x00\x00") else "utf-32-le"
    if info.name == "utf-8" and sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"  # the byte-order mark is no part of the first column's name
    return encoding


def _family(encoding: str) -> str:
    """An encoding's codec name, UTF-8 with and without BOM (and UTF-16 of either byte order)
    counted as one."""
    name = codecs.lookup(encoding).name
    return "utf-8" if name.startswith("utf-8") else "utf-16" if name.startswith("utf-16") else name


_BLOCK = 1 << 20  # characters read at a time


def _blocks(fh: IO[str]) -> Iterator[io.StringIO]:
    """The text of ``fh`` in blocks that end at a line break (NUL and other control characters
    are kept: the csv module reads them and CSV/TSV/JSONL output writes them back)."""
    while True:
        block = fh.read(_BLOCK)
        if not block:
            return
        if block[-1] != "\n":
            block += fh.readline()  # the rest of the line, or the \n of a \r\n cut in two
        yield io.StringIO(block, newline="")


def _lines(fh: IO[str]) -> Iterator[str]:
    """The lines of ``fh`` (line breaks kept, as ``newline=""`` reads them). Read in large
    blocks and split by ``io.StringIO``, so there is no Python step per line."""
    return chain.from_iterable(_blocks(fh))


class FoldedRow(list):
    """A row wider than the table: its extra fields joined to the last cell by the file's
    delimiter, so that the output loses nothing; ``own`` is the last column's own field."""

    __slots__ = ("own",)


def cell_text(row: list[str], col: int) -> str:
    """The text of column ``col`` of a row read: for a folded row's last column, the field
    itself (what is classified), not the extra fields joined to it."""
    return row.own if isinstance(row, FoldedRow) and col == len(row) - 1 else row[col]


def _fit(row: list[str], width: int, delimiter: str = ",") -> list[str]:
    """Pad short (ragged) rows; fold extra fields into the last column, joined by the file's
    own delimiter, so nothing is lost (``FoldedRow``)."""
    if len(row) == width:
        return row
    if len(row) < width:
        return row + [""] * (width - len(row))
    folded = FoldedRow(row[: width - 1] + [delimiter.join(row[width - 1:])])
    folded.own = row[width - 1]
    return folded


def read_table(path: str, *, fmt: str | None = None, encoding: str | None = None, sheet: str | None = None,
               header_row: int | None = None) -> Table:
    """Open an export for streaming: the header row is found (title and blank lines above it
    skipped) unless ``header_row`` (1-based) says where it is. Raises InputError when it
    cannot be read."""
    if path != "-":
        try:
            os.stat(path)
        except FileNotFoundError:
            pass  # said below
        except OSError as exc:  # a link loop, a name too long …
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path != "-" and not Path(path).is_file():
        p = Path(path)
        what = ("is a folder" if p.is_dir() else "is not a regular file (a pipe or device)" if p.exists()
                else "not found")
        raise InputError(f"input {path} {what}; name an exported file (or '-' for standard input)"
                         if what != "not found" else f"input file not found: {path}")
    fmt = detect_format(path, fmt)
    if path == "-" and fmt == "xlsx":
        raise InputError("standard input cannot be read as .xlsx; save the workbook to a file and name it")
    notes: list[str] = []
    try:
        if fmt != "xlsx" and path != "-" and _workbook_kind(path) == "xlsx":
            notes.append(f"{Path(path).name} is an Excel workbook, not {fmt.upper()}: it was read as .xlsx")
            fmt = "xlsx"
        if fmt == "xlsx":
            table = _read_xlsx(path, sheet, header_row)
            table.notes[:0] = notes
            return table
        if sheet is not None:
            raise InputError(f"--sheet {sheet}: {path} is {fmt.upper()}, not a workbook; sheets are for .xlsx input")
        fh, enc = _open_text(path, encoding, notes)
    except (OSError, LookupError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    table = _read_text_table(path, fh, enc, fmt, header_row)
    table.notes[:0] = notes
    if isinstance(fh, _MixedReader):
        fh.report_to(table.notes)
    return table


def _read_text_table(path: str, fh: IO[str], enc: str, fmt: str, header_row: int | None) -> Table:
    """The Table of a text export (txt, jsonl, csv, tsv) open as ``fh``."""
    notes: list[str] = []
    lines = _lines(fh)
    delimiter = ""
    if fmt == "txt":
        rest = lines
        head = sniff_head(rest)
        lines = itertools.chain(head, rest)
        if _tab_table(head):  # Excel's "Unicode Text" (.txt): a tab-separated table, quoted as CSV is
            fmt, delimiter = "csv", "\t"
            notes.append("read as tab-separated: its lines hold the same tabs, as Excel's Unicode Text files do")
        else:
            first = next((line for line in head if line.strip()), "")
            name = first.strip().lstrip("\ufeff")
            named = name.lower() in TEXT_COLUMNS  # a column's name over the messages: 驳回原因
            if named:
                lines = itertools.chain(head[head.index(first) + 1:], rest)

            def txt_rows() -> Iterator[list[str]]:
                with fh:
                    for line in lines:
                        yield [line.rstrip("\r\n")]
            return Table([name if named else "text"], txt_rows(), enc, fh.close,
                         header_row=head.index(first) + 1 if named else 0, headless=not named)
    if fmt == "jsonl":
        return _read_jsonl(fh, enc, path)
    # TSV exports of consoles carry quotes as text ("博客"字样): no quote processing there, unless
    # the cells are quoted as pandas and Excel quote them (a cell with a line break in quotes).
    quoting = csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL
    if fmt == "tsv":
        head = sniff_head(lines)
        lines = itertools.chain(head, lines)
        if _quoted_tsv(head):
            quoting = csv.QUOTE_MINIMAL
            notes.append("read with quoted cells: its fields open and close with double quotes, as pandas and "
                         "Excel write tab-separated files")
    if fmt != "csv" or delimiter != "\t":
        delimiter = "\t" if fmt == "tsv" else ","
    if fmt == "csv" and delimiter == ",":
        head = sniff_head(lines)
        lines = itertools.chain(head, lines)
        delimiter = sniff_delimiter(head)
        if delimiter != ",":  # (still read as CSV is: a quoted cell may hold line breaks)
            notes.append(f"read as {_DELIMITER_NAMES[delimiter]}-separated: the header holds no comma")
    reader = _csv_rows(lines, notes, delimiter=delimiter, quoting=quoting)
    try:
        sample = list(itertools.islice(reader, SAMPLE_ROWS))
    except (csv.Error, UnicodeError) as exc:
        fh.close()
        raise InputError(f"cannot parse {path} as {fmt.upper()}: {exc}") from exc
    if not sample:
        fh.close()
        return Table([], iter(()), enc)
    return _table_from_sample(sample, reader, header_row, enc, fh.close, delimiter=delimiter,
                              quoted=quoting == csv.QUOTE_MINIMAL, notes=notes)


#: Records of a text export looked at for its delimiter, and at most how many lines are read for
#: them (a quoted cell may hold many lines; a stray quote must not read the whole file).
_SNIFF_RECORDS = 50
_SNIFF_MAX_LINES = 5_000


def sniff_head(lines: Iterator[str]) -> list[str]:
    """The first lines of a text export taken from ``lines`` to find its delimiter: those of its
    first 50 records, a record ending where a line leaves no double-quoted cell open; at most
    5,000 lines."""
    head: list[str] = []
    quotes = records = 0
    for line in lines:
        head.append(line)
        quotes += line.count('"')
        records += not quotes % 2
        if records >= _SNIFF_RECORDS or len(head) >= _SNIFF_MAX_LINES:
            break
    return head


_DELIMITER_NAMES = {";": "semicolon", "\t": "tab", ",": "comma", "|": "pipe"}


def _tab_table(lines: list[str]) -> bool:
    """Whether the first lines of a .txt are a tab-separated table: read as Excel writes one
    (cells with a line break quoted), a first record of several fields that at least two more
    records, and four in five of them, match in width."""
    if len(_records_of(lines, "\t")) >= 3 and _even(lines, "\t"):
        return True
    # a stray quote can make the quoted reading uneven: the lines split on tabs alone
    widths = [len(line.split("\t")) for line in lines if line.strip()]
    return len(widths) >= 3 and widths[0] > 1 and sum(w == widths[0] for w in widths[1:]) >= 0.8 * (len(widths) - 1)


#: A quoted TSV field that needed its quotes: a line break, a tab or a doubled quote inside.
_NEEDED_QUOTES = re.compile(r'(?:^|(?<=[\t\n]))"(?:[^"]|"")*?(?:[\t\n]|"")(?:[^"]|"")*"(?=[\t\r\n]|$)')


def _quoted_tsv(lines: list[str]) -> bool:
    """Whether the first lines of a .tsv quote their cells as pandas and Excel do: a field is
    quoted because it holds a line break, a tab or a quote (``_NEEDED_QUOTES``; a cell "引号" of a
    console's TSV, or our own output, is text), every field that opens with a quote is one whole
    quoted cell (``strict``: "博客"字样 opening a cell is text), in records as wide as the header."""
    if not _NEEDED_QUOTES.search("".join(lines)):
        return False
    try:
        list(csv.reader(lines, delimiter="\t", strict=True))
    except csv.Error:
        return False
    return _even(lines, "\t")


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter of a file named .csv, from its first lines read as CSV records (a quoted
    cell may span lines): the comma, unless no line holds a comma and most records have fields
    split by semicolons or tabs (a European-style export, or tab-separated data saved as .csv)
    or by pipes in rows as wide as the header (a database dump),
    or the records are not even by commas but are by semicolons or tabs over at least two rows,
    or one row under a header without a comma (``_even``: commas inside messages, or inside a
    quoted header cell)."""
    filled = [line for line in lines if line.strip()]
    if not filled:
        return ","
    commas = any("," in line for line in filled)
    if commas and _even(lines, ","):  # a comma file (semicolons or tabs inside its messages)
        return ","
    for candidate in ("\t", ";", "|"):
        records = _records_of(lines, candidate)
        if not records or len(records[0]) < 2:
            continue
        if candidate == "|":  # (pipes also stand in messages: every row as wide as the header)
            if _even(lines, candidate) and (not commas or len(records) >= 3):
                return candidate
        elif commas:
            # two rows or more; or one, under a header with no comma (a header of commas
            # alone would have been read by them above)
            if (len(records) >= 3 or not any("," in c for c in records[0])) and _even(lines, candidate):
                return candidate
        elif sum(len(r) > 1 for r in records) >= 0.8 * len(records):
            return candidate
    return ","


def _even(lines: list[str], delimiter: str) -> bool:
    """Whether ``lines`` read as records of a header of two or more fields and rows of which
    four in five have as many."""
    records = _records_of(lines, delimiter)
    rows = records[1:]
    return bool(records) and len(records[0]) > 1 and bool(rows) and \
        sum(len(r) == len(records[0]) for r in rows) >= 0.8 * len(rows)


def _records_of(lines: list[str], delimiter: str) -> list[list[str]]:
    """The non-blank CSV records of ``lines`` split by ``delimiter`` (the last one left out
    when the sample may have cut it short); [] when they do not parse."""
    try:
        records = [r for r in csv.reader(lines, delimiter=delimiter) if any(c.strip() for c in r)]
    except csv.Error:
        return []
    if len(records) > 1 and lines and not lines[-1].endswith("\n"):
        records.pop()
    return records


#: Rows read ahead to find the header row and the text column.
SAMPLE_ROWS = 200


def header_index(sample: list[list[str]]) -> int:
    """The row of ``sample`` that is the header: title lines ("2024年11月驳回记录") and blank
    lines above it are skipped. It is the first row that fills at least half of the widest row's
    cells (the first non-empty row for one-column files). A row whose cells all hold the same
    value is a title merged across the columns (or repeated in every field): it counts as one
    cell."""
    widths = [sum(1 for c in r if str(c).strip()) if len({str(c).strip() for c in r} - {""}) > 1 else
              min(1, sum(1 for c in r if str(c).strip())) for r in sample]
    widest = max(widths, default=0)
    need = 1 if widest <= 1 else max(2, -(-widest // 2))
    return next((i for i, w in enumerate(widths) if w >= need), 0)


def _note_titles(sample: list[list[str]], at: int, notes: list[str]) -> None:
    """Say which rows above a header found in row ``at`` (0-based) were taken as titles and not
    written (2024年11月备案驳回记录导出, Excel's sep=; line)."""
    above = [i for i in range(at) if any(str(c).strip() for c in sample[i])
             and not str(sample[i][0]).strip().lower().startswith("sep=")]  # (Excel's delimiter line)
    if not above:
        return
    shown = " ".join(str(c).strip() for c in sample[above[0]] if str(c).strip())
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    rows = f"row {above[0] + 1}" if len(above) == 1 else f"{len(above):,} rows (the first: row {above[0] + 1}"
    notes.append(f"{rows}{'' if len(above) == 1 else ')'} above the header ('{shown}') "
                 f"{'was' if len(above) == 1 else 'were'} read as a title and not written (give --header-row to "
                 "choose the header)")


def _table_from_sample(sample: list[list[str]], rest: Iterator[list[str]], header_row: int | None, enc: str | None,
                       closer: Any, *, delimiter: str = ",", quoted: bool = False,
                       notes: list[str] | None = None) -> Table:
    """A Table from the rows read ahead and the rest: the header row found (or given, 1-based;
    0: the file has none) and the rows after it, every row as wide as the widest one read ahead
    (extra columns are named column_N), wider rows later folding their extra fields with the
    file's delimiter. A first row that reads as data (a message, or values shaped like those
    below it) is no header: the columns are then named column_1 …, and a note says so."""
    notes = [] if notes is None else notes
    headless = header_row == 0
    if header_row is not None and not headless:
        if not 1 <= header_row <= len(sample):
            closer()
            raise InputError(f"--header-row {header_row}: the file has {len(sample)} rows at the top "
                             f"(header rows are looked for in the first {SAMPLE_ROWS}; 0: it has none)")
        at = header_row - 1
        above = [i + 1 for i in range(at) if any(str(c).strip() for c in sample[i])]  # (1-based rows)
        if above:
            skipped = f"the {len(above):,} rows above it were" if len(above) > 1 else "the row above it was"
            data = [i for i in above if reads_as_data(sample[i - 1], [])]
            more = f" (and {len(data) - 1:,} more)" if len(data) > 1 else ""
            message = f"; row {data[0]} reads as a message{more}" if data else ""
            notes.append(f"--header-row {header_row}: {skipped} not written{message}")
    elif headless:
        at = -1
    else:
        at = header_index(sample)
        at = _narrower_header(sample, at)
        at = _below_group_names(sample, at)
        one_column = max((sum(1 for c in r if str(c).strip()) for r in sample), default=0) <= 1
        if reads_as_data(sample[at], sample[at + 1:at + 2]) or (one_column and not names_a_column(sample[at])):
            # rows above it skipped as titles are data too when they hold a message
            at = min([i for i in range(at) if reads_as_data(sample[i], [])], default=at)
            headless, at = True, at - 1
            notes.append(f"row {at + 2} reads as data, not as column names: it was classified, and the columns are "
                         "named column_1 … (give --header-row if the file has a header)")
        else:
            _note_titles(sample, at, notes)
    header = [] if headless else [str(c) for c in sample[at]]
    body = sample[at + 1:]
    if header_row is None and len(header) == 1 and header[0].strip().lstrip("\ufeff").lower() not in TEXT_COLUMNS \
            and not _IDENTIFIER.fullmatch(header[0].strip().lstrip("\ufeff")):
        notes.append(f"row {at + 1} ('{header[0].strip()}') was read as the column's name, not classified; give "
                     "--header-row 0 if it is a message")
    if quoted and len(header) > 1 and any("\n" in f for row in body for f in row):
        body = [r for n, row in enumerate(body, at + 2)
                for r in ([row] if isinstance(row, QuotedRow)
                          else _noted(_unswallow(row, len(header), delimiter), n, notes))]
    while len(header) > 1 and header[-1] == "" and all(len(r) < len(header) or r[len(header) - 1] == "" for r in body):
        header.pop()
    joined = len(header) == 1 and names_a_column(header) and _commas_in_messages(body)
    if joined:
        body = [[delimiter.join(r)] for r in body]
        notes.append(f"the file has one column, '{header[0]}', whose messages hold {_DELIMITER_NAMES[delimiter]}s "
                     "not in quotes: each line was read as one message")
    # the messages of a last column that names text (订单号,驳回原因) cut at their commas: joined back
    tail = len(header) if header_row is None and len(header) > 1 and _text_column_name(
        header[-1].strip().lstrip("\ufeff")) and _commas_in_messages([r[len(header) - 1:] for r in body]) else 0
    marks = _DELIMITER_NAMES.get(delimiter, repr(delimiter))
    tailed = _RowTally(notes, lambda count, first: (
        f"the last column '{header[-1]}' holds {marks}s not in quotes: {count:,} rows (the first: row {first}) "
        "had more fields than the header, joined back to their messages"))
    width = tail or max([len(header), int(headless)] + [len(r) for r in body])  # a file without a header has a column
    header += [f"column_{i + 1}" for i in range(len(header), width)]

    wide = _RowTally(notes, lambda count, first: (
        f"rows with more fields than the first {SAMPLE_ROWS} rows: {count:,} (the first: row {first}); their extra "
        f"fields were joined to the last column '{header[-1]}' by {marks}s; a message in that column was classified "
        "without them"))

    def fitted(r: list[str], n: int) -> list[str]:
        if joined and len(r) > 1:
            return [delimiter.join(r)]
        if tail and len(r) > tail:
            tailed.add(n)
            return _tail_joined(r, tail, delimiter)
        if len(r) > width:
            wide.add(n)
        return _fit(r, width, delimiter)

    def rows() -> Iterator[list[str]]:
        try:
            for n, row in enumerate(itertools.chain(body, rest), at + 2):
                if quoted and width > 1 and not isinstance(row, QuotedRow) and "\n" in "".join(row):
                    # (rare) a multi-line CSV cell that a stray quote may have opened
                    split = _noted(_unswallow(row, width, delimiter), n, notes)
                    if len(split) > 1:
                        yield from (fitted(r, n) for r in split)
                        continue
                yield row if len(row) == width and not joined else fitted(row, n)
        finally:
            closer()
    return Table(header, rows(), enc, closer, header_row=at + 1,
                 sample=[_tail_joined(r, tail, delimiter) if tail else _fit(r, width, delimiter) for r in body],
                 notes=notes, headless=headless)


_MESSAGE_MARKS = re.compile(r"[，。；：“”！？,.;:!?]")
#: The last word of a column that holds text (驳回原因, 审核意见, 问题描述; reason, Remarks).
_COLUMN_NOUN = re.compile(r"(?:原因|理由|意见|说明|备注|内容|描述|详情|信息|结果|反馈|文本|消息|情况)$|"
                          r"(?i:\b(?:reasons?|messages?|text|comments?|remarks?|notes?|details?|description|"
                          r"content|feedback|msg|opinion)$)")


#: A column name as programs write them (labels, reject_reason, msgText).
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,29}")


def _text_column_name(cell: str) -> bool:
    """Whether a cell names a column of text the way a header does (驳回原因, 审核结果,
    问题描述（必填）, Rejection reason) rather than being a message (网站名称含有论坛字样, 审核通过,
    管局驳回, Review passed)."""
    cell = cell.strip().lstrip("\ufeff")
    bare = re.sub(r"[（(][^）)]*[）)]$", "", cell).strip()  # a note in brackets: 驳回原因（如有多条，请分行）
    return cell.lower() in TEXT_COLUMNS or _named_column(cell) or (
        len(bare) <= 30 and not _MESSAGE_MARKS.search(bare) and bool(_COLUMN_NOUN.search(bare)))


def names_a_column(row: list[str]) -> bool:
    """Whether the one filled cell of a row of a one-column file names the column: a text
    column's name (``_text_column_name``) or a program's (labels, reject_reason)."""
    cell = next((str(c).strip().lstrip("\ufeff") for c in row if str(c).strip()), "")
    return _text_column_name(cell) or bool(_IDENTIFIER.fullmatch(cell))


def _single(row: list[str]) -> bool:
    """Whether a row has exactly one filled cell."""
    return sum(1 for c in row if str(c).strip()) == 1


def _narrower_header(sample: list[list[str]], at: int) -> int:
    """The header row ``at`` (``header_index``), or an earlier one when the row at ``at`` is
    data: the row just above it when that names a column (驳回原因) and ``at`` names none (a
    header of one column above data rows with more fields), else an earlier row of two or more
    cells when a cell at ``at`` is shaped as a number or code like the cell under it (id,驳回原因
    over 001,…,a,b,c)."""
    if at and not any(_text_column_name(str(c)) for c in sample[at]):
        above = sample[at - 1]
        if _single(above) and names_a_column(above):
            return at - 1  # 驳回原因 over rows of more fields: a header of one column, no title
        if any(str(c).strip().lower() in TEXT_COLUMNS for c in above) and not reads_as_data(above, []):
            return at - 1  # 负责人,驳回原因,,, over rows of five fields: a header with unnamed columns
    earlier = [i for i in range(at) if len({str(c).strip() for c in sample[i]} - {""}) > 1]
    if not earlier or at + 1 >= len(sample):
        return at
    below = sample[at + 1]
    coded = any(str(c).strip() and "9" in _shape(str(c)) and _shape(str(c)) == _shape(str(d))
                for c, d in zip(sample[at], below, strict=False))
    return earlier[-1] if coded else at


#: A column's name that is a date, a time or a number (2024-01-01, 2024-01-01 00:00:00, 2024, 3.5).
_NUMBER_NAME = re.compile(r"[0-9][0-9\-/:. ]*")


def _below_group_names(sample: list[list[str]], at: int) -> int:
    """The header row ``at``, or the row under it when ``at`` only names groups of columns
    (订单信息,,驳回信息, over 订单号,提交时间,驳回原因,驳回时间; in a workbook also merged,
    订单信息,订单信息,驳回信息,驳回信息): the row under it names more columns than it has groups,
    all of them short names without digits, one a message column's name."""
    if at + 2 >= len(sample):
        return at
    top, below = [str(c).strip() for c in sample[at]], [str(c).strip() for c in sample[at + 1]]
    names = [c for c in below if c]
    # a group's name merged across its columns fills each of them (a workbook's merged cells): one group
    groups = sum(1 for i, c in enumerate(top) if c and (i == 0 or c != top[i - 1]))
    # (a column named by a date or a number, 2024-01-01 or 2024, among them: fewer than half of them)
    numbers = [c for c in names if _NUMBER_NAME.fullmatch(c)]
    if (len(names) > groups and 2 * len(numbers) < len(names)
            and all(len(c) <= 12 and not re.search(r"[0-9]", c) and not _MESSAGE_MARKS.search(c)
                    for c in names if c not in numbers)
            and any(c.lower() in TEXT_COLUMNS for c in names)
            and not reads_as_data(sample[at + 1], sample[at + 2:at + 3])):
        return at + 1
    return at


def _named_column(cell: str) -> bool:
    """A known message column's name with a note in brackets: 驳回原因（如有多条，请分行）."""
    low = cell.lower()
    return any(low.startswith(name) and low[len(name):len(name) + 1] in ("（", "(") for name in TEXT_COLUMNS)


def reads_as_data(row: list[str], below: list[list[str]]) -> bool:
    """Whether a would-be header row is a row of data: one of its cells is a message (twelve or
    more characters with two hanzi and a punctuation mark), or most of its filled cells that
    hold a number have the shape of the cell under them (ICP0000 over ICP0001, a date over a
    date)."""
    cells = [str(c).strip() for c in row]
    if any(len(c) >= 12 and len(_CJK.findall(c)) >= 2 and _MESSAGE_MARKS.search(c) and not _named_column(c)
           for c in cells):
        return True
    if not below:
        return False
    filled = [c for c in cells if c]
    same = sum(1 for c, d in zip(cells, below[0], strict=False) if c and "9" in _shape(c) and _shape(c) == _shape(d))
    return same >= 1 and 2 * same >= len(filled)


class _RowTally:
    """Rows of one kind counted as they stream by, with one note (written by ``text`` from the
    count and the first row's number) that stands where the first of them was met."""

    def __init__(self, notes: list[str], text: Callable[[int, int], str]) -> None:
        self.notes, self.text, self.count, self.first, self.at = notes, text, 0, 0, -1

    def add(self, n: int) -> None:
        self.count += 1
        if self.count == 1:
            self.first, self.at = n, len(self.notes)
            self.notes.append("")
        self.notes[self.at] = self.text(self.count, self.first)


def _tail_joined(row: list[str], width: int, delimiter: str) -> list[str]:
    """A row of a table whose last column holds messages cut at unquoted delimiters: its fields
    from that column on joined back into one (without the empty fields that close the row)."""
    if len(row) <= width:
        return _fit(row, width, delimiter)
    extra = row[width - 1:]
    while len(extra) > 1 and not extra[-1].strip():
        extra.pop()
    return row[:width - 1] + [delimiter.join(extra)]


def _commas_in_messages(rows: list[list[str]]) -> bool:
    """Whether rows under a header of one column that split into more fields are messages cut at
    their commas (备案信息有误,负责人手机号为空号): most fields after the first hold Chinese words."""
    wider = [r for r in rows if len(r) > 1]
    return bool(wider) and 2 * sum(any(len(_CJK.findall(c)) >= 2 for c in r[1:]) for r in wider) > len(wider)


def _noted(rows: list[list[str]], n: int, notes: list[str]) -> list[list[str]]:
    """``rows`` as they are; when a stray quote was undone (several rows), a note says where
    (row numbers of the records read before; ``capped_note``)."""
    if len(rows) > 1:
        capped_note(notes, f"record {n}: an unbalanced quote took in the {len(rows) - 1} lines after it; "
                    "they were read as rows of their own", "an unbalanced quote")
    return rows


def _shape(cell: str) -> str:
    """A cell's shape: runs of digits, of Latin letters and of Chinese characters collapsed
    (订单号 0001234 -> 9, 张三 -> 中)."""
    return re.sub(r"[0-9]+", "9", re.sub(r"[A-Za-z]+", "a", re.sub(r"[\u3400-\u9fff]+", "中", cell.strip())))


def _row_like(fields: list[str], width: int, first_shape: str) -> bool:
    """Whether a line a stray quote took in (split on the delimiter) was a row of its own: as
    many fields as the table is wide, the first shaped like the first cell of the row it was
    taken into (an order number, a date)."""
    return len(fields) == width and _shape(fields[0]) == first_shape


def _unswallow(row: list[str], width: int, delimiter: str = ",") -> list[list[str]]:
    """``row``, or the rows a stray quote merged into it. A quote that opens a CSV cell and is
    never closed takes the following lines into that cell until the next quote: the lines of
    such a cell that split into a full row whose first cell has the shape of this row's first
    cell (an order number, a date) were rows of their own. Those lines hold no quote (the
    next quote would have closed the cell), so they split on the file's delimiter; the opening
    quote is put back."""
    for i, cell in enumerate(row):
        if "\n" not in cell:
            continue
        lines = [line.rstrip("\r") for line in cell.split("\n")]
        while i == len(row) - 1 and len(lines) > 2 and lines[-1] == "":
            lines.pop()  # the file's last line break, taken in by a quote never closed: no row
        parts = [line.split(delimiter) for line in lines[1:]]
        first = _shape(row[0])
        if not any(_row_like(p, width, first) for p in parts[:-1] or parts):
            continue
        rest = row[i + 1:]
        k = next((j for j, c in enumerate(rest) if c.endswith('"')), None)
        if k is not None and len(parts[-1]) > 1:
            # The quote that closed the cell opened a quoted cell of the last line (one that
            # holds a comma): that cell runs to its own closing quote.
            last = [*parts[-1][:-1], delimiter.join([parts[-1][-1], *rest[:k + 1]])[:-1], *rest[k + 1:]]
        else:
            last = parts[-1] + rest
        return [row[:i] + ('"' + lines[0]).split(delimiter), *parts[:-1], last]
    return [row]


class _Pairs(list):
    """A JSON object as the (key, value) pairs it was written with (repeated keys kept)."""

    __slots__ = ()


def _dumps(value: Any) -> str:
    """JSON text of ``value`` with its characters as they are, except a lone surrogate (half an
    emoji cut by a JavaScript or Java export, read from a JSONL line's \\ud83d), which UTF-8
    cannot hold: it is written as that escape, as the line wrote it."""
    text = json.dumps(value, ensure_ascii=False)
    return _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _SURROGATES.search(text) else text


def _json_text(value: Any) -> str:
    """JSON text of a value read with ``_Pairs`` and ``JsonNumber``: numbers as written."""
    if isinstance(value, JsonNumber):
        return str(value)
    if isinstance(value, (_Pairs, dict)):  # (a nested object of a JSONL cell is a dict)
        pairs = value.items() if isinstance(value, dict) else value
        return "{" + ", ".join(f"{_dumps(k)}: {_json_text(v)}" for k, v in pairs) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_text(v) for v in value) + "]"
    return _dumps(value)


class JsonRow(list):
    """A row read from a JSONL line: its cells as text, and the line itself, so that JSONL
    output can keep every key and value exactly as written, and its line number. A line that is
    no JSON object (``invalid``) stands in the first column; it has no message to classify."""

    __slots__ = ("line", "invalid", "number")


class JsonNumber(str):
    """A number of a JSONL line, as written (1.10 stays 1.10): text to every reader, and a
    number again in the JSONL files the product writes of its own (the review file)."""

    __slots__ = ()


def _json_number(value: JsonNumber) -> Any:
    """The number a JsonNumber was written as (the text where JSON has no such number, 1e400)."""
    with contextlib.suppress(ValueError):
        return int(value)
    number = float(value)
    return number if math.isfinite(number) else str(value)


class _Repeated(list):
    """The values of a key an object repeats ({"msg": "…", "msg": "…"}), in their order."""

    __slots__ = ()


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose repeated keys keep every value (``_Repeated``), not only the last."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            before = obj[key]
            obj[key] = _Repeated([*before, value] if isinstance(before, _Repeated) else [before, value])
        else:
            obj[key] = value
    return obj


def _json_object(line: str) -> dict[str, Any] | None:
    """The object of a JSONL line, numbers kept as written (``JsonNumber``), a repeated key's
    values kept (``_Repeated``); None for a line that is not an object (it becomes a row with
    the line in the first column)."""
    try:
        obj = json.loads(line, parse_float=JsonNumber, parse_int=JsonNumber, object_pairs_hook=_object)
    except (ValueError, RecursionError):  # (RecursionError: arrays nested thousands deep)
        return None
    return obj if isinstance(obj, dict) else None


def _read_jsonl(fh: IO[str], enc: str, path: str) -> Table:
    """JSONL: the columns are the keys of every line, in the order they first appear (a first
    pass over the file; standard input: over its first SAMPLE_ROWS lines)."""
    keys: dict[str, None] = {}
    first: list[dict[str, Any]] = []  # the first objects: the sample that finds the message key
    if path != "-":
        # the first pass decodes as the rows will be read (a UTF-8 line in a GB18030 file …)
        scan, _ = _open_text(path, None if isinstance(fh, _GB18030Reader) else enc)
        with scan:
            for line in _lines(scan):
                obj = _json_object(line) if line.strip() else None
                keys.update(dict.fromkeys(obj or ()))
                if obj is not None and len(first) < SAMPLE_ROWS:
                    first.append(obj)
        lines: Iterator[str] = _lines(fh)
    else:
        stream = _lines(fh)  # one iterator: a second one would skip the rest of its first block
        head = list(itertools.islice(stream, SAMPLE_ROWS))
        for line in head:
            obj = _json_object(line) if line.strip() else None
            keys.update(dict.fromkeys(obj or ()))
            first += [obj] if obj is not None else []
        lines = chain(head, stream)
    header = list(keys) or ["text"]
    sample = [[_cell(obj.get(h)) for h in header] for obj in first]
    notes: list[str] = []

    def rows() -> Iterator[list[str]]:
        late = 0 if path == "-" else -1  # (a file's first pass saw every key: nothing to check)
        blank = repeated = 0
        with fh:
            for n, line in enumerate(lines, 1):
                if not line.strip():
                    blank += 1
                    continue
                obj = _json_object(line)
                if obj is not None and not late and any(k not in keys for k in obj):
                    late = n
                    notes.append(f"line {n} has keys that the first {SAMPLE_ROWS} lines of standard input do "
                                 "not have: they are no columns of CSV or Excel output (JSONL output keeps "
                                 "every line as written); give the file by name to read every key")
                if obj is not None and any(isinstance(v, _Repeated) for v in obj.values()):
                    repeated += 1
                row = JsonRow([_cell(obj.get(h)) for h in header] if obj is not None
                              else [line.rstrip("\r\n")] + [""] * (len(header) - 1))
                row.line = line.rstrip("\r\n") if obj is not None else None
                row.invalid = obj is None
                row.number = n  # its line in the file (blank lines are no rows)
                yield row
        if repeated:
            lines_repeat = f"{repeated:,} line{' repeats' if repeated == 1 else 's repeat'}"
            notes.append(f"{lines_repeat} a key (\"msg\": …, \"msg\": …): its values are joined, one per line, in the "
                         "cell of CSV and Excel output (JSONL output keeps every line as written)")
        if blank:
            notes.append(f"blank lines, which hold no JSON object, left out: {blank:,} (review rows and notes "
                         "give line numbers of the file)")
    return Table(header, rows(), enc, fh.close, header_row=0, headless=True, notes=notes,  # (line 1: first row)
                 keyed=True, sample=sample)


_SURROGATES = re.compile("[\ud800-\udfff]")


def _cell(value: Any) -> str:
    """A cell as text, the way a person typed it: whole numbers without an exponent or ".0",
    dates without a midnight time."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        # the digits the number was stored with (1.234567890123457e+23 → 1234567890123457 and
        # zeros); below 2**53 every whole float is exact
        return f"{value:.0f}" if abs(value) < 2**53 else format(Decimal(repr(value)), "f").removesuffix(".0")
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, str):
        # A lone surrogate (JSON "\ud800") cannot be written in any encoding: it becomes
        # U+FFFD, which marks the row as a decode error.
        return _SURROGATES.sub("\ufffd", value) if not value.isascii() and _SURROGATES.search(value) else value
    if isinstance(value, _Repeated):
        return "\n".join(_cell(v) for v in value)  # a JSONL key given twice: every value, one per line
    if isinstance(value, (dict, list)):
        return _json_text(value)  # numbers as written (1, 2.50), not as strings
    return str(value)


_ZERO_PADDED = re.compile(r"0{2,}")


def _padded(cell: Any) -> Any:
    """A cell's value, a whole number in a zero-padded format (00000, or 00000;-00000 for the
    negative ones) as the text it shows."""
    value = cell.value
    fmt = str(getattr(cell, "number_format", "General"))
    if not isinstance(value, (int, float)) or isinstance(value, bool) or fmt == "General" \
            or not float(value).is_integer():
        return value
    sections = fmt.split(";")
    section = sections[1].lstrip("-") if value < 0 and len(sections) > 1 else sections[0]
    if not _ZERO_PADDED.fullmatch(section):
        return value
    return ("-" if value < 0 else "") + f"{abs(int(value)):0{len(section)}d}"


def by_name_or_number(names: Sequence[str], wanted: str) -> int | None:
    """The index of what ``wanted`` names among ``names`` (columns, sheets): its name, spaces
    around it (and a byte-order mark) and case aside, else its number
    counted from 1; None when none fits. A name that several carry (two columns named 驳回原因)
    is an InputError that asks for the number."""
    loose = [n.strip().lstrip("\ufeff").strip().lower() for n in names]
    found = [i for i, n in enumerate(loose) if n == wanted.strip().lower()]
    if len(found) > 1:
        raise InputError(f"'{wanted}' names {len(found)} columns (numbers "
                         f"{', '.join(str(i + 1) for i in found)}); give the number of the one to read")
    if found:
        return found[0]
    if wanted.strip().isdigit() and 1 <= int(wanted) <= len(names):
        return int(wanted) - 1
    return None


def _read_xlsx(path: str, sheet: str | None, header_row: int | None = None) -> Table:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - openpyxl is a dependency
        raise InputError("reading .xlsx needs openpyxl: pip install openpyxl") from exc
    check_xlsx_container(path)
    # openpyxl opens a named file only under a workbook's extension: another name is opened here
    data = None if Path(path).suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm") else Path(path).read_bytes()

    def book(*, values: bool) -> Any:
        return openpyxl.load_workbook(path if data is None else io.BytesIO(data), read_only=True, data_only=values)
    try:
        wb = book(values=True)
    except Exception as exc:
        raise InputError(f"cannot open {path} as an Excel workbook: {exc}") from exc
    if sheet is not None:
        named = by_name_or_number(wb.sheetnames, sheet)
        if named is None:
            wb.close()
            raise InputError(f"no sheet '{sheet}' in {path} (a name, or a number from 1 to {len(wb.sheetnames)}); "
                             f"sheets: {', '.join(wb.sheetnames)}")
        sheet = wb.sheetnames[named]
    hidden = []
    if sheet is None and len(wb.worksheets) > 1:
        sheet = _choose_sheet(wb, path)
        hidden = [ws.title for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") != "visible"
                  and ws.title != _CHOICES_SHEET]
    ws = wb[sheet] if sheet else wb.worksheets[0]
    if not hasattr(ws, "iter_rows"):  # a chart sheet counts among the sheets, but holds no cells
        tables = ", ".join(repr(w.title) for w in wb.worksheets)
        wb.close()
        raise InputError(f"{path}: sheet '{sheet}' is a chart, not a table; the sheets with cells: {tables}")
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # a stale <dimension> element must not cut rows or columns
    # Zero-padded number formats (00000: order number 123 shown as 00123) are kept as shown.
    padded = any(_ZERO_PADDED.fullmatch(str(f).split(";")[0]) for f in getattr(wb, "_number_formats", ()))
    it = (tuple(_padded(c) for c in r) for r in ws.iter_rows()) if padded else ws.iter_rows(values_only=True)
    part = getattr(ws, "_worksheet_path", None)
    merged, has_formulas = _sheet_extras(path, part)
    fill = _MergedFill(merged) if merged else None
    # Formulas: their saved values are read; where none was saved, the formula's text is given.
    formulas, close = None, wb.close
    if has_formulas:
        wb_f = book(values=False)
        ws_f = wb_f[ws.title]
        if hasattr(ws_f, "reset_dimensions"):
            ws_f.reset_dimensions()
        formulas = ws_f.iter_rows(values_only=True)

        def close() -> None:
            wb.close()
            wb_f.close()
    notes: list[str] = []
    if hidden:
        notes.append(f"hidden sheets not read: {', '.join(repr(t) for t in hidden)} (give --sheet to read one)")
    n = 0

    def cells() -> Iterator[list[str]]:
        nonlocal n
        blank = 0  # empty rows not yet given: only rows with cells below them are rows of the log
        try:
            for values in it:
                n += 1
                if formulas is not None:
                    values = _with_formulas(values, next(formulas, ()), n, notes)
                row = [_cell(v) for v in values]
                if fill is not None:
                    fill(row, n)
                while row and row[-1] == "":
                    row.pop()
                if not row:
                    blank += 1
                    continue
                for _ in range(blank):
                    yield []
                blank = 0
                yield row
            if blank:
                notes.append(f"empty rows at the end of the sheet (formatting without cells), left out: {blank:,}")
        except (InputError, GeneratorExit):
            raise
        except Exception as exc:  # a damaged sheet part: openpyxl raises ParseError, IndexError, KeyError …
            raise InputError(f"{path}: sheet '{ws.title}' is damaged after row {n} "
                             f"({type(exc).__name__}: {exc}); re-save it in Excel or export it as CSV") from exc
    rows = cells()
    try:
        sample = list(itertools.islice(rows, SAMPLE_ROWS))
    except BaseException:
        close()
        raise
    if not sample:
        close()
        return Table([], iter(()), None)
    table = _table_from_sample(sample, rows, header_row, None, close)
    table.sheet = ws.title
    notes[:0] = table.notes  # the reading's notes first; formulas found later join ``notes``
    table.notes = notes
    return table


def _with_formulas(values: tuple, formulas: tuple, n: int, notes: list[str]) -> tuple:
    """The saved values of a row, with the text of each formula that has no saved value."""
    if not any(isinstance(f, str) and f.startswith("=") for f in formulas):
        return values
    out = list(values) + [None] * max(0, len(formulas) - len(values))
    for i, f in enumerate(formulas):
        if out[i] is None and isinstance(f, str) and f.startswith("="):
            out[i] = f
            capped_note(notes, f"row {n}, column {i + 1}: a formula with no saved value ({f[:40]}); its text is "
                        "given (open and save the file in Excel to store the values)", "a formula with no saved value")
    return tuple(out)


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


_FORMULA = re.compile(rb"<(?:\w+:)?f[ >]")


def _sheet_extras(path: str, part: str | None) -> tuple[list[tuple[int, int, int, int]], bool]:
    """(merged ranges as (first row, last row, first column, last column), 1-based; whether
    any cell holds a formula), read from the sheet's XML, which read-only openpyxl does not
    parse for them."""
    if not part:
        return [], False
    from openpyxl.utils import column_index_from_string
    out, tail, formulas = [], b"", False
    try:
        with zipfile.ZipFile(path) as z, z.open(part.lstrip("/")) as fh:
            while block := fh.read(1 << 20):
                data = tail + block
                formulas = formulas or _FORMULA.search(data) is not None
                out += [(int(r1), int(r2), column_index_from_string(c1.decode()), column_index_from_string(c2.decode()))
                        for c1, r1, c2, r2 in _MERGE.findall(data)]
                tail = data[-200:] if b"<mergeCell" not in data[-200:] else data[data.rfind(b"<mergeCell"):]
    except (KeyError, OSError, zipfile.BadZipFile):
        return [], False
    return sorted(set(out)), formulas


class _MergedFill:
    """Gives every cell of a merged range the value of its top-left cell (Excel shows that
    value across the range; the file stores it once). Ranges are taken up as their first row
    comes and dropped after their last, so each row looks only at the ranges it is in."""

    def __init__(self, merged: list[tuple[int, int, int, int]]) -> None:
        self.waiting = sorted(merged, reverse=True)  # by first row, the next one last
        self.active: list[tuple[int, int, int, int, str]] = []

    def __call__(self, row: list[str], n: int) -> None:
        while self.waiting and self.waiting[-1][0] == n:
            r1, r2, c1, c2 = self.waiting.pop()
            self.active.append((r1, r2, c1, c2, row[c1 - 1] if c1 <= len(row) else ""))
        while self.waiting and self.waiting[-1][0] < n:  # a range whose first row never came
            self.waiting.pop()
        if not self.active:
            return
        self.active = [a for a in self.active if a[1] >= n]
        for r1, _, c1, c2, value in self.active:
            if len(row) < c2:
                row.extend([""] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if (n, c) != (r1, c1):
                    row[c - 1] = value


#: The hidden sheet of a review workbook that lists the allowed labels (no data: never noted).
_CHOICES_SHEET = "choices"


def _choose_sheet(wb: Any, path: str) -> str:
    """The one sheet whose rows hold Chinese prose (a rejection log, not a notes page or an
    empty sheet); of several, the one table (a header of two or more columns: a notes page
    is one column of lines); of several tables, the one whose header names a message column.
    InputError listing the sheets when none or several do."""
    good, tables, named = [], [], []
    shown = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if len(shown) == 1:
        return shown[0].title  # the others are hidden (the review file's list of allowed labels)
    for ws in shown:
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        rows = [[_cell(v) for v in r] for r in itertools.islice(ws.iter_rows(values_only=True), 60)]
        if len(rows) < 2:
            continue
        at = header_index(rows)
        body = rows[at + 1:]
        width = max((len(r) for r in body), default=0)
        best = max((prose_share([r[i] if i < len(r) else "" for r in body]) for i in range(width)), default=0.0)
        if best >= 0.5 and len(body) >= 1:
            good.append(ws.title)
            if sum(1 for c in rows[at] if c.strip()) >= 2:
                tables.append(ws.title)
                if any(c.strip().lower() in TEXT_COLUMNS for c in rows[at]):
                    named.append(ws.title)
    if len(good) == 1:
        return good[0]
    if len(tables) == 1:
        return tables[0]
    if len(named) == 1:  # of several tables, the one with a message column's name (驳回原因), not 统计's 类别
        return named[0]
    names = ", ".join(repr(n) for n in wb.sheetnames)
    wb.close()
    what = (f"several sheets hold rejection texts ({', '.join(repr(n) for n in tables or good)})" if good
            else "no sheet holds rejection texts")
    raise InputError(f"{path}: {what}; name one with --sheet. The sheets are: {names}")


#: Limits on an .xlsx container, checked before anything is decompressed: the shared-string
#: table is held in memory whole, so it is bounded; a part that expands more than
#: XLSX_MAX_RATIO times beyond XLSX_RATIO_FLOOR bytes is a zip bomb, not a spreadsheet.
XLSX_MAX_SHARED_STRINGS = 256 << 20
XLSX_MAX_TOTAL = 8 << 30
XLSX_MAX_RATIO = 200
XLSX_RATIO_FLOOR = 64 << 20


def check_xlsx_container(path: str) -> None:
    """Refuse (InputError) an .xlsx whose parts would expand beyond the limits above."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        try:
            with open(path, "rb") as fh:
                head = fh.read(1024)
        except OSError:
            head = b""
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE container: a password-protected workbook, or an old .xls
            raise InputError(f"cannot open {path} as an .xlsx workbook: it is a password-protected (encrypted) "
                             "workbook or an old .xls; open it in Excel, remove the password and save it as "
                             ".xlsx") from exc
        if _MARKUP.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")):
            raise InputError(f"cannot open {path} as an .xlsx workbook: it is a web page (HTML) or an XML workbook, "
                             "as some consoles export; open it in Excel and save it as .xlsx or CSV") from exc
        raise InputError(f"cannot open {path} as an Excel workbook: {exc} (if it is a CSV or text export, name it .csv "
                         "or give --input-format csv)") from exc
    total = sum(i.file_size for i in infos)
    if total > XLSX_MAX_TOTAL:
        raise InputError(f"{path} expands to {total >> 20} MB, beyond the {XLSX_MAX_TOTAL >> 20} MB this tool reads "
                         "from one workbook; export it as CSV")
    for i in infos:
        if i.filename.endswith("sharedStrings.xml") and i.file_size > XLSX_MAX_SHARED_STRINGS:
            raise InputError(f"{path}: its shared-string table expands to {i.file_size >> 20} MB (limit "
                             f"{XLSX_MAX_SHARED_STRINGS >> 20} MB); export the sheet as CSV")
        if i.file_size > XLSX_RATIO_FLOOR and i.file_size > XLSX_MAX_RATIO * max(1, i.compress_size):
            raise InputError(f"{path}: part {i.filename} expands {i.file_size // max(1, i.compress_size)} times "
                             f"(to {i.file_size >> 20} MB): refused as a zip bomb")


_CJK = re.compile(r"[\u4e00-\u9fff]")
_NOT_PROSE = re.compile(r"^[\d\s:/\\\-.,年月日时分秒号TtZz+#xX]*$")


#: Three words in Latin script: an English message (Website name contains a forbidden word).
_LATIN_PROSE = re.compile(r"(?:[a-z]{2,}[^a-z\d]+){2}[a-z]{2,}", re.IGNORECASE)


def prose_share(values: list[str]) -> float:
    """Share of the non-empty cells that read as prose: Chinese (two or more hanzi, not a
    timestamp, counter or ID) or English (three words)."""
    cells = [v[:200] for v in values if v and not v.isspace()]  # the start of a cell tells (and huge cells stay cheap)
    if not cells:
        return 0.0
    return sum(1 for v in cells if (len(_CJK.findall(v)) >= 2 or _LATIN_PROSE.search(v))
               and not _NOT_PROSE.match(v)) / len(cells)


def find_text_column(header: list[str], wanted: str | None = None, *, exclude: tuple[int, ...] = (),
                     option: str = "--text-column", sample: list[list[str]] | None = None) -> int:
    """Index of the message column: ``wanted`` by name (spaces around a header and case aside),
    or by its 1-based number when no column has that name, else a known header
    or a header naming a reason, chosen by content when ``sample`` rows are given (Chinese
    prose beats timestamps, counters and IDs), else the only column left once ``exclude`` (e.g.
    label columns) is set aside. Raises InputError listing the columns (and candidates) and
    naming ``option`` as the way to choose one."""
    if sample and wanted is None:
        return _by_header_and_content(header, sample, exclude, option)
    cols = ", ".join(repr(h) for h in header) or "(none)"
    if wanted is not None:
        named = by_name_or_number(header, wanted)
        if named is not None:
            return named
        raise InputError(f"no column '{wanted}' (a name, or a number from 1 to {len(header)}); "
                         f"the columns are: {cols}")
    lowered = [h.strip().lower().lstrip("\ufeff") if i not in exclude else "\x00" for i, h in enumerate(header)]
    for name in TEXT_COLUMNS:
        if name in lowered:
            return lowered.index(name)
    for i, h in enumerate(lowered):
        if any(k in h for k in ("驳回", "退回", "原因", "意见", "reason", "message")):
            return i
    left = [i for i in range(len(header)) if i not in exclude]
    if len(left) == 1:
        return left[0]
    raise InputError(f"cannot tell which column holds the rejection text; name it with {option}. "
                     f"The columns are: {cols}")


#: Words of a column name that says it holds a reason or a verdict (驳回原因, 审核意见), and
#: words of one that holds some text (备注, 说明): both mark a candidate message column.
_REASON_NAME_WORDS = ("驳回", "退回", "原因", "理由", "意见", "reason")
_TEXT_NAME_WORDS = ("说明", "内容", "备注", "message", "comment", "remark")
_REASON_WORDS = _REASON_NAME_WORDS + _TEXT_NAME_WORDS


def _by_header_and_content(header: list[str], sample: list[list[str]], exclude: tuple[int, ...], option: str) -> int:
    lowered = [h.strip().lower().lstrip("\ufeff") for h in header]
    cols = [i for i in range(len(header)) if i not in exclude]
    share = {i: prose_share([r[i] if i < len(r) else "" for r in sample]) for i in cols}
    rank = {}
    for i in cols:
        if lowered[i] in TEXT_COLUMNS:
            rank[i] = TEXT_COLUMNS.index(lowered[i])
        elif any(k in lowered[i] for k in _REASON_WORDS):
            rank[i] = len(TEXT_COLUMNS)
    listing = ", ".join(f"{header[i]!r} ({share[i]:.0%} prose{_example(sample, i)})" for i in cols)
    named = sorted((i for i in rank if share[i] >= 0.3), key=lambda i: (rank[i], -share[i]))
    # Two named columns that both hold prose in most rows: either could be the message (驳回原因
    # beside 审核意见; a 驳回原因 of codes such as 其他 beside sentences). Guessing would answer
    # every row from the wrong one, so the user names it, unless only the first column's name
    # says "reason" (驳回原因 beside 备注) and it holds more than codes. A column of codes or
    # names (驳回人: 张三) is no rival.
    rival = [i for i in named[1:] if share[i] >= 0.5 and _filled(sample, i) >= 0.5 and not _codes(sample, i)]
    if rival and _filled(sample, named[0]) >= 0.5 and not (
            _says_reason(lowered[named[0]]) and not _says_reason(lowered[rival[0]])
            and not _codes(sample, named[0])):
        raise InputError(f"several columns could hold the rejection text ({header[named[0]]!r}, {header[rival[0]]!r}); "
                         f"name one with {option}. The columns are: {listing}")
    if named:  # the best-named column that holds prose; several with prose: the better name
        return named[0]
    prose = sorted((i for i in cols if share[i] >= 0.5), key=lambda i: -share[i])
    if (len(prose) == 1 or (len(prose) > 1 and share[prose[0]] - share[prose[1]] >= 0.3)) and (
            not rank or len(cols) == 1):
        return prose[0]
    if len(cols) == 1:
        return cols[0]
    # A column that bears a message column's very name (驳回原因) when no column holds much prose
    # (a log of codes, placeholders, garbled or empty cells): the name decides.
    exact = [i for i in cols if rank.get(i, len(TEXT_COLUMNS)) < len(TEXT_COLUMNS)]
    if len(exact) == 1 and not prose:
        return exact[0]
    raise InputError(f"cannot tell which column holds the rejection text; name it with {option}. "
                     f"The columns are: {listing}")


def _says_reason(name: str) -> bool:
    """Whether a column name says it holds a reason or a verdict (驳回原因, 审核意见, reason),
    not just text (备注, 说明, 内容, message)."""
    return any(k in name for k in _REASON_NAME_WORDS)


def _codes(sample: list[list[str]], i: int) -> bool:
    """Whether column ``i`` holds codes rather than messages: its typical non-blank cell has at
    most four characters (其他, 通过, 资料问题)."""
    lengths = sorted(len(r[i].strip()) for r in sample if i < len(r) and r[i].strip())
    return bool(lengths) and lengths[len(lengths) // 2] <= 4


def _filled(sample: list[list[str]], i: int) -> float:
    """Share of the sampled rows whose column ``i`` is not blank."""
    return sum(1 for r in sample if i < len(r) and r[i].strip()) / max(1, len(sample))


def _example(sample: list[list[str]], i: int) -> str:
    """", e.g. '…'": the column's first non-blank value, shortened, for listings."""
    value = next((r[i].strip() for r in sample if i < len(r) and r[i].strip()), "")
    return f", e.g. {value[:20] + ('…' if len(value) > 20 else '')!r}" if value else ""


_LINES_BUFFERED = 2048  # CSV lines collected before one write
_CHARS_BUFFERED = 4_000_000  # … or fewer lines when they are long
_TAILS_KEPT = 10_000  # rendered tails remembered (bounded memory)


class _Sink:
    """A ``write`` target for ``csv.writer`` that keeps each rendered line in a list."""

    __slots__ = ("write",)

    def __init__(self, parts: list[str]) -> None:
        self.write = parts.append


def _stdout(encoding: str) -> IO[str]:
    """Standard output in ``encoding`` (UTF-8 without a byte-order mark, which a stream read as
    it flows does not need; UTF-16 and UTF-32 with one); standard output itself when it has no
    byte stream under it."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        return sys.stdout
    sys.stdout.flush()
    name = codecs.lookup(encoding).name
    if name in ("utf-16", "utf-32"):  # on a pipe the codec writes no byte-order mark: one of ours
        out = io.TextIOWrapper(buffer, encoding=f"{name}-le", newline="")
        out.write("\ufeff")
        return out
    return io.TextIOWrapper(buffer, encoding="utf-8" if name == "utf-8-sig" else name, newline="")


def _release(fh: IO[str]) -> None:
    """Flush what ``_stdout`` gave and hand standard output's byte stream back unclosed."""
    with contextlib.suppress(OSError, ValueError):
        fh.flush()
    if fh is sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):
        fh.detach()  # type: ignore[attr-defined]


def _wrapped_alignment():
    from openpyxl.styles import Alignment
    return Alignment(wrap_text=True, vertical="top")


class AtomicWriter:
    """Write rows to ``path`` through a temporary file in the same folder, renamed on commit."""

    def __init__(self, path: str, header: list[str], *, added: Sequence[str] = (), fmt: str | None = None,
                 encoding: str = "utf-8-sig", escape_formulas: bool = True, sheet_title: str | None = None,
                 numeric: tuple[str, ...] = (), booleans: tuple[str, ...] = (), lists: tuple[str, ...] = (),
                 nullable: tuple[str, ...] = (), widths: dict[str, int] | None = None,
                 wrap: tuple[str, ...] = (), choices: dict[str, list[str]] | None = None) -> None:
        """``header``: the input's columns; ``added``: the columns the product appends to each
        row (the input's own columns of those names are kept apart, ``keep_apart``).
        ``numeric`` and ``booleans`` (added columns whose cells are numbers, and "true"/"false")
        are written as numbers (.xlsx, JSONL) and as JSON booleans (JSONL); ``lists`` (added
        columns of ``;``-joined values) as JSON lists (JSONL); an empty cell of ``nullable`` as
        null (JSONL). ``sheet_title``,
        ``widths`` (column widths by header), ``wrap`` (columns whose text wraps) and ``choices``
        (columns with a drop-down of allowed values, kept on a hidden sheet) shape .xlsx output,
        which also gets a frozen header and a filter."""
        self.path = path
        #: CSV/TSV cells that a spreadsheet would run as a formula get a leading ' (OWASP).
        self.escape_formulas = escape_formulas
        self.fmt = detect_format(path, fmt, output=True)
        own = keep_apart(header, added)
        #: Input columns renamed by ``keep_apart`` (JSONL lines in come out as written, the new
        #: keys added, unless one of their keys is renamed).
        self._renamed = {h: n for h, n in zip(header, own, strict=True) if h != n}
        header = own + list(added)
        self.header = header
        #: Columns written as numbers (.xlsx, JSONL), as JSON booleans and as JSON lists (JSONL),
        #: by position.
        self._numeric = {i for i, h in enumerate(header) if h in numeric}
        self._booleans = {i for i, h in enumerate(header) if h in booleans}
        self._lists = {i for i, h in enumerate(header) if h in lists}
        self._nullable = {i for i, h in enumerate(header) if h in nullable}
        self.encoding = encoding
        self._tmp: str | None = None
        self._fh: IO[str] | None = None
        self._wb = None
        self._stream = path == "-"
        if self._stream:
            self._fh = _stdout(encoding)
        elif self.fmt == "xlsx":
            import openpyxl
            from openpyxl.cell.cell import ERROR_CODES
            from openpyxl.utils import get_column_letter
            self._errors = frozenset(ERROR_CODES)
            self._wb = openpyxl.Workbook(write_only=True)
            self._ws = self._wb.create_sheet(_sheet_title(sheet_title or "Sheet1"))
            self._ws.freeze_panes = "A2"
            for i, h in enumerate(header):
                self._ws.column_dimensions[get_column_letter(i + 1)].width = (widths or {}).get(h, 14)
            self._wrap = {i for i, h in enumerate(header) if h in wrap}
            self._wrapped = _wrapped_alignment()
            self._choices = {i: values for i, h in enumerate(header) for c, values in (choices or {}).items() if h == c}
            if self._choices:
                self._choice_ws = self._wb.create_sheet(_CHOICES_SHEET)
                self._choice_ws.sheet_state = "hidden"
                for values in self._choices.values():
                    for v in values:
                        self._choice_ws.append([v])
            self._rows = 0
        else:
            fd, self._tmp = temp_beside(path)
            self._fh = open(  # noqa: SIM115
                fd, "w", encoding=encoding if self.fmt == "csv" else encoding.replace("-sig", ""), newline="")
        self._keys = _unique(header)  # JSONL object keys (duplicate column names numbered)
        self._parts: list[str] = []  # rendered CSV lines not yet written
        self._chars = 0  # … and their characters
        self._tails: dict[tuple[Any, ...], str] = {}
        if self.fmt in ("csv", "tsv", "txt") and self._fh is not None:
            self._delimiter = "," if self.fmt == "csv" else "\t"
            if self.fmt == "csv":
                self._csv = csv.writer(_Sink(self._parts), delimiter=self._delimiter)
            else:
                # TSV as consoles write it: no quoting; line breaks and tabs inside a cell are
                # written as the two characters \n and \t, so every row stays one line.
                self._csv = csv.writer(_Sink(self._parts), delimiter="\t", quoting=csv.QUOTE_NONE, quotechar=None)
        self._write_header()

    def _write_header(self) -> None:
        if self.fmt == "xlsx":
            self._ws.append(self._xlsx_row(self.header, header=True))
        elif self.fmt != "jsonl":
            self._csv_row(self.header)

    def _csv_row(self, row) -> None:
        """One row through the CSV writer; in TSV and text files (no quoting) a row of one empty
        cell is an empty line, which the writer refuses to write."""
        if self.fmt != "csv" and len(row) == 1 and row[0] in ("", None):
            self._parts.append("\r\n")
        else:
            self._csv.writerow(self._escaped(row))

    def _escaped(self, row) -> list[Any]:
        if self.fmt != "csv":
            row = [_tsv_cell(c) if isinstance(c, str) else c for c in row]
        return formula_safe(row) if self.escape_formulas else row

    def _xlsx_row(self, values, *, header: bool = False) -> list[Any]:
        """Cells for a write-only sheet: text is always text, never a formula; the numeric
        columns as numbers."""
        out = []
        self._rows += 1
        for i, v in enumerate(values):
            if not header and i in self._numeric:
                v = _as_number(v)
            v = _xlsx_safe(v)
            # (a formula, an error value such as #N/A, or wrapped text: a text cell of its own)
            if isinstance(v, str) and (v.startswith("=") or v in self._errors or (i in self._wrap and not header)):
                from openpyxl.cell import WriteOnlyCell
                cell = WriteOnlyCell(self._ws, value=v)
                cell.data_type = "s"
                if i in self._wrap and not header:
                    cell.alignment = self._wrapped
                v = cell
            out.append(v)
        return out

    def _json_value(self, i: int, value: Any) -> Any:
        """Cell ``i`` for JSON: a number in a numeric column or where a JSONL line had one,
        true/false in a boolean column, a list in a list column, null for an empty nullable cell."""
        if isinstance(value, JsonNumber):
            return _json_number(value)
        if i in self._numeric:
            return _as_number(value)
        if i in self._lists:
            return value.split(";") if value else []
        if i in self._nullable and value == "":
            return None
        return value == "true" if i in self._booleans and value else value

    def write(self, row: list[Any], tail: tuple[Any, ...] = ()) -> None:
        """Write one row: the cells of ``row``, then those of ``tail``. A tail that many rows
        share (the label, title and remedy of one message) is rendered as CSV only once."""
        if self.fmt == "jsonl":
            line = getattr(row, "line", None)
            if self._numeric or self._booleans or self._lists or self._nullable:  # the product's columns as JSON
                tail = tuple(self._json_value(i, v) for i, v in enumerate(tail, len(row)))
                if line is None and not isinstance(row, JsonRow):  # a row the product made (the review file)
                    row = [self._json_value(i, v) for i, v in enumerate(row)]
            if line is not None and self._renamed and line.rstrip().endswith("}"):
                # keys an added column uses are renamed; values, numbers and repeated keys as written
                pairs = json.loads(line, parse_float=JsonNumber, parse_int=JsonNumber, object_pairs_hook=_Pairs)
                pairs = _Pairs((self._renamed.get(k, k), v) for k, v in pairs)
                pairs.extend(zip(self._keys[len(row):], tail, strict=False))
                self._fh.write(_json_text(pairs) + "\n")
            elif line is not None and line.rstrip().endswith("}"):
                # A JSONL line in, the same line out with the new keys added: every key and
                # value stays exactly as written.
                body = line.rstrip()[:-1].rstrip()
                added = _dumps(dict(zip(self._keys[len(row):], tail, strict=False)))[1:-1]
                self._fh.write(f"{body}{', ' if body.rstrip() != '{' else ''}{added}}}\n" if added else f"{line}\n")
            else:
                obj = dict(zip(self._keys, [*row, *tail], strict=False))
                self._fh.write(_dumps(obj) + "\n")
        elif self.fmt == "xlsx":
            self._ws.append(self._xlsx_row((*row, *tail)))
        elif not tail:
            self._csv_row(row)
        else:
            rendered = self._tails.get(tail)
            if rendered is None:
                self._csv.writerow(tail if self.fmt == "csv" else self._escaped(tail))
                rendered = self._parts.pop()
                if len(self._tails) >= _TAILS_KEPT:
                    self._tails.clear()
                self._tails[tail] = rendered
            if row:
                self._csv_row(row)
                self._parts[-1] = self._parts[-1][:-2] + self._delimiter + rendered  # [:-2]: its \r\n
            else:
                self._parts.append(rendered)
        if self._parts:
            self._chars += len(self._parts[-1])
            if len(self._parts) >= _LINES_BUFFERED or self._chars >= _CHARS_BUFFERED:
                self._flush()

    def _flush(self) -> None:
        if self._parts:
            self._fh.write("".join(self._parts))
            self._parts.clear()
        self._chars = 0

    def finish(self) -> None:
        """Complete the temporary file (nothing is visible at ``path`` yet)."""
        if self._wb is not None:
            from openpyxl.utils import get_column_letter
            self._ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(self.header)))}{max(1, self._rows)}"
            start = 1
            for i, values in self._choices.items():
                from openpyxl.worksheet.datavalidation import DataValidation
                dv = DataValidation(type="list", formula1=f"=choices!$A${start}:$A${start + len(values) - 1}",
                                    allow_blank=True, showErrorMessage=False, showInputMessage=True,
                                    promptTitle=self.header[i], prompt="选择类别或具体原因 ID；多个原因用 ; 分隔")
                col = get_column_letter(i + 1)
                dv.add(f"{col}2:{col}{max(2, self._rows)}")
                self._ws.data_validations.append(dv)
                start += len(values)
            fd, self._tmp = temp_beside(self.path)
            os.close(fd)
            self._wb.save(self._tmp)
            self._wb = None
        elif self._fh is not None and not self._stream:
            self._flush()
            self._fh.close()
            self._fh = None
        elif self._fh is not None:
            self._flush()
            self._fh.flush()  # a full disk or a closed pipe fails the run here
            _release(self._fh)
            self._fh = None

    def publish(self, *, overwrite: bool) -> None:
        """Move the finished file into place (``outputs.publish``: never replaces a file that
        appeared during the run unless ``overwrite``)."""
        if self._tmp:
            tmp, self._tmp = self._tmp, None
            publish(tmp, self.path, overwrite=overwrite)

    def commit(self, *, overwrite: bool = True) -> None:
        """``finish`` then ``publish``."""
        self.finish()
        self.publish(overwrite=overwrite)

    def abort(self) -> None:
        """Drop everything written so far: no file at ``path``, no temporary file left."""
        self._parts.clear()
        if self._wb is not None:
            # A write-only workbook streams its sheets into temporary files of openpyxl's:
            # close them and remove them.
            for ws in self._wb.worksheets:
                with contextlib.suppress(Exception):
                    ws.close()
                out = getattr(getattr(ws, "_writer", None), "out", None)
                if isinstance(out, str):
                    with contextlib.suppress(OSError):
                        os.remove(out)
            self._wb = None
        if self._fh is not None and not self._stream:
            with contextlib.suppress(OSError):
                self._fh.close()
        elif self._fh is not None:
            _release(self._fh)
        self._fh = None
        discard(self._tmp)
        self._tmp = None


def _as_number(value: Any) -> Any:
    """A non-empty text cell that reads as a number, as that number; anything else as it is."""
    if isinstance(value, str) and value:
        with contextlib.suppress(ValueError):
            return float(value)
    return value


def keep_apart(header: Sequence[str], added: Sequence[str]) -> list[str]:
    """The input's column names, those that an added column already uses (in any case: a
    user's own ``label`` or ``status``) renamed ``name (input)``: both columns are kept, and
    the added ones keep their names."""
    taken = {str(a).lower() for a in added}
    used = {str(h).lower() for h in header}
    out = []
    for h in header:
        name = h
        while str(name).lower() in taken or (name != h and str(name).lower() in used):
            name = f"{name} (input)"  # (label beside label (input): label (input) (input))
        used.add(str(name).lower())
        out.append(name)
    return out


def _unique(header: list[str]) -> list[str]:
    """Column names made unique for JSONL keys: a repeated name numbered (驳回原因.1), past any
    name the header already has (驳回原因,驳回原因.1,驳回原因 -> 驳回原因.2 for the third)."""
    used = set(header)
    seen: dict[str, int] = {}
    out = []
    for h in header:
        if h in seen:
            k = seen[h] + 1
            while f"{h}.{k}" in used:
                k += 1
            seen[h] = k
            used.add(f"{h}.{k}")
            out.append(f"{h}.{k}")
        else:
            seen[h] = 0
            out.append(h)
    return out


_TSV_BREAKS = str.maketrans({"\t": "\\t", "\r": "\\r", "\n": "\\n"})


def _tsv_cell(value: str) -> str:
    """A cell for TSV: tabs and line breaks written as the two-character escapes."""
    if "\n" in value or "\t" in value or "\r" in value:
        return value.replace("\r\n", "\n").translate(_TSV_BREAKS)
    return value


#: First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_START = frozenset("=+-@\t\r")


def formula_safe(row: Sequence[Any]) -> Sequence[Any]:
    """``row`` with a leading ' on each text cell a spreadsheet would run as a formula."""
    if any(isinstance(c, str) and c[:1] in FORMULA_START for c in row):
        return [f"'{c}" if isinstance(c, str) and c[:1] in FORMULA_START else c for c in row]
    return row


def formula_unguarded(cell: str) -> str:
    """``cell`` without the ' that ``formula_safe`` put before a formula's first character: a
    review file read back for training holds the message as it was."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_START else cell


def _sheet_title(title: str) -> str:
    """A title Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", title)[:31] or "Sheet1"


#: Characters a workbook's XML cannot hold: control characters and the noncharacters U+FFFE
#: and U+FFFF (a workbook holding one does not open).
_ILLEGAL_XLSX = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])
_XLSX_MAX = 32767


def xlsx_loss(cells: Sequence[Any]) -> str | None:
    """Why a row's cells cannot go into a workbook as they are (a cell over Excel's 32,767
    characters, a control character: each that applies, joined by ``;``), or None."""
    texts = [c for c in cells if isinstance(c, str)]
    found = [status for status, hit in (("xlsx_cell_truncated", any(len(c) > _XLSX_MAX for c in texts)),
                                        ("xlsx_control_chars_removed",
                                         any(c.translate(_ILLEGAL_XLSX) != c for c in texts))) if hit]
    return ";".join(found) or None


def _xlsx_safe(value: Any) -> Any:
    if isinstance(value, str):
        value = value.translate(_ILLEGAL_XLSX)
        if len(value) > _XLSX_MAX:
            value = value[:_XLSX_MAX]
    return value
