"""The officer's own text of a review (CONTRACT section 11): a report text file `reports/NAME.md`,
its front matter (which plan and period, who issues and signs it, to whom it goes) and the
sections that only a person can write. Records, built by load/report_text.py from a valid file
only; the text is data (spans of plain text with their emphasis), never markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xhht.problems import Loc

# The sections of a report text file, in the order of the document: (key, heading as written).
SECTIONS = (
    ("direction", "Công tác chỉ đạo, triển khai"),
    ("other_results", "Kết quả khác"),
    ("shortcomings", "Tồn tại, hạn chế"),
    ("causes", "Nguyên nhân"),
    ("lessons", "Bài học kinh nghiệm"),
    ("tasks", "Nhiệm vụ, giải pháp"),
    ("proposals", "Kiến nghị, đề xuất"),
)
SECTION_KEYS = tuple(key for key, _ in SECTIONS)
BLOCK_KINDS = ("paragraph", "item", "subheading")


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """A stretch of the officer's text with one emphasis (**bold**, *italic*)."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TextBlock:
    """A paragraph, a list item (`- …`) or a sub-heading (`### …`) of a section."""

    kind: str
    spans: tuple[Span, ...]
    line: int

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSection:
    key: str  # one of SECTION_KEYS
    blocks: tuple[TextBlock, ...]
    loc: Loc


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportSigner:
    title: str
    authority: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportText:
    """One report text file. The front matter's optional keys are None when the file leaves them
    out (`[report]` in xhht.toml may give them); `sections` by key, those the file gives."""

    file: str
    plan: str
    start: int
    end: int
    loc: Loc  # the file's first line
    plan_loc: Loc
    period_loc: Loc
    number: str | None = None
    date: dt.date | None = None
    place: str | None = None
    parent_body: str | None = None
    body: str | None = None
    subject: str | None = None
    signer: ReportSigner | None = None
    recipients: tuple[str, ...] | None = None
    sections: tuple[ReportSection, ...] = ()

    def section(self, key: str) -> ReportSection | None:
        return next((s for s in self.sections if s.key == key), None)
