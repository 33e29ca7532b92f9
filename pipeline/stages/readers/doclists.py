"""Automatic list numbers of a Word 97–2003 document ([MS-DOC] 2.9.147 PlfLst, 2.9.146 PlfLfo):
the lists' definitions (LSTF, each with one or nine LVLs) and the list instances paragraphs name
(LFO, by ``sprmPIlfo`` and ``sprmPIlvl``), read into the same ``Numbering`` as a .docx's, so that
a paragraph gets the number Word draws before it (一、 （一） 1. are often not typed)."""

from __future__ import annotations

import struct

from .listnumbers import Level, Numbering

# nfc: a level's number format ([MS-OSHARED] MSONFC) as the .docx name listnumbers knows: the
# Chinese, Taiwanese and "DbNum" counting systems all count 一二三 (their legal forms 壹贰叁), the GB
# forms are enclosed numbers (⒈ ⑴ ①), Zodiac1 the heavenly stems (甲乙丙).
NFC = {0x00: "decimal", 0x01: "upperRoman", 0x02: "lowerRoman", 0x03: "upperLetter",
       0x04: "lowerLetter", 0x0E: "decimal", 0x13: "decimal", 0x16: "decimalZero", 0x17: "bullet",
       0x12: "decimalEnclosedCircle", 0x1A: "decimalEnclosedFullstop", 0x1B: "decimalEnclosedParen",
       0x1C: "decimalEnclosedCircle", 0x1E: "ideographTraditional", 0x22: "chineseLegalSimplified",
       0x26: "chineseLegalSimplified", 0xFF: "none"}
NFC |= dict.fromkeys((0x0A, 0x0B, 0x10, 0x11, 0x21, 0x23, 0x24, 0x25, 0x27, 0x28), "chineseCounting")
LSTF, LVLF, LFO = 28, 28, 16
SIMPLE_LIST = 0x01  # LSTF flags: one level, not nine
LEGAL = 0x04  # LVLF flags: fLegal, the numbers of the levels above as decimals
PLF_LST, PLF_LFO = 73, 74  # indexes of their (fc, lcb) pairs in FibRgFcLcb97
MAX_LISTS = 4096  # more list definitions or instances than any document holds: damage


def _lvl(table: bytes, at: int) -> tuple[Level, int]:
    """One LVL at ``at``: its level and where the next begins. The number text (xst) holds the
    levels' numbers as characters 0–8, written here as %1–%9."""
    start, nfc, flags = struct.unpack_from("<iBB", table, at)
    at += LVLF + table[at + 24] + table[at + 25]  # the LVLF, then its character and paragraph sprms
    count = struct.unpack_from("<H", table, at)[0]
    raw = table[at + 2:at + 2 + 2 * count]
    if len(raw) != 2 * count:
        raise struct.error("a list level's number text runs past its stream")
    text = "".join(f"%{ord(c) + 1}" if ord(c) < 9 else c for c in raw.decode("utf-16-le", "replace"))
    return Level(start, NFC.get(nfc, "decimal"), text, bool(flags & LEGAL)), at + 2 + 2 * count


def _definitions(table: bytes, fc: int, lcb: int) -> dict[int, dict[int, Level]]:
    """lsid -> its levels, from the PlfLst (the LVLs follow it in the table stream)."""
    if lcb < 2:
        return {}
    count = struct.unpack_from("<h", table, fc)[0]
    if not 0 <= count <= MAX_LISTS:
        raise struct.error(f"{count} list definitions")
    heads = [(struct.unpack_from("<i", table, fc + 2 + LSTF * k)[0], table[fc + 2 + LSTF * k + 26])
             for k in range(count)]
    out: dict[int, dict[int, Level]] = {}
    at = fc + lcb
    for lsid, flags in heads:
        levels = {}
        for ilvl in range(1 if flags & SIMPLE_LIST else 9):
            levels[ilvl], at = _lvl(table, at)
        out[lsid] = levels
    return out


def read_lists(word: bytes, table: bytes, fib_pairs: int) -> Numbering:
    """The document's lists as a ``Numbering`` whose list ids are the LFO indexes (1-based, as
    ``sprmPIlfo`` names them). ``fib_pairs``: where FibRgFcLcb begins in the WordDocument stream."""
    (fc_lst, lcb_lst), (fc_lfo, lcb_lfo) = (struct.unpack_from("<II", word, fib_pairs + 8 * k)
                                            for k in (PLF_LST, PLF_LFO))
    numbering = Numbering()
    if not lcb_lst or not lcb_lfo:
        return numbering
    definitions = _definitions(table, fc_lst, lcb_lst)
    count = struct.unpack_from("<I", table, fc_lfo)[0]
    if count > MAX_LISTS:
        raise struct.error(f"{count} list instances")
    at = fc_lfo + 4 + LFO * count
    for k in range(count):
        lsid = struct.unpack_from("<i", table, fc_lfo + 4 + LFO * k)[0]
        levels = dict(definitions.get(lsid, {}))
        overrides = table[fc_lfo + 4 + LFO * k + 12]
        at += 4  # the LFOData's cp
        for _ in range(overrides):
            start, flags = struct.unpack_from("<iI", table, at)
            at += 8
            ilvl = flags & 0x0F
            if flags & 0x20:  # fFormatting: a whole level of its own follows
                level, at = _lvl(table, at)
                levels[ilvl] = level
            if flags & 0x10 and ilvl in levels:  # fStartAt
                old = levels[ilvl]
                levels[ilvl] = Level(start, old.fmt, old.text, old.legal)
        numbering.levels[str(k + 1)] = levels
        # instances of one list go on counting unless they restart it (Word's behaviour)
        numbering.counted_as[str(k + 1)] = f"lfo:{k + 1}" if overrides else f"lsid:{lsid}"
    return numbering
