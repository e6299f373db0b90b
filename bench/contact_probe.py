"""Metamorphic probe: append (or prepend) console contact and record fields to every test, wild and real
text and count the texts whose label set changes.

    .venv/bin/python bench/contact_probe.py [--model DIR] [--seed N] [--show K]

The fields: responsible person, ID number (full and masked), phone, e-mail, order number,
reviewer, hotline, emergency phone, the filing number, the domain, the subject's name, the site's
name, the interface's erroneous datum (错误数据), and a name written right after a person's field,
generated here rather than with ``classifier.augment`` so that the probe shares no layout with
the training data. The rules of
``classifier.text.strip_contact`` were checked against this generator, so its figures are not
held out; tests/test_prediction.py has a layout of its own.
"""
from __future__ import annotations

import argparse
import random
import sys

from classifier import load_model
from classifier.dataset import load_split, wild_names

SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _person(r: random.Random) -> str:
    return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.randint(1, 2)))


def _mobile(r: random.Random) -> str:
    head = r.choice(("130", "133", "139", "150", "153", "166", "177", "180", "186", "199"))
    return head + f"{r.randint(0, 10**8 - 1):08d}"


def _ident(r: random.Random) -> str:
    return (f"{r.randint(110000, 659000)}{r.randint(1960, 2004)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
            f"{r.randint(0, 999):03d}{r.choice('0123456789X')}")


def _fields(r: random.Random) -> list[str]:
    name, mobile, ident = _person(r), _mobile(r), _ident(r)
    mail = f"{r.choice(['abc', 'web', 'icp'])}{r.randint(1, 999)}@{r.choice(['qq.com', '163.com', 'example.com'])}"
    return [f"负责人：{name}", f"证件号：{ident}", f"电话：{mobile}", f"手机：{mobile}", f"邮箱：{mail}",
            f"订单号：{r.randint(10**9, 10**15)}", f"审核员：{_person(r)}",
            f"客服电话：{r.choice(['95187', '4009100100'])}",
            f"网站负责人{name}", f"身份证号码{ident}", f"联系方式{mobile}", f"主体负责人：{name}（{mobile}）",
            f"备案号：京ICP备{r.randint(10**7, 10**8)}号", f"应急联系电话：{_mobile(r)}",
            f"证件号码：{ident[:6]}********{ident[-4:]}", f"负责人姓名：{name}，证件号码：{ident}，手机号码：{mobile}",
            f"域名：www.{r.choice(['abc', 'shop', 'blog'])}{r.randint(1, 99)}.com",
            f"主办单位：{r.choice(['北京', '上海', '杭州'])}{r.choice(['星辰', '云海', '蓝天'])}科技有限公司",
            f"网站名称：{r.choice(['星辰', '云海', '蓝天'])}{r.choice(['博客', '商城', '官网', '在线'])}",
            f"错误数据：{r.choice([ident, mobile, 'www.example.com'])}"]


def suffix(r: random.Random) -> str:
    body = r.choice(["，", "；", " ", "、"]).join(r.sample(_fields(r), r.randint(1, 4)))
    return r.choice(["（{}）", "({})", "。{}", "\n{}", " {}", "【{}】", "，{}"]).format(body)


def prefix(r: random.Random) -> str:
    body = r.choice(["，", "；", " "]).join(r.sample(_fields(r), r.randint(1, 3)))
    return r.choice(["{}：", "【{}】", "{}\n", "[{}] "]).format(body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--seed", type=int, default=808)
    ap.add_argument("--show", type=int, default=5, help="changed texts to print per layout")
    args = ap.parse_args(argv)
    model = load_model(args.model) if args.model else load_model()
    r = random.Random(args.seed)
    texts = [ex.text for name in ["test", *wild_names()] for ex in load_split(name)]
    base = model.predict(texts)
    for kind, add in (("suffix", lambda t: t.rstrip("。") + suffix(r)), ("prefix", lambda t: prefix(r) + t)):
        altered = [add(t) for t in texts]
        changed = [(a.labels, b.labels, t) for a, b, t in zip(base, model.predict(altered), altered, strict=True)
                   if set(a.labels) != set(b.labels)]
        print(f"{kind}: {len(changed)} of {len(texts)} texts changed ({len(changed) / len(texts):.2%})")
        for old, new, text in changed[: args.show]:
            print(f"   {old} -> {new} | {text[:120]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
