"""Explanations for people: phrases with shares, single characters left out, marked text."""
import os
import subprocess
import sys

from classifier.concepts import PREFIX
from classifier.explain import PLACEHOLDER_NAMES, _phrase, highlight, reasons


def test_reasons_name_the_phrases_that_drove_each_label(model):
    text = "网站名称含有论坛字样，负责人手机号非本省号段"
    pred = model.predict(text)
    assert set(pred.labels) >= {"website_name_invalid", "phone_number_problem"}
    name = reasons(model.linear_model, text, "website_name_invalid")
    phone = reasons(model.linear_model, text, "phone_number_problem")
    assert any("名称" in r.phrase or "论坛" in r.phrase for r in name[:2])
    assert any("号段" in r.phrase or "手机" in r.phrase for r in phone[:2])
    for found in (name, phone):
        shares = [r.share for r in found]
        assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1.0001
        assert all(len(r.phrase) > 1 or r.share >= 0.25 for r in found)
        assert len({r.phrase for r in found}) == len(found)
        assert not any(a != b and a.phrase in b.phrase for a in found for b in found)  # folded


def test_masked_entities_are_named_not_spelled(model):
    found = reasons(model.linear_model, "域名 example.com 未实名认证", "domain_not_in_registrar_db")
    assert found and not any(r.phrase in ("one", "dom", "oma", "main") for r in found)
    assert all(not r.phrase.startswith("x") or r.phrase not in PLACEHOLDER_NAMES for r in found)


def test_feature_names_become_phrases_and_are_marked():
    assert _phrase("w:核验 单") == "核验单" and _phrase("w:err field") == "err field" and _phrase("c:样,") == "样"
    assert highlight("网站名称含有论坛字样", ["论坛", "名称"]) == "网站【名称】含有【论坛】字样"
    assert highlight("abc", []) == "abc"
    assert highlight("Your filing was rejected as is", ["as", "filing"]) == "Your 【filing】 was rejected 【as】 is"
    # where phrases overlap, the one listed first (the stronger) is marked
    assert highlight("The website name contains", ["website name", "the website", "name contains"]) == \
        "The 【website name】 contains"


def test_phrases_are_marked_in_traditional_script_and_full_width_text_as_written():
    """reasons() reads the normalised text (simplified, half width, lower case); the marks go
    around the characters the user wrote."""
    assert highlight("網站名稱含有論壇字樣", ["论坛", "名称"]) == "網站【名稱】含有【論壇】字樣"
    assert highlight("ＩＣＰ備案：網站名稱ＡＢＣ", ["icp", "名称"]) == "【ＩＣＰ】備案：網站【名稱】ＡＢＣ"
    assert highlight("ＷＡＳ ａｓ", ["as"]) == "ＷＡＳ 【ａｓ】"  # whole words in full width too


def test_predict_without_text_on_a_terminal_prints_usage():
    import pty
    main_fd, tty_fd = pty.openpty()
    try:
        r = subprocess.run([sys.executable, "-m", "classifier", "predict"], stdin=tty_fd, capture_output=True,
                           text=True, timeout=120)
    finally:
        os.close(main_fd)
        os.close(tty_fd)
    assert r.returncode == 2 and "usage: icp-classify predict" in r.stderr


def test_predict_explain_and_short_remedies_on_the_command_line():
    r = subprocess.run([sys.executable, "-m", "classifier", "predict", "--explain", "网站名称含有论坛字样"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0
    assert "依据 website_name_invalid（网站名称不合格）" in r.stdout and "%" in r.stdout and "【" in r.stdout
    text = "网站名称不合规；负责人手机号非本省号段"
    short = subprocess.run([sys.executable, "-m", "classifier", "predict", text],
                           capture_output=True, text=True, timeout=120).stdout
    full = subprocess.run([sys.executable, "-m", "classifier", "predict", "--full", text],
                          capture_output=True, text=True, timeout=120).stdout
    assert "--full 显示完整处理办法" in short and "--full" not in full and len(full) > len(short)
    assert "个人网站的命名限制" not in short
    # a later item that speaks of the message's own words is shown (the personal site's 论坛)
    short = subprocess.run([sys.executable, "-m", "classifier", "predict", "个人网站名称含有论坛字样"],
                           capture_output=True, text=True, timeout=120).stdout
    assert "个人网站的命名限制" in short


def test_concept_tokens_count_for_the_words_that_name_them(model):
    """The model's concept tokens (zcholder, zcmismatch …) never reach people as phrases."""
    found = reasons(model.linear_model, "域名持有者与主办单位不一致", "domain_owner_mismatch", k=10)
    assert found and not any(PREFIX in r.phrase for r in found)
    assert any("不一致" in r.phrase for r in found) and any("持有者" in r.phrase for r in found)


def test_phrases_do_not_start_or_end_with_quote_marks(model):
    found = reasons(model.linear_model, "网站名称含有“博客”字样", "website_name_invalid")
    assert found and not any(r.phrase[:1] in "“”\"'" or r.phrase[-1:] in "“”\"'" for r in found)


def test_a_line_the_answer_left_out_lends_it_no_phrase(model):
    text = "网站名称不合格\nname: 张三"  # the field line is read alone and left out (Model.read_lines)
    whole = [r.phrase for r in reasons(model.linear_model, text, "website_name_invalid")]
    read = [r.phrase for r in reasons(model.linear_model, text, "website_name_invalid", read=model.read_lines)]
    assert "name" in whole and "name" not in read and read[0].startswith("网站名称")
    assert "w:name" in dict(model.linear_model.explain(text, "website_name_invalid", k=50))
    assert "w:name" not in dict(model.explain(text, k=50))
