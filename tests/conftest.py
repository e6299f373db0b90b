"""Shared fixtures: the shipped model, and a small model trained on a slice of the corpus."""
from __future__ import annotations

import random
import re

import pytest

from classifier import config, load_model
from classifier.dataset import read_raw_dir


@pytest.fixture(scope="session")
def model():
    """The shipped model (model/)."""
    return load_model()


@pytest.fixture(scope="session")
def small_corpus():
    """About 25 hand-written messages per category, drawn deterministically from data/raw."""
    examples = read_raw_dir(config.RAW_MESSAGES_DIR)
    rng = random.Random(0)
    rng.shuffle(examples)
    per: dict[str, int] = {}
    out = []
    for ex in examples:
        key = ex.labels[0] if len(ex.labels) == 1 else "multi"
        if per.get(key, 0) < 25:
            per[key] = per.get(key, 0) + 1
            out.append(ex)
    return out


@pytest.fixture(scope="session")
def small_model_dir(tmp_path_factory, small_corpus):
    """A model folder trained on the small corpus (fast), for tests that write models."""
    from classifier.trainer import train

    out = tmp_path_factory.mktemp("models") / "small"
    train(train_examples=small_corpus, dev_examples=small_corpus[:60], eval_sets={"test": small_corpus[60:120]},
          out=out, log=lambda *_: None, max_char_features=5000, max_word_features=3000)
    return out


_NUMBER = re.compile(r"-?\d+\.\d+")


def _numbers_close(got: str, want: str, tol: float = 0.05) -> bool:
    """Equal text, numbers with a decimal point within ``tol`` (they move a little with every retrain)."""
    if _NUMBER.sub("#", got) != _NUMBER.sub("#", want):
        return False
    pairs = zip(_NUMBER.findall(got), _NUMBER.findall(want), strict=True)
    return all(abs(float(a) - float(b)) <= tol for a, b in pairs)


@pytest.fixture(scope="session")
def numbers_close():
    """Compare README examples with what the code prints: equal text, decimals within 0.05."""
    return _numbers_close


def _reader_leaves(args: list[str], *, timeout: float = 600) -> tuple[int, str]:
    """Run ``python -m classifier ARGS`` and close its standard output after the first line, as
    ``| head -1`` does; its exit status and standard error."""
    import subprocess
    import sys
    proc = subprocess.Popen([sys.executable, "-m", "classifier", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    return proc.wait(timeout=timeout), err


@pytest.fixture(scope="session")
def reader_leaves():
    """Run a command whose reader goes away after one line (``_reader_leaves``)."""
    return _reader_leaves
