"""A regulation's promulgation line under its title: the date, the organ that adopted (or last
revised) or promulgated it and its order's number (``2022年6月6日 中华人民共和国国家安全部令第2号公布``,
``（2008年7月17日经人力资源和社会保障部第6次部务会议通过）``). Find, then the header stage writes
each value with the span of its characters where the header names them no other way."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import CN_NUMERALS

SEARCH_LINES = 12  # the line stands right under the title

_COUNT = rf"[\d{CN_NUMERALS}百零〇]+"
_DATE = (r"(?P<date>(?P<y>\d{4})[ \t\u3000]*年[ \t\u3000]*(?P<m>\d{1,2})[ \t\u3000]*月[ \t\u3000]*(?P<d>\d{1,2})"
         r"[ \t\u3000]*日)")
# One event of a regulation's history: adopted by a meeting, revised or amended by a later one, or
# promulgated by an organ's order.
_EVENT = (_DATE + r"[ \t\u3000]*(?:经[ \t\u3000]*)?(?P<organ>(?!在)[\u4e00-\u9fff]{2,40}?)[ \t\u3000]*"
          rf"(?:(?P<order>令[ \t\u3000]*第[ \t\u3000]*{_COUNT}[ \t\u3000]*号)[ \t\u3000]*(?:公布|发布|颁布)"
          rf"|第[ \t\u3000]*{_COUNT}[ \t\u3000]*次[\u4e00-\u9fff]{{0,10}}?会议"
          # …that adopted, revised or amended it (not 在…会议上: a report made there)
          r"(?=[ \t\u3000]*(?:审议)?(?:通过|修订|修正|批准)|[ \t\u3000]*《))")
# opens its line (the spaces before it read once: possessive — what follows the first run is a
# bracket or a digit, the second run comes only after a bracket)
PROMULGATED = re.compile(r"^[ \t\u3000#*>]*+[（(]?[ \t\u3000]*+" + _EVENT, re.M)
LATER = re.compile(_EVENT)  # …and the later events of the same line (修正, 修订)


@dataclass
class Promulgation:
    date: str
    date_span: tuple[int, int]
    organ: str
    organ_span: tuple[int, int]
    order: str | None  # the organ's order as a doc number (中华人民共和国国家安全部令第2号)
    order_span: tuple[int, int] | None


def find_promulgation(text: str) -> Promulgation | None:
    """The first promulgation line among the text's first lines."""
    cut = 0
    for _ in range(SEARCH_LINES):
        nxt = text.find("\n", cut)
        if nxt < 0:
            cut = len(text)
            break
        cut = nxt + 1
    m = PROMULGATED.search(text, 0, cut)
    if m is None:
        return None
    end = text.find("\n", m.end())
    for later in LATER.finditer(text, m.end(), end if end >= 0 else len(text)):
        m = later  # the text as last revised: its date and the body that revised it
    month, day = int(m["m"]), int(m["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    order = order_span = None
    if m["order"]:
        order = "".join((m["organ"] + m["order"]).split())
        order_span = (m.start("organ"), m.end("order"))
    return Promulgation(f"{m['y']}-{month:02d}-{day:02d}", m.span("date"), issuer_name(m["organ"]),
                        m.span("organ"), order, order_span)


TERM = re.compile(rf"第{_COUNT}届")  # 威海市第十七届人民代表大会常务委员会: the congress, not its term


def issuer_name(organ: str) -> str:
    """The organ as the body it is: its term left out (its full name as printed kept, as a
    signature's is: 中华人民共和国国家安全部)."""
    return TERM.sub("", "".join(organ.split()))
