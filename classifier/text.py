"""Text normalisation, entity masking, clause splitting and jieba tokenisation."""
from __future__ import annotations

import ast
import contextlib
import csv
import html
import json
import logging
import os
import re
import threading
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from . import config


def _zhconv():
    """zhconv's implementation module, imported on first use (it costs a cold start 50 ms)."""
    with _quiet_pkg_resources():
        import zhconv.zhconv as impl

    return impl


@contextlib.contextmanager
def _quiet_pkg_resources():
    """A context in which importing setuptools' ``pkg_resources`` (zhconv and jieba do) warns
    nothing: setuptools 67–80 calls it deprecated, on standard error at every start."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        warnings.filterwarnings("ignore", message="Deprecated call to `pkg_resources", category=DeprecationWarning)
        yield

# Placeholders that replace variable entities. Plain ASCII words, so jieba keeps each as one
# token and they never collide with Chinese text.
PLACEHOLDERS = ("xurl", "xemail", "xip", "xdomain", "xvphone", "xphone", "xidnum", "xicp", "xdate", "xnum")

#: A markup tag; one whose attributes are all quoted may be longer (an SMS backup's
#: <sms … body="…" … />).
_TAG = re.compile(r"<[/!]?[A-Za-z][^<>＜＞]{0,200}>"
                  r"""|<[A-Za-z][\w:-]*(?:\s+[\w:-]+\s*=\s*(?:"[^"<>]*"|'[^'<>]*'))+\s*/?>""")
#: An attribute of a tag that holds the message itself (an SMS backup's <sms … body="…" />, an
#: XML export's <row reason="…">): its value is kept where the tag goes.
_TEXT_ATTRIBUTE = re.compile(r"""(?<![\w-])(?:body|content|message|msg|text|reason|remark|description|desc|detail|"""
                             r"""comment|note|opinion|feedback|suggestion)\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)')""",
                             re.IGNORECASE)


def _tag_text(match: re.Match[str]) -> str:
    """A tag (``_TAG``) as the text its message attributes hold (``_TEXT_ATTRIBUTE``), else a space."""
    tag = match.group()
    if "=" not in tag:
        return " "
    values = [v for pair in _TEXT_ATTRIBUTE.findall(tag) for v in pair if v.strip()]
    return "\n" + "\n".join(values) + "\n" if values else " "
#: An HTML entity with its semicolon (&nbsp; &#21333;): &region=cn in a URL is no entity.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,10});", re.IGNORECASE)
# Lone surrogates (undecodable bytes kept by Python's surrogateescape, JSON "\ud800") count as
# control characters: they carry no text and no encoder or segmenter accepts them.
_CTRL_CHARS = r"\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff\ufffd\ud800-\udfff"
#: Box-drawing characters frame a bot's card or a terminal's table (┌ ─ └, │ 状态 退回修改): layout
#: alone. A vertical one or a junction (┬ ┼) is a column's bar (a table reader's |), the rest a
#: space; a bar that only opens a line is the card's edge and goes.
_BOX = re.compile("[\u2500-\u257f]")
_BOX_TABLE = {i: "|" if chr(i) in "│┃┆┇┊┋║┬┴┼├┤┳┻╋┣┫╦╩╬╠╣╤╧╪╞╡╥╨╫╟╢" else " " for i in range(0x2500, 0x2580)}
_FRAME_EDGE = re.compile(r"(?<![^\n])[^\S\n]*\|(?=[^|\n]*(?:\n|$))")
_CIRCLED_CHARS = r"\u2460-\u2473\u2776-\u277f\u2780-\u2793"
_CTRL = re.compile(f"[{_CTRL_CHARS}]")
#: Controls that end a line (a bare CR of old Mac exports, vertical tab, form feed, the Unicode
#: line and paragraph separators): line breaks, which separate reasons.
_LINE_END = re.compile("\r\n?|[\x0b\x0c\u2028\u2029]")
_CIRCLED = re.compile(f"[{_CIRCLED_CHARS}]")
_CIRCLED_OR_CTRL = re.compile(f"[{_CIRCLED_CHARS}{_CTRL_CHARS}]")
_WS = re.compile(r"[^\S\n]+")  # every whitespace run without a line break
_NL = re.compile(r"\s*\n[\s\n]*")
#: A line break written as an escape (网站名称不合格\n幕布照片模糊): exports and logs that keep
#: each record on one line, our own TSV output among them, write line breaks so.
_ESCAPED_BREAK = re.compile(r"\\r\\n|\\[nr]")

# (pattern, replacement, gate): the gate is a cheap necessary condition that lets most texts skip
# most passes: (a string the text must contain or None, the longest run of digits and
# the number of digits the text must at least have). Masks only replace matches with
# space-padded placeholders, which never add digits or lengthen a run of letters and digits, so
# the digit counts are measured once, before the first pass.
_DIGIT = re.compile(r"\d")
#: Patterns built by ``_guarded``, with the pattern each was made from (tests compare the two).
_UNGUARDED: dict[re.Pattern[str], str] = {}


def _guarded(first: str, pattern: str) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters a match can start with.

    A pattern that starts with a look-behind or with alternatives of character classes gets no
    first-character skip from ``re``: every alternative is tried at every position. A single
    class test first lets the scan pass most positions at once (two to three times faster here);
    the matches are the same as long as ``first`` holds every character a match can start with.
    """
    compiled = re.compile(f"(?={first})(?:{pattern})")
    _UNGUARDED[compiled] = pattern
    return compiled


_MASKS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str], tuple[str | None, int, int]], ...] = (
    (re.compile(r"(?:https?|ftp)://[^\s，。；、）)\]】\"'”]+"), " xurl ", ("://", 0, 0)),
    (re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"), " xemail ", ("@", 0, 0)),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), " xip ", (".", 1, 4)),
    # Domain labels are ASCII (letters, digits, hyphens; punycode for IDNs): a label class that
    # took Chinese characters too swallowed the words before a domain (域名abc.com -> xdomain).
    (_guarded(r"[a-z0-9]", r"(?<![a-z0-9-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                r"(?:com|cn|net|org|top|xyz|vip|site|info|biz|cc|tv|me|io|co|club|shop|store|online|tech|"
                r"wang|ltd|ink|work|fun|icu|live|pro|mobi|asia|name|gov|edu|hk|tw|us|jp)"
                r"(?:\.cn)?(?![a-z0-9-])"), " xdomain ", (".", 0, 0)),
    # ICP licence numbers such as 京icp备12345678号-1 (the word 备案号 stays).
    (re.compile(r"[\u4e00-\u9fa5]?icp[备證证]?\s*\d{4,}\s*号?(?:-\d+)?"), " xicp ", ("icp", 4, 4)),
    # Dates: 2024-01-02, 2024/1/2, 2024年1月2日, 2024.01.02 (bare years such as 2018年 stay); a
    # tab after one is a table's cell boundary and stays, and so does the line break after a
    # table's cell (…,2024-10-15⏎ ends a row).
    (re.compile(r"(?<=[,;|\"\t])\d{4}[^\S\n]*[-/.年][^\S\n]*\d{1,2}[^\S\n]*[-/.月][^\S\n]*\d{1,2}"
                r"(?:[^\S\n\t]*[日号])?(?:[^\S\n\t]*\d{1,2}:\d{2}(?::\d{2})?)?"
                r"|\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}[^\S\t]*[日号]?"
                r"(?:[^\S\t]*\d{1,2}:\d{2}(?::\d{2})?)?"), " xdate ", (None, 4, 6)),
    # Resident ID numbers with the middle masked (110105********1234, 110***********123x).
    (re.compile(r"(?<![\d*])\d{3,6}\*{6,12}[\dx]{2,4}(?![\d*])"), " xidnum ", ("*", 3, 5)),
    # Resident ID numbers and unified social credit codes (18 characters).
    (_guarded(r"[0-9a-hj-npqrtuwxy]",
              r"(?<![0-9a-z])(?:\d{17}[\dx]|[0-9a-hj-npqrtuwxy]{2}\d{6}[0-9a-hj-npqrtuwxy]{10})(?![0-9a-z])"),
     " xidnum ", (None, 6, 6)),
    # Virtual-operator mobile segments keep their meaning; other mobiles and landlines are masked.
    (_guarded(r"[+81]", r"(?<!\d)(?:\+?86[- ]?)?1(?:70|71|65|67|62|92)\d{8}(?!\d)"), " xvphone ", (None, 11, 11)),
    # Mobiles: 13812345678, +86 138 1234 5678, (+86)138-1234-5678; masked 138****5678, +86 138 **** 5678.
    (_guarded(r"[+(81]", r"(?<!\d)(?:\(?\+?86\)?[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"), " xphone ",
     (None, 3, 11)),
    # Landlines: 021-12345678, 0755 1234 5678, (021)12345678, （025）6900-6259, +86-21-69006259.
    (_guarded(r"[+(08]", r"(?<!\d)(?:(?:\+?86[- ]?)?\(\s*0\d{2,3}\s*\)\s*|0\d{2,3}[- ]?|\+?86[- ]\d{2,3}[- ])"
                        r"\d{3,4}[- ]?\d{4}(?!\d)"), " xphone ", (None, 4, 10)),
    (_guarded(r"[+(81]", r"(?<!\d)(?:\(?\+?86\)?[- ]?)?1[3-9]\d[- ]?\*{4}[- ]?\d{4}(?!\d)"), " xphone ",
     ("*", 4, 7)),
    # Order and ticket numbers: long digit runs, or long letter+digit codes.
    # (Every run of 10 or more letters, digits and hyphens that holds a digit: the same matches as
    # (?<![a-z0-9])(?=[a-z0-9-]*\d)[a-z0-9-]{10,}(?![a-z0-9]), a test checks, about twice as fast.)
    (re.compile(r"[a-z0-9-]{10,}"), lambda m: " xnum " if _DIGIT.search(m.group()) else m.group(), (None, 1, 1)),
    (re.compile(r"\d{6,}"), " xnum ", (None, 6, 6)),
)
_DIGIT_RUN = re.compile(r"\d+")
#: A pinyin gloss right after a character (網(wǎng)站, 備(bèi)案), as pages that teach the characters
#: print them: a syllable with a tone mark in brackets. Tone marks occur in no other text of this
#: field, so the gloss goes and the characters read on.
_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[{_TONE_MARKS}])[a-zü{_TONE_MARKS}]{{1,7}}\)")


# Clause boundaries for multi-reason messages: sentence ends, line breaks and list markers.
_CLAUSE_SPLIT = _guarded(
    r"[\n；;。!！?？\d(（①-⑳一二三四五六七八九十驳另此同并以+/,]",
    r"[\n；;。!！?？]+"
    # list markers at the start or after a space, comma or colon: 1. 2、 (3) ① 一、 (the
    # look-behind comes after the first character, which lets most positions fail at once)
    r"|\d(?<![^\s，,:：]\d)\d?\s*[.、)）]"
    r"|[(（](?<![^\s，,:：][(（])\d{1,2}[)）]"
    r"|[①-⑳](?<![^\s，,:：][①-⑳])"
    r"|[一二三四五六七八九十](?<![^\s，,:：][一二三四五六七八九十])\s*[、.]"
    r"|(?=[①-⑳]|驳回原因[一二三四五六七八九十\d])"
    # connectives, "+" and a spaced "/"; each alternative starts with a fixed character, and the
    # spaces and commas before it are stripped from the clause instead of matched here; ",或"
    # opens another reason of a list (未实名认证的域名,或企业备案时域名归属非本企业)
    r"|(?:另外|此外|另,|同时(?:,|(?<=[,\s]同时))|并且|以及)\s*|\+\s*|/(?<=[^\S\n]/)\s+|,或(?:者|是)?\s*"
)


_zh_lock = threading.Lock()


def zh_convert(text: str, locale: str = "zh-cn") -> str:
    """Convert between simplified and traditional Chinese (zhconv locales: zh-cn, zh-tw, zh-hk, zh-hant)."""
    impl = _zhconv()
    if impl.zhcdicts is None:
        with _zh_lock:
            if impl.zhcdicts is None:
                # zhconv's own loader leaves its file open; load the same file with a closed handle.
                impl.loaddict(str(Path(impl.__file__).with_name("zhcdict.json")))
    return impl.convert(text, locale)


class _ScriptTables(NamedTuple):
    single: frozenset[str]               # characters that convert on their own (備 -> 备)
    by_pair: dict[str, list[str]]        # changing phrases of unchanging characters, by first two
    pair: re.Pattern[str]                # a possible first character of such a phrase, before a possible second
    single_bmp: re.Pattern[str]          # any BMP character of ``single``
    table: dict[str, str]                # zhconv's zh-cn table
    lengths: dict[str, list[int]]        # lengths of its entries of 2+ characters, longest first, by first two
    multi_first: re.Pattern[str]         # a possible first character of those entries, before a possible second
    translation: dict[int, str]          # its 1-character entries that change something, for str.translate


class _Simplifier:
    """zhconv's ``zh-cn`` conversion (traditional to simplified script), faster.

    zhconv converts by longest match against a table of characters and phrases, in Python, one
    position at a time. Here text that the conversion would leave unchanged (nearly every
    simplified message) is found in C and returned as it is: its output differs from its input
    only where the text holds a table entry that maps to something else, and every such entry
    holds a character that converts on its own (e.g. 備) or is one of a few hundred phrases of
    unchanging characters (e.g. 回覆). Other text takes the same longest match, tried only where a
    table entry of two or more characters starts, with ``str.translate`` for the characters in
    between. Tests check both against zhconv.

    Why not zhconv itself: on the 28,773 texts of the train/dev/test splits this gives zhconv's
    output for every text in 0.32 s against zhconv's 1.14 s (3.6 times faster; normalisation
    runs on every new text). Other converters were not taken because they disagree with
    zhconv's table, which the training data was normalised with."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tables: _ScriptTables | None = None

    def _load(self) -> _ScriptTables:
        with self._lock:
            if self._tables is None:
                zh_convert("")  # loads zhconv's dictionary
                table = _zhconv().getdict("zh-cn")
                single = frozenset(k for k, v in table.items() if len(k) == 1 and v != k)
                by_pair: dict[str, list[str]] = {}
                for k, v in table.items():
                    if k != v and single.isdisjoint(k):
                        by_pair.setdefault(k[:2], []).append(k)
                lengths: dict[str, set[int]] = {}
                for k in table:
                    if len(k) > 1:
                        lengths.setdefault(k[:2], set()).add(len(k))
                self._tables = _ScriptTables(
                    single, by_pair, _pair_starts(by_pair),
                    re.compile(_char_class({c for c in single if c <= "\uffff"})),
                    table, {c: sorted(ls, reverse=True) for c, ls in lengths.items()}, _pair_starts(lengths),
                    {ord(k): v for k, v in table.items() if len(k) == 1 and v != k})
        return self._tables

    def changes(self, text: str) -> bool:
        """Whether zhconv's ``zh-cn`` conversion could change ``text``."""
        t = self._tables or self._load()
        if t.single_bmp.search(text) or (_BEYOND_BMP.search(text) and not t.single.isdisjoint(text)):
            return True
        for m in t.pair.finditer(text):
            i = m.start()
            if any(text.startswith(k, i) for k in t.by_pair.get(text[i:i + 2], ())):
                return True
        return False

    def convert(self, text: str) -> str:
        """``zhconv.convert(text, "zh-cn")``."""
        t = self._tables or self._load()
        out = []
        pos = 0
        for m in t.multi_first.finditer(text):
            i = m.start()
            if i < pos:
                continue
            for n in t.lengths.get(text[i:i + 2], ()):
                target = t.table.get(text[i:i + n]) if i + n <= len(text) else None
                if target is not None:
                    out.append(text[pos:i].translate(t.translation))
                    out.append(target)
                    pos = i + n
                    break
        out.append(text[pos:].translate(t.translation))
        return "".join(out)

    def __call__(self, text: str) -> str:
        return self.convert(text) if self.changes(text) else text


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def _char_class(chars: Iterable[str]) -> str:
    """A regular-expression class of ``chars``."""
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _pair_starts(pairs: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching, without consuming the second, a first character of one of the
    two-character strings ``pairs`` followed by a second character of one of them."""
    pairs = list(pairs)
    return re.compile(_char_class({p[0] for p in pairs}) + "(?=" + _char_class({p[1] for p in pairs}) + ")")


to_simplified = _Simplifier()


# The full-width punctuation of nearly every Chinese message and the ideographic space, as NFKC
# maps them.
_FULLWIDTH = tuple((chr(c), unicodedata.normalize("NFKC", chr(c))) for c in map(ord, "，：；（）！？％＋／　"))


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, faster for typical Chinese text: the common
    full-width punctuation is replaced first (NFKC maps each of those characters on its own, so
    the result is the same), and the full normalisation runs only if something else is left."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    for wide, narrow in _FULLWIDTH:
        if wide in text:
            text = text.replace(wide, narrow)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


# Contact details that consoles append ("（负责人：张三，证件号：…，电话：…）", "订单号：…",
# "审核人：…", "客服热线：…", "办公电话 0755-…"): a field name and a value that is a masked
# number, a number, a date or a short name (after a colon; numbers also without one). They state
# no reason, so they are removed before classification. A value that reads as a reason
# (非法定代表人, 空号, 不一致, 未接通 …) is never a name, and virtual-operator numbers (xvphone)
# are never removed without a colon.
_PERSON = (r"负责人|联系人|法人代表|法定代表人|代表人|法人|申请人|提交人|经办人|管理员|审核人员|审核人|审核员|审核专员|"
           r"备案专员|初审人员|初审员|复审人员|复审员|客服专员|处理人员|处理人|受理人|操作人|跟进人|对接人|备案人|姓名")
_PERSON_KEY = rf"(?:备案|当前)?(?:主体|网站|单位|主办单位|主办者|紧急|应急)?(?:{_PERSON})"
#: Whose phone or e-mail a field gives (网站负责人, 主体负责人及 …).
_WHOSE = rf"(?:主体|网站|单位)?(?:(?:{_PERSON})(?:及|和|与|/)?)?"
_CONTACT_KEY = (
    rf"{_PERSON_KEY}(?:信息)?(?:姓名|名称|工号)?"
    rf"|{_WHOSE}(?:紧急|应急)?(?:联系)?"
    r"(?:电话|手机号码|手机号|手机|移动电话|座机|固话|固定电话|办公电话|联系方式|(?<![a-z])(?:tel|mobile|phone|contact)(?![a-z]))"
    rf"|(?:主体|网站)?(?:{_PERSON})?(?:身份证号|身份证|证件号|证件)(?:号码|号)?|统一社会信用代码|社会信用代码|信用代码"
    rf"|{_WHOSE}(?:联系)?(?:电子)?(?:邮箱|邮件|email|e-mail)(?:地址)?"
    r"|(?:备案)?(?:订单号|订单编号|工单号|工单编号|流水号|备案订单|申请单号|申请编号|受理编号|订单|工单)|(?:提交)?来源|(?:提交)?渠道"
    r"|(?:审核|驳回|退回|提交|处理)(?:时间|日期)"
    r"|(?:用户|账号|提交|客户|实例|资源|会话|聊天记录|聊天|消息|请求|任务|流程|事件|日志|记录|租户|项目|应用|设备|交易|批次|作业)?"
    r"(?<![a-z])(?<!case )(?<!ticket )(?<!order )(?<!customer )(?:u?id)(?![a-z])"
    r"|(?:提交|所属|登录)?账号"
    r"|(?:审核|备案|客服|服务|咨询|投诉)?(?:专线|热线|客服电话|咨询电话|服务电话|电话咨询)|(?:客服|企业)?(?:qq|微信)|工号"
    r"|邮编|邮政编码|(?:服务器|主机|公网|内网|弹性)?(?<![a-z])ip(?![a-z])(?:地址)?"
)
#: Which site or record a notice is about, as a field with a value after a colon (域名: xdomain,
#: 备案号: xicp). Without a value the name says what a reason concerns (证件类型不一致（域名）).
_SITE_KEY = r"(?:网站|备案|主)?(?:域名|网址)|网站地址|(?:网站)?(?:icp)?(?:备案号|备案编号|许可证号)"
_NOT_NAME = "非不未无错误空停已关占拒欠销异假虚与和及或需请应须重过期效失缺驳退吗呢吧"
#: The placeholders of personal values (phones, ID numbers, e-mail) and of every masked value.
_PERSONAL_PLACEHOLDERS = r"x(?:phone|idnum|email)\b"
_VALUE_PLACEHOLDERS = r"x(?:phone|idnum|email|num|date)\b"
_NUMBER_VALUE = rf"(?:#\s*+)?(?:{_VALUE_PLACEHOLDERS}|\d{{3,4}}-\d{{3,4}}-\d{{3,4}}|\d{{5,}})"
#: A character of a person's name: a letter that is no digit, no Latin letter and none of _NOT_NAME.
#: A name never ends as a document does (护照, 军官证, 执照, 证件): 身份证/护照 照片不清晰 keeps its list.
_NAME_CHAR = rf"[^\W\d_{_NOT_NAME}a-z]"
_NAME = rf"{_NAME_CHAR}{{2,4}}"
_CONTACT_VALUE = (
    rf"xvphone\b|xdomain\b|xurl\b|xip\b|xicp\b|{_NUMBER_VALUE}|\d[\d\- ]{{1,18}}\d"
    rf"|[\u4e00-\u9fff][*xX]{{1,3}}(?:[\u4e00-\u9fff](?![\u4e00-\u9fff*]))?"
    rf"|(?:姓名\s*+)?{_NAME}(?<![证照])(?<!证件)(?![\u4e00-\u9fff])"
    rf"(?:\s*\(\s*(?:{_NUMBER_VALUE})\s*\)|\s*(?:[/|]\s*)?(?:{_NUMBER_VALUE}))?"
)
# A value followed by what could be a problem with it (手机号 xphone 为空号, 电话 xphone 已被其他主体使用)
# stays, field name and all.
_NO_PROBLEM_AFTER = r"(?![\s,]*(?:[为是已不未无非被停关空在与和属均仍]|号段|归属))"
#: Without a colon, a field must open a stretch (请核实负责人电话 xphone keeps its words); a field name
#: in brackets opens one wherever it stands (【联系人】张三【电话】 xphone).
_OPENS = r"(?:^|(?<=[\s,;、。!?(\[【〔|/])|(?=[\[【]))"
#: A field name may come in brackets ([电话], 【负责人】) and with a note before its colon (手机号码(已脱敏):).
#: Spaces are matched possessively (``\s*+``): what follows them never starts with a space, and a
#: long run of spaces then costs one pass instead of a search over every split of it.
_KEY = rf"(?:[\[【]\s*+(?:{_CONTACT_KEY})\s*+[\]】]|(?:{_CONTACT_KEY}))"
#: Words that say a value is partly shown (身份证后四位).
_PART_SHOWN = r"后[四4]位|前\d位"
_NOTE = rf"(?:\s*+\([^()]{{1,8}}\)|{_PART_SHOWN})?"
#: Every character a contact field can start with (a test checks that the guard changes nothing).
_CONTACT_FIRST = (r"[,;、\s\[【主网单紧应负联法代申提经管审备初复客姓电手移座固办tmpc身证邮e订工流驳退处服咨热q微iu账用"
                  r"受操跟来渠投企专域许统社信所登实资公内弹会聊消请任事日记租项设交批作当]")
# A field in brackets of its own (【审核人:张三】) goes with both brackets.
_COLON_FIELD = (rf"[,;、]?\s*+(?:[\[【]\s*+(?:{_CONTACT_KEY}|{_SITE_KEY}){_NOTE}\s*+:\s*+(?:{_CONTACT_VALUE})\s*+[\]】]"
                rf"|(?:{_KEY}|{_SITE_KEY}){_NOTE}\s*+:\s*+(?:{_CONTACT_VALUE})){_NO_PROBLEM_AFTER}")
# Without a colon, a value comes in brackets (微信【123456789】, 法人代表【张**】), after "=" or "/"
# (工号=123456, 联系人 / 曹**), or is a number.
_NUMBER_FIELD = (rf"[,;、]?\s*+{_OPENS}{_KEY}\s*+"
                 rf"(?:[\[【]\s*+(?:{_CONTACT_VALUE})\s*+[\]】]|[=/]\s*+(?:{_CONTACT_VALUE})|{_NUMBER_VALUE})"
                 rf"{_NO_PROBLEM_AFTER}")
# A person's field takes a name without a colon only when spaces or a bracket set it apart
# (负责人 张三 电话 …, [负责人]张三), or when the name follows the field name directly, opens with a
# common surname and ends the stretch (网站负责人王静涛，…). Surnames that also open words of this
# domain (应急, 管理, 手机, 信息 …) are left out.
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
             "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
             "汤温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹欧耿兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕季裴霍涂"
             "苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍喻祁蒲房滕屈饶牟艾尤穆卓缪褚娄窦戚岑晏卫柏瞿桂佟臧闵邬卞姬栾寇郎甄")
_GLUED_NAME = rf"[{_SURNAMES}]{_NAME_CHAR}{{1,2}}"
_NAME_FIELD = (rf"[,;、]?\s*+{_OPENS}(?:[\[【]\s*+{_PERSON_KEY}(?:\s++{_NAME}|{_GLUED_NAME})\s*+[\]】]"
               rf"|(?:[\[【]\s*+)?{_PERSON_KEY}"
               rf"(?:(?:\s*+[\]】]\s*+|\s++){_NAME}|{_GLUED_NAME})(?=[\s,;、)\]】|/\[【]|$))"
               rf"(?:\s*+(?:{_NUMBER_VALUE}))?{_NO_PROBLEM_AFTER}")
#: An address given as a field (通信地址：上海市浦东新区世纪大道100号3栋201室): a value that ends in a
#: house number, a room or a floor and holds no word of a problem (通信地址：某某路（缺门牌号） stays).
#: A person's certificate type in a block of their data (网站负责人：… / 证件类型：居民身份证 / 证件号码：…)
#: goes too: a bare field name between slashes or bars; 实名证件类型:身份证;备案主体证件类型:营业执照
#: compares two types and stays. So does the access provider as a field (接入商：百度智能云), its
#: name of any length.
_PROFILE_FIELD = _guarded(
    r"[,;、\s通联办公单注地证接]",
    r"[,;、]?\s*+(?:(?:通信|通讯|联系|办公|公司|单位|注册)?地址\s*+:\s*+"
    r"[^\s,;。!?:|()\[\]不未无缺错非请须需应]{2,40}?(?:号|室|楼|层|座|栋|幢|单元)"
    r"(?:[\da-z-]{1,6}(?:号|室|楼|层|座|栋|幢|单元))*(?![\u4e00-\u9fff])"
    r"|(?<![\u4e00-\u9fff])证件类型\s*+:\s*+(?:居民身份证|身份证|护照)(?=\s*+[/|])"
    r"|(?:接入商|接入服务商)\s*+:\s*+[^\s,;。!?:|\[\]不未无非与和已被]{2,24}(?=[\s,;。]|$))" + _NO_PROBLEM_AFTER)
#: A log line of values alone, a name among them (2024/3/1 10:20 INC3288394 熊宇一 112.41.172.148): it
#: opens and ends with a masked value and holds nothing else but values and one name.
_LOG_LINE = re.compile(
    rf"(?:^|(?<=[\n。;]))[^\S\n]*x(?:date|num|ip)\b(?:[^\S\n]+(?:{_NAME}(?![\u4e00-\u9fff])[^\S\n]+)?"
    r"x(?:date|num|ip|phone|email|idnum)\b)+[^\S\n]*(?:[\n。;]|$)")
#: An application log's line head before its message (xdate ,268 - worker.sync - warning - …,
#: xdate [main] warn c.x.icpservice - …): a time, then no Chinese up to a level word and the mark
#: after it. The logger's name (worker.sync) is no reason.
_LOG_PREFIX = re.compile(r"(?<![^\n])[^\S\n]*xdate\b[^\n\u4e00-\u9fff]{0,80}?(?<![a-z])"
                         r"(?:trace|debug|info|warn|warning|error|fatal|critical)(?![a-z])"
                         r"[^\n\u4e00-\u9fff]{0,60}?[-:|\]][^\S\n]*(?=\S)")
#: A system log's line head (syslog, journald: jan 22 03:02:13 ops01 audit_job.sh[8582]: …; with a
#: full date, xdate ops01 cron[812]: …) and journald's own lines (-- logs begin at … --): which
#: host and program wrote the line, no reason (a job named icp-sync says nothing of a sync).
_SYSLOG_HEAD = re.compile(r"(?<![^\n])[^\S\n]*(?:<\d{1,3}>)?"
                          r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[^\S\n]+"
                          r"\d{1,2}[^\S\n]+\d{1,2}:\d{2}(?::\d{2})?"
                          r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?[^\S\n]+\d{1,2}[^\S\n]+[a-z]{3,9}\.?[^\S\n]+\d{4}"
                          r"[^\S\n]+\d{1,2}:\d{2}(?::\d{2})?(?:[^\S\n]*[+-]\d{4})?"
                          r"|xdate(?:[^\S\n]*t?\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|z)?)?)[^\S\n]+[\w.-]{1,40}[^\S\n]+"
                          r"[\w./@-]{1,40}\[\d+\]:[^\S\n]*(?=\S)"
                          r"|(?<![^\n])[^\S\n]*--[^\S\n]*(?:logs begin at|journal begins at|no entries|reboot)\b"
                          r"[^\n]*--[^\S\n]*(?:\n|$)")
#: A PHP error log's line head and tail ([xdate 06:49:18 asia/shanghai] php notice: … in
#: /var/www/icp/notify.php on line 438): where and how PHP logged the line.
_PHP_LOG = re.compile(r"(?<![^\n])[^\S\n]*\[[^\]\n]{5,60}\][^\S\n]*php (?:notice|warning|fatal error|parse error|"
                      r"deprecated|error|strict standards|catchable fatal error):[^\S\n]*"
                      r"|[^\S\n]+in [^\s]+\.php on line\b[^\S\n]*(?:\d+|xnum)?(?=[^\S\n]*(?:\n|$))")
#: A program's key of a message field before the message at a line's start (audit_result=…,
#: reject_reason: …): a name in snake case, no words of the message (an error code such as
#: err_mobile_reused: is one and stays).
_SNAKE_KEY = re.compile(r"(?<![^\n])[^\S\n]*[a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:result|reason|msg|message|text|remark|"
                        r"desc|description|details?|content|comment|note|opinion|info)[^\S\n]*[=:][^\S\n]*"
                        r"(?=[\u4e00-\u9fff])")
#: A remark after // at the end of a line (… // 董萍 2023.02.18 已同步客户), as a shared sheet's
#: comment: dropped unless it finds a fault.
_SLASH_REMARK = re.compile(r"[^\S\n]+//[^\S\n]*(?P<remark>[^\n/]{1,60}?)[^\S\n]*(?=\n|$)")
#: A query string of two or more key=value pairs without Chinese (contact_name=…&contact_phone=…):
#: a console's log or link, no reason.
_QUERY_VALUE = r"(?:\s*x[a-z]+\s*|[^&\s\u4e00-\u9fff]*)"
_QUERY = re.compile(rf"(?<![\w=&])[a-z_]{{2,30}}={_QUERY_VALUE}(?:&[a-z_]{{2,30}}={_QUERY_VALUE})+")
#: Where to read more (详情请访问：https://…, 请登录 xdomain 查看): a link says no reason.
_SEE_LINK = re.compile(r"(?:(?:详情|更多信息)?请(?:访问|查看|参见|参考|登录)|详情(?:请)?见)"
                       r"(?:[^,;。!?\n]{0,8}?(?:控制台|后台|官网|系统|页面|链接)(?:查看|了解|处理)?)?\s*(?::\s*)?x(?:url|domain)\b")
#: A signature after the conventional "--" line that follows a message: at the end, a few lines of
#: names and titles with no word of a finding (``finds_fault``) are dropped (never a text's opening).
_SIGNATURE = re.compile(r"(?<=[\s。;])--[^\S\n]*\n(?P<sig>(?:[^\n]*\n?){1,5})$")
#: A mail's sign-off line (best regards, / 此致) and the few lines of names, titles and numbers
#: after it at the end, unless they find fault.
_SIGN_OFF_BLOCK = re.compile(r"(?:^|(?<=\n))[^\S\n]*(?:(?:best|kind|warm) regards|regards|sincerely|yours sincerely|"
                             r"此致敬礼|此致|祝好)[,.!]?[^\S\n]*\n(?P<sig>(?:[^\n]*\n?){1,6})$")
#: Tags (#首次备案# #vip客户#) that open or close a text, or a line of two or more open ones (#云服务器
#: #网站备案, a post's topics): topics of a ticket or a post, not its reason, when the rest names a
#: problem itself.
_TAGS = re.compile(r"^(?:[^\S\n]*#[^#\s]{1,12}#)+[^\S\n]*|[^\S\n]*(?:#[^#\s]{1,12}#[^\S\n]*)+$"
                   r"|(?<![^\n])[^\S\n]*#[^#\s]{1,12}(?:[^\S\n]+#[^#\s]{1,12})+[^\S\n]*(?=\n|$)")
#: A filing number (masked) that opens a text before the message (辽icp备…号 网站负责人…).
_BARE_ICP = re.compile(r"^[^\S\n]*xicp[^\S\n]+(?=[^\s下的已被为是在号所中内之])")
#: Each kind of field in a pass of its own, run only on texts that could hold it (a colon; a
#: number; a person field before a space, bracket or surname). A test checks the passes against
#: one plain pattern of all three.
#: A colon field reaches its colon within 48 characters (key, note, brackets and spaces), so the
#: first pass looks for a colon ahead before it tries the field names.
_CONTACT_PASSES = (re.compile(f"(?={_CONTACT_FIRST})(?=[^:]{{0,48}}:)(?:{_COLON_FIELD})"),
                   _guarded(_CONTACT_FIRST, _NUMBER_FIELD), _guarded(_CONTACT_FIRST, _NAME_FIELD))
#: Metadata that names the subject or the reviewer carries no reason either (the words of a
#: company name, 某某医疗器械有限公司, are not its site's content): a subject's name given as a
#: field ending in a kind of organisation, and who gave the review (审核意见由 张三（工号 A1955）给出).
_ORG_KIND = (r"(?:有限责任公司|股份有限公司|有限公司|分公司|公司|工作室|事务所|研究院|研究所|中心|协会|学会|商行|"
             r"经营部|合作社|集团|学校|医院|诊所|店|厂)")
_ORG_FIELD = _guarded(
    r"[,;、\s主单公企申]",
    rf"[,;、]?\s*+(?:主办单位|主办者|主体|单位|公司|企业|申请单位)(?:名称)?(?:\s*+[:=]\s*+|\s++)"
    rf"[^\s,;、。!?:()\[\]【】]{{1,30}}?(?:\([^()]{{1,12}}\)[^\s,;、。!?:()]{{0,20}}?)?{_ORG_KIND}"
    rf"(?=$|[\s,;、。!?)\]】|])")
_ATTRIBUTION = _guarded(
    r"[,;、\s审处意结]",
    rf"[,;、]?\s*+(?:审核|审批|处理)?(?:意见|结果)由\s*+{_NAME}\s*+(?:\(\s*+(?:工号)?\s*+[a-z]?\d+\s*+\))?\s*+"
    r"(?:给出|作出|做出|出具|提供|处理|审核)")
#: Office hours (工作日 9:00-18:00) and the sentence that gives a number to call with questions
#: (如对审核结果有疑问，请拨打审核专线 010-…): how to reach someone, never why a filing was sent back.
#: The names of office hours (also metadata words that open a trailing piece, below).
_HOURS_NAMES = "工作日|工作时间|服务时间|接听时间|办公时间"
_HOURS_WORDS = rf"(?:{_HOURS_NAMES}|周一(?:至|到|-|~)周[五六日天]|每天|每日|上午|下午|[,;、\s:])*+"
_ONE_RANGE = r"\d{1,2}:\d{2}\s*+[-~至到—]\s*+\d{1,2}:\d{2}"
_TIME_RANGE = rf"{_ONE_RANGE}(?:\s*+[,、]\s*+{_ONE_RANGE})*+"
_OFFICE_HOURS = _guarded(r"[,;、\s(工服接办周每上下\d]",
                         rf"[,;、]?\s*+(?:\(\s*+{_HOURS_WORDS}{_TIME_RANGE}\s*+\)|{_HOURS_WORDS}{_TIME_RANGE})"
                         r"(?:\s*+\(?(?:法定)?(?:节假日|假日|节假)(?:除外|休息)\)?)?")
_CALL = r"(?:拨打|致电|联系|咨询|来电|发送?邮件(?:至|到)?|发邮件|邮件至)"
_HOTLINE = _guarded(
    r"[,;、\s如若]",
    rf"[,;、]?\s*+(?:如|若)[^,;。!?\n]{{0,14}}?(?:疑问|异议|疑义|问题|帮助|协助|咨询)[^,;。!?\n]{{0,4}}?"
    rf"[,;]?\s*+(?:请|可)?您?(?:及时|在{_HOURS_WORDS})?{_CALL}[^,;。!?\n]{{0,16}}?(?:{_NUMBER_VALUE}|xvphone\b)"
    rf"(?:\s*+(?:或|及|和|/|,)\s*+{_CALL}?[^,;。!?\n]{{0,8}}?(?:{_NUMBER_VALUE}|xvphone\b))*+"
    r"(?:\s*+,\s*+我们(?:将|会)[^,;。!?\n]{0,10}?(?:回复|答复|处理|联系您?|协助您?))?")
# Gates: a clock time for office hours, a kind of organisation for the subject's name.
_CLOCK = re.compile(r"\d:\d\d")
_ORG_KIND_SEARCH = re.compile(_ORG_KIND)
_EMPTY_BRACKETS = re.compile(r"[(\[【〔]\s*[,;、/|\s]*[)\]】〕]")
_WORD_LIKE = re.compile(r"[^\W\d_]")
# Stretches between separators that are contact data whatever their field names are removed
# too: one that still holds a phone, ID number or e-mail and no word that could state a problem
# with it (空号, 停机, 其他主体, 外省, 不一致, 核实 …): "联系人及电话:韦琪/xphone"; and one that is
# nothing but values, their field names, the names after them and words about masking:
# "负责人身份证后四位:1234".
_STRETCH = re.compile(r"[^,;、。!?\n()\[\]【】〔〕|]+")
#: Words that could state a problem (the 无 of a place's name, 无锡 or 无为, is none).
_STATES_A_PROBLEM = re.compile(
    r"[不未非没错误否]|无(?!锡|为|棣|极)|空号|停机|关机|欠费|重复|已被|已在|已有|其他|其它|别的|外省|异地|本省|省外|归属|"
    r"号段|虚拟|一致|不符|有误|接通|接听|联系不上|打不通|注销|占用|使用|过期|失效|超过|上限|次数|核实|核验")
#: A name shown masked (曹*, 刘**, 孔*丽) is a personal value too.
_MASKED_NAME = r"[\u4e00-\u9fff]\*{1,3}(?:[\u4e00-\u9fff](?![\u4e00-\u9fff*]))?(?![\u4e00-\u9fff*])"
_CONTACT_VALUES = re.compile(rf"\b{_PERSONAL_PLACEHOLDERS}|{_MASKED_NAME}")
_CONTACT_REMAINS = re.compile(
    rf"{_PERSON_KEY}(?:姓名|名称)?(?:(?:[\]】)]\s*|\s+){_NAME})?|{_CONTACT_KEY}|已?脱敏|{_PART_SHOWN}|信息|及|和|"
    r"[\s\d\W_]|x[a-z]+")
_FIELD_HEADER = re.compile(rf"\s*(?:{_KEY})\s*[:=]\s*")
_HAS_VALUE = re.compile(rf"\b{_VALUE_PLACEHOLDERS}|脱敏")
_KEY_SEARCH = _guarded(_CONTACT_FIRST, _CONTACT_KEY)
# The gates of the passes: what a text must hold for a pass to find anything.
_ANY_VALUE = re.compile(rf"\b{_VALUE_PLACEHOLDERS}|\d|脱敏|[*=/\[【]")
_PERSONAL_VALUE = re.compile(rf"\b{_PERSONAL_PLACEHOLDERS}|脱敏|{_MASKED_NAME}")
#: The gate of the name pass: a person's field name before a space, a bracket or a surname.
_PERSON_THEN_NAME = re.compile(rf"(?:{_PERSON})(?:\s*[\]】]|\s|[{_SURNAMES}])")


def is_contact_only(stretch: str) -> bool:
    """True when a piece of text holds contact values (with their field names) and nothing
    else. Field names alone are not contact data ("【办公电话】已被其他主体使用" names its
    subject), nor are bare codes ("(1003)域名未入库")."""
    values = _HAS_VALUE.search(stretch) or (_DIGIT.search(stretch) and _KEY_SEARCH.search(stretch))
    return bool(values) and not _CONTACT_REMAINS.sub("", stretch)


def _drop_stretch(match: re.Match[str]) -> str:
    stretch = match.group()
    if is_contact_only(stretch):
        return " "
    if _CONTACT_VALUES.search(stretch) and not _STATES_A_PROBLEM.search(stretch) \
            and len(_CONTACT_REMAINS.sub("", stretch)) <= 4:
        return " "  # values, their field names and a name ("联系人及电话:韦琪/xphone"), no other words
    if _FIELD_HEADER.fullmatch(stretch):
        return " "  # a field name whose value is gone (备案负责人信息:)
    return stretch


#: Which site, app or datum a ministry result or console row is about, given as a field (网站名称:
#: 张三的博客, 【app名称】某某, 错误数据: xidnum): a name, not a reason, unless its value states a
#: problem (【网站名称】无效, 网站名称:含"门户"), is a comment or a status (网站名称:个人性质备案,
#: 【小程序名称】合格), or a problem follows it after a space (网站名称:阳光商城 —— 个人备案不可用
#: "商城"). Another field after the space is no problem (网站名称:云海博客 错误数据:…). A field
#: whose value is gone (…,错误数据) goes too.
_DATUM_KEY = "错误数据|错误值"
_RECORD_NAME_KEY = rf"(?:网站|站点|app|小程序|应用)(?:名称|名)|{_DATUM_KEY}"
_RECORD_NAME_FIELD = _guarded(
    r"[,;、\s\[【网站a小应错|]",
    rf"[,;、]?\s*+(?:(?:[\[【]\s*+(?:{_RECORD_NAME_KEY})\s*+[\]】]\s*+|(?:{_RECORD_NAME_KEY})\s*+[:=]\s*+)"
    rf"([^\s,;、。!?:=()\[\]【】]{{0,30}})|(?:{_DATUM_KEY})\s*+:?"
    # the field as a table's cells or after a space, opening its line or cell (| 网站名称 | 云海博客 |)
    rf"|(?:^|(?<=[\n|\t])|(?<=[\n|\t] ))(?:\|[^\S\n]*)?(?:{_RECORD_NAME_KEY})(?:[^\S\n]*[|\t][^\S\n]*|[^\S\n]+)"
    rf"([^\s,;、。!?:=()\[\]【】|]{{1,30}})[^\S\n]*\|?)(?=$|[\s,;:、。!?)\]】|(\[【])")
_RECORD_NAME_GATE = re.compile(rf"名称|名[:=\]】]|{_DATUM_KEY}")
_NOT_A_NAME = re.compile(
    rf"{_STATES_A_PROBLEM.pattern}|含|涉及|敏感|违|禁|字样|名称|网站名|名字|命名|要求|规范|规则|修改|更改|请|需|须|应|"
    r"冲突|相同|同一|纯|性质|您|你|我|经|按|根据|依据|审核|备案|通过|合格|已经|驳回|退回|被|了|吗|呢|说")
#: What follows a field after a space: the rest of its piece, and whether it opens another field.
_AFTER_SPACE = re.compile(r"[^\S\n]++(?![,;:、。!?)\]】|])([^,;、。!?\n]*)")
_FIELD_OPENS = re.compile(
    rf"[\[【(]?\s*(?:{_RECORD_NAME_KEY}|{_CONTACT_KEY}|{_SITE_KEY}|(?:主办单位|主办者|主体|单位)(?:名称)?)\s*[:=\]】]")


#: Words of a message after a record-name field that speak of a name (字样, 敏感词, a quoted word);
#: a message that does not (该主体已在…, 核验单…, 管局退回,问题如下:…) stands beside a record.
_NAME_TOPIC = re.compile(r"名称|名字|命名|改名|起名|更名|站名|网站名|字样|词|用语|叫|[“‘「『]")
#: The longest problem (in characters) that, alone after the name, is taken as the name's.
_SHORT_PROBLEM = 6
#: The channel a record came in by, after a slash at the end of its line (来源:管局反馈 / 自动同步).
_CHANNEL_GATE = re.compile(r"同步|录入|推送|api")
_CHANNEL_TAIL = re.compile(
    r"[^\S\n]*/[^\S\n]*(?:自动同步|人工录入|手工录入|系统同步|系统推送|自动推送|api)[^\S\n]*(?=\n|$)")


def _drop_record_name(match: re.Match[str]) -> str:
    """A record-name field (``_RECORD_NAME_FIELD``) removed, or kept when it states a problem, or
    when what follows it after a space on its line is about a name (个人备案不可用"商城", 含敏感词) or is
    a short problem and nothing more (网站名称:阳光商城 请修改)."""
    if _NOT_A_NAME.search(match.group(1) or match.group(2) or ""):
        return match.group()
    after = _AFTER_SPACE.match(match.string, match.end())
    if after and not _FIELD_OPENS.match(after.group(1)):
        end = match.string.find("\n", after.start(1))
        line_rest = match.string[after.start(1):end if end >= 0 else None].strip()
        short = line_rest == after.group(1).strip() and len(line_rest) <= _SHORT_PROBLEM
        if _NAME_TOPIC.search(line_rest) or (short and _NOT_A_NAME.search(line_rest)):
            return match.group()  # a problem of the name follows after a space
    return ""


def strip_contact(text: str) -> str:
    """Remove contact details from a normalised text: field: value pairs (负责人:张三,
    电话: xphone, 工号=123, 微信【123】) unless a problem with the value follows, office hours and
    "call us" sentences with a number, stretches that are only contact data, the subject's name
    given as an organisation, the site's or app's name and the interface's 错误数据 as fields
    (``_RECORD_NAME_FIELD``) and who gave the review (metadata, no reason), addresses, a person's
    certificate type and the access provider as fields (``_PROFILE_FIELD``), tables, export header
    rows and log lines of such values, records of ticket, CRM and mail systems (``_RECORD``) and a
    heading over them, mail, page and chat boilerplate (``_MAIL_AND_PAGE``), a page's chrome on
    lines of its own (``_drop_chrome_lines``), a mention of everyone, English field names glued
    to Chinese ones (``_GLOSSED_KEY``), a spreadsheet's formulas, breadcrumbs
    (``_BREADCRUMB``), query strings, links to read more, a signature after a closing "--", the
    metadata pieces that end the text (``_drop_trailing_metadata``), and the brackets they leave
    empty. A text that is nothing but contact data stays."""
    if "@" in text:  # a mention of everyone (@所有人: 所有人 is also an owner)
        text = _MENTION_ALL.sub("", text)
    colon, number, person = ":" in text, bool(_ANY_VALUE.search(text)), bool(_PERSON_THEN_NAME.search(text))
    if colon and _GLOSSED_KEY_GATE.search(text):  # order no.订单号: -> 订单号:, read as the key it glosses
        text = _GLOSSED_KEY.sub("", text)
    mail, lines = bool(_MAIL_AND_PAGE_GATE.search(text)), "\n" in text
    heading, rows = "#" in text and lines, "|" in text or "\t" in text or lines
    if rows and lines:
        text = _read_tables(text)
    if ("[" in text or "【" in text) and lines:
        text = _BUTTON_ROW.sub(lambda m: m.group() if finds_fault(m.group()) else "", text)
    links = "xurl" in text or "xdomain" in text
    if not (colon or number or person or mail or rows or links or "由" in text or "#" in text or "xicp" in text):
        return _drop_trailing_metadata(text)  # nothing the patterns below could remove (a cheap test first)
    stripped = _OFFICE_HOURS.sub("", text) if colon and _CLOCK.search(text) else text
    if number and ("如" in stripped or "若" in stripped):
        stripped = _HOTLINE.sub("", stripped)
    for gate, pattern in zip((colon, number, person), _CONTACT_PASSES, strict=True):
        if gate:
            stripped = pattern.sub("", stripped)
    if colon and ("地址" in stripped or "证件类型" in stripped or "接入" in stripped):
        stripped = _PROFILE_FIELD.sub("", stripped)
    if (colon or "=" in stripped or " " in stripped) and _ORG_KIND_SEARCH.search(stripped):
        stripped = _ORG_FIELD.sub("", stripped)
    if "由" in stripped:
        stripped = _ATTRIBUTION.sub("", stripped)
    if _RECORD_NAME_GATE.search(stripped):
        stripped = _RECORD_NAME_FIELD.sub(_drop_record_name, stripped)
    if "/" in stripped and _CHANNEL_GATE.search(stripped):
        stripped = _CHANNEL_TAIL.sub("", stripped)
    if "#" in stripped:
        stripped = _TAGS.sub(lambda m: "" if names_a_problem(_TAGS.sub("", m.string)) else m.group(), stripped)
    if "xicp" in stripped:
        stripped = _BARE_ICP.sub("", stripped)
    if rows:
        stripped = _drop_table_rows(stripped)
        if stripped.count("\n") >= 3:
            stripped = _drop_vertical_records(stripped)
    if heading:  # before the records under a heading go
        stripped = _HEADING.sub(_drop_heading, stripped)
    if colon or "=" in stripped or "】" in stripped or "]" in stripped or lines and _TOPIC_RECORD_GATE.search(stripped):
        without = stripped
        for _ in range(_RECORDS_ON_A_LINE):  # the record after a removed one opens the line now
            after = _RECORD.sub(_drop_record, without)
            if _TOPIC_RECORD_GATE.search(after):
                after = _TOPIC_RECORD.sub(_drop_topic_record, after)
            if after == without:
                break
            without = after
        if ("】" in without or "]" in without) and _BRACKET_RECORD_GATE.search(without):
            without = _BRACKET_RECORD.sub(_drop_record, without)
        if _WORD_LIKE.search(without):  # records around a message (a status line alone is the message)
            stripped = without
    if mail:
        stripped = _MAIL_AND_PAGE.sub("", stripped)
    if "=" in stripped and "(" in stripped:
        stripped = _FORMULA.sub("", stripped)
    if lines:
        stripped = _drop_chrome_lines(stripped)
    if ">" in stripped or "›" in stripped or " / " in stripped:
        without = _BREADCRUMB.sub(_drop_breadcrumb, stripped)
        if _WORD_LIKE.search(without):  # a progress path alone (资料录入 > 证件上传 > 初审) is the message
            stripped = without
    if "//" in stripped:
        stripped = _SLASH_REMARK.sub(lambda m: m.group() if _FINDING.search(m["remark"]) else "", stripped)
    if "]:" in stripped or "-- " in stripped:
        stripped = _SYSLOG_HEAD.sub("", stripped)
    if "php " in stripped:
        stripped = _PHP_LOG.sub("", stripped)
    if "_" in stripped:
        stripped = _SNAKE_KEY.sub("", stripped)
    if "xdate" in stripped or "xip" in stripped:
        stripped = _LOG_PREFIX.sub("", _LOG_LINE.sub("", stripped))
        if "xip" in stripped and "\n" in stripped:
            stripped = _OPERATION_LINE.sub(_drop_operation_line, stripped)
    if "&" in stripped and "=" in stripped:
        stripped = _QUERY.sub("", stripped)
    if "xurl" in stripped or "xdomain" in stripped:
        stripped = _SEE_LINK.sub("", stripped)
    if "--" in stripped:
        stripped = _SIGNATURE.sub(_drop_signature, stripped)
    if "regards" in stripped or "sincerely" in stripped or "此致" in stripped or "祝好" in stripped:
        stripped = _SIGN_OFF_BLOCK.sub(lambda m: m.group() if finds_fault(m.group("sig")) else "", stripped)
    if _PERSONAL_VALUE.search(text):  # the stretches the passes left, once there were personal values
        stripped = _STRETCH.sub(_drop_stretch, stripped)
    stripped = _drop_trailing_metadata(stripped)
    if stripped == text:
        return text
    return _tidy(text, stripped)


# What a console appends after a message (ticket footers, notice headers, signatures, tables of
# fields) is left over in pieces once its values are gone: "| 经办人 | 黎铭雪 | 提交时间 | |",
# "【推送时间】 【渠道】站内信 【收件人】", "——天翼云备案中心". From the end of a text, pieces that
# open with a field name or a metadata word, values and the names that follow such a piece are
# removed; the first piece that says anything else (a problem word, a longer run of words, an
# instruction) stops it, and the text's first piece always stays.
#: Pieces are split at separators and at spaces, except spaces between two words in Latin script
#: ("exists for this id" is one piece).
_PIECE_SPLIT = _guarded(r"[,;|()\[\]【】〔〕。!?—\s]",
                        r"((?:[,;|()\[\]【】〔〕。!?—\n]|(?<![a-z.])[^\S\n]|[^\S\n](?![a-z]))+)")
_META_WORD_ALTS = (
    "收件人|接收人|发送对象|发送时间|推送时间|发送渠道|通知方式|通知编号|站内信编号|消息id|渠道|优先级|业务分类|产品|分类|"
    f"字段|内容|项目|信息|时间|日期|编号|单号|分机|传真|fax|总机|ext|{_HOURS_NAMES}|小时|复核人|初审人员|"
    "处理时间|操作时间|更新时间|回复时间|创建时间|受理时间|本邮件为系统通知|此为系统邮件|系统邮件|系统通知|请勿回复|"
    "如有|如需|若有|有任何|任何|疑问|帮助|欢迎来电|欢迎致电|请致电|请拨打|请联系|拨打|致电|咨询|协助|事件|工单等级|等级|"
    "客服|公众号|钉钉群|钉钉|qq群|微信群|企业微信|此邮件由系统自动发出|自动发出|请勿直接回复|客户服务中心|服务中心|"
    "祝您工作顺利|此致|敬礼|key|value|收件邮箱|转|关联订单|实付|应付|金额|付款方式|支付方式|发票号|"
    "服务器到期时间|产品到期时间|实例到期时间|到期时间")
_JSON_KEY = r"['\"][a-z_]{2,20}['\"]\s*:"
_META_WORDS = f"(?:{_META_WORD_ALTS}|{_JSON_KEY})"
#: The teams that sign (备案中心, 客服部 …); a sign-off puts a provider's name (up to five
#: characters) before one.
_TEAMS = r"(?:备案中心|备案服务组|服务组|审核组|客服部|备案专员|备案团队|运营团队)"
_SIGN_OFF = rf"[^\W_]{{0,5}}?{_TEAMS}"
#: A cell of a table of contact data (| 负责人 | 电话 | 邮箱 |, |---|---|, | 张三 | xphone | xemail |):
#: a field name, a metadata word, a value or a rule of dashes.
_TABLE_CELL = re.compile(rf"(?:{_KEY}|{_META_WORDS}|值|{_CONTACT_VALUE}|x(?:email|url|ip|domain)|:?-+:?)")


#: The keys of a ticket, CRM, mail or log system's records (``_RECORD``) and of export headers.
_RECORD_KEYS = (
    r"当前处理人|问题分类|问题类型|工单分类|工单类型|申请时间|抄送人|"
    r"工单号|工单编号|工单状态|工单|客户id|客户编号|客户名称|客户经理|客户|处理人|处理时间|处理状态|当前状态|状态|sla|"
    r"优先级|最近跟进|跟进人|跟进时间|创建时间|创建人|更新时间|关闭时间|发件人?|收件人?|抄送|主题|发送时间|日期|时间|"
    r"审核单位|审核时间|初审人员|初审时间|复审人员|复审时间|管局审核时间|管局|节点|区域|地域|渠道|来源|标签|附件|"
    r"发起人|发起时间|所在部门|审批编号|审批节点|当前节点|审批人|审批时间|审批结果|处理结果|结果|工单标题|标题|提交人|"
    r"提交时间|操作人?|(?:内部|客服|跟进)?备注|(?:服务器|产品|实例)?到期时间|所属项目|所属账号|跟进方式|下次跟进|负责销售|"
    r"来电号码|来电人|来电时间|回拨号码|业务类型|处理方式|回访人|回访对象|回访时间|回访方式|回访结果|满意度|接通情况|接通状态|通话时长|实例id|账号id|账户余额|本月消费|自动续费|(?:订单|实付|应付|支付)?金额|(?:支付|付款)方式|发票(?:状态|号|抬头)|"
    r"成员|列表|截止(?:时间|日期)?|创建者|(?:备案)?服务号|"
    r"case id|case no\.?|case number|case owner|ticket(?: id| no\.?)?|customer(?: id| name)?|account(?: name)?|"
    r"requester|owner|assignee|assigned to|created(?: at| by)?|updated(?: at)?|priority|status|sla(?: due)?|"
    r"from|to|cc|date|date/time opened|subject|sent|via|group|channel|region|uid|user|action|attachments?|"
    r"order(?: id| no\.?)?|[a-z]{2,12}_(?:id|no|num|at|time|by|name)|operator")
#: The keys that head the message itself in a record system (内容:…, description:…): where one
#: follows a record on its line, the record's value ends.
#: Those that say no verdict and name no part of a mail (内容, not 驳回原因 or 正文) also head the
#: message at the start of a later line, perhaps after what they belong to (跟进内容:, 短信内容:).
_PLAIN_BODY_KEYS = r"内容|描述|详情"
_BODY_KEYS = (rf"{_PLAIN_BODY_KEYS}|正文|问题描述|驳回原因|退回原因|原因如下|具体原因|原因|审批意见|审核意见|处理意见|"
              r"意见|description|content|reason|details?|message|msg|errmsg|err_msg|error_msg|remark")
#: The states of a ticket or CRM entry (a filing's own status, 初审中, is none of them).
_TICKET_STATES = (r"open|pending|new|resolved|solved|closed|on hold|in progress|assigned|to ?do|done|"
                  r"待处理|处理中|已回复|待客户反馈|待回复|已分配|已关闭|已解决|待跟进|跟进中|已完结|进行中|未开始|已完成|已暂停")
#: A value that says nothing but which state, priority, date or number a record has: it ends at a
#: space, so that a message run on to the record's line (工单状态:待跟进 网站名称不合格) stays.
_CLOSED_VALUE = (rf"(?:{_TICKET_STATES}|待客户修改|待修改|已退回|已驳回|待重新提交|待提交|新建|已受理|"
                 r"高|中|低|紧急|普通|一般|p[0-4]|high|medium|low|urgent|normal|x(?:num|date|phone|email|idnum|ip|url|domain|icp))")
#: A header row of an export (序号,订单号,主体名称,提交时间 / No.\tOrder ID\tCompany): three or more
#: cells, each a field name.
_HEADER_CELL = re.compile(
    rf"(?:{_KEY}|{_RECORD_KEYS}|{_BODY_KEYS}|序号|编号|名称|主体名称|主办单位|网站名称|域名|备注|提交时间|no\.?|id|company|name|"
    r"submitted|domain|website|remark|subject)")


def _is_header_row(line: str) -> bool:
    cells = [c.strip() for c in re.split(r"[,\t|]", line)]
    cells = [c for c in cells if c]
    return len(cells) >= 3 and all(_HEADER_CELL.fullmatch(c) for c in cells)


#: A console page's row of buttons on a line of its own ([ 通知客户 ]  [ 修改资料 ]  [ 返回列表 ]):
#: three or more short labels in brackets, or two as a console draws them ([ 查看订单 ]  [ 指派给我 ]),
#: finding no fault.
_BUTTON_ROW = re.compile(r"(?<![^\n])[^\S\n]*(?:(?:[\[【][^\S\n]*[^\[\]【】\n\d]{1,8}?[^\S\n]*[\]】][^\S\n]*){3,}"
                         r"|(?:\[[^\S\n]+[^\[\]【】\n\d]{1,8}?[^\S\n]+\][^\S\n]*){2,})(?=\n|$)")
#: A page's chrome on a line of its own, copied with the message from a console, a mail, a
#: chat or a notebook: a row of tabs, buttons or column names (基本信息 | 主体信息 | 网站信息,
#: 修改备案信息  撤销备案订单, 批量操作 ▼ 导出列表, 消息中心 / 站内消息: short items apart by
#: bars, dots, arrows, slashes or two spaces), a list's row of values and statuses (xdomain
#: xdate 已驳回, 0 6174 xdomain 某某有限公司 待处理), a checklist's item (- [x] 域名解析), a
#: notification's actions (清除, 在手机上打开), a notebook's prompts (in [21]:), an issue page's
#: lines (… opened this 8 days ago, labels question), a chat's last words (那我们会后再同步,
#: 有事微信找我), an org-mode entry's heading and drawer, a questionnaire's question (第13题:您的
#: 联系电话) and a mail client's signature note (签名由 网易邮箱大师 定制). None of it finds a
#: fault; its words (网站信息, 同步, 手机) are a category's words in a message
#: (``_drop_chrome_lines``).
_CHROME_SPLIT = re.compile(r"[^\S\n]{2,}|[^\S\n]*[|·▼▾][^\S\n]*|[^\S\n]+/[^\S\n]+")
#: An item of such a row: a few hanzi, a word (a masked value is none) or both (dns服务器), perhaps
#: after a mark (□ 标记完成, 💬 评论) and before a count (评论 (0), 评论 2).
_CHROME_ITEM = re.compile(r"(?:[^\w\s]{1,2} ?)?(?:[\u4e00-\u9fff]{2,8}|(?!x[a-z]+$)[a-z]{2,12}"
                          r"|[a-z]{2,6}[\u4e00-\u9fff]{1,6}|[\u4e00-\u9fff]{1,6}[a-z]{2,6})(?: ?(?:\(\d+\)|\d+))?")
_ROW_STATUS = (r"已?驳回|已?退回|已?通过|已?撤销|审核中|待审核|待处理|处理中|已完成|待提交|初审|复审|"
               r"管局(?:审核)?|(?:初审|复审|管局|审核)(?:通过|不通过|未通过)")
_ROW_TOKEN = re.compile(rf"x[a-z]+|\d+|[a-z]{{1,4}}|[^\w\s]+|{_ROW_STATUS}|[^\s]{{2,20}}?{_ORG_KIND}")
_ROW_ANCHORS = re.compile(r"(?<![^\s])(?:x[a-z]+|\d+)(?![^\s])")
_ROW_STATUS_TOKEN = re.compile(_ROW_STATUS)
_CHROME_LINE = re.compile(
    r"[-*][^\S\n]*\[[ x]\][^\S\n]*[^\n]{1,12}"
    r"|清除|在手机上(?:打开|查看)|稍后提醒|标记?为已读|全部已读|忽略|立即查看|去处理|去查看|展开|收起"
    r"|in[^\S\n]*\[\d*\]:[^\n]*"
    r"|(?:open|closed)[^\S\n]+\S+[^\S\n]+opened this[^\n]*|\S+[^\S\n]+commented(?:[^\S\n][^\n]*ago)?"
    r"|assignees?[^\S\n]+no one[^\n]*|labels?[^\S\n]+[a-z][a-z ,-]{0,40}|projects?[^\S\n]+none yet"
    r"|milestone[^\S\n]+no milestone"
    r"|(?:行|好的?|嗯|ok)?,?[^\S\n]*那?(?:我们|咱们)?(?:会后|回头|稍后|晚点|之后)再?(?:同步|沟通|对一下|跟进|说|聊)"
    r"(?:给?(?:客户|你|您|大家|你们))?[。!.]?"
    r"|有事(?:微信|电话|钉钉)?(?:找|联系|叫)我[。!.]?"
    # an org-mode entry's heading and its drawer (:properties: … :end:), a questionnaire's question,
    # a mail client's signature note
    r"|\*+[^\S\n]+(?:todo|done|next|waiting|wait)\b[^\n]*|scheduled:[^\n]*|deadline:[^\n]*|:[a-z_-]{2,20}:(?:[^\S\n][^\n]*)?"
    r"|第[^\S\n]*\d+[^\S\n]*题[^\n]*|签名由[^\S\n]*[^\n]{2,12}?[^\S\n]*定制"
    # a name signed under a dash (—— 程浩轩), a fax's header word, a blog post's lines (版权声明, 阅读量,
    # 分类专栏, 某某 于 xdate 发布), a calendar file's lines (begin:vevent, dtstart:, location:)
    r"|(?:——|—|--)[^\S\n]*[\u4e00-\u9fff]{2,4}"
    r"|版权声明[^\n]*|分类专栏[^\S\n]*:[^\n]*|阅读(?:量|数)?[^\S\n]*\d+[^\n]{0,30}"
    r"|[^\n]{1,12}[^\S\n]于[^\S\n]*xdate[^\S\n]*(?:发布|修改|更新|编辑)[^\n]{0,10}"
    r"|(?:begin|end):v(?:event|calendar|todo|alarm)"
    r"|(?:dtstart|dtend|dtstamp|uid|location|organizer|attendee|sequence|rrule)(?:;[^:\n]*)?:[^\n]*"
    # a note that the text was copied, a mail's auto-reply and the quoted mail's heading
    r"|[(（]?以上(?:为|是)?(?:复制|粘贴|转发)的?内容[)）]?|自动回复[^\S\n]*:[^\n]*|>?[^\S\n]*原邮件(?:内容)?[^\S\n]*:"
    # an approval's title, headings, steps and buttons (闫某提交的通用审批, ● 吕某 审批中, [同意] [拒绝])
    r"|[\u4e00-\u9fff]{2,4}提交的[^\n]{0,12}(?:审批|申请)|申请内容|审批流程|流程"
    r"|[●○◉][^\S\n]*[\u4e00-\u9fff]{2,4}[^\S\n]*(?:发起申请|审批中|已同意|同意|待审批|已审批|抄送)[^\n]{0,20}"
    # a CRM's timeline and card (某某 拨打了客户电话(64秒), 添加了跟进记录:, 客户等级 a)
    r"|[^\n]{0,30}拨打了?(?:客户|用户)?的?电话[^\S\n]*\(\d+[^\S\n]*(?:秒|分钟?|s|min)\)"
    r"|[^\n]{0,30}添加了跟进记录[^\S\n]*:?|[^\n]{0,30}商机阶段变更为[^\n]{0,12}"
    r"|(?:客户名称|客户等级|客户编号|客户来源|客户类型|最近联系|最近跟进|负责销售|所属行业)[^\S\n]+[^\n]{1,40}"
    # a shell's prompt and a job's end (the lines of a script run), a letter's attachment number
    # and place for its seal, a work report's headings and the tasks it lists as done (本周工作,
    # 1. 完成某某公司服务器迁移)
    r"|\$(?:[^\S\n]+[a-z][^\n]*)?|(?:job|build|pipeline|task)[^\S\n]+(?:succeeded|passed|finished|completed|done)[.!]?"
    r"|附件[^\S\n]*[\d一二三四五六七八九十]{1,3}|[(（]?(?:单位)?(?:盖章|签章|公章|签字盖章|盖章处)[)）]?"
    r"|(?:本周|上周|今日|今天|本月|当日)(?:工作|总结|进展|完成|小结)[^\n]{0,20}|(?:下周|明日|明天|下月)(?:计划|工作|安排)[^\n]{0,30}"
    r"|(?:\d+[.、)][^\S\n]*)?完成[^\n]{2,30}"
    # a site's title and its way back (工业和信息化部政务服务平台, icp/ip地址/域名信息备案管理系统, 返回首页),
    # a fax's cover, a list of records' heading (备案记录), a screenshot's caption and marks (【截图6】…,
    # 红框处为…), the heading of a quoted reply (最近一条回复:)
    r"|[^\n]{0,24}?(?:政务服务平台|备案管理系统)|返回(?:首页|列表|上一页)?"
    r"|传[^\S\n]*真(?:[^\S\n]*fax)?|fax|(?:备案|审核|操作|历史|沟通|跟进|回访)记录[^\S\n]*:?"
    r"|[【\[]截图[^\S\n]*\d{0,3}[】\]][^\n]{0,40}|[(（]?红框处?[^\n]{0,20}?[)）]?|最近一条回复[^\S\n]*:?"
    # a colleague's word that updates follow (同步一下今天的情况:), a request to call back, the
    # headings of meeting minutes and a stand-up and a meeting's place, people and topics (会议纪要,
    # 参会人:…, 今日站会; a stand-up's 今天: and a meeting's 结论: can hold the message)
    r"|[^\n]{0,6}?同步(?:一下)?[^\n]{0,6}?(?:情况|进展|进度)[^\S\n]*:?"
    r"|(?:有空|方便)(?:的话)?(?:给我)?回(?:个|一下)?电话[^\n]{0,4}"
    r"|会议纪要|(?:今日|今天|每日)?站会[^\n]{0,12}|(?:参会人|与会人员|地点|议题[一二三四五六七八九十\d]*)"
    r"[^\S\n]*:[^\n]{0,40}")
#: A row of two or more buttons, each an action with perhaps its object ([同意] [拒绝] [转交],
#: [查看订单] [转交] under a bot's card): 拒绝 there is a button, not a finding of the message's.
_BUTTONS = re.compile(r"(?:[\[【][^\S\n]*(?:同意|拒绝|驳回|退回|转交|加签|评论|查看|指派|回复|编辑|删除|复制|导出|关闭|"
                      r"确定|取消|分享|忽略|展开|收起|下载|打开|前往|去处理|立即处理)[^\[\]【】\n]{0,6}?[^\S\n]*[\]】][^\S\n]*){2,}")
#: A spreadsheet's formula beside a message (=HYPERLINK("…","No.7019"), =TODAY()-DATE(2024,12,24)).
_FUNCTION_CALL = r"[a-z]{2,12}\((?:[^()\n]|\([^()\n]*\))*\)"  # its arguments may hold a call of their own
_FORMULA = re.compile(rf"(?<![^\s])={_FUNCTION_CALL}(?:[-+*/&]{_FUNCTION_CALL})*")
#: A field's English name (a word or two) glued before its Chinese one at the start of a line
#: (order no.订单号:, status 状态:): the Chinese key is read as the record's.
_GLOSSED_KEY = re.compile(r"(?<![^\n])[^\S\n]*(?=[a-z]{5}|[a-z]{2,12}[. ][a-z])[a-z]{2,12}(?:[. ][a-z]{1,10})?\.?"
                          r"[^\S\n]?(?=[\u4e00-\u9fff]{2,8}[^\S\n]*:)")
_GLOSSED_KEY_GATE = re.compile(r"[a-z.][^\S\n]?[\u4e00-\u9fff]")
#: A mention of everyone in a group chat (@所有人: 所有人 is a holder's word in a message).
_MENTION_ALL = re.compile(r"@(?:所有人|全体成员|all|everyone)")
#: A notebook's prompt before what a cell printed (out[7]: …).
_NOTEBOOK_OUT = re.compile(r"(?<![^\n])[^\S\n]*out[^\S\n]*\[\d*\]:[^\S\n]*")
#: An issue's title line (备案状态同步 #817) above its page's line of who opened it.
_ISSUE_TITLE = re.compile(r"[^\n]{1,40}#\d+")


def _is_chrome(line: str) -> bool:
    """Whether a line (stripped) is a page's chrome (``_CHROME_LINE``, a row of short items apart
    by ``_CHROME_SPLIT``, a row of buttons, or a list's row of values and statuses)."""
    if _CHROME_LINE.fullmatch(line):
        return not finds_fault(line)
    items = _CHROME_SPLIT.split(line)
    if len(items) >= 2 and all(_CHROME_ITEM.fullmatch(item) for item in items):
        # a table's header row that names the message's column (订单编号  主体名称  审核意见) is read
        # with its rows (``_drop_table_rows``)
        return not finds_fault(line) and not any(_MESSAGE_COLUMN.fullmatch(item) for item in items)
    if _BUTTONS.fullmatch(line):
        return True
    tokens = line.split()
    return (len(tokens) >= 2 and _ROW_ANCHORS.search(line) is not None
            and any(_ROW_STATUS_TOKEN.fullmatch(t) for t in tokens)
            and all(_ROW_TOKEN.fullmatch(t) for t in tokens))


def _heads_rows(lines: list[str], drop: list[bool], start: int) -> bool:
    """Whether the lines from ``start`` to the next blank line (or the end) are all dropped."""
    for line, gone in zip(lines[start:], drop[start:], strict=True):
        if not line.strip():
            return True
        if not gone:
            return False
    return True


def _drop_chrome_lines(text: str) -> str:
    """``text`` without its lines of a page's chrome (``_is_chrome``), an issue's title line above
    the line of who opened it, a heading over rows that all go and a notebook's output prompts;
    the whole text where nothing else with words is left."""
    if "out" in text:
        text = _NOTEBOOK_OUT.sub("", text)
    lines = text.split("\n")
    drop = [_is_chrome(line.strip()) for line in lines]
    for i in range(len(lines) - 1, 0, -1):
        above = lines[i - 1].strip()
        if not drop[i] or drop[i - 1] or finds_fault(above):
            continue
        # an issue's title above who opened it; a heading (同批次其他订单:) above the rows it heads
        if "opened this" in lines[i] and _ISSUE_TITLE.fullmatch(above) \
                or above.endswith(":") and _heads_rows(lines, drop, i):
            drop[i - 1] = True
    if not any(drop):
        return text
    kept = [line for line, gone in zip(lines, drop, strict=True) if not gone]
    return "\n".join(kept) if any(_WORD_LIKE.search(line) for line in kept) else text


#: A column's name in a table's header row beyond the record keys (备案类型, 省份, 驳回次数,
#: order_id, submitted at): a few Chinese characters or up to three words, negating nothing.
_COLUMN_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}|[a-z][a-z_]{1,24}(?: [a-z][a-z_]{0,14}){0,2}")
_NEGATION = re.compile(r"[不未无非没错缺误]")
#: The column that holds the message (驳回原因, 审核意见, reason, msg, bureau comments).
_MESSAGE_COLUMN = re.compile(rf"(?:{_BODY_KEYS}|[\u4e00-\u9fff]{{0,6}}(?:原因|意见|反馈)"
                             r"|(?:[a-z]+[ _]){0,2}(?:feedback|comments?|notes?|reason|opinion))")
#: A header cell named in two languages (订单号/order id, 驳回原因 rejection reason): its names.
_BILINGUAL_CELL = re.compile(r"[^\S\n]*/[^\S\n]*|(?<=[\u4e00-\u9fff])[^\S\n]*(?=[a-z])"
                             r"|(?<=[a-z])[^\S\n]*(?=[\u4e00-\u9fff])")
#: A record's key whose value is a message (a message column's name anywhere in it, 备注, 说明,
#: an approval's 事由):
#: what stands under it on the next line is kept (``_drop_vertical_records``).
_HEADS_MESSAGE = re.compile(rf"备注|说明|事由|{_MESSAGE_COLUMN.pattern}")
_TABLE_SEPARATOR = re.compile(r"[|:\- ]+")


def _drop_signature(m: re.Match[str]) -> str:
    """A signature (``_SIGNATURE``) gone unless it finds fault; a "--" that closes a line opened
    by "--" (a log's ``-- Logs begin at … --``, a forwarded mail's rule) is no signature's mark."""
    line = m.string[m.string.rfind("\n", 0, m.start()) + 1:m.start()]
    return m.group() if line.lstrip().startswith("--") or finds_fault(m.group("sig")) else ""


#: A record's key on a line of its own, its value on the next, as a console page copied from a
#: browser gives them (订单号⏎6225…⏎订单类型⏎备案⏎提交时间⏎xdate).
_VERTICAL_KEY = re.compile(rf"(?:{_RECORD_KEYS}|{_CONTACT_KEY}|(?:订单|备案|审核)(?:类型|状态))[^\S\n]*:?")
#: The longest value such a record's line holds.
_VERTICAL_VALUE_MAX = 24


def _drop_vertical_records(text: str) -> str:
    """``text`` without the records set out a key a line and its value on the next
    (``_VERTICAL_KEY``), where the value is short and names no problem and the key heads no
    message (备注:⏎翻拍屏幕 stays)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        key = lines[i].strip().rstrip(":").strip()
        if i + 1 < len(lines) and _VERTICAL_KEY.fullmatch(key) and not _HEADS_MESSAGE.search(key):
            value = lines[i + 1].strip()
            if value and len(value) <= _VERTICAL_VALUE_MAX and not names_a_problem(value):
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return "\n".join(out) if len(out) < len(lines) else text


def _cells(line: str, sep: str) -> list[str]:
    """The cells of a table's line (a bar table's outer bars bound no cell; a quoted cell as a
    CSV file quotes it, where the line's quotes pair up)."""
    if '"' in line and sep != "|" and not line.count('"') % 2:
        with contextlib.suppress(csv.Error):
            return [c.strip() for c in next(csv.reader([line], delimiter=sep))]
    if sep == "|":
        line = line.strip()
        line = line[1:] if line.startswith("|") else line
        line = line[:-1] if line.endswith("|") else line
    return [c.strip() for c in line.split(sep)]


def _read_tables(text: str) -> str:
    """``text`` with each table of a header row and rows under it (cells between tabs, bars or
    commas) read by its header: a row is the cells of its message columns (驳回原因, 审核意见,
    reason), the others (客户名称, 备案类型, 省份 …) are what the row is about, no reason. Lines
    with fewer cells than the header continue the row above (a message over several lines); a
    row with more cells (commas inside an unquoted message) gives the message columns the
    surplus. A blank line or a line that is no row ends the table; text without such a header
    stays as it is."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        found = _table_header(lines[i])
        i += 1
        if found is None:
            out.append(lines[i - 1])
            continue
        sep, header, message = found
        while i < len(lines) and lines[i].strip() and _table_header(lines[i]) is None:
            cells = _cells(lines[i], sep)
            if len(cells) < len(header):
                break  # no row: the table has ended
            row = [lines[i]]
            i += 1
            if len(cells) == len(header) and _TABLE_SEPARATOR.fullmatch(row[0].strip()):
                continue  # |---|---| under a bar table's header
            while i < len(lines) and lines[i].strip() and _table_header(lines[i]) is None \
                    and len(_cells(lines[i], sep)) < len(header):
                row.append(lines[i])
                i += 1
            out.extend(_row_message(_cells("\n".join(row), sep), len(header), message, sep))
    return "\n".join(out)


def _row_message(cells: list[str], width: int, message: list[int], sep: str) -> list[str]:
    """The message of a table's row: the cells of its message columns (of a header ``width``
    cells wide), the surplus of a longer row going to them; and a line run on into another
    column that finds fault (a message the table did not hold)."""
    if len(cells) == width:
        kept = [cells[k] for k in message]
    else:
        first, end = message[0], len(cells) - (width - 1 - message[-1])
        kept = [sep.join(cells[first:end])]
        cells = cells[:first] + [""] + cells[end:]
        message = [first]
    for k, cell in enumerate(cells):
        if k not in message and "\n" in cell:
            kept.extend(line for line in cell.split("\n")[1:] if finds_fault(line))
    return [c.strip() for c in kept if c.strip()]


def _table_header(line: str) -> tuple[str, list[str], list[int]] | None:
    """The separator, cells and message columns of a table's header row: three or more cells
    separated by tabs, bars, commas or semicolons, each a field's or column's name (perhaps in
    two languages), one of them or more the message's (``_MESSAGE_COLUMN``); None for any other
    line. (Columns aligned by spaces, as pandas prints them, are not read: masking values moves
    their cells.)"""
    sep = ("\t" if "\t" in line else "|" if line.count("|") >= 2 else "," if "," in line
           else ";" if line.count(";") >= 2 else None)
    if sep is None:
        return None
    cells = _cells(line, sep)
    names = [_cell_names(c) for c in cells]
    if len(cells) < 3 or not all(_is_column(n) for cell in names for n in cell):
        return None
    message = [i for i, cell in enumerate(names) if any(_MESSAGE_COLUMN.fullmatch(n) for n in cell)]
    return (sep, cells, message) if message else None


def _cell_names(cell: str) -> list[str]:
    """A header cell's names: each language's where it is named in two (``_BILINGUAL_CELL``)."""
    if cell.isascii() or not _LATIN_WORD.search(cell):
        return [cell]
    return [name for name in _BILINGUAL_CELL.split(cell) if name] or [cell]


def _is_column(name: str) -> bool:
    """Whether a header cell's name is a field's or a column's (``_table_header``)."""
    return bool(_MESSAGE_COLUMN.fullmatch(name) or _HEADER_CELL.fullmatch(name)
                or (_COLUMN_NAME.fullmatch(name) and not _NEGATION.search(name)))


def _drop_table_rows(text: str) -> str:
    """``text`` without the lines of a table (opening and closing with |) whose cells are all
    field names, values, dashes or empty, and without an export's header rows (``_is_header_row``):
    a table of contact data before or after a message."""
    lines = text.split("\n")
    kept = [_beside_row(line) for line in lines if not _is_contact_row(line.strip()) and not _is_header_row(line)]
    return "\n".join(kept) if len(kept) < len(lines) or kept != lines else text


def _beside_row(line: str) -> str:
    """A line that is a message run on to a table row of contact data (``| 电话 | xphone | 域名
    未实名``, or the message first: ``域名未实名 | 字段 | 值 |``) as the message alone; so is a row
    of an export whose other cells are values, a person's name or the verdict (``| xnum | 龚*国 |
    已驳回 | 手机号码为空号 |``, cells between tabs)."""
    cell = _message_cell(line)
    if cell is not None:
        return cell
    if "|" not in line or line.count("|") < 3:
        return line
    first, last = line.index("|"), line.rindex("|")
    row, rest = (line[:last + 1].strip(), line[last + 1:]) if line.lstrip()[0] == "|" else \
        (line[first:].strip(), line[:first])
    return rest if rest.strip() and _is_contact_row(row) else line


#: A cell of an export row beside the message: empty, a value, dashes, a field name, a person's
#: name (a surname first, or masked), a ticket's state or the verdict.
_VALUE_CELL = re.compile(
    rf"(?:(?:{_KEY}|{_RECORD_KEYS})[^\S\n]*(?:[:=][^\S\n]*)?)?(?:x[a-z]+|[\d\W_]+|[{_SURNAMES}]{_NAME_CHAR}{{1,2}}|{_MASKED_NAME}"
    rf"|{_CLOSED_VALUE}|(?:已|被)?(?:驳回|退回|不通过|未通过)|rejected|returned)?")
#: The fewest characters of the one cell that is kept as the message.
_MESSAGE_CELL_MIN = 6


def _message_cell(line: str) -> str | None:
    """The one cell of a row (cells between bars, or between two tabs or more) that holds the
    message, when every other cell is a value (``_VALUE_CELL``); None otherwise."""
    sep = "\t" if line.count("\t") >= 2 else "|" if line.count("|") >= 3 else None
    if sep is None:
        return None
    cells = [c.strip() for c in line.split(sep)]
    words = [c for c in cells if c and not _VALUE_CELL.fullmatch(c)]
    if len(words) != 1 or len(words[0]) < _MESSAGE_CELL_MIN or len(cells) - cells.count("") < 3:
        return None
    return words[0]


def _is_contact_row(row: str) -> bool:
    return (len(row) > 1 and row[0] == row[-1] == "|"
            and all(not c.strip() or _TABLE_CELL.fullmatch(c.strip()) for c in row[1:-1].split("|")))


_META_OPENING = re.compile(rf"[^\w\n]*(?:{_KEY}|{_META_WORDS}|{_SIGN_OFF})")
#: Field names and metadata words (first characters: those of the contact fields, of the
#: metadata words and of a JSON key's quote; a test checks the guard).
_META_NAMES = _guarded(
    "[" + "".join(sorted({w[0] for w in _META_WORD_ALTS.split("|")})) + _CONTACT_FIRST[1:-1] + "'\"]",
    f"{_KEY}|{_META_WORDS}")
_TEAM_NAMES = re.compile(_TEAMS)
_META_VALUES = re.compile(r"x(?:v?phone|idnum|email|num|date)\b|\d+[年月日号时分秒]|[a-z]{1,4}\d+|[\d\W_]")
#: Words glued to a field name (手机号校验失败, 证件反光) say something about the field (a
#: provider's name before the team that signs does not).
_GLUED = re.compile(r"\x01[^\W\d_]|[^\W\d_]\x01")
_NAME_ONLY = re.compile(rf"\s*{_NAME}\s*")
_LONG_RUN = re.compile(r"[^\W\d_]{5,}")
_LATIN_WORD = re.compile(r"[a-z]{2,}")
_VALUE_HINT = re.compile(r"\d|\bx[a-z]|\*")


def _follows_field(before: str) -> bool:
    """Whether the piece before is a field name or a metadata word (a name may follow it)."""
    return bool(before.strip()) and bool(_META_OPENING.match(before))


def _is_metadata(piece: str, before: str) -> bool:
    """Whether a piece of a text's tail is metadata: it opens with a field name or a metadata
    word and what else it holds is values and short names, or it is a bare value, or a name
    right after a field (the piece ``before`` it)."""
    if not piece.strip():
        return True
    opening = _META_OPENING.match(piece)
    if not (opening or _VALUE_HINT.search(piece)) and _WORD_LIKE.search(piece) \
            and (len(piece) > 8 or not _follows_field(before)):
        return False  # words without a field name, a value or a field before them (most reasons)
    if _STATES_A_PROBLEM.search(piece):
        return False
    named = _META_NAMES.sub("\x01", _TEAM_NAMES.sub("\x02", piece))
    if _GLUED.search(named):
        return False
    rest = _META_VALUES.sub(" ", named)
    if _LONG_RUN.search(rest) or _LATIN_WORD.search(rest):
        return False  # a run of words, or a word in Latin script (mobile dup): it says something
    if opening or not _WORD_LIKE.search(rest):
        return True
    return bool(_NAME_ONLY.fullmatch(rest)) and _follows_field(before)


#: The emoji (pictographs, dingbats and miscellaneous symbols) that may mark a record's line.
_EMOJI = "\U0001f300-\U0001faff\u2600-\u27bf"


#: Records of a ticket, CRM, mail or log system around a message (工单号:… | 处理人:… | 状态:…,
#: 发件人:/收件人:/主题: lines, case id / owner / priority): a key of such a system, a colon and a short
#: value that says nothing is wrong, as a line, as a cell between bars, or one after another on a
#: line. Only at the start of a line or cell, so that a reason's own words (网站状态:关闭) stay
#: unless they stand as a record of their own; and only beside other words: records alone (订单号…
#: | 状态:已提交管局) are the message.
#: A record opens a line or a cell (after |, ; or ·; a quote or list mark may come first: > 工单：…).
#: Every character a record can start with: space, a list mark, the first of a key (a test
#: checks the guard changes nothing).
_RECORD_FIRST = (r"[\s>*•\-a-z工客处优最跟创更关发收抄主日时审初复管节区地渠来标附所操内当结提状备到实账本自"
                 rf"服产下负订应支付金成截列回接通问申满{_EMOJI}]")
#: What may mark a record's line before its key: a quote or list mark, or an emoji as note apps
#: and chat cards put there (📌 状态: 进行中, 👤 负责人: …).
_RECORD_MARK = f"(?:[>*•-]|[{_EMOJI}]\ufe0f?)"
_RECORD = _guarded(_RECORD_FIRST,
    rf"(?:^|(?<=[\n|;·\t])|(?<=[^\S\n])(?=(?:{_RECORD_KEYS})[^\S\n]*[:=][^\n]{{0,48}}(?:\n|$)))"
    rf"[^\S\n]*(?:{_RECORD_MARK}[^\S\n]*)?(?P<key>{_RECORD_KEYS})[^\S\n]*[:=][^\S\n]*"
    rf"(?:(?P<closed>{_CLOSED_VALUE})(?=[^\S\n]+[^\s:=a-z])|(?P<value>[^\n|;·\t]{{0,48}}?)[^\S\n]*"
    rf"(?=[\n|;·\t]|$|[^\S\n]+(?:{_RECORD_KEYS}|{_BODY_KEYS})[^\S\n]*[:=]))")
#: What a record in brackets opens with (a cheap test before the pass).
_BRACKET_RECORD_GATE = re.compile(rf"[【\[][^\S\n]*(?:{_RECORD_KEYS})")
#: How many records one after another on a line are removed (工单号:… 优先级:… 处理人:… 网站名称不合格).
_RECORDS_ON_A_LINE = 8
#: The same records in brackets of their own inside a line (…【节点:初审】【结果:驳回】), or as a
#: bracketed key that opens a line with its value after it (【审批节点】初审 / 【提交人】张*).
_BRACKET_RECORD = re.compile(
    rf"[【\[][^\S\n]*(?P<key>{_RECORD_KEYS})[^\S\n]*[:=][^\S\n]*(?P<value>[^\n\]】\[【]{{0,48}}?)[^\S\n]*[\]】]"
    rf"|(?:^|(?<=\n))[^\S\n]*[【\[](?P<line_key>{_RECORD_KEYS})[\]】][^\S\n]*(?P<line_value>[^\n]{{0,48}}?)[^\S\n]*(?=\n|$)")


#: Fields that name a category's topic with a value that states no problem: the filing's type
#: (备案类型:首次备案), an account's verification (实名认证:企业认证), the subject's kind
#: (主体性质:个人), a phone's or a place's location (来电号码 xphone 归属地 杭州, province: 浙江). They
#: open a line or a cell (or follow a phone number) and their value ends it, or another field
#: follows (归属地 杭州 坐席 a88993, province=浙江 result=reject, 主体性质:个人  提交时间:…); a value
#: with a problem word (归属地:外省) stays.
_TOPIC_RECORD_GATE = re.compile(r"备案类型|认证|归属地|性质|province|city")
_TOPIC_RECORD = re.compile(
    r"(?:^|(?<=[\n|;·\t])|(?<=xphone )|(?<=xvphone )|(?:(?<=xnum )|(?<=\d ))(?=(?:号码)?归属地)"
    r"|(?<=[^\S\n])(?=(?:province|city)=))[^\S\n]*(?:[>*•-][^\S\n]*)?(?:"
    r"备案类型[^\S\n]*(?:[:=][^\S\n]*)?(?P<type>(?:首次|新增|接入|变更|注销|取消|无主体|有主体)[^\s,;|]{0,8})"
    r"|(?:账号)?(?:实名认证|实名状态|认证状态|认证类型)[^\S\n]*(?:[:=][^\S\n]*)?"
    r"(?P<verified>已认证|已实名|已完成|已通过|通过|(?:企业|个人|单位)(?:实名)?认证(?:\([^()\n]{0,30}\))?)"
    r"|(?:主体|单位|主办单位|主办者)性质[^\S\n]*(?:[:=][^\S\n]*)?(?P<nature>个人|企业|单位|个体工商户|事业单位|政府机关|社会团体|"
    r"民办非企业单位|基金会|律师执业机构|其他)"
    r"|(?:号码)?归属地[^\S\n]*(?:[:=][^\S\n]*)?(?P<place>[^\s,;|:=]{2,12})"
    r"|(?:province|city)[^\S\n]*[:=][^\S\n]*(?P<where>[^\s,;|:=]{2,12}))"
    r"[^\S\n]*(?=$|[\n|;·\t]|[^\S\n]+[a-z_]{2,20}=|[^\S\n]+[\u4e00-\u9fff]{2,4}[^\S\n]*(?::[^\S\n]*)?(?:x[a-z]+|[a-z]*\d)"
    r"|[^\S\n]{2,}[\u4e00-\u9fff]{2,6}[^\S\n]*:)")



#: A line of an operation log: a time and an IP with an operator's name and an action in a few
#: words (jinjiu 查看订单 xdate xip, system 推送通知 xdate xip); dropped where it names no problem.
_OPERATION_LINE = re.compile(r"(?<![^\n])(?=[^\n]*xdate)(?=[^\n]*xip)[^\n]{0,60}(?=\n|$)")
#: Its Chinese is an action in a few words.
_OPERATION_WORDS_MAX = 6


def _drop_operation_line(match: re.Match[str]) -> str:
    line = match.group()
    few = len(_HAN.findall(line)) <= _OPERATION_WORDS_MAX
    return "" if few and not names_a_problem(line) and not _FOUND.search(line) else line


def _drop_topic_record(match: re.Match[str]) -> str:
    value = match["type"] or match["verified"] or match["nature"] or match["place"] or match["where"] or ""
    return match.group() if _STATES_A_PROBLEM.search(value) else ""


#: A markdown heading over further lines (### 备案工单同步): a title, unless it finds a fault (### 驳回原因).
_HEADING = re.compile(r"(?:^|(?<=\n)|(?<=[^\S\n]))[^\S\n]*#{1,6}[^\S\n]+(?P<title>[^\n]*)\n(?=[^\S\n]*\S)")


def _drop_heading(match: re.Match[str]) -> str:
    return match.group() if _FINDING.search(match["title"]) else ""


#: A status is a ticket's or CRM's (dropped) only with one of their states; a filing's status
#: (status=approved, 状态:初审中) can be the whole message and stays.
_STATUS_KEY = re.compile(r"(?:工单|当前|处理)?状态|status")
_REMARK_KEY = re.compile(r"(?:内部|客服|跟进)?备注")
_TICKET_STATE = re.compile(_TICKET_STATES)


#: A record's value that only says the filing was sent back, perhaps after the steps it went
#: through or with its order (初审 → 驳回, 退回发起人, ICP备案驳回-订单 xnum, rejected): the message
#: beside it says why, so it goes like any record.
_VERDICT_FILLER = re.compile(r"x(?:num|date)\b|icp|备案|订单|申请|工单|通知|your|filing|application|order|was|has been|"
                             r"\b(?:is|been)\b|[\s\-_:#()/]")
_VERDICT = re.compile(r"(?:[^\s→>]{1,10}?(?:→|->|>))*(?:已|被)?(?:管局|审核|初审|复审)?"
                      r"(?:驳回|退回|不通过|未通过|拒绝)(?:发起人|申请人|给?客户|修改)?|rejected|returned|declined|denied")


#: A value of placeholders, digits and punctuation alone.
_BARE_VALUE = re.compile(r"(?:x[a-z]+\b|[\d\W_])*")
_CLOSED = re.compile(_CLOSED_VALUE)


def _is_verdict(value: str) -> bool:
    return bool(_VERDICT.fullmatch(_VERDICT_FILLER.sub("", value)))


#: A call-back record's value that the call went through (接通情况:已接通, 回访结果:已告知客户):
#: 接通 is a phone problem's word only where it failed.
_CALL_MADE = re.compile(r"(?:已|正常)(?:接通|接听|联系|告知|回访|通知)(?:客户|用户|申请人)?")


def _drop_record(match: re.Match[str]) -> str:
    """A system record (``_RECORD``, ``_BRACKET_RECORD``) goes unless its value finds a fault
    (管局:不通过 beside nothing else, 结果:域名未实名), it is a status other than a ticket's, or it is
    a remark that reports no step done (备注:请上传…). A value that only says the filing was sent
    back (``_is_verdict``) or that a call went through (``_CALL_MADE``) goes."""
    found = match.groupdict()
    key, value = found.get("key") or found["line_key"], found.get("value") or found.get("line_value") or ""
    if found.get("closed") or _is_verdict(value) or _CALL_MADE.fullmatch(value.strip()):
        return ""
    if key.endswith("节点") and not _FINDING.search(value):
        return ""  # a step's name (短信核验, 管局审核) says where the order stood, not what was wrong
    start = match.start()
    if start and match.string[start - 1] in " \u3000" and match.re is not _BRACKET_RECORD:
        # after a space on a message's line: only a value that says nothing (xdate, 已发短信通知)
        history = _REMARK_KEY.fullmatch(key) and value.lstrip().startswith("已") and not _FINDING.search(value)
        said_nothing = _BARE_VALUE.fullmatch(value.strip()) or _CLOSED.fullmatch(value.strip())
        return "" if history or said_nothing else match.group()
    if _FINDING.search(value) or _STATES_A_PROBLEM.search(value):
        return match.group()
    if _STATUS_KEY.fullmatch(key) and not _TICKET_STATE.fullmatch(value.strip()):
        return match.group()
    if _REMARK_KEY.fullmatch(key) and not value.lstrip().startswith("已"):
        return match.group()  # a remark may give the reason; one that reports a step done (已同步…) is history
    return ""


#: The words of a page's or a card's counters (赞 · 评论 3, 检查项 2/4, 赞同 41 添加评论).
_COUNTER_WORDS = "赞同|赞|点赞|添加评论|评论|收藏|分享|转发|浏览|阅读|已读|未读|检查项|子任务"


#: Mail, page and chat boilerplate around a message: a forwarded or quoted mail's marker line, a
#: mail's confidentiality notice (the sentences about the mail that follow its opening), a page's
#: copyright line, "sent from my phone", a console's internal note on a call made (【内部备注】已电话
#: 联系客户…) that finds no fault, an SMS's opt-out tail (回复TD退订) and a provider's SMS that an
#: order's status changed, a file attached at the end of its line (附件:截图6.png (343kb)), an
#: approval flow's steps (发起(张三 15:21)→ 部门负责人(李四 已同意)) unless one finds fault, a chat
#: export's time and speaker ([上午 9:41] 王小明:), a chat group's notices (…加入了群聊,
#: …撤回了一条消息), a page's or a card's counters (赞 · 评论 3, 检查项 2/4), a work plan's line
#: (下周计划:…) and a report's line of order counts (新增备案订单 32 单,完成 34 单), an operation
#: log's title and its lines of a time and an IP, a record block's heading line (备案服务器信息)
#: and the key that heads the message at a line's start (内容:, 跟进内容:). None of them says why
#: a filing was sent back.
#: The extensions of files attached to a ticket or a chat (their names are no reason).
_FILE_EXT = r"(?:png|jpe?g|gif|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|7z|txt|csv)(?![a-z])"
#: One attached file: its name (a masked date or number inside it) and perhaps its size.
_FILE = (r"(?:[^\s,;。!?、\]】)]|[^\S\n]x(?:date|num)[^\S\n]?){1,40}?"
         rf"\.{_FILE_EXT}(?:[^\S\n]*\(\d+(?:\.\d+)?[^\S\n]*[km]b\)|[^\S\n]+\d+(?:\.\d+)?[^\S\n]*[km]b(?![a-z]))?")
_MAIL_WORDS = r"邮件|收件人|发件人|附件|删除|保密|机密|转发|复制|泄露|散发|使用|妥善|保管|保存|通知"
_MAIL_WORDS_EN = r"confidential|intended|recipient|delete|notify|sender|privileged|addressee|error|prohibited"
#: An English sentence of such a notice: one that names the mail's confidentiality or its recipient.
_MAIL_SENTENCE_EN = rf"(?:[^\S\n]*[^\n.]*?(?:{_MAIL_WORDS_EN})[^\n.]*(?:\.|$))"
#: A support chat's speakers (the customer who asks, the agent who answers), a chat export's
#: markers of what is no text ([图片]) and a step's tick: written once for the pass and its gate.
_CUSTOMER = r"(?:客户|用户|访客|申请人)"
_AGENT = r"(?:客服|坐席|售后|技术支持)"
_CHAT_MARKER = r"\[(?:图片|表情|动画表情|语音|视频|链接|位置|名片)\]"
_TICK = r"[✓√✔]"
#: A stepper's marks of the current step and of those to come, and a step's name beside its mark.
_STEP_MARK = r"[○●◯◉]"
_STEP = r"[^\s✓✗√×✔✘○●◯◉]{2,12}"
#: The technical header lines of a mail (RFC 5322 and MIME) and the property keys of a page
#: (Notion, Teambition): never a message's own words at a line's start.
_MAIL_HEADER = (r"(?:return-path|message-id|mime-version|content-type|content-transfer-encoding|dkim-signature|"
                r"reply-to|in-reply-to|references|received|x-[a-z0-9-]{2,30})")
#: The header lines of an HTTP response pasted with a message (server: nginx), taken only
#: where the line holds no Chinese.
_HTTP_HEADER = (r"(?:server|date|content-length|connection|cache-control|set-cookie|vary|etag|expires|"
                r"strict-transport-security|access-control-[a-z-]+)")
_PAGE_PROPERTY = (r"(?:status|owner|assignee|reporter|due(?: date)?|priority|tags|created(?: time| by)?|"
                  r"last edited(?: time| by)?|domain)")
_MAIL_AND_PAGE = re.compile(
    # (a match starts at a line, a sentence or the first space of a run: tried inside a long run of
    # spaces, as a drawn table pads its cells, every start would try every alternative again)
    r"(?:^|(?<=[\n。!;.])|(?<=[^\S\n])(?<![^\S\n]{2}))[^\S\n]*(?:"
    r"-{2,}[^\S\n]*(?:转发的邮件|原始邮件|原邮件|forwarded message|original message)[^\S\n]*-{2,}"
    # a confidentiality notice: its sentences, each of them about the mail (never beyond a line)
    rf"|(?:本|此|该)邮件[^\n。!]{{0,30}}?(?:保密|机密|仅限|仅供|私人|专有|指定)[^\n。!]*[。!]?"
    rf"(?:[^\S\n]*[^\n。!]*?(?:{_MAIL_WORDS})[^\n。!]*[。!])*"
    rf"|(?:confidentiality notice|disclaimer)\s*:{_MAIL_SENTENCE_EN}+"
    rf"|this e-?mail (?:and any attachments? )?(?:is|are|may contain)[^\n.]*(?:\.|$){_MAIL_SENTENCE_EN}*"
    r"|(?:(?:copyright|\(c\))[^\S\n]*(?:©[^\S\n]*)?|©[^\S\n]*)\d{4}[^\n]{0,60}?(?:版权所有|all rights reserved\.?)"
    r"(?:[^\S\n]*xicp)?"
    r"|(?:发自|来自)(?:我的)?(?:iphone|ipad|android|(?:华为|荣耀|小米|红米|oppo|vivo|魅族|三星|苹果|安卓)?手机)"
    r"[^\S\n]*(?=\n|$)"
    # a page's or a card's counters on a line of their own after the text (赞 · 评论 3, 检查项 2/4, a
    # sheet's comment on a cell: 评论 e57)
    rf"|(?<=\n)[^\S\n]*(?:(?:{_COUNTER_WORDS})[^\S\n]*"
    r"(?:\(\d*\)|\d+(?:/\d+)?|[a-z]{1,2}\d{1,5})?"
    r"[^\S\n]*(?:[·|][^\S\n]*)?){1,6}(?=\n|$)"
    # a forum post's line of when and where it was posted (发布于 xdate · ip 属地北京)
    r"|(?<=\n)[^\S\n]*(?:发布于|编辑于|发表于|更新于)[^\S\n]*(?:xdate|[^\n]{0,12}?\d{1,2}:\d{2})"
    r"(?:[^\S\n]*(?:[·|][^\S\n]*)?ip[^\S\n]*属地[^\S\n]*(?::[^\S\n]*)?[\u4e00-\u9fff]{1,8})?[^\S\n]*(?=\n|$)"
    # the key that heads a message at a line's start (内容:, 跟进内容:, 短信内容:): its value is the message
    # (a mail's 正文: is left to the model, which has learnt it)
    rf"|(?<![^\n])[^\S\n]*(?:跟进|驳回|退回|短信|消息|邮件|通知|回复|审核|工单|来电|咨询|回访|通话|沟通)?(?:{_PLAIN_BODY_KEYS})[^\S\n]*:"
    r"(?=[^\S\n]*\S)"
    # the key before the text read off an image (图片文字:, 识别结果:)
    r"|(?<![^\n])[^\S\n]*(?:图片|截图|识别|ocr)[^\S\n]*(?:文字|内容|结果)[^\S\n]*:(?=[^\S\n]*\S)"
    # a heading line over the lines that follow (备案服务器信息, 主体信息:)
    r"|(?<![^\n])[^\S\n]*(?:备案|主体|网站|服务器|负责人|联系人|域名|订单|工单|资源|实例|接入|核验|证件|单位|基本|账号|客户|产品|审核)"
    r"{1,3}信息[^\S\n]*(?::[^\S\n]*)?(?=\n)"
    # an operation log's title line (操作日志 操作时间 ip; its lines go with ``_OPERATION_LINE``)
    r"|(?<![^\n])[^\S\n]*(?:操作日志|操作记录|审计日志|访问日志)[^\n不未无非没]{0,30}(?=\n)"
    # a report's line of order counts (- 本周新增备案订单 32 单,完成 34 单; 网站名称不合格 12 单 stays)
    r"|(?<![^\n])[^\S\n]*(?:(?:\d{1,2}[.、)]|[-*•])[^\S\n]*)?(?:(?:本周|本月|今日|今天|累计|共计?|新增|新提交|提交|完成|"
    r"通过|退回|驳回|审核中|待处理|处理中?|备案|订单|工单)[^\S\n]*)+\d+[^\S\n]*[单笔]"
    r"(?:[^\S\n]*[,;][^\S\n]*(?:(?:本周|本月|今日|今天|累计|共计?|新增|新提交|提交|完成|通过|退回|驳回|审核中|待处理|处理中?|"
    r"备案|订单|工单)[^\S\n]*)+\d+[^\S\n]*[单笔])*[^\S\n]*(?=\n|$)"
    # a work plan's line (下周计划:继续跟进未完成订单): what staff will do, no reason
    r"|(?<![^\n])[^\S\n]*(?:(?:\d{1,2}[.、)]|[-*•])[^\S\n]*)?(?:下周|本周|下月|本月|明日|今日|后续)(?:工作)?计划[^\S\n]*:[^\n]*(?=\n|$)"
    r"|(?:来自|发自)(?:网易邮箱大师|qq邮箱|网易邮箱|139邮箱|钉钉|企业微信|飞书)(?=\s|$)"
    # a support chat: the customer's question why or how far (on a line of its own), the agent's
    # name before the answer on a later line
    rf"|(?<![^\n])[^\S\n]*{_CUSTOMER}[^\S\n]*:[^\n]*?(?:为什么|为啥|什么原因|怎么回事|进度|怎么办|怎么处理|如何处理)[^\n]*(?=\n)"
    rf"|(?<=\n)[^\S\n]*{_AGENT}[^\S\n]*:(?=[^\S\n]*[^\n]{{6}})"
    # a chat export's marker of a picture, sticker, voice or file, perhaps in a quote of who sent it
    # or after the speaker's name opening its line (王敏:[图片])
    rf"|(?:[“\"「][^“”\"「」\n]{{1,12}}:[^\S\n]*|(?<![^\n])[^\S\n]*(?:回复[^\S\n]+)?[^\s:,;。!?“”\"「」]{{1,12}}:[^\S\n]*)?"
    rf"{_CHAT_MARKER}"
    r"(?:[”\"」])?"
    r"|sent from my (?:iphone|ipad|phone|mobile)"
    r"|[\[【](?:内部|客服|跟进)?(?:备注|跟进记录|沟通记录)[\]】][^\S\n]*已(?:电话|短信|邮件)?(?:联系|通知|告知|回访)"
    r"(?:客户|用户|申请人)[^\n不未无非没]{0,60}(?=\n|$)"
    # an SMS's opt-out tail, a file attached (its name and size), an approval flow's steps
    r"|(?:【[^】\n]{1,12}】[^\S\n]*)?(?:(?:拒收请?|退订请?)?回复?[^\S\n]*(?:td|t|r|n)[^\S\n]*(?:退订|拒收)"
    r"|回复[^\S\n]*(?:退订|拒收)(?!单)|(?:拒收|退订)请?回复?[^\S\n]*[a-z]{1,2}(?![a-z])"
    r"|reply[^\S\n]+(?:td|t|n|stop)[^\S\n]+to[^\S\n]+(?:unsubscribe|opt[- ]?out|stop)[.!]?)"
    # (a file name at the end of its line: 附件:营业执照.jpg 不清晰 names what is wrong)
    rf"|[\[【(]?(?:附件|\[文件\]|\[附件\]|attachments?)[^\S\n]*(?:\(\d+\))?[^\S\n]*(?::[^\S\n]*)?{_FILE}"
    rf"(?:(?:[^\S\n]*[,、;][^\S\n]*|[^\S\n]{{2,}}){_FILE})*"
    r"[^\S\n]*[\]】)]?(?=[^\S\n]*(?:\n|$))"
    # a list of attached files: its heading (附件(3):) and each line that is a file alone (📎 a.png 86kb)
    rf"|(?:附件|attachments?)[^\S\n]*(?:\(\d+\))?[^\S\n]*:[^\S\n]*(?=\n[^\S\n]*(?:📎[^\S\n]*)?{_FILE}[^\S\n]*(?:\n|$))"
    rf"|(?<![^\n])[^\S\n]*(?:📎[^\S\n]*)?{_FILE}[^\S\n]*(?=\n|$)"
    # a marketing mail's promotion line and its unsubscribe footer (不想再收到此类邮件?点此退订 | 隐私政策)
    r"|【(?:限时活动|限时优惠|限时特惠|优惠活动|新用户专享)】[^\n]*"
    r"|[^\n]{0,20}(?:点此|点击|一键)?退订[^\n]{0,10}\|[^\n]{0,40}(?:隐私|联系我们|帮助中心)[^\n]*"
    # a step list's steps done (验证备案类型 ✓): a step's name and its tick (a cross may mark the fault)
    # a progress stepper's steps (1 填写信息 ✓ 2 上传资料 ✓ 3 初审 ● 4 短信核验 ○, on one line or each on
    # a line of its own): done, current and to come, none crossed
    rf"|(?<![^\n])[^\S\n]*(?:(?:\d{{1,2}}[.、)]?[^\S\n]*)?{_STEP}[^\S\n]*(?:{_TICK}|{_STEP_MARK})"
    r"[^\S\n]*)+(?=\n|$)"
    # a notice that an order has news (备案订单有更新) and a board column's header (进行中 · 3), lines alone
    r"|(?<![^\n])[^\S\n]*(?:您的)?(?:icp)?(?:备案)?(?:订单|工单|申请)(?:状态|进度)?(?:有|已)(?:新的?)?(?:更新|变化|变动)"
    r"[^\S\n]*(?=\n|$)"
    r"|(?<![^\n])[^\S\n]*(?:待处理|进行中|处理中|已完成|待办|待跟进|跟进中|已关闭|to ?do|doing|done|in progress)"
    r"[^\S\n]*[·|][^\S\n]*\d+[^\S\n]*(?=\n)"
    rf"|{_STEP}[^\S\n]*{_TICK}(?=[^\S\n]*(?:\n|$))"
    # a mail's no-reply footer (please do not reply to this email. ticket … was updated by …)
    r"|(?:please )?do not reply (?:directly )?to this (?:e-?mail|message|notification)[^\n]*"
    r"|(?:(?:审批)?流程|审批记录)?[^\S\n]*(?::[^\S\n]*)?(?:[^\s→()]{1,12}[^\S\n]*\([^()\n不未无非没驳退拒]{0,30}\)[^\S\n]*→[^\S\n]*)+"
    r"[^\s→()]{1,12}[^\S\n]*\([^()\n不未无非没驳退拒]{0,30}\)"
    # a chat group's notices
    r"|(?:[^\s,;。!?不未无非没]{1,8}?[^\S\n]*)?(?:邀请[^\s,;。!?]{1,12}加入了群聊|加入了群聊|撤回了一条消息|退出了群聊|"
    r"修改了?群名称?(?:为[^\s,;。!?]{0,30})?)"
    # a provider's SMS that an order's status changed (【腾讯云】尊敬的客户:您好,您的备案订单状态已更新,请登录…查看)
    r"|【[^】\n]{1,12}】[^\S\n]*尊敬的[^\s,:;。!?]{0,12}[:,]?[^\S\n]*(?:您好[,!]?)?[^\n。!?不未无非没]{0,40}?"
    r"(?:状态|进度|进展)(?:已|有)?(?:更新|变更|变化)[^\n。!?不未无非没]{0,40}?(?:查看|处理|确认)[。!.]?"
    # a chat export's time and speaker ([上午 9:41] 王小明:)
    r"|\[(?:上午|下午|am|pm)?[^\S\n]*\d{1,2}:\d{2}(?::\d{2})?[^\S\n]*(?:am|pm)?\][^\S\n]*[^\s:,;。!?]{1,12}:"
    # a mail's technical header lines (content-type: text/plain; charset=utf-8), and a page's
    # property lines, a key and its value apart by two spaces or more (owner  @huarui; a value of
    # one or two words, or one with a digit such as a date): their
    # English words (content, owner, domain) are a category's words in a message
    rf"|(?<![^\n])[^\S\n]*{_MAIL_HEADER}:[^\n]*(?=\n|$)"
    rf"|(?<![^\n])[^\S\n]*(?:{_HTTP_HEADER}:|http/\d(?:\.\d)?[^\S\n])[^\n\u4e00-\u9fff]*(?=\n|$)"
    rf"|(?<![^\n])[^\S\n]*{_PAGE_PROPERTY}[^\S\n]{{2,}}(?:[^\s\u4e00-\u9fff]{{1,25}}(?:[^\S\n][^\s\u4e00-\u9fff]{{1,25}})?"
    r"|[^\s,;。!?:]{1,4}(?:,[^\S\n]*[^\s,;。!?:]{1,4}){0,4}"
    r"|(?=[^\n]*\d)[^\n\u4e00-\u9fff]{1,40})[^\S\n]*(?=\n|$)"
    r")")
_MAIL_AND_PAGE_GATE = re.compile(
    r"邮件|message|copyright|\(c\)|©|notice|disclaimer|e-?mail|do not reply|发自|来自|sent from|备注|记录|[发编]\S于|"
    rf"\n[^\S\n]*(?:{_COUNTER_WORDS})|计划[^\S\n]*:|\d[^\S\n]*[单笔]|日志|信息[^\S\n]*(?::[^\S\n]*)?\n|"
    rf"(?:{_PLAIN_BODY_KEYS}|文字|结果)[^\S\n]*:|"
    rf"群聊|群名|撤回|退订|拒收|unsubscribe|opt-?out|限时|优惠|新用户专享|\n[^\S\n]*(?:{_AGENT}|{_CUSTOMER})[^\S\n]*:|{_CHAT_MARKER}|"
    rf"\.{_FILE_EXT}|→|】[^\S\n]*尊敬的|\d\]|{_TICK}|{_STEP_MARK}|[有已](?:新的?)?(?:更新|变化|变动)|[·|][^\S\n]*\d+[^\S\n]*\n|{_MAIL_HEADER}:|{_HTTP_HEADER}:|http/\d|{_PAGE_PROPERTY}[^\S\n]{{2}}")


#: A console page's or a document's breadcrumb copied with the message (控制台 > icp备案 > 我的备案 >
#: 订单详情, 团队空间 / 客户交付 / 某某备案记录): three or more short steps opening a line, apart by > or
#: › (or a slash between spaces, then on a line of their own); dropped where none of its steps
#: finds a fault (``_drop_breadcrumb``).
_BREADCRUMB = re.compile(r"(?<![^\n])[^\S\n]*(?:(?:[^\s/>›]{1,20}[^\S\n]*[>›][^\S\n]*){2,}[^\s/>›]{1,20}(?=\s|$)"
                         # apart by slashes, a line of its own (身份证 / 护照 / 军官证 不符合要求 is a message)
                         r"|(?:[^\s/>›]{1,20}[^\S\n]+/[^\S\n]+){2,}[^\s/>›]{1,20}[^\S\n]*(?=\n|$))")


def _drop_breadcrumb(match: re.Match[str]) -> str:
    """A breadcrumb (``_BREADCRUMB``) unless a step finds a fault (域名 > 实名认证 > 未通过); no
    word of a finding spans the marks between steps, so the whole path is asked at once."""
    return match.group() if finds_fault(match.group()) else ""


_OPENER = {")": "(", "]": "[", "】": "【", "〕": "〔"}


def _drop_trailing_metadata(text: str) -> str:
    """``text`` without the metadata pieces at its end (see ``_is_metadata``)."""
    parts = _PIECE_SPLIT.split(text)  # piece, separator, piece, …, piece
    if len(parts) < 3:
        return text
    end = len(parts)
    while end > 2 and not _WORD_LIKE.search(parts[end - 1]) and not _DIGIT.search(parts[end - 1]):
        # what closes the text without words or values (separators, "}") goes only with metadata
        end -= 2
    closing = end
    while end > 2:
        piece = parts[end - 1]
        if not _is_metadata(piece, parts[end - 3] if end >= 5 else ""):
            break
        if end == closing and not parts[end - 2].strip() and not _ANY_VALUE.search(piece) \
                and not _META_VALUES.sub("", _META_NAMES.sub("", piece)).strip():
            break  # a field name alone after a space ends the words before it (not legal rep 负责人)
        end -= 2
    if end == closing or (end == 1 and _is_metadata(parts[0], "")):
        return text  # nothing to drop, or nothing but metadata
    kept = "".join(parts[:end]).rstrip(" \n,;|([【〔—:")
    for close in dict.fromkeys(c for c in parts[end] if c in _OPENER):  # brackets the kept part left open
        kept += close * max(0, kept.count(_OPENER[close]) - kept.count(close))
    return kept


#: The separators removed fields leave at either end of what remains.
_LEFT_OVER = " ,;:|、/\n"
#: In front of what remains, also the end of a removed sentence (如需协助，请拨打…。域名未实名).
_LEFT_IN_FRONT = _LEFT_OVER + "。!?"


#: A line left with nothing but the emoji that marked its records (📌 before 状态: 进行中).
_LONE_MARKS = re.compile(rf"(?<![^\n])[^\S\n]*(?:[{_EMOJI}]\ufe0f?[^\S\n]*)+(?:\n|$)")


def _tidy(text: str, stripped: str) -> str:
    """What is left of ``text`` once its contact data are removed (``stripped``), without the
    brackets they leave empty. A text that was only contact data stays whole, unless it opened
    or closed with something else, such as a placeholder ("/（负责人：张三）" and "手机：xphone /"
    become "/")."""
    stripped = _EMPTY_BRACKETS.sub("", stripped)
    if not stripped.isascii():
        stripped = _LONE_MARKS.sub("", stripped)
    if _WORD_LIKE.search(stripped):  # without the separators removed fields leave in front (":域名未实名")
        return stripped if text.lstrip()[:1] in _LEFT_IN_FRONT else stripped.lstrip(_LEFT_IN_FRONT)
    rest = stripped.strip()
    rest = rest.rstrip(_LEFT_OVER) or rest  # the separators the removed fields leave ("-; |")
    return rest if rest and (text.lstrip().startswith(rest) or text.rstrip().endswith(rest)) else text


#: Sentence ends and dashes that close a text carry nothing ("…请重新提交。" reads as "…请重新提交").
_TRAILING = " \n。.;!?,、—~-:|/"


def trim(text: str) -> str:
    """``text`` without the spaces around it and the punctuation that closes it (kept when the
    text is nothing else: a placeholder such as "-")."""
    text = text.strip()
    trimmed = text.rstrip(_TRAILING)
    return trimmed if trimmed else text


#: What opens a message without being part of it: a greeting (您好, 尊敬的用户), and a header
#: that says it is a rejection (驳回原因:, 审核意见:, 【初审驳回】). A header goes only when what
#: follows names a problem itself, so a text keeps saying it was rejected (驳回原因:请放心接听
#: stays). Quotes around the whole text go too. The same message reads the same way with or
#: without them.
_GREETING = re.compile(r"(?:【[^】\n]{1,12}】\s*)?尊敬的[^\s,!:;。]{1,12}?\s*[,!:;]\s*(?:您好\s*[,!:;]\s*)?"
                       r"|(?:您好|你好|尊敬的(?:用户|客户|开发者)[^\W\d_]{0,8}?(?:您好)?)\s*[,!:;]\s*")
_HEADER = re.compile(
    r"(?:[【\[]\s*(?:初审|复审|管局|审核)?(?:驳回|退回|不通过|未通过)(?:原因|理由|意见|通知)?\s*[】\]]\s*:?"
    r"|(?:初审|复审|管局|审核)?(?:驳回|退回)(?:原因|理由|意见|说明)(?:是|为)?\s*:"
    r"|(?:审核|审批|初审|复审|管局)(?:意见|结果|备注)\s*:"
    r"|[【\[]\s*(?:审核|审批|初审|复审|管局)(?:结果|备注)\s*[】\]]\s*:?"
    # the steps an approval went through (初审→复审→退回:), a notice that the filing was sent back
    # (您的icp备案申请审核未通过,驳回原因:; [x cloud] your icp filing (order …) was returned:)
    # (also as a log's status change: xdate system 订单状态变更 已提交管局→管局退回 备注:)
    r"|(?:(?:xdate\s+)?(?:[a-z_][\w.]{1,20}\s+)?(?:订单|工单)?状态变更\s*(?::\s*)?)?"
    r"(?:[^\s→:,;。]{1,10}\s*(?:→|->)\s*)+(?:已|被)?(?:管局)?(?:驳回|退回|不通过|未通过)"
    r"(?:\s+(?:备注|原因|意见|说明))?\s*:"
    r"|您的[^,:;。!\n]{0,30}?(?:已被|被|已)?(?:管局)?(?:驳回|退回|审核未通过|审核不通过|未通过审核)\s*[,:;]\s*"
    r"(?:(?:驳回|退回)?原因\s*:)?"
    r"|(?:\[[^\]\n]{1,30}\]\s*)?your icp (?:filing|application)[^:\n]{0,40}?(?:was|has been) (?:returned|rejected)"
    r"(?: for the following reasons?)?\s*:)\s*")
_QUOTES = {"“": "”", '"': '"', "'": "'", "‘": "’", "『": "』"}
#: Every character such an opening can start with (a cheap test first).
_OPENING_FIRST = frozenset("您你尊【[初复管审驳退y" + "".join(_QUOTES) + "".join(k[0] for k in _BODY_KEYS.split("|")))
#: How far into a text an approval's steps (初审→复审→退回:) are looked for.
_OPENING_SPAN = 64


#: The key that heads the message in a record system (内容:, 【审批意见】, msg=, description:): it
#: goes wherever words follow it.
_BODY_HEADER = re.compile(rf"(?:[【\[]\s*(?:{_BODY_KEYS})\s*[】\]]\s*:?|(?:{_BODY_KEYS})\s*[:=])\s*")
#: The body keys that say the filing was rejected (驳回原因:, 审核意见:) go as a rejection header does,
#: only before a problem (驳回原因:请保持电话畅通 and 审核意见:通过 stay); an opinion as a form's field in
#: brackets (【审批意见】) is the OA form's label and goes.
_VERDICT_BODY_KEYS = re.compile(r"驳回|退回|^(?:审批|审核|处理)?意见")


def _strip_opening(text: str) -> str:
    """``text`` without the greeting, rejection header and quotes that open it (see above)."""
    while True:
        body = _BODY_HEADER.match(text)
        if body and _WORD_LIKE.search(text, body.end()) and (
                not _VERDICT_BODY_KEYS.search(body.group()) or names_a_problem(text[body.end():])):
            text = text[body.end():]
            continue
        greeting = _GREETING.match(text)
        opening = greeting if greeting and _WORD_LIKE.search(text, greeting.end()) else _HEADER.match(text)
        if opening and (opening is greeting or names_a_problem(text[opening.end():])):
            text = text[opening.end():]
        elif len(text) > 2 and _QUOTES.get(text[0]) == text[-1] and text[-1] not in text[1:-1] \
                and text[0] not in text[1:-1]:
            text = text[1:-1].strip()
        else:
            return text


#: What closes a message without being part of it: a generic instruction that names nothing to
#: change (请核实后再次报备, 请按要求修改后重新提交, 请尽快处理, 详情请查看备案帮助文档). Such a
#: clause goes, wherever it stands, when two letters or more remain (请修改后重新提交 alone
#: stays). 请更换手机号后重新提交 names what to change: it stays.
_CLOSING_WORDS = (
    # politeness and time
    "请", "您", "烦请", "麻烦", "敬请", "辛苦", "望", "尽快", "及时", "仔细", "认真", "在", "于", "个", "工作日", "日",
    "天", "内", "可", "需", "须", "一下",
    # manner: by the rules, by the notes above
    "按照", "按", "根据", "依据", "要求", "规定", "提示", "以上", "上述", "意见", "退回原因", "驳回原因",
    "相关", "问题", "信息", "内容",
    # the action and what follows it
    "核实", "核对", "确认", "检查", "修改", "修正", "更正", "整改", "调整", "处理", "完善", "知悉", "进行", "完成",
    "之后", "后", "并", "然后", "重新", "再次", "再", "提交", "报备", "报送", "审核", "初审", "备案", "申请", "发起",
    # where to read more, thanks
    "详情", "查看", "参考", "参阅", "帮助", "文档", "指引", "中心", "登录", "控制台", "系统", "谢谢", "感谢", "配合")
#: One of them must be an action: a clause of 信息 or 相关内容 alone is no closing.
_CLOSING_ACTION = re.compile(
    "提交|报备|报送|处理|查看|参考|参阅|核实|核对|确认|检查|修改|修正|更正|整改|调整|完善|知悉|配合|谢谢|感谢")
_CLOSING = re.compile(rf"[,;。!?\n] ?(?:{'|'.join(_CLOSING_WORDS)}|\d|[ ,])+(?=[,;。!?\n]|$)")


#: Advice after a reason: a sentence or line that opens with a reminder (温馨提示, 请保持/留意/
#: 注意/耐心…, 如有疑问, 请勿重复提交) reports nothing wrong with this filing, though it may name a
#: field in passing (请保持负责人手机畅通). It goes like a closing; a text that opens with one keeps it.
#: 请勿 is advice when it repeats or hurries (请勿重复提交) or follows "during …" (审核期间请勿关闭网站).
#: Narrower than ``_NOT_A_REASON`` below, which only keeps a clause from adding labels: what is
#: removed here never reaches the whole-text probabilities either (请勿使用个人域名… stays there).
_ADVICE = re.compile(
    r"[;。!?\n] ?(?:(?:温馨|友情|特别)?提[示醒] ?:? ?)?(?P<during>[^\W\d_]{1,6}期间,? ?)?"
    r"(?:(?:温馨|友情)提[示醒]|[【\[](?:温馨|友情|特别)?提[示醒][】\]]|请您?(?:务必)?(?:保持|留意|注意|关注|耐心|知悉)|"
    r"如(?:有|对)(?:任何)?(?:疑问|问题|异议)|"
    r"如需(?:帮助|咨询|协助)|请勿(?(during)|(?:频繁|重复|多次)))[^;。!?\n]*")
#: The same advice in English (text is lower case here): a sentence after a reason that keeps,
#: waits, asks to be patient, offers help, sends to support, thanks or tells not to resubmit. An English sentence
#: also ends at a full stop before a space, which Chinese list markers (2. 请保持…) never reach.
_ADVICE_EN = re.compile(
    r"(?:[;。!?\n]|\.(?=\s|$)) ?(?P<during>during [^\W\d_][^.;!?\n,]{0,30}?,? )?"
    r"(?:(?(during)(?:please )?(?:do not|don't)\b|(?!))"
    r"|please (?:always |kindly |make sure (?:to |that )?)?(?:keep|stay|remain|be patient|wait|allow|pay attention)"
    r"|(?:if|should) you have (?:any )?(?:further |other )?"
    r"(?:questions?|problems?|doubts?|concerns?|queries|objections?)"
    r"|(?:if you need|should you need|for) (?:any |further |more )?(?:help|assistance|support)\b"
    r"|please (?:feel free to )?contact (?:us|our|support|customer|the (?:support|service|help))"
    r"|thank(?:s| you)\b|(?:best|kind) regards|(?:kind |friendly )?(?:reminder|tips?) ?:"
    r"|(?:please )?(?:do not|don't) (?:re-?submit|submit|apply)[^.;!?\n]{0,24}"
    r"(?:repeatedly|again and again|frequently|(?:multiple|several|many) times))"
    r"(?:[^;。!?\n.]|\.(?!\s|$))*")

#: A call announced after a reason (审核期间可能有专员致电核实; 回访电话一般来自400开头的号码): a
#: sentence that names a call and something still to come or usual (可能, 将, 会, 一般 …), with no
#: negation, nothing past and no finding (无人接听, 空号, 已致电, 称不知情, 回访记录：…号码可能填错,
#: …将退回 keep it).
_CALL_NOTICE = re.compile(
    r"[;。!?\n] ?(?=[^;。!?\n]*?(?:致电|来电|回访|电话核实|电话联系|联系您))"
    r"(?=[^;。!?\n]*?(?:可能|将|会|稍后|近期|届时|一般|通常))"
    r"(?![^;。!?\n]*?(?:[不未无非没错误否已]|空号|停机|关机|拒接|外地|外省|虚拟|本人|他人|记录|退回|驳回))"
    r"[^;。!?\n]*")

#: A deadline after a reason: a sentence on what becomes of the order if the applicant does not
#: act in time (逾期未修改的，系统将注销本次备案申请; 如30日内未重新提交，本次申请将作废). The
#: condition is time or the applicant's inaction and the consequence is still to come (将, 会,
#: 视为 …), so 短信核验超时未完成，订单已退回 (a reason: it happened) stays; it may start after
#: a comma, since the instruction before it is often a closing of its own. Bounded gaps keep
#: a long text without sentence marks from costing more than a short one. Narrower than
#: ``_CONDITION`` below, which only keeps a piece that opens with any condition (如果…会被驳回
#: included) from adding ``other``: what is removed here never reaches the probabilities.
_DEADLINE = re.compile(
    r"[,;。!?\n] ?[^,;。!?\n]{0,30}?"
    r"(?:逾期|超期|超时|期限|时限|规定时间|\d+ ?个?(?:工作日|日|天|小时)内"
    r"|[未不](?:及时|按时|按期|按要求)?(?:处理|修改|整改|补正|重新提交|操作|配合)|[未不](?:及时|按时|按期)提交"
    r"|(?:订单|申请)被?(?:关闭|作废|撤销|撤回|取消)后|过期后)"
    r"[^;。!?\n]{0,40}?(?:(?:将|会|则|视为|视作|届时)[^;。!?\n]{0,30}?"
    r"(?:关闭|注销|作废|撤销|撤回|取消|清除|清空|失效|放弃|退回|收回|不予保留|释放|无法恢复"
    r"|重新(?:发起|提交|办理|申请|备案)|从头)"
    r"|责任自负|后果自负|不可再用|无法再用)"
    r"[^;。!?\n]*")


#: Information after a reason: a sentence that opens by pointing to where something is done or
#: found (可在控制台…, 可通过工单…, 详见帮助文档), by saying that rules vary by place (部分地区…,
#: 以当地…为准), with a file specification (支持JPG格式, 不超过5MB), a notice about the message
#: itself (本通知…, 本消息有效期…), an anti-fraud warning or a courtesy, or with a condition that
#: such words complete (如手机号码变更，可在账号设置中更新): it states no reason of this filing,
#: though it names parts of one in passing. It goes only after a sentence that is more than a
#: header (您的备案已被退回。… keeps what follows), and it stays where it finds something wrong
#: (``_FINDING``, once 无需, 不影响 … are set aside; ``_FOUND``: 涉及, 经查, 为复印件 …) or where a
#: piece asks for a change or states a rule (``_ASKS``: 部分地区要求提供居住证, 请参阅规范修改网站名称),
#: since a reviewer may put the reason so.
_INFO = re.compile(
    r"^ ?(?:如需|若需|如有需要)|可在.{0,6}(?:控制台|后台|订单|账号|页面|小程序|app|帮助|下载|工单|列表|详情|中心)"
    r"|可通过.{0,6}(?:控制台|后台|工单|客服|热线|小程序|app|帮助|找回)"
    r"|(?:详见|详情(?:请)?(?:见|参阅|参考|查看)|请参阅|请参考|可参考|参见)(?! ?:)[^,;。]{0,12}"
    r"(?:帮助|文档|指引|指南|教程|说明|规范|规则|要求|链接|xurl|官网|页面|中心)"
    r"|以当地.{0,8}为准|以.{0,10}规定为准|各(?:地|省).{0,10}(?:不同|不一|差异)|部分(?:省份|地区|管局)"
    r"|请(?:耐心|放心|留意查收)|谨防.{0,4}诈骗|不会.{0,10}索要|(?:本|此)(?:通知|消息|邮件|短信)|自动发送"
    r"|支持.{0,12}格式|不超过 ?\d+ ?(?:m|k|兆)|感谢|祝您")
_INFO_CONDITION = re.compile(r"^ ?(?:如果?|若|假如|一旦)")
_NO_NEED = re.compile(r"无需|无须|不需要?|不必|不受|不影响|不会|不超过|不低于|不少于|不清楚|不同|不一")
#: What a lookup or a reviewer found, in words without a negation (涉及药品, 为复印件, 经查…).
_FOUND = re.compile(r"涉及|含有|包含|复印|查到|查询到|发现|经查|显示为|过低|反光|模糊|他人|其他(?:主体|账号|公司)"
                    r"|尚在|同步中|[传填选写拍放]错|错(?:传|填|选|位|放)")
#: What advice can hold without stating a reason (请勿重复提交，以免造成订单冲突) is no finding here;
#: what differs or is wrong is (请注意，您的域名持有者与主办单位名称不符).
_FOUND_WRONG = re.compile(r"不符|不一致|不匹配|有误|错误|不合格|不清晰|不正确|未通过|不通过")
#: What asks for a change or states a rule (修改网站名称, 补充营业执照, 负责人须为法定代表人): such a
#: piece may be how the reason is put, unless a condition opens it (如需修改…).
_ASKS = re.compile(r"修改|上传|补充|更换|办理|提供|更正|调整|删除|关闭|过户|须|必须"
                   r"|要求(?!不同|不一|各异|存在差异|有所不同)|应当?|不得|不能|只能|仅限")
_SENTENCE_END = re.compile(r"(?<=[;。!?\n])")


def _advice_unless_found(m: re.Match[str]) -> str:
    """An advice sentence goes (``_ADVICE``) unless it says what was found (请注意网站内容涉及药品)."""
    return m.group() if _FOUND.search(m.group()) or _FOUND_WRONG.search(m.group()) else ""


def _is_information(sentence: str) -> bool:
    """Whether a sentence after a reason is information that finds nothing wrong (``_INFO``)."""
    body = sentence.strip(" ;。!?\n")
    pieces = [p for p in body.split(",") if p.strip()]
    if not pieces:
        return False
    opens = _INFO.search(pieces[0]) or (_INFO_CONDITION.match(pieces[0]) and any(map(_INFO.search, pieces)))
    return bool(opens) and not _FINDING.search(_NO_NEED.sub("", body)) and not _FOUND.search(body) \
        and not any(_ASKS.search(p) and not _INFO_CONDITION.match(p) for p in pieces)


def _strip_closing(text: str) -> str:
    """``text`` without the generic instructions, advice, announced calls, deadlines and
    information that close its clauses (see above)."""
    rest = _CLOSING.sub(lambda m: "" if _CLOSING_ACTION.search(m.group()) else m.group(), text)
    marked = any(c in rest for c in ";。!?\n")
    if marked:
        rest = _CALL_NOTICE.sub("", _ADVICE.sub(_advice_unless_found, rest))
        parts = _SENTENCE_END.split(rest)
        said = next((k for k, s in enumerate(parts) if s.strip() and not is_boilerplate(s)), None)
        if said is not None:  # information after the first sentence that says more than a header
            rest = "".join(s for k, s in enumerate(parts) if k <= said or not (s.strip() and _is_information(s)))
    if marked or "." in rest:
        rest = _ADVICE_EN.sub("", rest)
    rest = _DEADLINE.sub("", rest)
    return trim(rest) if rest != text and len(_WORD_LIKE.findall(rest)) >= 2 else text


def _unescape(text: str) -> str:
    """HTML entities with their semicolon as the characters they stand for (&nbsp; &lt;)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text) if "&" in text else text


def read_part(text: str) -> str:
    """The part of a text that is classified: at most ``config.MAX_CHARS`` characters from its
    first one that is no whitespace (blank padding does not use up the limit)."""
    return text.strip()[: config.MAX_CHARS] if len(text) > config.MAX_CHARS else text


def is_truncated(text: str) -> bool:
    """Whether ``read_part`` leaves out some of the text's characters (its status says so)."""
    return len(text) > config.MAX_CHARS and len(text.strip()) > config.MAX_CHARS


#: The keys of an exported JSON object that hold records, not the message: identifiers, numbers,
#: times, states, people and addresses (order_no, updated_at, status, operator, phone …).
_JSON_RECORD_KEY = re.compile(
    r"(?:[a-z0-9]+[_-])*(?:id|no|num|number|at|time|date|by|status|state|operator|handler|reviewer|assignee|"
    r"owner|user|username|name|phone|mobile|tel|email|mail|ip|domain|url|link|priority|level|channel|source|"
    r"count|page|size|total|version|sign|token|tag|kind|lang|locale|format|msg_?type|content_?type)", re.IGNORECASE)
#: A value that says only that a call went through ("msg": "success"), no message.
_NO_NEWS = re.compile(r"success|succeeded|successful|ok|成功|操作成功|请求成功|查询成功|null|none|true|false")
#: How deep into nested objects the message's fields are looked for.
_JSON_DEPTH = 12


def _json_values(obj: object, depth: int) -> list[str]:
    """The texts of an object's fields that are no records; a status only where it says more than
    that the filing was sent back or where a ticket stands ("status": "approved" stays)."""
    if isinstance(obj, str):
        return [obj] if obj.strip() and not _NO_NEWS.fullmatch(obj.strip().lower()) else []
    if depth <= 0:
        return []
    if isinstance(obj, (list, tuple)):  # a row's values (an id, a code, its state) are no message
        return [v for item in obj if not (isinstance(item, str) and _is_row_value(item))
                for v in _json_values(item, depth - 1)]
    if not isinstance(obj, dict):
        return []
    found: list[str] = []
    for key, value in obj.items():
        key = str(key).strip()
        if isinstance(value, str) and _STATUS_KEY.fullmatch(key.lower()):
            if not (_is_verdict(value.lower()) or _TICKET_STATE.fullmatch(value.strip().lower())):
                found.append(value)
        elif not isinstance(value, str) or not _JSON_RECORD_KEY.fullmatch(key):
            found += _json_values(value, depth - 1)
    return found


#: A value of a printed row (a tuple or a list): an identifier or code (BA303691681472, E-1021).
_ROW_CODE = re.compile(r"[\w./:-]*\d[\w./:-]*", re.ASCII)


def _is_row_value(value: str) -> bool:
    """Whether a string in a tuple or list is a record's value, not a message: an identifier,
    a verdict or a ticket's state."""
    value = value.strip().lower()
    return not value or bool(_ROW_CODE.fullmatch(value)) or _is_verdict(value) or bool(_TICKET_STATE.fullmatch(value))


#: A Python literal (a dict printed by a script: {'errcode': 86355, 'errmsg': '…'}) is read only
#: this short and with this few brackets: the literal parser's stack is not to be tried.
_LITERAL_MAX_CHARS = 5_000
_LITERAL_MAX_BRACKETS = 40


def _parsed(text: str) -> object:
    """A JSON object, or a Python literal where JSON fails on single quotes (``ast.literal_eval``:
    literals only, never code); ValueError for neither."""
    try:
        return json.loads(text)
    except ValueError:
        if ("'" not in text or len(text) > _LITERAL_MAX_CHARS
                or text.count("{") + text.count("[") > _LITERAL_MAX_BRACKETS):
            raise
        try:
            return ast.literal_eval(text.strip())
        except (SyntaxError, TypeError, MemoryError) as error:
            raise ValueError(str(error)) from None


def _json_message(text: str) -> str:
    """A JSON object exported with the message in some of its fields ({"reason": "…", "order_no": …,
    "status": "returned"}), or a Python dict printed so, as the text of the fields that are no
    records (``_JSON_RECORD_KEY``), one sentence each; any other text as it is."""
    try:
        found = _json_values(_parsed(text), _JSON_DEPTH)
    except (ValueError, RecursionError):  # (not JSON, or nested deeper than the parser goes)
        return text
    return "。".join(v.strip() for v in found) if found else text  # (a line each would read as records: order: …)


#: The first characters of a JSON object or array or a printed Python dict, tuple or list.
_LITERAL_START = frozenset("{[(")
_BLANK_LINE = re.compile(r"\r?\n[^\S\n]*\r?\n")


def _http_body(text: str) -> str:
    """An HTTP response printed whole (HTTP/1.1 200 OK, header lines, a blank line, the body) as
    its body: the status line and the headers are the protocol's, no reason."""
    head = text.lstrip()  # blank lines before the status line are no end of the headers
    m = _BLANK_LINE.search(head)
    return head[m.end():] if m and head[m.end():].strip() else text


#: An SQL insert of one row, as a database client or a script prints it.
_SQL_INSERT = re.compile(r"\s*insert into\s+[`\"\w.]+\s*\(([^()]*)\)\s*values\s*(\(.*\))\s*(?:;\s*)?",
                         re.IGNORECASE | re.DOTALL)


def _sql_message(text: str) -> str:
    """An SQL insert of one row (INSERT INTO t (order_no, content, created_at) VALUES (…);) as
    the values of its message columns (``_MESSAGE_COLUMN``), or, where it names none, as its
    values that are no identifiers, codes or states; any other text as it is."""
    m = _SQL_INSERT.fullmatch(text)
    if m is None:
        return text
    columns = [c.strip().strip("`\"").lower() for c in m.group(1).split(",")]
    try:
        values = _parsed(m.group(2))
    except ValueError:
        return text
    if not isinstance(values, tuple) or len(values) != len(columns):
        return text
    named = [v for c, v in zip(columns, values, strict=True) if isinstance(v, str) and _MESSAGE_COLUMN.fullmatch(c)]
    found = named or [v for v in values if isinstance(v, str) and not _is_row_value(v)]
    return "。".join(v.strip() for v in found) if found else text


def normalize(text: str) -> str:
    """Canonical form used for features and caching.

    NFKC (full width to half width), traditional to simplified Chinese, HTML tags and
    entities removed, box-drawing frames read as bars and spaces (``_BOX_TABLE``), lower case,
    variable entities masked, contact details and appended metadata removed
    (``strip_contact``), whitespace collapsed, and a greeting, rejection header or quotes that
    open the text dropped (``_strip_opening``). Line breaks are kept (as ``\\n``) because they
    separate reasons.
    """
    if len(text) > config.MAX_CHARS:
        text = read_part(text)
    start = text.lstrip()[:12]  # what a whole printed response, literal or SQL row opens with
    if start[:5].lower() == "http/":
        text = _http_body(text)
        start = text.lstrip()[:12]
    if start[:1] in _LITERAL_START:
        text = _json_message(text)
    elif start.lower() == "insert into ":
        text = _sql_message(text)
    if "\\" in text:
        text = _ESCAPED_BREAK.sub("\n", text)
    if "<" in text or "&" in text:
        text = _unescape(_TAG.sub(_tag_text, _unescape(text).replace("<br", "\n<br")))
    if _BOX.search(text):
        text = _FRAME_EDGE.sub("", text.translate(_BOX_TABLE))
    if _CIRCLED_OR_CTRL.search(text):
        # Circled numbers (①②…) mark list items; NFKC would turn them into bare digits.
        text = _nfkc(_CIRCLED.sub("\n", _LINE_END.sub("\n", text)))
        text = _CTRL.sub(" ", text)
    else:
        text = _nfkc(text)  # NFKC makes no control character out of others (checked: every code point)
    if "<" in text or "&" in text:
        # again after NFKC, for full-width tags and entities (＜ｐ＞, ＆ｎｂｓｐ；), now ASCII; the pass
        # above stays first, so that NFKC reads what an entity stands for (&#65288;)
        text = _unescape(_TAG.sub(_tag_text, text))
    if not text.isascii():
        text = to_simplified(text)
    text = text.lower()
    if "(" in text and not text.isascii():
        text = _PINYIN_GLOSS.sub("", text)
    runs = list(map(len, _DIGIT_RUN.findall(text)))
    longest, total = (max(runs), sum(runs)) if runs else (0, 0)
    for pattern, repl, (marker, min_run, min_total) in _MASKS:
        if longest >= min_run and total >= min_total and (marker is None or marker in text):
            text = pattern.sub(repl, text)
    text = strip_contact(text)
    if _BUT.search(text):
        text = _NO_FAULT_BUT.sub("", text)
    text = _WS.sub(" ", text)
    if "\n" in text:
        text = _NL.sub("\n", text)
    text = trim(text)
    if "如下" in text or "👇" in text:
        text = _after_lead_in(text)
    if text[:1] in _OPENING_FIRST or "→" in text[:_OPENING_SPAN] or "->" in text[:_OPENING_SPAN]:
        text = trim(_strip_opening(text))
    return _strip_closing(text)


#: A line that leads in to the message below it, after lines of its own (a call record, then
#: …坐席查询后告知驳回原文如下:; a chat's 内容如下, 原文👇): what stands above it and the line
#: itself state no reason where they name no problem. A lead-in that opens the text is a header
#: (``_strip_opening``).
_LEAD_IN = re.compile(r"(?<=\n)[^\n]*(?:如下[^\S\n]*:?|(?:如下|原文)[^\S\n]*👇)[^\S\n]*\n")
#: A word in Latin letters other than a masked value: an English reason may stand above a lead-in.
_LATIN_TEXT = re.compile(r"(?<![a-z])(?!x[a-z]+(?![a-z]))[a-z]{3,}")


def _after_lead_in(text: str) -> str:
    """``text`` from the line after its first lead-in line (``_LEAD_IN``), where nothing up to
    there names a problem (a reason, not only a verdict: 驳回原文如下 says the filing was sent
    back) nor holds an English word, and words follow."""
    m = _LEAD_IN.search(text)
    if m is None or _STATES_A_PROBLEM.search(text, 0, m.end()) or _LATIN_TEXT.search(text, 0, m.end()) \
            or not _WORD_LIKE.search(text, m.end()):
        return text
    return text[m.end():]


#: A part found without fault before a contrast that states the fault (网站名称没有问题,但负责人
#: 手机号为空号; 其他信息均无误,不过…): the part states no reason, and its topic (网站名称) had
#: added its category. A negation before the verdict (不合格, 不正确) is a fault. A step done
#: (域名实名已通过, 实名状态正常) stays: it tells a record not yet synced from one never made.
_BUT = re.compile(r"但|不过|可是|然而|只是")
_NO_FAULT_BUT = re.compile(
    r"(?:^|(?<=[\n,;。!?:])|(?<=\d[、.)]))[\u4e00-\u9fffa-z\"“” ]{1,12}?(?<![不未非无没])(?:均|都|也|皆)?"
    r"(?:没有问题|没问题|无问题|无误|没有错误|正确|合格|符合要求|齐全)"
    r" ?[,;]? ?(?:但是|但|不过|可是|然而|只是) ?,? ?")

_CLAUSE_STRIP = " ，,:：、"


def _spans_between(cuts: re.Pattern[str], text: str, strip: str | None, shortest: int) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text`` between the matches of ``cuts``, without the
    characters ``strip`` (None: whitespace) at their ends; pieces shorter than ``shortest`` are
    left out."""
    spans = []
    pos = 0
    for m in chain(cuts.finditer(text), (None,)):
        end = m.start() if m is not None else len(text)
        piece = text[pos:end]
        kept = piece.strip(strip)
        if len(kept) >= shortest:
            start = pos + len(piece) - len(piece.lstrip(strip))
            spans.append((start, start + len(kept)))
        if m is not None:
            pos = m.end()
    return spans


def clause_spans(normalized: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of a normalised message (sentences, lines, numbered items),
    in order: the pieces between clause boundaries, without the spaces, commas and colons
    around them; empty pieces are left out."""
    return _spans_between(_CLAUSE_SPLIT, normalized, _CLAUSE_STRIP, 1)


#: Where a text is cut into pieces for the set-level confidence: its clauses, cut further at
#: commas and 、 (a second reason often hides in one sentence: 名称不规范，电话也打不通).
#: 且 joins two reasons in one sentence (域名未实名且持有者与主办单位不一致), as 并且 and 以及 do; 况且,
#: 尚且, 姑且 and 暂且 are no joints.
_PIECE_CUT = re.compile(r"[,、;；。!?+\n]+|另外|此外|同时|并且|而且|以及|(?<![况尚姑暂])且")


def piece_spans(normalized: str, clauses: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each piece of at least two characters: the clauses (``clause_spans``,
    given or found: a numbered item after a space, 1.幕布照片不合格 2.营业执照已过期, ends one)
    cut further at commas, 、, clause marks and connectives, without the spaces around it."""
    out = []
    for a, b in clause_spans(normalized) if clauses is None else clauses:
        out += [(a + c, a + d) for c, d in _spans_between(_PIECE_CUT, normalized[a:b], None, 2)]
    return out


#: A field on a line of its own (name: 张三, 签字意见: 同意, 会话状态=已结束): a short key, then its value.
_FIELD_LINE = re.compile(r"[^:=\n]{1,16}?\s*[:=]\s*(?P<value>.{1,40})")


#: A line that is only a key and its colon (跟进内容:, 沟通记录:, 处理意见:): it heads the next line.
_KEY_LINE = re.compile(r"[^\s:]{1,10}:")


def line_readings(normalized: str) -> list[tuple[int, str]]:
    """(line number, what is read) for each line of a normalised message of several lines
    that may state nothing: a field line's value (name: 张三 → 张三), any other line whole, and
    nothing (``""``) for a key with its colon alone on a line before a line of text (跟进内容:,
    whose 内容 had read as a reason about the site's content). Lines that say something was
    found wrong (``finds_fault``) are left out: they are read with the message whatever they
    look like alone (网站名称: 不合格). Empty for one line."""
    lines = normalized.split("\n")
    if len(lines) < 2:
        return []
    out = []
    for k, line in enumerate(lines):
        line = line.strip()
        if _KEY_LINE.fullmatch(line) and k + 1 < len(lines) and lines[k + 1].strip():
            out.append((k, ""))
            continue
        field = _FIELD_LINE.fullmatch(line)
        reading = field.group("value").strip() if field else line
        if reading and not finds_fault(reading):
            out.append((k, reading))
    return out


#: A remedy after a reason (修改措施：…, 修改建议：…, 解决方法：…), up to the next reason of the
#: message (驳回原因二, 问题描述, 问题2) or its end: it says what to do, and lists what to avoid
#: (不能用“博客、论坛、商城”等词) without stating a reason.
_REMEDY_SECTION = re.compile(
    r"(?:(?:修改|整改|处理)(?:措施|建议|要求|方法|办法)|解决(?:方法|办法|方案))[\s\S]*?"
    r"(?=驳回原因|问题描述|问题\s?\d|原因[一二三四五六七八九十\d]|$)")
#: Items of a list shorter than this (characters) are left out of ``list_items``: 已注销,
#: 证件类型 name no reason on their own.
LIST_ITEM_MIN = 6
_LIST_ITEM_STRIP = " ,:;等"
_LIST_MARK = re.compile("、")


#: Where the predicate a list shares begins in its last item (证件号码、手机号码|不能为其他主体备案过):
#: a negation, a modal, a comparison or a finding (an item that holds one is no bare noun: 新旧证件
#: 问题). 应急, 主要, 核验单 and 验证码 are nouns.
_PREDICATE = re.compile(
    r"不|未|没|无|非|须|需|必须|应(?!急)|(?<!主)要|与|和|跟|已|被|为|是|重复|冲突|错误|有误|问题|异常|过期|到期|缺|含|"
    r"涉及|超过|存在|填写|上传|提供|核验(?!单)|校验(?!码)|验证(?!码)|比对|发生|低于|大于|小于|均|都")
#: A list whose items changed (姓名、电话或邮箱发生改变) states a change, not a reason per item.
_CHANGED = re.compile(r"变化|改变|变更|变动|更新")
_HAN = re.compile("[\u4e00-\u9fff]")
#: A bare noun of a list is at most this long (characters): 网站负责人证件号码.
_BARE_MAX = 12
#: A list's shared predicate ends at the next mark of a sentence or a comma.
_PREDICATE_END = re.compile(r"[,;。!?]")


def _lists(normalized: str) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Per clause that states a reason and holds a list (outside remedy sections): the clause
    and the (start, end) of all its items in it."""
    masked = _REMEDY_SECTION.sub(lambda m: "\n" * len(m.group()), normalized)
    for a, b in clause_spans(masked):
        clause = normalized[a:b]
        if "、" in clause and not states_no_reason(clause):
            yield clause, _spans_between(_LIST_MARK, clause, _LIST_ITEM_STRIP, 1)


def _is_bare(item: str) -> bool:
    """True for a bare noun of a list (网站负责人证件号码): four to ``_BARE_MAX`` characters, Chinese,
    and no word of a predicate."""
    return 4 <= len(item) <= _BARE_MAX and _HAN.search(item) is not None and not _PREDICATE.search(item)


def _shared_predicate(last: str) -> str:
    """What a list's last item says of its noun (手机号码|不能为其他主体备案过), up to the next
    comma; empty where the item opens with its predicate or has none."""
    last = _PREDICATE_END.split(last, 1)[0]
    m = _PREDICATE.search(last)
    return last[m.start():] if m and m.start() >= 2 and not _CHANGED.search(last) else ""


#: What joins alternatives: 或 (或者, 或是) and a slash.
_ALTERNATIVE = re.compile(r"或者|或是|或|/")
#: A side of 或 shorter than this (characters) is no item.
_ALTERNATIVE_MIN = 4
_PIECE_MARK = re.compile("[,;]")


def _alternative_faults(normalized: str) -> list[str]:
    """The sides of 或 or / in the pieces of reason clauses (outside remedy sections) where every
    side finds a fault of its own (``finds_fault``) and opens with no condition: 域名未绑定内地
    服务器或未完成实名认证, 已备案网站未开站/网站内容不合格 name two reasons each. Nouns joined as
    alternatives (主办单位名称或法定代表人不一致, 身份证/护照) find no fault on every side and stay one."""
    masked = _REMEDY_SECTION.sub(lambda m: "\n" * len(m.group()), normalized)
    out = []
    for a, b in clause_spans(masked):
        clause = normalized[a:b]
        if not _ALTERNATIVE.search(clause) or states_no_reason(clause):
            continue
        for x, y in _spans_between(_PIECE_MARK, clause, None, 1):
            piece = clause[x:y]
            sides = [piece[i:j] for i, j in _spans_between(_ALTERNATIVE, piece, _LIST_ITEM_STRIP, 1)]
            if len(sides) > 1 and all(len(side) >= _ALTERNATIVE_MIN and finds_fault(side) and not is_condition(side)
                                      for side in sides):
                out += sides
    return out


def list_items(normalized: str) -> list[str]:
    """The items of lists joined by 、 (网站无法访问、网站内容与主体性质不符、个人网站涉及企业) in the
    clauses of a normalised text that state a reason (``states_no_reason``), outside remedy
    sections, as the model reads them: items of at least ``LIST_ITEM_MIN`` characters that open
    with no condition or consequence (``is_condition``). A list names one reason per item, which
    the whole clause's probabilities can miss. An item that is a bare noun gets the predicate
    its list shares: 主体负责人证件号码、手机号码不能为其他主体备案过 names two reasons,
    主体负责人证件号码不能为其他主体备案过 and 手机号码不能为其他主体备案过. Faults joined by 或 or /
    are items too (``_alternative_faults``)."""
    out = _alternative_faults(normalized) if _ALTERNATIVE.search(normalized) else []
    if "、" not in normalized:
        return out
    for clause, spans in _lists(normalized):
        nouns = [clause[x:y] for x, y in spans[:-1]]
        bare = len(spans) > 1 and all(_is_bare(n) for n in nouns)
        shared = _shared_predicate(clause[slice(*spans[-1])]) if bare else ""
        for x, y in spans:
            item = clause[x:y]
            if shared and (x, y) != spans[-1]:
                item += shared
            if len(item) >= LIST_ITEM_MIN and not is_condition(clause[x:y]):
                out.append(item)
    return out


def split_clauses(normalized: str) -> list[str]:
    """Split a normalised message into clauses (sentences, lines, numbered items)."""
    return [normalized[a:b] for a, b in clause_spans(normalized)]


# Words that make up headers and boilerplate around the reasons of a rejection.
_BOILERPLATE = re.compile(
    r"(?:您|你)(?:们|所)?(?:提交|填写|报送|上传)的(?:备案)?(?:信息|资料|材料|内容)?+(?!有误|错误|[不未无非])|初审|复审|终审|审核|审查|核查|驳回|退回|拒绝|不予|不通过|未通过|没通过|被|原因|理由|说明|意见|结果|如下|以下|下列|问题|"
    r"存在|几处|[一二三四五六七八九十两\d]+[处项点个条]|您好|你好|尊敬的|用户|客户|您的|你的|经|备案|申请|订单|工单|网站|"
    r"请|修改|整改|后|重新|提交|报送|谢谢|感谢|配合|如有疑问|联系|客服|管局|通管局|通信管理局|工信部|省|市|自治区|"
    r"处理|详情|查看|控制台|登录|时间|编号|单号|号|的|了|已|有|和|及|与|为|是|在|对|中|将|x[a-z]+|[a-z]{1,3}|"
    r"北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|"
    r"重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|"
    r"[\s\d\W_]"
)


def is_boilerplate(clause: str) -> bool:
    """True when a clause is only a header or politeness (e.g. ``初审驳回``, ``您好，存在以下问题``)."""
    return len(_BOILERPLATE.sub("", clause)) < 2


# Clauses that are instructions, advice or history rather than reasons: "请勿频繁重复提交",
# "过户完成后上传新的域名证书", "已完成持有者过户". They may describe what to do, but a label
# is added for a clause only when it states a reason. Advice after a reason is removed earlier,
# in ``normalize`` (``_ADVICE``); these clauses stay in the text.
_NOT_A_REASON = re.compile(
    r"^(?:请勿|切勿|不要|请您?(?:在|于)?.{0,12}(?:完成|办理|等待|过户|实名)后"
    r"|.{0,10}(?:完成|办理|修改|过户|整改|认证|实名|同步|更换|变更)后(?:请|再|需|重新)?"
    r"|如(?:需|有|您)|若(?:需|有|您)|建议您?|温馨提[示醒]|提[示醒][:：]|注意[:：]|已(?:完成|经完成|办理|过户|提交|修改|上传|补充)"
    r"|此前已|之前已|上次已"
    # what comes next (备案成功后，请在网站底部添加备案号; 提交后您将收到短信核验), how to do a step
    # (上传幕布照片时请保持背景完整), the process and where to follow it
    r"|.{0,12}(?:成功|下发|提交|通过|上传|收到|核验)后[,，]?(?:请|再|需|将|即可|您将)|.{0,16}时[,，]?请"
    # an instruction that asks for care (请确保上传材料清晰完整, 务必在72小时内完成修改)
    r"|请您?(?:确保|务必|及时|尽快)|务必"
    r"|下一步|进度查询|小贴士)"
)


#: How the filing goes on, said after a reason (提交管局后，您将收到短信核验; 短信核验通过后，订单才会
#: 进入管局审核; 短信核验有效期为24小时; 审核时长一般为1-20个工作日): such a clause, with nothing
#: found wrong in it (``_FINDING`` below), states no reason.
_PROCESS = re.compile(r"有效期为 ?\d|您将|将会|才会|才能|将于|将在|将自动|需要重新|需重新|可能需要|一般为|通常|约为"
                      r"|以.{0,8}为准")
#: What becomes of orders in general, said first in a clause (退回超过3次的订单可能需要重新发起备案,
#: 订单退回后保留15天): no reason either, unless the clause gives one (原因, 因为 …).
#: 证件已过期，订单将被关闭 opens with a reason.
_ORDER_LIFE = re.compile(r"[^,;]{0,12}?订单[^,;]{0,20}?(?:将|会|可能|自动|保留|有限|清理|锁定|作废)")
_BECAUSE = re.compile(r"因|由于|理由")


def is_process(text: str) -> bool:
    """True when a clause or a piece tells how the filing goes on and finds nothing wrong
    (``_PROCESS``, ``_FINDING``): 幕布照片核验结果有效期为30天, 您将收到工信部发送的短信核验."""
    return bool(_PROCESS.search(text) and not _FINDING.search(text))


#: A filing's status changed to a verdict (备案(域名 xdomain)状态已更新为“驳回”), and the provider
#: the filing was made with (您在联通云提交的): a notice before the reason.
_STATUS_CHANGE = re.compile(r"(?:状态|进度)已?(?:更新|变更|改)为[^\S\n]*[\"“「【]?(?:已|被)?(?:初审|复审|管局|审核)?"
                            r"(?:驳回|退回|未通过|不通过|拒绝)[\"”」】]?")
_FILED_WITH = re.compile(r"您?在[^\s,;。:()]{1,8}?(?=提交|申请|办理)|域名")


def states_no_reason(clause: str) -> bool:
    """True when a clause (of a normalised text) is a header, politeness, an instruction,
    advice, history, how the filing goes on, what becomes of orders or a status notice: it adds
    no label of its own."""
    return (is_boilerplate(clause) or bool(_NOT_A_REASON.match(clause.strip()))
            or is_process(clause)
            or bool(_ORDER_LIFE.match(clause) and not _BECAUSE.search(clause))
            or bool("为" in clause and _STATUS_CHANGE.search(clause)
                    and is_boilerplate(_FILED_WITH.sub("", _STATUS_CHANGE.sub("", clause)))))


# A message that says it was sent back, that something is wrong, that a lookup found nothing
# (尚无记录, 查无) or that filing cannot go on is a rejection, even when it gives no reason (复审驳回,
# 您的备案申请已被驳回, 信息填写有误, 暂不可备案) or says where the reason was sent (原因已发至邮箱):
# never "not a rejection", unless it asks about one (为什么又被驳回了?) or says there was none
# (无驳回原因).
_SAYS_REJECTED = re.compile(
    r"驳回|退回|被退|拒绝|不予|不通过|未通过|没通过|没有通过|不合格|有误|错误|失败|不完善|不完整|不正确|不规范|"
    r"暂不可|暂不能|(?:不可|不能|无法)备案|查无|无记录|尚无|未查到|查询不到|未查询到|"
    r"原因(?:已|将)?(?:发送?|推送)(?:至|到)|原因(?:请)?(?:见|详见)(?:邮件|邮箱|短信|站内信)|"
    r"reject|not (?:passed|approved|completed)|failed|unsuccessful|\breturned\b|sent back|declined|"
    r"(?:was|been|is) denied|denied by")
#: Something found wrong: a negation, a finding word or what says a text was rejected
#: (``_SAYS_REJECTED``); what tells how the filing goes on has none (``is_process``).
_FINDING = re.compile(rf"[不未无非没]|一致|不符|空号|停机|关机|重复|已被|冲突|过期|届满|{_SAYS_REJECTED.pattern}")


def finds_fault(text: str) -> bool:
    """Whether a text (a piece of one) says something was found wrong (``_FINDING``: a negation,
    不符, 过期, 重复, 冲突 …), not only what is required or what to do."""
    return _FINDING.search(text) is not None


_ASKS_OR_DENIES = re.compile(
    r"[?？]|吗|怎么|为什么|为何|为啥|请问|什么时候|如何|能否|可否|能不能|到底|\bre:|将被|"
    r"(?:无|没有|没|未|不会)被?(?:驳回|退回)|原因\s*(?:[:：]\s*)?(?:无|没有)$")


#: A step done and leave to go on (域名实名信息已同步到管局，现在可以提交备案了; 实名认证已生效，可正常
#: 报备; 之前的订单已放弃完毕，现在可以正常提交; 过户后的信息已同步完成，请重新提交): a notice, when
#: nothing in it is negated or wrong.
_GO_AHEAD = re.compile(r"已(?:经)?(?:同步|入库|生效|完成|放弃|更新|通过|释放|撤回|处理|恢复)[^;。!?\n]{0,20}?"
                       r"(?:现在|即可|可以|可|请)(?:正常)?(?:重新)?(?:提交|报备|继续|备案|申请|开通|操作)")


#: A terse status that a check passed (实名审核通过, 手机号验证通过, 域名实名认证成功, 实名认证已完成,
#: 过户后的信息已同步完成): the whole text is what was checked and its verdict.
_PASSED = re.compile(r"[^,;。!?\s]{0,16}?(?:审核|核验|验证|认证|校验|检测|比对|核查|初审|复审|同步|入库)(?:已经?|均已)?"
                     r"(?:通过|成功|完成)[.。!]?")


#: A whole text that says there was no rejection (没有驳回, 您的备案并未被退回, 无驳回记录).
_NOT_REJECTED = re.compile(r"(?:您的|你的)?(?:网站)?(?:备案|订单|申请)?(?:目前|暂时|暂|还|并|也)?"
                           r"(?:没有|没|未|并未|并没有|尚未|无)(?:被)?(?:驳回|退回)(?:过)?(?:的?记录|原因)?(?:了)?[.。!]?")


def says_go_ahead(normalized: str) -> bool:
    """True when a normalised text says a step is done and filing may go on, or is a terse
    status that a check passed (``_PASSED``), and finds nothing wrong (no negation, 驳回, 不一致
    …: ``_FINDING``); or says as a whole that there was no rejection (``_NOT_REJECTED``)."""
    return (bool(_GO_AHEAD.search(normalized) or _PASSED.fullmatch(normalized)) and not _FINDING.search(normalized)
            or bool(_NOT_REJECTED.fullmatch(normalized)))


def names_a_problem(clause: str) -> bool:
    """True when a clause (of a normalised text) says that something is wrong, missing or was
    sent back (a negation, 空号, 不一致, 驳回, 失败 …); metadata, notices and names do not."""
    return bool(_STATES_A_PROBLEM.search(clause) or _SAYS_REJECTED.search(clause))


# A piece that sets a condition or a consequence (逾期未修改的…, 如非本人操作…, 否则…, 将注销…,
# 则备案将被拒绝…, 就会注销…, 会被驳回…)
# states no reason. Deadlines after a reason are removed earlier, in ``normalize`` (``_DEADLINE``);
# conditions such as 如果…会被驳回 can be how a reason is put, so they stay in the text.
#: The words that open what follows from a reason (就会注销…, 会被驳回…, 可能被…).
_CONSEQUENCE_WORDS = r"就会|也会|都会|均会|会被|会以|会导致|可能会|可能被"
_CONDITION = re.compile(r"(?:如非|如果|如对|如若|若|假如|逾期|超期|否则|不然|以免|为免|为避免|鉴于|一旦|届时|将"
                        rf"|则|{_CONSEQUENCE_WORDS})")


#: A consequence inside a piece, up to the next space or bracket: 名称使用过多会被列入黑名单,
#: 抽测时发现会以信息不准确进行注销处理 (what would follow from the reason before it).
_CONSEQUENCE = re.compile(rf"(?:{_CONSEQUENCE_WORDS}|将被|会给|导致|进行.{{0,6}}处理|否则)[^\s()]*")


def without_consequences(piece: str) -> str:
    """A piece of a normalised text with the consequences inside it blanked out: what happens
    (…会被列入黑名单, …进行注销处理) names no reason."""
    return _CONSEQUENCE.sub(" ", piece)


def is_condition(piece: str) -> bool:
    """True when a piece of a clause (between commas) opens with a condition or a consequence:
    逾期未修改的, 如非本人操作, 否则, 以免, 将注销."""
    return bool(_CONDITION.match(piece.strip()))


def says_rejected(normalized: str) -> bool:
    """True when a normalised text says it was rejected and is neither a question about a
    rejection nor a denial of one."""
    return bool(_SAYS_REJECTED.search(normalized)) and not _ASKS_OR_DENIES.search(normalized)


class Tokenizer:
    """A private jieba tokenizer with the shipped domain dictionary.

    jieba (its own ``jieba.Tokenizer``, never the global one) is the reference. When the
    ``rjieba`` binding of jieba-rs is installed it is used instead: same algorithm and
    dictionary, identical tokens without HMM (a test checks the whole corpus), about 15 times
    faster. ``ICP_CLASSIFIER_TOKENIZER=jieba`` forces the reference. Initialised lazily, once,
    thread-safe. jieba's dictionary cache goes to a per-user cache folder; when that folder
    cannot be written, jieba builds the dictionary in memory.
    """

    def __init__(self, backend: str | None = None) -> None:
        self._lock = threading.Lock()
        self._cut = None
        self.backend = backend

    def _init(self):
        with self._lock:
            if self._cut is None:
                wanted = self.backend or config.wanted_tokenizer()
                cut = None
                if wanted in ("auto", "rjieba"):
                    cut = _rjieba_cut()
                    if cut is None and wanted == "rjieba":
                        raise RuntimeError("ICP_CLASSIFIER_TOKENIZER=rjieba but rjieba is not installed")
                self.backend = "rjieba" if cut is not None else "jieba"
                self._cut = cut or _jieba_cut()
        return self._cut

    def segmenter(self) -> Callable[[str], list[str]]:
        """jieba's segmentation function: every piece of a normalised text, whitespace and
        punctuation included, so that the pieces join up to the text."""
        return self._cut or self._init()

    def tokens(self, normalized: str) -> list[str]:
        """Word tokens of a normalised text (whitespace and punctuation dropped)."""
        cut = self._cut or self._init()
        return [t for t in cut(normalized) if _WORDS[t]]


def _user_words() -> list[tuple[str, int | None, str | None]]:
    words = []
    for line in config.USER_DICT.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            words.append((parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None))
    return words


def _rjieba_cut():
    try:
        import rjieba
    except ImportError:
        return None
    tok = rjieba.Jieba()
    for word, freq, tag in _user_words():
        tok.add_word(word, freq, tag)
    return lambda text: tok.cut(text, False)


def _jieba_cut():
    with _quiet_pkg_resources():
        import jieba

    # jieba logs a traceback when it cannot write its cache; our own one-line warning says it.
    jieba.setLogLevel(logging.CRITICAL)
    tok = jieba.Tokenizer()
    cache_dir = config.jieba_cache_dir()
    log = logging.getLogger(__name__)
    if cache_dir is None:
        log.warning("no home folder for the jieba cache (set ICP_CLASSIFIER_CACHE); the dictionary is built in "
                    "memory on every start")
        tok.tmp_dir = os.devnull  # a file: jieba's attempt to write under it fails quietly
    else:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            probe = cache_dir / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError:
            log.warning("cannot write the jieba cache folder %s (set ICP_CLASSIFIER_CACHE); the dictionary is "
                        "built in memory on every start", cache_dir)
        tok.tmp_dir = str(cache_dir)  # (unwritable: jieba tries, fails quietly, keeps the dictionary in memory)
    tok.initialize()
    with config.USER_DICT.open("rb") as fh:
        tok.load_userdict(fh)
    return lambda text: tok.lcut(text, HMM=False)


_WORD_CHAR = re.compile(r"[^\W_]")


def _is_word(token: str) -> bool:
    """A token with at least one letter, digit or hanzi (drops whitespace and punctuation)."""
    return _WORD_CHAR.search(token) is not None


class _WordCache(dict):
    """token -> ``_is_word(token)``, remembered (a dict look-up is several times cheaper than
    the regular expression); cleared when it grows past ``limit`` so memory stays bounded."""

    limit = 50_000

    def __missing__(self, token: str) -> bool:
        if len(self) >= self.limit:
            self.clear()
        word = self[token] = _is_word(token)
        return word


_WORDS = _WordCache()


_TOKENIZER = Tokenizer()


def tokenizer_backend() -> str:
    """``rjieba`` or ``jieba``: the segmenter in use (initialises it)."""
    _TOKENIZER._init()
    return _TOKENIZER.backend


def tokenize(normalized: str) -> list[str]:
    """Tokenise a normalised text with the shared private jieba tokenizer."""
    return _TOKENIZER.tokens(normalized)


def segmenter() -> Callable[[str], list[str]]:
    """The shared tokenizer's segmentation function: every piece of a normalised text (words,
    whitespace, punctuation), in order."""
    return _TOKENIZER.segmenter()


#: Whether a segment is a word (has a letter, digit or hanzi), remembered per segment; the
#: cache's own look-up, so that mapping it over many segments costs no Python call each.
is_word = _WORDS.__getitem__


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (``display_width``)."""
    return text + " " * max(0, width - display_width(text))
