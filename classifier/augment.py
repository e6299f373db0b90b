"""Seeded noise and structure augmentation: how real exports wrap rejection texts.

Every function takes an explicit ``random.Random`` so the data pipeline is deterministic.
"""
from __future__ import annotations

import random
from collections.abc import Sequence

from .text import zh_convert

PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
    "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)
PROVIDERS = ("某云", "云服务", "备案中心", "腾讯云", "阿里云", "华为云", "西部数码", "新网", "天翼云", "百度智能云")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰飞鹏辉"
COMPANY_WORDS = ("星辰", "恒信", "博远", "云启", "华泰", "联创", "瑞丰", "鼎盛", "启明", "海纳", "润达", "金石")
COMPANY_KINDS = ("科技有限公司", "网络科技有限公司", "信息技术有限公司", "贸易有限公司", "文化传媒有限公司", "工作室")
TLDS = ("com", "cn", "com.cn", "net", "top", "xyz", "vip", "net.cn", "org")

#: Field names per category for "修改项：…" style exports.
FIELDS = {
    "domain_not_in_registrar_db": ("域名", "网站域名", "域名信息"),
    "registrant_id_type_mismatch": ("域名", "主办单位证件类型", "证件类型"),
    "domain_owner_mismatch": ("域名", "域名所有者", "主办单位名称"),
    "website_name_invalid": ("网站名称", "网站信息-网站名称"),
    "cross_province": ("主办单位所属区域", "证件住所", "主办单位信息"),
    "website_content_invalid": ("网站内容", "网站服务内容", "前置审批"),
    "documents_invalid": ("证件照片", "主体证件", "负责人证件"),
    "principal_not_legal_rep": ("主体负责人", "负责人信息"),
    "phone_number_problem": ("负责人手机", "联系电话", "办公电话"),
    "mobile_reused": ("手机号码", "负责人手机号"),
    "filing_type_wrong": ("备案类型", "主办单位证件号码"),
    "record_exists_at_miit": ("主办单位证件", "备案信息"),
    "domain_realname_not_synced": ("域名", "域名实名信息"),
    "id_has_pending_order": ("证件号码", "备案订单"),
    "other": ("核验信息", "其他", "备注"),
}

#: Short English glosses some bilingual consoles append.
GLOSSES = {
    "domain_not_in_registrar_db": "Domain not verified by registrar",
    "registrant_id_type_mismatch": "Registrant ID type mismatch",
    "domain_owner_mismatch": "Domain owner mismatch",
    "website_name_invalid": "Invalid website name",
    "cross_province": "Cross-province filing",
    "website_content_invalid": "Website content not allowed",
    "documents_invalid": "Invalid documents",
    "principal_not_legal_rep": "Principal is not the legal representative",
    "phone_number_problem": "Phone number issue",
    "mobile_reused": "Mobile number already used",
    "filing_type_wrong": "Wrong filing type",
    "record_exists_at_miit": "Record already exists at MIIT",
    "domain_realname_not_synced": "Domain real-name data not synced",
    "id_has_pending_order": "Pending order exists for this ID",
    "other": "Rejected",
}

_CIRCLED = "①②③④⑤⑥⑦⑧⑨"
_CN_NUM = "一二三四五六七八九"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def company(rng: random.Random) -> str:
    return rng.choice(PROVINCES) + rng.choice(COMPANY_WORDS) + rng.choice(COMPANY_KINDS)


def domain(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    name = "".join(rng.choice(letters) for _ in range(rng.randint(3, 10)))
    return ("www." if rng.random() < 0.4 else "") + name + "." + rng.choice(TLDS)


def order_no(rng: random.Random) -> str:
    return str(rng.randint(10**11, 10**15 - 1))


def mobile(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def prefix(rng: random.Random) -> str:
    """An export prefix: bureau tag, stage, order number, domain, applicant."""
    choices = (
        lambda: f"【{rng.choice(PROVINCES)}省通信管理局】",
        lambda: f"【{rng.choice(PROVINCES)}管局】",
        lambda: rng.choice(("初审驳回：", "管局退回：", "管局审核驳回：", "审核不通过：", "退回原因：", "驳回理由：")),
        lambda: f"订单号：{order_no(rng)} ",
        lambda: f"订单{order_no(rng)}，",
        lambda: f"域名{domain(rng)}：",
        lambda: f"{company(rng)}：",
        lambda: f"申请人{person(rng)}，",
        lambda: f"【{rng.choice(PROVIDERS)}】您的备案订单{order_no(rng)}被驳回，原因：",
        lambda: f"您好，您的备案申请（{domain(rng)}）未通过审核，原因如下：",
        lambda: (
            f"[{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}] "
        ),
    )
    n = rng.choice((1, 1, 1, 2))
    return "".join(rng.choice(choices)() for _ in range(n))


SUFFIXES = (
    "请修改后重新提交。", "请核实后重新提交", "如有疑问请联系客服。", "修改完成后请重新提交审核。",
    "请按要求整改。", "谢谢配合！", "详见管局备案规则。", "请尽快处理，以免影响备案进度。", "（审核员：{p}）",
    "退回时间：{d}", "请登录控制台查看详情。",
)


def suffix(rng: random.Random) -> str:
    """A line a console or reviewer appends after the reasons: a fixed one or a composed closing."""
    if rng.random() < 0.6:
        return closing(rng)
    s = rng.choice(SUFFIXES)
    return s.format(p=person(rng), d=f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")


_CLOSING_PARTS = (
    ("请", "请您", "烦请", "麻烦您", "亲，麻烦", "还请", "务必", ""),
    ("尽快", "及时", "于{n}个工作日内", "在{n}日内", "{n}小时内", "今天内", ""),
    ("按要求", "根据审核意见", "对照退回原因", "参照备案规范", "按照上面的提示", "逐条", "认真", ""),
    ("修改", "整改", "核实", "完善", "调整", "更正", "处理", "核对并修改", "自查", "改一下", "确认"),
    ("后", "完成后", "无误后", "好后", "并", "之后", "以后，"),
    ("重新提交", "再次提交", "重新报备", "提交审核", "再提交管局审核", "重新发起申请", "在原订单中重新提交",
     "点击“提交审核”", "重新递交", "再走一遍提交流程", "提交复审"),
)
_CLOSING_TAILS = (
    "谢谢", "感谢配合", "以免影响备案进度", "逾期订单将自动关闭", "我们会尽快为您审核", "给您带来不便敬请谅解",
    "如有疑问可联系客服", "特此通知", "多次提交不合格会延长审核时间", "无需重新下单", "超时未处理将视为放弃",
    "审核时效以管局为准", "辛苦啦", "祝您备案顺利", "有问题随时找我们", "订单已退回待修改状态",
    "具体要求以当地管局为准", "如对结果有异议可申请复核", "工作人员将再次审核", "请留意短信通知",
)


#: Notes on the process, help and apologies that follow a rejection's reasons.
_PROCESS_NOTES = (
    "重新提交后会先由我们初审，通过后再报送管局", "管局审核一般需要几个工作日", "审核结果会通过短信和邮件告知",
    "初审通过后请留意工信部发来的核验短信", "提交后订单将进入审核队列", "本次退回不会影响已经通过的备案",
    "您的订单已回到待修改状态", "修改期间已填写的信息会保留", "超过规定时间未处理的订单会被关闭",
    "订单关闭后需要重新填写全部信息", "您可以在备案进度页面查看最新状态", "可以通过工单或在线客服联系我们",
    "也可以联系您的专属客户经理", "对审核结果有异议的可以申请复核", "本消息由系统自动发送，请勿直接回复",
    "感谢您对我们工作的理解与支持", "给您带来的不便我们深表歉意", "不同省份管局的要求可能略有差异",
    "提交前建议先阅读备案规则说明", "如已修改完毕请忽略此提醒", "改好之后直接点重新提交就行",
    "有问题随时在群里找我", "The order is back in draft; resubmit when ready", "管局审核时间以各省实际为准",
    "再次提交后排队顺序按提交时间计算", "处理结果会第一时间通知您", "审核通过后会自动进入下一环节",
    "本邮件为通知邮件", "祝您工作顺利", "我们会全程协助您完成备案",
)


def closing(rng: random.Random) -> str:
    """A composed closing: a generic instruction to fix and resubmit that names nothing to
    change, sometimes with a deadline, a consequence or thanks; or notes on the process, help
    and apologies alone. It states no reason."""
    notes = rng.sample(_CLOSING_TAILS + _PROCESS_NOTES, k=rng.choice((0, 0, 1, 1, 2)))
    if rng.random() < 0.3:
        parts = rng.sample(_PROCESS_NOTES, k=rng.choice((1, 1, 2)))
    else:
        n = rng.choice(("2", "3", "5", "7", "15", "三", "两"))
        parts = ["".join(rng.choice(part) for part in _CLOSING_PARTS).format(n=n), *notes]
    return rng.choice(("，", "；", " ", "。")).join(parts) + rng.choice(("。", "！", "", "~", "."))


def id_number(rng: random.Random) -> str:
    """An 18-character resident ID number of the usual shape (not a real person's)."""
    body = (
        f"{rng.randint(110000, 659000)}{rng.randint(1960, 2005)}"
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return body + rng.choice("0123456789X")


_PEOPLE = ("负责人", "网站负责人", "主体负责人", "联系人", "法人", "法定代表人", "法人代表", "经办人", "申请人",
           "提交人", "审核人", "审核员", "初审人员", "管理员", "紧急联系人", "备案负责人")
_PHONES = ("电话", "手机", "手机号", "联系电话", "办公电话", "座机", "应急电话", "负责人手机", "Tel", "Mobile",
           "联系方式", "手机号码", "应急联系电话", "固定电话")
_IDS = ("证件号", "证件号码", "身份证", "身份证号", "身份证号码", "法人身份证", "负责人证件号", "ID No.")
_MAILS = ("邮箱", "电子邮箱", "E-mail", "email", "电子邮件")
_ORDERS = ("订单号", "工单号", "备案订单号", "流水号", "ID", "单号", "申请编号")
_UNITS = ("主办单位", "单位名称", "主体名称", "主办者")
_TIMES = ("审核时间", "提交时间", "驳回时间", "退回时间")
_HOTLINES = ("客服热线", "服务热线", "咨询电话", "热线")


def _masked_id(rng: random.Random) -> str:
    ident = id_number(rng)
    return rng.choice((ident, ident[:6] + "********" + ident[-4:], ident[:3] + "*" * 11 + ident[-4:]))


def _contact_field(rng: random.Random, name: str, phone: str) -> str:
    """One "field: value" of contact data, in one of several layouts."""
    masked = phone[:3] + "****" + phone[-4:]
    landline = f"0{rng.randint(10, 999)}-{rng.randint(10**6, 10**8)}"
    values = (
        (_PEOPLE, lambda: rng.choice((name, name[0] + "*", name[0] + "**"))),
        (_PHONES, lambda: rng.choice((phone, masked, landline))),
        (_IDS, lambda: _masked_id(rng)),
        (_MAILS, lambda: f"{rng.choice(('user', 'admin', 'beian', 'a'))}{rng.randint(1, 9999)}@"
                         f"{rng.choice(('qq.com', '163.com', 'example.com'))}"),
        (_ORDERS, lambda: rng.choice((order_no(rng), f"A{rng.randint(10**5, 10**9)}"))),
        (_UNITS, lambda: company(rng)),
        (_TIMES, lambda: f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} "
                         f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"),
        (_HOTLINES, lambda: rng.choice(("95187", "4009100100", "400-888-1234", "4008-000-000"))),
        (("联系方式", "联系人", "负责人"), lambda: f"{name} {rng.choice((phone, masked))}"),
        (("qq", "QQ", "微信", "工号"), lambda: str(rng.randint(10**4, 10**9))),
    )
    keys, value = rng.choice(values)
    key = rng.choice(keys)
    sep = rng.choice(("：", "：", ":", " ", "：", "=", "【", " / "))
    return f"{key}{sep}{value()}】" if sep == "【" else f"{key}{sep}{value()}"


def contact_suffix(rng: random.Random) -> str:
    """Contact details a console appends to a rejection (people, phones, ID numbers, e-mail,
    order numbers, the subject's name, review time, hotline) in varied layouts. They state no
    reason: the labels never change."""
    name, phone = person(rng), mobile(rng)
    chosen = [_contact_field(rng, name, phone) for _ in range(rng.randint(1, 4))]
    sep = rng.choice(("，", "，", "；", " ", "、", " | ", "\n", "\t"))
    body = sep.join(chosen)
    if rng.random() < 0.15:
        body = rng.choice(("如有疑问请联系", "审核意见由", "联系人信息：", "备案负责人信息：")) + body
    return rng.choice(("（{}）", "({})", "【{}】", "[{}]", " {}", "。{}", "，{}", "\n{}", "——{}")).format(body)


def _when(rng: random.Random) -> str:
    y, mo, d, h, mi = (rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                       rng.randint(0, 59))
    return rng.choice((f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}", f"{y}/{mo}/{d} {h}:{mi:02d}", f"{y}年{mo}月{d}日",
                       f"{mo}月{d}日 {h:02d}:{mi:02d}", f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00+08:00"))


def _code(rng: random.Random) -> str:
    return rng.choice(("", "TK-", "SR", "W", "INC", "No.")) + str(rng.randint(10**5, 10**12))


def metadata_tail(rng: random.Random) -> str:
    """What systems append after a message besides contact fields (sign-offs, notification
    receipts, ticket fields, tables and dumps of fields, quoted mail headers, closing lines, chat
    lines, account IDs): no reason, the labels never change."""
    provider, name = rng.choice(PROVIDERS), person(rng)
    forms = (
        lambda: rng.choice(("——", "\n", " ", "\n--\n")) + rng.choice((
            f"{provider}备案中心", f"{provider}备案服务团队 {_when(rng)}", f"{provider}客服 {name}",
            "此为系统自动发送的通知，请勿直接回复。", f"本邮件由{provider}系统发出，请勿回复")),
        lambda: rng.choice(("\n", " | ", "；")) + rng.choice((
            f"发送渠道：{rng.choice(('短信', '邮件', '站内信'))} | 发送状态：成功 | 发送时间：{_when(rng)}",
            f"通知类型：审核进度 消息编号：{_code(rng)} 接收人：{name}",
            f"Channel: SMS; Status: delivered; Sent: {_when(rng)}")),
        lambda: "\n" + "\n".join(rng.sample((f"工单编号：{_code(rng)}", f"当前状态：{rng.choice(('处理中', '已完结'))}",
                                               f"优先级：{rng.choice(('高', '中', '一般'))}", f"处理人：{name}",
                                               f"更新时间：{_when(rng)}"), rng.randint(2, 4))),
        lambda: "\n| 字段 | 值 |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in rng.sample(
            (("工单号", _code(rng)), ("联系人", name), ("手机", mobile(rng)), ("审核时间", _when(rng)),
             ("审核员", f"{person(rng)}/{_code(rng)}")), rng.randint(2, 4))),
        lambda: " " + rng.choice((
            f'{{"ticket_id": "{_code(rng)}", "operator": "{name}", "ts": "{_when(rng)}"}}',
            f"order_id={_code(rng)}&uid={rng.randint(10**8, 10**12)}&region=cn-{rng.choice(('east', 'north'))}",
            f"<div class=\"footer\">客服：{name}<br/>工号：{_code(rng)}</div>")),
        lambda: f"\n-----原始邮件-----\n发件人：{provider}备案\n发送时间：{_when(rng)}\n主题：备案进度通知",
        lambda: rng.choice(("\n", "。", " ")) + rng.choice((
            "祝您生活愉快！", "感谢您的理解与支持。", f"{provider}竭诚为您服务", "祝您工作顺利", "谢谢！")),
        lambda: f"\n[{_when(rng)}] 客服{name}：已为您记录，请留意后续通知。",
        lambda: f",{_when(rng)},{name},{rng.choice(('已通知', '已处理', '待跟进'))}",
        lambda: (rng.choice(("（", "【", " ")) + f"账号ID：{rng.randint(10**9, 10**15)}｜"
                 f"子账号：{rng.choice(('ops', 'admin', 'beian'))}" + rng.choice(("）", "】", ""))),
    )
    return rng.choice(forms)()


def to_fullwidth(text: str, rng: random.Random, share: float = 0.5) -> str:
    out = []
    for ch in text:
        o = ord(ch)
        if 0x21 <= o <= 0x7E and rng.random() < share:
            out.append(chr(o + 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def typo(text: str, rng: random.Random) -> str:
    """One small slip: a dropped, doubled or swapped character."""
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def htmlize(text: str, rng: random.Random) -> str:
    text = text.replace("\n", rng.choice(("<br/>", "<br>", "</p><p>")))
    if rng.random() < 0.5:
        text = text.replace("，", "，&nbsp;", 1)
    return rng.choice(("<p>{}</p>", "<div>{}</div>", "{}<br/>", "<span style=\"color:red\">{}</span>")).format(text)


#: Noise operations that frame a text as a rejection (export prefixes, closings such as
#: "请修改后重新提交", "Rejected" glosses): never applied to messages that are not rejections.
_REJECTION_FRAMES = (0, 1, 5)


def noisy(text: str, labels: Sequence[str], rng: random.Random, *, rejection: bool = True) -> str:
    """A noisy copy of a message as some export would show it. Labels are unchanged."""
    ops = rng.sample(range(10), k=rng.randint(1, 3))
    if not rejection:
        ops = [op for op in ops if op not in _REJECTION_FRAMES]
    for op in ops:
        if op == 0:
            text = prefix(rng) + text
        elif op == 1:
            text = text.rstrip("。") + rng.choice(("。", "，", "；", " ", "\n")) + suffix(rng)
        elif op == 2:
            text = htmlize(text, rng)
        elif op == 3:
            text = (
                rng.choice(("  ", "\n", "\t", " \r\n"))
                + text.replace("，", rng.choice(("， ", ",", " ，")))
                + rng.choice(("", "  ", "\n"))
            )
        elif op == 4:
            text = to_fullwidth(text, rng)
        elif op == 5:
            text = (
                f"{text}（{GLOSSES.get(labels[0], 'Rejected')}）"
                if rng.random() < 0.5
                else f"{GLOSSES.get(labels[0], 'Rejected')}: {text}"
            )
        elif op == 6:
            text = zh_convert(text, rng.choice(("zh-tw", "zh-hk", "zh-hant")))
        elif op == 7:
            text = typo(text, rng)
        elif op == 8:
            text = text.replace("域名", f"域名{domain(rng)}", 1) if "域名" in text else f"{text} 域名：{domain(rng)}"
        elif op == 9:
            text = text.rstrip("。") + (contact_suffix(rng) if rng.random() < 0.6 else metadata_tail(rng))

    return text


def structured(text: str, label: str, rng: random.Random, remedy_line: str | None = None) -> str:
    """Wrap one reason in a structured export form (field/suggestion pairs, codes, SMS)."""
    field = rng.choice(FIELDS.get(label, ("备案信息",)))
    remedy_line = remedy_line or "请按要求修改后重新提交"
    forms = (
        lambda: f"修改项：{field}；修改建议：{text}",
        lambda: f"修改项：{field}；问题描述：{text}；修改建议：{remedy_line}",
        lambda: f"驳回原因：{text} 修改措施：{remedy_line}",
        lambda: f"({rng.randint(1000, 1099)}){text}",
        lambda: f"[{rng.choice(('E', 'ERR', 'R'))}{rng.randint(100, 999)}] {text}",
        lambda: f"field: {field}; error: {text}; suggest: {remedy_line}",
        lambda: f"{field}：{text}",
        lambda: (
            f"【{rng.choice(PROVIDERS)}】尊敬的用户，您的ICP备案订单{order_no(rng)}审核未通过："
            f"{text}。请修改后重新提交。"
        ),
    )
    return rng.choice(forms)()


def combine(parts: Sequence[tuple[str, str]], rng: random.Random, remedies: dict[str, list[str]] | None = None) -> str:
    """Join several (label, reason text) parts in a multi-reason export structure."""
    texts = [t.strip().rstrip("。；;") for _, t in parts]
    style = rng.randrange(16)
    if style == 0:
        return " ".join(f"{i + 1}.{t}" for i, t in enumerate(texts))
    if style == 1:
        return "；".join(f"{i + 1}、{t}" for i, t in enumerate(texts))
    if style == 2:
        return "".join(f"{_CIRCLED[i]}{t}" for i, t in enumerate(texts))
    if style == 3:
        return "；".join(texts)
    if style == 4:
        return "\n".join(texts)
    if style == 5:
        blocks = []
        for i, (label, t) in enumerate(parts):
            rem = rng.choice((remedies or {}).get(label) or ["请按要求修改"])
            blocks.append(f"驳回原因{_CN_NUM[i]}：{t.strip().rstrip('。')}。修改措施：{rem}")
        return "\n".join(blocks) if rng.random() < 0.6 else " ".join(blocks)
    if style == 6:
        return "；".join(
            f"修改项：{rng.choice(FIELDS.get(label, ('备案信息',)))}，修改建议：{t.strip().rstrip('。')}"
            for label, t in parts
        )
    if style == 7:
        return "；".join(f"({i + 1}){t}" for i, t in enumerate(texts))
    if style == 8:
        glue = rng.choice(("，另外", "；同时", "，此外", "；并且", "。另，", "，且", "，还有"))
        return glue.join(texts)
    if style == 9:
        return rng.choice(("、", "，", " + ", " / ", "; ", " | ")).join(t.rstrip("，,") for t in texts)
    if style == 10:
        return " ".join(f"({'abc'[i]}) {t}" for i, t in enumerate(texts))
    if style == 11:
        return "；".join(f"问题{i + 1} {t}" for i, t in enumerate(texts))
    if style == 12:
        return " ".join(
            f"[驳回][{rng.choice(FIELDS.get(label, ('其他',)))}]{t.strip().rstrip('。')}" for label, t in parts
        )
    if style == 13:
        return "error: " + "; ".join(
            f"[{rng.choice(FIELDS.get(label, ('其他',)))}] {t.strip().rstrip('。')}" for label, t in parts
        )
    if style == 14:
        head = rng.choice(("您好，经审核，您的备案存在以下问题：", "驳回原因如下：", "初审驳回：", "审核未通过，原因：",
                           f"您好，您的备案有{len(parts)}处需要修改：", "管局退回，问题如下："))
        return head + rng.choice(("\n", "", " ")) + "\n".join(f"{i + 1}、{t}" for i, t in enumerate(texts))
    return " ".join(f"{i + 1}）{t}" for i, t in enumerate(texts))
