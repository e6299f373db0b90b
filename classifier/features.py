"""Text to sparse TF-IDF rows without scikit-learn: the same numbers as the two fitted
vectorizers (jieba word n-grams and character n-grams, sublinear TF, each block L2-normalised),
computed with NumPy. A test checks them against scikit-learn's transform."""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from itertools import chain, repeat
from typing import Any, NamedTuple

import numpy as np

from .codeindex import ITEM_BITS, MAX_ITEM, MAX_ORDER, CodeIndex, pack
from .concepts import ConceptTagger
from .text import is_word, segmenter, tokenize

_WHITESPACE = re.compile(r"\s\s+")
#: Characters (texts and clauses) from which features are built with array operations.
_ARRAYS_FROM = 1_000
#: The largest n-gram key kept in 32 bits.
_INT32_KEYS_UP_TO = int(np.iinfo(np.int32).max)

#: Sparse rows: (indptr, column indices, values), as in a CSR matrix.
Rows = tuple[np.ndarray, np.ndarray, np.ndarray]


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
        # Shifted copies of the text: the shortest one ends the n-grams.
        out.extend(map("".join, zip(*(text[i:] for i in range(n)), strict=False)))
    return out


def word_tokens(normalized: str, concepts: ConceptTagger | None) -> list[str]:
    """The tokens of the word block: jieba words, then the concept tokens (if any)."""
    words = tokenize(normalized)
    return words + concepts.tokens(normalized) if concepts is not None else words


def collapse(texts: Sequence[str]) -> list[str]:
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


class Featurizer:
    """The fitted vocabularies and IDF weights, turning normalised texts (and clauses of
    them) into TF-IDF rows."""

    def __init__(self, *, word_vocab: dict[str, int], char_vocab: dict[str, int], idf: np.ndarray,
                 word_ngram_range: tuple[int, int], char_ngram_range: tuple[int, int],
                 concepts: ConceptTagger | None = None) -> None:
        self.word_vocab = word_vocab
        self.char_vocab = char_vocab
        # float32 halves the shipped file; sums are taken in float64 (probabilities agree with
        # scikit-learn's to about 1e-6).
        self.idf = np.asarray(idf, dtype=np.float32)
        self.word_ngram_range = tuple(word_ngram_range)
        self.char_ngram_range = tuple(char_ngram_range)
        for lo, hi in (self.word_ngram_range, self.char_ngram_range):
            if not 1 <= lo <= hi <= MAX_ORDER:
                raise ValueError(f"n-gram range ({lo}, {hi}) is not supported: orders 1 to {MAX_ORDER}")
        #: Concept tokens that follow each text's (and clause's) jieba words; None: words only.
        self.concepts = concepts
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def word_tokens(self, normalized: str) -> list[str]:
        """The tokens of the word block (``word_tokens`` with this featurizer's concepts)."""
        return word_tokens(normalized, self.concepts)

    @property
    def n_word(self) -> int:
        return len(self.word_vocab)

    def _derived(self, name: str, build: Callable[[], Any]) -> Any:
        """A value computed from the fitted arrays on first use and kept."""
        value = self._cache.get(name)
        if value is None:
            with self._lock:
                value = self._cache.get(name)
                if value is None:
                    value = self._cache[name] = build()
        return value

    def prepare(self) -> None:
        """Build the lookup tables now rather than on the first large batch."""
        self._tables()

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

    def features(self, normalized: Sequence[str], clauses: Sequence[tuple[int, int, int]] = (),
                 pieces: Sequence[tuple[int, int, int]] = ()) -> Rows:
        """Sparse TF-IDF rows as (indptr, column indices, values): sublinear TF x IDF, L2-normalised
        separately for the word block and the character block, as the two vectorizers do.

        One row per text, then one per clause in ``clauses`` (text index, start, end): a clause's
        row is exactly the row its own text would get. Every n-gram is packed into one integer
        (``codeindex``) and all are looked up and counted with array operations. Clause rows reuse
        their text's n-grams: characters always; jieba words when the text's segmentation has a
        boundary at both ends of the clause (segmenting the clause on its own then gives the same
        words: jieba's best path through a boundary is the best path on each side of it),
        otherwise the clause is segmented on its own. ``pieces`` are a second layer of spans in
        the same form (rows after the clauses), which may overlap the clauses but not each other."""
        return self.features_collapsed(collapse(normalized), clauses, pieces)

    def features_collapsed(self, docs: Sequence[str], clauses: Sequence[tuple[int, int, int]] = (),
                           pieces: Sequence[tuple[int, int, int]] = ()) -> Rows:
        """``features`` for texts whose whitespace runs are already collapsed."""
        n, m = len(docs), len(clauses) + len(pieces)
        if sum(map(len, docs)) <= _ARRAYS_FROM:
            # A few short texts (one predict() call): plain Python look-ups beat the fixed cost
            # of the array operations below.
            return self._features_python([*docs, *(docs[t][a:b] for t, a, b in chain(clauses, pieces))])
        tables = self._tables()
        n_word, bits = self.n_word, self._col_bits()
        # 32-bit keys whenever they fit (blocks of 1,000 texts do): half the memory traffic, and
        # NumPy sorts them several times faster.
        key_type = np.int32 if (n + m) << bits <= _INT32_KEYS_UP_TO else np.int64
        lengths = np.fromiter(map(len, docs), dtype=np.int64, count=n)
        total = int(lengths.sum())
        # Per layer of spans (clauses, pieces), the span each character belongs to (-1: none).
        owners: list[np.ndarray] = []
        if m:
            spans = np.asarray([*clauses, *pieces], dtype=np.int64).reshape(m, 3)
            offsets = np.cumsum(lengths) - lengths
            starts = offsets[spans[:, 0]] + spans[:, 1]
            ends = offsets[spans[:, 0]] + spans[:, 2]
            for lo_span, hi_span in ((0, len(clauses)), (len(clauses), m)):
                if hi_span > lo_span:
                    owner = np.full(total + 1, -1, dtype=np.int64)
                    width = ends[lo_span:hi_span] - starts[lo_span:hi_span]
                    chars = np.repeat(starts[lo_span:hi_span] - (np.cumsum(width) - width), width) + \
                        np.arange(int(width.sum()))
                    owner[chars] = np.repeat(np.arange(lo_span, hi_span), width)
                    owners.append(owner)
        keys: list[np.ndarray] = []

        def add(rows, cols, offset, first, last, share=None):
            """Keys of found n-grams (rows, cols), and again for the clause holding each n-gram
            from character ``first`` to ``last``, if any (and if ``share`` allows it)."""
            found = cols >= 0
            rows, cols, first, last = rows[found], cols[found] + offset, first[found], last[found]
            keys.append(((rows << bits) | cols).astype(key_type))
            for owner in owners:
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
        if self.concepts is not None:
            # Each text's concept tokens follow its words (their n-grams belong to no clause: a
            # clause whose words are shared gets the n-grams of its own concepts below).
            concept_ids = [list(map(tables.token_ids.get, self.concepts.tokens(d), repeat(0))) for d in docs]
            if m and share.any():
                keys.append(self._clause_concept_keys(docs, spans, np.flatnonzero(share), ids, word_start, word_end,
                                                      starts, ends, n, bits).astype(key_type))
            n_concepts = np.fromiter(map(len, concept_ids), dtype=np.int64, count=n)
            at = np.repeat(np.cumsum(per_text), n_concepts)
            ids = np.insert(ids, at, np.fromiter(chain.from_iterable(concept_ids), np.int64, int(n_concepts.sum())))
            word_start, word_end = np.insert(word_start, at, total), np.insert(word_end, at, total + 1)
            per_text = per_text + n_concepts
        for order in range(lo, hi + 1):
            codes, rows, first = pack(ids, per_text, order)
            add(rows, tables.words.lookup(codes), 0, word_start[first], word_end[first + order - 1] - 1, share)
        own = np.flatnonzero(~share)
        if len(own):
            tokens = [self.word_tokens(docs[t][a:b]) for t, a, b in spans[own].tolist()]
            ids = np.fromiter(map(tables.token_ids.get, chain.from_iterable(tokens), repeat(0)), dtype=np.int64)
            for order in range(lo, hi + 1):
                codes, rows, _ = pack(ids, np.fromiter(map(len, tokens), dtype=np.int64, count=len(own)), order)
                cols = tables.words.lookup(codes)
                found = cols >= 0
                keys.append((((n + own[rows[found]]) << bits) | cols[found]).astype(key_type))

        return self._tfidf(np.concatenate(keys) if keys else np.zeros(0, key_type), n + m)

    def _clause_concept_keys(self, docs: Sequence[str], spans: np.ndarray, shared: np.ndarray, ids: np.ndarray,
                             word_start: np.ndarray, word_end: np.ndarray, starts: np.ndarray, ends: np.ndarray,
                             n: int, bits: int) -> np.ndarray:
        """Keys of the word n-grams that hold concept tokens, for the clauses (numbers ``shared``)
        whose words come from their text's segmentation: each clause's concepts after the last
        words inside it (``ids`` and the character spans of the text's words)."""
        tables, (lo, hi) = self._tables(), self.word_ngram_range
        found = [list(map(tables.token_ids.get, self.concepts.tokens(docs[t][a:b]), repeat(0)))
                 for t, a, b in spans[shared].tolist()]
        tagged = [i for i, f in enumerate(found) if f]
        if not tagged:
            return np.zeros(0, np.int64)
        clause = shared[tagged]
        end = np.searchsorted(word_end, ends[clause], side="right")  # after the last word inside
        begin = np.maximum(np.searchsorted(word_start, starts[clause], side="left"), end - (hi - 1))
        units, words_before = [], []
        for i, b, e in zip(tagged, begin.tolist(), end.tolist(), strict=True):
            words = ids[b:e].tolist() if e > b else []
            units.append(words + found[i])
            words_before.append(len(words))
        items = np.fromiter(chain.from_iterable(units), np.int64)
        lengths = np.fromiter(map(len, units), np.int64, len(units))
        before, rows = np.asarray(words_before, dtype=np.int64), (n + clause).astype(np.int64)
        offsets = np.cumsum(lengths) - lengths
        keys = []
        for order in range(lo, hi + 1):
            codes, unit, first = pack(items, lengths, order)
            with_concept = first + order - 1 - offsets[unit] >= before[unit]  # ends past the words
            cols = tables.words.lookup(codes[with_concept])
            hit = cols >= 0
            keys.append((rows[unit[with_concept][hit]] << bits) | cols[hit])
        return np.concatenate(keys)

    def _col_bits(self) -> int:
        """Bits of a column number: an n-gram's key is (row << bits) | column."""
        return self._derived("col_bits", lambda: max(1, (len(self.idf) - 1).bit_length()))

    def _tfidf(self, keys: np.ndarray, n_rows: int) -> Rows:
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

    def _features_python(self, units: list[str]) -> Rows:
        """``features`` for a few short texts: n-gram strings looked up in the vocabulary dicts
        (each clause segmented on its own). The same numbers (a test checks), with less fixed
        cost than the array pipeline."""
        n = len(units)
        bits = self._col_bits()
        keys = []
        for terms, vocab, offset in (
            ([_word_ngrams(self.word_tokens(u), *self.word_ngram_range) for u in units], self.word_vocab, 0),
            ([_char_ngrams(u, *self.char_ngram_range) for u in units], self.char_vocab, self.n_word),
        ):
            lengths = np.fromiter(map(len, terms), dtype=np.int64, count=n)
            cols = np.fromiter(map(vocab.get, chain.from_iterable(terms), repeat(-1)), dtype=np.int64,
                               count=int(lengths.sum()))
            rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
            keep = cols >= 0
            keys.append((rows[keep] << bits) | (cols[keep] + offset))
        return self._tfidf(np.concatenate(keys), n)

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
