"""Report text files (`reports/*.md`, CONTRACT section 11): YAML front matter between two `---`
lines, then the officer's sections under `## ` headings, in a small subset of Markdown.

    ---
    plan: haugiang-kh64
    period: 2013-2015
    ---
    ## Công tác chỉ đạo, triển khai
    Sở đã **tham mưu** …
    - một ý;
    - ý khác.

The front matter is read as a plan file is (load/yamlsrc: the safe YAML, file:line for every key,
did-you-mean for an unknown key) and validated by `ReportSpec`. The sections are split on `## `
lines; a heading must be one of the seven of `model.report_text.SECTIONS` (compared without
regard to case and spacing). The text is data, never markup: our own parser reads paragraphs,
`- ` items, `### ` sub-headings, **bold** and *italic* (and backslash escapes) into spans of
plain text; anything else (HTML, links, tables) stays text as written.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import ValidationError

from xhht.base.periods import PeriodError, parse_period
from xhht.load.plans import spec_problems
from xhht.load.yamlsrc import load_yaml
from xhht.model.report_text import (
    SECTIONS,
    ReportSection,
    ReportSigner,
    ReportText,
    Span,
    TextBlock,
)
from xhht.model.specs import ReportSpec, SignerSpec
from xhht.problems import Loc, Problem, did_you_mean
from xhht.problems.catalogue import phrase

MAX_REPORT_BYTES = 1024 * 1024  # a report's text is a few pages: 1 MiB is far above any
FENCE = re.compile(r"^---[ \t]*$")
# A heading's text is what follows the `#`s, without the closing `#`s: stripped by hand, not by the pattern
# (`(.*?)[ \t#]*$` backtracked over every ` #`: a 60,000-character heading took 30 s to check).
HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
ITEM = re.compile(r"^[ ]{0,3}[-*+][ \t]+(.*)$")
NUMBERED = re.compile(r"^[ ]{0,3}(\d{1,3}|[a-zđ])[.)][ \t]+\S")


def load_report_text(text: str, file: str) -> tuple[ReportText | None, list[Problem]]:
    """One report text file (its text already NFC, from safe_io or textfiles): the record, or None
    when its front matter cannot be used, and its problems."""
    lines = text.split("\n")
    if not lines or not FENCE.match(lines[0]):
        return None, [Loc(file, 1, 1).problem("report-front-matter")]
    close = next((i for i in range(1, len(lines)) if FENCE.match(lines[i]) or lines[i].rstrip() == "..."), None)
    if close is None:
        return None, [Loc(file, 1, 1).problem("report-front-matter", unclosed=True)]
    front = "\n".join(lines[:close]) + "\n"  # from the opening `---`: every line keeps its number
    doc, problems = load_yaml(front, file)
    if doc is None:
        return None, problems
    if not isinstance(doc.data, dict):
        return None, problems + [Loc(file, 2, 1).problem("report-front-matter", mapping=True)]
    sections, more = _sections(lines, close + 1, file)
    try:
        spec = ReportSpec.model_validate(doc.data)
    except ValidationError as err:
        return None, problems + spec_problems(err, doc, _spec_for, report=True) + more
    try:
        start, end = parse_period(str(spec.period))
    except PeriodError as exc:
        problems.append(doc.loc(("period",)).problem("bad-period", reason=phrase(exc.kind, text=exc.text)))
        return None, problems + more
    problems += more
    signer = spec.signer
    record = ReportText(
        file=file, plan=spec.plan.strip(), start=start, end=end, loc=Loc(file, 1, 1), plan_loc=doc.loc(("plan",)),
        period_loc=doc.loc(("period",)), number=spec.number, date=spec.date, place=spec.place,
        parent_body=spec.parent_body, body=spec.body, subject=spec.subject,
        signer=ReportSigner(title=signer.title, authority=signer.authority, name=signer.name) if signer else None,
        recipients=tuple(spec.recipients) if spec.recipients is not None else None, sections=tuple(sections))
    return record, problems


def _spec_for(path: tuple):
    if not path:
        return ReportSpec
    if path[-1] == "signer":
        return SignerSpec
    return None


def _key(heading: str) -> str:
    """A heading as compared: NFC, case and spacing ignored, a final colon or full stop dropped."""
    text = unicodedata.normalize("NFC", heading).casefold()
    return " ".join(text.replace(",", ", ").split()).replace(" ,", ",").rstrip(":.").strip()


HEADINGS = {_key(title): key for key, title in SECTIONS}
TITLES = dict(SECTIONS)
ORDER = {key: i for i, (key, _) in enumerate(SECTIONS)}


def _sections(lines: list[str], first: int, file: str) -> tuple[list[ReportSection], list[Problem]]:
    """The sections after the front matter (lines[first:] are the file's lines first+1 …)."""
    problems: list[Problem] = []
    sections: list[ReportSection] = []
    seen: dict[str, int] = {}
    current: tuple[str, int] | None = None  # (key, line) of the section being read
    body: list[tuple[int, str]] = []
    skipping = False  # under an unknown or repeated heading: its text belongs to no section

    def close() -> None:
        if current is not None and not skipping:
            sections.append(ReportSection(key=current[0], blocks=tuple(_blocks(body)), loc=Loc(file, current[1], 1)))

    for i in range(first, len(lines)):
        number, line = i + 1, lines[i].rstrip()
        heading = _heading(line)
        if heading and heading[0] <= 2:
            title = heading[1]
            if heading[0] == 1:  # said, and read as the section it names
                problems.append(Loc(file, number, 1).problem("report-heading-level", heading=title))
            close()
            body = []
            key = HEADINGS.get(_key(title))
            if key is None:
                guess = did_you_mean(_key(title), list(HEADINGS))
                problems.append(Loc(file, number, 4).problem("report-unknown-section", heading=title,
                                                             guess=TITLES[HEADINGS[guess]] if guess else None))
                current, skipping = ("", number), True
                continue
            if key in seen:
                problems.append(Loc(file, number, 4).problem("report-duplicate-section", heading=TITLES[key],
                                                             first=seen[key]))
                current, skipping = (key, number), True
                continue
            later = [k for k in seen if ORDER[k] > ORDER[key]]
            if later:
                problems.append(Loc(file, number, 4).problem("report-section-order", heading=TITLES[key],
                                                             before=TITLES[later[0]]))
            seen[key] = number
            current, skipping = (key, number), False
            continue
        if current is None:
            if line.strip():
                problems.append(Loc(file, number, 1).problem("report-text-outside"))
                current, skipping = ("", number), True
            continue
        body.append((number, line))
    close()
    return sections, problems


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a `## Text ##` line, None for any other line."""
    m = HEADING.match(line)
    return (len(m.group(1)), m.group(2).rstrip(" \t#").strip()) if m else None


def _blocks(body: list[tuple[int, str]]) -> list[TextBlock]:
    """Paragraphs (separated by blank lines; a numbered line starts one), `- ` items and `### `
    sub-headings; the lines of one block are joined with a space."""
    blocks: list[TextBlock] = []
    kind, start, parts = None, 0, []

    def flush() -> None:
        if kind is not None and parts:
            blocks.append(TextBlock(kind=kind, spans=spans(" ".join(parts)), line=start))

    for number, line in body:
        if not line.strip():
            flush()
            kind, parts = None, []
            continue
        heading, item = _heading(line), ITEM.match(line)
        if heading:
            flush()
            blocks.append(TextBlock(kind="subheading", spans=spans(heading[1]), line=number))
            kind, parts = None, []
        elif item:
            flush()
            kind, start, parts = "item", number, [item.group(1).strip()]
        elif kind is None or NUMBERED.match(line):
            flush()
            kind, start, parts = "paragraph", number, [line.strip()]
        else:
            parts.append(line.strip())
    flush()
    return blocks


# ---------------------------------------------------------------- emphasis

_TOKEN = re.compile(r"\\([!-/:-@\[-`{-~])|(\*\*|__)|([*_])")


def spans(text: str) -> tuple[Span, ...]:
    """**bold**, __bold__, *italic*, _italic_ and backslash escapes, as spans of plain text. A
    marker opens only when a matching one closes it later in the text; `_` inside a word
    (snake_case) is a letter. Everything else is the text as written."""
    tokens: list[tuple[str, str]] = []  # (kind, text): kind is "text", "**" or "*"
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() > pos:
            tokens.append(("text", text[pos:m.start()]))
        if m.group(1) is not None:
            tokens.append(("text", m.group(1)))
        else:
            marker = m.group(2) or m.group(3)
            before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
            if marker[0] == "_" and (before.isalnum() and after.isalnum()):
                tokens.append(("text", marker))
            else:
                tokens.append(("**" if len(marker) == 2 else "*", marker))
        pos = m.end()
    if pos < len(text):
        tokens.append(("text", text[pos:]))
    # pair the markers: an opener needs the same marker later on; unpaired ones are text
    paired: set[int] = set()
    open_at: dict[str, int] = {}
    for i, (kind, marker) in enumerate(tokens):
        if kind == "text":
            continue
        key = marker
        if key in open_at:
            paired |= {open_at.pop(key), i}
        else:
            open_at[key] = i
    out: list[Span] = []
    bold = italic = False
    for i, (kind, value) in enumerate(tokens):
        if kind != "text" and i in paired:
            if kind == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        if out and out[-1].bold == bold and out[-1].italic == italic:
            out[-1] = Span(text=out[-1].text + value, bold=bold, italic=italic)
        else:
            out.append(Span(text=value, bold=bold, italic=italic))
    return tuple(s for s in out if s.text)

