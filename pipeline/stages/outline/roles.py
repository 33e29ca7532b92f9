"""What a unit is for (its part role) and whether it carries a responsibility label.

Both are rules as data: resources/part_roles.toml and resources/labels.toml.
"""

from __future__ import annotations

import re
from functools import cache

from ...resources import load_toml
from ...text import Gated, alternation, first_guard, gated
from .headings import ARTICLE_NAME

EXCLUDED = frozenset({"goals", "safeguards", "requirements", "background"})
# Styles whose top-level units are parts (their headings name what the part is for); a unit of
# another style, or a deeper one, takes a role only when its heading is little more than the word.
PART_STYLES = frozenset({"part", "chapter", "section", "cn_comma", "attachment", "bullet1"})


@cache
def _roles(kind: str = "deep") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each role's words, longest first, for a ``kind`` of unit: "deep" (a deeper unit, or a
    top-level one of a style that names no part), "part" (a top-level part), "chapter" (a
    regulation's 第X章: no applicant words, no words of a notice's parts only)."""
    spec = load_toml("part_roles.toml")
    out = []
    for role in spec["order"]:
        words = list(spec["roles"][role])
        if kind != "chapter" and role == "requirements":
            words += spec["applicant"]
        if kind != "deep":
            words += spec["part_only"].get(role, [])
            # a part named by a direction word alone (二、重点领域), not a measure that names one
            # (四、深化重点领域绿色低碳转型)
            words = [f"^{w}$" if w in spec["directions"] else w for w in words]
        if kind == "chapter":
            words += spec["chapter_only"].get(role, [])
        else:
            words += spec["not_chapter"].get(role, [])
        out.append((role, tuple(sorted(words, key=lambda w: -_length(w)))))
    return tuple(out)


def _length(word: str) -> int:
    """The characters a role word needs in a title (``^`` and ``$`` mark its ends, no character)."""
    return len(word) - word.endswith("$") - word.startswith("^")


@cache
def _slack() -> int:
    return int(load_toml("part_roles.toml")["deep_slack"])


RUN_ON_TITLE = 15  # characters beyond which a part's title has run on into its text
# …and beyond which it is a paragraph (二、重点行业企业是…责任主体，要围绕…，细化改造内容、实施路径和时限安排；):
# a role word inside it (实施路径) names nothing; only one it opens with counts.
PARAGRAPH_TITLE = 30


def role_of(heading: str, part: bool, chapter: bool = False) -> str:
    """tasks / goals / safeguards / requirements / background / other for a unit's heading.

    ``part``: a top-level unit of a part style, whose heading is searched for the words;
    otherwise the heading must be the word and little more. ``chapter``: that part is a
    regulation's 第X章. (OCR damage is repair's to mend.)
    """
    title = _title(heading)
    if not title:
        return "other"
    if part:
        patterns = _role_patterns("chapter" if chapter else "part")
        for role, pattern in patterns if len(title) > RUN_ON_TITLE else ():  # a heading run on into
            if pattern.match(title):  # its text (指导思想坚持以…开展专项行动): the word it opens with
                return role
        if len(title) > PARAGRAPH_TITLE:  # a paragraph, not a heading: its words are its text's
            return "other"
        for role, pattern in patterns:
            if pattern.search(title):
                if role == "background" and title.startswith(_widening()):
                    return "other"
                if (role in ("tasks", "goals", "requirements", "background")
                        and title.startswith(_measure_verbs()) and not pattern.match(title)):
                    return "other"  # 十四、加力实施污染物减排重点工程, 一、调整中长期合同签订原则: a measure
                return role
        return "other"
    # a deeper unit's heading is the word and little more: at most deep_slack characters more, and
    # the word at least half of it (明确审核范围 is a measure, not the 范围 of a standard)
    shortest = max(len(title) - _slack(), (len(title) + 1) // 2)
    n = len(title)
    for role, inner, final, whole, sizes in _deep_words():  # a title's pieces of that length at
        # least, of a length some word of the role has (a title longer than twice the longest
        # word has none to look up)
        if (title in whole
                or any(title[n - k:] in final for k in sizes[1] if shortest <= k <= n)
                or any(title[i:i + k] in inner for k in sizes[0] if shortest <= k <= n
                       for i in range(n - k + 1))):
            return role
    return "other"


DeepWords = tuple[str, frozenset[str], frozenset[str], frozenset[str], tuple[tuple[int, ...], tuple[int, ...]]]


@cache
def _deep_words() -> tuple[DeepWords, ...]:
    """Each role's deep words as sets, looked up by a title's pieces (a title is short, the words
    many): those found anywhere, those that end the title (``$``), those that are all of it; and
    the lengths of the first two."""
    out = []
    for role, words in _roles():
        inner = frozenset(w for w in words if not w.endswith("$"))
        final = frozenset(w[:-1] for w in words if w.endswith("$") and not w.startswith("^"))
        whole = frozenset(w[1:-1] for w in words if w.startswith("^"))
        sizes = (tuple(sorted({len(w) for w in inner})), tuple(sorted({len(w) for w in final})))
        out.append((role, inner, final, whole, sizes))
    return tuple(out)


@cache
def _role_patterns(kind: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each role's words as one pattern (a word written with a final ``$`` ends the title)."""
    out = []
    for role, words in _roles(kind):
        inner = alternation(w for w in words if not w.endswith("$"))
        final = alternation(w[:-1] for w in words if w.endswith("$") and not w.startswith("^"))
        whole = alternation(w[1:-1] for w in words if w.startswith("^"))
        parts = [f"(?:{inner})" if inner else "", rf"(?:{final})\Z" if final else "",
                 rf"\A(?:{whole})\Z" if whole else ""]
        out.append((role, re.compile("|".join(p for p in parts if p) or "(?!)")))
    return tuple(out)


def _title(heading: str) -> str:
    """A heading's title: its first clause, without whitespace."""
    return "".join(re.split(r"[：:；;。]", heading)[0].split())


@cache
def builds_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """part_roles.toml's [builds]: the safeguard words a part may be named by and still build
    something, and the verbs its building units open with."""
    spec = load_toml("part_roles.toml")["builds"]
    return tuple(spec["words"]), tuple(spec["verbs"])


@cache
def _widening() -> tuple[str, ...]:
    """part_roles.toml's verbs that make a part heading a measure (三、拓展药学服务范围)."""
    return tuple(load_toml("part_roles.toml")["widening"]["verbs"])


@cache
def _measure_verbs() -> tuple[str, ...]:
    """part_roles.toml's verbs that make a part heading a measure whatever role word it holds."""
    return tuple(load_toml("part_roles.toml")["measure_verbs"]["verbs"])


@cache
def _weak() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """part_roles.toml's weak safeguard words, and the other safeguard words."""
    spec = load_toml("part_roles.toml")
    weak = tuple(spec["weak"]["safeguards"])
    return weak, tuple(w for w in spec["roles"]["safeguards"] if w not in weak)


@cache
def _list_leads() -> tuple[str, ...]:
    return tuple(load_toml("part_roles.toml")["list_leads"])


def leads_a_list(lead: str) -> bool:
    """Whether a unit's text before its items announces a list of cases (有下列情形的，…：)."""
    return any(w in lead for w in _list_leads())


def weak_safeguard(heading: str) -> bool:
    """Whether a heading reads as a safeguard only by a weak word (加大宣传引导力度, not 保障措施)."""
    title = _title(heading)
    weak, strong = _weak()
    return any(_has(title, w) for w in weak) and not any(_has(title, w) for w in strong)


def _has(title: str, word: str) -> bool:
    """``word`` in ``title``; a word written with a final ``$`` must end the title, one written
    ``^…$`` must be all of it."""
    if word.startswith("^"):
        return title == word[1:-1]
    return title.endswith(word[:-1]) if word.endswith("$") else word in title


# the number of a bracketed heading (（一）, (十二)) that may open a field's line
HEADING_NUMBER = r"[（(][一二三四五六七八九十]{1,3}[）)]"


# Dashes a field line may open with (——牵头单位：…；配合单位：…).
_DASHES = r"[—–\-－─]*+\s*+"


@cache
def _label_res() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    spec = load_toml("labels.toml")
    cues = "|".join(map(re.escape, spec["bracket_cues"]))
    fields = "|".join(map(re.escape, spec["field_cues"]))
    # a line break inside a bracket is a wrap (PDF text layers), a blank line is not
    # a short bracket inside it (各县（市、区）住建局, 各县区(开发区)安委会) is part of a name
    inner = r"(?:[^（）()\n]|\n(?![ \t\u3000]*\n)|[（(][^（）()\n]{1,12}[）)])"
    # up to 160 characters each side: a national notice's label may list fifteen ministries
    ends = "|".join(map(re.escape, spec.get("bracket_end_cues", [])))
    bracket = re.compile(rf"[（(](?:{inner}{{0,160}}(?:{cues}){inner}{{0,160}}"
                         rf"|(?P<who>(?:[^（）()\n，,。；;]|[（(][^（）()\n]{{1,12}}[）)]){{2,160}})(?:{ends}))[)）]")
    # 牵头单位：…, or a numbered heading line that names the field (（一）试点单位。 then the bodies)
    # …or one in square brackets before its bodies (【责任单位】省发展改革委; [牵头单位：…])
    # (a match opens at the text's start or with one of these characters: looked ahead for first)
    field = re.compile(first_guard(r"【〔\[\n。；;，,（(", (
        rf"[【〔\[](?:{fields})[】〕\]][：:]?"
        rf"|(?:^|[\n。；;，,（(\[])\s*+{_DASHES}(?:{HEADING_NUMBER})?\s*+[\u4e00-\u9fff]{{0,4}}?"
        rf"(?:{fields})\s*(?:[：:]|。?[ \t\u3000]*\n)"), at_start=True))
    # a label in 〔〕 or 【】 (〔市生态环境局牵头，…各县、区人民政府（管委会）负责落实。〕): round
    # brackets inside it
    square = re.compile(rf"[〔【][^〔〕【】\n]{{0,200}}?(?:{cues})[^〔〕【】\n]{{0,200}}?[〕】]")
    return bracket, field, square, int(spec["min_labelled_units"])


def has_label(text: str) -> bool:
    """The text states who carries the unit out: （责任单位：…）, （X牵头，Y配合）, 牵头单位：…,
    or a closing bracket that lists only bodies."""
    return bool(_brackets(text) or _field_search(text) or _bare_lists(text))


def _field_search(text: str) -> re.Match[str] | None:
    """The first field label of ``text`` (``_label_res``'s second pattern). Every such label
    holds one of the field words (a gate, ``text.Gated``), so a text without any is not searched:
    the search tries its alternatives at every punctuation mark (0.33 s over the development
    corpus, whose units seldom name a field), the words' test is a few substring scans."""
    gate = _field_gate()
    return gate.pattern.search(text) if gate.possible(text) else None


def _names_field(text: str) -> bool:
    return _field_gate().possible(text)


@cache
def _field_gate() -> Gated:
    return gated(_label_res()[1], *load_toml("labels.toml")["field_cues"])


def back_reference(line: str) -> bool:
    """Whether a paragraph opens by referring back to the list before it (上述第1项由…, 以上任务…:
    labels.toml ``[assignments] back_references``)."""
    return line.lstrip().startswith(_back_references())


@cache
def _back_references() -> tuple[str, ...]:
    return tuple(load_toml("labels.toml")["assignments"]["back_references"])


def is_field_line(line: str) -> bool:
    """A line that opens with a responsibility field (牵头单位：…, 配合单位：…)."""
    return bool(_label_res()[1].match(line.lstrip()))


def _brackets(text: str) -> list[tuple[int, int]]:
    """Bracketed labels: a cue inside (（责任单位：…）, （X牵头）), or a closing verb after bodies only
    (（自然资源部、工业和信息化部指导）, not the remark of 行业主管（业务指导）部门)."""
    bracket, square = _label_res()[0], _label_res()[2]
    endings = _bare_list()[1] + tuple(load_toml("labels.toml")["field_body_endings"])
    return [m.span() for m in bracket.finditer(text)
            if m.group("who") is None or all(w.endswith(endings) for w in m.group("who").split("、"))
            ] + [m.span() for m in square.finditer(text)]


_FIELD_END = re.compile(r"[。；;）)】〕\]\n（(【〔\[]|[ \t\u3000]+(?=[\u4e00-\u9fff])")  # a square-bracketed
# field ends at the next one
_TOKEN = re.compile(r"[^\s，,。；;、（(：:]{1,30}")


@cache
def _body_or_role() -> tuple[str, ...]:
    """How a word a field lists ends: a body's ending, a role verb (牵头, 配合 …) or 等."""
    data = load_toml("labels.toml")
    verbs = [w for role in ("lead", "support", "responsible") for w in data["roles"][f"{role}_verbs"]]
    return tuple(data["body_endings"] + data["field_body_endings"] + verbs + ["等"])


def _field_end(text: str, at: int) -> int:
    """Where a field label that starts at ``at`` ends: its clause's end, the bracket around it
    closing (a short bracket opened inside it, 各县（市、区）住建局, closes first), or a space before
    words that name no body (a page whose line breaks became spaces: …等参与 鼓励农民增施有机肥，…)."""
    depth = 0
    for m in _FIELD_END.finditer(text, at):
        c = m.group()
        if c[0] in " \t\u3000":
            token = _TOKEN.match(text, m.end())
            if not text[at:m.start()].strip() or text[m.start() - 1] == "\n" or token is None \
                    or token.group().endswith(_body_or_role()):  # (an indent, the field's first line)
                continue  # 市发展改革委 市财政局: bodies a space apart
            return m.start()
        if c in "（(":
            depth += 1
        elif c in "）)" and depth:
            depth -= 1
        else:
            return m.start()
    return len(text)


@cache
def _bare_list() -> tuple[re.Pattern[str], tuple[str, ...]]:
    endings = tuple(load_toml("labels.toml")["body_endings"])
    item = r"[^（）()\n，,。；;：:、\d]{2,14}"
    # two bodies or more; or one, standing alone after its paragraph's last sentence (…。（就管中心）)
    # (a match opens with its bracket or the spaces before it: looked ahead for first, since the
    # lookbehind of the second alternative would be tried at every character)
    return re.compile(first_guard(r"（( \t\u3000",
                                  rf"(?:[（(](?:{item})(?:、{item})+[)）]|(?<=[。；;])[ \t\u3000]*[（(]{item}[)）])"
                                  rf"(?=[。.；;]?[ \t\u3000]*(?:\n|$))")), endings


def _bare_lists(text: str) -> list[tuple[int, int]]:
    """Brackets closing a paragraph that list only bodies: labels without a cue word."""
    pattern, endings = _bare_list()
    out = []
    for m in pattern.finditer(text):
        a = text.index("（", m.start()) if "（" in m.group() else text.index("(", m.start())
        if all(part.endswith(endings) for part in text[a + 1:m.end() - 1].split("、")):
            out.append((a, m.end()))
    return out


def label_spans(text: str) -> list[tuple[int, int]]:
    """Where the responsibility labels of ``text`` stand: each bracketed label, each bracket that
    closes a paragraph listing only bodies, and each field label (牵头单位：…) up to the end of
    its clause."""
    spans = _brackets(text) + _bare_lists(text)
    for m in _label_res()[1].finditer(text) if _names_field(text) else ():
        spans.append((m.start(), _field_end(text, m.end())))
    return sorted(spans)


def min_labelled_units() -> int:
    return _label_res()[3]


@cache
def _articles(key: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in load_toml("part_roles.toml")[key]))


def frames_regulation(article_text: str, in_chapter: bool = True) -> bool:
    """An article that frames its regulation (why, what its words mean, who interprets it, when
    it takes effect; what it covers, where the regulation has no chapters): no measure. Each of
    its sentences frames, or its first opens a list (本办法所称X，包括：…); a definition followed by
    a rule (本办法所称主要工作城市是指…。夫妻双方主要工作城市相同的，只能由一方扣除…) is a rule."""
    def frames(sentence: str) -> bool:
        return bool(_articles("framing_articles").match(sentence)
                    or (not in_chapter and _articles("scope_articles").match(sentence)))

    words = "".join(article_text.split())
    named = ARTICLE_NAME.match(words)  # 第一条（目的和依据）为了…: the article's name first
    sentences = [x for x in words[named.end() if named else 0:].split("。") if re.search(r"\w", x)]
    if sentences and not in_chapter and _articles("liability_articles").match(sentences[0]):
        return True  # 违反本办法第五条规定的，由…处…罚款: a regulation's penalty without its chapter
    if not sentences or not frames(sentences[0]):
        return False
    more = _articles("framing_sentences")
    return any(c in sentences[0] for c in "：:") or all(frames(x) or more.match(x)
                                                        for x in sentences[1:])


@cache
def _directions() -> tuple[str, ...]:
    return tuple(load_toml("part_roles.toml")["directions"])


def names_directions(heading: str) -> bool:
    """A task part's heading that names directions only (重点领域), no measures (重点任务)."""
    title = rest = "".join(heading.split())
    for word in _directions():
        rest = rest.replace(word, "")
    return rest != title and role_of(rest, part=True) != "tasks"


@cache
def _field_headings() -> frozenset[str]:
    return frozenset(load_toml("part_roles.toml")["field_headings"])


def names_field(heading: str) -> bool:
    """A heading that names a field of its unit (试点单位。, 预期成果：), not a measure."""
    return "".join(heading.split()).rstrip("。：:.") in _field_headings()


@cache
def _requirements_as_measures() -> tuple[str, ...]:
    return tuple(load_toml("part_roles.toml")["requirements_as_measures"]["words"])


def requirements_as_measures(heading: str) -> bool:
    """Whether a part's requirements are its notice's measures where no part gives tasks
    (part_roles.toml ``requirements_as_measures``: 二、相关要求 after 一、工作目标 alone)."""
    return any(w in _title(heading) for w in _requirements_as_measures())


@cache
def _duties_words() -> tuple[str, ...]:
    return tuple(load_toml("part_roles.toml")["duties_paragraph"]["words"])


def names_duties(heading: str) -> bool:
    """Whether a part of tasks is named for who does what (任务分工): written as one paragraph, with
    no units, beside a part that lists the tasks, it gives none (part_roles.toml ``duties_paragraph``)."""
    return any(w in heading for w in _duties_words())


@cache
def lost_chapter() -> re.Pattern[str]:
    """A closing chapter's heading alone on its line (part_roles.toml ``lost_chapter_headings``; a
    space may stand between its characters, 附 则)."""
    spaced = [r"\s*".join(map(re.escape, w)) for w in load_toml("part_roles.toml")["lost_chapter_headings"]]
    return re.compile(rf"^[#*\s]*(?:{'|'.join(spaced)})[*\s]*$", re.M)
