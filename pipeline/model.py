"""The one typed object that flows through the stages: a ``Notice`` and its parts.

Every extracted value carries ``span = (start, end)``: Python string indices into ``Notice.text``
so that ``text[start:end] == raw``. ``raw_text`` is the text before repair; each ``Repair`` records
its place in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

SCHEMA_VERSION = "1.6"

Span = tuple[int, int]
Status = Literal["success", "partial", "failure"]
Format = Literal["text", "markdown", "pdf_text", "pdf_scan", "image", "doc", "docx", "html"]
DocType = Literal["notice", "implementation_plan", "proposal_reply", "other"]
Level = Literal["国家", "省", "市", "县", "各级", "各地"]
Role = Literal["lead", "support", "responsible"]
Comparator = Literal[">=", "<=", "==", ">", "<"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class OcrInfo(_Model):
    engine: str
    lang: str
    mean_confidence: float | None = None
    pages_ocred: int = 0
    psm: int | None = None
    dpi: int | None = None
    cached_pages: int = 0


class PageInfo(_Model):
    """Where one page's characters came from: its text layer or OCR, and what was set aside."""

    number: int
    method: Literal["text", "text_layer", "ocr"]
    span: Span = Field((0, 0), description="the page's characters in raw_text")
    chars: int = 0
    ocr_confidence: float | None = None
    text_layer_quality: float | None = None
    furniture: list[str] = Field(default_factory=list,
                                 description="page numbers, running headers/footers kept out of the body")
    ocr_route: str | None = Field(
        None, description="how an OCR'd page was read: 'plain' (as rendered) or 'deskew+binarize' "
        "(the reading kept, of one or two: a page whose first reading's confidence is low is read "
        "the other way too); 'skew:<degrees>+' first when the page was found skewed and read "
        "straightened first; '+lines:<n>' after when n weak lines were read again; prefixed "
        "'red_dropout+' when red ink (banner, seal) was lifted from the page first")
    banner: str | None = Field(None, description="a red banner line read apart from the page "
                                                 "(the issuer of a 红头文件), put first in its text")


class PageSlot:
    """A page on its way through ingest and OCR (not serialised): text, or an image to OCR."""

    def __init__(self, number: int, text: str | None = None, image: bytes | None = None,
                 info: PageInfo | None = None) -> None:
        self.number = number
        self.text = text
        self.image = image  # the rendered grey page as PGM or PNG bytes (readers/ink.encode)
        self.banners: list[bytes] = []  # PNG crops of red banner lines, read apart
        self.red = False  # the page carried red ink, lifted before OCR
        self.info = info or PageInfo(number=number, method="ocr" if image else "text")
        # a PDF page is rendered when the OCR stage reads it (``readers.pdf``): this fills
        # ``image``, ``banners`` and ``red``; None once done or for a page that is not deferred
        self.render: Callable[[], None] | None = None

    @property
    def needs_ocr(self) -> bool:
        return self.image is not None or self.render is not None


class Source(_Model):
    path: str
    sha256: str
    format: Format
    pages: int = 1
    encoding: str | None = None
    bytes: int = 0
    ocr: OcrInfo | None = None
    page_info: list[PageInfo] = []
    province: str | None = Field(None, description="region hint from the manifest")
    city: str | None = Field(None, description="region hint from the manifest")


class ErrorRecord(_Model):
    stage: str
    code: str
    message: str
    page: int | None = None


class Region(_Model):
    province: str | None = None
    city: str | None = None


class Body(_Model):
    """An issuer or a recipient with the characters it was read from."""

    name: str = Field(description="the body's name (its region completed where the header implies it)")
    kind: str | None = Field(None, description="its function from the department gazetteer, if known")
    span: Span


class Doc(_Model):
    title: str | None = None
    doc_number: str | None = None
    issuers: list[str] = []
    recipients: list[str] = []
    issuer_bodies: list[Body] = Field(default_factory=list, description="issuers with kind and span")
    recipient_bodies: list[Body] = Field(default_factory=list,
                                         description="recipients with kind and span")
    issue_date: str | None = None
    region: Region = Region()
    doc_type: DocType = "other"
    spans: dict[str, list[Span]] = Field(
        default_factory=dict,
        description="field name -> spans of the characters each value was read from",
    )


class TimeWindow(_Model):
    start: str | None
    end: str | None
    open_ended: bool = False
    end_condition: str | None = None
    raw: str
    span: Span


class Department(_Model):
    kind: str
    name: str
    level: Level | None = None
    role: Role | None = None
    span: Span


class Deadline(_Model):
    date: str
    raw: str
    span: Span
    phrase: str | None = Field(None, description="the clause the deadline governs, as written "
                               "(6月底前完成排查), for readers who need more than the date")
    phrase_span: Span | None = None


class Limit(_Model):
    """A relative time limit (10个工作日内): a span of time, not a date."""

    value: int
    unit: str
    raw: str
    span: Span


class Target(_Model):
    value: int | float
    value_max: int | float | None = Field(None, description="upper bound of a range (1—2个: 1, 2)")
    unit: str
    comparator: Comparator = "=="
    metric: str | None = None
    raw: str
    span: Span


class Reference(_Model):
    title: str | None = None
    doc_number: str | None = None
    span: Span


PartRole = Literal["tasks", "goals", "safeguards", "requirements", "background", "other"]


class Section(_Model):
    """A top-level unit of the body (kept for 1.x consumers; ``outline`` has every level)."""

    number: str
    index: int
    title: str
    span: Span
    role: PartRole = "other"


class OutlineUnit(_Model):
    """One numbered unit of the body at any level: 第X章, 第X条, 一、, （一）, 1., （1）, ① or an attachment."""

    id: str = Field(description="positional: the Arabic numbers of the enclosing units and its own (2.1.4)")
    level: int = Field(description="depth in the outline, 1 for a top-level unit")
    style: str = Field(description="numbering style from resources/numbering.toml, or 'attachment'")
    number: str = Field(description="the number as written: （一）, 1., 第五条, 附件1")
    index: int = Field(description="the number's value")
    heading: str
    heading_span: Span
    span: Span
    role: PartRole = Field("other", description="what the unit is for, its part's role when it names none")
    children: list[OutlineUnit] = []


class Parent(_Model):
    number: str
    heading: str


class Task(_Model):
    id: str
    number: str
    heading: str
    heading_span: Span
    text: str
    span: Span
    level: int = Field(1, description="the task's depth in the outline")
    parents: list[Parent] = Field(default_factory=list,
                                  description="the enclosing units, outermost first")
    themes: list[str] = []
    time: TimeWindow | None = None
    departments: list[Department] = []
    deadlines: list[Deadline] = []
    limits: list[Limit] = []
    targets: list[Target] = []


class Repair(_Model):
    span: Span
    raw_span: Span
    before: str
    after: str
    rule: str
    confidence: float


class Quality(_Model):
    garble_ratio_raw: float | None = None
    garble_ratio: float | None = None
    warnings: list[str] = []


class Provenance(_Model):
    pipeline_version: str
    config_sha256: str
    tesseract: str | None = None
    lexicon_sha256: str | None = None


class Notice(_Model):
    schema_version: str = SCHEMA_VERSION
    id: str
    source: Source
    status: Status = "success"
    errors: list[ErrorRecord] = []
    doc: Doc = Doc()
    sections: list[Section] = []
    outline: list[OutlineUnit] = []
    tasks: list[Task] = []
    doc_targets: list[Target] = []
    doc_deadlines: list[Deadline] = Field(
        default_factory=list, description="deadlines outside the tasks (goal parts, closing lines)")
    references: list[Reference] = []
    text: str = ""
    raw_text: str = ""
    repairs: list[Repair] = []
    quality: Quality = Quality()
    provenance: Provenance
    _pages: list[PageSlot] = PrivateAttr(default_factory=list)
    _path: Any = PrivateAttr(default=None)  # the input's path as the file system has it
    _compact: Any = PrivateAttr(default=None)  # text.Compact of the current text

    def add_error(self, stage: str, code: str, message: str, page: int | None = None) -> None:
        """Record a non-fatal error; a notice with errors is never ``success``."""
        from .errors import without_addresses

        self.errors.append(ErrorRecord(stage=stage, code=code, message=without_addresses(message),
                                       page=page))
        if self.status == "success":
            self.status = "partial"
