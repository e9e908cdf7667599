"""The report as printed: title block and paragraphs of runs, shared by the HTML and Word output."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from congress.figures import REGISTRY, records_url
from congress.models import ReportDraft, SectionKind, TownshipProfile
from congress.numerals import chinese_ordinal
from congress.word_layout import spaced

from .placeholders import Placeholder, split
from .services import FigureCache, draft_problems

# Title block lines, in print order.
TITLE, SUBTITLE, SPEAKER = "title", "subtitle", "speaker"
# Paragraph styles of the body.
SALUTATION, HEADING, BODY = "salutation", "heading", "body"


@dataclass
class Run:
    text: str
    code: str = ""
    label: str = ""
    url: str = ""


@dataclass
class Paragraph:
    style: str
    runs: list[Run]
    lead: str = ""  # a second-level heading leading the paragraph: （一）坚持党的领导，牢牢把握政治方向。

    @property
    def text(self) -> str:
        return self.lead + "".join(run.text for run in self.runs)


@dataclass
class Report:
    year: int
    title: str
    subtitle: str
    speaker: str
    paragraphs: list[Paragraph]
    draft: ReportDraft
    warnings: list[str] = field(default_factory=list)

    @property
    def spaced_title(self) -> str:
        """Short titles are spread out as official documents print them: 人 大 工 作 报 告."""
        return spaced(self.title)

    @property
    def subtitle_lines(self) -> list[str]:
        """The subtitle in two lines as printed: ——…在乌审召镇第四届 / 人民代表大会第三次会议上."""
        head, marker, tail = self.subtitle.partition("人民代表大会")
        if not marker or len(self.subtitle) <= 24 or not head:
            return [self.subtitle] if self.subtitle else []
        return [head, marker + tail]

    @property
    def text(self) -> str:
        return "\n".join([self.title, self.subtitle, self.speaker] + [p.text for p in self.paragraphs])


def subtitle_of(draft: ReportDraft, township: str) -> str:
    """——2022年12月16日在乌审召镇第四届人民代表大会第三次会议上."""
    session = draft.session
    if session is None:
        return ""
    day = session.start_date
    return f"——{day.year}年{day.month}月{day.day}日在{township}{session}上"


def _with_stop(heading: str) -> str:
    return heading if not heading or heading[-1] in "。！？；：" else heading + "。"


class _Figures:
    """The printed text of each placeholder: the draft's stored figures, else computed now."""

    def __init__(self, draft: ReportDraft, link: bool):
        self.draft, self.link = draft, link
        self.stored = (draft.figures or {}).get("texts", {})
        self.cache = FigureCache(draft.year)
        self.warnings: list[str] = []

    def run(self, placeholder: Placeholder) -> Run:
        code = placeholder.code
        definition = REGISTRY.get(code)
        if placeholder.token in self.stored:
            text = self.stored[placeholder.token]
        elif definition is not None:
            text = self.cache.text(placeholder)
            self.warnings.append(f"{placeholder}: {text}")
        else:
            return Run(text=str(placeholder))
        url = records_url(code, self.draft.year) if self.link else ""
        return Run(text=text, code=code, label=str(definition.label) if definition else code, url=url)

    def runs(self, text: str) -> list[Run]:
        return [Run(text=part) if isinstance(part, str) else self.run(part) for part in split(text)]


def build(draft: ReportDraft, sections=None, *, link: bool = True) -> Report:
    """The report of a draft (saved or not: ``sections`` for an unsaved one)."""
    township = TownshipProfile.current().name
    sections = list(draft.sections.all()) if sections is None else sections
    figures = _Figures(draft, link)
    paragraphs: list[Paragraph] = []
    parts = subparts = 0
    for section in sections:
        lines = section.paragraphs
        if section.kind == SectionKind.SALUTATION:
            paragraphs += [Paragraph(SALUTATION, figures.runs(line)) for line in lines]
            continue
        lead = ""
        if section.kind == SectionKind.PART:
            parts += 1
            subparts = 0
            paragraphs.append(
                Paragraph(HEADING, figures.runs(f"{chinese_ordinal(parts)}、{section.heading}"))
            )
        elif section.kind == SectionKind.SUBPART:
            subparts += 1
            lead = f"（{chinese_ordinal(subparts)}）{_with_stop(section.heading)}"
            if not lines:
                lines = [""]
        for line in lines:
            paragraphs.append(Paragraph(BODY, figures.runs(line), lead=lead))
            lead = ""
    report = Report(
        year=draft.year,
        title=draft.title,
        subtitle=subtitle_of(draft, township),
        speaker=draft.speaker,
        paragraphs=paragraphs,
        draft=draft,
    )
    if not draft.is_final:
        report.warnings = draft_problems(draft, sections).warnings
    report.warnings += [
        _("%(figure)s was not computed with the draft and shows today's value: refresh the figures.")
        % {"figure": text}
        for text in figures.warnings
    ]
    return report
