"""Configuration in one place: paths (resolved from the package, never the working directory),
file names and default training/prediction settings."""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
RESOURCES_DIR = PACKAGE_DIR / "resources"
USER_DICT = RESOURCES_DIR / "userdict.txt"

DATA_DIR = PROJECT_ROOT / "data"
#: In a checkout the model and taxonomy sit at the top of the project; an installed wheel
#: carries them inside the package (``classifier/_model``, ``classifier/_data``).
INSTALLED_MODEL_DIR = PACKAGE_DIR / "_model"
INSTALLED_TAXONOMY_FILE = PACKAGE_DIR / "_data" / "taxonomy.toml"
TAXONOMY_FILE = DATA_DIR / "taxonomy.toml" if (DATA_DIR / "taxonomy.toml").is_file() else INSTALLED_TAXONOMY_FILE
RAW_DIR = DATA_DIR / "raw"
RAW_MESSAGES_DIR = RAW_DIR / "messages"
RAW_WILD_DIR = RAW_DIR / "wild"
RAW_REAL_DIR = RAW_DIR / "real"
PROCESSED_DIR = DATA_DIR / "processed"
EXAMPLES_DIR = DATA_DIR / "examples"

#: The shipped model folder of a checkout (an installed wheel: ``INSTALLED_MODEL_DIR``).
SHIPPED_MODEL_DIR = PROJECT_ROOT / "model"
MODEL_ARTIFACT = "model.npz"
MODEL_STATE = "model.json"
MODEL_MANIFEST = "manifest.json"
#: Each model folder carries the taxonomy it was trained with.
MODEL_TAXONOMY = "taxonomy.toml"
#: In a model folder: fingerprints of the texts it was trained on (``dataset.fingerprint``), for
#: ``evaluate`` to say when a file holds them.
MODEL_SEEN = "report/training_fingerprints.npy"


def default_model_dir() -> Path:
    """The model used when none is named: ``ICP_CLASSIFIER_MODEL`` if set (read now, not at
    import), else the checkout's ``model/``, else the one inside the installed package."""
    env = os.environ.get("ICP_CLASSIFIER_MODEL")
    if env:
        return Path(env)
    if (SHIPPED_MODEL_DIR / MODEL_MANIFEST).is_file():
        return SHIPPED_MODEL_DIR
    return INSTALLED_MODEL_DIR

#: Category ID used when no FAQ reason applies.
OTHER = "other"
#: The detail of ``other`` for texts that are no rejection (approvals, notices, placeholders).
NOT_A_REJECTION = "not_a_rejection"

#: Characters of input kept for classification; longer texts are truncated (status says so).
MAX_CHARS = 2000
#: The status of a text longer than MAX_CHARS (predict() and batch alike).
TRUNCATED_STATUS = f"truncated_{MAX_CHARS}"
#: The status of a row or text without a message (an empty or blank cell).
EMPTY_STATUS = "empty"
#: Beside ``empty``: a JSONL line that is no JSON object (kept in the first column, not read).
INVALID_JSON_STATUS = "invalid_json"
#: A partial output file (``outputs.temp_beside``) whose writing process has ended is removed by
#: the next run to the same target once it has not changed for this long (seconds): a writer of
#: another machine sharing the folder looks ended from here.
STALE_PART_AFTER = 60.0

#: Source groups of the real wording whose strings were read while the training data was
#: written or the model was tuned: they always go to the training side, so the `real` test
#: split holds only wording nobody studied.
REAL_STUDIED_SOURCES = (
    "github:ensorrow/easynode-ipc", "github:huaweicloud/huaweicloud-skills", "github:alibabaclouddocs/icp",
    "kepai.net", "tianshui.guton.com", "console1.cloud.inspur.com", "github:uclouddoc-team/beian1", "venshop.com",
    "kamilet.cn", "service.oray.com", "vm7.com", "west.cn", "chon.io",
)

#: Source groups of the real wording with fewer strings than this go to a side of the `real`
#: split (and to a cross-validation fold) by a hash of their name; larger ones are dealt to
#: balance the sides. Adding strings to one group then moves no other small group.
REAL_DEAL_BY_SIZE_MIN = 20

#: Exact-set accuracy that answers left unflagged (needs_review False) reach on the dev split:
#: the review threshold on the set-level confidence is chosen for it when training.
REVIEW_TARGET = 0.965

#: Seed for every random step of the data pipeline and training.
SEED = 20261127

#: Share of template families held out for the dev and the test split.
DEV_SHARE = 0.15
TEST_SHARE = 0.15

#: Multi-reason messages synthesised per split, as a share of that split's hand-written messages.
MULTI_SHARE = 0.6
#: Noisy copies made of each hand-written message (train split only; dev/test get one).
NOISY_COPIES = 2
#: Noisy copies of each real string of the training part (real wording is scarce; chosen by
#: bench/ablation.py and bench/realcv.py, see docs/evaluation.md).
REAL_COPIES = 10


#: The values ``ICP_CLASSIFIER_TOKENIZER`` takes.
TOKENIZERS = ("auto", "jieba", "rjieba")


def wanted_tokenizer() -> str:
    """``ICP_CLASSIFIER_TOKENIZER`` (auto when unset); ValueError naming the choices for any
    other value (a typo must not silently select another segmenter)."""
    wanted = os.environ.get("ICP_CLASSIFIER_TOKENIZER", "auto")
    if wanted not in TOKENIZERS:
        raise ValueError(f"ICP_CLASSIFIER_TOKENIZER={wanted!r}: give jieba or rjieba, or leave it unset")
    return wanted


def tokenizer_backend() -> str:
    """The segmenter prediction uses: ``ICP_CLASSIFIER_TOKENIZER`` (jieba or rjieba), else
    rjieba when installed (the same tokens as jieba, faster), else jieba."""
    wanted = wanted_tokenizer()
    if wanted != "auto":
        return wanted
    from importlib.util import find_spec
    return "rjieba" if find_spec("rjieba") is not None else "jieba"


def jieba_cache_dir() -> Path | None:
    """Folder where jieba may write its dictionary cache (``ICP_CLASSIFIER_CACHE`` overrides);
    None when there is no home folder to put it in (a user without one, HOME unset)."""
    env = os.environ.get("ICP_CLASSIFIER_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "icp-classifier"
    try:
        return Path.home() / ".cache" / "icp-classifier"
    except (RuntimeError, KeyError):  # no HOME and no password entry
        return None

#: The columns ``batch`` adds to every row (and ``classify_frame`` to a frame), in order.
OUTPUT_COLUMNS = ("label", "labels", "detail", "confidence", "title", "remedy", "needs_review", "status")
#: ``--headers zh``: Chinese names of the output columns (the values stay the same).
OUTPUT_COLUMNS_ZH = dict(zip(OUTPUT_COLUMNS,
                             ("原因类别", "全部原因", "具体原因", "置信度", "原因说明", "处理办法", "需复核", "状态"),
                             strict=True))
