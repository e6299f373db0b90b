"""Classify Chinese ICP-filing rejection messages into the rejection FAQ's reason categories
and attach a curated remedy.

>>> from classifier import predict
>>> predict("网站名称含有“论坛”字样，请修改").label
'website_name_invalid'

The public names are imported when first used (PEP 562), so that the command line starts, and
answers Ctrl-C, before NumPy and the model code are loaded.
"""
from __future__ import annotations

import importlib
from typing import Any

__all__ = ["Category", "Model", "ModelError", "Prediction", "classify_frame", "load_model", "load_taxonomy", "predict"]
#: The package version (pyproject.toml reads it from here).
__version__ = "0.2.0"

#: Where each public name lives.
_HOMES = {"classify_frame": ".frame", "ModelError": ".persist", "Model": ".prediction", "Prediction": ".prediction",
          "load_model": ".prediction", "predict": ".prediction", "Category": ".taxonomy", "load_taxonomy": ".taxonomy"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
