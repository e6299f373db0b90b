import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.codeindex import ITEM_BITS, MAX_ITEM, CodeIndex, pack


def test_lookup_matches_a_dict_including_collisions():
    rng = np.random.default_rng(0)
    codes = np.unique(rng.integers(1, 2**63, 5000, dtype=np.uint64))
    values = np.arange(len(codes))
    index = CodeIndex(codes, values)
    assert len(index) == len(codes)
    absent = rng.integers(1, 2**63, 5000, dtype=np.uint64)
    absent = absent[~np.isin(absent, codes)]
    probe = np.concatenate([codes, absent, codes[::-1]])
    expected = dict(zip(codes.tolist(), values.tolist(), strict=True))
    assert index.lookup(probe).tolist() == [expected.get(c, -1) for c in probe.tolist()]


def test_codes_sharing_a_slot_are_all_found():
    # 50 codes that all hash to one slot of a 50-code index: linear probing must find each of
    # them, and report codes hashing to the same slot but absent as absent.
    rng = np.random.default_rng(1)
    pool = np.unique(rng.integers(1, 2**63, 200_000, dtype=np.uint64))
    shape = CodeIndex(pool[:50], np.arange(50))  # same table size as the index below
    same = pool[shape._hash(pool) == 7]
    codes, absent = same[:50], same[50:100]
    index = CodeIndex(codes, np.arange(50) * 10)
    assert (index._hash(codes) == 7).all()
    assert index.lookup(codes).tolist() == list(range(0, 500, 10))
    assert (index.lookup(absent) == -1).all()


def test_empty_index_and_empty_lookup():
    index = CodeIndex(np.zeros(0, np.uint64), np.zeros(0, np.int64))
    assert index.lookup(np.array([1, 2, 3], np.uint64)).tolist() == [-1, -1, -1]
    assert index.lookup(np.zeros(0, np.uint64)).tolist() == []


def test_bad_codes_are_refused():
    with pytest.raises(ValueError, match="reserved"):
        CodeIndex(np.array([0, 1], np.uint64), np.array([0, 1]))
    with pytest.raises(ValueError, match="distinct"):
        CodeIndex(np.array([5, 5], np.uint64), np.array([0, 1]))
    with pytest.raises(ValueError, match="length"):
        CodeIndex(np.array([5], np.uint64), np.array([0, 1]))


def _reference_ngrams(units: list[list[int]], order: int) -> list[tuple[int, int]]:
    out = []
    for u, items in enumerate(units):
        for i in range(len(items) - order + 1):
            run = items[i: i + order]
            if all(run):
                code = 0
                for x in run:
                    code = (code << ITEM_BITS) | x
                out.append((code, u))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, MAX_ITEM), max_size=8), max_size=6), st.integers(1, 3))
def test_pack_never_crosses_units_or_unknown_items(units, order):
    items = np.array([x for u in units for x in u], dtype=np.int64)
    lengths = np.array([len(u) for u in units], dtype=np.int64)
    codes, rows, first = pack(items, lengths, order)
    assert list(zip(codes.tolist(), rows.tolist(), strict=True)) == _reference_ngrams(units, order)
    starts = np.cumsum(lengths) - lengths
    for code, row, q in zip(codes.tolist(), rows.tolist(), first.tolist(), strict=True):
        assert starts[row] <= q and q + order <= starts[row] + lengths[row]
        assert code >> (ITEM_BITS * (order - 1)) == items[q]


def test_codes_of_different_orders_never_collide():
    items = np.array([1, 1, 1, MAX_ITEM, MAX_ITEM, MAX_ITEM], dtype=np.int64)
    lengths = np.array([6])
    by_order = [set(pack(items, lengths, k)[0].tolist()) for k in (1, 2, 3)]
    assert not (by_order[0] & by_order[1]) and not (by_order[1] & by_order[2]) and not (by_order[0] & by_order[2])
    with pytest.raises(ValueError):
        pack(items, lengths, 4)
