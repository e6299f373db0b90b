"""The fitted model as plain arrays, for prediction without scikit-learn.

``LinearModel`` joins three parts, each in a module of its own: a ``Featurizer`` (normalised
texts and their clauses to TF-IDF rows), ``LinearScorer``s (rows to category probabilities,
and to the distribution over the details of ``other``), and the ``DecisionPolicy``
(probabilities to ordered label sets). It computes exactly the numbers the scikit-learn
pipeline computes (a test checks). A new process answers in well under a second, and the saved
state holds only NumPy arrays, strings and numbers."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from . import config
from .concepts import ConceptTagger
from .features import Featurizer, collapse
from .policy import OTHER_LEANS, OTHER_NAMED_MIN, DecisionPolicy, may_state_other
from .scorer import LinearScorer
from .text import clause_spans, list_items, normalize, piece_spans, states_no_reason

#: Texts whose probabilities are computed together (larger batches go a block at a time).
_CHUNK = 1_000


class Evidence(NamedTuple):
    """What the model saw in one text: whole-text probabilities, and per-clause ones where the
    text has several clauses (rows of ``clause_p`` follow ``clauses``)."""

    p: np.ndarray
    clauses: list[str]
    clause_p: np.ndarray | None


class Probabilities(NamedTuple):
    """Probabilities of many texts and of the clauses of those with several: ``p`` (n, classes),
    ``clause_p`` (clause rows, classes), ``counts`` (clause rows per text, 0 for one clause),
    ``clauses`` (text index, start, end) per clause row and ``docs`` the texts."""

    p: np.ndarray
    clause_p: np.ndarray
    counts: np.ndarray
    clauses: list[tuple[int, int, int]]
    docs: list[str]
    #: Per text, the probability that it is no rejection (None for a model without that head).
    non_rejection: np.ndarray | None = None
    #: Per text and category, the highest probability any of the text's pieces gives (between
    #: commas, 、 and clause marks: ``text.piece_spans``); -1 for texts of one piece.
    piece_max: np.ndarray | None = None
    #: Answers worked out once per text and kept (``LinearModel.names_other`` by text index).
    memo: dict | None = None
    #: List items (text index, the item as the model reads it: ``text.list_items``), their
    #: probabilities and the text each belongs to (the policy's argument, built once for every
    #: grid point).
    items: list[tuple[int, str]] | None = None
    item_p: np.ndarray | None = None
    item_owner: np.ndarray | None = None
    #: Per text and category, the index of the first piece that leans to it (0.5 or more), inf
    #: where none does or the text has one piece: the order in which a sentence of one clause
    #: states its reasons (域名所有者与主体不符，负责人手机号非本省号段).
    piece_first: np.ndarray | None = None

    def clause_text(self, k: int) -> str:
        i, a, b = self.clauses[k]
        return self.docs[i][a:b]

    def item_text(self, k: int) -> str:
        return self.items[k][1]


class Shape(NamedTuple):
    """What the set-level confidence reads of a text besides its probabilities: its length
    (characters), its clauses, and per category the highest probability one of its pieces
    gives (None for a text of one piece)."""

    length: int
    clauses: int
    pieces: np.ndarray | None = None


class _PolicyField:
    """An attribute of ``LinearModel`` kept on its ``policy`` (converted when set)."""

    def __init__(self, name: str, convert: Callable[[Any], Any]) -> None:
        self.name, self.convert = name, convert

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self if obj is None else getattr(obj.policy, self.name)

    def __set__(self, obj: Any, value: Any) -> None:
        setattr(obj.policy, self.name, self.convert(value))


class LinearModel:
    """TF-IDF (jieba words + characters), one-vs-rest logistic weights, a multinomial model of
    the details of ``other``, and the decision thresholds."""

    def __init__(self, *, classes: Sequence[str], word_vocab: dict[str, int], char_vocab: dict[str, int],
                 idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray,
                 word_ngram_range: tuple[int, int], char_ngram_range: tuple[int, int],
                 threshold: float = 0.5, extra_threshold: float = 0.5, clause_threshold: float = 1.01,
                 details: tuple[Sequence[str], np.ndarray, np.ndarray] | None = None,
                 concepts: ConceptTagger | None = None) -> None:
        self.classes_ = np.array(list(classes))
        self.featurizer = Featurizer(word_vocab=word_vocab, char_vocab=char_vocab, idf=idf,
                                     word_ngram_range=word_ngram_range, char_ngram_range=char_ngram_range,
                                     concepts=concepts)
        if np.shape(coef)[1] not in (len(self.classes_), len(self.classes_) + 1):
            raise ValueError(f"{np.shape(coef)[1]} weight columns for {len(self.classes_)} categories")
        #: A last weight column beyond the categories is the non-rejection head.
        self.has_non_rejection = np.shape(coef)[1] == len(self.classes_) + 1
        self.scorer = LinearScorer(coef, intercept)
        self.policy = DecisionPolicy(self.classes_.tolist(), threshold=threshold, extra_threshold=extra_threshold,
                                     clause_threshold=clause_threshold)
        if details is None:
            self.detail_classes_: tuple[str, ...] = ()
            self.detail_scorer: LinearScorer | None = None
        else:
            names, dcoef, dintercept = details
            self.detail_classes_ = tuple(names)
            self.detail_scorer = LinearScorer(dcoef, dintercept, kind="multinomial")
        # The set-level confidence (``calibration``), fitted on dev by the trainer.
        self.set_coef_: np.ndarray | None = None
        self.set_intercept_: float | None = None
        self.set_edges_: np.ndarray | None = None  # its bin edges (models saved before them: None)

    # The thresholds live in the policy; the trainer tunes them through these names.
    thresholds_ = _PolicyField("thresholds", lambda v: np.asarray(v, dtype=np.float64))
    extra_threshold_ = _PolicyField("extra_threshold", float)
    clause_threshold_ = _PolicyField("clause_threshold", float)
    single_label_below_ = _PolicyField("single_label_below", int)

    def prepare_for_batches(self) -> None:
        """Build the lookup tables and import SciPy's sparse product now, as large batches
        will need them (the batch command calls this before it creates any output file)."""
        self.featurizer.prepare()
        import scipy.sparse  # noqa: F401

    # -- probabilities --------------------------------------------------------------------------
    def features(self, normalized: Sequence[str], clauses: Sequence[tuple[int, int, int]] = ()):
        """TF-IDF rows of texts (and clauses): see ``Featurizer.features``."""
        return self.featurizer.features(normalized, clauses)

    def proba_rows(self, docs: Sequence[str], clauses: Sequence[tuple[int, int, int]] = ()) -> np.ndarray:
        """Probabilities of every row of ``features(docs, clauses)`` (texts whose whitespace runs
        are collapsed): one row per text, then one per clause."""
        return self._output_rows(docs, clauses)[:, :len(self.classes_)]

    def _output_rows(self, docs: Sequence[str], clauses: Sequence[tuple[int, int, int]] = (),
                     pieces: Sequence[tuple[int, int, int]] = ()) -> np.ndarray:
        """``proba_rows`` with the non-rejection head's column, if the model has one; the rows of
        ``pieces`` (a second layer of spans, ``Featurizer.features``) after the clauses'."""
        n = len(docs) + len(clauses) + len(pieces)
        if not n:
            return np.zeros((0, self.scorer.n_outputs))
        if len(docs) > _CHUNK:
            # Large batches a block of texts at a time: arrays that stay in the cache and in
            # memory the allocator reuses (one pass over 20,000 texts took a fifth longer).
            out = np.empty((n, self.scorer.n_outputs))
            layers = [(spans, np.fromiter((t for t, _, _ in spans), dtype=np.int64, count=len(spans)), first)
                      for spans, first in ((clauses, len(docs)), (pieces, len(docs) + len(clauses)))]
            for start in range(0, len(docs), _CHUNK):
                end = min(start + _CHUNK, len(docs))
                mine = [np.flatnonzero((owner >= start) & (owner < end)) for _, owner, _ in layers]
                part = self._output_rows(docs[start:end], *(
                    [(t - start, a, b) for t, a, b in map(spans.__getitem__, rows.tolist())]
                    for (spans, _, _), rows in zip(layers, mine, strict=True)))
                out[start:end] = part[: end - start]
                at = end - start
                for (_, _, first), rows in zip(layers, mine, strict=True):
                    out[first + rows] = part[at:at + len(rows)]
                    at += len(rows)
            return out
        return self.scorer.proba(self.featurizer.features_collapsed(docs, clauses, pieces))

    def proba_normalized(self, normalized: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for normalised texts, shape (n, n_classes)."""
        return self.proba_rows(collapse(normalized))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Per-category probabilities for raw texts (independent, do not sum to 1)."""
        return self.proba_normalized([normalize(t) for t in texts])

    def detail_proba(self, normalized: Sequence[str]) -> np.ndarray:
        """Probabilities of each detail (``detail_classes_``, "" = none known) for normalised
        texts, shape (n, n_details); (n, 0) for a model without details."""
        if self.detail_scorer is None or not len(normalized):
            return np.zeros((len(normalized), 0))
        return self.detail_scorer.proba(self.featurizer.features(normalized))

    def probabilities(self, normalized: Sequence[str]) -> Probabilities:
        """Whole-text and clause probabilities of normalised texts, in one feature pass. Clauses:
        lines, numbered items, ``驳回原因一/二`` blocks, connectives (``text.clause_spans``); list
        items (``text.list_items``, which overlap the pieces) in a second, small pass."""
        docs = collapse(normalized)  # no change for normalize()'s output
        spans = [clause_spans(d) for d in docs]
        clauses = [(i, a, b) for i, sp in enumerate(spans) if len(sp) > 1 for a, b in sp]
        # Pieces (between commas, 、 …) for the set-level confidence, as a second layer of spans.
        pieces = [(i, a, b) for i, sp in enumerate(map(piece_spans, docs, spans)) if len(sp) > 1 for a, b in sp]
        out = self._output_rows(docs, clauses, pieces)
        n, m, k = len(docs), len(clauses), len(self.classes_)
        counts = np.fromiter((len(sp) if len(sp) > 1 else 0 for sp in spans), dtype=np.int64, count=n)
        piece_max = np.full((n, k), -1.0)
        piece_first = np.full((n, k), np.inf)
        if pieces:
            owner = np.fromiter((i for i, _, _ in pieces), dtype=np.int64, count=len(pieces))
            piece_p = out[n + m:, :k]
            np.maximum.at(piece_max, owner, piece_p)
            local = np.arange(len(pieces)) - np.searchsorted(owner, owner)  # each piece's place in its text
            np.minimum.at(piece_first, owner, np.where(piece_p >= OTHER_LEANS, local[:, None].astype(float), np.inf))
        items = [(i, item) for i, d in enumerate(docs) for item in list_items(d)]
        item_p = self._output_rows([item for _, item in items])[:, :k]
        item_owner = np.fromiter((i for i, _ in items), dtype=np.int64, count=len(items))
        return Probabilities(out[:n, :k], out[n:n + m, :k], counts, clauses, docs,
                             out[:n, k] if self.has_non_rejection else None, piece_max, {}, items, item_p,
                             item_owner, piece_first)

    def probas(self, normalized: Sequence[str]) -> list[Evidence]:
        """Per text: whole-text probabilities, and per-clause ones where the text has several."""
        pr = self.probabilities(normalized)
        out, k = [], 0
        for p, c in zip(pr.p, pr.counts.tolist(), strict=True):
            out.append(Evidence(p, [pr.clause_text(j) for j in range(k, k + c)], pr.clause_p[k:k + c] if c else None))
            k += c
        return out

    # -- decisions ------------------------------------------------------------------------------
    def decide(self, normalized: Sequence[str]) -> list[tuple[list[str], np.ndarray]]:
        """Label sets (primary first) and whole-text probabilities for normalised texts."""
        return self.decide_shaped(normalized)[0]

    def decide_shaped(self, normalized: Sequence[str]) -> tuple[list[tuple[list[str], np.ndarray]],
                                                                 list[Shape], np.ndarray | None]:
        """``decide``, each text's ``Shape``, which the set-level confidence also reads, and each
        text's probability of being no rejection (None without that head)."""
        pr = self.probabilities(normalized)
        shapes = [Shape(len(d), max(1, c), pm if pm[0] >= 0 else None)
                  for d, c, pm in zip(pr.docs, pr.counts.tolist(), pr.piece_max, strict=True)]
        return list(zip(self.decide_probabilities(pr), pr.p, strict=True)), shapes, pr.non_rejection

    def decide_probabilities(self, pr: Probabilities) -> list[list[str]]:
        """The policy's label sets for computed probabilities (tuning calls this per grid point)."""
        lengths = np.fromiter(map(len, pr.docs), dtype=np.int64, count=len(pr.docs))
        memo = pr.memo if pr.memo is not None else {}  # the policy asks again for every grid point
        starts = np.cumsum(pr.counts) - pr.counts

        other = self.policy.other

        def named(i: int) -> bool:
            if i not in memo:
                start, count = int(starts[i]), int(pr.counts[i])
                if count:
                    leaning = (pr.clause_p[start:start + count, other] >= OTHER_LEANS).tolist()
                    memo[i] = self.names_other([pr.clause_text(k) for k in range(start, start + count)],
                                               leaning=leaning)
                else:
                    memo[i] = self.names_other([pr.docs[i]])
            return memo[i]

        items = (pr.item_p, pr.item_owner, pr.item_text) if pr.items else None
        return self.policy.decide(pr.p, pr.clause_p, pr.counts, pr.clause_text, lengths, named, items, pr.docs,
                                  piece_first=pr.piece_first)

    def names_other(self, clauses: Sequence[str], *, leaning: Sequence[bool] | None = None) -> bool:
        """Whether a normalised text, given as its clauses (``text.clause_spans``; a text of one
        clause as itself), names a known reason outside the FAQ in a clause that states a reason
        (of several clauses, those that are no header, instruction or history:
        ``states_no_reason``): in its words (a piece with a cue of a known reason outside the
        FAQ, ``Taxonomy.reason_cues``, that is no condition or consequence), or by the detail
        model on those of them that lean to ``other`` (``leaning``, per clause; None: all), at a
        known detail of ``OTHER_NAMED_MIN`` or more: a clause that states a FAQ reason is no
        evidence of another (域名持有者与主办单位名称不一致 reads like a registry mismatch). True
        for a model without details."""
        stating = [not states_no_reason(c) for c in clauses] if len(clauses) > 1 else [True] * len(clauses)
        if not any(stating):
            stating = [True] * len(clauses)
        reasons = [c for c, s in zip(clauses, stating, strict=True) if s]
        if self.detail_scorer is None or any(may_state_other(c, self.policy.reason_cues) for c in reasons):
            return True
        if leaning is not None:
            reasons = [c for c, s, lean in zip(clauses, stating, leaning, strict=True) if s and lean]
            if not reasons:
                return False
        row = self.detail_proba([" ".join(reasons)])[0]
        best = int(row.argmax())
        name = self.detail_classes_[best]
        return bool(name) and name != config.NOT_A_REJECTION and row[best] >= OTHER_NAMED_MIN

    def predict(self, texts: Sequence[str]) -> list[list[str]]:
        """Ordered label lists for raw texts."""
        return [labels for labels, _ in self.decide([normalize(t) for t in texts])]

    # -- explanations ---------------------------------------------------------------------------
    def label_index(self, label: str) -> int:
        """The column of a category ID; ValueError naming the IDs for anything else."""
        hits = np.flatnonzero(self.classes_ == label) if isinstance(label, str) else []
        if not len(hits):
            raise ValueError(f"unknown label {label!r}; the labels are {', '.join(map(str, self.classes_))}")
        return int(hits[0])

    def explain(self, text: str, label: str, *, k: int = 5, normalized: str | None = None) -> list[tuple[str, float]]:
        """The features that pushed ``text`` towards ``label`` most (feature value x weight);
        ``normalized``: the text as it is read, where not ``normalize(text)``."""
        j = self.label_index(label)
        doc = normalize(text) if normalized is None else normalized
        cols, contrib = self.scorer.contributions(self.featurizer.features([doc]), j)
        names = self.featurizer.feature_names()
        order = np.argsort(-contrib)[:k]
        return [(str(names[cols[i]]), float(contrib[i])) for i in order if contrib[i] > 0]

    # -- saved state ----------------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        """Plain arrays, strings and numbers (what ``persist`` writes to model.npz/model.json).
        Each vocabulary is one NUL-joined string and an array of columns: loading 70,000
        strings from a dict costs most of a second; this, milliseconds."""
        f, state = self.featurizer, {}
        state["classes_"] = self.classes_
        for name, vocab in (("word_vocab", f.word_vocab), ("char_vocab", f.char_vocab)):
            terms = "\x00".join(vocab)
            if vocab and terms.count("\x00") == len(vocab) - 1:
                state[f"{name}_terms"] = terms
                state[f"{name}_cols"] = np.fromiter(vocab.values(), dtype=np.int64, count=len(vocab))
            else:
                state[name] = vocab
        state.update(idf=f.idf, coef_=self.scorer.coef, intercept_=self.scorer.intercept,
                     word_ngram_range=f.word_ngram_range, char_ngram_range=f.char_ngram_range,
                     thresholds_=self.thresholds_, extra_threshold_=self.extra_threshold_,
                     clause_threshold_=self.clause_threshold_, single_label_below_=self.single_label_below_,
                     detail_classes_=self.detail_classes_,
                     detail_coef_=self.detail_scorer.coef if self.detail_scorer else None,
                     detail_intercept_=self.detail_scorer.intercept if self.detail_scorer else None,
                     concepts_=f.concepts.to_state() if f.concepts is not None else None)
        for name in ("set_coef_", "set_intercept_", "set_edges_", "review_below_"):
            if getattr(self, name, None) is not None:
                state[name] = getattr(self, name)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        for name in ("word_vocab", "char_vocab"):
            if f"{name}_terms" in state:
                terms, cols = state.pop(f"{name}_terms"), state.pop(f"{name}_cols")
                state[name] = dict(zip(terms.split("\x00"), cols.tolist(), strict=True))
        details = None
        if state.get("detail_coef_") is not None:
            details = (state["detail_classes_"], state["detail_coef_"], state["detail_intercept_"])
        self.__init__(classes=[str(c) for c in state["classes_"]], word_vocab=state["word_vocab"],
                      char_vocab=state["char_vocab"], idf=state["idf"], coef=state["coef_"],
                      intercept=state["intercept_"], word_ngram_range=tuple(state["word_ngram_range"]),
                      char_ngram_range=tuple(state["char_ngram_range"]), extra_threshold=state["extra_threshold_"],
                      clause_threshold=state["clause_threshold_"], details=details,
                      # (models saved before concept tokens have none)
                      concepts=ConceptTagger(state["concepts_"]) if state.get("concepts_") else None)
        self.thresholds_ = state["thresholds_"]
        self.single_label_below_ = int(state.get("single_label_below_", 0))  # (models saved before it: off)
        for name in ("set_coef_", "set_intercept_", "set_edges_", "review_below_"):
            if name in state:
                setattr(self, name, state[name])
