"""The notebooks (jupytext percent scripts) run end to end, so they never rot."""
import runpy
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.py"))


def test_notebooks_exist():
    names = [p.name for p in NOTEBOOKS]
    assert "1.0-data-exploration.py" in names and "2.0-error-analysis.py" in names


#: What each notebook must show: every category, and the figures it is there for.
EXPECTED = {
    "1.0-data-exploration.py": ("split", "train", "wild"),
    "2.0-error-analysis.py": ("test: macro-F1 0.9", "wild: macro-F1 0.9", "largest primary-label confusions",
                              "missed labels"),
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, capsys):
    from classifier.taxonomy import load_taxonomy
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert all(cat.id in out for cat in load_taxonomy().categories), "every category appears"
    for expected in EXPECTED.get(path.name, ()):
        assert expected in out, expected
