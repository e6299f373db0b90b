"""The one rule for every file the product writes (classifier.outputs), through the commands
that write files: nothing that exists is replaced without --overwrite, inputs never."""
import errno
import os
import stat
import subprocess
import sys
import tempfile

import pytest

from classifier import config
from classifier.cli import run
from classifier.outputs import OutputError, check_targets, leftover_parts, publish, temp_beside


@pytest.fixture()
def log(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("id,驳回原因\n1,网站名称含有论坛字样\n2,审核通过\n", encoding="utf-8")
    return src


def test_summary_never_replaces_the_input(tmp_path, log, capsys):
    before = log.read_bytes()
    assert run(["batch", str(log), "-o", str(tmp_path / "o.csv"), "--summary", str(log), "--quiet"]) == 2
    assert log.read_bytes() == before
    assert "input" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_summary_and_review_never_replace_existing_files(tmp_path, log):
    for option in ("--summary", "--review-out"):
        keep = tmp_path / f"keep{option}.csv"
        keep.write_text("keep", encoding="utf-8")
        assert run(["batch", str(log), "-o", str(tmp_path / "o.csv"), option, str(keep), "--quiet"]) == 2
        assert keep.read_text(encoding="utf-8") == "keep"
        assert not (tmp_path / "o.csv").exists()


def test_a_device_or_pipe_is_never_replaced_even_with_overwrite(tmp_path, log):
    """A pipe (and a link to one, as /dev/stdout is in a pipeline) is refused before any work,
    --overwrite or not: publishing a file there would replace the node."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    for target in (fifo, link):
        for overwrite in (False, True):
            with pytest.raises(OutputError, match="not a regular file"):
                check_targets([("--summary", str(target))], overwrite=overwrite)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_stream_name_is_refused_even_where_it_points_at_a_regular_file(tmp_path):
    """/dev/stdout of a run whose output a shell redirected to a file is that file: it is refused
    as a stream (replacing it would cut the redirection), not as an existing file to overwrite."""
    with open(tmp_path / "redirected", "w") as fh:
        fd = fh.fileno()
        for target in (f"/dev/fd/{fd}", f"/proc/self/fd/{fd}"):
            for overwrite in (False, True):
                with pytest.raises(OutputError, match="names a stream of the process"):
                    check_targets([("--review-out", target)], overwrite=overwrite)


def test_a_name_too_long_for_its_temporary_file_is_refused_before_work(tmp_path):
    with pytest.raises(OutputError, match="too long"):
        check_targets([("-o", str(tmp_path / ("驳" * 80 + "_out.csv")))])
    with pytest.raises(OutputError, match="too long"):  # longer than any file name: no raw OS error
        check_targets([("-o", str(tmp_path / ("驳" * 90 + "_out.csv")))])
    loop_a, loop_b = tmp_path / "loop_a.csv", tmp_path / "loop_b.csv"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    with pytest.raises(OutputError, match="name a file"):  # a link loop: a message, not a traceback
        check_targets([("-o", str(loop_a))], inputs=[str(loop_b)])
    link = tmp_path / "dangling.csv"
    link.symlink_to(tmp_path / "nowhere" / "out.csv")
    with pytest.raises(OutputError, match="nowhere does not exist"):  # the folder the link points into
        check_targets([("-o", str(link))])
    check_targets([("-o", str(tmp_path / ("驳" * 70 + "_out.csv")))])  # 218 bytes: room for the rest


def test_two_options_to_one_path_are_refused(tmp_path, log):
    out = tmp_path / "o.csv"
    assert run(["batch", str(log), "-o", str(out), "--review-out", str(out), "--quiet"]) == 2
    assert run(["batch", str(log), "-o", "-", "--review-out", "-", "--quiet"]) == 2
    assert not out.exists()


def test_side_file_problems_are_found_before_the_output_is_replaced(tmp_path, log):
    out = tmp_path / "o.csv"
    out.write_text("previous", encoding="utf-8")
    missing = tmp_path / "no" / "such" / "r.csv"
    for option in ("--review-out", "--summary"):
        assert run(["batch", str(log), "-o", str(out), "--overwrite", option, str(missing), "--quiet"]) == 2
        assert out.read_text(encoding="utf-8") == "previous"


def test_evaluate_errors_never_replace_the_gold_file(tmp_path, capsys):
    gold = tmp_path / "gold.csv"
    gold.write_bytes((config.PROCESSED_DIR / "wild.csv").read_bytes())
    before = gold.read_bytes()
    assert run(["evaluate", "--data", str(gold), "--errors", str(gold)]) == 2
    assert gold.read_bytes() == before
    existing = tmp_path / "errors.csv"
    existing.write_text("keep", encoding="utf-8")
    assert run(["evaluate", "--data", str(gold), "--errors", str(existing)]) == 2
    assert existing.read_text(encoding="utf-8") == "keep"
    assert run(["evaluate", "--data", str(gold), "--errors", str(existing), "--overwrite"]) == 0
    assert existing.read_text(encoding="utf-8-sig").startswith("text,gold")


def test_a_file_created_during_the_run_is_not_replaced(tmp_path):
    target = tmp_path / "o.csv"
    check_targets([("-o", str(target))], overwrite=False)
    fd, tmp = temp_beside(target)
    os.write(fd, b"new")
    os.close(fd)
    target.write_text("made by someone else meanwhile", encoding="utf-8")
    with pytest.raises(OutputError, match="appeared"):
        publish(tmp, target, overwrite=False)
    assert target.read_text(encoding="utf-8") == "made by someone else meanwhile"
    assert not os.path.exists(tmp)


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path, log):
    old = os.umask(0o022)
    try:
        out = tmp_path / "o.csv"
        assert run(["batch", str(log), "-o", str(out), "--quiet"]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o644
        out.chmod(0o664)
        assert run(["batch", str(log), "-o", str(out), "--quiet", "--overwrite"]) == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o664
    finally:
        os.umask(old)


@pytest.mark.parametrize("enc", ["gb2312", "ascii", "latin-1", "no-such-codec"])
def test_narrow_or_unknown_output_encodings_are_refused_before_work(tmp_path, log, enc, capsys):
    out = tmp_path / "o.csv"
    assert run(["batch", str(log), "-o", str(out), "--output-encoding", enc, "--quiet"]) == 2
    assert "encoding" in capsys.readouterr().err
    assert os.listdir(tmp_path) == ["in.csv"]


def test_an_output_that_is_a_symbolic_link_is_written_through(tmp_path, log):
    """-o naming a link replaces the file it points to and keeps the link (as a shell's > does);
    the partial file goes beside the target."""
    target = tmp_path / "real" / "out.csv"
    target.parent.mkdir()
    target.write_text("OLD", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert run(["batch", str(log), "-o", str(link), "--overwrite", "--quiet"]) == 0
    assert link.is_symlink() and "label" in target.read_text(encoding="utf-8-sig").splitlines()[0]
    fd, tmp = temp_beside(link)
    os.close(fd)
    os.unlink(tmp)
    assert os.path.dirname(tmp) == str(target.parent)


def test_partial_files_of_ended_runs_are_removed_and_others_kept(tmp_path):
    """A part whose writer has ended and that has not changed for a minute goes; a part of a
    live process, one changed just now, or one whose name carries no process ID stays."""
    out = tmp_path / "out.csv"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    dead = int(ended.stdout)
    names = {"dead_old": f".out.csv.{dead}-abc123.part", "dead_new": f".out.csv.{dead}-def456.part",
             "live_old": f".out.csv.{os.getpid()}-ghi789.part", "unnamed_old": ".out.csv.jkl012.part"}
    old = os.path.getmtime(tmp_path) - 10 * config.STALE_PART_AFTER
    for key, name in names.items():
        (tmp_path / name).write_text("partial", encoding="utf-8")
        if key.endswith("_old"):
            os.utime(tmp_path / name, (old, old))
    (tmp_path / ".other.csv.1-x.part").write_text("another target's", encoding="utf-8")
    assert leftover_parts(out) == ([], sorted(names.values()))  # nothing removed without clean
    removed, kept = leftover_parts(out, clean=True)
    assert removed == [names["dead_old"]]
    assert kept == sorted(v for k, v in names.items() if k != "dead_old")
    assert not (tmp_path / names["dead_old"]).exists() and (tmp_path / ".other.csv.1-x.part").exists()


def test_temporary_files_carry_the_writers_process_id(tmp_path):
    fd, name = temp_beside(tmp_path / "out.csv")
    os.close(fd)
    assert os.path.basename(name).startswith(f".out.csv.{os.getpid()}-") and name.endswith(".part")
    assert leftover_parts(tmp_path / "out.csv", clean=True) == ([], [os.path.basename(name)])


@pytest.mark.parametrize("code", [errno.EACCES, errno.EROFS])
def test_a_folder_that_refuses_files_is_a_usage_error(tmp_path, log, monkeypatch, capsys, code):
    # /sys as root passes os.access but refuses new files; so does a read-only mount
    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "out.csv"
    assert run(["batch", str(log), "-o", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot be written" in err and "choose another folder" in err
    assert not out.exists()
