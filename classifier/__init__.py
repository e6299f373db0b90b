"""Classify Chinese ICP-filing rejection messages into the rejection FAQ's reason categories
and attach a curated remedy.

>>> from classifier import predict
>>> predict("网站名称含有“论坛”字样，请修改").label
'website_name_invalid'
"""
from .frame import classify_frame
from .persist import ModelError
from .prediction import Model, Prediction, load_model, predict
from .taxonomy import Category, load_taxonomy

__all__ = ["Category", "Model", "ModelError", "Prediction", "classify_frame", "load_model", "load_taxonomy", "predict"]
#: The package version (pyproject.toml reads it from here).
__version__ = "0.2.0"
