"""Concept tokens: the labelling guide's vocabulary grouped into concepts (who holds a domain,
a mismatch, real-name, syncing, a kind of certificate, another province …). Every concept a
text mentions adds one token (``zc<name>``) after its jieba words, so the word block also sees
持有者, 注册人 and 所有人 as one feature, and 不符, 不匹配 and 对不上 as another, beside the words
themselves. Wording the corpus rarely uses then still meets weights learnt from the common one
(bench/ablation.py, docs/evaluation.md). Each concept also lists its English words, so that a
message of an international console (domain owner … not consistent) meets the weights learnt
from the Chinese corpus; an English word is found only where no Latin letter precedes it
(``face`` is no part of ``interface``, nor ``phone`` of the placeholder ``xphone``)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

#: Prefix of a concept token (lower-case Latin, like the placeholders of normalised text).
PREFIX = "zc"

#: (concept, words) in the order their tokens follow a text's words.
CONCEPTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("holder", ("所有者", "持有者", "持有人", "所有人", "注册人", "注册者", "域名主体", "实名主体",
                "owner", "holder", "registrant")),
    ("mismatch", ("不一致", "不符", "不匹配", "对不上", "不相符", "不同", "有出入", "差异", "比对失败", "不对应",
                  "not consistent", "inconsistent", "does not match", "do not match", "doesn't match", "mismatch",
                  "different from", "differs from", "not the same")),
    ("realname", ("实名", "real-name", "real name", "identity-verified")),
    ("sync", ("入库", "同步", "上报", "推送", "生效", "工作日", "sync", "not been recorded", "business day")),
    ("done", ("已完成", "已通过", "已经完成", "已经通过", "已实名", "have completed", "has completed",
              "already completed", "has passed")),
    ("registrar", ("注册商", "注册局", "域名服务商", "域名注册服务", "registrar")),
    ("certkind", ("证件类型", "身份证", "护照", "营业执照", "通行证", "台胞证", "事业单位法人证书", "社会团体",
                  "组织机构代码", "个人证件", "单位证件", "id card", "passport", "business license", "business licence",
                  "certificate type", "document type", "credential type")),
    ("province", ("外省", "异地", "省外", "跨省", "本省", "属地", "居住证", "暂住证", "其他省", "非本地", "所在省",
                  "province", "residence permit")),
    ("legalrep", ("法定代表人", "法人", "legal representative", "legal person")),
    # 号码 alone is no phone: 证件号码 is an ID number.
    ("phone", ("手机", "电话", "联系方式", "座机", "phone", "mobile", "contact information")),
    ("unreach", ("空号", "停机", "关机", "无法接通", "无人接听", "打不通", "未接听", "联系不上", "不接", "挂断",
                 "欠费", "unreachable", "not answered", "no answer", "cannot be reached", "could not be reached",
                 "out of service", "powered off")),
    ("others", ("其他主体", "其它主体", "别的主体", "他人", "已被", "其他单位", "其他公司", "其他备案",
                "another subject", "other subject", "another entity", "other entit", "another filing subject",
                "other icp filing subject", "someone else")),
    ("clarity", ("模糊", "不清", "反光", "翻拍", "复印", "黑白", "截图", "水印", "遮挡", "裁剪", "不完整", "缺少",
                 "缺失", "漏传", "blurr", "unclear", "not clear", "glare", "reflection", "screenshot", "watermark",
                 "incomplete", "missing", "black-and-white", "black and white", "cropped")),
    ("sitename", ("网站名称", "站名", "名称中", "名称含", "website name", "site name")),
    ("content", ("网站内容", "前置审批", "经营性", "涉及", "内容与", "website content", "site content", "pre-approval",
                 "prior approval")),
    ("pending", ("未完成", "进行中", "待审核", "订单", "在途", "未结束", "审核中", "in progress", "pending",
                 "unfinished", "under review")),
    ("record", ("已有备案", "已备案", "部系统", "工信部", "部库", "备案号", "already filed", "already been filed",
                "filing number", "miit")),
    ("ftype", ("首次备案", "新增网站", "新增接入", "备案类型", "接入备案", "filing type", "first-time filing",
               "new website", "add access", "new access")),
    ("conflict", ("冲突", "重复", "conflict", "duplicate")),
    ("expire", ("过期", "到期", "有效期", "最新", "年检", "失效", "expire", "expiration", "validity", "latest")),
    ("address", ("地址", "住所", "address")),
    ("photo", ("幕布", "人脸", "活体", "视频", "拍照", "照片", "backdrop", "curtain", "face", "liveness", "photo",
               "video")),
    ("form", ("核验单", "承诺书", "授权书", "签字", "盖章", "签名", "authenticity statement", "verification form",
              "letter of commitment", "authorization letter", "letter of authorization", "signature", "signed",
              "stamp", "seal")),
    ("access", ("ip地址", "服务器", "接入商", "接入信息", "解析", "ip address", "server", "access provider")),
    ("registry", ("工商", "信用信息", "公示系统", "企业信息", "business registr", "credit information",
                  "publicity system", "industry and commerce")),
)


#: Where an English concept word may start: after no Latin letter (not ``face`` in ``interface``).
_LATIN_START = "(?<![a-z])"


def is_latin(word: str) -> bool:
    """Whether a concept word is English (opens with a Latin letter)."""
    return word[:1].isascii() and word[:1].isalpha()


def word_pattern(word: str) -> str:
    """The regular expression of one concept word: an English word only where no Latin letter
    precedes it."""
    return (_LATIN_START if is_latin(word) else "") + re.escape(word)


class ConceptTagger:
    """Finds the concepts a normalised text mentions: one pass per script of a regular expression
    that tries the words at every position (a look-ahead, so matches may overlap)."""

    def __init__(self, concepts: Iterable[tuple[str, Sequence[str]]] = CONCEPTS) -> None:
        self.concepts = tuple((str(name), tuple(words)) for name, words in concepts)
        order = {name: i for i, (name, _) in enumerate(self.concepts)}
        owners: dict[str, set[str]] = {}
        for name, words in self.concepts:
            for word in words:
                owners.setdefault(word, set()).add(name)
        # The longest word that starts at a position is the one found there; it stands for the
        # concepts of every word that is a prefix of it too (实名主体: holder and realname).
        self._concepts_of = {
            word: tuple(f"{PREFIX}{c}" for c in sorted({c for w, cs in owners.items() if word.startswith(w)
                                                        for c in cs}, key=order.__getitem__))
            for word in owners}
        self._order = {f"{PREFIX}{name}": i for name, i in order.items()}
        # One pattern for the Chinese words and one for the English ones (which must not follow
        # a Latin letter); each opens with a class of its words' first characters, at which most
        # positions fail (twice as fast as trying every word everywhere).
        self._patterns = [self._pattern_of([w for w in owners if is_latin(w) == latin], latin=latin)
                          for latin in (False, True)]

    @staticmethod
    def _pattern_of(words: Sequence[str], *, latin: bool) -> re.Pattern[str] | None:
        """A look-ahead pattern that finds the longest of ``words`` at every position."""
        if not words:
            return None
        alternatives = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
        first = re.escape("".join(sorted({word[0] for word in words})))
        return re.compile(f"{_LATIN_START if latin else ''}(?=[{first}])(?=({alternatives}))")

    def words(self, normalized: str) -> dict[str, str]:
        """Each concept token of a text and the first word that names it there (Chinese words
        first)."""
        found: dict[str, str] = {}
        for pattern in self._patterns:
            if pattern is not None:
                for word in pattern.findall(normalized):
                    for token in self._concepts_of[word]:
                        found.setdefault(token, word)
        return found

    def tokens(self, normalized: str) -> list[str]:
        """The concept tokens of a text, each once, in the order of ``concepts``."""
        return sorted(self.words(normalized), key=self._order.__getitem__)

    def to_state(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The concepts as plain tuples (saved with a model, read back by the constructor)."""
        return self.concepts
