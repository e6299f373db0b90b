"""The data pipeline: read raw labelled messages, split by template family, synthesise
multi-reason messages and noisy export copies (seeded), and write the processed tables."""
from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import augment, config
from .taxonomy import load_taxonomy
from .text import normalize

SPLITS = ("train", "dev", "test")
COLUMNS = ("text", "labels", "source", "family", "kind", "detail")


@dataclass
class Example:
    """One labelled message."""

    text: str
    labels: list[str]
    source: str = ""
    family: str = ""
    kind: str = "hand"
    #: The out-of-FAQ reason of an ``other`` message as a person labelled it: a detail ID,
    #: ``NO_DETAIL`` (none of the known ones), or "" (not labelled: the taxonomy's cues name it).
    detail: str = ""


#: The ``detail`` of an ``other`` message that a person found to fit no known detail.
NO_DETAIL = "none"


def training_detail(ex: Example) -> str | None:
    """The detail a model learns for ``ex``: its labelled one ("" for none known), or None
    when nobody labelled it (the model's fit then names it by the taxonomy's cues)."""
    if not ex.detail:
        return None
    return "" if ex.detail == NO_DETAIL else ex.detail


class DataError(ValueError):
    """A raw data file breaks the schema in ``data/README.md``."""


def _text_lines(path: Path) -> list[str]:
    """The lines of a small text file: UTF-8 (a BOM dropped), else GB18030."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise DataError(f"{path.name}: neither UTF-8 nor GB18030 ({exc})") from None
    return text.splitlines()


def _records(path: Path, headers: list[list[str]]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, fields) of a tab-separated data file whose header is one of ``headers``
    (comments and blank lines skipped), with ``labels``, ``detail`` and ``text`` checked: known
    category and detail IDs, a non-empty text with ``\\n`` turned into line breaks."""
    taxonomy = load_taxonomy()
    known, detail_ids = set(taxonomy.ids), set(taxonomy.detail_ids)
    header = None
    for n, line in enumerate(_text_lines(path), 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            if cols not in headers:
                raise DataError(f"{path.name}:{n}: header must be "
                                + " or ".join("'" + "<TAB>".join(h) + "'" for h in headers) + f", got {cols}")
            header = cols
            continue
        if len(cols) != len(header):
            raise DataError(f"{path.name}:{n}: expected {len(header)} tab-separated columns, got {len(cols)}")
        rec = {k: v.strip() for k, v in zip(header, cols, strict=True)}
        labels = [label.strip() for label in rec["labels"].split(";") if label.strip()]
        unknown = [label for label in labels if label not in known]
        if not labels:
            raise DataError(f"{path.name}:{n}: no label: give one or more IDs joined by ';'")
        if unknown:
            raise DataError(f"{path.name}:{n}: unknown label(s) {_with_hints(unknown, known)}")
        detail = rec.get("detail", "")
        if detail and detail not in detail_ids and detail != NO_DETAIL:
            raise DataError(f"{path.name}:{n}: unknown detail '{detail}'")
        if detail and config.OTHER not in labels:
            raise DataError(f"{path.name}:{n}: a detail belongs to messages labelled '{config.OTHER}'")
        if detail == config.NOT_A_REJECTION and labels != [config.OTHER]:
            raise DataError(f"{path.name}:{n}: '{config.NOT_A_REJECTION}' beside a reason ({';'.join(labels)}): "
                            "a non-rejection has no reason")
        rec["text"] = rec["text"].replace("\\n", "\n").strip()
        if not rec["text"]:
            raise DataError(f"{path.name}:{n}: empty text")
        rec["labels"] = labels
        yield n, rec


RAW_HEADERS = [["family", "labels", "text"], ["family", "labels", "detail", "text"]]


def read_raw_tsv(path: str | Path) -> list[Example]:
    """Read one raw TSV file (``family	labels	text``, optionally with a ``detail`` column
    before ``text``), validating every line."""
    path = Path(path)
    return [Example(r["text"], r["labels"], source=path.name, family=f"{path.stem}/{r['family']}",
                    detail=r.get("detail", "")) for _, r in _records(path, RAW_HEADERS)]


REAL_HEADER = ["source", "labels", "detail", "text"]


#: Repositories and sites that carry the same publisher's pages: one source group (Alibaba
#: Cloud's documentation, its mirrors and its help and developer sites, Tencent Cloud's
#: international copy of its Chinese pages, Huawei Cloud's pages and the skill repository that
#: quotes them, a host's copy of another host's notice, the English pages of Alibaba Cloud,
#: Tencent Cloud and JD Cloud, which translate their Chinese ones).
SOURCE_ALIASES = {
    "github:alipannu12121/icp": "github:alibabaclouddocs/icp",
    "github:liubin86410/icp": "github:alibabaclouddocs/icp",
    "help.aliyun.com": "github:alibabaclouddocs/icp",
    "a.aliyun.com": "github:alibabaclouddocs/icp",
    "developer.aliyun.com": "github:alibabaclouddocs/icp",
    "beian.aliyun.com": "github:alibabaclouddocs/icp",
    "beian.vhostgo.com": "tianshui.guton.com",
    "github:zjkwlw/cn": "github:jdcloudcom/cn",  # forks of JD Cloud's documentation
    "github:yicenzzn/cn": "github:jdcloudcom/cn",
    "github:zhangpengyan/cn": "github:jdcloudcom/cn",
    "github:zhangkai263/cn": "github:jdcloudcom/cn",
    "github:zhaojing828/cn": "github:jdcloudcom/cn",
    "github:lasdf1234/en": "github:jdcloudcom/cn",
    "github:yukuai1/cn": "github:jdcloudcom/cn",
    "github:tencentyun/intlcloud-documents": "github:tencentyun/qcloud-documents",
    "cloud.tencent.com.cn": "cloud.tencent.com",
    "wiki.xialue.net": "github:tencentyun/qcloud-documents",  # a copy of Tencent Cloud's documentation pages
    "huaweicloud.com": "github:huaweicloud/huaweicloud-skills",
    "support.huaweicloud.com": "github:huaweicloud/huaweicloud-skills",
    "github:huaweiclouddocs/domains": "github:huaweicloud/huaweicloud-skills",
    "alibabacloud.com": "github:alibabaclouddocs/icp",  # the international site translates the Chinese pages
    "intl.cloud.tencent.com": "github:tencentyun/qcloud-documents",
    "tencentcloud.com": "github:tencentyun/qcloud-documents",
    "github:jdcloudcom/en": "github:jdcloudcom/cn",
    "developer.huawei.com": "github:huaweicloud/huaweicloud-skills",  # Huawei's app-filing pages
    "docs.amazonaws.cn": "docs.aws.amazon.com",  # AWS's China documentation copies its global pages
}


def source_group(source: str) -> str:
    """The unit of the real-wording split: a repository (``github:owner/repo``) or a web site
    (host name), so that pages of one site never feed both training and the ``real`` test."""
    if source.startswith("github:"):
        group = "github:" + "/".join(source[len("github:"):].split(":")[0].split("/")[:2]).lower()
        return SOURCE_ALIASES.get(group, group)
    rest = re.sub(r"^[a-z]+://", "", source.strip().lower())
    proxied = re.search(r"/https?:?/+(.+)", rest)
    if proxied:  # a page read through a web proxy belongs to the site it shows
        return source_group(proxied.group(1))
    parts = rest.split("/")
    host = parts[0].removeprefix("www.").split(":")[0]
    if host == "github.com" and len(parts) >= 3:
        host = f"github:{parts[1]}/{parts[2]}"
    return SOURCE_ALIASES.get(host, host)


def read_real_tsv(path: str | Path) -> list[Example]:
    """Read one file of real wording (``source	labels	detail	text``): strings kept verbatim
    from public material, each with where it was found."""
    path = Path(path)
    out: list[Example] = []
    seen: set[str] = set()
    for n, r in _records(path, [REAL_HEADER]):
        if not r["source"]:
            raise DataError(f"{path.name}:{n}: every real string needs its source")
        if r["text"] in seen:
            continue
        seen.add(r["text"])
        labels = r["labels"]
        out.append(Example(r["text"], labels, source=r["source"], family=f"real/{source_group(r['source'])}",
                           kind="real", detail=r["detail"] or (NO_DETAIL if config.OTHER in labels else "")))
    return out


def read_real_dir(folder: str | Path) -> list[Example]:
    """Every real-wording file of a folder, deduplicated on normalised text across files (the
    first occurrence is kept). The same string labelled differently in two places is an error."""
    out: list[Example] = []
    seen: dict[str, Example] = {}
    for path in sorted(Path(folder).glob("*.tsv")) if Path(folder).exists() else []:
        for ex in read_real_tsv(path):
            key = normalize(ex.text)
            first = seen.get(key)
            if first is None:
                seen[key] = ex
                out.append(ex)
            elif (sorted(first.labels), first.detail) != (sorted(ex.labels), ex.detail):
                raise DataError(f"{path.name}: '{ex.text[:40]}' is labelled {ex.labels}/{ex.detail or '-'} here and "
                                f"{first.labels}/{first.detail or '-'} for {first.source}; make them agree")
    return out


def deal_groups(sizes: dict[str, int], bins: int, *, start: Sequence[int] | None = None,
                seed: int = config.SEED) -> dict[str, int]:
    """Group -> bin (0 … bins-1) for groups of the given sizes. A group smaller than
    ``config.REAL_DEAL_BY_SIZE_MIN`` goes by a hash of its name, so strings added elsewhere never
    move it; the larger ones then go, largest first, to the bin with the fewest texts so far
    (``start``: texts a bin holds already; ties go to the lower bin)."""
    n = list(start) if start is not None else [0] * bins
    out: dict[str, int] = {}
    small = [g for g in sizes if sizes[g] < config.REAL_DEAL_BY_SIZE_MIN]
    for g in small:
        out[g] = _stable_hash(str(seed), "deal", g) % bins
        n[out[g]] += sizes[g]
    for g in sorted((g for g in sizes if g not in out), key=lambda g: (-sizes[g], _stable_hash(str(seed), g))):
        out[g] = n.index(min(n))
        n[out[g]] += sizes[g]
    return out


def split_real(examples: list[Example], *, seed: int = config.SEED) -> tuple[list[Example], list[Example]]:
    """(training part, test part) of the real wording, split by source group (site or
    repository). Groups whose wording was read while writing training data
    (``config.REAL_STUDIED_SOURCES``) always train; the others are dealt between the two sides
    (``deal_groups``: the small ones by name, the large ones to balance the sides)."""
    groups: dict[str, int] = Counter(ex.family for ex in examples)
    studied = {f"real/{g}" for g in config.REAL_STUDIED_SOURCES}
    n_studied = sum(n for g, n in groups.items() if g in studied)
    side = deal_groups({g: n for g, n in groups.items() if g not in studied}, 2, start=[0, n_studied], seed=seed)
    test = {g for g, b in side.items() if b == 0}
    return [ex for ex in examples if ex.family not in test], [ex for ex in examples if ex.family in test]


def read_raw_dir(folder: str | Path) -> list[Example]:
    """All raw TSV files of a folder, in name order."""
    examples: list[Example] = []
    for path in sorted(Path(folder).glob("*.tsv")):
        examples.extend(read_raw_tsv(path))
    return examples


def _stable_hash(*parts: str) -> int:
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12], 16)


def assign_splits(examples: list[Example], *, seed: int = config.SEED) -> dict[str, str]:
    """Family -> split. Families are stratified by (source file, primary label, single/multi),
    so every category has families in dev and test, and no family crosses splits."""
    strata: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
    for ex in examples:
        strata[(ex.source, ex.labels[0], len(ex.labels) > 1)].add(ex.family)
    assignment: dict[str, str] = {}
    for key in sorted(strata):
        fams = sorted(f for f in strata[key] if f not in assignment)
        fams.sort(key=lambda f: _stable_hash(str(seed), f))
        n = len(fams)
        n_test = max(1, round(n * config.TEST_SHARE)) if n >= 4 else 0
        n_dev = max(1, round(n * config.DEV_SHARE)) if n >= 4 else 0
        for i, fam in enumerate(fams):
            assignment[fam] = "test" if i < n_test else "dev" if i < n_test + n_dev else "train"
    return assignment


_NON_REASON = re.compile(r"审核通过|备案成功|已提交|审核中|待审核|好的|请问|已修改|已通过|提醒|通知您|恭喜|已受理|进度")


def is_reason(ex: Example) -> bool:
    """False for non-rejections (status notices, replies, approvals: the detail
    ``not_a_rejection``, or an unlabelled ``other`` in their words), which never join a
    multi-reason text: a notice after a reason adds no label."""
    if ex.detail == config.NOT_A_REJECTION:
        return False
    return not (ex.labels == [config.OTHER] and _NON_REASON.search(ex.text))


def _remedy_lines() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cat in load_taxonomy().categories:
        lines = [re.sub(r"^\d+\.\s*", "", line).strip() for line in cat.remedy.splitlines()]
        out[cat.id] = [line for line in lines if len(line) > 6]
    return out


def _rng(*parts: str) -> random.Random:
    """A generator seeded by ``parts`` alone: each synthesised text draws from its own, so
    adding messages leaves the copies and combinations of the others as they were."""
    return random.Random(_stable_hash(*parts))


def _pick(pool: list[Example], hashes: np.ndarray, *parts: str) -> Example:
    """One member of ``pool`` chosen by ``parts`` (rendezvous hashing on each member's text
    hash): a member added to the pool changes only the picks it wins."""
    mixed = (hashes ^ np.uint64(_stable_hash(*parts))) * np.uint64(0x9E3779B97F4A7C15)
    return pool[int(np.argmax(mixed >> np.uint64(11)))]


def synthesise_multi(pool: list[Example], n: int, key: str, split: str) -> list[Example]:
    """``n`` multi-reason messages made of 2-3 single-reason messages with distinct labels; the
    ``i``-th is drawn from ``key`` and ``i`` alone (see ``_rng``, ``_pick``)."""
    by_label: dict[str, list[Example]] = defaultdict(list)
    for ex in pool:
        if len(ex.labels) == 1 and is_reason(ex) and len(ex.text) <= 90:
            by_label[ex.labels[0]].append(ex)
    labels = sorted(by_label)
    remedies = _remedy_lines()
    out: list[Example] = []
    if len(labels) < 2:
        return out
    hashes = {label: np.array([_stable_hash(ex.text) for ex in by_label[label]], dtype=np.uint64)
              for label in labels}
    with np.errstate(over="ignore"):
        for i in range(n):
            rng = _rng(key, "multi", str(i))
            k = 2 if rng.random() < 0.75 else 3
            chosen = rng.sample(labels, k=min(k, len(labels)))
            parts = [(label, _pick(by_label[label], hashes[label], key, str(i), label).text.replace("\n", " "))
                     for label in chosen]
            text = augment.combine(parts, rng, remedies)
            if rng.random() < 0.5:
                text = augment.noisy(text, chosen, rng)
            out.append(Example(text, chosen, source="synth", family=f"synth/{split}/{i}", kind="multi"))
    return out


def noisy_copies(examples: list[Example], copies: int, key: str) -> list[Example]:
    """Seeded noisy export copies and structured wrappers of hand-written messages; each
    message's copies are drawn from ``key`` and the message alone (see ``_rng``)."""
    remedies = _remedy_lines()
    out: list[Example] = []
    for ex in examples:
        rng = _rng(key, ex.family, ex.text)
        for _ in range(copies):
            text = ex.text
            if len(ex.labels) == 1 and is_reason(ex) and ex.detail != "not_a_rejection" and rng.random() < 0.35:
                text = augment.structured(text, ex.labels[0], rng,
                                          rng.choice(remedies.get(ex.labels[0]) or [""]) or None)
            text = augment.noisy(text, ex.labels, rng, rejection=ex.detail != "not_a_rejection")
            out.append(Example(text, list(ex.labels), source=ex.source, family=ex.family, kind="noisy",
                               detail=ex.detail))
    return out


def with_real_wording(train: list[Example], real: list[Example], *, seed: int = config.SEED) -> list[Example]:
    """``train`` plus the real strings and ``config.REAL_COPIES`` seeded noisy copies of each
    (real wording is scarce), leaving out any text already there (normalised)."""
    out = list(train)
    keys = {normalize(ex.text) for ex in out}
    for ex in real + noisy_copies(real, config.REAL_COPIES, f"{seed}/real"):
        key = normalize(ex.text)
        if key and key not in keys:
            keys.add(key)
            out.append(ex)
    return out


def fingerprint(text: str) -> str:
    """A short digest of a text's normalised form: how a model folder records which held-out
    texts it was refit with, without storing them."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:16]


def fingerprint_array(texts: Sequence[str], *, distinct: bool = True) -> np.ndarray:
    """The fingerprints of ``texts`` as unsigned 64-bit integers (8 bytes a text): sorted and
    distinct, the form a model folder keeps of the texts it was trained on
    (``config.MODEL_SEEN``), or one per text in order (``distinct=False``)."""
    digests = np.array([int(fingerprint(t), 16) for t in texts], dtype=np.uint64)
    return np.unique(digests) if distinct else digests


def build_splits(examples: list[Example], *, seed: int = config.SEED) -> dict[str, list[Example]]:
    """Group split, multi-reason synthesis, noise; deduplicated on normalised text so that
    no text of dev/test is in train (and no split repeats a text)."""
    assignment = assign_splits(examples, seed=seed)
    hand = {s: [ex for ex in examples if assignment[ex.family] == s] for s in SPLITS}
    out: dict[str, list[Example]] = {}
    for s in SPLITS:
        n_multi = int(len(hand[s]) * config.MULTI_SHARE)
        copies = config.NOISY_COPIES if s == "train" else 1
        key = f"{seed}/{s}"
        out[s] = hand[s] + noisy_copies(hand[s], copies, key) + synthesise_multi(hand[s], n_multi, key, s)
    seen: set[str] = set()
    for s in SPLITS:  # train first: its texts win
        kept = []
        for ex in out[s]:
            key = normalize(ex.text)
            if key and key not in seen:
                seen.add(key)
                kept.append(ex)
        out[s] = kept
    return out


def write_csv(examples: list[Example], path: str | Path) -> None:
    """Write examples in the processed schema (UTF-8 CSV)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for ex in examples:
            w.writerow((ex.text, ";".join(ex.labels), ex.source, ex.family, ex.kind, ex.detail))
    tmp.replace(path)


def read_csv(path: str | Path) -> list[Example]:
    """Read a processed CSV table."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [
            Example(r["text"], [label for label in r["labels"].split(";") if label], r.get("source", ""),
                    r.get("family", ""),
                    r.get("kind", ""), r.get("detail", "") or "")
            for r in csv.DictReader(fh)
        ]


def build_processed(*, raw_dir: str | Path = config.RAW_MESSAGES_DIR, wild_dir: str | Path = config.RAW_WILD_DIR,
                    real_dir: str | Path = config.RAW_REAL_DIR, out_dir: str | Path = config.PROCESSED_DIR,
                    seed: int = config.SEED) -> dict[str, int]:
    """Rebuild ``processed/{train,dev,test,wild*,real}.csv`` from the raw files. Returns row
    counts. Real wording is split by source group: one part joins training (with noisy
    copies), the other is the ``real`` test split."""
    splits = build_splits(read_raw_dir(raw_dir), seed=seed)
    real = read_real_dir(real_dir)
    if real:
        real_train, real_test = split_real(real, seed=seed)
        splits["train"] = with_real_wording(splits["train"], real_train, seed=seed)
        train_keys = {normalize(ex.text) for ex in splits["train"]}
        for s in ("dev", "test"):  # a real string that is also a written dev/test text trains
            splits[s] = [ex for ex in splits[s] if normalize(ex.text) not in train_keys]
    train_keys = {normalize(ex.text) for ex in splits["train"]}
    for path in sorted(Path(wild_dir).glob("*.tsv")) if Path(wild_dir).exists() else []:
        # A wild message that happens to equal a training text (short interface strings such
        # as 域名未入库) would measure memory, not generalisation: it is left out.
        wild = [ex for ex in read_raw_tsv(path) if normalize(ex.text) not in train_keys]
        for ex in wild:
            ex.kind = "wild"
        splits[path.stem] = wild
    if real:
        splits["real"] = [ex for ex in real_test if normalize(ex.text) not in train_keys]
    counts = {}
    for name, rows in splits.items():
        write_csv(rows, Path(out_dir) / f"{name}.csv")
        counts[name] = len(rows)
    return counts


def wild_names(folder: str | Path = config.PROCESSED_DIR) -> list[str]:
    """Names of the processed held-out sets beside test: the wild sets (``wild``, ``wild2`` …)
    and ``real`` (verbatim real wording)."""
    return sorted(p.stem for p in Path(folder).glob("wild*.csv")) + \
        (["real"] if (Path(folder) / "real.csv").is_file() else [])


def load_split(name: str, *, folder: str | Path = config.PROCESSED_DIR) -> list[Example]:
    """A processed split by name (``train``, ``dev``, ``test``, ``wild``)."""
    return read_csv(Path(folder) / f"{name}.csv")


def read_labelled(path: str | Path, *, encoding: str | None = None, sheet: str | None = None,
                  text_column: str | None = None, unlabelled: list[int] | None = None,
                  notes: list[str] | None = None) -> list[Example]:
    """Labelled examples from any file: a raw TSV (``family labels text``), a processed CSV, or
    an export (CSV/TSV/XLSX/JSONL, any encoding the batch command reads) with a text column and
    a ``label`` or ``labels`` column (``;``-joined IDs). The text column is ``text_column`` (a
    name or a 1-based number), else a column named ``text``, else found as ``batch`` finds it
    (headers and content; two likely columns raise ``DataError`` asking for ``--text-column``);
    which one was taken is added to ``notes``. Rows without a label are skipped (their row
    numbers added to ``unlabelled``); a labelled row without text, an unknown detail ID or a
    detail beside no ``other`` raise ``DataError``. The classifier's own output is read by the
    input's label columns it kept (``labels (input)``), never by its answers."""
    from .io import InputError, find_text_column, formula_unguarded, read_table

    path = Path(path)
    if path.suffix == ".tsv" and text_column is None:
        first = next((line for line in _text_lines(path) if line.strip() and not line.startswith("#")), "")
        if first.split("\t") in RAW_HEADERS:
            return read_raw_tsv(path)
        if first.split("\t") == REAL_HEADER:
            return read_real_tsv(path)
    table = read_table(str(path), encoding=encoding, sheet=sheet)
    header = [h.strip().lower() for h in table.header]
    label_cols = [i for i, h in enumerate(header) if h in LABEL_COLUMNS]
    detail_name = "detail"
    if "predicted" in header and "label" in header:
        label_cols = [header.index("label")]  # a review file: only its label column is a person's answer
    elif set(config.OUTPUT_COLUMNS) <= set(header):
        # the product's own output: its label, labels and detail are the model's answers; the
        # input's columns of those names were kept as `… (input)`
        label_cols = [i for i, h in enumerate(header) if h in ("gold", "gold_labels")
                      or h in {f"{c} (input)" for c in LABEL_COLUMNS}]
        detail_name = "detail (input)"
        if not label_cols:
            table.close()
            raise DataError(f"{path.name} is the classifier's output: its label columns are the model's answers, "
                            "not gold labels; give the labelled file itself, or an output whose input had a label "
                            "column (kept as 'labels (input)')")
    if not label_cols:
        table.close()
        if not table.header:
            raise DataError(f"{path.name} is empty: a labelled file needs a header and rows")
        raise DataError(f"{path.name}: no label column (one named {', '.join(repr(c) for c in LABEL_COLUMNS)}); "
                        f"columns are {table.header}: rename the column that holds the labels")
    detail_col = header.index(detail_name) if detail_name in header else None
    try:
        # A column named `text` (the review file's) is the message; else found as batch finds it.
        if text_column is None and "text" in header:
            col = header.index("text")
        else:
            own = tuple(label_cols) + ((detail_col,) if detail_col is not None else ())
            if len(own) >= len(table.header):
                raise InputError(f"no column holds a text besides the labels; the columns are {table.header} "
                                 "(a labelled file needs a text column, best named 'text')")
            col = find_text_column(table.header, text_column, exclude=own, option="--text-column",
                                   sample=table.sample)
            if col in own:
                raise InputError(f"--text-column {text_column} is a label column")
    except InputError as exc:
        table.close()
        raise DataError(f"{path.name}: {exc}") from None
    if notes is not None and table.header[col].strip().lower() != "text":
        notes.append(f"{path.name}: text column '{table.header[col]}'"
                     + (" (name another with --text-column)" if text_column is None else ""))
    known = set(load_taxonomy().ids)
    detail_ids = set(load_taxonomy().detail_ids)
    out: list[Example] = []
    problems: list[str] = []
    for n, row in enumerate(table.rows, 2):
        n = getattr(row, "number", None) or n  # (a JSONL row: its line)
        filled = [i for i in label_cols if row[i].strip()]
        labels = _label_list(row[filled[0]]) if filled else []
        if not labels:
            if unlabelled is not None:
                unlabelled.append(n)
            continue
        other = next((i for i in filled[1:] if sorted(_label_list(row[i])) != sorted(labels)), None)
        if other is not None:  # (a reviewer's new column beside a filled one: which is meant is not ours to guess)
            problems.append(f"{path.name}:{n}: the label columns disagree ('{table.header[filled[0]]}' "
                            f"{row[filled[0]].strip()!r}, '{table.header[other]}' {row[other].strip()!r}): "
                            "keep one answer, or one label column")
            continue
        # A detail ID in the label column stands for `other` with that detail (review files);
        # `none` for `other` with no known detail.
        given = list(dict.fromkeys(label for label in labels if label in detail_ids or label == NO_DETAIL))
        labels = list(dict.fromkeys(config.OTHER if label in given else label for label in labels))
        unknown = [label for label in labels if label not in known]
        problem = ("unknown label(s) " + _with_hints(unknown, known | detail_ids) if unknown
                   else f"two details ({', '.join(given)}): a message has one" if len(given) > 1
                   else f"'{config.NOT_A_REJECTION}' beside a reason ({', '.join(labels)}): a non-rejection has no "
                   "reason" if given == [config.NOT_A_REJECTION] and len(labels) > 1 else "")
        if problem:
            problems.append(f"{path.name}:{n}: {problem}")
            continue
        column = _label_id(row[detail_col]) if detail_col is not None else ""
        detail = given[0] if given else column
        if given and column and column != detail:
            problem = f"the label column gives the detail '{detail}', the detail column '{column}': keep one"
        elif detail and detail not in detail_ids and detail != NO_DETAIL:
            problem = f"unknown detail {_with_hints([detail], detail_ids | {NO_DETAIL})}"
        elif detail and config.OTHER not in labels:
            problem = f"detail '{detail}' beside no '{config.OTHER}' ({';'.join(labels)}): a detail belongs to " \
                      f"messages labelled '{config.OTHER}'"
        elif not row[col].strip():
            problem = f"a label ({';'.join(labels)}) but no text in column '{table.header[col]}'"
        if problem:
            problems.append(f"{path.name}:{n}: {problem}")
            continue
        out.append(Example(formula_unguarded(row[col]), labels, source=path.name, family=f"{path.stem}/{n}",
                           kind="extra", detail=detail))
    if problems:  # every row at fault at once, not one per run
        shown = problems[:MAX_PROBLEMS] + ([f"… and {len(problems) - MAX_PROBLEMS} more"]
                                           if len(problems) > MAX_PROBLEMS else [])
        raise DataError(shown[0] if len(problems) == 1 else f"{len(problems)} rows to mend:\n  " + "\n  ".join(shown))
    return out


#: Rows at fault named at most in one message of ``read_labelled``.
MAX_PROBLEMS = 20


#: Columns whose cells are labels (``;``-joined IDs) in a labelled file.
LABEL_COLUMNS = ("labels", "label", "gold", "gold_labels", "标签", "类别", "正确类别", "正确标签", "人工标注")


#: Between the IDs of a label cell: ``;`` as written, and what people type instead (IDs hold
#: none of these).
_LABEL_SEPARATORS = re.compile(r"[;；,，、|｜/／\s]+")


def _label_list(raw: str) -> list[str]:
    """The IDs of a label cell, in any case: ``;``-joined (also ``；``, ``,``, ``，``, ``、``,
    ``|``, ``/`` or spaces, as people type them), or a JSON list as a JSONL review file gives
    ``predicted`` (["website_name_invalid", "other"]); ``none`` in any case is ``none``."""
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        try:
            items = json.loads(raw)
        except ValueError:
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            return [_label_id(i) for i in items if i.strip()]
    return [_label_id(label) for label in _LABEL_SEPARATORS.split(raw) if label]


def _label_id(label: str) -> str:
    """A label as typed, as the ID it is: IDs are lower case (``Documents_Invalid``, ``NONE``)."""
    label = label.strip()
    return label.lower() if label.isascii() else label


def _with_hints(unknown: list[str], known) -> str:
    """Unknown label IDs, each with a suggestion: the ID whose title it is, else the closest
    ID, else the list of IDs."""
    import difflib
    taxonomy = load_taxonomy()
    titles = {c.title: c.id for c in taxonomy.categories} | {d.title: d.id for d in taxonomy.details}

    def hint(u: str) -> str:
        if u in titles:
            return f"'{u}' (the title of '{titles[u]}': use the ID)"
        close = difflib.get_close_matches(u.strip().lower(), list(known), n=1)
        if close:
            return f"'{u}' (did you mean '{close[0]}'?)"
        return f"'{u}' (the IDs are {', '.join(sorted(known))})"
    return ", ".join(hint(u) for u in unknown)


#: Fewer training examples than this for a category is a warning; none is an error.
MIN_PER_LABEL = 10


def answer_of(ex: Example) -> tuple[str, ...]:
    """What a labelled example answers, to compare two labellings of one text: its labels in
    order of name, and ``detail=…`` for a known detail of ``other``."""
    labels = tuple(sorted(ex.labels))
    if config.OTHER in labels and ex.detail and ex.detail != NO_DETAIL:
        labels += (f"detail={ex.detail}",)
    return labels


def where_listed(examples: Sequence[Example], most: int = 10) -> str:
    """Where the first ``most`` examples came from (``where_from``), for a message."""
    return ", ".join(map(where_from, examples[:most])) + (f" … and {len(examples) - most:,} more"
                                                          if len(examples) > most else "")


def where_from(ex: Example) -> str:
    """Where a training example came from: file:row for a row of a user's file (``--extra``),
    else its template family or source."""
    if ex.kind == "extra":
        return f"{ex.source}:{ex.family.rsplit('/', 1)[-1]}"
    return ex.family or ex.source or "?"


def conflicts(examples: Sequence[Example], *, dupes: list[str] | None = None) -> str:
    """What is wrong where one text (after normalising) is given two answers: an empty string
    where none is, else how many texts and the first three with their answers and rows. Texts
    given twice with the same answer are added to ``dupes``."""
    by_text: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)  # label sets and where each came from
    for ex in examples:
        key = normalize(ex.text or "")
        if not key:
            continue
        labels = answer_of(ex)  # (two details for one text conflict)
        where = where_from(ex)
        if labels in by_text[key] and dupes is not None:
            dupes.append(f"'{key[:40]}' ({by_text[key][labels]} and {where})")
        by_text[key].setdefault(labels, where)
    found = [(k, v) for k, v in by_text.items() if len(v) > 1]
    if not found:
        return ""
    shown = "; ".join(f"'{k[:40]}' -> " + " vs ".join(f"{'+'.join(ls)} ({where})" for ls, where in sorted(v.items()))
                      for k, v in found[:3])
    return f"{len(found)} texts carry conflicting labels, e.g. {shown}"


def validate_examples(examples: list[Example]) -> list[str]:
    """Check training data before fitting. Raises DataError for what makes training
    impossible or wrong (unknown labels, empty texts, conflicting labels for one text, a
    category with no example); returns warnings (duplicates, thin categories)."""
    ids = load_taxonomy().ids
    errors: list[str] = []
    warnings_: list[str] = []
    unknown = sorted({label for ex in examples for label in ex.labels if label not in ids})
    if unknown:
        errors.append("unknown labels: " + _with_hints(unknown, ids))
    empty = [ex for ex in examples if not normalize(ex.text or "")]
    if empty:
        errors.append(f"{len(empty)} empty texts (first from {empty[0].source or '?'}); remove them or fill them in")
    dupes: list[str] = []  # each duplicate: its text, where it came first and again
    conflicting = conflicts(examples, dupes=dupes)
    if conflicting:
        errors.append(conflicting)
    if dupes:
        warnings_.append(f"{len(dupes)} duplicate texts (same labels), e.g. " + "; ".join(dupes[:3]))
    counts = Counter(label for ex in examples for label in ex.labels)
    missing = [label for label in ids if counts[label] == 0]
    if missing:
        errors.append(f"no training example for {', '.join(missing)}: every category needs examples")
    thin = [f"{label} ({counts[label]})" for label in ids if 0 < counts[label] < MIN_PER_LABEL]
    if thin:
        warnings_.append(f"categories with fewer than {MIN_PER_LABEL} examples: {', '.join(thin)}")
    if errors:
        raise DataError("training data is not usable:\n  " + "\n  ".join(errors))
    return warnings_
