"""A plain keyword classifier written from the labelling guide (docs/labelling.md) alone: the
yardstick the real-wording issue measured the model against. Each category is a list of
regular expressions; a text gets every category that matches (in order of first match), else
``other``.

    .venv/bin/python bench/keywords.py [--data data/processed/real.csv ...]

Prints macro-F1 and exact-set of the keyword list beside the shipped model on each file, and on
the real strings of the unstudied source groups (the texts bench/realcv.py holds out).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from classifier import config
from classifier.dataset import read_labelled, read_real_dir
from classifier.evaluate import score
from classifier.taxonomy import load_taxonomy

HERE = Path(__file__).resolve().parent

#: Patterns per category, in the labelling guide's words (not the real strings').
RULES: dict[str, list[str]] = {
    "domain_realname_not_synced": [r"未入库", r"(同步|上报).{0,8}(管局|工信部|域名库)", r"等待.{0,6}工作日",
                                   r"实名.{0,8}(已|完成).{0,12}(未|没有).{0,6}(同步|入库)"],
    "domain_not_in_registrar_db": [r"(未|没有|未完成|未进行).{0,4}实名", r"实名.{0,6}(审核中|失败|未通过|不通过)",
                                   r"(注册商|域名库).{0,12}(查询不到|查不到|无|没有).{0,6}(实名|信息)",
                                   r"2018.{0,12}实名"],
    "registrant_id_type_mismatch": [r"证件类型.{0,12}(不一致|不符|不同|不匹配)",
                                    r"(不一致|不符|不同).{0,6}证件类型"],
    "domain_owner_mismatch": [r"域名.{0,12}(所有者|所有人|持有者|持有人|注册人|实名信息).{0,16}(不一致|不符|不同|不是)",
                              r"(所有者|所有人|持有者|持有人|注册人).{0,12}(与|和).{0,12}(主办|备案).{0,12}(不一致|不符)"],
    "documents_invalid": [r"(模糊|不清晰|不清楚|反光|复印件|黑白|翻拍|水印|遮挡|不完整|缺角)",
                          r"(证件|执照|身份证|域名证书).{0,10}(上传错误|未上传|缺少|缺失|背面|反面)"],
    "phone_number_problem": [r"空号", r"停机", r"关机", r"无法接通", r"(无人|未)接听", r"号段", r"170|171",
                             r"(电话|手机).{0,10}(外省|非本省|归属地)", r"联系不上|无法联系"],
    "mobile_reused": [r"(手机|号码|电话).{0,16}(其他|别的).{0,4}主体",
                      r"(其他|别的)主体.{0,10}(使用|占用).{0,6}(手机|号码)"],
    "cross_province": [r"(外省|非本省|异地|跨省)", r"居住证", r"(证件|住所|地址).{0,10}(不在|非).{0,4}(本省|当地)"],
    "website_content_invalid": [r"前置审批", r"网站内容", r"(新闻|出版|医疗|药品|保健|教育|文化|影视|视听|网约车|金融)",
                                r"违法|不良信息|经营范围|交互"],
    "website_name_invalid": [r"网站名称", r"(敏感词|纯英文|纯数字)"],
    "filing_type_wrong": [r"备案类型", r"(应|请).{0,4}(选择|办理|提交).{0,4}(首次备案|新增网站|新增接入|接入备案)"],
    "record_exists_at_miit": [r"(已有|已存在|已经有).{0,8}备案", r"三证合一|组织机构代码|旧.{0,4}执照"],
    "id_has_pending_order": [r"(进行中|未完成|在途).{0,6}(订单|备案)", r"(订单|备案).{0,6}(进行中|未完成)",
                             r"(放弃|取消).{0,8}订单"],
    "principal_not_legal_rep": [r"法定代表人|法人"],
}
COMPILED = {label: [re.compile(p) for p in pats] for label, pats in RULES.items()}


def keyword_labels(text: str) -> list[str]:
    """Every category whose patterns match, by first match; ``other`` when none does."""
    hits = []
    for label, pats in COMPILED.items():
        starts = [m.start() for p in pats if (m := p.search(text))]
        if starts:
            hits.append((min(starts), label))
    return [label for _, label in sorted(hits)] or [config.OTHER]


def held_out_real() -> list:
    """The real strings of the groups nobody studied (the texts bench/realcv.py scores)."""
    studied = {f"real/{g}" for g in config.REAL_STUDIED_SOURCES}
    return [ex for ex in read_real_dir(config.RAW_REAL_DIR) if ex.family not in studied]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", nargs="*", default=[str(config.PROCESSED_DIR / "real.csv")])
    ap.add_argument("--model", help="model folder (default: the shipped model, or the model trained the same way "
                                    "without real when the shipped one was refit with it)")
    args = ap.parse_args(argv)
    from classifier import load_model
    from classifier.commands.evaluate import fingerprint_array, refit_texts

    model = load_model(args.model)
    ids = load_taxonomy().ids
    sets = {Path(p).stem: read_labelled(p) for p in args.data}
    sets["real (all unstudied groups)"] = held_out_real()
    if args.model is None and any(refit_texts(model.manifest, fingerprint_array([ex.text for ex in examples],
                                                                             distinct=False)).any()
                                  for examples in sets.values()):
        # The shipped model learned these texts after they were scored: compare with the model
        # trained the same way without them (what `train --no-refit` ships).
        from classifier.prediction import Model
        from classifier.trainer import train

        print("the shipped model was refit with the real wording: training the held-out model (about 40 s)")
        held, _ = train(eval_sets={}, log=lambda *_: None)
        model = Model(held.inference_, {})
    print(f"{'set':28s} {'n':>4s} {'keyword macro/exact':>20s} {'model macro/exact':>18s}")
    for name, examples in sets.items():
        gold = [ex.labels for ex in examples]
        kw = score(gold, [keyword_labels(ex.text) for ex in examples], ids)
        mo = score(gold, [list(p.labels) for p in model.predict([ex.text for ex in examples])], ids)
        print(f"{name:28s} {len(gold):4d} {kw['macro_f1']:10.4f}/{kw['exact_match']:.4f} "
              f"{mo['macro_f1']:10.4f}/{mo['exact_match']:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
