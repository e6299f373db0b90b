"""``batch --report``: one self-contained HTML file (Chinese) that an operations lead reads:
totals with non-rejections apart, every reason and detail (as primary label and present at
all), the review share, the most frequent messages left for review, breakdowns by any column
(``--by``; a date column by day, week or month) and charts: bars in HTML/CSS, a trend line in
inline SVG. The browser draws the text with its own fonts, so Chinese needs no font here.

The counts are collected while the batch streams, in bounded memory, and are also embedded as
JSON (``<script id="report-data">``) for tools and tests."""
from __future__ import annotations

import datetime as _dt
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from string import Template
from typing import Any

from . import config
from .calibration import EMPTY, NON_REJECTION, REJECTION, row_kind
from .io import InputError

#: Distinct values kept per breakdown column: past twice as many, those with the fewest rows are
#: counted under OTHER_VALUES.
MAX_VALUES = 2_000
OTHER_VALUES = "（其余取值）"
#: Distinct flagged messages counted for the "most frequent unresolved" table.
MAX_TEXTS = 200_000
TOP_TEXTS = 20
#: Values shown per breakdown (the most frequent ones).
TOP_VALUES = 30
PERIODS = ("day", "week", "month")
#: A message or a column value is shown in its first this many characters (the data keeps it whole).
SHOWN_CHARS = 300
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
                   r"|^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2})?)?(?!\d)")
#: A day written day and month first (03/12/2024, 3.12.2024 10:00), as Excel and mail exports of
#: other locales write it: month/day unless the day is past 12 or the column shows the other order.
_TWO_WAY = re.compile(r"(?<![\d.])(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})(?!\d)")
NO_DATE = "（无日期）"
#: What the report shows for an empty cell of a breakdown column.
EMPTY_VALUE = "（空）"
#: The report's own names for groups; a cell that holds one of them is shown quoted (「（空）」), so
#: that it is never counted with the group.
_OWN_NAMES = frozenset((OTHER_VALUES, NO_DATE, EMPTY_VALUE))
#: The provisional key of a day that could be read either way (before ``Breakdown.settle``).
_EITHER = "\x00either:"
#: A trend chart spaces its periods by time, the periods without rows drawn at 0, when there are
#: at most this many from the first to the last (else one after the other, as the table lists them).
TREND_SPAN_MAX = 5_000
#: Row statuses as the report names them.
STATUS_NAMES = {"empty": "空白单元格", "missing": "缺失", "decode_error": "无法解码的文字", "not_text": "不是文字"}


#: A number that is a date: an Excel serial day (45292 is 2024-01-01) or Unix time in seconds
#: or milliseconds, as exports write them.
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?|\d{10}|\d{13}")
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
#: Unix times are read as days of China Standard Time (UTC+8), where filing logs are kept.
_CHINA = _dt.timezone(_dt.timedelta(hours=8))


#: An ISO 8601 time that names its zone (Z or an offset).
_ZONED = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})")


def parse_date(value: str, *, day_first: bool = False) -> _dt.date | None:
    """The date a cell holds (2024-11-03, 2024/11/3 10:00, 2024年11月3日, 20241103 and
    20241103103000, in full-width digits too; 11/3/2024 as month/day, or as day/month with
    ``day_first`` or when the first number is past 12; an Excel
    serial day such as 45292; Unix time in seconds or milliseconds, and an ISO time with its zone
    such as 2024-11-03T23:30:00Z, as a day in China), else None."""
    return read_date(value, day_first=day_first)[0]


def read_date(value: str, *, day_first: bool = False) -> tuple[_dt.date | None, tuple[int, int, int] | None]:
    """``parse_date``'s date and, for a day written 3/12/2024 (either order), its two leading
    numbers and its year (else None), which tell whether it could be read the other way."""
    value = unicodedata.normalize("NFKC", value).strip()  # full-width digits and marks (２０２４－０１－０５)
    if _SERIAL.fullmatch(value):
        number = float(value)
        if 20_000 <= number < 80_000:
            return _EXCEL_EPOCH + _dt.timedelta(days=int(number)), None
        seconds = number / 1000 if len(value) == 13 else number
        if 9.4e8 <= seconds < 4.1e9:  # 1999 to 2099
            return _dt.datetime.fromtimestamp(seconds, _CHINA).date(), None
        return None, None
    zoned = _ZONED.fullmatch(value)
    if zoned:  # an ISO time with its zone (…T23:30:00Z, +00:00): the day it is in China
        try:
            moment = _dt.datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment.astimezone(_CHINA).date(), None
    parts = None
    m = _DATE.search(value)
    if m:
        y, mo, d = (int(g) for g in (m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)))
    else:
        m = _TWO_WAY.search(value)
        if m is None:
            return None, None
        a, b, y = parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
        mo, d = (b, a) if day_first or a > 12 else (a, b)
    try:
        return _dt.date(y, mo, d), parts
    except ValueError:
        return None, parts


def _clip(text: str) -> str:
    """``text`` as a table shows it: its first ``SHOWN_CHARS`` characters, then … if it goes on."""
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def period_of(day: _dt.date, period: str) -> str:
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "week":
        y, w, _ = day.isocalendar()
        return f"{y}-W{w:02d}"
    return day.isoformat()


@dataclass
class Breakdown:
    """Counts of one ``--by`` column: rows, rejections, rows to review and labels per value."""

    column: str
    index: int
    period: str | None = None
    rows: Counter = field(default_factory=Counter)
    rejections: Counter = field(default_factory=Counter)
    review: Counter = field(default_factory=Counter)
    labels: dict[str, Counter] = field(default_factory=dict)
    #: Filled cells that hold no date this module reads (counted under ``NO_DATE``).
    undated: int = 0
    #: Days written a/b/yyyy: how many show day first (a past 12), month first (b past 12), and
    #: how many could be either; those are counted under a provisional key until ``settle``.
    day_first: int = 0
    month_first: int = 0
    either_way: int = 0
    #: How often values with few rows were folded into OTHER_VALUES (a column of many values).
    folded: int = 0
    #: The name the report and its data give the breakdown (the column, with its period when
    #: the same column is broken down twice).
    name: str = ""

    def key(self, cell: str) -> str:
        if self.period:
            day, parts = read_date(cell)
            if parts:
                a, b, year = parts
                if a <= 12 and b <= 12 and a != b:
                    self.either_way += 1
                    return f"{_EITHER}{a}/{b}/{year}"
                self.day_first += a > 12
                self.month_first += b > 12
            if day is None and cell.strip():
                self.undated += 1
            return period_of(day, self.period) if day else NO_DATE
        value = cell.strip() or EMPTY_VALUE
        if value in _OWN_NAMES and cell.strip():
            value = f"「{value}」"
        if value not in self.rows and len(self.rows) >= 2 * MAX_VALUES:
            self._fold()
        return value

    @property
    def reads_day_first(self) -> bool:
        """Whether days written a/b/yyyy with both numbers up to 12 are read day first: when more
        of the column's unambiguous ones show that order."""
        return self.day_first > self.month_first

    def order_note(self) -> str:
        """What the summary says about days that could be read either way ("" when none were)."""
        if not self.either_way:
            return ""
        name = self.name or self.column
        if not (self.day_first or self.month_first):
            days, were = ("day", "it was") if self.either_way == 1 else ("days", "they were")
            return (f"--by {name}: {self.either_way:,} {days} written like 3/12/2024 could be read either way and "
                    f"nothing in the column tells; {were} read month/day")
        order, shown, which = (("day/month", self.day_first, "first") if self.reads_day_first
                               else ("month/day", self.month_first, "second"))
        days = "day" if self.either_way == 1 else "days"
        return (f"--by {name}: {self.either_way:,} {days} written like 3/12/2024 could be read either way; "
                f"{'it was' if self.either_way == 1 else 'they were'} read {order}, as {shown:,} other "
                f"{'day' if shown == 1 else 'days'} of the column show (their {which} number is above 12)")

    def settle(self) -> None:
        """Count the days that could be read either way under the periods the column's order
        gives them (``reads_day_first``)."""
        for k in [k for k in self.rows if k.startswith(_EITHER)]:
            day = parse_date(k[len(_EITHER):], day_first=self.reads_day_first)
            new = period_of(day, self.period) if day else NO_DATE
            self.undated += 0 if day else self.rows[k]
            for counter in (self.rows, self.rejections, self.review):
                if k in counter:
                    counter[new] += counter.pop(k)
            if k in self.labels:
                self.labels.setdefault(new, Counter()).update(self.labels.pop(k))

    def _fold(self) -> None:
        """Keep the MAX_VALUES values with the most rows so far; count the others' rows under
        OTHER_VALUES (a value folded here and seen again later is counted anew), so that a
        large value that comes late in the file is still shown and memory stays bounded."""
        keep = {v for v, _ in self.rows.most_common(MAX_VALUES)} | {OTHER_VALUES}
        for counter in (self.rows, self.rejections, self.review):
            for v in [v for v in counter if v not in keep]:
                counter[OTHER_VALUES] += counter.pop(v)
        for v in [v for v in self.labels if v not in keep]:
            self.labels.setdefault(OTHER_VALUES, Counter()).update(self.labels.pop(v))
        self.folded += 1


#: A column name that says it holds times (提交时间, 驳回日期, created_at): only under such a name
#: are bare numbers (Excel serial days, Unix times) taken for dates; elsewhere they are order or
#: ticket numbers.
_TIME_NAME = re.compile(r"时间|日期|时刻|年月|月份|date|time|day|created|updated|_at$", re.IGNORECASE)


def resolve_by(specs: list[str], header: list[str], sample: list[list[str]]) -> list[Breakdown]:
    """``--by`` options (``COLUMN``, ``COLUMN:day|week|month`` or ``COLUMN:value``) against the
    header; a column whose sampled cells are mostly dates is grouped by month unless a period or
    ``value`` is given (bare numbers count as dates only in a column named like a time:
    ``_TIME_NAME``). InputError names the columns when one is unknown."""
    out = []
    lowered = [h.strip().lower() for h in header]
    grains = (*PERIODS, "value")
    for spec in specs:
        name, _, period = spec.rpartition(":") if spec.rpartition(":")[2] in grains else (spec, "", "")
        if name.strip().lower() not in lowered:
            column, colon, grain = spec.rpartition(":")
            if colon and column.strip().lower() in lowered:
                raise InputError(f"--by {spec}: after the column comes day, week, month or value, not '{grain}'")
            raise InputError(f"--by {spec}: no column '{name}'; the columns are {', '.join(header)}")
        i = lowered.index(name.strip().lower())
        if not period:
            cells = [r[i] for r in sample if i < len(r) and r[i].strip()]
            numbers_too = bool(_TIME_NAME.search(header[i]))
            dated = sum(parse_date(c) is not None and (numbers_too or not c.strip().isdigit()) for c in cells)
            if cells and dated >= 0.8 * len(cells):
                period = "month"
        if period == "value":
            period = ""
        if any(b.index == i and b.period == (period or None) for b in out):
            continue  # the same breakdown asked twice
        out.append(Breakdown(header[i], i, period or None))
    for b in out:
        twice = sum(o.index == b.index for o in out) > 1
        b.name = f"{b.column}:{b.period or 'value'}" if twice else b.column
    return out


@dataclass
class ReportCollector:
    """Everything the report shows, collected row by row while the batch streams."""

    by: list[Breakdown] = field(default_factory=list)
    rows: int = 0
    non_rejections: int = 0
    empty: int = 0
    needs_review: int = 0
    #: Non-rejections flagged for their status (truncated …), which the review file lists too.
    non_rejections_listed: int = 0
    primary: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    details: Counter = field(default_factory=Counter)
    status: Counter = field(default_factory=Counter)
    flagged: Counter = field(default_factory=Counter)
    flagged_text: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, row: list[str], text: str, cells: Any, status: str, needs: bool, non_rejection: bool) -> None:
        """One output row: its cells, its message, the answer's ``batch.Cells`` (``norm`` is the
        normalised text), its status, whether it needs review and whether it is no rejection."""
        labels, detail = cells.labels, cells.detail
        self.rows += 1
        self.status[status] += 1
        label_list = labels.split(";") if labels else [config.OTHER]
        kind = row_kind(status, non_rejection)
        if kind == NON_REJECTION:
            self.non_rejections += 1
            self.non_rejections_listed += needs
        elif kind == EMPTY:
            self.empty += 1
        else:
            self.primary[label_list[0]] += 1
            self.present.update(label_list)
            self.needs_review += needs
        apart = kind != REJECTION  # not a rejection to count
        # reasons as shown: `other` by its detail where one is known (幕布照片, not 其他原因)
        reasons = [detail if x == config.OTHER and detail else x for x in label_list]
        if detail and not apart:
            self.details[detail] += 1
        if needs and not apart:
            key = cells.norm if status == "ok" and cells.norm else f"\x00{status}"
            if key in self.flagged or len(self.flagged) < MAX_TEXTS:
                self.flagged[key] += 1
                shown = text if status == "ok" else f"（{STATUS_NAMES.get(status, status)}）"
                self.flagged_text.setdefault(key, (shown, ";".join(reasons) if labels else labels))
        for b in self.by:
            k = b.key(row[b.index] if b.index < len(row) else "")
            b.rows[k] += 1
            if not apart:
                b.rejections[k] += 1
                b.review[k] += needs
                b.labels.setdefault(k, Counter()).update(reasons)

    def data(self, titles: dict[str, str]) -> dict[str, Any]:
        """The report's numbers as JSON-ready data."""
        for b in self.by:
            if b.period:
                b.settle()
        rejections = self.rows - self.non_rejections - self.empty
        return {
            "rows": self.rows, "rejections": rejections, "non_rejections": self.non_rejections,
            "empty": self.empty,
            "needs_review": self.needs_review, "non_rejections_listed": self.non_rejections_listed,
            "needs_review_share": round(self.needs_review / rejections, 4) if rejections else 0.0,
            "status": dict(self.status.most_common()),
            "labels": {k: {"title": titles.get(k, k), "present": v, "primary": self.primary.get(k, 0)}
                       for k, v in self.present.most_common()},
            "details": {k: {"title": titles.get(k, k), "rows": v} for k, v in self.details.most_common()},
            "unresolved": [{"text": self.flagged_text[k][0], "rows": n, "predicted": self.flagged_text[k][1]}
                           for k, n in self.flagged.most_common(TOP_TEXTS)],
            "by": {b.name or b.column: {"period": b.period, "values": {
                k: {"rows": b.rows[k], "rejections": b.rejections[k], "needs_review": b.review[k],
                    "top_labels": [lab for lab, _ in b.labels.get(k, Counter()).most_common(3)]}
                for k in (sorted(b.rows) if b.period else [k for k, _ in b.rows.most_common()])}}
                for b in self.by},
        }


_PAGE = Template("""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>驳回原因分析报告</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",
sans-serif;margin:24px auto;max-width:1100px;color:#1f2933;padding:0 16px}
h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{background:#f0f4f8;border-radius:6px;padding:10px 16px;
min-width:140px}.card b{display:block;font-size:22px}.card b small{display:block;font-size:12px;font-weight:normal}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border-bottom:1px solid #e4e7eb;padding:4px 6px;
text-align:left;vertical-align:top}td.n,th.n{text-align:right;white-space:nowrap}
.bar{background:#3b7dd8;height:14px;display:inline-block;vertical-align:middle}
.bar.p{background:#9fb3c8}.muted{color:#627d98;font-size:13px}svg text{font-size:12px}
</style></head><body>
<h1>驳回原因分析报告</h1>
<p class="muted">$source · 生成于 $created · 模型 $model</p>
<div class="cards">$cards</div>
<h2>原因类别</h2><p class="muted">“出现”数：该原因出现在多少条驳回中（一条可有多个原因）；
“首要”数：作为第一个原因的条数。
百分比以驳回条数为分母（不含审核通过、占位等非驳回）。</p>$labels
$details
<h2>需复核最多的原文</h2><p class="muted">需要人工复核的消息，按出现次数排列（前 $top 条）。</p>$unresolved
$breakdowns
<script type="application/json" id="report-data">$data</script>
</body></html>
""")


def _bar(value: int, top: int, cls: str = "") -> str:
    width = 0 if not top else max(1, round(300 * value / top)) if value else 0
    return f'<span class="bar {cls}" style="width:{width}px"></span>'


def _table(head: list[str], rows: list[list[str]], numeric: set[int]) -> str:
    th = "".join(f'<th class="n">{h}</th>' if i in numeric else f"<th>{h}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f'<td class="n">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def _pct(n: int, total: int) -> str:
    return f"{n / total:.1%}" if total else "–"


def _start_of(key: str, period: str) -> _dt.date:
    """The first day of a period as ``period_of`` names it (2024-05, 2024-W07, 2024-05-03)."""
    if period == "month":
        return _dt.date(int(key[:4]), int(key[5:7]), 1)
    if period == "week":
        return _dt.date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return _dt.date.fromisoformat(key)


def _span(keys: list[str], period: str) -> list[str]:
    """Every period from the first of ``keys`` to the last (sorted keys of one period), or
    ``keys`` themselves when that would be more than ``TREND_SPAN_MAX``."""
    first, last = _start_of(keys[0], period), _start_of(keys[-1], period)
    step = {"month": 28, "week": 7}.get(period, 1)
    if (last - first).days // step > TREND_SPAN_MAX:
        return keys
    out, day = [], first
    while day <= last:
        key = period_of(day, period)
        if not out or out[-1] != key:
            out.append(key)
        day += _dt.timedelta(days=step)
    return out if out[-1] == keys[-1] else [*out, keys[-1]]


def _trend(values: dict[str, Any], period: str = "day") -> str:
    """An inline SVG line chart of rejections (and rows to review) per period, spaced by time:
    periods without rows are drawn at 0 (``_span``)."""
    keys = [k for k in values if k != NO_DATE]
    if len(keys) < 2:
        return ""
    empty = {"rows": 0, "rejections": 0, "needs_review": 0}
    keys = _span(sorted(keys), period)
    values = {k: values.get(k, empty) for k in keys}
    w, h, pad = 900, 220, 40
    top = max(values[k]["rejections"] for k in keys) or 1
    step = (w - 2 * pad) / (len(keys) - 1)

    def line(field_name: str, colour: str) -> str:
        pts = " ".join(f"{pad + i * step:.1f},{h - pad - (h - 2 * pad) * values[k][field_name] / top:.1f}"
                       for i, k in enumerate(keys))
        return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>'
    every = max(1, len(keys) // 12)
    ticks = "".join(f'<text x="{pad + i * step:.1f}" y="{h - 12}" text-anchor="middle">{html.escape(k)}</text>'
                    for i, k in enumerate(keys) if i % every == 0)
    return (f'<svg width="{w}" height="{h}" role="img" aria-label="趋势">'
            f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#9fb3c8"/>'
            f'<text x="{pad}" y="16">最高 {top} 条</text>{line("rejections", "#3b7dd8")}'
            f'{line("needs_review", "#e07b39")}{ticks}'
            f'<text x="{w - 260}" y="16" fill="#3b7dd8">— 驳回</text>'
            f'<text x="{w - 170}" y="16" fill="#e07b39">— 需复核</text></svg>')


def render(data: dict[str, Any], *, source: str, model: str, titles: dict[str, str]) -> str:
    """The report page for ``ReportCollector.data``."""
    esc = html.escape
    rej = data["rejections"]
    # statuses other than ok; rows without a message (empty, a JSONL line that is no object) have a card
    # of their own
    bad = sum(v for k, v in data["status"].items() if k != "ok" and k.split(";")[0] != config.EMPTY_STATUS)
    no_object = sum(v for k, v in data["status"].items() if config.INVALID_JSON_STATUS in k.split(";"))
    cards = "".join(f'<div class="card">{name}<b>{value}</b></div>' for name, value in (
        ("总行数", f"{data['rows']:,}"), ("驳回", f"{rej:,}"),
        ("非驳回（通过、占位等）", f"{data['non_rejections']:,}"),
        ("空白行", f"{data.get('empty', 0):,}"
                 + (f"<small>其中 {no_object:,} 行不是 JSON 对象（状态 {config.INVALID_JSON_STATUS}）</small>"
                    if no_object else "")),
        ("需复核", f"{data['needs_review']:,}（{_pct(data['needs_review'], rej)}）"
                 + (f"<small>另有 {data['non_rejections_listed']:,} 条非驳回因状态列入复核文件</small>"
                    if data.get("non_rejections_listed") else "")),
        ("无法正常分类的行", f"{bad:,}")))
    top = max((v["present"] for v in data["labels"].values()), default=0)
    labels = _table(["类别", "ID", "出现", "", "占驳回", "首要"], [
        [esc(v["title"]), f"<code>{esc(k)}</code>", f"{v['present']:,}", _bar(v["present"], top),
         _pct(v["present"], rej), f"{v['primary']:,}"] for k, v in data["labels"].items()], {2, 4, 5})
    details = ""
    if data["details"]:
        dtop = max(v["rows"] for v in data["details"].values())
        details = "<h2>其他原因细分（other 的具体原因）</h2>" + _table(["具体原因", "ID", "条数", ""], [
            [esc(v["title"]), f"<code>{esc(k)}</code>", f"{v['rows']:,}", _bar(v["rows"], dtop, "p")]
            for k, v in data["details"].items()], {2})
    unresolved = _table(["原文", "次数", "模型的回答"], [
        [esc(_clip(u["text"])), f"{u['rows']:,}", esc("；".join(titles.get(x, x) for x in u["predicted"].split(";")))]
        for u in data["unresolved"]], {1}) if data["unresolved"] else "<p>没有需要复核的消息。</p>"
    parts = []
    for column, b in data["by"].items():
        values = b["values"]
        shown = list(values)[:TOP_VALUES] if not b["period"] else list(values)
        vtop = max((values[k]["rejections"] for k in shown), default=0)
        unit = {"day": "按日", "week": "按周", "month": "按月"}.get(b["period"] or "", "")
        shown_name = column.rsplit(":", 1)[0] if unit and column.endswith(f":{b['period']}") else column
        trend = _trend(values, b["period"]) if b["period"] else ""
        parts.append(f"<h2>按「{esc(shown_name)}」{unit}</h2>" + trend + _table(
            ["取值", "行数", "驳回", "", "需复核", "主要原因"],
            [[esc(_clip(k)), f"{values[k]['rows']:,}", f"{values[k]['rejections']:,}",
              _bar(values[k]["rejections"], vtop),
              f"{values[k]['needs_review']:,}（{_pct(values[k]['needs_review'], values[k]['rejections'])}）",
              "、".join(esc(titles.get(x, x)) for x in values[k]["top_labels"])] for k in shown], {1, 2, 4})
            + (f'<p class="muted">另有 {len(values) - len(shown)} 个取值未列出。</p>'
               if len(values) > len(shown) else ""))
    # inside <script>: no < at all (</script> would end it, <!-- would keep it open), JSON still
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return _PAGE.substitute(source=esc(source), created=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
                            model=esc(model), cards=cards, labels=labels, details=details, top=TOP_TEXTS,
                            unresolved=unresolved, breakdowns="".join(parts), data=payload)
