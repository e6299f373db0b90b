"""batch --report: the numbers equal counts recomputed from the output file, breakdowns by any
column and by date, and the page renders in headless Chromium with Chinese glyphs."""
import csv
import datetime as dt
import json
import random
import re
import shutil
import subprocess
from collections import Counter

import pytest

from classifier.batch import run_batch
from classifier.dataset import load_split
from classifier.htmlreport import parse_date, period_of, resolve_by
from classifier.io import InputError

PROVINCES = ["广东", "浙江", "北京", "上海"]


def _export(tmp_path, n=400):
    rng = random.Random(7)
    texts = [ex.text for ex in load_split("wild")] + ["", "无", "审核通过"]
    src = tmp_path / "export.csv"
    with open(src, "w", encoding="gb18030", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["订单号", "省份", "提交时间", "驳回原因"])
        for i in range(n):
            day = dt.date(2024, 9, 1) + dt.timedelta(days=rng.randrange(90))
            w.writerow([f"{i:08d}", rng.choice(PROVINCES), f"{day:%Y/%m/%d} 10:00", rng.choice(texts)])
    return src


def _report_data(path):
    page = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    return page, json.loads(m.group(1))  # plain JSON: every < is written \u003c


def _report_of(tmp_path, model, rows, by):
    """The page and the embedded data of the report of a CSV of ``rows`` (header first)."""
    src, rep = tmp_path / "x.csv", tmp_path / "r.html"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    run_batch(model, str(src), str(tmp_path / "o.csv"), report_out=str(rep), by=by)
    return _report_data(rep)


def test_report_numbers_equal_counts_from_the_output(tmp_path, model):
    src, out, rep = _export(tmp_path), tmp_path / "out.csv", tmp_path / "r.html"
    run_batch(model, str(src), str(out), report_out=str(rep), by=["省份", "提交时间"])
    page, data = _report_data(rep)
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    non = [r for r in rows if r["detail"] == "not_a_rejection" and r["labels"] == "other"]
    blank = [r for r in rows if "empty" in r["status"].split(";")]  # no message: counted apart too
    rej = [r for r in rows if r not in non and r not in blank]
    assert data["rows"] == len(rows) == 400 and data["non_rejections"] == len(non) > 0
    assert data["empty"] == len(blank) > 0
    assert data["rejections"] == len(rej) and data["needs_review"] == sum(r["needs_review"] == "true" for r in rej)
    present = Counter(lab for r in rej for lab in r["labels"].split(";"))
    assert {k: v["present"] for k, v in data["labels"].items()} == dict(present)
    primary = Counter(r["label"] for r in rej)
    assert {k: v["primary"] for k, v in data["labels"].items() if v["primary"]} == dict(primary)
    by = data["by"]["省份"]["values"]
    assert sum(v["rows"] for v in by.values()) == 400
    for p in PROVINCES:
        mine = [r for r in rows if r["省份"] == p]
        assert by[p]["rows"] == len(mine)
        assert by[p]["needs_review"] == sum(r["needs_review"] == "true" for r in mine if r in rej)
    months = data["by"]["提交时间"]
    assert months["period"] == "month" and list(months["values"]) == ["2024-09", "2024-10", "2024-11"]
    assert f"{len(rows):,}" in page and "按「省份」" in page and "<svg" in page and "网站名称不合格" in page


def test_by_needs_a_known_column_and_reads_dates():
    with pytest.raises(InputError, match="省份.*驳回原因"):
        resolve_by(["地区"], ["省份", "驳回原因"], [])
    with pytest.raises(InputError, match="day, week, month or value"):
        resolve_by(["省份:year"], ["省份", "驳回原因"], [])
    [b] = resolve_by(["时间:week"], ["时间", "驳回原因"], [["2024-11-03", "x"]])
    assert b.period == "week" and b.key("2024年11月3日") == "2024-W44" and b.key("未知") == "（无日期）"
    [b] = resolve_by(["省份"], ["省份"], [["广东"], ["浙江"]])
    assert b.period is None and b.key(" 广东 ") == "广东"
    assert parse_date("20241103") == dt.date(2024, 11, 3) and parse_date("2024-13-40") is None
    assert period_of(dt.date(2024, 1, 5), "month") == "2024-01"
    # numbers that exports write for dates: an Excel serial day, Unix seconds and milliseconds
    assert parse_date("45292") == dt.date(2024, 1, 1) and parse_date("45300.5") == dt.date(2024, 1, 9)
    assert parse_date("1700000000") == dt.date(2023, 11, 15) == parse_date("1700000000000")  # 06:13 in Beijing
    assert parse_date("2024-11-03T23:30:00Z") == dt.date(2024, 11, 4) == parse_date("2024-11-03T16:00:00-00:00")
    assert parse_date("2024-11-03T10:00:00+08:00") == dt.date(2024, 11, 3) == parse_date("2024-11-03 23:30")
    assert parse_date("1704038400") == dt.date(2024, 1, 1)  # 2024-01-01 00:00 in Beijing, 2023-12-31 in UTC
    assert parse_date("12345") is None and parse_date("0571") is None
    # compact timestamps and full-width digits, as some consoles export them
    assert parse_date("20240105123000") == dt.date(2024, 1, 5) == parse_date("202401051230")
    assert parse_date("２０２４－０１－０５") == dt.date(2024, 1, 5) and parse_date("202401051") is None


def test_order_and_ticket_numbers_are_values_unless_the_column_is_named_for_times():
    """10-digit order numbers had been read as Unix times, 5-digit tickets as Excel days."""
    header = ["订单号", "工单号", "提交时间", "驳回原因"]
    sample = [["1700000000", "45292", "45292", "x"], ["1700000123", "45301", "1700000000", "x"]]
    order, ticket, when = resolve_by(["订单号", "工单号", "提交时间"], header, sample)
    assert order.period is None and ticket.period is None and when.period == "month"
    assert order.key("1700000000") == "1700000000"
    [dated] = resolve_by(["订单号:month"], header, sample)  # asked for: read as dates
    assert dated.period == "month"
    [kept] = resolve_by(["提交时间:value"], header, sample)  # asked for: the values themselves
    assert kept.period is None and kept.key("45292") == "45292"
    [iso] = resolve_by(["备注"], ["备注"], [["2024-11-03"], ["2024/11/4 10:00"]])  # written dates under any name
    assert iso.period == "month"
    [orders] = resolve_by(["单号"], ["单号"], [["20231105123456"], ["20231106000001"]])  # digits that could be dates
    assert orders.period is None


def test_one_column_broken_down_twice_keeps_both_and_undated_cells_are_counted():
    week, day = resolve_by(["时间:week", "时间:day", "时间:day"], ["时间", "驳回原因"], [])
    assert (week.name, day.name) == ("时间:week", "时间:day")
    for cell in ("2024-11-03", "05/01/2024", "未知", "", "1.2.3.2024"):
        day.key(cell)
    assert day.undated == 2  # the empty cell has no date to read; a version number is none either


def test_days_written_day_or_month_first_follow_the_order_the_column_shows():
    """03/12/2024 is 12 March in one export and 3 December in another: the days past 12 decide."""
    assert parse_date("13/12/2024") == dt.date(2024, 12, 13) == parse_date("12/13/2024 10:00")
    assert parse_date("03/12/2024") == dt.date(2024, 3, 12) and parse_date("3.12.2024", day_first=True) == \
        dt.date(2024, 12, 3)
    assert parse_date("2024/12/03") == dt.date(2024, 12, 3) and parse_date("32/13/2024") is None
    [european] = resolve_by(["时间:day"], ["时间"], [])
    [american] = resolve_by(["时间:day"], ["时间"], [])
    for b, cells in ((european, ["03/12/2024", "25/12/2024", "03/12/2024 08:00", "07/07/2024"]),
                     (american, ["03/12/2024", "12/25/2024", "03/12/2024"])):
        for cell in cells:
            b.rows[b.key(cell)] += 1
        b.settle()
    assert european.reads_day_first and dict(european.rows) == {"2024-12-03": 2, "2024-12-25": 1, "2024-07-07": 1}
    assert not american.reads_day_first and dict(american.rows) == {"2024-03-12": 2, "2024-12-25": 1}
    assert european.either_way == 2 and european.undated == american.undated == 0


def test_the_report_and_the_summary_say_how_days_that_read_either_way_were_read(tmp_path, model):
    rows = [["时间", "驳回原因"], ["03/12/2024", "网站名称不合格"], ["04/12/2024", "网站名称不合格"],
            ["28/12/2024", "域名未实名"]]
    src, rep = tmp_path / "x.csv", tmp_path / "r.html"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    summary = run_batch(model, str(src), str(tmp_path / "o.csv"), report_out=str(rep), by=["时间:month"])
    _, data = _report_data(rep)
    assert data["by"]["时间"]["values"]["2024-12"]["rows"] == 3 and len(data["by"]["时间"]["values"]) == 1
    assert any("2 days written like 3/12/2024" in n and "day/month" in n for n in summary.notes)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _screenshot(tmp_path, page, name):
    html = tmp_path / f"{name}.html"
    png = tmp_path / f"{name}.png"
    html.write_text(page, encoding="utf-8")
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1800",
                    f"--screenshot={png}", html.as_uri()], capture_output=True, timeout=120, check=True)
    return png.read_bytes()


@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian package chromium; .ci/run installs it)")
def test_report_renders_in_chromium_with_chinese_glyphs(tmp_path, model):
    src, out, rep = _export(tmp_path), tmp_path / "out.csv", tmp_path / "r.html"
    run_batch(model, str(src), str(out), report_out=str(rep), by=["省份"])
    shot = _screenshot(tmp_path, rep.read_text(encoding="utf-8"), "report")
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000
    # Without a Chinese font every character is the same box: two different words would render
    # to the same pixels. With the report's font stack they differ.
    style = re.search(r"<style>.*?</style>", rep.read_text(encoding="utf-8"), re.S).group(0)
    one = _screenshot(tmp_path, f"<html><head>{style}</head><body><h1>原因类别</h1></body></html>", "a")
    two = _screenshot(tmp_path, f"<html><head>{style}</head><body><h1>驳回通过</h1></body></html>", "b")
    assert one != two


def test_a_large_value_that_comes_after_many_small_ones_is_kept_and_the_folding_noted(monkeypatch):
    from classifier import htmlreport
    from classifier.htmlreport import OTHER_VALUES, Breakdown
    monkeypatch.setattr(htmlreport, "MAX_VALUES", 5)
    b = Breakdown("客户", 0)
    for cell in [f"c{i}" for i in range(25)] + ["大客户"] * 30:
        k = b.key(cell)
        b.rows[k] += 1
        b.labels.setdefault(k, Counter()).update(["other"])
    assert b.rows["大客户"] == 30 and b.folded and len(b.rows) <= 2 * 5 + 1
    assert sum(b.rows.values()) == 55 and b.rows[OTHER_VALUES] >= 15
    assert sum(sum(c.values()) for c in b.labels.values()) == 55


def test_hostile_values_cannot_end_or_hold_open_the_embedded_data(tmp_path, model):
    page, data = _report_of(tmp_path, model, [["客户", "驳回原因"], ["<!--<script>", "网站名称含有论坛字样"],
                                              ["</script><img src=x onerror=alert(1)>", "<script>alert(1)</script>"]],
                            ["客户"])
    block = page.split('id="report-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and "<!--<script>" in json.dumps(data, ensure_ascii=False)
    assert "<img" not in page and "<script>alert" not in page  # escaped wherever they are shown


def test_a_long_value_is_shown_in_its_first_characters_and_kept_whole_in_the_data(tmp_path, model):
    long = "网站名称含有论坛字样，" * 600  # about 6,600 characters
    page, data = _report_of(tmp_path, model, [["驳回原因"], [long]], ["驳回原因"])
    table = page.split('id="report-data">', 1)[0]
    assert long[:300] + "…" in table and long[:301] not in table
    assert long.strip() in json.dumps(data, ensure_ascii=False)


def test_a_column_broken_down_by_two_periods_is_headed_once_by_each(tmp_path, model):
    page, data = _report_of(tmp_path, model, [["时间", "驳回原因"], ["2024-11-03", "网站名称含有论坛字样"]],
                            ["时间:week", "时间:day"])
    assert "按「时间」按周" in page and "按「时间」按日" in page and "时间:week」" not in page
    assert set(data["by"]) == {"时间:week", "时间:day"}


def test_the_review_card_names_non_rejections_the_review_file_lists_for_their_status(tmp_path, model):
    """An approval cut at 2,000 characters is listed for review; the card had left it out."""
    long_approval = "您的备案已审核通过，" * 300
    page, data = _report_of(tmp_path, model, [["驳回原因"], [long_approval], ["网站名称含有论坛字样"]], [])
    assert data["non_rejections"] == 1 and data["non_rejections_listed"] == 1
    assert "另有 1 条非驳回因状态列入复核文件" in page


def test_a_jsonl_line_that_is_no_object_is_counted_on_one_card(tmp_path, model):
    src, rep = tmp_path / "x.jsonl", tmp_path / "r.html"
    src.write_text('{"text": "域名所有者与主办单位不一致"}\nnot json\n{"text": ""}\n{"text": "网站名称不合格"}\n',
                   encoding="utf-8")
    run_batch(model, str(src), str(tmp_path / "o.jsonl"), report_out=str(rep))
    page, data = _report_data(rep)
    cards = dict(re.findall(r'<div class="card">([^<]+)<b>([^<]+)', page))
    assert data["empty"] == 2 and cards["空白行"] == "2" and "其中 1 行不是 JSON 对象" in page
    assert cards["无法正常分类的行"] == "0"


def test_the_trend_spaces_periods_by_time_with_empty_ones_at_zero(tmp_path, model):
    """2024-01, 2024-12 and 2025-01 were drawn evenly apart, the ten months between them gone:
    the chart has a point per month from the first to the last, those without rows at 0."""
    days = ("2024-01-05", "2024-12-05", "2025-01-05")
    rows = [["驳回原因", "提交时间"]] + [["网站名称含有论坛字样", d] for d in days]
    page, data = _report_of(tmp_path, model, rows, ["提交时间:month"])
    points = re.search(r'<polyline fill="none" stroke="#3b7dd8" stroke-width="2" points="([^"]+)"', page).group(1)
    pts = [tuple(map(float, p.split(","))) for p in points.split()]
    gaps = [b[0] - a[0] for a, b in zip(pts, pts[1:], strict=False)]
    assert len(pts) == 13 and max(gaps) - min(gaps) < 0.2  # evenly spaced: one point a month
    assert sum(y == pts[1][1] for _, y in pts) == 10  # the ten months without rows, all at 0
    assert list(data["by"]["提交时间"]["values"]) == ["2024-01", "2024-12", "2025-01"]  # the table and data as before


def test_a_cell_that_holds_a_group_name_of_the_report_is_not_counted_with_that_group(tmp_path, model):
    """A cell that says （空） or （其余取值） was counted with the empty cells or the folded values."""
    rows = [["驳回原因", "省份"], ["网站名称含有论坛", "（空）"], ["网站名称含有论坛", ""],
            ["网站名称含有论坛", "（其余取值）"]]
    _, data = _report_of(tmp_path, model, rows, ["省份"])
    assert data["by"]["省份"]["values"].keys() == {"「（空）」", "（空）", "「（其余取值）」"}


def test_out_of_faq_reasons_are_named_by_their_detail_in_the_review_and_breakdown_tables(tmp_path, model):
    strict = model.with_review_below(1.0)  # every answer flagged: each text is in the review table
    rows = [["省份", "驳回原因"], ["广东", "幕布照片背景不合格"], ["广东", "幕布照片背景不合格"],
            ["浙江", "核验单未签字"]]
    page, data = _report_of(tmp_path, strict, rows, ["省份"])
    photo = strict.predict("幕布照片背景不合格")
    assert photo.labels == ("other",) and photo.detail == "verification_photo"
    title = strict.taxonomy.detail("verification_photo").title
    assert [u["predicted"] for u in data["unresolved"]][0] == "verification_photo"
    assert data["by"]["省份"]["values"]["广东"]["top_labels"] == ["verification_photo"]
    table = page.split("需复核最多的原文", 1)[1]
    assert title in table.split("</table>", 1)[0] and "其他原因" not in table.split("</table>", 1)[0]
