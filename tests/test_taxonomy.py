from pathlib import Path

import pytest

from classifier import config
from classifier.dataset import load_split, read_raw_dir, read_real_dir
from classifier.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy

CONTRACT = [
    "domain_not_in_registrar_db", "registrant_id_type_mismatch", "domain_owner_mismatch", "website_name_invalid",
    "cross_province", "website_content_invalid", "documents_invalid", "principal_not_legal_rep",
    "phone_number_problem", "mobile_reused", "filing_type_wrong", "record_exists_at_miit",
    "domain_realname_not_synced", "id_has_pending_order", "other",
]


def test_ids_are_the_public_contract():
    assert list(load_taxonomy().ids) == CONTRACT


def test_every_category_has_title_anchor_and_concrete_remedy():
    tax = load_taxonomy()
    for cat in tax.categories:
        assert cat.title and cat.name and len(cat.remedy) >= 40, cat.id
        if cat.id != config.OTHER:
            assert cat.anchor.startswith("section_"), cat.id
    assert tax["domain_not_in_registrar_db"].title == "域名不存在注册商验证库中"
    assert tax["domain_not_in_registrar_db"].anchor == "section_ohv_qu6_3w3"
    assert "客服" in tax["other"].remedy


def test_taxonomy_training_labels_and_model_classes_agree(model):
    ids = set(load_taxonomy().ids)
    raw_labels = {label for ex in read_raw_dir(config.RAW_MESSAGES_DIR) for label in ex.labels}
    train_labels = {label for ex in load_split("train") for label in ex.labels}
    assert raw_labels == ids
    assert train_labels == ids
    assert list(model.labels) == list(load_taxonomy().ids)
    assert model.manifest["labels"] == list(load_taxonomy().ids)


def test_malformed_taxonomy_is_rejected(tmp_path: Path):
    bad = tmp_path / "t.toml"
    bad.write_text('[[category]]\nid = "x"\ntitle = "t"\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match="lacks"):
        parse_taxonomy(bad)
    with pytest.raises(TaxonomyError, match="not found"):
        parse_taxonomy(tmp_path / "missing.toml")
    dup = tmp_path / "d.toml"
    entry = '[[category]]\nid = "other"\ntitle = "t"\nname = "n"\nanchor = ""\nremedy = "r"\n'
    dup.write_text(entry * 2, encoding="utf-8")
    with pytest.raises(TaxonomyError, match="duplicate"):
        parse_taxonomy(dup)


def test_details_of_other_have_titles_remedies_and_cues():
    import re
    tax = load_taxonomy()
    assert "not_a_rejection" in tax.detail_ids and len(tax.detail_ids) == 15
    for d in tax.details:
        assert d.title and re.compile(d.cues)
        assert (d.remedy == "") == (d.id == "not_a_rejection"), d.id
    assert not set(tax.detail_ids) & set(tax.ids)
    assert "不是驳回" not in tax["other"].remedy and tax.advice


def test_other_names_reasons_without_a_detail_of_their_own_and_only_other_has_cues(tmp_path: Path):
    from classifier.text import normalize
    cues = load_taxonomy().reason_cues
    for text in ("网站负责人未满十八周岁，不能备案", "负责人为未成年人", "外籍人士不予备案", "核验单未签字"):
        assert cues.search(normalize(text)), text
    assert not cues.search(normalize("网站名称不规范"))
    assert_rejected(tmp_path, "cues", (("website_name_invalid", "x", "only 'other' has cues"),
                                       ("other", "(", "not a regular")))


def test_categories_whose_words_serve_as_context_need_words_of_their_reason(tmp_path: Path):
    stated = load_taxonomy().stated_by
    assert set(stated) == {"filing_type_wrong", "principal_not_legal_rep", "domain_owner_mismatch",
                           "record_exists_at_miit", "registrant_id_type_mismatch", "phone_number_problem"}
    assert_rejected(tmp_path, "stated_by", (("other", "x", "takes no stated_by"),
                                            ("website_name_invalid", "(", "stated_by is not")))
    assert_rejected(tmp_path, "stated_with", (("website_name_invalid", "x", "stated_with needs stated_by"),))
    # the filing type's words must go with the type, in one piece between commas
    assert sorted(c for c, s in stated.items() if s.near is not None) == ["filing_type_wrong", "phone_number_problem",
                                                                          "principal_not_legal_rep"]
    assert stated["filing_type_wrong"].search("首次备案选择错误,请改为新增网站")
    assert not stated["filing_type_wrong"].search("首次备案期间,域名不能开启访问")
    # the legal representative named in a rule that the website's person in charge may NOT be them
    principal = stated["principal_not_legal_rep"]
    assert principal.search("主体负责人非法定代表人") and principal.search("网站负责人如非法人,请提供授权书")
    for text in ("网站负责人不能是法定代表人", "法人不得兼任网站负责人", "网站负责人须由法人以外的人员担任",
                 "网站负责人与法定代表人不能为同一人"):
        assert not principal.search(text), text
    assert principal.search("主体负责人不是法人;网站负责人不能为法人")  # each piece on its own
    # certificate kinds that differ, or the domain's registrant: not the type as a field to fill
    assert stated["registrant_id_type_mismatch"].search("证件类型不一致")
    assert stated["registrant_id_type_mismatch"].search("id type mismatch")
    assert not stated["registrant_id_type_mismatch"].search("证件类型必须选工商营业执照")


def assert_rejected(tmp_path: Path, field: str, cases) -> None:
    """Each (category, pattern, error): a taxonomy whose category has ``field = pattern`` (with
    an ``other`` entry beside it) is refused with ``error``."""
    entry = '[[category]]\nid = "{}"\ntitle = "t"\nname = "n"\nanchor = ""\nremedy = "r"\n'
    for cat, pattern, error in cases:
        path = tmp_path / f"{cat}.toml"
        own = entry.format(cat) + f'{field} = "{pattern}"\n'
        path.write_text(own + (entry.format("other") if cat != "other" else ""), encoding="utf-8")
        with pytest.raises(TaxonomyError, match=error):
            parse_taxonomy(path)


@pytest.mark.parametrize("label, stated, not_stated, unstated", [
    ("filing_type_wrong",
     ("备案类型错误", "应为新增网站", "非首次备案", "主体已有备案号，请按新增网站提交", "勿选首次备案",
      "该主体已经备过案了还报首次", "Wrong filing type"),
     # a filing type named as the situation
     ("您在首次备案时使用了已备案的域名，请更换域名", "首次备案、新增网站办理期间网站需关闭",
      # words of a wrong choice away from the type: another rule beside it
      "首次备案、新增网站办理期间，您的域名不能开启访问", "错误！请进行一些更改。",
      # a certificate type is no filing type
      "证件类型选错了，域名是用护照实名的", "证件类型选择错误，应为营业执照"), ()),
    ("principal_not_legal_rep",
     ("主体负责人非法人", "负责人不是法定代表人", "主 体 负 责 人 非 法 人", "负责人非法代",
      "主体负责人不是法 ，请修改", "个体户的主体负责人须为执照登记的经营者", "负责人填了员工",
      "The person in charge is not the legal representative"),
     # rules about the person in charge alone state other reasons
     ("主体负责人和网站负责人必须是首次办理备案", "主体负责人证件号码、手机号码不能为其他主体备案过",
      "若网站负责人与主办单位负责人非同一人，请分别填写他们的手机号码"),
     # the names that said it went with the contact details (主体负责人：马丽；法定代表人：郭峰。不符)
     ("不符",)),
    ("phone_number_problem",
     ("负责人手机号非本省号段", "电话无人接听", "手几号是外地的", "區號不對", "171虚拟号不可用", "他人代接",
      "应急联系电话无法接通", "应急联系人电话与负责人手机不能为同一号码,且须为本省号段", "The mobile is switched off"),
     # one number given for two roles (other/duplicate_person_info)
     ("应急联系电话不能与负责人手机相同", "手机号码与应急号码不能一致", "应急电话与负责人手机号一致，请修改",
      "The emergency telephone number cannot be the same as the mobile of the person in charge"), ()),
    ("domain_owner_mismatch",
     ("域名持有者与主办单位名称不一致", "域名实名信息与备案信息不符", "注册人与备案主体不一致", "实名主体≠备案主体",
      "The domain owner differs from the entity", "小程序主体与主办者不一致"),
     # the account's real-name check is another reason (an account bound to another subject)
     ("实名认证账号与备案主体不符", "账号的实名认证信息和备案信息必须保持一致"), ()),
    ("record_exists_at_miit",
     ("该主体已用旧证件号码在工信部备案，请变更", "主体已使用其他证件号码备案", "组织机构代码已备",
      "主办单位证件号码不合格(三证合一)", "新证号未更新至部备案", "must match the original record",
      "the same certificates as those submitted in the initial filing", "the document used for the first-time filing"),
     # a rule that asks only for the latest three-in-one licence names no record
     ("企业必须使用三证合一的新证件备案", "单位必须以最新的三证合一证件备案",
      "the latest three-in-one licence must be used"),
     # an English rule that names the record only as "the icp filing information" and its change
     # (变更 states it in Chinese; the English "change" is not among the words that state it)
     ("if both the name and document number of the enterprise have changed, the icp filing information cannot be"
      " changed. if you have changed your business license to the three-in-one license, which causes the name and"
      " document number to change at the same time, you must provide the certificate of name change and document"
      " number change issued by the relevant issuing authority",)),
])
def test_a_category_with_words_of_its_reason_is_stated_in_them(label, stated, not_stated, unstated):
    from classifier.text import normalize
    pattern = load_taxonomy().stated_by[label]
    for text in stated:
        assert pattern.search(normalize(text)), text
    for text in not_stated:
        assert not pattern.search(normalize(text)), text
    # every written, wild and collected text labelled so says it in such words (``unstated``: the
    # known exceptions)
    assert unstated_texts(label) == list(unstated)


def unstated_texts(label: str) -> list[str]:
    """The normalised written, wild and collected texts labelled ``label`` that lack the words
    of its ``stated_by``."""
    from classifier.text import normalize
    pattern = load_taxonomy().stated_by[label]
    examples = (read_raw_dir(config.RAW_MESSAGES_DIR) + read_raw_dir(config.RAW_WILD_DIR)
                + read_real_dir(config.RAW_REAL_DIR))
    return [text for text in (normalize(ex.text) for ex in examples if label in ex.labels)
            if not pattern.search(text)]


def test_a_detail_within_a_category_stands_beside_it_only_in_words_of_its_own():
    from classifier.text import normalize
    tax = load_taxonomy()
    beside = ("cross_province", "other")
    assert tax.part_of("address_invalid", beside, normalize("身份证地址必须是本市"))
    assert not tax.part_of("address_invalid", beside, normalize("证件住所非本省，通信地址不详"))
    assert not tax.part_of("address_invalid", ("website_name_invalid", "other"), normalize("身份证地址必须是本市"))
    assert tax.part_of("verification_form", ("principal_not_legal_rep", "other"), normalize("负责人非法人需提供授权书"))
    assert not tax.part_of("verification_form", ("principal_not_legal_rep", "other"),
                           normalize("负责人非法人，授权书未加盖公章"))
    # an unreadable photo of a form is a certificate image problem; an unsigned form is a form's
    assert tax.part_of("verification_form", ("documents_invalid", "other"), normalize("核验单扫描件不清晰"))
    assert not tax.part_of("verification_form", ("documents_invalid", "other"),
                           normalize("身份证照片模糊，承诺书没有盖章"))
    assert not tax.part_of(None, beside, "地址") and not tax.part_of("no_such_detail", beside, "地址")


@pytest.mark.parametrize("within, message", [
    ('within = { nowhere = "x" }', "not a FAQ category"),
    ('within = { other = "x" }', "not a FAQ category"),
    ('within = { cross_province = "(" }', "within.cross_province is not a regular"),
    ('within = "cross_province"', "must be a table"),
])
def test_a_malformed_within_is_rejected(tmp_path: Path, within: str, message: str):
    cats = "".join(f'[[category]]\nid = "{c}"\ntitle = "t"\nname = "n"\nanchor = ""\nremedy = "r"\n'
                   for c in ("cross_province", "other"))
    path = tmp_path / "t.toml"
    path.write_text(cats + f'[[detail]]\nid = "address_invalid"\ntitle = "t"\nremedy = "r"\ncues = "地址"\n{within}\n',
                    encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        parse_taxonomy(path)
