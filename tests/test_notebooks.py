"""The notebooks (jupytext percent scripts) run end to end, so they never rot."""
import runpy
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.py"))


def test_notebooks_exist():
    names = [p.name for p in NOTEBOOKS]
    assert "1.0-data-exploration.py" in names and "2.0-error-analysis.py" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, capsys):
    runpy.run_path(str(path), run_name="__main__")
    assert capsys.readouterr().out.strip()
