import random

from classifier import augment


def test_noise_is_deterministic_per_seed():
    a = [augment.noisy("网站名称含有论坛字样", ["website_name_invalid"], random.Random(1)) for _ in range(3)]
    b = [augment.noisy("网站名称含有论坛字样", ["website_name_invalid"], random.Random(1)) for _ in range(3)]
    assert a == b


def test_combine_mentions_every_part():
    rng = random.Random(3)
    parts = [("website_name_invalid", "名称含论坛"), ("phone_number_problem", "手机号外省")]
    for _ in range(30):
        text = augment.combine(parts, rng)
        assert "名称含论坛" in text and "手机号外省" in text


def test_structured_forms_keep_the_reason():
    rng = random.Random(5)
    for _ in range(30):
        assert "证件模糊" in augment.structured("证件模糊", "documents_invalid", rng)
