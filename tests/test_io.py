import codecs
import csv
import json

import pytest

from classifier.io import AtomicWriter, InputError, detect_encoding, detect_format, find_text_column, read_table


def _read_all(path: str):
    """(the table, all its rows), the file closed."""
    table = read_table(path)
    try:
        return table, list(table.rows)
    finally:
        table.close()


def test_detect_encoding():
    assert detect_encoding("驳回原因".encode()) == "utf-8"
    assert detect_encoding("驳回原因".encode("utf-8-sig")) == "utf-8-sig"
    assert detect_encoding("驳回原因，网站名称不合格".encode("gb18030")) == "gb18030"


def test_detect_format():
    assert detect_format("a.CSV") == "csv" and detect_format("-") == "csv" and detect_format("x.json") == "jsonl"
    with pytest.raises(InputError, match="unknown format"):
        detect_format("a.pdf")


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path, enc):
    p = tmp_path / "a.csv"
    p.write_text("订单,驳回原因\n1,网站名称含论坛\n2,\"多行\n文本, 带逗号\"\n", encoding=enc)
    t = read_table(str(p))
    assert t.header == ["订单", "驳回原因"]
    assert list(t.rows) == [["1", "网站名称含论坛"], ["2", "多行\n文本, 带逗号"]]


def test_ragged_rows_nul_and_bad_bytes(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes("a,驳回原因\n1\n2,x,y,z\n3,名称\x00含论坛\n".encode("gb18030") + b"4,\xff\xfe\xfd\n")
    table = read_table(str(p))
    rows = list(table.rows)
    assert table.header == ["a", "驳回原因", "column_3", "column_4"]  # the ragged row's fields keep columns
    assert rows[0] == ["1", "", "", ""] and rows[1] == ["2", "x", "y", "z"]
    assert rows[2] == ["3", "名称\x00含论坛", "", ""]
    assert len(rows) == 4 and "\ufffd" in rows[3][1]


def test_jsonl_and_txt(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text('{"id": 1, "reason": "名称含论坛"}\n\n{"id": 2, "reason": null}\n', encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["id", "reason"] and list(t.rows) == [["1", "名称含论坛"], ["2", ""]]
    q = tmp_path / "a.txt"
    q.write_text("名称含论坛\n\n手机号外省\n", encoding="utf-8")
    assert list(read_table(str(q)).rows) == [["名称含论坛"], [""], ["手机号外省"]]


def test_xlsx_roundtrip(tmp_path):
    p = tmp_path / "a.xlsx"
    w = AtomicWriter(str(p), ["编号", "审核意见"])
    w.write([1, "名称含论坛"])
    w.write([2, None])
    w.commit()
    t = read_table(str(p))
    assert t.header == ["编号", "审核意见"] and list(t.rows) == [["1", "名称含论坛"], ["2", ""]]
    with pytest.raises(InputError, match="no sheet"):
        read_table(str(p), sheet="nope")


def test_find_text_column():
    assert find_text_column(["订单号", "驳回原因"]) == 1
    assert find_text_column(["id", "Message"]) == 1
    assert find_text_column(["only"]) == 0
    assert find_text_column(["a", "b"], "b") == 1
    with pytest.raises(InputError, match="'a', 'b'"):
        find_text_column(["a", "b"])
    with pytest.raises(InputError, match="no column 'c'"):
        find_text_column(["a", "b"], "c")


def test_atomic_writer_abort_leaves_nothing(tmp_path):
    p = tmp_path / "out.csv"
    w = AtomicWriter(str(p), ["a"])
    w.write(["1"])
    w.abort()
    assert not p.exists() and list(tmp_path.iterdir()) == []


def test_jsonl_writer_duplicate_columns(tmp_path):
    p = tmp_path / "o.jsonl"
    w = AtomicWriter(str(p), ["a", "a"])
    w.write(["1", "2"])
    w.commit()
    assert json.loads(p.read_text(encoding="utf-8")) == {"a": "1", "a.1": "2"}


def _xlsx(tmp_path, rows):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    path = tmp_path / "in.xlsx"
    wb.save(path)
    return path


def _rewrite_part(path, name, change):
    import zipfile
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts[name] = change(parts[name])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in parts.items():
            zf.writestr(n, data)


def test_damaged_sheet_xml_is_an_input_error_not_a_traceback(tmp_path):
    import pytest

    from classifier.io import InputError, read_table
    path = _xlsx(tmp_path, [["驳回原因"], *[[f"网站名称含论坛{i}"] for i in range(50)]])
    _rewrite_part(path, "xl/worksheets/sheet1.xml", lambda b: b[: len(b) // 2])
    with pytest.raises(InputError):
        table = read_table(str(path))
        list(table.rows)


def test_zip_bomb_is_refused_before_decompressing(tmp_path, monkeypatch):
    import pytest

    from classifier import io as cio
    path = _xlsx(tmp_path, [["驳回原因"], *[["网站名称含论坛" * 50] for _ in range(2000)]])
    monkeypatch.setattr(cio, "XLSX_RATIO_FLOOR", 1000)
    monkeypatch.setattr(cio, "XLSX_MAX_RATIO", 5)
    with pytest.raises(cio.InputError, match="zip bomb"):
        cio.read_table(str(path))


def test_csv_cells_that_spreadsheets_would_run_are_escaped(tmp_path):
    from classifier.io import AtomicWriter
    path = tmp_path / "o.csv"
    w = AtomicWriter(str(path), ["=cmd", "b"])
    w.write(["=HYPERLINK(\"http://x\"&A1,\"click\")", "+1", "-2", "@SUM(A1)", "\tx", "plain"], ("ok",))
    w.commit()
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["'=cmd", "b"]
    assert rows[1] == ["'=HYPERLINK(\"http://x\"&A1,\"click\")", "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain", "ok"]
    raw = tmp_path / "raw.csv"
    w = AtomicWriter(str(raw), ["a"], escape_formulas=False)
    w.write(["=1+1"])
    w.commit()
    assert "=1+1" in raw.read_text(encoding="utf-8-sig").splitlines()[1]


def test_xlsx_output_never_holds_a_live_formula_and_survives_control_characters(tmp_path):
    import openpyxl

    from classifier.io import AtomicWriter
    path = tmp_path / "o.xlsx"
    w = AtomicWriter(str(path), ["主体\x07名称", "驳回原因"])
    w.write(['=HYPERLINK("http://evil"&A1,"click")', "网站名称含论坛"])
    w.commit()
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws.cell(1, 1).value == "主体名称"
    cell = ws.cell(2, 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    # an error value's text stays text; a noncharacter, which no workbook holds, goes
    path = tmp_path / "p.xlsx"
    w = AtomicWriter(str(path), ["备注", "驳回原因"])
    w.write(["#N/A", "网站名称含\uffff论坛"])
    w.commit()
    row = [(c.value, c.data_type) for c in openpyxl.load_workbook(path).active[2]]
    assert row == [("#N/A", "s"), ("网站名称含论坛", "s")]


def test_title_line_and_blank_lines_above_the_header_are_skipped(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("2024年11月驳回记录\n\n订单号,主体名称,驳回原因\n1001,某某公司,网站名称含论坛\n1002,某某公司,手机号非本省号段\n",
                 encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["订单号", "主体名称", "驳回原因"] and t.header_row == 3
    assert list(t.rows) == [["1001", "某某公司", "网站名称含论坛"], ["1002", "某某公司", "手机号非本省号段"]]
    t = read_table(str(p), header_row=3)
    t.close()
    assert t.header[2] == "驳回原因"


def test_text_column_chosen_by_header_and_content(tmp_path):
    from classifier.io import find_text_column
    p = tmp_path / "a.csv"
    p.write_text("订单号,驳回时间,退回次数,驳回内容\n" + "".join(
        f"{1000 + i},2024-11-0{i % 9 + 1} 10:0{i % 9}:00,{i % 3},网站名称含有论坛字样第{i}条\n" for i in range(20)),
        encoding="utf-8")
    t = read_table(str(p))
    t.close()
    assert find_text_column(t.header, sample=t.sample) == 3
    q = tmp_path / "b.csv"
    q.write_text("message_id,时间,内容A,内容B\n"
                 + "".join(f"{i},2024-11-01,网站名称含论坛,手机号外省{i}\n" for i in range(20)),
                 encoding="utf-8")
    t = read_table(str(q))
    t.close()
    with pytest.raises(InputError, match="prose"):
        find_text_column(t.header, sample=t.sample)


def test_tsv_keeps_quotes_and_round_trips_line_breaks(tmp_path):
    from classifier.io import AtomicWriter
    p = tmp_path / "a.tsv"
    p.write_text('id\t驳回原因\n1\t网站名称含有"博客"字样\n', encoding="utf-8")
    assert list(read_table(str(p)).rows) == [["1", '网站名称含有"博客"字样']]
    out = tmp_path / "o.tsv"
    w = AtomicWriter(str(out), ["a", "b"])
    w.write(["第一行\n第二行", '"引号"'], ("x\ty",))
    w.commit()
    assert list(read_table(str(out)).rows) == [["第一行\\n第二行", '"引号"', "x\\ty"]]


def test_xlsx_numbers_and_dates_as_typed_and_stale_dimension(tmp_path):
    import datetime

    p = _xlsx(tmp_path, [["证件号", "日期", "驳回原因"],
                         [110101199003071, datetime.datetime(2024, 11, 5), "网站名称含论坛"],
                         [12.5, datetime.datetime(2024, 11, 5, 9, 30), "手机号外省"]])
    _rewrite_part(p, "xl/worksheets/sheet1.xml",
                  lambda b: b.replace(b'<dimension ref="A1:C3"/>', b'<dimension ref="A1:A1"/>'))
    rows = list(read_table(str(p)).rows)
    assert len(rows) == 2 and rows[0][2] == "网站名称含论坛"
    assert rows[0][0] == "110101199003071" and rows[0][1] == "2024-11-05"
    assert rows[1][0] == "12.5" and rows[1][1] == "2024-11-05 09:30:00"


def test_jsonl_keys_from_every_line_and_values_as_written(tmp_path):
    from classifier.io import AtomicWriter
    p = tmp_path / "a.jsonl"
    p.write_text('{}\n{"id": 1, "reason": "名称含论坛", "ok": true, "score": 1.10}\n{"id": 2, "reason": "手机号外省", '
                 '"site": "a.com", "n": null}\n', encoding="utf-8")
    t = read_table(str(p))
    rows = list(t.rows)
    assert t.header == ["id", "reason", "ok", "score", "site", "n"]
    assert rows[1] == ["1", "名称含论坛", "true", "1.10", "", ""] and rows[2][4] == "a.com"
    out = tmp_path / "o.jsonl"
    w = AtomicWriter(str(out), t.header + ["label"])
    for r in rows:
        w.write(r, ("x",))
    w.commit()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[1] == '{"id": 1, "reason": "名称含论坛", "ok": true, "score": 1.10, "label": "x"}'
    assert json.loads(lines[2])["n"] is None and json.loads(lines[0]) == {"label": "x"}


def test_a_jsonl_key_given_twice_keeps_both_values_with_a_note(tmp_path):
    """{"msg": A, "msg": B} had become B alone in CSV and Excel output, with no note: the first
    reason was lost."""
    p = tmp_path / "d.jsonl"
    p.write_text('{"id": "007", "msg": "网站名称含有论坛字样", "msg": "负责人手机号为空号"}\n'
                 '{"id": "008", "msg": "幕布照片不合格", "extra": {"a": 1, "a": 2}}\n', encoding="utf-8")
    table, rows = _read_all(str(p))
    assert table.header == ["id", "msg", "extra"]
    assert rows[0][:2] == ["007", "网站名称含有论坛字样\n负责人手机号为空号"]
    assert json.loads(rows[1][2]) == {"a": [1, 2]}
    assert rows[0].line.startswith('{"id": "007", "msg": "网站名称含有论坛字样", "msg"')  # JSONL output: as written
    assert any(n.startswith("1 line repeats a key") for n in table.notes)  # (the nested one: an array)


def test_a_gb18030_file_read_with_encoding_utf8_gets_one_note_that_holds(tmp_path):
    """Its lines were read as GB18030 (right), but a second note said "it was read as utf-8, as asked"."""
    p = tmp_path / "gb.csv"
    p.write_bytes("订单号,驳回原因\n1,网站名称含有论坛字样\n".encode("gb18030"))
    table = read_table(str(p), encoding="utf-8")
    try:
        rows = list(table.rows)
    finally:
        table.close()
    assert rows == [["1", "网站名称含有论坛字样"]]
    assert not any("as asked" in n for n in table.notes)
    assert any("were read as GB18030" in n for n in table.notes)


@pytest.mark.parametrize("suffix, packer", [(".gz", "gzip"), (".bz2", "bz2"), (".xz", "lzma")])
def test_a_compressed_export_is_refused_with_what_to_do(tmp_path, suffix, packer):
    """Given --input-format csv, a gzipped CSV was decoded as GB18030 and its noise offered as
    "100% prose" columns; by name it was an unknown format 'gz' with no word of compression."""
    import importlib
    data = importlib.import_module(packer).compress("id,msg\n1,网站名称含有论坛字样\n".encode())
    p = tmp_path / f"x.csv{suffix}"
    p.write_bytes(data)
    with pytest.raises(InputError, match="compressed"):
        read_table(str(p))
    with pytest.raises(InputError, match=r"compressed, not text: decompress it first"):
        read_table(str(p), fmt="csv")


def test_a_title_above_a_header_found_is_named_in_a_note(tmp_path):
    """The title row was left out of the output with only "header on row 2" to say so; Excel's
    sep= line is no title and gets no note."""
    p, q = tmp_path / "t.csv", tmp_path / "s.csv"
    p.write_text("2024年11月备案驳回记录导出,,,\n订单号,主体,驳回原因,备注\n1,甲公司,网站名称含有论坛字样,x\n",
                 encoding="utf-8")
    q.write_text("sep=;\n订单号;驳回原因\n1;网站名称含有论坛字样\n", encoding="utf-8")
    table, rows = _read_all(str(p))
    assert table.header_row == 2 and rows == [["1", "甲公司", "网站名称含有论坛字样", "x"]]
    title = "row 1 above the header ('2024年11月备案驳回记录导出') was read as a title"
    assert any(n.startswith(title) for n in table.notes)
    table, rows = _read_all(str(q))
    assert rows == [["1", "网站名称含有论坛字样"]] and not any("title" in n for n in table.notes)


def test_jsonl_on_standard_input_keeps_every_line_and_says_when_keys_come_late(monkeypatch):
    import io as _io
    import sys as _sys

    from classifier.io import SAMPLE_ROWS
    n = SAMPLE_ROWS * 5
    text = "".join(f'{{"id": {i}, "reason": "网站名称含论坛"}}\n' for i in range(n)) + '{"id": -1, "late": "x"}\n'
    monkeypatch.setattr(_sys, "stdin", _io.TextIOWrapper(_io.BytesIO(text.encode()), encoding="utf-8"))
    t = read_table("-", fmt="jsonl")
    rows = list(t.rows)
    assert [r[0] for r in rows] == [str(i) for i in range(n)] + ["-1"]
    assert t.header == ["id", "reason"] and any(f"line {n + 1} has keys" in note for note in t.notes)


def test_the_sheet_with_the_log_is_chosen_and_ambiguity_refused(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    notes = wb.active
    notes.title = "说明"
    notes.append(["导出说明"])
    notes.append(["This export was made on 2024-11-30"])
    log = wb.create_sheet("驳回记录")
    log.append(["订单号", "驳回原因"])
    for i in range(5):
        log.append([f"A{i}", f"网站名称含有论坛字样{i}"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    t = read_table(str(path))
    assert t.header == ["订单号", "驳回原因"] and len(list(t.rows)) == 5
    again = wb.create_sheet("十二月")
    again.append(["订单号", "驳回原因"])
    again.append(["B1", "手机号非本省号段"])
    wb.save(path)
    with pytest.raises(InputError, match="--sheet"):
        read_table(str(path))
    t = read_table(str(path), sheet="十二月")
    assert list(t.rows) == [["B1", "手机号非本省号段"]]
    assert list(read_table(str(path), sheet="3").rows) == [["B1", "手机号非本省号段"]]  # its number, from 1
    assert len(list(read_table(str(path), sheet=" 驳回记录 ").rows)) == 5
    with pytest.raises(InputError, match="from 1 to 3"):
        read_table(str(path), sheet="4")
    del wb["十二月"]
    stats = wb.create_sheet("统计")  # a table of counts beside the log: not a second log
    stats.append(["类别", "数量"])
    stats.append(["网站名称", 5])
    wb.save(path)
    t = read_table(str(path))
    assert t.sheet == "驳回记录" and len(list(t.rows)) == 5


def test_reading_leaves_the_csv_field_limit_alone(tmp_path):
    """Long fields are read, and the process-wide csv limit is the default before and after."""
    import subprocess
    import sys
    p = tmp_path / "long.csv"
    p.write_text("驳回原因\n" + "名" * 200_000 + "\n", encoding="utf-8")
    code = ("import csv\nfrom classifier.io import read_table\nbefore = csv.field_size_limit()\n"
            f"t = read_table({str(p)!r})\nrows = list(t.rows)\nt.close()\n"
            "print(len(rows[0][0]), before, csv.field_size_limit())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["200000", "131072", "131072"]


def test_an_unbalanced_quote_loses_no_row(tmp_path):
    """A quote that opens a cell and never closes took the following lines into that cell; the
    reader gives them back as rows of their own, exactly, and says so."""
    p = tmp_path / "stray.csv"
    lines = ["订单号,驳回原因,省份"]
    for i in range(3000):
        text = ('"名称含博客' if i in (50, 2000) else '"带,逗号的原因"' if i % 7 == 0 else '"多行\n的原因"'
                if i % 11 == 0 and i > 2100 else "网站名称含论坛")
        lines.append(f"{i:08d},{text},广东")
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, rows = _read_all(str(p))
    assert [r[0] for r in rows] == [f"{i:08d}" for i in range(3000)] and all(r[2] == "广东" for r in rows)
    assert rows[50][1] == '"名称含博客' and rows[2000][1] == '"名称含博客'
    assert all(rows[i][1] == "带,逗号的原因" for i in range(7, 3000, 7) if i not in (50, 2000))
    multi = [i for i in range(2101, 3000) if i % 11 == 0 and i % 7]
    assert all(rows[i][1] == "多行\n的原因" for i in multi)
    assert len(multi) > 50 and len(table.notes) == 2 and table.notes[0].startswith("record 52:")


def test_a_quoted_multi_line_cell_whose_lines_look_like_rows_stays_one_cell(tmp_path):
    """A cell quoted on purpose (both quotes there) keeps its lines even when one of them looks
    like a row of the table; a quote left open still gives its rows back."""
    p = tmp_path / "q.csv"
    cell = "1.网站名称不合格\nICP002,2024-01-02,再次驳回"
    p.write_text(f'订单号,时间,驳回原因\nICP001,2024-01-01 10:00,"{cell}"\nICP003,2024-01-01 10:00,审核通过\n',
                 encoding="utf-8")
    table, rows = _read_all(str(p))
    assert rows == [["ICP001", "2024-01-01 10:00", cell], ["ICP003", "2024-01-01 10:00", "审核通过"]]
    assert not table.notes
    q = tmp_path / "s.csv"
    q.write_text('订单号,时间,驳回原因\nICP001,2024-01-01,"名称含博客\nICP002,2024-01-02,再次驳回\n'
                 'ICP003,2024-01-03,"含,逗号"\n', encoding="utf-8")
    table, rows = _read_all(str(q))
    assert [r[0] for r in rows] == ["ICP001", "ICP002", "ICP003"] and rows[1][2] == "再次驳回"


def test_a_stray_quote_near_the_top_of_a_large_file_is_cut_with_memory_bounded(tmp_path, monkeypatch):
    """A stray quote that would take in every later line is cut once the record has taken in
    ``RECORD_LINES`` lines that look like rows: every row comes back exactly, memory stays as
    for the same file without the stray quote, and a long multi-line cell whose lines do not
    look like rows is still read whole."""
    import tracemalloc

    from classifier import io as io_mod

    def expected(i: int, stray: bool) -> str:
        return ('"名称含博客' if stray and i == 3 else "带,逗号的原因" if i > 50_000 and i % 1000 == 7
                else "网站名称含论坛，请修改" * 3)

    def write(path, stray: bool) -> None:
        with path.open("w", encoding="utf-8") as f:
            f.write("订单号,驳回原因,省份\n")
            for i in range(60_000):
                text = expected(i, stray)
                cell = '"' + text + '"' if "," in text else text
                f.write(f"{i:08d},{cell},广东\n")

    def peak_reading(path, stray: bool) -> tuple[int, list[str]]:
        tracemalloc.start()
        try:
            table = read_table(str(path))
            count = 0
            for i, row in enumerate(table.rows):
                assert row == [f"{i:08d}", expected(i, stray), "广东"], (i, row)
                count += 1
            assert count == 60_000
            return tracemalloc.get_traced_memory()[1], table.notes
        finally:
            tracemalloc.stop()

    write(clean := tmp_path / "clean.csv", False)
    write(stray := tmp_path / "stray.csv", True)
    clean_peak, clean_notes = peak_reading(clean, False)
    stray_peak, notes = peak_reading(stray, True)
    assert not clean_notes and notes and notes[0].startswith("record 5:")
    # Without the cut the cell would take in the next 50,000 lines (about 5 MB of text).
    assert stray_peak < 2 * clean_peak, (stray_peak, clean_peak)

    # A quoted cell of many lines that are not rows (a pasted log) is one cell, however long.
    monkeypatch.setattr(io_mod, "RECORD_LINES", 50)
    q = tmp_path / "long_cell.csv"
    cell = "\n".join(f"第{i}行：网站名称含论坛" for i in range(300))
    q.write_text(f'订单号,驳回原因,省份\n00000001,"{cell}",广东\n00000002,手机号非本省,浙江\n', encoding="utf-8")
    _, rows = _read_all(str(q))
    assert rows == [["00000001", cell, "广东"], ["00000002", "手机号非本省", "浙江"]]


def test_encodings_decided_on_evidence(tmp_path):
    from classifier.text import zh_convert
    text = "驳回原因\n网站名称含有论坛字样，请修改\n负责人手机号非本省号段，请更换\n" * 20
    assert detect_encoding(text.encode("utf-16-le")) == "utf-16-le"  # no byte-order mark
    assert detect_encoding(text.encode("utf-16-be")) == "utf-16-be"
    assert detect_encoding(zh_convert(text, "zh-tw").encode("gb18030")) == "gb18030"  # traditional, still GB
    with pytest.raises(InputError, match="Big5.*--encoding big5"):
        detect_encoding(zh_convert(text, "zh-tw").encode("big5"))
    with pytest.raises(InputError, match="Shift_JIS"):
        detect_encoding(("却下理由\nウェブサイト名にフォーラムという文字が含まれています\n" * 20).encode("shift_jis"))
    # A UTF-8 export with cells of a GB18030 one pasted in: each cell reads right.
    p = tmp_path / "mixed.csv"
    p.write_bytes("id,驳回原因,备注\n1,网站名称含论坛,".encode() + "广东省备注".encode("gb18030") + b"\n2,"
                  + "手机号非本省".encode("gb18030") + b",x\n")
    table = read_table(str(p))
    try:
        assert table.encoding == "utf-8"
        assert list(table.rows) == [["1", "网站名称含论坛", "广东省备注"], ["2", "手机号非本省", "x"]]
    finally:
        table.close()
    # ASCII first, Chinese only far into the file: still read right.
    late = tmp_path / "late.csv"
    late.write_bytes(b"id,reason\n" + b"1,ok\n" * 40_000 + "2,网站名称含论坛\n".encode("gb18030"))
    table = read_table(str(late))
    try:
        assert list(table.rows)[-1] == ["2", "网站名称含论坛"]
    finally:
        table.close()


def test_rows_pasted_from_a_gb18030_export_into_a_utf8_one_read_right_with_a_note(tmp_path, monkeypatch):
    """A GB18030 character whose bytes are also valid UTF-8 (证 D6 A4, 一 D2 BB, 站, 注) was read as
    UTF-8 up to the first invalid byte; a pasted row, or a pasted cell in a UTF-8 row, is read
    as GB18030 as a whole, in any block, CR-only lines too; a stray byte stays U+FFFD."""
    from classifier import io as cio
    monkeypatch.setattr(cio._MixedReader, "_CHUNK", 64)  # many blocks, lines cut across them
    utf8 = [f"{i},负责人手机号空号,正常" for i in range(50)]
    pasted = ["900,核验单未签字,一", "901,证件未实名,站长", "902,网站名称含有论坛字样,注意"]
    for end in ("\r\n", "\r"):
        p = tmp_path / "paste.csv"
        p.write_bytes(("订单号,驳回原因,备注" + end + end.join(utf8) + end).encode()
                      + (end.join(pasted) + end).encode("gb18030")
                      + "903,网站名称不合格,".encode() + "站长注意".encode("gb18030") + end.encode()
                      + "904,网站名称含有论坛字样".encode() + b"\xa0" + "请修改,x".encode() + end.encode())
        table = read_table(str(p))
        try:
            rows = list(table.rows)
        finally:
            table.close()
        assert [r[0] for r in rows] == [str(i) for i in range(50)] + ["900", "901", "902", "903", "904"]
        assert rows[50][1:] == ["核验单未签字", "一"] and rows[51][1:] == ["证件未实名", "站长"]
        assert rows[52][2] == "注意" and rows[53][2] == "站长注意" and rows[54][1] == "网站名称含有论坛字样\ufffd请修改"
        assert any("4 line(s) of this UTF-8 file hold GB18030 text" in n for n in table.notes), table.notes


def test_joined_utf16_files_lose_the_second_byte_order_mark_in_any_block(tmp_path, monkeypatch):
    """cat a.csv b.csv of two UTF-16 exports left b's byte-order mark in the first cell of its
    first row (\ufeff2); it is dropped as in UTF-8 files. Blocks of an odd number of bytes cut
    characters in two, and 上 (0A 4E) holds a byte that is a line feed in ASCII."""
    from classifier import io as cio
    monkeypatch.setattr(cio._DecodedReader, "_CHUNK", 7)
    p = tmp_path / "joined.csv"
    p.write_bytes("订单号,驳回原因\r\n1,域名未实名\r\n".encode("utf-16")
                  + "2,网站名称含有上海\r\n3,上上\r\n".encode("utf-16"))
    _, rows = _read_all(str(p))
    assert rows == [["1", "域名未实名"], ["2", "网站名称含有上海"], ["3", "上上"]]


def test_a_pasted_gb18030_row_that_is_no_utf8_at_all_is_counted_in_the_note(tmp_path):
    """A pasted GB18030 row whose bytes are no UTF-8 (核验单未签字) was read right but not counted:
    the note said nothing; a stray byte (\xa0) is still no pasted row."""
    p = tmp_path / "mix.csv"
    p.write_bytes("订单号,驳回原因\n".encode() + "".join(f"{i},网站名称含论坛\n" for i in range(50)).encode()
                  + "900,核验单未签字，请重新上传\n".encode("gb18030") + "901,名称不合格 ".encode() + b"\xa0"
                  + "请修改\n".encode())
    table, rows = _read_all(str(p))
    assert rows[-2:] == [["900", "核验单未签字，请重新上传"], ["901", "名称不合格 \ufffd请修改"]]
    assert any(n.startswith("1 line(s) of this UTF-8 file hold GB18030 text") for n in table.notes), table.notes


def test_a_stray_byte_before_ascii_punctuation_does_not_garble_the_utf8_after_it(tmp_path):
    """A byte that is no UTF-8 before ASCII (\\xb7 then [) makes a valid GB18030 pair with it,
    and GB18030 went on through the UTF-8 after it (…不合格 \\xb7[驳回] read 穂椹冲洖]): the byte
    alone becomes U+FFFD; a real GB18030 cell whose character has an ASCII second byte (網 BE 57)
    is still read as GB18030."""
    p = tmp_path / "stray.csv"
    p.write_bytes("订单号,驳回原因\n1,网站名称不合格 ".encode() + b"\xb7" + "[驳回]请修改\n2,".encode()
                  + "網站名称含有论坛".encode("gb18030") + "\n3,域名未实名\n".encode())
    _, rows = _read_all(str(p))
    assert rows == [["1", "网站名称不合格 \ufffd[驳回]请修改"], ["2", "網站名称含有论坛"], ["3", "域名未实名"]]

def test_utf8_rows_appended_to_a_gb18030_export_read_right_with_a_note(tmp_path, monkeypatch):
    """GB18030 decodes any bytes, so UTF-8 rows in a GB18030 file would silently become other
    characters; they are read as UTF-8, in any block, and the table says how many."""
    from classifier import io as cio
    monkeypatch.setattr(cio._GB18030Reader, "_CHUNK", 64)  # many blocks, lines cut across them
    gb = [f"{i},网站名称含论坛，请修改" for i in range(30)] + ["30,一一一", "31,域名一直未实名"]  # 一 is valid UTF-8
    utf8 = [f"{i},负责人手机号为空号" for i in range(32, 40)]
    p = tmp_path / "appended.csv"
    p.write_bytes(("id,驳回原因\n" + "\n".join(gb) + "\n").encode("gb18030")
                  + ("\n".join(utf8) + "\r\n").encode() + "40,证件模糊\n".encode("gb18030"))
    table = read_table(str(p))
    try:
        assert table.encoding == "gb18030"
        rows = list(table.rows)
    finally:
        table.close()
    assert rows == [line.split(",") for line in gb + utf8 + ["40,证件模糊"]]
    assert any("8 line(s)" in n and "UTF-8" in n for n in table.notes), table.notes
    # A plain GB18030 file gets no note; --encoding is taken as given.
    plain = tmp_path / "plain.csv"
    plain.write_bytes(("id,驳回原因\n" + "\n".join(gb) + "\n").encode("gb18030"))
    table, rows = _read_all(str(plain))
    assert rows == [line.split(",") for line in gb] and not table.notes
    forced = read_table(str(p), encoding="gb18030")
    try:
        assert [r[1] for r in forced.rows][32] != "负责人手机号为空号"
    finally:
        forced.close()


def test_merged_cells_give_their_value_to_every_row_they_cover(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["省份", "驳回原因", "审核人", "订单号"])
    for i, (prov, text) in enumerate([("广东", "网站名称含论坛"), ("", "手机号非本省"), ("", "核验单未签字"),
                                      ("浙江", "域名未实名"), ("", "证件模糊")]):
        ws.append([prov, text, "张三" if i == 0 else None, f"{i:03d}"])
    ws.merge_cells("A2:A4")
    ws.merge_cells("A5:A6")
    ws.merge_cells("C2:C3")
    wb.save(tmp_path / "m.xlsx")
    table, rows = _read_all(str(tmp_path / "m.xlsx"))
    assert [r[0] for r in rows] == ["广东", "广东", "广东", "浙江", "浙江"]
    assert [r[2] for r in rows] == ["张三", "张三", "", "", ""] and [r[3] for r in rows][-1] == "004"


def test_formulas_without_saved_values_give_their_text_and_a_note(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["订单号", "驳回原因", "次数"])
    ws.append(["001", "网站名称含论坛", "=1+1"])  # openpyxl saves formulas without values
    ws.append(["002", "手机号非本省\n第二行,带逗号", 3])  # multi-line cell: not a stray quote in xlsx
    wb.save(tmp_path / "f.xlsx")
    table, rows = _read_all(str(tmp_path / "f.xlsx"))
    assert rows == [["001", "网站名称含论坛", "=1+1"], ["002", "手机号非本省\n第二行,带逗号", "3"]]
    assert len(table.notes) == 1 and "row 2, column 3" in table.notes[0]
    for i in range(30):  # a formula in every row: the first 20 notes, and one saying more were left out
        ws.append([f"1{i:02d}", "网站名称含论坛", f"=ROW()-{i}"])
    wb.save(tmp_path / "f.xlsx")
    table, rows = _read_all(str(tmp_path / "f.xlsx"))
    assert len(rows) == 32 and len(table.notes) == 21 and "left out: the first 20" in table.notes[-1]


def test_jsonl_nested_thousands_deep_is_a_row_not_a_traceback(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text("[" * 5000 + "]" * 5000 + '\n{"驳回原因": "网站名称含论坛"}\n', encoding="utf-8")
    table, rows = _read_all(str(p))
    assert len(rows) == 2 and rows[1][table.header.index("驳回原因")] == "网站名称含论坛"


def test_a_title_merged_across_the_columns_is_no_header(tmp_path):
    """A title merged over the columns (every cell the same value, as a workbook's merged cell
    or a CSV export repeats it) is skipped like a one-cell title."""
    from classifier.io import header_index
    title = "ICP备案驳回记录（2024年11月）"
    header = ["订单号", "手机号", "时间", "驳回原因"]
    assert header_index([[title] * 4, header, ["A1", "138", "t", "核验单未签字"]]) == 1
    assert header_index([[title, "", "", ""], ["订单号", "手机号", "时间", "驳回原因"]]) == 1
    p = tmp_path / "t.csv"
    p.write_text(f"{title},{title}\n订单号,驳回原因\nA1,核验单未签字\n", encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["订单号", "驳回原因"] and list(t.rows) == [["A1", "核验单未签字"]]


def test_two_reason_columns_stop_but_a_reason_beside_a_note_does_not(tmp_path):
    from classifier.io import find_text_column

    def table(text: str):
        p = tmp_path / "x.csv"
        p.write_text(text, encoding="utf-8")
        t = read_table(str(p))
        t.close()
        return t
    codes = table("订单号,驳回原因,审核意见\n" + "".join(f"A{i},其他,核验单未签字请负责人签字{i}\n" for i in range(8)))
    with pytest.raises(InputError, match="several columns.*e.g. '其他'"):
        find_text_column(codes.header, sample=codes.sample)
    both = table("订单号,驳回原因,审核意见\n" + "".join(f"A{i},名称含有论坛{i},幕布照片不合格{i}\n" for i in range(8)))
    with pytest.raises(InputError, match="several columns"):
        find_text_column(both.header, sample=both.sample)
    note = table("订单号,驳回原因,备注\n" + "".join(f"A{i},网站名称含有论坛字样{i},已电话通知客户\n" for i in range(8)))
    assert find_text_column(note.header, sample=note.sample) == 1


def test_a_quote_never_closed_before_the_last_line_break_adds_no_row(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text('订单号,驳回原因,时间\nA1,"网站名称含有论坛字样,t1\nA2,核验单未签字,t2\n', encoding="utf-8")
    rows = list(read_table(str(p)).rows)
    assert [r[0] for r in rows] == ['A1', 'A2'] and rows[1] == ["A2", "核验单未签字", "t2"]


def test_keep_apart():
    from classifier.io import keep_apart
    assert keep_apart(["id", "Label", "x"], ["label", "status"]) == ["id", "Label (input)", "x"]
    assert keep_apart(["status"], ["status", "status (input)"]) == ["status (input) (input)"]


def test_a_notes_sheet_of_prose_beside_the_log_is_passed_over(tmp_path):
    """A notes page of Chinese lines (one column) beside the log (a table) is no candidate."""
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为2024年11月驳回记录导出"])
    wb.active.append(["导出人：张三"])
    log = wb.create_sheet("驳回记录")
    log.append(["订单号", "驳回原因"])
    for i in range(5):
        log.append([f"A{i}", f"网站名称含有论坛字样{i}"])
    wb.create_sheet("空表")
    wb.save(tmp_path / "n.xlsx")
    t = read_table(str(tmp_path / "n.xlsx"))
    assert t.sheet == "驳回记录" and len(list(t.rows)) == 5


def test_a_file_without_a_header_row_keeps_its_first_row(tmp_path):
    """A first row that is a message, or values shaped like the row below (ICP0000, a date),
    is data: the columns get names and the row is read; --header-row 0 says it outright, and
    a real header is still found."""
    from classifier.io import reads_as_data
    p = tmp_path / "n.csv"
    p.write_text("ICP0000,网站名称含有“论坛”字样，请修改,2024-11-01 10:00\nICP0001,核验单未签字,2024-11-02 10:00\n",
                 encoding="utf-8")
    t = read_table(str(p))
    assert t.headless and t.header == ["column_1", "column_2", "column_3"]
    assert [r[0] for r in t.rows] == ["ICP0000", "ICP0001"] and "reads as data" in t.notes[0]
    one = tmp_path / "one.csv"
    one.write_text("网站名称含有“论坛”字样，请修改\n核验单未签字\n", encoding="utf-8")
    assert [r[0] for r in read_table(str(one)).rows][0].startswith("网站名称")
    plain = tmp_path / "h.csv"
    plain.write_text("订单号,驳回原因,时间\nICP0000,核验单未签字,2024-11-01\n", encoding="utf-8")
    t = read_table(str(plain))
    t.close()
    assert not t.headless and t.header == ["订单号", "驳回原因", "时间"]
    t = read_table(str(plain), header_row=0)
    assert t.headless and len(list(t.rows)) == 2
    assert not reads_as_data(["订单号", "驳回原因（必填）", "提交时间"], [["A1", "核验单未签字", "2024-11-01"]])


def test_a_header_of_two_columns_over_wider_data_rows_stays_the_header(tmp_path):
    """Data rows with more fields than the header (id,驳回原因 over 001,…,a,b,c,d) do not make the
    first data row the header: the extra fields get column names and every row is read."""
    p = tmp_path / "w.csv"
    p.write_text("id,驳回原因\n001,网站名称含有论坛字样,a,b,c,d\n002,审核通过,a,b,c,d\n003,手机号非本省\n",
                 encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["id", "驳回原因", "column_3", "column_4", "column_5", "column_6"]
    assert [r[0] for r in t.rows] == ["001", "002", "003"]
    # a header of one column over rows with more fields
    one = tmp_path / "one.csv"
    one.write_text("驳回原因\n网站名称含有论坛字样,extra1,extra2\n负责人手机号非本省号段\n", encoding="utf-8")
    t = read_table(str(one))
    assert t.header == ["驳回原因", "column_2", "column_3"] and [r[0] for r in t.rows][0] == "网站名称含有论坛字样"
    # a title line of one cell above the header is still skipped, a header wider than its title kept
    q = tmp_path / "t.csv"
    q.write_text("2024年11月驳回记录\n订单号,驳回原因,时间\nICP0000,核验单未签字,2024-11-01\n", encoding="utf-8")
    t = read_table(str(q))
    assert t.header == ["订单号", "驳回原因", "时间"] and [r[0] for r in t.rows] == ["ICP0000"]
    r = tmp_path / "r.csv"
    r.write_text("审核结果\n订单号,驳回原因,时间\nICP0000,核验单未签字,2024-11-01\n", encoding="utf-8")
    t = read_table(str(r))
    t.close()
    assert t.header == ["订单号", "驳回原因", "时间"]


@pytest.mark.parametrize("first, header", [
    ("驳回原因", True), ("审核结果", True), ("问题描述（必填）", True), ("Rejection reason", True), ("text", True),
    ("labels", True), ("reject_reason", True),
    ("网站名称含有论坛字样", False), ("审核通过", False), ("管局驳回", False), ("信息填写有误", False),
    ("Review passed", False), ("原因：网站名称不合格", False),
])
def test_the_first_row_of_a_one_column_file_is_a_header_only_when_it_names_the_column(tmp_path, first, header):
    p = tmp_path / "one.csv"
    p.write_text(f"{first}\n核验单未签字\n手机号非本省\n", encoding="utf-8")
    t = read_table(str(p))
    rows = [r[0] for r in t.rows]
    assert t.headless is not header
    assert rows == (["核验单未签字", "手机号非本省"] if header else [first, "核验单未签字", "手机号非本省"])


@pytest.mark.parametrize("value, shown", [(3.0, "3"), (1e20, "100000000000000000000"), (2.0**53, "9007199254740992"),
                                          (123456789012345678901234.0, "123456789012345690000000"),
                                          (110105199001011200.0, "110105199001011200"), (5.5, "5.5")])
def test_a_whole_number_cell_is_written_without_an_exponent_however_large(value, shown):
    """1.234567890123457e+23 had been written so (only below 1e21 were digits given): the digits
    the number was stored with, as a spreadsheet shows them formatted as a number."""
    from classifier.io import _cell
    assert _cell(value) == shown


def test_xlsx_numbers_in_a_zero_padded_format_keep_their_zeros(tmp_path):
    """An order number 123 shown as 00123 (format 00000) is read as shown; other formats (a
    percentage, thousands separators) give the stored value."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["订单号", "比例", "驳回原因"])
    ws.append([123, 0.5, "网站名称含有论坛字样"])
    ws.append([45, 3, "审核通过"])
    ws.append([-5, 1, "核验单未签字"])
    for row in (2, 3, 4):
        ws.cell(row, 1).number_format = "00000" if row < 4 else "00000;-00000"
        ws.cell(row, 2).number_format = "0%"
    wb.save(tmp_path / "f.xlsx")
    assert list(read_table(str(tmp_path / "f.xlsx")).rows) == [["00123", "0.5", "网站名称含有论坛字样"],
                                                               ["00045", "3", "审核通过"],
                                                               ["-00005", "1", "核验单未签字"]]


@pytest.mark.parametrize("name, content", [
    ("j.jsonl", '{"id": "007", "msg": "网站名称含有论坛字样"}\n'
                '{"id": "008", "msg": "幕布照片不合格"}\n'),
    ("k.jsonl", '{"id": "007", "description": "网站名称含有论坛字样", "ts": "2024-01-01"}\n'),
    ("en.csv", "id,Rejection reason\n1,Website name contains a forbidden word\n"
               "2,Domain owner mismatch with the filing\n"),
    ("en2.csv", "id,Reason,Comment\n1,Website name contains a forbidden word,ok\n2,Domain owner does not match,ok\n"),
])
def test_the_message_column_is_found_by_its_content_in_jsonl_and_english_exports(tmp_path, name, content):
    """JSONL had no sample to read (a key such as msg was refused where a CSV column of that name
    was found), and English messages counted as "0% prose"."""
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    table = read_table(str(p))
    try:
        col = find_text_column(table.header, sample=table.sample)
    finally:
        table.close()
    assert table.header[col] in ("msg", "description", "Rejection reason", "Reason")


def test_the_text_column_is_named_or_numbered_from_one():
    from classifier.io import InputError, find_text_column
    header = ["id", " 驳回原因 ", "1"]
    assert find_text_column(header, "驳回原因") == 1  # spaces around a header aside
    assert find_text_column(header, "ID") == 0
    assert find_text_column(header, "2") == 1  # the second column
    assert find_text_column(header, "1") == 2  # a column of that name before a number
    with pytest.raises(InputError, match="from 1 to 3"):
        find_text_column(header, "4")
    with pytest.raises(InputError):
        find_text_column(header, "0")
    # a name two columns carry asks for the number (the first had been taken, silently)
    with pytest.raises(InputError, match=r"names 2 columns \(numbers 1, 3\); give the number"):
        find_text_column(["驳回原因", "订单号", "驳回原因 "], "驳回原因")
    assert find_text_column(["驳回原因", "订单号", "驳回原因"], "3") == 2


def test_a_workbook_under_another_name_is_read_as_one_or_named(tmp_path):
    """An .xlsx saved as .csv is read as a workbook, with a note; an old .xls under any name is
    refused with what to do, not read as garbled text."""
    import openpyxl

    from classifier.io import InputError
    wb = openpyxl.Workbook()
    wb.active.append(["订单号", "驳回原因"])
    wb.active.append(["A1", "网站名称含有论坛字样"])
    wb.save(tmp_path / "log.csv")
    t = read_table(str(tmp_path / "log.csv"))
    assert list(t.rows) == [["A1", "网站名称含有论坛字样"]] and "read as .xlsx" in t.notes[0]
    (tmp_path / "old.csv").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(InputError, match="Excel workbook"):
        read_table(str(tmp_path / "old.csv"))


def test_a_txt_of_tab_separated_columns_is_read_as_a_table(tmp_path):
    """Excel's "Unicode Text" (UTF-16, tab-separated, .txt) is a table; a .txt of messages, one
    with a tab in it, stays one message per line."""
    p = tmp_path / "u.txt"
    p.write_text("订单号\t驳回原因\r\n00123\t网站名称含有论坛字样\r\n00124\t审核通过\r\n", encoding="utf-16")
    t = read_table(str(p))
    assert t.header == ["订单号", "驳回原因"]
    assert list(t.rows) == [["00123", "网站名称含有论坛字样"], ["00124", "审核通过"]]
    assert "tab-separated" in t.notes[0]
    cell = tmp_path / "c.txt"  # Excel quotes a cell with a line break
    cell.write_text('订单号\t驳回原因\r\nA1\t"1.名称含论坛\n2.手机号非本省"\r\nA2\t核验单未签字\r\nA3\t审核通过\r\n',
                    encoding="utf-16")
    assert [r[1] for r in read_table(str(cell)).rows] == ["1.名称含论坛\n2.手机号非本省", "核验单未签字", "审核通过"]
    q = tmp_path / "m.txt"
    q.write_text("网站名称含有论坛字样\n核验单\t未签字\n审核通过\n", encoding="utf-8")
    assert [r[0] for r in read_table(str(q)).rows] == ["网站名称含有论坛字样", "核验单\t未签字", "审核通过"]


def test_edge_files_are_described_as_they_are_read(tmp_path):
    """A .txt whose first line names the column keeps it as the header; a file of blank lines
    has the column its note names; a headerless one-column workbook gets the note a CSV gets."""
    import openpyxl
    p = tmp_path / "t.txt"
    p.write_text("\n驳回原因\n网站名称含有论坛字样\n审核通过\n", encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["驳回原因"] and list(t.rows) == [["网站名称含有论坛字样"], ["审核通过"]]
    blank = tmp_path / "b.csv"
    blank.write_text("\n\n\n", encoding="utf-8")
    t = read_table(str(blank))
    assert t.header == ["column_1"] and len(list(t.rows)) == 3
    wb = openpyxl.Workbook()
    for text in ("网站名称含有论坛字样", "审核通过"):
        wb.active.append([text])
    wb.save(tmp_path / "n.xlsx")
    t = read_table(str(tmp_path / "n.xlsx"))
    assert t.headless and any("reads as data" in n for n in t.notes) and len(list(t.rows)) == 2


@pytest.mark.parametrize("encoding", ["idna", "punycode", "undefined", "rot13", "hex", "no-such-codec"])
def test_an_encoding_that_reads_no_text_file_is_refused(tmp_path, encoding):
    from classifier.io import InputError
    p = tmp_path / "a.csv"
    p.write_text("驳回原因\n核验单未签字\n", encoding="utf-8")
    with pytest.raises(InputError, match="encoding"):
        read_table(str(p), encoding=encoding)


def test_a_utf32_file_with_its_byte_order_mark_is_read_as_utf32(tmp_path):
    p = tmp_path / "u.csv"
    p.write_bytes("驳回原因\n网站名称含论坛\n".encode("utf-32"))
    t = read_table(str(p))
    assert t.encoding == "utf-32" and t.header == ["驳回原因"] and list(t.rows) == [["网站名称含论坛"]]


def test_utf16_given_for_a_file_without_a_byte_order_mark_is_read(tmp_path):
    p = tmp_path / "u.txt"
    p.write_bytes("驳回原因\t订单号\r\n核验单未签字\tA1\r\n网站名称含论坛\tA2\r\n审核通过\tA3\r\n".encode("utf-16-le"))
    assert [r[0] for r in read_table(str(p), encoding="utf-16").rows] == ["核验单未签字", "网站名称含论坛", "审核通过"]


def test_an_input_that_cannot_be_named_is_an_input_error(tmp_path):
    from classifier.io import InputError
    loop_a, loop_b = tmp_path / "loop_a.csv", tmp_path / "loop_b.csv"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    for path in (loop_a, tmp_path / ("x" * 300 + ".csv")):
        with pytest.raises(InputError, match="cannot read"):
            read_table(str(path))


def test_a_sheet_named_for_text_input_is_refused(tmp_path):
    from classifier.io import InputError
    p = tmp_path / "a.csv"
    p.write_text("驳回原因\n核验单未签字\n", encoding="utf-8")
    with pytest.raises(InputError, match="sheets are for .xlsx"):
        read_table(str(p), sheet="Sheet1")


def test_a_csv_without_commas_is_read_by_its_semicolons_or_tabs(tmp_path):
    from classifier.io import sniff_delimiter
    p = tmp_path / "s.csv"
    p.write_text("订单号;驳回原因;时间\nICP0000;网站名称含有“论坛”字样，请修改;2024-11-01\n", encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["订单号", "驳回原因", "时间"] and list(t.rows)[0][1].startswith("网站名称")
    assert "semicolon" in t.notes[0]
    q = tmp_path / "t.csv"
    q.write_text('订单号\t驳回原因\nA1\t网站名称含有"博客"字样\n', encoding="utf-8")
    assert list(read_table(str(q)).rows) == [["A1", '网站名称含有"博客"字样']]
    m = tmp_path / "m.csv"  # a tab-separated .csv is still quoted as CSV: a cell may hold a line break
    m.write_text('订单号\t驳回原因\nA1\t"网站名称含论坛\n请修改"\nA2\t审核通过\n', encoding="utf-8")
    assert list(read_table(str(m)).rows) == [["A1", "网站名称含论坛\n请修改"], ["A2", "审核通过"]]
    assert sniff_delimiter(["驳回原因\n", "修改项：名称; 修改建议：去掉商城\n"]) == ","  # a semicolon in a message
    # one row under a header with no comma: its semicolons, as the header's (a comma before)
    assert sniff_delimiter(["a;b\n", "c,d;e\n"]) == ";"
    one = tmp_path / "one.csv"
    one.write_text("订单号;驳回原因\nA1;网站名称含有论坛字样，请修改, 谢谢\n", encoding="utf-8")
    assert list(read_table(str(one)).rows) == [["A1", "网站名称含有论坛字样，请修改, 谢谢"]]
    assert sniff_delimiter(["a,b\n", "c;d,e\n"]) == ","
    # a comma inside a message of a semicolon file whose rows repeat the header's semicolons
    assert sniff_delimiter(["id;驳回原因;备注\n", "001;请修改, 谢谢;x\n", "002;审核通过;y\n"]) == ";"
    assert sniff_delimiter(["id;驳回原因;备注\n", "1;改名, 谢谢;x\n", "2;补证, 谢谢;y\n", "3;审核通过;z\n"]) == ";"
    # a comma inside a quoted header cell of a semicolon file
    assert sniff_delimiter(['"id";"原因,说明"\n', '1;"名称含论坛"\n', '2;"审核通过"\n']) == ";"
    # a database dump split by pipes, its rows as wide as the header; a pipe inside messages is no delimiter
    pipe = tmp_path / "pipe.csv"
    pipe.write_text("订单号|驳回原因|备注\n1|网站名称含有论坛字样|a\n2|负责人电话空号|b\n", encoding="utf-8")
    t = read_table(str(pipe))
    assert t.header == ["订单号", "驳回原因", "备注"]
    assert [r[1] for r in t.rows] == ["网站名称含有论坛字样", "负责人电话空号"]
    assert "pipe-separated" in t.notes[0]
    assert sniff_delimiter(["驳回原因\n", "网站名称|含有论坛\n", "负责人电话空号\n"]) == ","


def test_a_first_quoted_cell_longer_than_the_sniffed_lines_keeps_the_delimiter(tmp_path):
    from classifier.io import sniff_head
    long = "\n".join(f"第{i}行, 见附件" for i in range(80))  # ASCII commas on every line
    for sep, ext in ((";", "csv"), ("\t", "csv"), ("\t", "txt")):
        p = tmp_path / f"long{ext}{ord(sep)}.{ext}"
        p.write_text(f'订单号{sep}驳回原因{sep}备注\nA1{sep}"{long}"{sep}x\nA2{sep}审核通过{sep}y\n', encoding="utf-8")
        t = read_table(str(p))
        assert t.header == ["订单号", "驳回原因", "备注"], (sep, ext)
        assert list(t.rows) == [["A1", long, "x"], ["A2", "审核通过", "y"]], (sep, ext)
    # a stray quote reads at most 5,000 lines ahead; else the lines of 50 records
    stray = iter(['a;"b\n'] + ["c;d\n"] * 9_000)
    assert len(sniff_head(stray)) == 5_000 and next(stray) == "c;d\n"
    assert len(sniff_head(iter(['a;"b\n', 'c"\n'] + ["e;f\n"] * 100))) == 51  # 50 records


def test_an_encoding_given_that_the_file_does_not_read_in_is_noted(tmp_path):
    p = tmp_path / "g.csv"
    p.write_bytes("订单号,驳回原因\nA1,审核时间已过，请重新提交\n".encode("gb18030"))
    t, right = read_table(str(p), encoding="utf-8"), read_table(str(p), encoding="gb18030")
    t.close()
    right.close()
    assert any("reads as gb18030" in n for n in t.notes) and not right.notes


def test_a_column_of_names_beside_the_reason_is_no_rival_and_a_bracketed_header_is_a_header(tmp_path):
    from classifier.io import find_text_column, reads_as_data
    p = tmp_path / "r.csv"
    p.write_text("订单号,驳回原因,驳回人\n" + "".join(f"A{i},网站名称含有论坛字样{i},张三\n" for i in range(8)),
                 encoding="utf-8")
    t = read_table(str(p))
    t.close()
    assert find_text_column(t.header, sample=t.sample) == 1
    assert not reads_as_data(["订单号", "驳回原因（如有多条，请分行）"], [["A1", "核验单未签字"]])
    assert reads_as_data(["A0", "驳回原因：网站名称含有论坛字样，请修改"], [])


def test_a_column_named_like_a_message_column_is_read_when_no_column_holds_prose(tmp_path):
    """驳回原因 of mostly empty, garbled or code cells is still the message column by its name;
    with no such name the user is asked."""
    from classifier.io import find_text_column
    p = tmp_path / "b.csv"
    p.write_text("订单号,驳回原因,时间\n" + "".join(f"B{i},{'' if i % 3 else 'x'},t{i}\n" for i in range(9))
                 + "B9,核验单未签字,t9\n", encoding="utf-8")
    t = read_table(str(p))
    t.close()
    assert find_text_column(t.header, sample=t.sample) == 1
    q = tmp_path / "c.csv"
    q.write_text("订单号,值,时间\n" + "".join(f"B{i},x,t{i}\n" for i in range(9)), encoding="utf-8")
    t = read_table(str(q))
    t.close()
    with pytest.raises(InputError, match="cannot tell"):
        find_text_column(t.header, sample=t.sample)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_stray_quote_in_a_semicolon_or_tab_file_is_undone_as_in_a_comma_file(tmp_path, delimiter):
    lines = [delimiter.join(["订单号", "驳回原因", "提交时间"])]
    for i in range(1, 41):
        msg = '"门户网站名称不合规' if i == 11 else '"博客"字样不允许' if i == 30 else "网站名称含有论坛字样"
        lines.append(delimiter.join([f"A{i:04d}", msg, f"2024-01-{i % 28 + 1:02d}"]))
    p = tmp_path / "a.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_table(str(p))
    rows = list(t.rows)
    assert [r[0] for r in rows] == [f"A{i:04d}" for i in range(1, 41)]
    assert rows[10][1] == '"门户网站名称不合规' and any("unbalanced quote" in n for n in t.notes)


def test_a_stray_quote_is_undone_when_the_first_column_holds_names(tmp_path):
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜谢邹喻柏水窦章云"
    names = [s + "某" * (1 + i % 2) for i, s in enumerate(surnames)]
    stray, plain = '"门户网站名称不合规', "网站名称含有论坛字样"
    lines = ["负责人,驳回原因,提交时间"] + [f"{names[i]},{stray if i == 9 else plain},2024-01-01" for i in range(40)]
    p = tmp_path / "a.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = list(read_table(str(p)).rows)
    assert len(rows) == 40 and rows[9][1] == '"门户网站名称不合规' and rows[10] == [names[10], plain, "2024-01-01"]


def test_quotes_inside_a_cell_of_one_line_stay_text_and_quoted_cells_are_read_as_csv(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text('订单号\t驳回原因\t时间\nA1\t"论坛"字样不允许出现在网站名称中\t2024\nA2\t"含\t制表符"\t2024\n'
                 'A3\t网站名称含"博客"\t2024\n', encoding="utf-8")
    rows = list(read_table(str(p)).rows)
    assert [r[1] for r in rows] == ['"论坛"字样不允许出现在网站名称中', "含\t制表符", '网站名称含"博客"']
    c = tmp_path / "a.csv"
    c.write_text('id,msg\n1,"论坛"字样不允许\n2,"含,逗号"\n', encoding="utf-8")
    assert [r[1] for r in read_table(str(c)).rows] == ['"论坛"字样不允许', "含,逗号"]


def test_a_txt_tab_table_with_a_stray_quote_near_the_top_is_still_a_table(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text('订单号\t驳回原因\t时间\nA1\t"门户网站名称不合规\t2024\nA2\t网站名称含有论坛字样\t2024\n'
                 'A3\t负责人手机号非本省号段\t2024\nA4\t域名未实名\t2024\n', encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["订单号", "驳回原因", "时间"]
    assert [r[0] for r in t.rows] == ["A1", "A2", "A3", "A4"]


def test_rows_skipped_as_titles_are_kept_when_they_hold_a_message(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(",网站名称含有“论坛”字样，请修改后重新提交。,,\nA2,负责人手机号非本省号段，请更换,2024-01-02,张三\n"
                 "A3,网站名称含有博客字样，请修改,2024-01-03,李四\n", encoding="utf-8")
    t = read_table(str(p))
    rows = list(t.rows)
    assert t.headless and [r[0] for r in rows] == ["", "A2", "A3"] and "论坛" in rows[0][1]
    p.write_text("负责人,驳回原因,,,\n张三,网站名称含有论坛字样,甲,乙,丙\n李四,负责人电话错误,甲,乙,丙\n",
                 encoding="utf-8")
    t = read_table(str(p))
    assert t.header[:2] == ["负责人", "驳回原因"] and [r[0] for r in t.rows] == ["张三", "李四"]


def test_a_wide_row_after_the_sample_is_folded_with_a_note_and_its_message_kept(tmp_path):
    from classifier.io import SAMPLE_ROWS, cell_text
    lines = ["订单号,驳回原因"] + [f"A{i},网站名称含有论坛字样" + (",已电话通知" if i == SAMPLE_ROWS + 20 else "")
                              for i in range(SAMPLE_ROWS + 40)]
    p = tmp_path / "a.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = read_table(str(p))
    rows = list(t.rows)
    wide = rows[SAMPLE_ROWS + 20]
    assert wide[1] == "网站名称含有论坛字样,已电话通知" and cell_text(wide, 1) == "网站名称含有论坛字样"
    assert cell_text(rows[0], 1) == "网站名称含有论坛字样"
    assert any(f"row {SAMPLE_ROWS + 22}" in n for n in t.notes)


def test_a_stray_byte_in_utf8_text_spoils_only_itself_and_gbk_cells_with_ascii_trail_bytes_read(tmp_path):
    p = tmp_path / "a.csv"
    rows = [["A1", "N/A"]] * 3000 + [["B1", "網站名稱不符合規範"], ["B2", "証件過期"]]
    p.write_bytes("id,驳回原因\n".encode() + "".join(f"{a},{b}\n" for a, b in rows).encode("gbk")
                  + "C1,网站名称含有论坛字样".encode() + b"\xa0" + "请修改\n".encode() + b"D1,Ren\xe9e\n")
    t = read_table(str(p))
    out = {r[0]: r[1] for r in t.rows}
    assert t.encoding == "utf-8"
    assert out["B1"] == "網站名稱不符合規範" and out["B2"] == "証件過期"
    assert out["C1"] == "网站名称含有论坛字样\ufffd请修改" and out["D1"] == "Ren\ufffde"


def test_gb18030_rows_after_a_utf8_byte_order_mark_read_right(tmp_path):
    """Excel's "CSV UTF-8" starts with a BOM; GB18030 rows appended to it (or a GB18030 file
    behind a BOM) read as GB18030, as in a UTF-8 file without one, not as U+FFFD."""
    p = tmp_path / "a.csv"
    head = codecs.BOM_UTF8 + "订单号,驳回原因\n".encode()
    p.write_bytes(head + "".join(f"A{i},网站名称不符合要求\n" for i in range(3000)).encode()
                  + "B1,核验照片背景不是纯白色\n".encode("gb18030"))
    t = read_table(str(p))
    out = {r[0]: r[1] for r in t.rows}
    assert t.encoding == "utf-8-sig" and out["B1"] == "核验照片背景不是纯白色"
    p.write_bytes(codecs.BOM_UTF8 + "订单号,驳回原因\nB1,核验照片背景不是纯白色\n".encode("gb18030"))
    t = read_table(str(p))
    assert t.header == ["订单号", "驳回原因"] and list(t.rows) == [["B1", "核验照片背景不是纯白色"]]


def test_one_named_column_whose_messages_hold_commas_reads_one_message_per_line(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text('驳回原因\n网站名称含有论坛字样,请修改\n备案信息有误,负责人手机号为空号\n"已加引号,一条"\n域名未实名\n',
                 encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["驳回原因"] and any("one column" in n for n in t.notes)
    assert [r for r in t.rows] == [["网站名称含有论坛字样,请修改"], ["备案信息有误,负责人手机号为空号"],
                                   ["已加引号,一条"], ["域名未实名"]]


def test_jsonl_output_renaming_a_users_key_keeps_numbers_repeated_keys_and_both_columns(tmp_path):
    from classifier.io import AtomicWriter, keep_apart
    p = tmp_path / "a.jsonl"
    p.write_text('{"id": 1, "v": 1e400, "amount": 1.10, "x": [1.50, {"k": 2}], "x": 3}\n'
                 '{"id": 2, "label": "A", "label (input)": "B"}\n', encoding="utf-8")
    t = read_table(str(p))
    header = keep_apart(t.header, ["label"])
    assert header == ["id", "v", "amount", "x", "label (input) (input)", "label (input)"]
    out = tmp_path / "o.jsonl"
    w = AtomicWriter(str(out), t.header, added=["label"])
    for r in t.rows:
        w.write(r, ("y",))
    w.commit()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"id": 1, "v": 1e400, "amount": 1.10, "x": [1.50, {"k": 2}], "x": 3, "label": "y"}'
    assert json.loads(lines[1]) == {"id": 2, "label (input) (input)": "A", "label (input)": "B", "label": "y"}


def test_jsonl_keys_of_repeated_column_names_never_collide(tmp_path):
    from classifier.io import _unique
    assert _unique(["驳回原因", "驳回原因.1", "驳回原因"]) == ["驳回原因", "驳回原因.1", "驳回原因.2"]
    assert _unique(["a", "a", "a.1", "a"]) == ["a", "a.2", "a.1", "a.3"]


def test_a_chart_sheet_is_refused_with_the_sheets_that_hold_cells(tmp_path):
    import openpyxl
    from openpyxl.chart import BarChart
    wb = openpyxl.Workbook()
    wb.active.title = "数据"
    wb.active.append(["驳回原因"])
    wb.active.append(["网站名称含有论坛字样"])
    wb.create_chartsheet("图表").add_chart(BarChart())
    p = tmp_path / "c.xlsx"
    wb.save(p)
    with pytest.raises(InputError, match="'图表' is a chart.*'数据'"):
        read_table(str(p), sheet="2")
    assert [r for r in read_table(str(p), sheet="数据").rows] == [["网站名称含有论坛字样"]]


def test_a_byte_order_mark_is_no_part_of_a_column_name_when_utf8_is_given(tmp_path):
    p = tmp_path / "b.csv"
    p.write_bytes(b"\xef\xbb\xbf" + "订单号,驳回原因\nA1,网站名称含有论坛字样\n".encode())
    t = read_table(str(p), encoding="utf-8")
    t.close()
    assert t.header == ["订单号", "驳回原因"]


def test_an_xlsm_workbook_is_read_as_xlsx(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["驳回原因"])
    wb.active.append(["网站名称含有论坛字样"])
    p = tmp_path / "m.xlsm"
    wb.save(p)
    assert detect_format(str(p)) == "xlsx" and [r for r in read_table(str(p)).rows] == [["网站名称含有论坛字样"]]


def test_a_one_column_file_says_which_cell_it_took_for_the_column_name(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("网站内容\n网站名称\n负责人信息\n", encoding="utf-8")
    t = read_table(str(p))
    t.close()
    assert t.header == ["网站内容"] and any("('网站内容') was read as the column's name" in n for n in t.notes)
    p.write_text("驳回原因\n网站名称\n", encoding="utf-8")
    t = read_table(str(p))
    t.close()
    assert not t.notes


def test_empty_rows_that_end_a_sheet_are_left_out_with_a_note_and_empty_rows_inside_kept(tmp_path):
    import openpyxl
    from openpyxl.styles import PatternFill
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["驳回原因", "订单号"], ["网站名称含有论坛字样", "A1"], [None, None], ["域名未实名", "A3"]):
        ws.append(row)
    for r in range(5, 500):
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor="FFFF00")
    p = tmp_path / "s.xlsx"
    wb.save(p)
    t = read_table(str(p))
    rows = list(t.rows)
    assert rows == [["网站名称含有论坛字样", "A1"], ["", ""], ["域名未实名", "A3"]]
    assert any("end of the sheet" in n and n.endswith(": 495") for n in t.notes)


@pytest.mark.parametrize("names", [["订单号", "提交时间", "驳回原因", "驳回时间"],
                                   # a column named by a date or a number among them
                                   ["订单号", "2024-01-01", "驳回原因", "审核人"]])
def test_a_row_of_group_names_above_the_column_names_is_a_title(tmp_path, names):
    p = tmp_path / "g.csv"
    p.write_text(f"订单信息,,驳回信息,\n{','.join(names)}\nA0001,2024-01-01,网站名称含有论坛字样，请修改,2024-01-02\n"
                 "A0002,2024-01-01,域名未实名,2024-01-02\n", encoding="utf-8")
    t = read_table(str(p))
    assert t.header == names and [r[0] for r in t.rows] == ["A0001", "A0002"]


def test_group_names_merged_across_their_columns_in_a_workbook_are_a_title(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年ICP备案驳回记录导出"])
    ws.merge_cells("A1:E1")
    ws.append(["订单信息", None, None, "驳回信息", None])
    ws.merge_cells("A2:C2")
    ws.merge_cells("D2:E2")
    ws.append(["订单号", "域名", "主体名称", "驳回原因", "审核时间"])
    for i, m in enumerate(["网站名称不符合要求", "主体负责人手机号码无法接通", "域名持有者与主体名称不一致"]):
        ws.append([f"ICP{i}", f"a{i}.cn", "某公司", m, "2024-01-02"])
    wb.save(tmp_path / "m.xlsx")
    t = read_table(str(tmp_path / "m.xlsx"))
    assert t.header == ["订单号", "域名", "主体名称", "驳回原因", "审核时间"] and t.header_row == 3
    assert [r[0] for r in t.rows] == ["ICP0", "ICP1", "ICP2"]


def test_a_gb18030_jsonl_with_a_utf8_line_gets_its_keys_once(tmp_path):
    lines = [json.dumps({"订单号": f"A{i}", "驳回原因": "网站名称含有论坛字样"}, ensure_ascii=False) + "\n"
             for i in range(3)]
    p = tmp_path / "m.jsonl"
    utf8 = json.dumps({"订单号": "A9", "驳回原因": "负责人手机号为空号"}, ensure_ascii=False) + "\n"
    p.write_bytes("".join(lines).encode("gb18030") + utf8.encode())
    t = read_table(str(p))
    rows = list(t.rows)
    assert t.header == ["订单号", "驳回原因"] and rows[-1] == ["A9", "负责人手机号为空号"]


@pytest.mark.parametrize("name, body, says", [
    ("page.csv", "<html><body><table>\n<tr><td>订单号</td><td>驳回原因</td></tr>\n</table></body></html>\n",
     "holds a web page"),
    ("page.csv", "\ufeff<!DOCTYPE html>\n<table><tr><td>驳回原因</td></tr></table>", "holds a web page"),
    ("book.csv", '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="x">',
     "holds an Excel XML workbook"),
    ("page.xlsx", "<table><tr><td>驳回原因</td></tr></table>", "web page \\(HTML\\) or an XML workbook"),
])
def test_a_console_export_that_is_markup_is_refused_with_what_to_do(tmp_path, name, body, says):
    """Many consoles' "Excel" exports are an HTML table or an XML workbook: read as CSV, the
    markup lines had been classified as messages."""
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=says):
        read_table(str(p))


def test_an_encrypted_workbook_is_named_so(tmp_path):
    p = tmp_path / "enc.xlsx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(InputError, match="password-protected"):
        read_table(str(p))


def test_a_byte_order_mark_that_opens_an_appended_line_is_no_part_of_its_first_cell(tmp_path):
    """Files joined with their own marks (cat a.csv b.csv; UTF-8 rows with a mark appended to a
    GB18030 export): the order number would no longer match in a lookup, unseen."""
    p = tmp_path / "a.csv"
    for head, tail in (("id,驳回原因\r\n1,网站名称含有论坛字样\r\n".encode("gb18030"), "\ufeff4,证件过期\r\n".encode()),
                       ("\ufeffid,驳回原因\r\n1,网站名称含有论坛字样\r\n".encode(), "\ufeff4,证件过期\n".encode())):
        p.write_bytes(head + tail)
        t = read_table(str(p))
        assert t.header == ["id", "驳回原因"] and [r[0] for r in t.rows] == ["1", "4"]


GB, U8 = "gb18030", "utf-8"


@pytest.mark.parametrize("parts, expected, foreign", [
    ([("G1,幕布照有误，执照反光", GB)], "G1,幕布照有误，执照反光", True),  # 幕 D0 BB is Ļ in UTF-8
    ([("G0,一", GB)], "G0,一", True),  # valid UTF-8 as a whole (һ)
    ([("G3,系统通知", GB)], "G3,系统通知", True),
    ([("G4,名称为英文， 通管局不予通过", GB)], "G4,名称为英文， 通管局不予通过", True),  # 通 → ͨ
    ([("M4,", U8), ("一一", GB), (",备注", U8)], "M4,一一,备注", True),  # a GB18030 cell beside a UTF-8 one
    ([("M6,", U8), ("频道", GB), (",备注", U8)], "M6,频道,备注", True),
    ([("C1,网站名称含有论坛", U8), ("\xa0", "latin-1"), ("请修改", U8)], "C1,网站名称含有论坛\ufffd请修改", False),
    ([("K1,웹사이트 이름", U8), ("\xa0", "latin-1"), ("이 잘못", U8)], "K1,웹사이트 이름\ufffd이 잘못", False),
    ([("R1,Привет мир, Renée", U8)], "R1,Привет мир, Renée", False),  # valid UTF-8 of other scripts stays
    ([("D1,Ren\xe9e", "latin-1")], "D1,Ren\ufffde", False),
])
def test_a_utf8_files_line_is_read_as_gb18030_only_where_that_reads_better(parts, expected, foreign):
    from classifier.io import _utf8_or_gb18030
    line = b"".join(text.encode(enc) for text, enc in parts) + b"\n"
    assert _utf8_or_gb18030(line) == (expected + "\n", foreign)


def test_utf8_rows_appended_to_a_cr_only_gb18030_export_read_as_utf8(tmp_path):
    p = tmp_path / "cr.csv"
    gb = [f"{i},网站名称含论坛，请修改" for i in range(40)]
    appended = "U1,核验单未签字，请重新上传\rU2,幕布照有误\r"
    p.write_bytes(("id,驳回原因\r" + "\r".join(gb) + "\r").encode("gb18030") + appended.encode())
    table = read_table(str(p))
    try:
        rows = list(table.rows)
    finally:
        table.close()
    assert rows[-2:] == [["U1", "核验单未签字，请重新上传"], ["U2", "幕布照有误"]] and len(rows) == 42
    assert any("2 line(s) of this GB18030 file are UTF-8" in n for n in table.notes), table.notes


def test_tsv_quoted_as_pandas_writes_it_keeps_its_rows(tmp_path):
    p = tmp_path / "pd.tsv"
    p.write_text('订单号\t驳回原因\n001\t"幕布照片不合格，\n请重新拍摄"\n002\t"网站名称""博客""不允许"\n003\t负责人手机号空号\n',
                 encoding="utf-8")
    t = read_table(str(p))
    assert list(t.rows) == [["001", "幕布照片不合格，\n请重新拍摄"], ["002", '网站名称"博客"不允许'],
                            ["003", "负责人手机号空号"]]
    assert any("quoted cells" in n for n in t.notes)
    # a console's TSV with quotes as text stays as it was written
    p.write_text('订单号\t驳回原因\n001\t"博客"字样不允许\n002\t网站名称"博客"不允许\n', encoding="utf-8")
    assert [r[1] for r in read_table(str(p)).rows] == ['"博客"字样不允许', '网站名称"博客"不允许']


def test_messages_of_a_last_column_cut_at_unquoted_commas_are_joined_back(tmp_path):
    p = tmp_path / "u.csv"
    p.write_text("订单号,驳回原因\nICP001,网站名称含有论坛字样,负责人手机号空号\nICP002,核验单未签字\n"
                 "ICP003,域名持有者不一致,幕布照片不合格,营业执照过期\n", encoding="utf-8")
    t = read_table(str(p))
    assert t.header == ["订单号", "驳回原因"]
    assert list(t.rows) == [["ICP001", "网站名称含有论坛字样,负责人手机号空号"], ["ICP002", "核验单未签字"],
                            ["ICP003", "域名持有者不一致,幕布照片不合格,营业执照过期"]]
    assert any("joined back to their messages" in n and "2 rows" in n for n in t.notes)
    # a last column that names no text keeps its extra fields as columns of their own
    p.write_text("订单号,驳回原因,处理人\nICP001,网站名称含有论坛字样,张三,备注甲\n", encoding="utf-8")
    assert read_table(str(p)).header == ["订单号", "驳回原因", "处理人", "column_4"]


def test_an_explicit_header_row_says_what_it_leaves_out(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text("订单号,域名,驳回原因\n001,a.cn,网站名称含有论坛字样，请修改\n002,b.cn,负责人手机号空号\n",
                 encoding="utf-8")
    t = read_table(str(p), header_row=3)
    assert any("--header-row 3: the 2 rows above it were not written; row 2 reads as a message" in n for n in t.notes)


def test_a_hidden_sheet_passed_over_is_noted(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(["订单号", "驳回原因"])
    ws.append(["1", "网站名称含有论坛字样"])
    hidden = wb.create_sheet("旧数据")
    hidden.append(["订单号", "驳回原因"])
    hidden.append(["9", "核验单未签字"])
    hidden.sheet_state = "hidden"
    wb.save(tmp_path / "h.xlsx")
    t = read_table(str(tmp_path / "h.xlsx"))
    assert [r[1] for r in t.rows] == ["网站名称含有论坛字样"]
    assert "hidden sheets not read: '旧数据' (give --sheet to read one)" in t.notes
