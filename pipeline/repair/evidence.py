"""Does a text need repair? Evidence that clean notices of any field do not show.

Born-digital text (plain text, Markdown, DOCX, HTML, a PDF text layer) is what its author typed:
field words (工信, 奖补, 全栈, 算力) that a lexicon does not know are not errors, and a repeated
passage is the author's. Such text is repaired only when it carries marks that only OCR leaves:

- unreadable lines: lines mostly made of rare glyphs that form no words (疒袈毽眦跛蹭, what OCR
  makes of a red header);
- stray symbols between the characters (ˉ ∶ ◇ ◆ ^ ¨ ˇ ∷: scanner specks read as marks);
- a doc number's brackets read as letters (环发E2022〕3号, 〔2022|5号): no typist writes them.

Measured over the 193 clean notices of the development corpus (``python -m bench repair``): no
unreadable line in any of them and at most 0.04 stray symbols per 1,000 characters; the
Guangdong OCR dump has 6 unreadable lines and 1.6 stray symbols per 1,000. The thresholds
(``[repair]`` in the config) sit far from the clean side. The garble ratio is kept as a quality
figure; it does not decide (real notices of other fields reach it with no OCR anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..text import gated
from .lexicon import Lexicon, quick_lexicon
from .unreadable import SPACE, STRAY_RE, unreadable_lines

# 〔 read as E, 〕 read as | l I j J: a 发文字号 whose bracket became a letter.
MISREAD_DOCNUM = gated(
    r"[\u4e00-\u9fff]E(?:19|20)\d{2}[〕\]】）)]\s*\d{1,4}\s*号|〔(?:19|20)\d{2}[|lIjJ]\s*\d{1,4}\s*号", "号")


@dataclass(frozen=True)
class Evidence:
    unreadable_lines: int
    stray_per_1000: float
    misread_marks: int = 0

    def overwhelming(self, min_unreadable: int, min_stray: float, min_misread: int = 1) -> bool:
        return (self.unreadable_lines >= min_unreadable or self.stray_per_1000 >= min_stray
                or self.misread_marks >= min_misread)


def evidence(text: str, lex: Lexicon | None = None) -> Evidence:
    """The OCR marks of ``text`` (linear in its length)."""
    visible = len(text) - len(SPACE.findall(text))
    stray = len(STRAY_RE.findall(text))
    bad = unreadable_lines(text, lex or quick_lexicon)  # looked up only if a line needs it
    return Evidence(len(bad), round(1000 * stray / max(1, visible), 3),
                    len(MISREAD_DOCNUM.findall(text)))
