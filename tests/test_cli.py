import csv
import json
import os
import subprocess
import sys

import pytest

from classifier import config
from classifier.cli import run


def test_predict_json(capsys):
    assert run(["predict", "--json", "-k", "3", "网站名称含有论坛字样"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["label"] == "website_name_invalid" and len(d["top"]) == 3


def test_predict_k_shows_that_many_candidates_from_one(capsys):
    assert run(["predict", "-k", "1", "网站名称含有论坛字样"]) == 0
    assert "候选: website_name_invalid" in capsys.readouterr().out
    assert run(["predict", "--json", "-k", "1", "网站名称含有论坛字样"]) == 0
    assert len(json.loads(capsys.readouterr().out)["top"]) == 1
    assert run(["predict", "网站名称含有论坛字样"]) == 0
    assert "候选" not in capsys.readouterr().out


def test_predict_human_output(capsys):
    assert run(["predict", "--explain", "负责人手机号非本省号段"]) == 0
    out = capsys.readouterr().out
    assert "电话号码问题" in out and "处理办法" in out and "依据" in out


def test_batch_exit_codes(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    assert run(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--quiet"]) == 2
    assert "columns are" in capsys.readouterr().err
    assert run(["batch", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert run(["batch", str(src), "-o", str(tmp_path / "o.csv"), "--text-column", "b", "--quiet"]) == 0


def test_bad_model_exit_code(tmp_path, capsys):
    assert run(["predict", "--model", str(tmp_path), "x"]) == 2  # a damaged input, as a damaged log is
    assert "retrain" in capsys.readouterr().err


def test_example_log_runs_as_module(tmp_path):
    out = tmp_path / "o.csv"
    example = config.EXAMPLES_DIR / "rejections_example.csv"
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", str(example),
                        "-o", str(out), "--summary", str(tmp_path / "s.json")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "rows read" in r.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["rows"] == 30


def test_evaluate(tmp_path, capsys):
    err = tmp_path / "errors.csv"
    wild = str(config.PROCESSED_DIR / "wild.csv")
    for other in ("errors.xlsx", "-"):  # the errors are CSV: another name is refused, nothing written
        assert run(["evaluate", "--data", wild, "--errors", str(tmp_path / other)]) == 2
        assert not (tmp_path / other).exists()
    assert run(["evaluate", "--data", str(config.PROCESSED_DIR / "wild.csv"), "--errors", str(err)]) == 0
    assert "macro-F1" in capsys.readouterr().out
    assert err.exists()


def test_evaluate_refuses_one_text_given_two_answers(tmp_path, capsys):
    data = tmp_path / "gold.csv"
    data.write_text("text,label\n网站名称含论坛字样,website_name_invalid\n网站名称含论坛字样。,phone_number_problem\n"
                    "手机空号,phone_number_problem\n", encoding="utf-8")
    assert run(["evaluate", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "1 texts carry conflicting labels" in err and "gold.csv:2" in err and "gold.csv:3" in err


def test_evaluate_reads_a_labelled_export_as_batch_does_and_says_which_column(tmp_path, capsys):
    """Two prose columns: evaluate asks (it had scored the notes); --text-column, --encoding and
    --sheet, which its messages name, exist."""
    two = tmp_path / "two.csv"
    two.write_text("备注,内容,label\n客服已电话通知客户修改并重新提交审核,网站名称含有论坛字样,website_name_invalid\n"
                   "客户说明天会处理完毕后再提交,负责人手机号非本省号段,phone_number_problem\n", encoding="gb18030")
    assert run(["evaluate", "--data", str(two)]) == 2
    assert "--text-column" in capsys.readouterr().err
    assert run(["evaluate", "--data", str(two), "--text-column", "内容", "--encoding", "gb18030"]) == 0
    captured = capsys.readouterr()
    assert "text column '内容'" in captured.err and "exact-set=1.0000" in captured.out
    book = tmp_path / "two.xlsx"
    from openpyxl import Workbook
    wb = Workbook()
    wb.active.title = "notes"
    wb.active.append(["说明"])
    wb.active.append(["这是一份备注"])
    ws = wb.create_sheet("labelled")
    ws.append(["text", "label"])
    ws.append(["网站名称含有论坛字样", "website_name_invalid"])
    wb.save(book)
    assert run(["evaluate", "--data", str(book), "--sheet", "labelled"]) == 0
    assert "n=1" in capsys.readouterr().out


def test_evaluate_says_when_a_file_holds_texts_the_model_was_trained_on(tmp_path, capsys, small_model_dir,
                                                                       small_corpus):
    import csv
    f = tmp_path / "mine.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "label"])
        for ex in small_corpus[:5]:  # trained on
            w.writerow([ex.text, ";".join(ex.labels)])
        w.writerow(["这是一条从未见过的说明文字，与备案无关", "other"])
    assert run(["evaluate", "--data", str(f), "--model", str(small_model_dir)]) == 0
    assert ("5 of 6 texts are texts this model was trained on (after normalising; mine.csv:2, mine.csv:3, "
            "mine.csv:4, mine.csv:5, mine.csv:6)") in capsys.readouterr().err
    (small_model_dir / config.MODEL_SEEN).rename(tmp_path / "seen.npy")  # an older folder: no note
    try:
        assert run(["evaluate", "--data", str(f), "--model", str(small_model_dir)]) == 0
        assert "trained on" not in capsys.readouterr().err
    finally:
        (tmp_path / "seen.npy").rename(small_model_dir / config.MODEL_SEEN)


def test_evaluate_errors_file_runs_no_formula_and_notes_unlabelled_rows(tmp_path, capsys):
    """The --errors CSV opens in Excel: a message that starts like a formula is written with a
    leading ', as batch writes it; rows without a label are left out with a note."""
    data = tmp_path / "d.csv"
    data.write_text('text,label\n"=HYPERLINK(""http://evil.example/"",""网站名称含有论坛字样"")",cross_province\n'
                    "+网站名称含有论坛字样,cross_province\n核验单未签字,\n", encoding="utf-8")
    err = tmp_path / "e.csv"
    assert run(["evaluate", "--data", str(data), "--errors", str(err)]) == 0
    assert "1 row without a label left out (row 4)" in capsys.readouterr().err
    with err.open(encoding="utf-8-sig", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh)]
    assert texts == ["'=HYPERLINK(\"http://evil.example/\",\"网站名称含有论坛字样\")", "'+网站名称含有论坛字样"]


def _big_input(path, rows=1_500_000):
    with open(path, "w", encoding="gb18030", newline="") as fh:
        fh.write("id,驳回原因\n")
        fh.writelines(f"{i},网站名称含有论坛字样，第{i % 5000}条请修改\n" for i in range(rows))


def _interrupt(tmp_path, signum):
    import time
    src = tmp_path / "big.csv"
    _big_input(src)
    out = tmp_path / "out.csv"
    out.write_text("previous output", encoding="utf-8")
    import signal
    # a shell's background job (make test &) ignores SIGINT, and so would its children: the run
    # gets Ctrl-C's default, as in a terminal
    proc = subprocess.Popen([sys.executable, "-m", "classifier", "batch", str(src), "-o", str(out), "--overwrite",
                             "--quiet", "--jobs", "1"], stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".part") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)  # wait until the run is writing its temporary output
    time.sleep(0.5)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "interrupted" in err
    assert out.read_text(encoding="utf-8") == "previous output"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_sigterm_keeps_previous_output(tmp_path):
    import signal
    _interrupt(tmp_path, signal.SIGTERM)


def test_sighup_keeps_previous_output(tmp_path):
    """Closing the terminal (SIGHUP) cleans up like Ctrl-C: no hidden .part file is left."""
    import signal
    _interrupt(tmp_path, signal.SIGHUP)


def test_sigint_keeps_previous_output(tmp_path):
    import signal
    _interrupt(tmp_path, signal.SIGINT)


def test_the_program_ends_after_an_abandoned_pool_even_with_a_thread_left_waiting():
    """A worker terminated while it wrote a result leaves the pool's thread waiting for the rest
    (a tester's batch hung at exit after SIGTERM, 1 run in 4): run as the program, the command
    ends with its status and its output flushed, whatever thread still waits."""
    script = ("import sys, threading\n"
              "import classifier.batch as b, classifier.cli as c\n"
              "threading.Thread(target=threading.Event().wait).start()  # never ends, as that thread\n"
              "b._ABANDONED = True\n"
              "sys.argv = ['icp-classify', 'predict', '--json', '网站名称含有论坛字样']\n"
              "raise SystemExit(c.run())\n")
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.decode("utf-8"))["label"] == "website_name_invalid"


def test_stdin_to_stdout():
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", "-", "-o", "-", "--quiet"],
                       input="驳回原因\n网站名称含有论坛字样\n".encode("gb18030"), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("驳回原因,label") and "website_name_invalid" in lines[1]


@pytest.mark.parametrize("encoding, decode", [("gb18030", "gb18030"), ("utf-16", "utf-16"), ("utf-8-sig", "utf-8")])
def test_stdout_is_written_in_the_output_encoding_asked_for(encoding, decode):
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", "-", "-o", "-", "--quiet",
                        "--output-encoding", encoding],
                       input="驳回原因\n网站名称含有论坛字样\n".encode(), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode(decode).splitlines()
    assert lines[0].startswith("驳回原因,label") and "website_name_invalid" in lines[1]


def test_a_workbook_on_stdin_is_refused_with_what_to_do(tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["驳回原因"])
    wb.save(tmp_path / "w.xlsx")
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", "-", "-o", str(tmp_path / "o.csv")],
                       input=(tmp_path / "w.xlsx").read_bytes(), capture_output=True, timeout=300)
    assert r.returncode == 2 and "Excel workbook" in r.stderr.decode() and not (tmp_path / "o.csv").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["batch", "-", "-o", "-", "--quiet"], ["predict", "网站名称含有论坛字样"]])
def test_a_full_standard_output_is_an_error_not_silence(argv):
    with open("/dev/full", "wb") as full:
        r = subprocess.run([sys.executable, "-m", "classifier", *argv],
                           input="驳回原因\n网站名称含有论坛字样\n".encode(), stdout=full, stderr=subprocess.PIPE,
                           timeout=300)
    assert r.returncode == 1 and b"cannot write to standard output" in r.stderr and b"Traceback" not in r.stderr


def test_closed_standard_streams_give_a_message_not_a_traceback(tmp_path):
    src = tmp_path / "a.csv"
    src.write_text("驳回原因\n网站名称含有论坛字样\n", encoding="utf-8")
    py = f"{sys.executable} -m classifier"
    r = subprocess.run(["sh", "-c", f"{py} predict 网站名称含论坛 >&-"], capture_output=True, timeout=300)
    assert r.returncode == 1 and b"standard output is closed" in r.stderr and b"Traceback" not in r.stderr
    out = tmp_path / "o.csv"
    r = subprocess.run(["sh", "-c", f"{py} batch {src} -o {out} >&- 2>&-"], capture_output=True, timeout=300)
    assert r.returncode == 0 and out.exists()
    r = subprocess.run(["sh", "-c", f"{py} batch {src} -o {out} --overwrite --summary - >&-"], capture_output=True,
                       timeout=300)
    assert r.returncode == 1 and b"standard output is closed" in r.stderr  # the summary would be lost
    r = subprocess.run(["sh", "-c", f"{py} predict <&-"], capture_output=True, timeout=300)
    assert r.returncode == 2 and b"standard input is closed" in r.stderr


def test_a_reader_that_stops_early_ends_the_batch_quietly(tmp_path):
    src = tmp_path / "big.csv"
    src.write_text("驳回原因\n" + "网站名称含有论坛字样\n" * 50_000, encoding="utf-8")
    with subprocess.Popen([sys.executable, "-m", "classifier", "batch", str(src), "-o", "-", "--quiet"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as p:
        assert p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read()
        assert p.wait(timeout=300) == 0 and b"writable" not in err and b"Traceback" not in err


def test_predict_and_batch_commands_do_not_import_sklearn(tmp_path):
    """Only train and evaluate need scikit-learn; predict and batch start without it."""
    import subprocess
    import sys
    src = tmp_path / "in.csv"
    src.write_text("驳回原因\n网站名称含有论坛字样\n", encoding="utf-8")
    code = ("import sys\nfrom classifier.cli import run\n"
            f"assert run(['predict', '手机号非本省号段']) == 0\n"
            f"assert run(['batch', {str(src)!r}, '-o', {str(tmp_path / 'out.csv')!r}, '--quiet']) == 0\n"
            "print('sklearn' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False"


def test_predict_reads_gb18030_stdin_and_argv_and_survives_an_ascii_stdout():
    import os
    text = "网站名称含有论坛字样"
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "--json"], input=(text + "\n").encode("gb18030"),
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.decode("utf-8"))["text"] == text
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", text], capture_output=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    assert b"website_name_invalid" in r.stdout
    r = subprocess.run([sys.executable.encode(), b"-m", b"classifier", b"predict", b"--json", text.encode("gb18030")],
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.decode("utf-8"))["label"] == "website_name_invalid"


def test_predict_gives_undecodable_stdin_the_status_batch_gives_it(tmp_path):
    """Bytes neither UTF-8 nor GB18030 can read: predict on stdin and batch on the same line
    both say decode_error and flag the row."""
    line = "网站名称".encode("gb18030") + b"\xff\xff" + "含论坛".encode("gb18030") + b"\n"
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "--json"], input=line,
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    answer = json.loads(r.stdout.decode("utf-8"))
    src = tmp_path / "in.txt"
    src.write_bytes(line)
    out = tmp_path / "out.csv"
    assert run(["batch", str(src), "-o", str(out), "--quiet"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert answer["status"] == row["status"] == "decode_error"
    assert answer["needs_review"] is True and row["needs_review"] == "true"


def test_predict_reads_utf16_and_short_gb18030_lines_on_stdin_one_answer_a_line():
    """A UTF-16 stream (Notepad's "Unicode") is read whole, not line by line; short GB18030
    lines (无, 网站) read as GB18030, as batch reads them."""
    lines = ["网站名称含有论坛字样", "该手机号已被其他主体使用，请更换", "核验单未签字"]
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "--json"],
                       input="\r\n".join(lines).encode("utf-16") + "\r\n".encode("utf-16-le"),
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    answers = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert [a["text"] for a in answers] == lines and answers[1]["label"] == "mobile_reused"
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "--json"],
                       input="无\n网站\n".encode("gb18030"), capture_output=True, timeout=300)
    answers = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert [a["text"] for a in answers] == ["无", "网站"] and answers[0]["detail"] == "not_a_rejection"


def test_predict_reads_lines_ended_by_a_bare_cr_on_stdin_as_batch_does(tmp_path):
    data = "核验单未签字\r网站名称含有论坛字样\r审核通过\r".encode("gb18030")
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "--json"], input=data,
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    answers = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    src, out = tmp_path / "cr.txt", tmp_path / "out.csv"
    src.write_bytes(data)
    assert run(["batch", str(src), "-o", str(out), "--quiet"]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    assert [a["text"] for a in answers] == [r[0] for r in rows] == ["核验单未签字", "网站名称含有论坛字样", "审核通过"]
    assert [a["label"] for a in answers] == [r[1] for r in rows] == ["other", "website_name_invalid", "other"]


def test_predict_reads_an_argument_with_a_stray_byte_as_utf8_and_refuses_a_dash_beside_texts():
    text = "网站名称含有论坛字样，负责人电话空号"
    for stray in (b"\xff", b"\xfe", b"\x81"):
        r = subprocess.run([sys.executable.encode(), b"-m", b"classifier", b"predict", b"--json",
                            stray + text.encode()], capture_output=True, timeout=300)
        answer = json.loads(r.stdout.decode("utf-8"))
        assert answer["text"].endswith(text) and answer["labels"] == ["website_name_invalid", "phone_number_problem"]
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "核验单未签字", "-"],
                       input="网站名称含有论坛字样\n".encode(), capture_output=True, timeout=300)
    assert r.returncode == 2 and "'-' alone" in r.stderr.decode() and not r.stdout


def test_predict_explains_a_text_whose_status_is_not_ok_and_marks_cut_text(capsys):
    long = "核验单未签字。" + "这是一段很长的附加说明文字。" * 150 + "网站名称含有论坛字样"
    assert run(["predict", "--explain", long]) == 0
    out = capsys.readouterr().out
    assert "状态: truncated" in out and "依据 other" in out
    assert out.splitlines()[0].endswith("…") and next(x for x in out.splitlines() if x.startswith("标出")).endswith("…")


def test_jsonl_with_a_lone_surrogate_loses_no_row(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "reason": "网站名称含论坛"}\n{"id": 2, "reason": "手机号\\ud800非本省号段"}\n'
                   '{"id": 3, "reason": "审核通过"}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(["batch", str(src), "-o", str(out), "--quiet"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["reason"][:2] for r in rows] == ["网站", "手机", "审核"]
    assert rows[1]["status"] == "decode_error"
    # a key an added column uses (status) is renamed, the line rewritten: the surrogate is written
    # as the escape it was, not a crash; nested values keep their numbers in every format
    src.write_text('{"reason": "网站名称含论坛", "status": "已驳回", "meta": {"a": 1, "b": [2.50, true, null]}}\n'
                   '{"reason": "手机号\\ud83d非本省号段", "status": "已驳回"}\n', encoding="utf-8")
    assert run(["batch", str(src), "-o", str(out), "--quiet", "--overwrite"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert '"reason": "手机号\\ud83d非本省号段", "status (input)": "已驳回"' in lines[1]
    assert json.loads(lines[1])["status"] == "decode_error" and '"meta": {"a": 1, "b": [2.50, true, null]}' in lines[0]
    assert run(["batch", str(src), "-o", str(tmp_path / "out.csv"), "--quiet"]) == 0
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.DictReader(fh))["meta"] == '{"a": 1, "b": [2.50, true, null]}'


def test_a_folder_as_input_is_named_as_a_folder(tmp_path, capsys):
    assert run(["batch", str(tmp_path), "-o", str(tmp_path / "o.csv"), "--quiet"]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_jsonl_on_stdin_with_input_format():
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", "-", "-o", "-", "--quiet",
                        "--input-format", "jsonl"],
                       input='{"reason": "网站名称含论坛"}\n'.encode(), capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("reason,label") and "website_name_invalid" in lines[1]


MALFORMED = {
    "binary.csv": bytes(range(256)) * 20,
    "empty.csv": b"",
    "bom_only.csv": b"\xef\xbb\xbf",
    "nul.csv": b"\x00" * 100,
    "quotes.csv": '驳回原因\n"""\n"a""b\n"'.encode(),
    "fake.xlsx": b"PK\x03\x04" + bytes(range(256)) * 8,
    "text.xlsx": "驳回原因\n网站名称\n".encode(),
    "broken.jsonl": b'{"a": 1}\n[1,2]\n"x"\n{bad json\n\xff\xfe\n{}\n' + b"[" * 5000 + b"]" * 5000 + b"\n",
    "utf16.csv": "驳回原因\n网站名称含论坛\n".encode("utf-16"),
    "cr_only.csv": "id,驳回原因\r1,网站名称含论坛\r".encode(),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_inputs_end_in_an_exit_status_not_a_traceback(tmp_path, name, capsys):
    """batch and evaluate over malformed files: exit 0, 1 or 2 with a message, never an exception."""
    src = tmp_path / name
    src.write_bytes(MALFORMED[name])
    assert run(["batch", str(src), "-o", str(tmp_path / "out.csv"), "--quiet"]) in (0, 1, 2)
    assert run(["evaluate", "--data", str(src)]) in (0, 1, 2)
    assert "Traceback" not in capsys.readouterr().err


def test_workers_end_when_the_batch_process_is_killed(tmp_path):
    """SIGKILL (the out-of-memory killer) gives the batch process no chance to clean up: its
    worker processes must still end, and a later run removes the partial file left behind
    once it has not changed for a minute (and only names it before)."""
    import os
    import time
    if not sys.platform.startswith("linux"):
        pytest.skip("worker processes are forked on Linux only")
    src = tmp_path / "distinct.csv"
    with open(src, "w", encoding="utf-8") as fh:
        fh.write("id,驳回原因\n")
        fh.writelines(f"{i},网站名称含有论坛字样，第{i}条请修改\n" for i in range(400_000))
    out = tmp_path / "out.csv"
    proc = subprocess.Popen([sys.executable, "-m", "classifier", "batch", str(src), "-o", str(out), "--quiet",
                             "--jobs", "2"], stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/stat") as fh:
                    if int(fh.read().rsplit(")", 1)[1].split()[1]) == proc.pid:
                        found.append(int(pid))
            except (OSError, IndexError, ValueError):
                continue
        return found
    deadline = time.monotonic() + 120
    while len(workers := children()) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2, "the run did not start its workers"
    proc.kill()
    proc.wait(timeout=30)
    def running(pid: int) -> bool:  # a zombie waiting for its (gone) parent's reaper has ended
        try:
            with open(f"/proc/{pid}/stat") as fh:
                return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    deadline = time.monotonic() + 30
    while any(map(running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if running(w)]
    assert not alive, f"workers {alive} outlived the killed batch process"
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert left, "the killed run left no partial file"
    small = tmp_path / "small.csv"
    small.write_text("驳回原因\n核验单未签字\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", str(small), "-o", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr  # a part changed within the last minute is only named
    assert all(f"{p.name} beside" in r.stderr and p.exists() for p in left)
    old = time.time() - 2 * config.STALE_PART_AFTER
    for p in left:
        os.utime(p, (old, old))
    r = subprocess.run([sys.executable, "-m", "classifier", "batch", str(small), "-o", str(out), "--overwrite"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert all(f"removed {p.name}" in r.stderr and not p.exists() for p in left)


@pytest.mark.parametrize("argv", [["predict", "-k", "0", "网站名称含论坛"], ["predict", "-k", "two", "网站名称含论坛"],
                                  ["batch", "in.csv", "-o", "o.csv", "--jobs", "-1"],
                                  ["batch", "in.csv", "-o", "o.csv", "--header-row", "-2"]])
def test_counts_below_their_minimum_are_usage_errors(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        run(argv)
    assert exc.value.code == 2 and "error: argument" in capsys.readouterr().err


def test_ctrl_c_while_starting_exits_130_without_a_traceback(monkeypatch, capsys):
    """The command line module imports nothing heavy; Ctrl-C while the commands load is a
    clean exit."""
    import classifier.cli as cli

    def interrupted():
        raise KeyboardInterrupt
    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.run(["predict", "x"]) == 130 and "interrupted" in capsys.readouterr().err
    r = subprocess.run([sys.executable, "-c", "import sys, classifier.cli; print('numpy' in sys.modules)"],
                       capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "False"


def test_evaluate_lists_wrong_details_and_gives_no_accuracy_when_every_row_is_flagged(tmp_path, capsys):
    data = tmp_path / "d.csv"
    data.write_text("text,labels,detail\n核验单未签字，请签字后重新上传,other,certificate_expired\n"
                    "网站名称含有论坛字样,website_name_invalid,\n", encoding="utf-8")
    err = tmp_path / "e.csv"
    assert run(["evaluate", "--data", str(data), "--errors", str(err)]) == 0
    rows = list(csv.reader(err.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:5] == ["text", "gold", "predicted", "gold_detail", "predicted_detail"]
    assert [r[3:5] for r in rows[1:]] == [["certificate_expired", "verification_form"]]
    capsys.readouterr()
    flagged = tmp_path / "f.csv"
    flagged.write_text("text,labels\n12345,other\n", encoding="utf-8")
    assert run(["evaluate", "--data", str(flagged), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["review"]["exact_unflagged"] is None
    assert run(["evaluate", "--data", str(flagged)]) == 0
    assert "every row flagged" in capsys.readouterr().out


def test_a_closed_standard_output_never_loses_asked_files_silently(tmp_path, reader_leaves):
    src = tmp_path / "in.csv"
    src.write_text("驳回原因\n" + "".join(f"网站名称含有论坛字样，第{i}条\n" for i in range(60_000)), encoding="utf-8")
    status, err = reader_leaves(["batch", str(src), "-o", "-", "--quiet", "--summary", str(tmp_path / "s.json")],
                                timeout=300)
    assert status == 1 and "not written: --summary" in err
    errors = tmp_path / "e.csv"
    r = subprocess.run(f'"{sys.executable}" -m classifier evaluate --data "{config.PROCESSED_DIR / "wild2.csv"}" '
                       f'--errors "{errors}" | true', shell=True, capture_output=True, timeout=300)
    assert errors.exists(), r.stderr  # written before the report goes to standard output


def test_a_model_path_that_names_no_folder_is_a_usage_error(tmp_path, capsys):
    assert run(["predict", "--model", str(tmp_path / "missing"), "x"]) == 2
    afile = tmp_path / "model.txt"
    afile.write_text("x", encoding="utf-8")
    assert run(["predict", "--model", str(afile), "x"]) == 2
    assert "is a file, not a model folder" in capsys.readouterr().err
    broken = tmp_path / "broken"
    broken.mkdir()
    assert run(["predict", "--model", str(broken), "x"]) == 2  # a folder whose model cannot be loaded


def test_a_model_folder_that_cannot_be_read_is_named_with_the_reason(tmp_path, capsys, monkeypatch):
    import shutil
    copy = tmp_path / "m"
    shutil.copytree(config.default_model_dir(), copy)
    real_open = open

    def refuse(file, *args, **kwargs):
        if str(file).endswith("manifest.json"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)
    monkeypatch.setattr("builtins.open", refuse)
    monkeypatch.setattr("pathlib.Path.read_text", lambda self, *a, **k: refuse(self).read())
    monkeypatch.setenv("ICP_CLASSIFIER_MODEL", str(copy))
    assert run(["predict", "x"]) == 2
    err = capsys.readouterr().err
    assert "manifest.json" in err and "Permission denied" in err and "ICP_CLASSIFIER_MODEL" in err


def test_predict_says_when_a_rule_answered_instead_of_showing_evidence(capsys):
    assert run(["predict", "-k", "3", "--explain", "12345"]) == 0
    out = capsys.readouterr().out
    assert "候选: （无" in out and "依据: （由规则判定" in out


def test_version(capsys):
    from classifier import __version__
    with pytest.raises(SystemExit) as exit_:
        run(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"icp-classify {__version__}"


def _readme_sessions(heading: str) -> list[tuple[str, list[str]]]:
    """The ``$ command`` lines of the README's first text block under ``heading``, each with the
    output lines it shows."""
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split(heading + "\n", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    sessions: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        else:
            sessions[-1][1].append(line)
    return sessions


def _shown_in_order(shown: list[str], got: list[str], close) -> None:
    """Every line the README shows (``...`` skips lines) is printed, in that order."""
    at = 0
    for want in shown:
        if want.strip() == "...":
            continue
        while at < len(got) and not close(got[at], want):
            at += 1
        assert at < len(got), f"README shows {want!r}; the command printed:\n" + "\n".join(got)
        at += 1


def test_the_readmes_command_line_examples_print_what_they_show(capsys, numbers_close):
    """The README's ``predict`` examples, run as shown: the same lines (decimals within 0.05),
    and for ``--json`` the same fields (the remedy up to the README's ellipsis)."""
    import shlex
    sessions = _readme_sessions("## Command line")
    assert len(sessions) >= 2
    for command, shown in sessions:
        argv = shlex.split(command)
        assert argv[:3] == [".venv/bin/python", "-m", "classifier"], command
        assert run(argv[3:]) == 0, command
        got = capsys.readouterr().out.splitlines()
        if "--json" in argv:
            want, have = json.loads(shown[0]), json.loads(got[0])
            assert have["remedy"].startswith(want.pop("remedy").rstrip("…"))
            assert abs(have.pop("confidence") - want.pop("confidence")) <= 0.05
            assert {k: have[k] for k in want} == want
        else:
            _shown_in_order(shown, got, numbers_close)


def test_the_readmes_batch_example_prints_what_it_shows(tmp_path, capsys, numbers_close):
    """``make run`` as the README shows it: the counts, the label table's lines and the review
    line, in order (the timing line differs from run to run)."""
    ((command, shown),) = _readme_sessions("### Batch")
    assert command == "make run"
    example = config.EXAMPLES_DIR / "rejections_example.csv"
    assert run(["batch", str(example), "-o", str(tmp_path / "o.csv")]) == 0
    got = capsys.readouterr().err.splitlines()
    _shown_in_order([line for line in shown if "rows/s" not in line], got, numbers_close)


def test_the_readmes_command_table_names_every_option():
    """Each subcommand has a row in the README's command table, and the row names each of its
    options (by one of its spellings), so that an option added to a parser is documented."""
    import argparse
    import re
    from pathlib import Path

    from classifier.cli import build_parser
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8").splitlines()
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in sub.choices.items():
        row = next((line for line in readme if line.startswith(f"| `{name}")), None)
        assert row is not None, f"no row for {name} in the README's command table"
        for action in parser._actions:
            spellings = [o for o in action.option_strings if o not in ("-h", "--help")]
            if spellings:
                assert any(re.search(re.escape(o) + r"(?![\w-])", row) for o in spellings), (name, spellings)


def test_arguments_typed_in_utf8_read_right_under_a_c_locale(tmp_path):
    """Under LC_ALL=C without UTF-8 mode Python decodes argv as ASCII (surrogates for the rest):
    a message or a column name typed in UTF-8 is still read as typed."""
    import os
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "PYTHONUTF8": "0",
           "PYTHONCOERCECLOCALE": "0", "PYTHONPATH": os.pathsep.join(sys.path)}
    r = subprocess.run([sys.executable.encode(), b"-m", b"classifier", b"predict", b"--json",
                        "网站名称含有论坛字样".encode()], capture_output=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.decode("utf-8"))["label"] == "website_name_invalid"
    src = tmp_path / "t.csv"
    src.write_text("驳回原因,备注\n网站名称含有论坛字样,1\n", encoding="utf-8")
    r = subprocess.run([sys.executable.encode(), b"-m", b"classifier", b"batch", os.fsencode(src), b"-o", b"-",
                        b"--quiet", b"--text-column", "驳回原因".encode()], capture_output=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    assert "website_name_invalid" in r.stdout.decode("utf-8")


def test_review_below_sets_the_review_threshold_of_predict_batch_and_evaluate(tmp_path, capsys):
    text = "网站名称含有论坛字样"
    assert run(["predict", "--json", text]) == 0
    assert json.loads(capsys.readouterr().out)["needs_review"] is False
    assert run(["predict", "--json", "--review-below", "1", text]) == 0
    assert json.loads(capsys.readouterr().out)["needs_review"] is True
    with pytest.raises(SystemExit) as exc:
        run(["predict", "--review-below", "1.5", text])
    assert exc.value.code == 2 and "between 0 and 1" in capsys.readouterr().err
    src, out = tmp_path / "in.csv", tmp_path / "o.csv"
    src.write_text("驳回原因\n网站名称含有论坛字样\n审核通过\n", encoding="utf-8")
    summary = tmp_path / "s.json"
    assert run(["batch", str(src), "-o", str(out), "--quiet", "--review-below", "1", "--summary", str(summary)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["needs_review"] for r in rows] == ["true", "false"]  # a non-rejection is never flagged
    assert json.loads(summary.read_text(encoding="utf-8"))["review_below"] == 1.0
    data = tmp_path / "d.csv"
    data.write_text("text,labels\n网站名称含有论坛字样,website_name_invalid\n", encoding="utf-8")
    capsys.readouterr()
    assert run(["evaluate", "--data", str(data), "--json"]) == 0
    default = json.loads(capsys.readouterr().out)["review"]
    assert run(["evaluate", "--data", str(data), "--json", "--review-below", "1"]) == 0
    strict = json.loads(capsys.readouterr().out)["review"]
    assert default["unflagged"] == 1.0 and default["threshold"] < 1.0
    assert strict == {"threshold": 1.0, "unflagged": 0.0, "exact_unflagged": None}
    assert run(["evaluate", "--data", str(data), "--review-below", "0.5"]) == 0
    assert "left unflagged (confidence 0.50 or more)" in capsys.readouterr().out


def test_an_unknown_tokenizer_setting_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setenv("ICP_CLASSIFIER_TOKENIZER", "jeiba")
    assert run(["predict", "网站名称不合格"]) == 2
    assert "ICP_CLASSIFIER_TOKENIZER='jeiba': give jieba or rjieba" in capsys.readouterr().err
