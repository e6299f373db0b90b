import csv
import json
import os

import pytest

from classifier import config
from classifier.batch import OUTPUT_COLUMNS, run_batch
from classifier.io import InputError
from classifier.outputs import OutputError


def read_out(path):
    old = csv.field_size_limit(1 << 30)  # outputs may hold cells longer than the csv default
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh))
    finally:
        csv.field_size_limit(old)


TEXTS = ["网站名称含有论坛字样", "", "负责人手机号非本省号段", "网站名称含有论坛字样", "审核通过",
         "1.网站名称含博客 2.手机号已被其他主体使用", "<br/>&nbsp;", "名" * 5000]


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_every_row_in_order(tmp_path, model, enc):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "驳回原因"])
        for i, t in enumerate(TEXTS):
            w.writerow([i, t])
    out = tmp_path / "out.csv"
    review = tmp_path / "review.csv"
    s = run_batch(model, str(src), str(out), review_out=str(review))
    rows = read_out(out)
    assert rows[0] == ["id", "驳回原因", *OUTPUT_COLUMNS]
    assert [r[0] for r in rows[1:]] == [str(i) for i in range(len(TEXTS))]
    assert [r[1] for r in rows[1:]] == TEXTS
    label = dict(zip(rows[0], rows[1], strict=True))
    assert label["label"] == "website_name_invalid" and label["status"] == "ok"
    empty = dict(zip(rows[0], rows[2], strict=True))
    assert empty["status"] == "empty" and empty["remedy"] == "" and label["remedy"]
    labels = dict(zip(rows[0], rows[6], strict=True))["labels"]
    assert labels.split(";")[:2] == ["website_name_invalid", "mobile_reused"]
    assert dict(zip(rows[0], rows[8], strict=True))["status"].startswith("truncated")
    assert s.rows == len(TEXTS) and s.distinct_texts <= len(TEXTS) - 1
    rev = read_out(review)
    # One row per distinct message to review; the counts add up to the flagged rows that have
    # a message (not those the summary counts as empty: a blank cell, one of markup alone).
    assert rev[0][:8] == ["label", "text", "count", "predicted", "predicted_detail", "confidence", "status", "rows"]
    flagged_with_text = sum(r[-2] == "true" and "empty" not in r[-1].split(";") for r in rows[1:])
    assert rev[0][8:] == ["id"] and sum(int(r[2]) for r in rev[1:]) == flagged_with_text >= 1
    assert len({r[1] for r in rev[1:]}) == len(rev) - 1 and all(r[0] == "" for r in rev[1:])


def test_missing_column_and_existing_output(tmp_path, model):
    src = tmp_path / "in.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="'a'.*'b'"):
        run_batch(model, str(src), str(tmp_path / "o.csv"))
    out = tmp_path / "o.csv"
    out.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="--overwrite"):
        run_batch(model, str(src), str(out), text_column="b")
    assert out.read_text(encoding="utf-8") == "keep"
    with pytest.raises(OutputError, match="is an input"):
        run_batch(model, str(src), str(src), text_column="b", overwrite=True)


def test_empty_file_and_header_only(tmp_path, model):
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    s = run_batch(model, str(empty), str(tmp_path / "e_out.csv"))
    assert s.rows == 0 and any("holds no rows" in n for n in s.notes) and s.header_row is None
    assert "text column none" in s.format({})
    head = tmp_path / "h.csv"
    head.write_text("驳回原因\n", encoding="utf-8")
    s = run_batch(model, str(head), str(tmp_path / "h_out.csv"))
    assert s.rows == 0 and read_out(tmp_path / "h_out.csv") == [["驳回原因", *OUTPUT_COLUMNS]]
    assert any("holds no rows" in n for n in s.notes)


@pytest.mark.parametrize("ext", ["tsv", "jsonl", "xlsx", "txt"])
def test_other_formats(tmp_path, model, ext):
    from classifier.io import AtomicWriter, read_table
    src = tmp_path / f"in.{ext}"
    if ext == "txt":
        src.write_text("\n".join(TEXTS[:3]) + "\n", encoding="gb18030")
        expected = TEXTS[:3]
    else:
        w = AtomicWriter(str(src), ["no", "reason"])
        for i, t in enumerate(TEXTS[:6]):
            w.write([str(i), t])
        w.commit()
        expected = TEXTS[:6]
    out = tmp_path / f"out.{ext if ext != 'txt' else 'csv'}"
    s = run_batch(model, str(src), str(out))
    t = read_table(str(out))
    rows = list(t.rows)
    assert s.rows == len(expected) == len(rows)
    col = t.header.index("label")
    assert rows[0][col] == "website_name_invalid"


def test_summary_json(tmp_path, model):
    src = tmp_path / "in.txt"
    src.write_text("网站名称含论坛\n核验单未签字\n", encoding="utf-8")
    run_batch(model, str(src), str(tmp_path / "o.csv"), summary_out=str(tmp_path / "s.json"))
    d = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert d["rows"] == 2 and d["per_label"]["other"]["title"] == "其他原因"
    assert d["per_label"]["website_name_invalid"]["title"] == "网站名称不合格"
    assert d["per_detail"]["verification_form"]["title"] == "核验单、承诺书等文件不合格"
    # a category that is only ever a further label has its entry too, so that presents add up
    src.write_text("网站名称含有论坛字样，负责人电话空号\n", encoding="utf-8")
    run_batch(model, str(src), str(tmp_path / "o.csv"), summary_out=str(tmp_path / "s.json"), overwrite=True)
    d = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert d["per_label"]["phone_number_problem"] == {"rows": 0, "present": 1, "title": "电话号码问题"}
    present = {k: v["rows"] for k, v in d["per_label_present"].items()}
    assert {k: v["present"] for k, v in d["per_label"].items()} == present


def test_duplicate_columns_huge_cell_and_nul(tmp_path, model):
    src = tmp_path / "in.csv"
    huge = "网站名称含论坛" + "啊" * 5_000_000
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["x", "驳回原因", "x"])
        w.writerow(["1", huge, "a"])
        w.writerow(["2", "手机号\x00非本省号段", "b"])
        w.writerow(["3", "12345", "c"])
    out = tmp_path / "out.csv"
    s = run_batch(model, str(src), str(out))
    rows = read_out(out)
    assert rows[0][:3] == ["x", "驳回原因", "x"] and [r[0] for r in rows[1:]] == ["1", "2", "3"]
    assert rows[1][1] == huge and rows[1][2] == "a"
    status = dict(zip(rows[0], rows[1], strict=True))["status"]
    assert status.startswith("truncated") and s.rows == 3
    assert dict(zip(rows[0], rows[2], strict=True))["label"] == "phone_number_problem"


def test_parallel_jobs_give_the_serial_result(tmp_path, model, monkeypatch):
    from classifier import batch
    monkeypatch.setattr(batch.Classifier, "PARALLEL_MIN", 10)
    src = tmp_path / "in.txt"
    src.write_text("\n".join(f"{t} 第{i}条" for i, t in enumerate(TEXTS * 10)) + "\n", encoding="utf-8")
    run_batch(model, str(src), str(tmp_path / "one.csv"), jobs=1)
    run_batch(model, str(src), str(tmp_path / "two.csv"), jobs=2)
    assert read_out(tmp_path / "one.csv") == read_out(tmp_path / "two.csv")


def test_unwritable_output_leaves_nothing(tmp_path, model):
    src = tmp_path / "in.txt"
    src.write_text("网站名称含论坛\n", encoding="utf-8")
    with pytest.raises(OutputError, match="does not exist"):
        run_batch(model, str(src), str(tmp_path / "no" / "such" / "o.csv"))
    with pytest.raises(OSError):
        run_batch(model, str(src), "/proc/icp-classifier-test.csv")


def test_gb18030_with_stray_bytes_marks_rows_and_keeps_all(tmp_path, model):
    src = tmp_path / "in.csv"
    good = "订单,驳回原因\n1,网站名称含有论坛字样\n".encode("gb18030")
    src.write_bytes(good + b"2,\xff\xfe\xfa\xfb\n" + "3,负责人手机号非本省号段\n".encode("gb18030"))
    out = tmp_path / "out.csv"
    s = run_batch(model, str(src), str(out))
    rows = read_out(out)
    assert [r[0] for r in rows[1:]] == ["1", "2", "3"] and s.rows == 3
    status = [dict(zip(rows[0], r, strict=True))["status"] for r in rows[1:]]
    assert status[0] == "ok" and "decode_error" in status[1] and status[2] == "ok"
    assert s.encoding == "gb18030"


def test_small_caches_never_lose_a_row(tmp_path, model, monkeypatch):
    """When the bounded caches are cleared mid-chunk, every row still gets its own result."""
    from classifier import batch
    monkeypatch.setattr(batch, "CACHE_SIZE", 5)
    monkeypatch.setattr(batch, "CHUNK_ROWS", 7)
    texts = [f"{t}（第{i % 13}条）" for i, t in enumerate(TEXTS * 6) if t]
    src = tmp_path / "in.txt"
    src.write_text("\n".join(texts) + "\n", encoding="utf-8")
    run_batch(model, str(src), str(tmp_path / "small.csv"))
    monkeypatch.setattr(batch, "CACHE_SIZE", 100_000)
    run_batch(model, str(src), str(tmp_path / "big.csv"))
    small, big = read_out(tmp_path / "small.csv"), read_out(tmp_path / "big.csv")
    assert len(small) == len(texts) + 1 and small == big


def _killed_worker(texts):
    import os
    import signal
    os.kill(os.getpid(), signal.SIGKILL)  # what the OOM killer does


def test_a_dead_worker_ends_the_run_with_an_error_and_no_output(tmp_path, model, monkeypatch):
    import time

    from classifier import batch
    monkeypatch.setattr(batch.Classifier, "PARALLEL_MIN", 10)
    monkeypatch.setattr(batch, "_worker_run", _killed_worker)
    monkeypatch.setattr(batch, "usable_cores", lambda: 2)
    src = tmp_path / "in.txt"
    src.write_text("\n".join(f"{t} 第{i}条" for i, t in enumerate(TEXTS * 10)) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    start = time.monotonic()
    with pytest.raises(batch.BatchError, match="worker process died"):
        run_batch(model, str(src), str(out), jobs=2)
    assert time.monotonic() - start < 30
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]


def test_jobs_are_capped_at_the_usable_cores(model, monkeypatch):
    from classifier import batch
    monkeypatch.setattr(batch, "usable_cores", lambda: 2)
    seen = {}
    real = batch.Classifier.__init__

    def spy(self, model, *, jobs=1):
        seen["jobs"] = jobs
        real(self, model, jobs=jobs)
    monkeypatch.setattr(batch.Classifier, "__init__", spy)
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        src = f"{d}/in.txt"
        with open(src, "w", encoding="utf-8") as fh:
            fh.write("网站名称含论坛\n")
        run_batch(model, src, f"{d}/o.csv", jobs=64)
    assert seen["jobs"] == 2


def test_summary_counts_non_rejections_apart_and_details(tmp_path, model):
    src = tmp_path / "in.txt"
    src.write_text("网站名称含论坛\n审核通过\n备案成功\n幕布照片不合格\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    s = run_batch(model, str(src), str(out), summary_out=str(tmp_path / "s.json"))
    d = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert d["rows"] == 4 and d["non_rejections"] == 2 and d["rejections"] == 2
    assert sum(v["rows"] for v in d["per_label"].values()) == 2
    assert d["per_detail"]["not_a_rejection"]["rows"] == 2
    assert d["per_detail"]["verification_photo"]["rows"] == 1
    rows = read_out(out)
    detail = [dict(zip(rows[0], r, strict=True))["detail"] for r in rows[1:]]
    assert detail == ["", "not_a_rejection", "not_a_rejection", "verification_photo"]
    assert s.needs_review <= 1


def test_xlsx_output_keeps_the_sheet_name_freezes_filters_and_writes_numbers(tmp_path, model):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "11月驳回"
    ws.append(["订单号", "驳回原因"])
    ws.append(["000123", "网站名称含有论坛字样"])
    ws.append(["000124", "负责人手机号非本省号段"])
    src = tmp_path / "in.xlsx"
    wb.save(src)
    out = tmp_path / "out.xlsx"
    run_batch(model, str(src), str(out))
    got = openpyxl.load_workbook(out)
    sheet = got["11月驳回"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:J3"
    header = [c.value for c in sheet[1]]
    conf = sheet.cell(2, header.index("confidence") + 1).value
    assert isinstance(conf, float) and 0 <= conf <= 1
    assert sheet.cell(2, 1).value == "000123"  # IDs stay text with their leading zeros


def test_huge_cells_make_small_chunks_and_are_not_cached(model):
    """Memory stays bounded whatever the cell size: chunks hold about CHUNK_CHARS characters,
    and texts longer than MAX_CHARS are not kept in the raw-text cache."""
    from classifier import config
    from classifier.batch import FIRST_CHUNK_ROWS, Classifier, _chunks
    rows = iter([[str(i), "名" * 100_000] for i in range(2000)])
    sizes = [len(c) for c in _chunks(rows, 4096, max_chars=1_000_000)]
    assert sizes[0] == FIRST_CHUNK_ROWS and max(sizes[1:]) <= 10 and sum(sizes) == 2000
    small = [len(c) for c in _chunks(iter([["1", "短"]] * 10_000), 4096, max_chars=1_000_000)]
    assert small[:3] == [FIRST_CHUNK_ROWS, 4096, 4096] and sum(small) == 10_000
    clf = Classifier(model, jobs=1)
    long_text = "网站名称含有论坛字样，" * (config.MAX_CHARS // 5)
    out = clf.submit([long_text, "网站名称含有论坛字样"])()
    assert out[0] is not None and out[1] is not None
    assert long_text not in clf.by_raw and "网站名称含有论坛字样" in clf.by_raw


def test_control_characters_survive_text_formats_and_xlsx_rows_say_what_they_lost(tmp_path, model):
    import openpyxl
    src = tmp_path / "in.csv"
    long_cell = "备注" * 20_000  # 40,000 characters: over a workbook cell's 32,767
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "驳回原因", "备注"])
        w.writerow(["1", "手机号\x00非本省号段", "a\x01b"])
        w.writerow(["2", "网站名称含有论坛字样", long_cell])
        w.writerow(["3", "网站名称含有论坛字样", "正常"])
        w.writerow(["4", "网站名称含有论坛字样", "备\uffff注"])
        w.writerow(["5", "网站名称含有论坛字样", "a\x07" + long_cell])
    run_batch(model, str(src), str(tmp_path / "out.csv"))
    rows = read_out(tmp_path / "out.csv")
    assert rows[1][1] == "手机号\x00非本省号段" and rows[1][2] == "a\x01b"  # kept as they came in
    run_batch(model, str(src), str(tmp_path / "out.xlsx"))
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True)
    got = [[c if c is not None else "" for c in r] for r in wb.active.iter_rows(values_only=True)]
    wb.close()
    head = got[0]
    status = [dict(zip(head, r, strict=True))["status"] for r in got[1:]]
    assert status == ["xlsx_control_chars_removed", "xlsx_cell_truncated", "ok", "xlsx_control_chars_removed",
                      "xlsx_cell_truncated;xlsx_control_chars_removed"]  # each loss named
    # the message itself lost a character: flagged; only another column was cut or cleaned: the
    # answer's flag
    flags = [dict(zip(head, r, strict=True))["needs_review"] for r in got[1:]]
    assert flags == ["true", "false", "false", "false", "false"]


def test_more_rows_than_a_worksheet_holds_are_refused_without_output(tmp_path, model, monkeypatch):
    from classifier import batch
    monkeypatch.setattr(batch, "XLSX_MAX_ROWS", 5)
    src = tmp_path / "in.txt"
    src.write_text("网站名称含有论坛字样\n" * 10, encoding="utf-8")
    with pytest.raises(OutputError, match="worksheet"):
        run_batch(model, str(src), str(tmp_path / "out.xlsx"))
    assert not (tmp_path / "out.xlsx").exists() and [p.name for p in tmp_path.iterdir()] == ["in.txt"]


def test_undecodable_bytes_in_another_column_are_flagged(tmp_path, model):
    src = tmp_path / "in.csv"
    src.write_bytes("id,驳回原因,备注\n1,网站名称含有论坛字样,正常\n2,网站名称含有论坛字样,".encode() + b"\xff\xff\n")
    run_batch(model, str(src), str(tmp_path / "out.csv"))
    rows = read_out(tmp_path / "out.csv")
    status = [dict(zip(rows[0], r, strict=True))["status"] for r in rows[1:]]
    assert status == ["ok", "decode_error_other_column"] and rows[2][-2] == "true"


def test_empty_rows_are_counted_apart_and_the_review_count_matches_the_review_file(tmp_path, model):
    """A row without a message is no rejection to count: the summary and the report count it
    apart, like the non-rejections, and "needs review" counts what the review file lists."""
    src = tmp_path / "in.csv"
    long_notice = "您的备案已提交管局审核，请耐心等待" * 120  # a non-rejection cut at 2,000 characters
    src.write_text(f"订单号,驳回原因\nA1,核验单未签字\nA2,\nA3, \nA4,见附件\nA5,审核通过\nA6,{long_notice}\n",
                   encoding="utf-8")
    out, review = tmp_path / "o.csv", tmp_path / "r.csv"
    s = run_batch(model, str(src), str(out), review_out=str(review), summary_out=str(tmp_path / "s.json"))
    d = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (d["rows"], d["empty"], d["non_rejections"], d["rejections"]) == (6, 2, 2, 2) == (
        s.rows, s.empty, s.non_rejections, s.rejections)
    assert sum(v["rows"] for v in d["per_label"].values()) == 2
    listed = read_out(review)[1:]
    assert any("truncated_2000" in r for r in listed)  # listed for its status, and counted apart
    assert d["needs_review"] + d["non_rejections_listed"] == sum(int(r[2]) for r in listed)
    assert d["non_rejections_listed"] == 1 and d["needs_review_share"] <= 1
    statuses = [dict(zip(read_out(out)[0], r, strict=True))["status"] for r in read_out(out)[1:]]
    assert statuses.count("empty") == 2  # the rows themselves are all written, flagged


def test_a_jsonl_line_that_is_no_object_is_kept_and_marked(tmp_path, model):
    """A line that is not a JSON object is not read as a message: it stays in the first column,
    in its place, with the status empty;invalid_json, counted with the rows without a message."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"驳回原因": "网站名称含有论坛字样", "id": "001"}\nnot json\n[1,2]\n'
                   '{"驳回原因": "核验单未签字", "id": "002"}\n', encoding="utf-8")
    out = tmp_path / "o.jsonl"
    summary = run_batch(model, str(src), str(out))
    objs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [o["驳回原因"] for o in objs] == ["网站名称含有论坛字样", "not json", "[1,2]", "核验单未签字"]
    assert [o["status"] for o in objs] == ["ok", "empty;invalid_json", "empty;invalid_json", "ok"]
    assert objs[1]["needs_review"] is True and summary.empty == 2
    assert any("2 lines are no JSON object" in n for n in summary.notes)


def test_input_columns_named_like_added_ones_are_kept_apart(tmp_path, model):
    """A user's own `label` or `status` column is kept as `label (input)` in every output
    format (the added columns keep their names); a JSONL line keeps its values' types."""
    src = tmp_path / "in.csv"
    src.write_text("订单号,驳回原因,label,Status\nA1,核验单未签字,人工:核验单,已处理\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    run_batch(model, str(src), str(out))
    header, row = read_out(out)
    got = dict(zip(header, row, strict=True))
    assert len(set(header)) == len(header)
    assert got["label (input)"] == "人工:核验单" and got["Status (input)"] == "已处理"
    assert got["label"] == "other" and got["status"] == "ok"
    jl = tmp_path / "in.jsonl"
    jl.write_text('{"id": 1, "驳回原因": "核验单未签字", "label": "人工"}\n', encoding="utf-8")
    run_batch(model, str(jl), str(tmp_path / "o.jsonl"))
    obj = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert obj["id"] == 1 and obj["label (input)"] == "人工" and obj["label"] == "other"
    assert obj["confidence"] > 0.5 and obj["needs_review"] is False  # a number and a boolean
    assert obj["labels"] == ["other"]  # a list, as predict --json gives it


def test_jsonl_output_gives_labels_as_predict_gives_them(tmp_path, model):
    """Several labels, or the one of an empty row: a JSON list, from JSONL or CSV input."""
    text = "网站名称含有论坛字样；网站负责人手机号码为空号"
    src = tmp_path / "in.csv"
    src.write_text(f"id,驳回原因\n1,{text}\n2,\n", encoding="utf-8")
    jl = tmp_path / "in.jsonl"
    jl.write_text(json.dumps({"id": 1, "驳回原因": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    for inp in (src, jl):
        out = tmp_path / f"{inp.suffix[1:]}.jsonl"
        run_batch(model, str(inp), str(out))
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert rows[0]["labels"] == model.predict(text).to_dict()["labels"] and len(rows[0]["labels"]) == 2
    assert rows[0]["label"] == rows[0]["labels"][0]
    rows = [json.loads(line) for line in (tmp_path / "csv.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows[1]["labels"] == [rows[1]["label"]] and rows[1]["status"] == "empty"


def test_summary_and_report_can_go_to_standard_output(tmp_path, model, capsys):
    """--summary - and --report - print to standard output (a file named "-" was written)."""
    src = tmp_path / "in.csv"
    src.write_text("驳回原因\n网站名称含有论坛字样\n", encoding="utf-8")
    run_batch(model, str(src), str(tmp_path / "o.csv"), summary_out="-")
    assert json.loads(capsys.readouterr().out)["rows"] == 1
    run_batch(model, str(src), str(tmp_path / "o.csv"), report_out="-", overwrite=True)
    assert capsys.readouterr().out.startswith("<!DOCTYPE html>")
    assert not (tmp_path / "-").exists() and not os.path.exists("-")


def test_the_review_file_keeps_the_numbers_of_a_jsonl_input(tmp_path, model):
    """A JSONL line's numbers are numbers again in a JSONL review file, and stay as written in a
    CSV one (1.10, not 1.1); strings that look like numbers stay strings."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 7, "score": 1.10, "big": 1e400, "code": "007", "驳回原因": "12345"}\n', encoding="utf-8")
    review = tmp_path / "review.jsonl"
    run_batch(model, str(src), str(tmp_path / "o.jsonl"), review_out=str(review))
    [obj] = [json.loads(line) for line in review.read_text(encoding="utf-8").splitlines()]
    assert obj["id"] == 7 and obj["score"] == 1.1 and obj["big"] == "1e400" and obj["code"] == "007"
    out = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert '"score": 1.10' in (tmp_path / "o.jsonl").read_text(encoding="utf-8") and out[0]["id"] == 7
    csv_review = tmp_path / "review.csv"
    run_batch(model, str(src), str(tmp_path / "o2.csv"), review_out=str(csv_review))
    header, row = read_out(csv_review)
    got = dict(zip(header, row, strict=True))
    assert got["id"] == "7" and got["score"] == "1.10" and got["big"] == "1e400"


def test_the_review_file_in_jsonl_holds_numbers(tmp_path, model):
    src = tmp_path / "in.csv"
    src.write_text("驳回原因\n12345\n12345\n", encoding="utf-8")
    review = tmp_path / "review.jsonl"
    run_batch(model, str(src), str(tmp_path / "o.csv"), review_out=str(review))
    [obj] = [json.loads(line) for line in review.read_text(encoding="utf-8").splitlines()]
    assert obj["count"] == 2 and obj["confidence"] == 0.0 and obj["text"] == "12345"
    assert obj["predicted"] == ["other"] and obj["predicted_detail"] is None  # null, as the output's detail


@pytest.mark.parametrize("name, body", [("in.txt", "网站名称含有论坛字样\n12345\n"),
                                        ("in.jsonl", '{"驳回原因": "网站名称含有论坛字样"}\n{"驳回原因": "12345"}\n')])
def test_review_rows_of_txt_and_jsonl_count_lines_from_one(tmp_path, model, name, body):
    """A .txt or .jsonl has no header row: its second line is row 2 of the review file."""
    src = tmp_path / name
    src.write_text(body, encoding="utf-8")
    review = tmp_path / "review.csv"
    summary = run_batch(model, str(src), str(tmp_path / "o.csv"), review_out=str(review))
    assert read_out(review)[1][-1] == "2" and summary.header_row is None


def test_a_review_file_past_its_limit_says_how_many_rows_it_leaves_out(tmp_path, model, monkeypatch):
    from functools import partial

    from classifier import batch, review
    monkeypatch.setattr(batch, "ReviewCollector", partial(review.ReviewCollector, limit=1))
    src = tmp_path / "in.csv"
    src.write_text("驳回原因\n见附件\n请看附件\n请看附件\n", encoding="utf-8")
    out, rev = tmp_path / "o.csv", tmp_path / "r.csv"
    s = run_batch(model, str(src), str(out), review_out=str(rev))
    assert s.needs_review == 3 and len(read_out(rev)) == 2
    assert any("first 1 distinct messages" in n and "2 rows" in n for n in s.notes)


def test_review_rows_of_a_jsonl_are_its_line_numbers_blank_lines_counted(tmp_path, model):
    src = tmp_path / "in.jsonl"
    src.write_text('{"驳回原因": "网站名称含有论坛字样"}\n\n\n{"驳回原因": "12345"}\n', encoding="utf-8")
    review = tmp_path / "review.csv"
    run_batch(model, str(src), str(tmp_path / "o.csv"), review_out=str(review))
    assert read_out(review)[1][-1] == "4"


@pytest.mark.parametrize("ext", ["tsv", "txt"])
def test_a_one_column_log_with_blank_messages_writes_tsv_and_text(tmp_path, model, ext):
    """A blank line of a one-message-per-line log is a row of one empty cell, which a writer
    without quoting refuses: it is written as an empty message with its status."""
    src = tmp_path / "lines.txt"
    src.write_text("核验单未签字\n\n审核通过\n", encoding="utf-8")
    out = tmp_path / f"o.{ext}"
    run_batch(model, str(src), str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4 and lines[2].startswith("\tother\t") and lines[2].endswith("\tempty")
    assert lines[1].startswith("核验单未签字\t") and lines[3].startswith("审核通过\t")


def test_jsonl_output_gives_detail_as_predict_json_does_and_notes_blank_lines(tmp_path, model):
    """No known detail is null in JSONL output, as in ``predict --json``; blank lines hold no
    object and are left out, with a note; the summary names the key that held the text."""
    src = tmp_path / "in.jsonl"
    src.write_text('{"reason": "核验单未签字"}\n\n{"reason": "管局审核拒绝"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    s = run_batch(model, str(src), str(out))
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [g["detail"] for g in got] == ["verification_form", None]
    assert [g["detail"] for g in got] == [model.predict(t).detail for t in ("核验单未签字", "管局审核拒绝")]
    assert any("blank lines" in n and ": 1 " in n for n in s.notes)
    assert "(key 'reason', encoding" in s.format({})


def test_a_row_that_repeats_the_header_is_kept_and_noted(tmp_path, model):
    src = tmp_path / "joined.csv"  # two exports joined: the second's header (with its BOM) inside
    src.write_bytes("订单号,驳回原因\nA1,核验单未签字\n\ufeff订单号,驳回原因\nB1,网站名称含有论坛字样\n".encode())
    s = run_batch(model, str(src), str(tmp_path / "o.csv"))
    # (the second file's byte-order mark is no part of the cell: it would break lookups, unseen)
    assert s.rows == 3 and [r[0] for r in read_out(tmp_path / "o.csv")[1:]] == ["A1", "订单号", "B1"]
    assert any("1 rows repeat the header (row 3" in n for n in s.notes)


def test_the_readme_names_every_field_of_the_summary_json(tmp_path, model):
    import re
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    fields = readme.split("Its fields: ", 1)[1].split("\n\n", 1)[0]
    run_batch(model, str(config.EXAMPLES_DIR / "rejections_example.csv"), str(tmp_path / "o.csv"),
              summary_out=str(tmp_path / "s.json"))
    for key in json.loads((tmp_path / "s.json").read_text(encoding="utf-8")):
        assert re.search(rf"`{key}`", fields), key


def test_the_printed_review_share_is_the_exact_share_as_the_report_gives_it():
    """15 of 1,303 rejections is 1.2%; the printed summary had formatted the JSON's rounded 0.0115 as 1.1%."""
    from classifier.batch import BatchSummary
    s = BatchSummary(rows=1303, needs_review=15)
    s.per_label["website_name_invalid"] = 1303
    assert s.rejections == 1303
    assert "needs review: 15 (1.2%)" in s.format({})


def test_the_printed_review_threshold_holds_for_the_rounded_confidences(model):
    """Confidences are given to four decimals and flagged below the exact threshold (0.847085…):
    the summary had printed "below 0.85" while rows at 0.8471–0.8499 were not flagged."""
    from classifier.batch import BatchSummary
    s = BatchSummary(rows=1, needs_review=0, review_below=0.8470851652385384)
    s.per_label["website_name_invalid"] = 1
    assert "confidence below 0.8471)" in s.format({})
    m = model.with_review_below(0.8470851652385384)
    shown = 0.8471
    for p in m.predict(["网站名称含有论坛字样", "幕布照片不合格，网站名称含有论坛字样", "订单未完成"]):
        assert p.needs_review == (p.confidence < shown)


def test_batch_titles_and_remedies_are_those_predict_gives(tmp_path, model):
    """The batch looks titles and remedies up again from an answer's labels and details: a
    second detail's remedy (幕布照片不合格，营业执照已过期) is there, and text without a word (12345)
    has no remedy, as predict() gives them (batch had written the generic remedy of `other`)."""
    texts = ["幕布照片不合格，营业执照已过期", "12345", "网站名称含有论坛字样", "审核通过"]
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["驳回原因"], *([t] for t in texts)])
    run_batch(model, str(src), str(out), jobs=1)
    rows = read_out(out)
    got = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    for row, pred in zip(got, model.predict(texts), strict=True):
        assert (row["title"], row["remedy"], row["detail"]) == (pred.title, pred.remedy, pred.detail or ""), row
    assert got[1]["remedy"] == "" and "【" in got[0]["remedy"]


def test_a_report_or_summary_named_like_a_table_is_refused_before_any_work(tmp_path, model):
    """--report rep.csv wrote an HTML page into a .csv file (and --summary s.xlsx JSON into a
    workbook name), which a spreadsheet then opens as garbage; such names are refused."""
    from classifier.io import InputError

    src = tmp_path / "in.csv"
    src.write_text("驳回原因\n网站名称含有论坛字样\n", encoding="utf-8")
    for option, name in (("report_out", "rep.csv"), ("summary_out", "s.xlsx"), ("report_out", "r.json"),
                         ("summary_out", "s.html")):
        with pytest.raises(InputError, match="name it"):
            run_batch(model, str(src), str(tmp_path / "out.csv"), **{option: str(tmp_path / name)})
        assert not (tmp_path / "out.csv").exists() and not (tmp_path / name).exists()
    run_batch(model, str(src), str(tmp_path / "out.csv"), report_out=str(tmp_path / "r.htm"),
              summary_out=str(tmp_path / "s.json"))
    assert (tmp_path / "r.htm").exists() and (tmp_path / "s.json").exists()
