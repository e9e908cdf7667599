"""python manage.py annual_report --year 2022 --format docx --output report.docx"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from congress.models import ReportDraft, ReportStatus
from office.report import document, services
from office.report.html import render_html
from office.report.word import docx_bytes


class Command(BaseCommand):
    help = (
        "Write the year's work report as Word or HTML: the final draft of the year if there is "
        "one, else a fresh draft from the template with today's figures (not saved)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["docx", "html"], default="docx")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, year, format, output, **options):
        final = (
            ReportDraft.objects.filter(year=year, status=ReportStatus.FINAL).select_related("session").first()
        )
        if final is not None:
            report = document.build(final, link=format == "html")
            source = f"the final report #{final.pk}"
        else:
            draft, sections = services.draft_from_template(year, services.default_session(year))
            report = document.build(draft, sections, link=format == "html")
            source = "a fresh draft from the template"
        path = Path(output)
        if not path.parent.exists():
            raise CommandError(f"The folder {path.parent} does not exist.")
        if format == "docx":
            path.write_bytes(docx_bytes(report))
        else:
            path.write_text(render_html(report, standalone=True), encoding="utf-8")
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(self.style.SUCCESS(f"{path}: the {year} work report ({source})."))
