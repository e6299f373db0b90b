"""classify_frame gives the same values batch writes, row for row."""
import csv

import numpy as np
import pandas as pd
import pytest

from classifier import classify_frame, config
from classifier.batch import OUTPUT_COLUMNS, run_batch


def test_frame_equals_batch_on_the_example_log(tmp_path, model):
    src = config.EXAMPLES_DIR / "rejections_example.csv"
    out = tmp_path / "o.csv"
    run_batch(model, str(src), str(out))
    with open(out, encoding="utf-8-sig", newline="") as fh:
        batch_rows = list(csv.DictReader(fh))
    df = pd.read_csv(src, encoding="gb18030", dtype=str, keep_default_na=False)
    got = classify_frame(df, text_column="驳回原因", model=model)
    assert list(got.columns) == list(df.columns) + list(OUTPUT_COLUMNS)
    assert len(got) == len(batch_rows) and list(got.index) == list(df.index)
    assert got["confidence"].dtype == float and got["needs_review"].dtype == bool
    as_written = {"confidence": lambda v: f"{v:.4f}", "needs_review": lambda v: "true" if v else "false"}
    for (_, row), expected in zip(got.iterrows(), batch_rows, strict=True):
        assert {c: as_written.get(c, str)(row[c]) for c in OUTPUT_COLUMNS} == {c: expected[c] for c in OUTPUT_COLUMNS}


def test_frame_handles_missing_values_and_keeps_the_index(model):
    df = pd.DataFrame({"r": ["网站名称含论坛", None, float("nan"), "审核通过"]}, index=[10, 11, 12, 13])
    got = classify_frame(df, text_column="r", model=model)
    assert list(got.index) == [10, 11, 12, 13] and "label" not in df.columns
    assert list(got["status"]) == ["ok", "empty", "empty", "ok"]
    assert got.loc[13, "detail"] == "not_a_rejection"


def test_frame_keeps_a_users_own_label_column_and_refuses_two_text_columns(model):
    df = pd.DataFrame({"驳回原因": ["审核通过"], "label": ["keep me"]})
    out = classify_frame(df, text_column="驳回原因", model=model)
    assert out["label (input)"].tolist() == ["keep me"] and out["label"].tolist() == ["other"]
    assert list(df.columns) == ["驳回原因", "label"]  # the caller's frame is untouched
    with pytest.raises(ValueError, match="several columns"):
        classify_frame(pd.DataFrame([["审核通过", "核验单未签字"]], columns=["驳回原因", "驳回原因"]),
                       text_column="驳回原因", model=model)


def test_pandas_missing_values_and_bytes_get_the_status_predict_gives():
    """pandas' NA (string dtype, convert_dtypes) is an empty cell, bytes are no text."""
    import pandas as pd

    from classifier import classify_frame, predict
    df = pd.DataFrame({"驳回原因": pd.array(["网站名称含有论坛字样", pd.NA], dtype="string")})
    out = classify_frame(df, text_column="驳回原因")
    assert list(out["status"]) == ["ok", "empty"] and list(out["label"]) == ["website_name_invalid", "other"]
    raw = pd.DataFrame({"驳回原因": ["网站名称含有论坛字样".encode("gb18030"), "审核通过"]})
    out = classify_frame(raw, text_column="驳回原因")
    assert out["status"][0] == "not text (bytes)" and out["needs_review"][0]
    import numpy as np
    assert [p.status for p in predict([pd.NA, pd.NaT, np.float32("nan"), np.datetime64("NaT")])] == ["missing"] * 4


def test_an_empty_frame_gets_the_same_column_types_as_a_filled_one(model):
    empty = classify_frame(pd.DataFrame({"驳回原因": pd.Series([], dtype=str)}), text_column="驳回原因", model=model)
    full = classify_frame(pd.DataFrame({"驳回原因": ["网站名称含论坛"]}), text_column="驳回原因", model=model)
    assert len(empty) == 0 and empty.dtypes.to_dict() == full.dtypes.to_dict()


def test_anything_but_a_frame_is_a_type_error_naming_what_came(model):
    with pytest.raises(TypeError, match="takes a pandas DataFrame, not str"):
        classify_frame("网站名称含有论坛字样", text_column="x", model=model)
    with pytest.raises(TypeError, match="not list"):
        classify_frame(["a"], text_column="x", model=model)


def test_without_pandas_the_type_error_names_the_extra(model, monkeypatch):
    """Installed without the [pandas] extra, a list given to classify_frame() was only told it
    is no DataFrame; the message says how to get pandas."""
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    with pytest.raises(TypeError, match=r"pandas is not installed: pip install .*\[pandas\]"):
        classify_frame([["a"]], text_column="x", model=model)


def test_cells_that_are_no_text_get_the_status_predict_gives(model):
    """A list, a dict, a number or a bool in the text column is no message: classify_frame says
    so, as predict() does, instead of classifying its repr."""
    cells = [["网站名称含有论坛字样"], {"a": "网站名称含有论坛字样"}, 12345, 3.5, True, np.int64(7)]
    out = classify_frame(pd.DataFrame({"驳回原因": pd.Series(cells, dtype=object)}), text_column="驳回原因",
                         model=model)
    assert list(out["status"]) == [p.status for p in model.predict(cells)]
    assert all(s.startswith("not text (") for s in out["status"]) and out["needs_review"].all()



def test_bytes_no_decoder_could_read_are_flagged_as_predict_flags_them(model):
    from classifier import predict
    text = "网站\ud800名称含有论坛字样"  # a lone surrogate (surrogateescape, a JSON escape)
    out = classify_frame(pd.DataFrame({"t": [text, "网站名称含有论坛字样"]}), text_column="t", model=model)
    assert out["status"].tolist() == [predict(text).status, "ok"] == ["decode_error", "ok"]
    assert out["needs_review"].tolist()[0]


def test_columns_of_several_levels_get_full_length_keys(model):
    df = pd.DataFrame({("log", "t"): ["网站名称含有论坛字样"], ("log", "id"): [1]})
    out = classify_frame(df, text_column=("log", "t"), model=model)  # pytest turns warnings into errors
    assert out[("label", "")].tolist() == ["website_name_invalid"] and out[("log", "id")].tolist() == [1]
    assert out[("needs_review", "")].dtype == bool
