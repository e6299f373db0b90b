"""The fitted model as plain arrays, for prediction without scikit-learn.

``LinearModel`` holds the vocabularies, IDF weights, the stacked one-vs-rest weights and the
decision thresholds that ``RejectionModel.fit`` produced. It computes exactly the numbers the
scikit-learn pipeline computes (a test checks) without scikit-learn: NumPy only for a few texts,
plus SciPy's sparse product for large batches (imported then). A new process answers in well
under a second, and the pickle holds only NumPy arrays, strings and this class."""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import NamedTuple

import numpy as np

from . import config
from .codeindex import ITEM_BITS, MAX_ITEM, MAX_ORDER, CodeIndex, pack
from .text import clause_spans, states_no_reason, is_word, normalize, segmenter, tokenize

_WHITESPACE = re.compile(r"\s\s+")


class Evidence(NamedTuple):
    """What the model saw in one text: whole-text probabilities, and per-clause ones where the
    text has several clauses (rows of ``clause_p`` follow ``clauses``)."""

    p: np.ndarray
    clauses: list[str]
    clause_p: np.ndarray | None


def _pack_terms(items: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The packed code of each vocabulary term, given the items of all terms one after the
    other and each term's length (the same packing as ``codeindex.pack``)."""
    if not len(lengths):
        return np.zeros(0, np.uint64)
    if lengths.min() < 1 or lengths.max() > MAX_ORDER:
        raise ValueError(f"vocabulary terms must have 1 to {MAX_ORDER} items")
    starts = np.cumsum(lengths) - lengths
    shift = (np.repeat(starts + lengths, lengths) - np.arange(len(items)) - 1) * ITEM_BITS
    return np.bitwise_or.reduceat(items.astype(np.uint64) << shift.astype(np.uint64), starts)


_DERIVED_LOCK = threading.RLock()
#: Non-zero features from which the sparse product goes through SciPy (about 100 texts).
_SPARSE_FROM = 20_000
#: Characters (texts and clauses) from which features are built with array operations.
_ARRAYS_FROM = 1_000
#: Texts up to which decisions are taken one by one (``labels_for``) rather than as arrays.
_ONE_BY_ONE = 8
#: The largest n-gram key kept in 32 bits.
_INT32_KEYS_UP_TO = int(np.iinfo(np.int32).max)
#: Texts whose probabilities are computed together (larger batches go a block at a time).
_CHUNK = 1_000


class _SegmentIds(dict):
    """jieba segment -> its token number (0: a word outside the vocabulary, -1: whitespace or
    punctuation), remembered; cleared past ``limit`` entries, so memory stays bounded."""

    limit = 100_000

    def __init__(self, token_ids: dict[str, int]) -> None:
        super().__init__()
        self._token_ids = token_ids

    def __missing__(self, segment: str) -> int:
        if len(self) >= self.limit:
            self.clear()
        number = self[segment] = self._token_ids.get(segment, 0) if is_word(segment) else -1
        return number


class _Tables(NamedTuple):
    token_ids: dict[str, int]
    segment_ids: _SegmentIds
    words: CodeIndex
    chars: CodeIndex


def _word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    """scikit-learn's word n-grams (space-joined)."""
    out = list(tokens) if lo == 1 else []
    for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
        out.extend(" ".join(tokens[i: i + n]) for i in range(len(tokens) - n + 1))
    return out


def _char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """scikit-learn's character n-grams (``analyzer="char"``)."""
    out = list(text) if lo == 1 else []
    for n in range(max(lo, 2), min(hi, len(text)) + 1):
        out.extend(map("".join, zip(*(text[i:] for i in range(n)))))
    return out


def _collapse(texts: Sequence[str]) -> list[str]:
    """Whitespace runs as one space, as scikit-learn's character analyzer sees a text."""
    return [_WHITESPACE.sub(" ", t) for t in texts]


def _sizes(starts: np.ndarray, end: int) -> np.ndarray:
    """Lengths of the runs that begin at ``starts`` (ascending), the last one ending at ``end``
    (``np.diff(starts, append=end)`` without its generic overhead, which one text notices)."""
    sizes = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=sizes[:-1])
    if len(starts):
        sizes[-1] = end - starts[-1]
    return sizes


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # = 1 / (1 + exp(-z)), without overflow warnings


class LinearModel:
    """TF-IDF (jieba words + characters) and one-vs-rest logistic weights as plain arrays."""

    def __init__(self, *, classes: Sequence[str], word_vocab: dict[str, int], char_vocab: dict[str, int],
                 idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray,
                 word_ngram_range: tuple[int, int], char_ngram_range: tuple[int, int],
                 threshold: float = 0.5, extra_threshold: float = 0.5, clause_threshold: float = 1.01,
                 details: tuple[Sequence[str], np.ndarray, np.ndarray] | None = None) -> None:
        self.classes_ = np.array(list(classes))
        self.word_vocab = word_vocab
        self.char_vocab = char_vocab
        # float32 halves the shipped file; sums are taken in float64 (probabilities agree with
        # scikit-learn's to about 1e-6).
        self.idf = np.asarray(idf, dtype=np.float32)
        self.coef_ = np.ascontiguousarray(coef, dtype=np.float32)
        self.intercept_ = np.asarray(intercept, dtype=np.float64)
        self.word_ngram_range = tuple(word_ngram_range)
        self.char_ngram_range = tuple(char_ngram_range)
        for lo, hi in (self.word_ngram_range, self.char_ngram_range):
            if not 1 <= lo <= hi <= MAX_ORDER:
                raise ValueError(f"n-gram range ({lo}, {hi}) is not supported: orders 1 to {MAX_ORDER}")
        self.thresholds_ = np.full(len(self.classes_), float(threshold))
        self.extra_threshold_ = float(extra_threshold)
        self.clause_threshold_ = float(clause_threshold)
        # The detail of `other` texts: a multinomial model over the same features ("" = none known).
        if details is None:
            self.detail_classes_, self.detail_coef_, self.detail_intercept_ = (), None, None
        else:
            names, coef, intercept = details
            self.detail_classes_ = tuple(names)
            self.detail_coef_ = np.ascontiguousarray(coef, dtype=np.float32)
            self.detail_intercept_ = np.asarray(intercept, dtype=np.float64)

    @property
    def n_word(self) -> int:
        return len(self.word_vocab)

    # -- features and probabilities -------------------------------------------------------------
    def prepare_for_batches(self) -> None:
        """Build the lookup tables and import SciPy's sparse product now, as large batches
        will need them (the batch command calls this before it creates any output file)."""
        self._tables()
        import scipy.sparse  # noqa: F401

    def _derived(self, name: str, build):
        """A value computed from the fitted arrays on first use and kept (never pickled)."""
        cache = self.__dict__.setdefault("_derived_values", {})
        value = cache.get(name)
        if value is None:
            with _DERIVED_LOCK:
                value = cache.get(name)
                if value is None:
                    value = cache[name] = build()
        return value

    def _tables(self) -> _Tables:
        """Token numbers and packed-code indexes of both vocabularies."""
        return self._derived("tables", self._build_tables)

    def _build_tables(self) -> _Tables:
        terms = list(self.word_vocab)
        tokens = " ".join(terms).split(" ")
        token_ids = {t: i + 1 for i, t in enumerate(dict.fromkeys(tokens))}
        if len(token_ids) > MAX_ITEM:
            raise ValueError(f"{len(token_ids)} distinct vocabulary tokens; at most {MAX_ITEM} are supported")
        words = CodeIndex(_pack_terms(np.fromiter(map(token_ids.__getitem__, tokens), np.int64, len(tokens)),
                                      np.fromiter((t.count(" ") + 1 for t in terms), np.int64, len(terms))),
                          np.fromiter(self.word_vocab.values(), np.int64, len(terms)))
        terms = list(self.char_vocab)
        points = np.frombuffer("".join(terms).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
        chars = CodeIndex(_pack_terms(points, np.fromiter(map(len, terms), np.int64, len(terms))),
                          np.fromiter(self.char_vocab.values(), np.int64, len(terms)))
        return _Tables(token_ids, _SegmentIds(token_ids), words, chars)

    def features(self, normalized: Sequence[str],
                 clauses: Sequence[tuple[int, int, int]] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Sparse TF-IDF rows as (indptr, column indices, values): sublinear TF x IDF, L2-normalised
        separately for the word block and the character block, as the two vectorizers do.

        One row per text, then one per clause in ``clauses`` (text index, start, end): a clause's
        row is exactly the row its own text would get. Every n-gram is packed into one integer
        (``codeindex``) and all are looked up and counted with array operations. Clause rows reuse
        their text's n-grams: characters always; jieba words when the text's segmentation has a
        boundary at both ends of the clause (segmenting the clause on its own then gives the same
        words: jieba's best path through a boundary is the best path on each side of it),
        otherwise the clause is segmented on its own."""
        return self._features(_collapse(normalized), clauses)

    def _features(self, docs: Sequence[str],
                  clauses: Sequence[tuple[int, int, int]] = ()) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``features`` for texts whose whitespace runs are already collapsed."""
        n, m = len(docs), len(clauses)
        if sum(map(len, docs)) <= _ARRAYS_FROM:
            # A few short texts (one predict() call): plain Python look-ups beat the fixed cost
            # of the array operations below.
            return self._features_python([*docs, *(docs[t][a:b] for t, a, b in clauses)])
        tables = self._tables()
        n_word, bits = self.n_word, self._col_bits()
        # 32-bit keys whenever they fit (blocks of 1,000 texts do): half the memory traffic, and
        # NumPy sorts them several times faster.
        key_type = np.int32 if (n + m) << bits <= _INT32_KEYS_UP_TO else np.int64
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
        total = int(lengths.sum())
        owner = np.full(total + 1, -1, dtype=np.int64)  # the clause each character belongs to
        if m:
            spans = np.asarray(clauses, dtype=np.int64).reshape(m, 3)
            offsets = np.cumsum(lengths) - lengths
            starts = offsets[spans[:, 0]] + spans[:, 1]
            ends = offsets[spans[:, 0]] + spans[:, 2]
            width = ends - starts
            owner[np.repeat(starts - (np.cumsum(width) - width), width) + np.arange(int(width.sum()))] = \
                np.repeat(np.arange(m), width)
        keys: list[np.ndarray] = []

        def add(rows, cols, offset, first, last, share=None):
            """Keys of found n-grams (rows, cols), and again for the clause holding each n-gram
            from character ``first`` to ``last``, if any (and if ``share`` allows it)."""
            found = cols >= 0
            rows, cols, first, last = rows[found], cols[found] + offset, first[found], last[found]
            keys.append(((rows << bits) | cols).astype(key_type))
            if m:
                c = owner[first]
                inside = (c >= 0) & (owner[last] == c)
                if share is not None:
                    inside &= share[np.maximum(c, 0)]
                keys.append((((n + c[inside]) << bits) | cols[inside]).astype(key_type))

        # Characters.
        points = np.frombuffer("".join(docs).encode("utf-32-le"), dtype=np.uint32).astype(np.int64) + 1
        lo, hi = self.char_ngram_range
        for order in range(lo, hi + 1):
            codes, rows, first = pack(points, lengths, order)
            add(rows, tables.chars.lookup(codes), n_word, first, first + order - 1)

        # Words.
        segs = list(map(segmenter(), docs))
        flat = list(chain.from_iterable(segs))
        seg_len = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
        ids = np.fromiter(map(tables.segment_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        word = ids >= 0
        ids = ids[word]
        seg_start = np.cumsum(seg_len) - seg_len
        seg_text = np.repeat(np.arange(n), np.fromiter(map(len, segs), dtype=np.int64, count=n))
        word_start, word_end = seg_start[word], (seg_start + seg_len)[word]
        per_text = np.bincount(seg_text[word], minlength=n)
        share = np.zeros(m, dtype=bool)
        if m and np.array_equal(np.bincount(seg_text, weights=seg_len, minlength=n), lengths):
            boundary = np.zeros(total + 1, dtype=bool)
            boundary[seg_start] = True
            boundary[total] = True
            share = boundary[starts] & boundary[ends]
        lo, hi = self.word_ngram_range
        for order in range(lo, hi + 1):
            codes, rows, first = pack(ids, per_text, order)
            add(rows, tables.words.lookup(codes), 0, word_start[first], word_end[first + order - 1] - 1, share)
        own = np.flatnonzero(~share)
        if len(own):
            tokens = [tokenize(docs[t][a:b]) for t, a, b in spans[own].tolist()]
            ids = np.fromiter(map(tables.token_ids.get, chain.from_iterable(tokens), repeat(0)), dtype=np.int64)
            for order in range(lo, hi + 1):
                codes, rows, _ = pack(ids, np.fromiter(map(len, tokens), dtype=np.int64, count=len(own)), order)
                cols = tables.words.lookup(codes)
                found = cols >= 0
                keys.append((((n + own[rows[found]]) << bits) | cols[found]).astype(key_type))

        return self._tfidf(np.concatenate(keys) if keys else np.zeros(0, key_type), n + m)

    def _col_bits(self) -> int:
        """Bits of a column number: an n-gram's key is (row << bits) | column."""
        return self._derived("col_bits", lambda: max(1, (len(self.idf) - 1).bit_length()))

    def _tfidf(self, keys: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR rows from the keys ((row << ``_col_bits``) | column) of every n-gram found:
        counted, sublinear TF x IDF, each row's word and character blocks L2-normalised."""
        bits = self._col_bits()
        flat = np.sort(keys)
        first = np.ones(len(flat), dtype=bool)  # the first of each run of equal keys
        np.not_equal(flat[1:], flat[:-1], out=first[1:])
        unique = flat[first]
        cols = (unique & ((1 << bits) - 1)).astype(np.int32, copy=False)
        vals = self._derived("idf64", lambda: self.idf.astype(np.float64))[cols]
        again = flat[~first]  # further occurrences of a key in its row (few)
        if len(again):
            owners = np.searchsorted(unique, again)  # sorted: runs of equal entries
            starts = np.flatnonzero(np.not_equal(owners, np.concatenate(([-1], owners[:-1]))))
            more = _sizes(starts, len(owners))
            vals[owners[starts]] *= np.log(more + 1.0) + 1.0  # sublinear TF: 1 + log(count)
        # Sorted keys: each row's word columns, then its character columns. The boundaries of
        # both blocks of every row by binary search, then one sum of squares per block.
        row_keys = np.arange(n_rows, dtype=flat.dtype) << bits
        bounds = np.searchsorted(unique, np.column_stack([row_keys, row_keys + self.n_word]).ravel())
        sizes = _sizes(bounds, len(unique))
        squares = np.add.reduceat(np.append(vals * vals, 0.0), bounds) if n_rows else np.zeros(0)
        vals /= np.repeat(np.sqrt(squares), sizes)
        indptr = np.append(bounds[::2], len(unique)).astype(np.int32)
        return indptr, cols, vals

    def _features_python(self, units: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``features`` for a few short texts: n-gram strings looked up in the vocabulary dicts
        (each clause segmented on its own). The same numbers (a test checks), with less fixed
        cost than the array pipeline."""
        n = len(units)
        bits = self._col_bits()
        keys = []
        for terms, vocab, offset in (
            ([_word_ngrams(tokenize(u), *self.word_ngram_range) for u in units], self.word_vocab, 0),
            ([_char_ngrams(u, *self.char_ngram_range) for u in units], self.char_vocab, self.n_word),
        ):
            lengths = np.fromiter(map(len, terms), dtype=np.int64, count=n)
            cols = np.fromiter(map(vocab.get, chain.from_iterable(terms), repeat(-1)), dtype=np.int64,
                               count=int(lengths.sum()))
            rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
            keep = cols >= 0
            keys.append((rows[keep] << bits) | (cols[keep] + offset))
        return self._tfidf(np.concatenate(keys), n)

    def proba_normalized(self, normalized: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for normalised texts, shape (n, n_classes)."""
        return self._proba(_collapse(normalized))

    def _proba(self, docs: Sequence[str], clauses: Sequence[tuple[int, int, int]] = ()) -> np.ndarray:
        """Probabilities of every row of ``_features(docs, clauses)``."""
        n = len(docs) + len(clauses)
        if not n:
            return np.zeros((0, len(self.classes_)))
        if len(docs) > _CHUNK:
            # Large batches a block of texts at a time: arrays that stay in the cache and in
            # memory the allocator reuses (one pass over 20,000 texts took a fifth longer).
            out = np.empty((n, len(self.classes_)))
            owner = np.fromiter((t for t, _, _ in clauses), dtype=np.int64, count=len(clauses))
            for start in range(0, len(docs), _CHUNK):
                end = min(start + _CHUNK, len(docs))
                mine = np.flatnonzero((owner >= start) & (owner < end))
                part = self._proba(docs[start:end],
                                   [(t - start, a, b) for t, a, b in map(clauses.__getitem__, mine.tolist())])
                out[start:end] = part[: end - start]
                out[len(docs) + mine] = part[end - start:]
            return out
        return _sigmoid(self._product(self._features(docs, clauses), self.coef_) + self.intercept_)

    def _product(self, rows: tuple[np.ndarray, np.ndarray, np.ndarray], coef: np.ndarray) -> np.ndarray:
        """Sparse TF-IDF rows (indptr, columns, values) times a weight matrix."""
        indptr, cols, vals = rows
        n = len(indptr) - 1
        if len(cols) >= _SPARSE_FROM:
            # Large batches: SciPy's compiled sparse product (imported only here, so that
            # loading the model and classifying a few texts never pays for importing SciPy).
            from scipy.sparse import csr_matrix
            return csr_matrix((vals, cols, indptr), shape=(n, len(self.idf))) @ coef
        z = np.zeros((n, coef.shape[1]))
        for i, (a, b) in enumerate(zip(indptr[:-1].tolist(), indptr[1:].tolist())):
            if b > a:
                z[i] = vals[a:b] @ coef[cols[a:b]]
        return z

    def detail_proba(self, normalized: Sequence[str]) -> np.ndarray:
        """Probabilities of each detail (``detail_classes_``, "" = none known) for normalised
        texts, shape (n, n_details); (n, 0) for a model without details."""
        coef = getattr(self, "detail_coef_", None)
        if coef is None or not len(normalized):
            return np.zeros((len(normalized), 0))
        z = self._product(self._features(_collapse(normalized)), coef) + self.detail_intercept_
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for raw texts (independent, do not sum to 1)."""
        return self.proba_normalized([normalize(t) for t in texts])

    # -- decisions ------------------------------------------------------------------------------
    def _with_clauses(self, normalized: Sequence[str]):
        """(texts, clause spans of each, clause rows, probabilities): one row per text, then one
        per clause of every text with several clauses (lines, numbered items, ``驳回原因一/二``
        blocks, connectives), all in one feature pass."""
        docs = _collapse(normalized)  # no change for normalize()'s output
        spans = [clause_spans(d) for d in docs]
        clauses = [(i, a, b) for i, sp in enumerate(spans) if len(sp) > 1 for a, b in sp]
        proba = self._proba(docs, clauses)
        return docs, spans, clauses, proba

    def probas(self, normalized: Sequence[str]) -> list[Evidence]:
        """Per text: whole-text probabilities, and per-clause ones where the text has several
        clauses."""
        docs, spans, _, proba = self._with_clauses(normalized)
        out, k = [], len(docs)
        for p, d, sp in zip(proba, docs, spans):
            if len(sp) > 1:
                out.append(Evidence(p, [d[a:b] for a, b in sp], proba[k: k + len(sp)]))
                k += len(sp)
            else:
                out.append(Evidence(p, [d[a:b] for a, b in sp], None))
        return out

    def decide(self, normalized: Sequence[str]) -> list[tuple[list[str], np.ndarray]]:
        """Label sets (primary first) and whole-text probabilities for normalised texts: the
        decisions of ``labels_for``, taken for all texts at once (``decisions``)."""
        docs, spans, clauses, proba = self._with_clauses(normalized)
        n = len(docs)
        counts = np.fromiter((len(sp) if len(sp) > 1 else 0 for sp in spans), dtype=np.int64, count=n)

        def clause_text(k: int) -> str:
            i, a, b = clauses[k]
            return docs[i][a:b]
        return list(zip(self.decisions(proba[:n], proba[n:], counts, clause_text), proba[:n]))

    def decisions(self, p: np.ndarray, clause_p: np.ndarray, counts: np.ndarray,
                  clause_text: Callable[[int], str]) -> list[list[str]]:
        """``labels_for`` of many texts at once, with array operations (a test checks they agree).

        ``p``: whole-text probabilities (n, classes); ``clause_p``: the clause rows of all texts
        with several clauses, one text after the other; ``counts``: each text's number of clause
        rows (0 when it has a single clause); ``clause_text(k)``: the text of clause row ``k``
        (read only for clauses that would add `other`, to leave out headers and boilerplate)."""
        n, n_classes = p.shape
        if n <= _ONE_BY_ONE:  # the array operations' fixed cost is more than a few texts take
            out, k = [], 0
            for i, c in enumerate(counts.tolist()):
                clauses = [clause_text(j) for j in range(k, k + c)]
                out.append(self.labels_for(Evidence(p[i], clauses, clause_p[k:k + c] if c else None)))
                k += c
            return out
        thr = self.thresholds_
        rows = np.arange(n)
        top = p.argmax(axis=1)
        chosen = p >= np.maximum(thr, self.extra_threshold_)
        chosen[rows, top] |= p[rows, top] >= thr[top]
        other = self._other_index()
        multi = np.flatnonzero(counts)
        first = np.zeros((n, n_classes))  # the first clause stating each label (0: one clause)
        strong_other = np.zeros(n, dtype=bool)
        if len(multi):
            sizes = counts[multi]
            starts = np.cumsum(sizes) - sizes
            # Clauses that state a reason (not headers, instructions, advice or history).
            reason = np.fromiter((not states_no_reason(clause_text(k)) for k in range(len(clause_p))),
                                 dtype=bool, count=len(clause_p))
            leaning = (clause_p >= np.minimum(thr, 0.5)) & reason[:, None]
            strong = (clause_p >= self.clause_threshold_) & reason[:, None]
            stated = np.logical_or.reduceat(strong, starts, axis=0)
            chosen[multi] |= stated
            if other >= 0:
                strong_other[multi] = stated[:, other]
            # First reason clause over min(threshold, 0.5); where there is none, the (first) most likely.
            local = (np.arange(len(clause_p)) - np.repeat(starts, sizes))[:, None]
            never = len(clause_p) + 1
            over = np.minimum.reduceat(np.where(leaning, local, never), starts, axis=0)
            top_clause = np.maximum.reduceat(clause_p, starts, axis=0)
            likeliest = np.minimum.reduceat(np.where(clause_p == np.repeat(top_clause, sizes, axis=0), local, never),
                                            starts, axis=0)
            first[multi] = np.where(over < never, over, likeliest)
        if other >= 0:
            # `other` beside FAQ reasons only when clearly stated on its own.
            weak = (p[:, other] < max(thr[other], 0.5)) & ~strong_other
            chosen[chosen[:, other] & weak & (chosen.sum(axis=1) > 1), other] = False
        count = chosen.sum(axis=1)
        classes = self.classes_.tolist()
        empty = [config.OTHER] if other >= 0 else None
        out = [[classes[j]] if c == 1 else (empty or [classes[t]])
               for c, j, t in zip(count.tolist(), chosen.argmax(axis=1).tolist(), top.tolist())]
        several = np.flatnonzero(count > 1)
        if len(several):
            # Order: the first clause stating a label, then the higher probability; `other` last.
            if other >= 0:
                first[:, other] = np.inf
            for i, picked, at, prob in zip(several.tolist(), chosen[several].tolist(), first[several].tolist(),
                                           p[several].tolist()):
                js = [j for j in range(n_classes) if picked[j]]
                out[i] = [classes[j] for j in sorted(js, key=lambda j: (at[j], -prob[j]))]
        return out

    def _other_index(self) -> int:
        """The column of `other` (-1 if the model has none)."""
        def build() -> int:
            classes = self.classes_.tolist()
            return classes.index(config.OTHER) if config.OTHER in classes else -1
        return self._derived("other", build)

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Ordered label lists for raw texts."""
        return [labels for labels, _ in self.decide([normalize(t) for t in texts])]

    def labels_for(self, ev: Evidence) -> list[str]:
        """The label set of one text from its evidence, primary (first stated) first.

        Plain Python over the 15 probabilities (NumPy's per-call cost dominates arrays this small)."""
        p = ev.p.tolist()
        n = len(p)
        thr = self.thresholds_.tolist()
        classes = self.classes_.tolist()
        other_idx = self._other_index()
        # The most likely category needs `thresholds_`; every further one the (higher)
        # `extra_threshold_`, since a second reason in one sentence must be clearly stated.
        top = max(range(n), key=p.__getitem__)
        chosen = {top} if p[top] >= thr[top] else set()
        chosen.update(j for j in range(n) if p[j] >= max(thr[j], self.extra_threshold_))
        clause_p = ev.clause_p.tolist() if ev.clause_p is not None else None
        strong_other = False
        reason = [not states_no_reason(c) for c in ev.clauses] if clause_p is not None else []
        if clause_p is not None:
            # A clause over `clause_threshold_` adds its category, unless it states no reason:
            # a header or politeness (初审驳回：, 您好，存在以下问题), an instruction, advice or
            # history (请勿重复提交, 过户完成后上传…, 已完成过户).
            for k, row in enumerate(clause_p):
                if not reason[k] or max(row) < self.clause_threshold_:
                    continue
                for j, v in enumerate(row):
                    if v >= self.clause_threshold_:
                        strong_other |= j == other_idx
                        chosen.add(j)
        if other_idx >= 0 and other_idx in chosen and len(chosen) > 1:
            # `other` beside FAQ reasons only when it is clearly stated on its own.
            if p[other_idx] < max(thr[other_idx], 0.5) and not strong_other:
                chosen.discard(other_idx)
        if not chosen:
            return [config.OTHER] if other_idx >= 0 else [classes[top]]

        # Order: the first clause that states a label (over min(threshold, 0.5); else its most
        # likely clause), then the higher whole-text probability; `other` never leads.
        labels = sorted(chosen)
        key = {}
        for j in labels:
            first = 0
            if clause_p is not None:
                column = [row[j] for row in clause_p]
                limit = min(thr[j], 0.5)
                first = next((k for k, v in enumerate(column) if v >= limit and reason[k]), None)
                if first is None:
                    first = max(range(len(column)), key=column.__getitem__)
            key[j] = (float("inf") if j == other_idx and len(labels) > 1 else float(first), -p[j])
        return [classes[j] for j in sorted(labels, key=key.__getitem__)]

    # -- explanations ---------------------------------------------------------------------------
    def feature_names(self) -> np.ndarray:
        """``w:`` jieba word n-grams, then ``c:`` character n-grams, in column order."""
        def build() -> np.ndarray:
            names = np.empty(len(self.idf), dtype=object)
            for term, j in self.word_vocab.items():
                names[j] = f"w:{term}"
            for term, j in self.char_vocab.items():
                names[self.n_word + j] = f"c:{term}"
            return names
        return self._derived("names", build)

    def explain(self, text: str, label: str, *, k: int = 5) -> list[tuple[str, float]]:
        """The features that pushed ``text`` towards ``label`` most (feature value x weight)."""
        j = int(np.flatnonzero(self.classes_ == label)[0])
        _, cols, vals = self.features([normalize(text)])
        contrib = vals * self.coef_[cols, j]
        names = self.feature_names()
        order = np.argsort(-contrib)[:k]
        return [(str(names[cols[i]]), float(contrib[i])) for i in order if contrib[i] > 0]

    def __getstate__(self):
        state = self.__dict__.copy()
        state.pop("_derived_values", None)
        # Each vocabulary as one NUL-joined string and an array of columns: a dict of 70,000
        # strings costs joblib's (pure Python) unpickler most of a second; this, milliseconds.
        for name in ("word_vocab", "char_vocab"):
            vocab = state[name]
            terms = "\x00".join(vocab)
            if vocab and terms.count("\x00") == len(vocab) - 1:
                del state[name]
                state[f"{name}_terms"] = terms
                state[f"{name}_cols"] = np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))
        return state

    def __setstate__(self, state):
        for name in ("word_vocab", "char_vocab"):
            if f"{name}_terms" in state:
                terms, cols = state.pop(f"{name}_terms"), state.pop(f"{name}_cols")
                state[name] = dict(zip(terms.split("\x00"), cols.tolist()))
        self.__dict__.update(state)
