"""A read-only hash map from positive 64-bit integer codes to column numbers, looked up for a
whole NumPy array at once (open addressing with linear probing).

The feature builder packs every n-gram (up to three characters or three jieba tokens) into one
integer, so finding the vocabulary column of millions of n-grams is a few array operations
instead of a Python dict look-up each."""
from __future__ import annotations

import numpy as np

_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply, keep the top bits
#: Bits per packed item: a Unicode code point + 1 (at most 0x110000) or a token number.
ITEM_BITS = 21
MAX_ITEM = (1 << ITEM_BITS) - 1
MAX_ORDER = 3  # 3 x 21 bits fit in 64


def pack(items: np.ndarray, lengths: np.ndarray, order: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes of every run of ``order`` consecutive items inside each unit, the unit of each run
    and the index of its first item in ``items``.

    ``items`` holds the items (positive integers <= ``MAX_ITEM``, 0 = unknown) of all units one
    after the other, ``lengths`` how many belong to each unit. A run that crosses a unit boundary
    or holds an unknown item gets no code. Codes of different orders never collide."""
    if not 1 <= order <= MAX_ORDER:
        raise ValueError(f"n-gram order {order} is not supported (1 to {MAX_ORDER})")
    total = len(items)
    m = total - order + 1
    if m <= 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    units = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    left = np.repeat(np.cumsum(lengths), lengths) - np.arange(total)  # items from here to the unit's end
    code = items[:m].astype(np.uint64)
    ok = left[:m] >= order
    ok &= code > 0
    for k in range(1, order):
        nxt = items[k: k + m].astype(np.uint64)
        ok &= nxt > 0
        code = (code << np.uint64(ITEM_BITS)) | nxt
    first = np.flatnonzero(ok)
    return code[first], units[first], first


class CodeIndex:
    """Maps distinct positive codes to non-negative values; ``lookup`` gives -1 for absent codes."""

    def __init__(self, codes: np.ndarray, values: np.ndarray) -> None:
        codes = np.asarray(codes, dtype=np.uint64)
        values = np.asarray(values, dtype=np.int64)
        if codes.shape != values.shape:
            raise ValueError("codes and values differ in length")
        if (codes == 0).any():
            raise ValueError("code 0 is reserved for empty slots")
        if len(np.unique(codes)) != len(codes):
            raise ValueError("codes are not distinct")
        bits = max(4, int(np.ceil(np.log2(max(len(codes), 1) * 4))))  # load factor at most 1/4
        self._shift = np.uint64(64 - bits)
        # Keys sorted by home slot go to the first free slot at or after it: a running maximum
        # places them all at once. Runs that pass the last home slot continue into a tail of
        # len(codes) + 1 extra slots instead of wrapping around, so probing never wraps either.
        home = self._hash(codes)
        order = np.argsort(home, kind="stable")
        rank = np.arange(len(codes))
        slot = rank + np.maximum.accumulate(home[order] - rank) if len(codes) else rank
        size = (1 << bits) + len(codes) + 1
        keys = np.zeros(size, dtype=np.uint64)
        vals = np.full(size, -1, dtype=np.int64)
        keys[slot] = codes[order]
        vals[slot] = values[order]
        self._keys, self._vals = keys, vals

    def __len__(self) -> int:
        return int((self._keys != 0).sum())

    def _hash(self, codes: np.ndarray) -> np.ndarray:
        return ((codes * _MULT) >> self._shift).astype(np.intp)

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The value of every code (-1 where the code is absent), as an int64 array."""
        codes = np.asarray(codes, dtype=np.uint64)
        slot = self._hash(codes)
        found = self._keys[slot]
        hit = found == codes
        out = np.where(hit, self._vals[slot], -1)
        todo = np.flatnonzero((found != 0) & ~hit)
        while todo.size:
            s = slot[todo] + 1
            slot[todo] = s
            found = self._keys[s]
            hit = found == codes[todo]
            out[todo[hit]] = self._vals[s[hit]]
            todo = todo[(found != 0) & ~hit]
        return out
