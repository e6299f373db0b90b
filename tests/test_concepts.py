"""Concept tokens: which concepts a text mentions, found in one pass."""
import re

from classifier.concepts import CONCEPTS, PREFIX, ConceptTagger, word_pattern
from classifier.dataset import load_split
from classifier.text import normalize


def test_synonyms_give_the_same_concept_tokens():
    tag = ConceptTagger()
    assert tag.tokens("域名持有者与主办单位不一致") == tag.tokens("域名注册人和主办者对不上") \
        == [f"{PREFIX}holder", f"{PREFIX}mismatch"]
    assert tag.tokens("") == [] and tag.tokens("随便什么文字") == []


def test_overlapping_words_give_every_concept():
    """实名主体 is a holder and mentions real-name; 已备案 after 未 still names a record."""
    tag = ConceptTagger()
    assert tag.tokens("实名主体") == [f"{PREFIX}holder", f"{PREFIX}realname"]
    assert tag.tokens("手机号码空号，手机号码空号") == [f"{PREFIX}phone", f"{PREFIX}unreach"]


def test_one_pass_equals_searching_each_concept_on_its_own():
    """The single look-ahead pattern finds exactly what a search per concept finds."""
    tag = ConceptTagger()
    searches = [(name, re.compile("|".join(map(word_pattern, words)))) for name, words in CONCEPTS]
    texts = [normalize(ex.text) for s in ("dev", "test") for ex in load_split(s)][:3000]
    texts += [normalize(ex.text) for ex in load_split("train") if ex.text.isascii()][:1000]
    for text in texts:
        assert tag.tokens(text) == [PREFIX + name for name, p in searches if p.search(text)], text


def test_concepts_survive_a_round_trip_through_plain_lists():
    tag = ConceptTagger([("a", ["甲", "甲乙"]), ("b", ["乙"])])
    again = ConceptTagger(tag.to_state())
    assert again.concepts == tag.concepts
    assert again.tokens("甲乙") == [f"{PREFIX}a", f"{PREFIX}b"]
    assert ConceptTagger([]).tokens("甲") == []


def test_english_words_name_the_same_concepts_as_chinese_ones():
    """An international console's English meets the concepts of the Chinese corpus."""
    tag = ConceptTagger()
    assert tag.tokens(normalize("The domain name owner is not consistent with the ICP filing subject.")) \
        == tag.tokens("域名所有者与备案主体不一致")


def test_an_english_word_inside_another_word_names_nothing():
    """face in interface, phone in the placeholder xphone: no concept."""
    tag = ConceptTagger()
    assert tag.tokens("interface exception") == []
    assert tag.tokens(normalize("Call 13800000000 now")) == []
    assert tag.tokens("face photo") == [f"{PREFIX}photo"]
