"""The repair, pass by pass, over one text: which rules run in which order, and the log.

Each pass shows its rules the text as the passes before it left it; ``EditLog`` folds every
pass's edits into one list of repairs against the raw text.

1. pages: a page scanned twice, page-number and footer junk lines, page numbers an export
   left inside a sentence;
2. glyph junk: stray symbols, misread brackets (【】, 〔〕, 》（), converter placeholders,
   Kangxi radicals and compatibility ideographs standing for unified ones (⼀ -> 一);
3. layout: lines broken mid-sentence re-joined (unreadable lines kept apart);
4. punctuation: paired marks (《…） -> （…）, nested titles, quotes read as ? or *), then
   full-width marks, range dashes, quotes, spaces;
5. characters: Latin strokes standing for a glyph, 形近字 substitutions, characters the OCR
   inserted (a speck read as 和);
6. unreadable lines: recovered from the body's agency names where the match is strong, else
   flagged in the warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Repair
from . import junk, layout, numbering, pairing, punctuation
from .compat import compat_edits
from .confusion import Params, shape_edits
from .edits import EditLog, map_to_raw
from .insertion import insertion_edits
from .lexicon import Lexicon, default_lexicon
from .pagenum import page_number_edits
from .unreadable import agency_names, recovery_edits, unreadable_lines

ERROR_CLASSES = {
    "shape": ("shape_confusion", "ocr_insertion"),
    "latin_digit_junk": ("latin_junk", "bracket_misread", "doc_number_bracket", "title_bracket",
                         "stray_symbol", "section_numeral", "unit_one", "item_number", "list_dash"),
    "punctuation": ("punct_width", "range_dash", "quote", "quote_pair", "bracket_pair"),
    "layout": ("line_join", "space", "page_junk", "page_number", "duplicate_page", "image_placeholder"),
    "unreadable": ("gazetteer_recovery",),
    "compatibility": ("compat_ideograph",),
}


@dataclass
class RepairResult:
    text: str
    repairs: list[Repair]
    warnings: list[str] = field(default_factory=list)


def error_class(rule: str) -> str:
    """The error class of a repair's rule (a merged rule ``a+b`` counts by its last part)."""
    last = rule.split("+")[-1]
    return next((k for k, rules in ERROR_CLASSES.items() if last in rules), "other")


def converter_repairs(raw: str, *, markdown: bool = False) -> RepairResult:
    """Born-digital text: only what a document converter demonstrably broke, each edit on its
    own evidence (an ``[image: …]`` placeholder where a % sign was, in a ratio context; a Kangxi
    radical or compatibility ideograph standing for its unified ideograph: ``compat``; the page
    numbers of an exported PDF, in their run: ``pagenum``)."""
    log = EditLog(raw)
    log.apply(junk.placeholder_edits(raw) + compat_edits(raw)
              + ([] if markdown else page_number_edits(raw)))
    return RepairResult(log.text, log.repairs())


def repair_text(raw: str, *, markdown: bool = False, lex: Lexicon | None = None,
                params: Params | None = None) -> RepairResult:
    """Repair one text; ``markdown`` keeps Markdown rules and tables out of the junk rules."""
    lex = lex or default_lexicon()
    params = params or Params()
    log = EditLog(raw)

    # 1. pages
    page = [] if markdown else layout.page_junk_edits(log.text)
    log.apply(page + layout.duplicate_page_edits(log.text))
    log.apply([] if markdown else page_number_edits(log.text))  # those inside a sentence
    # 2. glyph junk
    text = log.text
    log.apply(junk.stray_symbol_edits(text) + junk.doc_number_edits(text)
              + junk.title_close_edits(text) + junk.bracket_edits(text)
              + junk.placeholder_edits(text) + compat_edits(text) + junk.section_one_edits(text)
              + junk.unit_one_edits(text) + numbering.item_number_edits(text)
              + junk.list_dash_edits(text, lex) + punctuation.field_colon_edits(text)
              + punctuation.enumeration_comma_edits(text))
    # 3. layout
    starts = {u.start for u in unreadable_lines(log.text, lex)}
    log.apply(layout.join_edits(log.text, lex, keep=starts.__contains__))
    # 4. punctuation
    text = log.text
    log.apply(pairing.bracket_pair_edits(text) + pairing.quote_pair_edits(text, markdown))
    text = log.text
    log.apply(punctuation.width_edits(text) + punctuation.range_dash_edits(text)
              + punctuation.quote_edits(text) + punctuation.space_edits(text))
    log.apply(pairing.quote_direction_edits(log.text))
    # 5. characters
    bad = unreadable_lines(log.text, lex)
    skip = [(u.start, u.end) for u in bad]
    log.apply(junk.latin_fill_edits(log.text, lex, params))
    log.apply(shape_edits(log.text, lex, params, skip=skip))
    log.apply(insertion_edits(log.text, lex, params, skip=skip))
    # 6. unreadable lines
    bad = unreadable_lines(log.text, lex)
    log.apply(recovery_edits(log.text, bad, agency_names(log.text, bad)))
    warnings = []
    repairs = log.repairs()  # once: a text of a thousand unreadable lines maps each through them
    for u in unreadable_lines(log.text, lex):
        raw_span = map_to_raw((u.start, u.end), repairs, len(log.raw))
        warnings.append(f"low confidence: unreadable line at raw {list(raw_span)} "
                        f"({u.rare:.0%} rare glyphs, {u.words:.0%} in words), left as is: "
                        f"{log.text[u.start:u.end].strip()[:24]}")
    return RepairResult(log.text, repairs, warnings)
