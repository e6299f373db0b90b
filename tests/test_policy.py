"""The decision policy's rules, each on hand-built probabilities."""
import numpy as np
import pytest

from classifier.policy import DecisionPolicy

CLASSES = ["website_name_invalid", "phone_number_problem", "documents_invalid", "other"]
NAME, PHONE, DOCS, OTHER = range(4)


def policy() -> DecisionPolicy:
    return DecisionPolicy(CLASSES, threshold=0.4, extra_threshold=0.8, clause_threshold=0.9)


def probs(**values: float) -> np.ndarray:
    p = np.zeros(len(CLASSES))
    for name, v in values.items():
        p[CLASSES.index(name)] = v
    return p


def one(pol, p, clauses=()):
    """Labels of one text: ``clauses`` as (clause text, its probabilities)."""
    clause_p = np.array([c for _, c in clauses]).reshape(len(clauses), len(CLASSES))
    texts = [t for t, _ in clauses]
    return pol.decide(p[None, :], clause_p, np.array([len(clauses)]), texts.__getitem__)[0]


def test_top_label_needs_its_threshold_and_further_labels_the_extra_one():
    pol = policy()
    assert one(pol, probs(website_name_invalid=0.45)) == ["website_name_invalid"]
    assert one(pol, probs(website_name_invalid=0.9, phone_number_problem=0.7)) == ["website_name_invalid"]
    assert one(pol, probs(website_name_invalid=0.9, phone_number_problem=0.85)) == \
        ["website_name_invalid", "phone_number_problem"]


def test_nothing_over_the_threshold_is_other():
    assert one(policy(), probs(website_name_invalid=0.3, phone_number_problem=0.2)) == ["other"]


def test_other_stays_beside_a_faq_reason_only_when_clearly_stated():
    pol = policy()
    # `other` over the extra threshold but under max(threshold, 0.5)? Not possible here; use a
    # lower extra threshold so that a weak `other` is chosen and then dropped.
    pol.extra_threshold = 0.45
    assert one(pol, probs(website_name_invalid=0.9, other=0.47)) == ["website_name_invalid"]
    assert one(pol, probs(website_name_invalid=0.9, other=0.85)) == ["website_name_invalid", "other"]


def test_a_text_leaning_to_other_keeps_it_beside_a_faq_reason_only_when_it_names_a_known_reason():
    pol = policy()
    p = probs(website_name_invalid=0.9, other=0.85)
    asked = []

    def names(answer):
        def ask(i):
            asked.append(i)
            return answer
        return ask

    def decide(p, names_other):
        return pol.decide(p[None, :], np.zeros((0, len(CLASSES))), np.array([0]), [].__getitem__,
                          names_other=names_other)[0]

    assert decide(p, names(False)) == ["website_name_invalid"]  # 提交材料缺失或格式错误: a help article's voice
    assert decide(p, names(True)) == ["website_name_invalid", "other"]
    asked.clear()
    # `other` alone and `other` under 0.5 never ask; a clause that states it needs no asking
    assert decide(probs(other=0.9), names(False)) == ["other"]
    assert decide(probs(website_name_invalid=0.9, other=0.3), names(False)) == ["website_name_invalid"]
    clauses = [("网站名称不规范", probs(website_name_invalid=0.97)), ("核验单未签字", probs(other=0.99))]
    clause_p = np.array([c for _, c in clauses])
    assert pol.decide(p[None, :], clause_p, np.array([2]), [t for t, _ in clauses].__getitem__,
                      names_other=names(False))[0] == ["website_name_invalid", "other"]
    assert asked == []


def test_a_reason_clause_adds_its_label_and_a_clause_that_states_no_reason_does_not():
    pol = policy()
    whole = probs(website_name_invalid=0.95, documents_invalid=0.3)
    reason = [("网站名称不规范", probs(website_name_invalid=0.97)), ("核验单照片模糊", probs(documents_invalid=0.95))]
    assert one(pol, whole, reason) == ["website_name_invalid", "documents_invalid"]
    instruction = [("网站名称不规范", probs(website_name_invalid=0.97)),
                   ("请勿频繁重复提交", probs(documents_invalid=0.95))]
    assert one(pol, whole, instruction) == ["website_name_invalid"]


def test_only_a_clause_that_names_a_problem_or_a_known_reason_adds_other():
    pol = policy()
    whole = probs(website_name_invalid=0.95, other=0.3)
    for clause, adds in (("核验单未签字", True), ("备案主体冲突", True), ("主办单位已被吊销", True),
                         ("发送状态:已发送 签名:某某云", False), ("祝您工作顺利", False), ("客服 小李 已回复", False),
                         # closing lines: a status, a consequence, a condition, a bare "not passed"
                         ("订单已退回至待提交状态,请及时处理", False), ("逾期未补正的,视为撤回备案申请", False),
                         ("如非本人操作,请忽略本短信", False), ("本次备案申请暂不予通过", False),
                         ("请于3日内修改,逾期未修改的将关闭订单", False),
                         ("负责人证件已过期,逾期未更换将关闭订单", True),
                         # a consequence after the reason: what happens, not why
                         ("核实时电话打不通的,则备案将被拒绝并列为黑名单", False),
                         ("抽查到内容违规,就会注销掉备案号", False), ("与实际不符,会被驳回", False),
                         # ... also inside a piece, after what it follows from
                         ("名称使用过多会被列入黑名单", False), ("抽测时发现会以信息不准确进行注销处理", False),
                         ("缺页的备案会被退回 (b) 主办单位已被吊销", True),
                         ("域名在黑名单中,请更换域名", True), ("营业执照已超过营业期限", True),
                         # how the filing goes on names no reason, a finding beside it does
                         ("证件照片不清晰,幕布照片核验结果有效期为30天", False),
                         ("幕布照片背景不合格,核验结果有效期为30天", True)):
        clauses = [("网站名称不规范", probs(website_name_invalid=0.97)), (clause, probs(other=0.99))]
        assert one(pol, whole, clauses) == (["website_name_invalid", "other"] if adds else ["website_name_invalid"]), \
            clause


def test_labels_come_in_the_order_their_clauses_state_them_other_included():
    pol = policy()
    whole = probs(website_name_invalid=0.95, phone_number_problem=0.9, other=0.92)
    clauses = [("另有其他问题", probs(other=0.95)), ("手机号非本省", probs(phone_number_problem=0.95)),
               ("网站名称不规范", probs(website_name_invalid=0.96))]
    assert one(pol, whole, clauses) == ["other", "phone_number_problem", "website_name_invalid"]
    clauses = [clauses[1], clauses[2], clauses[0]]
    assert one(pol, whole, clauses) == ["phone_number_problem", "website_name_invalid", "other"]
    # One clause: the higher probability first, unless its pieces say which reason comes first.
    assert one(pol, whole) == ["website_name_invalid", "other", "phone_number_problem"]
    first = np.full((1, len(CLASSES)), np.inf)
    first[0, PHONE], first[0, OTHER] = 0, 1  # 手机号非本省，ip地址错误，网站名称不规范 (no piece leans to the name)
    assert pol.decide(whole[None, :], np.zeros((0, len(CLASSES))), np.array([0]), [].__getitem__,
                      piece_first=first)[0] == ["phone_number_problem", "other", "website_name_invalid"]
    first[0, PHONE], first[0, OTHER] = 1, 0  # 网站无法打开，负责人电话空号
    assert pol.decide(whole[None, :], np.zeros((0, len(CLASSES))), np.array([0]), [].__getitem__,
                      piece_first=first)[0] == ["other", "phone_number_problem", "website_name_invalid"]


@pytest.mark.parametrize("seed", range(20))
def test_texts_decided_together_or_one_by_one_get_the_same_labels(seed):
    """Decisions of a batch are those of each text alone (clause rows stay with their text)."""
    rng = np.random.default_rng(seed)
    pol = policy()
    n = int(rng.integers(1, 12))
    values = np.array([0.0, 0.1, 0.4, 0.45, 0.5, 0.8, 0.85, 0.9, 0.95, 1.0])
    p = rng.choice(values, size=(n, len(CLASSES)))
    counts = np.where(rng.random(n) < 0.5, rng.integers(2, 5, size=n), 0)
    clause_p = rng.choice(values, size=(int(counts.sum()), len(CLASSES)))
    texts = rng.choice(["初审驳回：", "网站名称不规范", "核验单未签字", "请勿频繁重复提交"],
                       size=len(clause_p)).tolist()
    together = pol.decide(p, clause_p, counts, texts.__getitem__)
    ends = np.cumsum(counts)
    alone = [pol.decide(p[i:i + 1], clause_p[ends[i] - counts[i]: ends[i]], counts[i:i + 1],
                        texts[ends[i] - counts[i]: ends[i]].__getitem__)[0] for i in range(n)]
    assert together == alone


def test_a_terse_one_clause_text_keeps_one_label():
    pol = policy()
    pol.single_label_below = 10
    p = probs(phone_number_problem=0.95, website_name_invalid=0.9)
    one_clause = np.array([0])
    short = pol.decide(p[None, :], np.zeros((0, 4)), one_clause, [].__getitem__, np.array([7]))[0]
    long = pol.decide(p[None, :], np.zeros((0, 4)), one_clause, [].__getitem__, np.array([30]))[0]
    assert short == ["phone_number_problem"] and long == ["phone_number_problem", "website_name_invalid"]
    # Off (0), or without lengths: as before.
    pol.single_label_below = 0
    assert pol.decide(p[None, :], np.zeros((0, 4)), one_clause, [].__getitem__, np.array([7]))[0] == long


def test_a_list_item_adds_its_category_after_the_others_and_other_only_by_a_known_reason():
    from classifier.policy import ITEM_MIN, ITEM_OTHER_MIN

    pol = policy()

    def decide(p, items):
        item_p = np.array([q for _, q in items]).reshape(len(items), len(CLASSES))
        texts = [t for t, _ in items]
        return pol.decide(p[None, :], np.zeros((0, len(CLASSES))), np.array([0]), [].__getitem__,
                          items=(item_p, np.zeros(len(items), dtype=np.int64), texts.__getitem__))[0]

    p = probs(phone_number_problem=0.95, documents_invalid=0.6)
    assert decide(p, [("手机号码无法接通", probs(phone_number_problem=0.99)),
                      ("证件照片模糊不清", probs(documents_invalid=ITEM_MIN))]) == \
        ["phone_number_problem", "documents_invalid"]
    assert decide(p, [("证件照片模糊不清", probs(documents_invalid=ITEM_MIN - 0.01))]) == ["phone_number_problem"]
    # `other` from an item only where the item names a known reason outside the FAQ
    assert decide(p, [("营业执照已过期", probs(other=ITEM_OTHER_MIN))]) == ["phone_number_problem", "other"]
    assert decide(p, [("营业执照已过期", probs(other=ITEM_OTHER_MIN - 0.01))]) == ["phone_number_problem"]
    assert decide(p, [("联系方式无效等情况", probs(other=0.999))]) == ["phone_number_problem"]
    # nothing chosen answers `other`, which stays beside what an item adds
    assert decide(probs(other=0.3), [("新旧证件问题及时处理", probs(documents_invalid=0.9))]) == \
        ["other", "documents_invalid"]
    assert decide(probs(other=0.3), []) == ["other"]


def test_a_category_stated_only_in_words_of_its_reason_is_dropped_from_a_text_without_them():
    import re
    pol = policy()
    pol.stated_by = {"documents_invalid": re.compile("不清晰|缺少")}
    p = probs(documents_invalid=0.9, website_name_invalid=0.85)
    none = np.zeros((0, len(CLASSES)))

    def decide(text):
        return pol.decide(p[None, :], none, np.array([0]), [].__getitem__, docs=[text])[0]

    assert decide("证件照片不清晰，网站名称不规范") == ["documents_invalid", "website_name_invalid"]
    assert decide("上传证件时网站名称不规范") == ["website_name_invalid"]
    alone = probs(documents_invalid=0.9)
    assert pol.decide(alone[None, :], none, np.array([0]), [].__getitem__, docs=["上传证件时"])[0] == ["other"]
    # without the texts (docs None) nothing is dropped
    assert pol.decide(p[None, :], none, np.array([0]), [].__getitem__)[0] == \
        ["documents_invalid", "website_name_invalid"]
