"""The review file: one row per distinct message, counts, row numbers, original columns, a
label drop-down in .xlsx, and read back by train --extra as it is."""
import csv

from classifier.batch import _format_cells, run_batch
from classifier.dataset import read_labelled
from classifier.review import ReviewCollector, label_choices
from classifier.text import normalize

LONG = "网站名称含有论坛字样，" * 2000  # over MAX_CHARS: truncated, so always for review
ROWS = [["订单号", "省份", "驳回原因"], ["007", "广东", LONG], ["008", "浙江", "网站名称含有论坛字样"],
        ["009", "广东", LONG], ["010", "北京", ""], ["011", "广东", " 未按要求悬挂备案号 "], ["012", "广东", LONG]]


def _export(tmp_path):
    src = tmp_path / "export.csv"
    with open(src, "w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(ROWS)
    return src


def test_collector_groups_by_normalised_text_and_keeps_the_first_row():
    r = ReviewCollector(["订单号", "驳回原因"], 1)
    def cells(text, detail, confidence):  # the answer as batch gives it, keyed by the normalised text
        return _format_cells("other", ["other"], detail, confidence, "", "", True, normalize(text))
    r.add(2, ["1", "备案号未悬挂"], "备案号未悬挂", cells("备案号未悬挂", "filing_number_display", 0.5), "ok")
    r.add(3, ["2", " 备案号未悬挂 "], " 备案号未悬挂 ", cells(" 备案号未悬挂 ", "filing_number_display", 0.5), "ok")
    r.add(5, ["4", ""], "", cells("", "", 0.0), "empty")  # nothing to label: left out
    r.add(4, ["3", "不同的原因"], "不同的原因", cells("不同的原因", "", 0.4), "ok")
    assert r.columns == ["label", "text", "count", "predicted", "predicted_detail", "confidence", "status", "rows",
                         "订单号"]
    rows = r.rows()
    assert len(rows) == 2 and rows[0][2] == 2 and rows[0][7] == "2, 3" and rows[0][8] == "1"
    # a row whose other columns held unreadable bytes is still a row of its message
    r.add(6, ["5\ufffd", "备案号未悬挂"], "备案号未悬挂", cells("备案号未悬挂", "filing_number_display", 0.5),
          "decode_error_other_column")
    rows = r.rows()
    assert len(rows) == 2 and rows[0][2] == 3 and rows[0][7] == "2, 3, 6"


def test_batch_review_file_has_counts_rows_and_original_columns(tmp_path, model):
    out, review = tmp_path / "out.csv", tmp_path / "review.csv"
    run_batch(model, str(_export(tmp_path)), str(out), review_out=str(review))
    with open(review, encoding="utf-8-sig", newline="") as fh:
        rev = list(csv.DictReader(fh))
    with open(out, encoding="utf-8-sig", newline="") as fh:
        flagged = [r for r in csv.DictReader(fh) if r["needs_review"] == "true" and r["驳回原因"].strip()]
    assert len(flagged) >= 3 and sum(int(r["count"]) for r in rev) == len(flagged)
    assert any(r["count"] == "3" and r["rows"] == "2, 4, 7" for r in rev)
    texts = [r["text"] for r in rev]
    assert len(texts) == len(set(texts))
    for r in rev:  # the first row's original columns, leading zeros kept; row numbers as in the file
        first = int(r["rows"].split(",")[0])
        assert r["订单号"] == ROWS[first - 1][0] and r["省份"] == ROWS[first - 1][1]


def test_xlsx_review_file_has_a_label_drop_down_and_trains_back(tmp_path, model):
    import openpyxl
    out, review = tmp_path / "out.xlsx", tmp_path / "review.xlsx"
    run_batch(model, str(_export(tmp_path)), str(out), review_out=str(review))
    wb = openpyxl.load_workbook(review)
    ws = wb["待复核"]
    [dv] = ws.data_validations.dataValidation
    assert str(dv.sqref).startswith("A2") and wb["choices"].sheet_state == "hidden"
    assert [c.value for c in wb["choices"]["A"]] == label_choices()
    n = ws.max_row - 1
    assert n >= 1
    ws["A2"] = "filing_number_display"  # a detail ID: `other` with that detail
    wb.save(tmp_path / "filled.xlsx")
    wb.close()
    examples = read_labelled(tmp_path / "filled.xlsx")
    assert len(examples) == 1 and examples[0].labels == ["other"] and examples[0].detail == "filing_number_display"
    assert examples[0].text == ws["B2"].value


def test_the_review_file_lists_exactly_the_rows_the_summary_counts_for_review(tmp_path, model):
    """A cell of markup alone (<b></b>, <br>, &nbsp;) has no message: the summary counts it as
    empty, and the review file listed it all the same (its counts added up to more than the
    summary's)."""
    import json

    src, out, review, summary = (tmp_path / n for n in ("in.csv", "out.csv", "review.csv", "summary.json"))
    rows = [["订单号", "驳回原因"], ["1", "<b></b>"], ["2", "<br>"], ["3", "&nbsp;"], ["4", LONG],
            ["5", "网站名称含有论坛字样"], ["6", ""], ["7", "请核实"]]
    with open(src, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    run_batch(model, str(src), str(out), review_out=str(review), summary_out=str(summary))
    with open(review, encoding="utf-8-sig", newline="") as fh:
        rev = list(csv.DictReader(fh))
    s = json.loads(summary.read_text(encoding="utf-8"))
    assert s["empty"] == 4 and all("<" not in r["text"] and "&" not in r["text"] for r in rev)
    assert sum(int(r["count"]) for r in rev) == s["needs_review"] + s.get("non_rejections_listed", 0)
