"""A pandas entry point: classify a DataFrame's text column and get the frame back with the
columns ``batch`` writes, with the same values. It is also the unit that a distributed engine
maps over partitions (Dask ``map_partitions``, Spark ``mapInPandas``)."""
from __future__ import annotations

from typing import Any

from . import config
from .batch import OUTPUT_COLUMNS, Classifier, _cells, row_cells
from .io import keep_apart
from .prediction import Model, default_model, is_missing, replace_undecoded


def classify_frame(df: Any, *, text_column: str, model: Model | None = None, inplace: bool = False) -> Any:
    """Return ``df`` (a copy unless ``inplace``) with the product's columns (label, labels,
    detail, confidence, title, remedy, needs_review, status) added, row for row as ``batch``
    writes them (``confidence`` as a float, ``needs_review`` as a bool). Missing values are
    read as empty cells; every row keeps its index. A column of the frame that one of those
    names already uses (any case) is kept as ``name (input)``."""
    if not (hasattr(df, "columns") and hasattr(df, "copy") and hasattr(df, "__getitem__")):
        try:
            import pandas  # noqa: F401
        except ImportError:
            hint = "; pandas is not installed: pip install 'icp-rejection-classifier[pandas]'"
        else:
            hint = ""
        raise TypeError(f"classify_frame() takes a pandas DataFrame, not {type(df).__name__} "
                        f"(predict() takes texts){hint}")
    if text_column not in df.columns:
        raise KeyError(f"no column {text_column!r}; the columns are: {', '.join(map(str, df.columns))}")
    if list(df.columns).count(text_column) > 1:
        raise ValueError(f"several columns are named {text_column!r}; rename one (the message column must be one)")
    model = model or default_model()
    values = df[text_column].tolist()
    # a missing value (None, NaN, pandas' NA) is an empty cell; anything else that is no str
    # (bytes, numbers, lists, dicts) is no text, with the status predict() gives it
    texts = [v if isinstance(v, str) else "" for v in values]
    # bytes no decoder could read, as predict() sees them (lone surrogates of surrogateescape
    # or JSON escapes; the file readers give U+FFFD, which is what the batch rows test for)
    texts = [replace_undecoded(t) for t in texts]
    clf = Classifier(model, jobs=1)
    try:
        found = clf.submit(texts)()
    finally:
        clf.close()
    empty = _cells(model.bad_prediction(config.EMPTY_STATUS))
    rows = [row_cells(text, cells, empty)[1] for text, cells in zip(texts, found, strict=True)]
    for i, v in enumerate(values):
        if not isinstance(v, str) and not is_missing(v):
            status = f"not text ({type(v).__name__})"
            rows[i] = (*_cells(model.bad_prediction(status))[:6], "true", status)
    out = df if inplace else df.copy()
    own = keep_apart([str(c) for c in out.columns], OUTPUT_COLUMNS)
    if own != [str(c) for c in out.columns]:  # a user's own `label` or `status` is kept, renamed
        out.columns = [n if n != str(c) else c for c, n in zip(out.columns, own, strict=True)]
    levels = getattr(out.columns, "nlevels", 1)  # columns of several levels take full-length keys

    def key(name: str) -> Any:
        return (name, *[""] * (levels - 1)) if levels > 1 else name

    for i, name in enumerate(OUTPUT_COLUMNS):
        out[key(name)] = [r[i] for r in rows]
        if not rows:
            out[key(name)] = out[key(name)].astype(str)  # an empty frame's columns are text too, not float64
    out[key("confidence")] = out[key("confidence")].astype(float)  # numbers and booleans, not their text
    out[key("needs_review")] = out[key("needs_review")] == "true"
    return out
