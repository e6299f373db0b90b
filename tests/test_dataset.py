"""Data checks: labels, duplicates, split honesty, minimum counts, determinism."""
from collections import Counter

import pytest

from classifier import config
from classifier.dataset import (
    DataError,
    load_split,
    read_labelled,
    read_raw_dir,
    read_raw_tsv,
)
from classifier.taxonomy import load_taxonomy
from classifier.text import normalize

IDS = load_taxonomy().ids


@pytest.fixture(scope="module")
def raw():
    return read_raw_dir(config.RAW_MESSAGES_DIR)


@pytest.fixture(scope="module")
def splits():
    return {s: load_split(s) for s in ("train", "dev", "test", "wild")}


def test_every_label_known_and_no_empty_or_duplicate_raw_text(raw):
    assert all(label in IDS for ex in raw for label in ex.labels)
    keys = [normalize(ex.text) for ex in raw]
    assert all(keys)
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    assert not dupes, dupes[:5]


def test_minimum_counts(raw):
    single = Counter(ex.labels[0] for ex in raw if len(ex.labels) == 1)
    for label in IDS:
        assert single[label] >= (150 if label == config.OTHER else 60), label
    assert sum(len(ex.labels) > 1 for ex in raw) >= 150


def test_multi_reason_total(splits):
    assert sum(len(ex.labels) > 1 for s in ("train", "dev", "test") for ex in splits[s]) >= 400


def test_no_dev_or_test_text_in_train(splits):
    train = {normalize(ex.text) for ex in splits["train"]}
    for s in ("dev", "test", "wild"):
        leaked = [ex.text for ex in splits[s] if normalize(ex.text) in train]
        assert not leaked, (s, leaked[:3])


def test_families_do_not_cross_splits(splits):
    fams = {s: {ex.family for ex in splits[s]} for s in ("train", "dev", "test")}
    assert not fams["train"] & fams["dev"]
    assert not fams["train"] & fams["test"]
    assert not fams["dev"] & fams["test"]


def test_every_category_in_dev_and_test(splits):
    for s in ("dev", "test"):
        present = {label for ex in splits[s] for label in ex.labels}
        assert present == set(IDS), s


def test_processed_files_are_reproducible(tmp_path):
    from classifier.dataset import build_processed
    counts = build_processed(out_dir=tmp_path)
    assert "real" in counts
    for name in counts:
        assert (tmp_path / f"{name}.csv").read_bytes() == (config.PROCESSED_DIR / f"{name}.csv").read_bytes(), \
            f"data/processed/{name}.csv is stale: run `make data`"


def test_real_wording_is_split_by_source_group_and_studied_sources_train():
    from classifier.dataset import read_real_dir, source_group, split_real
    real = read_real_dir(config.RAW_REAL_DIR)
    assert all(ex.source for ex in real)
    train, test = split_real(real)
    assert not {ex.family for ex in train} & {ex.family for ex in test}
    assert not {f"real/{g}" for g in config.REAL_STUDIED_SOURCES} & {ex.family for ex in test}
    assert source_group("https://github.com/Owner/Repo/issues/5") == "github:owner/repo"
    assert source_group("github:alipannu12121/icp:a/b.md") == source_group("github:AlibabaCloudDocs/icp:c.md")
    assert source_group("https://www.example.com/a/b") == "example.com"
    assert source_group("https://support.huaweicloud.com/icp_faq/x.html") == \
        source_group("github:huaweicloud/huaweicloud-skills:kb/faq.md")
    assert source_group("https://help.aliyun.com/wordpower/1.html") == source_group("github:alipannu12121/icp:x.md")
    assert source_group("https://siteproxy.example.dev:443/https/www.alibabacloud.com/help/doc-detail/1.htm") == \
        source_group("http://developer.aliyun.com:443/article/2") == source_group("github:AlibabaCloudDocs/icp:c.md")
    assert source_group("github:jdcloudcom/en:a.md") == source_group("github:jdcloudcom/cn:b.md")
    assert source_group("github:tencentyun/intlcloud-documents:p.md") == \
        source_group("github:tencentyun/qcloud-documents:q.md")


def test_small_source_groups_keep_their_side_when_others_grow():
    from classifier.dataset import deal_groups
    sizes = {f"site{i}.cn": 1 + i % 7 for i in range(60)} | {"big.com": 300, "mid.com": 80, "other.org": 45}
    before = deal_groups(sizes, 5)
    grown = deal_groups(sizes | {"site3.cn": 12, "new.net": 2, "mid.com": 95}, 5)
    assert all(grown[g] == before[g] for g in sizes if sizes[g] < config.REAL_DEAL_BY_SIZE_MIN)
    assert set(before.values()) == set(range(5))
    large = [g for g in sizes if sizes[g] >= config.REAL_DEAL_BY_SIZE_MIN]
    assert len({before[g] for g in large}) == len(large)  # each large group to a bin of its own here
    # a side that holds texts already (the studied groups of the `real` split) gets fewer large groups
    side = deal_groups({"a.com": 50, "b.com": 40, "c.com": 30}, 2, start=[0, 60])
    assert [g for g, b in side.items() if b == 0] == ["a.com", "b.com"]  # 50, 90 against 60, 90


@pytest.mark.parametrize("content, message", [
    ("family\tlabels\ttext\nf1\tnot_a_label\t网站名称\n", "unknown"),
    ("family\ttext\nf1\t网站名称\n", "header"),
    # as for labelled exports: a typo or a title gets a hint, an empty label says so
    ("family\tlabels\ttext\nf1\twebsite_name_invalide\t网站名称含论坛\n", "did you mean 'website_name_invalid'"),
    ("family\tlabels\ttext\nf1\t网站名称不合格\t网站名称含论坛\n", "the title of 'website_name_invalid'"),
    ("family\tlabels\ttext\nf1\t \t网站名称含论坛\n", "x.tsv:2: no label"),
    ("family\tlabels\tdetail\ttext\nf1\tother;website_name_invalid\tnot_a_rejection\t审核通过\n", "beside a reason"),
])
def test_bad_raw_files_are_rejected(tmp_path, content, message):
    p = tmp_path / "x.tsv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        read_raw_tsv(p)


def test_read_labelled_export_suggests_close_label(tmp_path):
    p = tmp_path / "extra.csv"
    p.write_text("驳回原因,label\n名称含论坛,website_name_invalid\n手机号外省,phone_number_problme\n",
                 encoding="gb18030")
    with pytest.raises(DataError, match="phone_number_problem"):
        read_labelled(p)
    p.write_text("驳回原因,label\n幕布不合格,verification_photo;verification_photo\n", encoding="utf-8")
    assert [(r.labels, r.detail) for r in read_labelled(p)] == [(["other"], "verification_photo")]  # said twice
    p.write_text("驳回原因,label\n手机号外省,phone_numbr_problem\n", encoding="utf-8")
    with pytest.raises(DataError, match="did you mean 'phone_number_problem'"):
        read_labelled(p)
    p.write_text("驳回原因,labels\n名称含论坛,website_name_invalid;other\n未填,\n", encoding="gb18030")
    rows = read_labelled(p)
    assert len(rows) == 1 and rows[0].labels == ["website_name_invalid", "other"]


def test_read_labelled_takes_ids_as_people_type_them(tmp_path):
    p = tmp_path / "extra.csv"
    p.write_text("text,label\n手机号外省,Phone_Number_Problem\n"
                 "名称含论坛 手机空号,website_name_invalid phone_number_problem\n"
                 "a,website_name_invalid|phone_number_problem\nb,website_name_invalid / Verification_Form\n"
                 "c,NONE\n", encoding="utf-8")
    assert [(r.labels, r.detail) for r in read_labelled(p)] == [
        (["phone_number_problem"], ""), (["website_name_invalid", "phone_number_problem"], ""),
        (["website_name_invalid", "phone_number_problem"], ""),
        (["website_name_invalid", "other"], "verification_form"),
        (["other"], "none")]
    p.write_text("text,label\n幕布照片坏,核验照片或视频不合格\n", encoding="utf-8")
    with pytest.raises(DataError, match="the title of 'verification_photo': use the ID"):
        read_labelled(p)


def test_read_labelled_refuses_answers_that_disagree_within_a_row(tmp_path):
    p = tmp_path / "review.csv"
    p.write_text("label,text,detail\nverification_photo,幕布照片坏,verification_form\n"
                 "verification_photo,幕布照片坏了,verification_photo\n", encoding="utf-8")
    with pytest.raises(DataError, match="review.csv:2: the label column gives the detail 'verification_photo', "
                                        "the detail column 'verification_form'"):
        read_labelled(p)
    p.write_text("label,text,正确类别\nwebsite_name_invalid,网站名称含论坛字样吗,phone_number_problem\n"
                 "website_name_invalid,网站名称含博客,website_name_invalid\nwebsite_name_invalid,网站名称含直播,\n"
                 ",手机空号,phone_number_problem\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_labelled(p)
    assert str(err.value).startswith("review.csv:2: the label columns disagree ('label' 'website_name_invalid', "
                                     "'正确类别' 'phone_number_problem')")
    p.write_text("label,text,正确类别\nwebsite_name_invalid,网站名称含博客,website_name_invalid\n"
                 ",手机空号,phone_number_problem\n", encoding="utf-8")
    assert [r.labels for r in read_labelled(p)] == [["website_name_invalid"], ["phone_number_problem"]]


def test_validation_errors_and_warnings(raw):
    from classifier.dataset import Example, validate_examples
    good = [ex for ex in raw if len(ex.labels) == 1][:2000]
    dup = [w for w in validate_examples(good + good[:3]) if "duplicate" in w]
    assert len(dup) == 1 and dup[0].startswith("3 duplicate texts (same labels), e.g. '")
    assert f"({good[0].family} and {good[0].family})" in dup[0]
    with pytest.raises(DataError, match="conflicting"):
        validate_examples(good + [Example(good[0].text, ["other" if good[0].labels != ["other"] else "mobile_reused"])])
    with pytest.raises(DataError, match="empty texts"):
        validate_examples(good + [Example("   ", ["other"])])
    # one text given two details of `other` (a review file's two rows of one message) conflicts
    other = next(ex for ex in good if ex.labels == ["other"])
    with pytest.raises(DataError, match="conflicting.*detail=verification_form"):
        validate_examples(good + [Example(other.text, ["other"], detail="verification_form")])
    with pytest.raises(DataError, match="no training example"):
        validate_examples([ex for ex in good if ex.labels == ["other"]])


def test_a_duplicate_row_of_a_users_file_is_named_by_file_and_row(tmp_path, raw):
    from classifier.dataset import validate_examples
    p = tmp_path / "fix.csv"
    p.write_text("text,labels\n网站名称含论坛二字,website_name_invalid\n负责人电话空号,phone_number_problem\n"
                 "网站名称含论坛二字,website_name_invalid\n", encoding="utf-8")
    good = [ex for ex in raw if len(ex.labels) == 1][:2000]
    dup = [w for w in validate_examples(good + read_labelled(p)) if "duplicate" in w]
    assert dup == ["1 duplicate texts (same labels), e.g. '网站名称含论坛二字' (fix.csv:2 and fix.csv:4)"]


def test_label_cells_as_people_type_them(tmp_path):
    """Full-width commas and 、 join labels as ; does (a hint had dropped the second label);
    NONE is none; a column named 标签 or 正确类别 holds labels; an empty file says so."""
    p = tmp_path / "l.csv"
    p.write_text("驳回原因,标签\n身份证模糊，核验单未签字,documents_invalid，other\n名称含论坛、电话空号,"
                 "website_name_invalid、phone_number_problem\n幕布不合格,other;NONE\n", encoding="utf-8")
    rows = read_labelled(p)
    assert [r.labels for r in rows] == [["documents_invalid", "other"],
                                        ["website_name_invalid", "phone_number_problem"], ["other"]]
    assert rows[2].detail == "none"
    p.write_text("驳回原因,正确类别\n网站名称含论坛,website_name_invalid\n", encoding="utf-8")
    assert [r.labels for r in read_labelled(p)] == [["website_name_invalid"]]
    p.write_text("驳回原因,人工\n网站名称含论坛,website_name_invalid\n", encoding="utf-8")
    with pytest.raises(DataError, match="no label column .*rename the column that holds the labels"):
        read_labelled(p)
    p.write_bytes(b"")
    with pytest.raises(DataError, match="is empty"):
        read_labelled(p)


def test_labelled_files_give_messages_that_say_what_to_do(tmp_path):
    only_labels = tmp_path / "l.csv"
    only_labels.write_text("labels\nother\nwebsite_name_invalid\n", encoding="utf-8")
    with pytest.raises(DataError, match="no column holds a text besides the labels"):
        read_labelled(only_labels)
    title = tmp_path / "t.csv"
    title.write_text("text,label\n网站名称含论坛,网站名称不合格\n", encoding="utf-8")
    with pytest.raises(DataError, match="title of 'website_name_invalid'"):
        read_labelled(title)


def test_raw_tsv_with_bom_or_gb18030_reads(tmp_path):
    body = "family\tlabels\ttext\nf1\twebsite_name_invalid\t网站名称含论坛\n"
    bom = tmp_path / "bom.tsv"
    bom.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    gb = tmp_path / "gb.tsv"
    gb.write_bytes(body.encode("gb18030"))
    for p in (bom, gb):
        assert [ex.text for ex in read_labelled(p)] == ["网站名称含论坛"]


def test_adding_messages_leaves_the_other_synthesised_texts_as_they_were(raw):
    """Each noisy copy and each multi-reason text is drawn from its own seed, so a data change
    is measured on its own and not mixed with a fresh draw of everything else."""
    from classifier.dataset import noisy_copies, synthesise_multi

    pool = [ex for ex in raw if len(ex.labels) == 1][:600]
    extra = [ex for ex in raw if len(ex.labels) == 1][600:660]
    before = noisy_copies(pool, 2, "k")
    after = noisy_copies(extra + pool, 2, "k")  # copies come message by message, in order
    assert after[2 * len(extra):] == before
    assert noisy_copies(pool, 2, "other key") != before
    multi_before = [ex.text for ex in synthesise_multi(pool, 300, "k", "train")]
    multi_after = [ex.text for ex in synthesise_multi(pool + extra, 300, "k", "train")]
    same = sum(a == b for a, b in zip(multi_before, multi_after, strict=True))
    assert same >= 0.8 * len(multi_before), same  # only the picks a new message wins change
    assert synthesise_multi(pool, 300, "other key", "train") != synthesise_multi(pool, 300, "k", "train")


def test_non_rejections_never_join_a_multi_reason_text(raw):
    """A notice, approval or reply (detail not_a_rejection) after a reason adds no label, so the
    synthesised several-reason texts, whose labels are their parts' labels, never hold one."""
    from classifier.dataset import is_reason, synthesise_multi

    notices = [ex for ex in raw if ex.detail == config.NOT_A_REJECTION]
    assert notices and not any(is_reason(ex) for ex in notices)
    texts = [ex.text for ex in synthesise_multi(raw, 3000, "k", "train")]
    held = [n.text.replace("\n", " ") for n in notices if len(n.text) >= 12]  # shorter ones recur in reasons
    assert not [t for t in texts if any(h in t for h in held)]


def test_review_labels_say_one_detail_none_and_lists_and_refuse_contradictions(tmp_path):
    from classifier.dataset import DataError, read_labelled
    p = tmp_path / "r.csv"
    p.write_text("label,text,count,predicted,labels\nnone,资料有问题,1,other,website_name_invalid\n"
                 ",网站名称含有论坛字样,1,website_name_invalid,website_name_invalid\n", encoding="utf-8")
    [ex] = read_labelled(p)
    assert ex.labels == ["other"] and ex.detail == "none"  # the review file's own label column only
    j = tmp_path / "r.jsonl"
    j.write_text('{"label": ["website_name_invalid", "verification_photo"], "text": "名称含论坛，幕布不合格"}\n\n'
                 '{"label": "", "text": "x"}\n{"label": "bogus", "text": "y"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"r\.jsonl:4: unknown label"):
        read_labelled(j)
    j.write_text('{"label": ["website_name_invalid", "verification_photo"], "text": "名称含论坛，幕布不合格"}\n',
                 encoding="utf-8")
    [ex] = read_labelled(j)
    assert ex.labels == ["website_name_invalid", "other"] and ex.detail == "verification_photo"
    for bad, match in (("verification_photo;verification_form", "two details"),
                       ("not_a_rejection;website_name_invalid", "non-rejection has no reason")):
        p.write_text(f"label,text\n{bad},某条消息\n", encoding="utf-8")
        with pytest.raises(DataError, match=match):
            read_labelled(p)


def test_the_review_file_keeps_an_inputs_labels_gold_and_detail_apart(model):
    from classifier.review import ReviewCollector
    cols = ReviewCollector(["Key", "Labels", "驳回原因", "gold", "detail"], 2).columns
    assert cols[-4:] == ["Key", "Labels (input)", "gold (input)", "detail (input)"]


def test_the_classifiers_output_is_read_by_the_inputs_labels_never_by_its_answers(tmp_path, model):
    """evaluate on a batch output must not score the model against itself: the gold is the
    input's own label column, kept as `labels (input)`; without one the file is refused."""
    from classifier.batch import run_batch
    src = tmp_path / "gold.csv"
    src.write_text("驳回原因,labels,detail\n网站名称含有论坛字样,cross_province,\n核验单未签字,other,verification_form\n"
                   "负责人手机号非本省号段,,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run_batch(model, str(src), str(out))
    skipped: list[int] = []
    got = read_labelled(out, unlabelled=skipped)
    assert [(ex.labels, ex.detail) for ex in got] == [(["cross_province"], ""), (["other"], "verification_form")]
    assert skipped == [4]
    bare = tmp_path / "bare.csv"
    bare.write_text("驳回原因\n网站名称含有论坛字样\n", encoding="utf-8")
    run_batch(model, str(bare), str(tmp_path / "bare_out.csv"))
    with pytest.raises(DataError, match="classifier's output"):
        read_labelled(tmp_path / "bare_out.csv")


def test_a_labelled_files_text_column_is_found_as_batch_finds_it_and_said(tmp_path):
    """Two columns of prose: the user names one (evaluate and train had read the first silently)."""
    p = tmp_path / "two.csv"
    p.write_text("备注,内容,label\n客服已电话通知客户修改并重新提交审核,网站名称含有论坛字样,website_name_invalid\n"
                 "客户说明天会处理完毕后再提交,负责人手机号非本省号段,phone_number_problem\n", encoding="utf-8")
    with pytest.raises(DataError, match="several columns could hold the rejection text.*--text-column"):
        read_labelled(p)
    notes: list[str] = []
    rows = read_labelled(p, text_column="内容", notes=notes)
    assert [r.text for r in rows] == ["网站名称含有论坛字样", "负责人手机号非本省号段"]
    assert notes == ["two.csv: text column '内容'"]
    assert [r.text for r in read_labelled(p, text_column="2")] == [r.text for r in rows]
    with pytest.raises(DataError, match="is a label column"):
        read_labelled(p, text_column="label")
    one = tmp_path / "one.csv"
    one.write_text("驳回原因,label\n名称含论坛,website_name_invalid\n", encoding="utf-8")
    notes = []
    assert read_labelled(one, notes=notes)[0].text == "名称含论坛"
    assert notes == ["one.csv: text column '驳回原因' (name another with --text-column)"]


@pytest.mark.parametrize("content, message", [
    ("text,label,detail\n幕布照片背景不合格,other,verification_fotos\n", "unknown detail 'verification_fotos' "
                                                                       r"\(did you mean 'verification_photo'"),
    ("text,label,detail\n网站名称含论坛,website_name_invalid,verification_photo\n",
     "detail 'verification_photo' beside no 'other'"),
    ("text,label\n  ,website_name_invalid\n", "a label \\(website_name_invalid\\) but no text"),
])
def test_a_labelled_row_with_a_bad_detail_or_no_text_is_refused_with_its_row(tmp_path, content, message):
    p = tmp_path / "x.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match="x.csv:2: " + message):
        read_labelled(p)


def test_every_row_at_fault_is_named_at_once(tmp_path):
    """A tester needed three runs to learn of three faulty rows."""
    p = tmp_path / "l.csv"
    p.write_text("驳回原因,label\n网站名称含论坛,website_name_invalid\n电话空号,phone_nmber_problem\n幕布不合格,核验单\n"
                 "身份证模糊,documents_invalid\n,other\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_labelled(p)
    message = str(exc.value)
    assert message.startswith("3 rows to mend:") and "l.csv:3: unknown label(s) 'phone_nmber_problem'" in message
    assert "l.csv:4: unknown label(s) '核验单'" in message and "l.csv:6: a label (other) but no text" in message


def test_where_listed_says_how_many_more_rows_there_are():
    """A refusal listed ten rows and "…": the user could not tell how many more to remove."""
    from classifier.dataset import Example, where_listed
    rows = [Example("网站名称不合格", ["website_name_invalid"], source="x.csv", family=f"x/{n}", kind="extra")
            for n in range(2, 33)]
    assert where_listed(rows) == ", ".join(f"x.csv:{n}" for n in range(2, 12)) + " … and 21 more"
