"""Word 97–2003 binary documents (.doc, and WPS Office's .wps written in the same format) to
plain text: the main document's characters as its piece table lays them out ([MS-DOC] 2.4.1,
"Retrieving Text"), field codes dropped and field results kept, table cells joined by tabs.

The file is an OLE compound file (read by ``olefile``); its ``WordDocument`` stream opens with
the FIB, which gives the length of the main text (``ccpText``), which table stream holds the
piece table (``0Table`` or ``1Table``) and where (``fcClx``). Each piece is a run of characters
stored either as UTF-16LE or, "compressed", one byte a character in cp1252.
"""

from __future__ import annotations

import io
import re
import struct
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import pairwise

from ...errors import PipelineError
from .doclists import PLF_LFO, read_lists
from .listnumbers import Numbering

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_IDENT = 0xA5EC
FIRST_NFIB = 0x00C0  # Word 97 writes 0x00C1; Word 6 and 95 (0x0065–0x0068) are another layout
ENCRYPTED, TABLE_1, OBFUSCATED = 0x0100, 0x0200, 0x8000  # FibBase flags
FIB_BASE = 32
CCP_TEXT = 3  # index of ccpText in FibRgLw97
PAPX, CLX = 13, 33  # indexes of (fcPlcfBtePapx, lcbPlcfBtePapx) and (fcClx, lcbClx) in FibRgFcLcb97
FKP = 512  # a formatted disk page
TTP = (0x2417, 0x244C)  # sprmPFTtp, sprmPFInnerTtp: this paragraph mark ends a table row
IN_TABLE = (0x2416, 0x6649)  # sprmPFInTable, sprmPItap: this paragraph is in a table's cell
ILFO, ILVL = 0x460B, 0x260A  # sprmPIlfo, sprmPIlvl: the list instance and level it is numbered by
PARAGRAPH_END = "\r"

FIELD_BEGIN, FIELD_SEPARATE, FIELD_END = "\x13", "\x14", "\x15"
CELL_END = "\x07"
PICTURE = "\x01"  # an inline picture's anchor
# the other control characters of the text stream: what each becomes in plain text
CONTROLS = {"\x0b": "\n", "\x0c": "\n", "\x1e": "-"}
_MARK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # every mark but the tab and a bare line feed


def _cp1252() -> dict[int, str]:
    """Compressed pieces: cp1252, with the five bytes cp1252 leaves undefined kept as Latin-1."""
    table = {}
    for byte in range(0x80, 0xA0):
        try:
            table[byte] = bytes([byte]).decode("cp1252")
        except UnicodeDecodeError:
            table[byte] = chr(byte)
    return table


_HIGH = str.maketrans(_cp1252())


def is_word(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC)


def _streams(data: bytes) -> tuple[bytes, bytes]:
    """The WordDocument stream and the table stream the FIB names."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                kinds = ", ".join("/".join(p) for p in ole.listdir()[:6])
                raise PipelineError("E103", "an OLE compound file that holds no Word document "
                                    f"(streams: {kinds}); only Word 97–2003 .doc/.wps is read")
            word = ole.openstream("WordDocument").read()
            if len(word) < FIB_BASE + 2:
                raise PipelineError("E108", "corrupt Word document: the FIB is truncated")
            ident, nfib = struct.unpack_from("<HH", word, 0)
            flags = struct.unpack_from("<H", word, 0x0A)[0]
            if ident != WORD_IDENT:
                raise PipelineError("E108", f"corrupt Word document: FIB identifier {ident:#06x}")
            if nfib < FIRST_NFIB:
                raise PipelineError("E103", f"a Word 6/95 document (nFib {nfib:#06x}): save it "
                                    "as .docx or PDF")
            if flags & (ENCRYPTED | OBFUSCATED):
                raise PipelineError("E109", "the Word document is encrypted")
            name = "1Table" if flags & TABLE_1 else "0Table"
            if not ole.exists(name):
                raise PipelineError("E108", f"corrupt Word document: no {name} stream")
            return word, ole.openstream(name).read()
    except PipelineError:
        raise
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError) as exc:
        raise PipelineError("E108", f"corrupt Word document: {type(exc).__name__}: {exc}") from exc


def _fib(word: bytes) -> tuple[int, tuple[int, int], tuple[int, int], int]:
    """(ccpText, (fcClx, lcbClx), (fcPlcfBtePapx, lcbPlcfBtePapx), where FibRgFcLcb begins) from
    the FIB's variable parts."""
    at = FIB_BASE
    csw = struct.unpack_from("<H", word, at)[0]
    at += 2 + 2 * csw
    cslw = struct.unpack_from("<H", word, at)[0]
    if cslw <= CCP_TEXT:
        raise PipelineError("E108", "corrupt Word document: the FIB has no text length")
    ccp_text = struct.unpack_from("<i", word, at + 2 + 4 * CCP_TEXT)[0]
    at += 2 + 4 * cslw
    pairs = struct.unpack_from("<H", word, at)[0]
    if pairs <= CLX:
        raise PipelineError("E108", "corrupt Word document: the FIB has no piece table")
    clx = struct.unpack_from("<II", word, at + 2 + 8 * CLX)
    papx = struct.unpack_from("<II", word, at + 2 + 8 * PAPX)
    return ccp_text, clx, papx, at + 2


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """The piece table: (first character, character after the last, file offset, compressed)."""
    clx = table[fc_clx:fc_clx + lcb_clx]
    if len(clx) != lcb_clx or not lcb_clx:
        raise PipelineError("E108", "corrupt Word document: the piece table is outside its stream")
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # Prc: formatting the pieces refer to, skipped
        size = struct.unpack_from("<h", clx, at + 1)[0]
        if size < 0:
            raise PipelineError("E108", "corrupt Word document: a negative Prc size")
        at += 3 + size
    if at >= len(clx) or clx[at] != 0x02:
        raise PipelineError("E108", "corrupt Word document: no Pcdt in the piece table")
    size = struct.unpack_from("<I", clx, at + 1)[0]
    plc = clx[at + 5:at + 5 + size]
    count = (size - 4) // 12
    if size < 16 or (size - 4) % 12 or len(plc) != size:
        raise PipelineError("E108", "corrupt Word document: a piece table of a wrong size")
    cps = struct.unpack_from(f"<{count + 1}i", plc, 0)
    if any(b < a for a, b in pairwise(cps)):
        raise PipelineError("E108", "corrupt Word document: the pieces are out of order")
    out = []
    for k in range(count):
        fc = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * k + 2)[0]
        compressed = bool(fc & 0x40000000)
        fc &= 0x3FFFFFFF
        out.append((cps[k], cps[k + 1], fc // 2 if compressed else fc, compressed))
    return out


def _characters(word: bytes, pieces: list[tuple[int, int, int, bool]], limit: int
                ) -> tuple[str, dict[int, int]]:
    """The text stream's characters 0..``limit`` (the main document), and the file offset of
    each paragraph and cell mark among them (by its character position)."""
    parts = []
    marks: dict[int, int] = {}
    for start, end, offset, compressed in pieces:
        end = min(end, limit)
        if end <= start:
            continue
        count = end - start
        width = 1 if compressed else 2
        raw = word[offset:offset + width * count]
        if len(raw) != width * count:
            raise PipelineError("E108", "corrupt Word document: a piece runs past its stream")
        part = (raw.decode("latin-1").translate(_HIGH) if compressed
                else raw.decode("utf-16-le", errors="replace"))
        for mark in (PARAGRAPH_END, CELL_END):
            at = part.find(mark)
            while at >= 0:
                marks[start + at] = offset + width * at
                at = part.find(mark, at + 1)
        parts.append(part)
    return "".join(parts), marks


def _sprms(grpprl: bytes) -> Iterator[tuple[int, bytes]]:
    """(sprm, operand) of a property list ([MS-DOC] 2.2.5.1: the operand's size from spra)."""
    at = 0
    while at + 2 <= len(grpprl):
        sprm = struct.unpack_from("<H", grpprl, at)[0]
        at += 2
        spra = sprm >> 13
        if spra == 6:  # variable: a size byte (two for sprmTDefTable, sprmPChgTabs' own rule)
            if sprm == 0xD608 and at + 2 <= len(grpprl):
                size = struct.unpack_from("<H", grpprl, at)[0] - 1
                at += 2
            else:
                size = grpprl[at] if at < len(grpprl) else 0
                at += 1
        else:
            size = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}[spra]
        yield sprm, grpprl[at:at + size]
        at += size


Props = tuple[bool, bool, int, int]  # in a cell, ends a row, list instance (0: none), level


class Paragraphs:
    """What a paragraph's properties (its PAPX, found through the bin table of paragraph FKPs)
    say: in a table's cell (sprmPFInTable, or a table depth by sprmPItap), whether its mark ends
    a row (sprmPFTtp or sprmPFInnerTtp), and the list it is numbered by (sprmPIlfo, sprmPIlvl)."""

    def __init__(self, word: bytes, table: bytes, papx: tuple[int, int]) -> None:
        self.word = word
        fc, lcb = papx
        plc = table[fc:fc + lcb]
        count = (lcb - 4) // 8 if lcb >= 12 and len(plc) == lcb else 0
        self.bounds = struct.unpack_from(f"<{count + 1}I", plc, 0) if count else ()
        self.pages = (struct.unpack_from(f"<{count}I", plc, 4 * (count + 1)) if count else ())
        self.fkps: dict[int, tuple[tuple[int, ...], list[Props]]] = {}

    def _fkp(self, page: int) -> tuple[tuple[int, ...], list[Props]]:
        if page not in self.fkps:
            fkp = self.word[page * FKP:(page + 1) * FKP]
            if len(fkp) != FKP:
                raise PipelineError("E108", "corrupt Word document: a paragraph page is missing")
            runs = fkp[-1]
            fcs = struct.unpack_from(f"<{runs + 1}I", fkp, 0)
            ends: list[Props] = []
            for k in range(runs):
                at = 2 * fkp[4 * (runs + 1) + 13 * k]
                size = 2 * fkp[at] - 1 if fkp[at] else 2 * fkp[at + 1]
                start = at + (1 if fkp[at] else 2)
                grpprl = fkp[start + 2:start + size] if at else b""  # after the style index
                props = dict(_sprms(grpprl))
                ilfo = props.get(ILFO, b"")
                ends.append((any(props.get(s, b"").strip(b"\0") for s in IN_TABLE),
                             any(props.get(s, b"")[:1] == b"\x01" for s in TTP),
                             struct.unpack("<h", ilfo)[0] if len(ilfo) == 2 else 0,
                             props.get(ILVL, b"\0")[0] if props.get(ILVL) else 0))
            self.fkps[page] = (fcs, ends)
        return self.fkps[page]

    def __call__(self, fc: int) -> Props | None:
        """The properties of the paragraph holding file offset ``fc`` (None: not known)."""
        k = bisect_right(self.bounds, fc) - 1
        if not 0 <= k < len(self.pages):
            return None
        fcs, ends = self._fkp(self.pages[k] & 0x3FFFFF)
        run = bisect_right(fcs, fc) - 1
        return ends[run] if 0 <= run < len(ends) else None


def plain(stream: str, paragraph: Callable[[int], Props | None] = lambda _: None,
          lists: Numbering | None = None) -> str:
    """The text stream as plain text: field codes dropped and their results kept, a cell's end a
    tab and a row's end a line break, pictures as ``[image: picture]``, other marks dropped.

    ``paragraph(k)`` gives the properties of the paragraph whose mark is at character ``k``:
    whether it is in a table's cell (a cell's paragraphs are joined, as the .docx reader joins
    them), whether it ends a row, and the list and level it is numbered by (its number, from
    ``lists``, is written before it). Where they are not known, a cell mark right after another
    ends the row (an empty cell before a row's end would read so too) and a paragraph mark ends a
    line."""
    done: list[str] = []
    para: list[str] = []  # the paragraph being read: its list number goes before it at its end
    fields: list[bool] = []  # per open field: whether its result has begun
    at = 0
    for mark in _MARK.finditer(stream):
        position, char = mark.start(), mark.group()
        if all(fields):  # not inside a field's code (HYPERLINK "…", PAGE, TOC \o)
            para.append(stream[at:position])
        at = position + 1
        if char == FIELD_BEGIN:
            fields.append(False)
        elif char == FIELD_SEPARATE:
            if fields:
                fields[-1] = True
        elif char == FIELD_END:
            if fields:
                fields.pop()
        elif not all(fields):
            pass
        elif char in (PARAGRAPH_END, CELL_END):
            props = paragraph(position)
            if props and lists and props[2] > 0:
                done.append(lists.number(str(props[2]), props[3]))
            done.extend(para)
            para = []
            if char == PARAGRAPH_END:
                if not (props and props[0]):
                    done.append("\n")
            elif props[1] if props else stream[position - 1:position] == CELL_END:
                _drop_tabs(done)
                done.append("\n")
            else:
                done.append("\t")
        elif char == PICTURE:
            para.append("[image: picture]")
        else:
            para.append(CONTROLS.get(char, ""))
    if all(fields):
        para.append(stream[at:])
    return "".join(done + para)


def _drop_tabs(out: list[str]) -> None:
    """A row's end: the tabs of its trailing empty cells go."""
    while out:
        last = out.pop().rstrip("\t")
        if last:
            out.append(last)
            return


def read_doc(data: bytes) -> str:
    """The main text of a Word 97–2003 binary document (a coded error for anything else)."""
    word, table = _streams(data)
    try:
        ccp_text, clx, papx, pairs = _fib(word)
        if not 0 <= ccp_text <= len(word):  # a character takes a byte of the stream at least
            raise PipelineError("E108", f"corrupt Word document: a text length of {ccp_text}")
        stream, marks = _characters(word, _pieces(table, *clx), ccp_text)
        paragraphs = Paragraphs(word, table, papx)
        known = {k: paragraphs(fc) for k, fc in marks.items()}
    except (struct.error, IndexError, KeyError) as exc:
        raise PipelineError("E108", f"corrupt Word document: {type(exc).__name__}: {exc}") from exc
    return plain(stream, lambda k: known.get(k), _lists(word, table, pairs))


def _lists(word: bytes, table: bytes, pairs: int) -> Numbering | None:
    """The document's automatic list numbers; none when it has no list tables, or damaged ones
    (the text is read all the same, without the numbers Word would draw)."""
    try:
        if struct.unpack_from("<H", word, pairs - 2)[0] <= PLF_LFO:
            return None
        return read_lists(word, table, pairs)
    except (struct.error, IndexError, KeyError, ValueError):
        return None
