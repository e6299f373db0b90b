"""The joined model: batches in blocks, one-by-one and batched answers, saved state."""
import pickle
import random

import numpy as np

from classifier import inference
from classifier.dataset import load_split
from classifier.text import clause_spans, normalize, split_clauses


def _texts() -> list[str]:
    texts = [ex.text for s in ("dev", "test", "wild") for ex in load_split(s)]
    return [normalize(t) for t in texts] + ["", "x", "初审驳回：", "您好，存在以下问题：1、 2、"]


def test_batched_decisions_equal_one_text_decisions(model):
    """A batch gives every text the labels and probabilities it gets alone."""
    est = model.linear_model
    texts = _texts()
    together = est.decide(texts)
    assert sum(len(labels) > 1 for labels, _ in together) > 100  # the multi-label path is exercised
    picks = random.Random(1).sample(range(len(texts)), 150)
    picks += [i for i, (labels, _) in enumerate(together) if len(labels) > 1][:50]
    for i in picks:
        [(labels, p)] = est.decide([texts[i]])
        assert labels == together[i][0]
        assert np.allclose(p, together[i][1], atol=1e-9)
    # The pieces' maxima (a second layer of spans) too, across the blocks of a large batch.
    batch = est.probabilities(texts).piece_max
    assert len(texts) > inference._CHUNK and (batch[:, 0] >= 0).sum() > 1000
    for i in picks[:60]:
        assert np.allclose(est.probabilities([texts[i]]).piece_max[0], batch[i], atol=1e-9)


def test_list_items_are_scored_as_texts_of_their_own(model):
    """A list item (``text.list_items``) gets the probabilities its words get alone, and an
    item over ``policy.ITEM_MIN`` puts its category in its text's answer, unless the text lacks
    the words of that category's reason (``stated_by``: 证件类型误选为… names no mismatch)."""
    from classifier.policy import ITEM_MIN

    est = model.linear_model
    texts = _texts()
    pr = est.probabilities(texts)
    assert len(pr.items) > 50
    for k in random.Random(2).sample(range(len(pr.items)), 40):
        assert np.allclose(est.proba_normalized([pr.item_text(k)])[0], pr.item_p[k], atol=1e-9)
    decided = est.decide_probabilities(pr)
    faq = [j for j, c in enumerate(est.classes_) if c != "other"]
    strong = [(i, est.classes_[j]) for k, (i, _) in enumerate(pr.items) for j in faq if pr.item_p[k, j] >= ITEM_MIN]
    stated = est.policy.stated_by
    assert strong and all(label in decided[i] for i, label in strong
                          if label not in stated or stated[label].search(pr.docs[i]))


def test_blocks_of_texts_give_the_numbers_of_one_pass(model, monkeypatch):
    """Large batches go a block of texts at a time; clause rows, in any order, stay in place."""
    est = model.linear_model
    texts = _texts()[:500]
    clauses = [(i, a, b) for i, t in enumerate(texts) for a, b in clause_spans(t)]
    random.Random(0).shuffle(clauses)
    whole = est.proba_rows(texts, clauses)
    monkeypatch.setattr(inference, "_CHUNK", 7)
    assert np.allclose(est.proba_rows(texts, clauses), whole, atol=1e-12)
    assert est.proba_rows(texts[:7], clauses[:0]).shape == (7, len(est.classes_))


def test_saved_state_gives_the_same_answers(model):
    """The state persist writes (arrays, strings, numbers) rebuilds a model with the same
    probabilities, thresholds, details and calibration."""
    est = model.linear_model
    texts = _texts()[:300]
    state = est.__getstate__()
    assert all(isinstance(v, (np.ndarray, str, int, float, tuple, type(None))) for v in state.values())
    copy = inference.LinearModel.__new__(inference.LinearModel)
    copy.__setstate__(state)
    assert np.array_equal(copy.proba_normalized(texts), est.proba_normalized(texts))
    assert np.array_equal(copy.detail_proba(texts), est.detail_proba(texts))
    assert copy.decide(texts[:50])[0][0] == est.decide(texts[:50])[0][0]
    assert (copy.thresholds_.tolist(), copy.extra_threshold_, copy.clause_threshold_, copy.review_below_,
            copy.single_label_below_) == \
        (est.thresholds_.tolist(), est.extra_threshold_, est.clause_threshold_, est.review_below_,
         est.single_label_below_)
    assert np.array_equal(copy.set_coef_, est.set_coef_)
    assert pickle.loads(pickle.dumps(est)).predict(["网站名称含有论坛字样"]) == [["website_name_invalid"]]


def test_a_model_keeps_its_own_concept_list(model):
    """The concepts travel in the saved state: a model reads texts with the list it was trained
    with (a state without one, saved before concept tokens, reads words only)."""
    state = model.linear_model.__getstate__()
    assert state["concepts_"] and model.linear_model.featurizer.concepts is not None
    own = inference.LinearModel.__new__(inference.LinearModel)
    own.__setstate__({**state, "concepts_": (("holder", ("甲乙",)),)})
    assert own.featurizer.concepts.tokens("域名持有者甲乙") == ["zcholder"]
    older = inference.LinearModel.__new__(inference.LinearModel)
    older.__setstate__({k: v for k, v in state.items() if k != "concepts_"})
    assert older.featurizer.concepts is None
    assert older.featurizer.word_tokens("域名持有者不一致") == ["域名持有者", "不", "一致"]


def test_explain_names_the_features_that_pushed_towards_a_label(model):
    est = model.linear_model
    top = est.explain("网站名称含有论坛字样", "website_name_invalid", k=5)
    assert 0 < len(top) <= 5 and all(v > 0 for _, v in top)
    assert [v for _, v in top] == sorted((v for _, v in top), reverse=True)
    assert any("名称" in name or "论坛" in name for name, _ in top)


def test_a_text_names_a_known_reason_outside_the_faq_by_its_words_or_the_detail_model(model, monkeypatch):
    est = model.linear_model

    def names(text):
        return est.names_other(split_clauses(normalize(text)))

    assert names("网站名称不规范，核验单未签字")  # a cue of verification_form
    assert names("网站名称不规范，幕布照片背景不合格")
    # no cue: the detail model decides, at OTHER_NAMED_MIN for a known reason
    doc = normalize("网站名称不规范")
    row = est.detail_proba([doc])[0]
    name = est.detail_classes_[int(row.argmax())]
    assert names(doc) == (bool(name) and name != "not_a_rejection" and row.max() >= inference.OTHER_NAMED_MIN)
    # an instruction, a next step or history beside a reason names nothing
    for reason in ("网站名称不规范", "域名未实名认证", "证件照片模糊"):
        for after in ("上传幕布照片时请保持背景完整、人像居中", "备案成功后,请在网站底部添加备案号",
                      "下一步:修改信息→提交初审→短信核验→管局审核"):
            assert names(f"{reason}。{after}") == names(reason), after
    assert names("网站名称不规范。幕布照片背景不合格")
    # The detail model reads FAQ reasons as details too (证件照片模糊 as a verification photo), so
    # of several clauses it reads only those that lean to `other`; words of a known reason count
    # in every reason clause.
    faq, expired = normalize("证件照片模糊"), normalize("营业执照不是最新的")
    both = [faq, normalize("网站名称含有论坛字样")]
    row = est.detail_proba([" ".join(both)])[0]  # without `leaning`, every reason clause is read together
    name = est.detail_classes_[int(row.argmax())]
    known = bool(name) and name != "not_a_rejection" and row.max() >= inference.OTHER_NAMED_MIN
    assert est.names_other(both) == known
    assert not est.names_other(both, leaning=[False, False])
    assert est.names_other([faq, expired], leaning=[False, True])
    assert not est.names_other([faq, expired], leaning=[False, False])
    assert est.names_other([faq, normalize("核验单未签字")], leaning=[False, False])  # a cue
    # the policy asks once per text, however often the thresholds' grid decides again
    calls = []
    ask = est.names_other
    monkeypatch.setattr(est, "names_other", lambda clauses, **kw: calls.append(clauses) or ask(clauses, **kw))
    pr = est.probabilities(_texts()[:3000])
    first = est.decide_probabilities(pr)
    asked = len(calls)
    assert asked > 0 and est.decide_probabilities(pr) == first and len(calls) == asked
