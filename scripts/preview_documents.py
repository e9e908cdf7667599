#!/usr/bin/env python
"""Print a year's suggestion documents and look at them: .docx → PDF (LibreOffice) → PNG pages (pdftoppm).

    DJANGO_DEBUG=1 .venv/bin/python scripts/preview_documents.py --year 2022 [--output var/preview]
        [--numbers 2022-001 2022-003] [--report] [--resolution 60]

For every item of the year (or those named) it writes the assignment notices, the evaluation form
and the reply letter, then the year's ledger (and with ``--report`` the annual work report), each as
.docx, .pdf and one PNG per page under ``--output``. LibreOffice runs with its own profile and
``scripts/preview-fonts.conf`` (the GB/T 9704 faces mapped to Noto CJK). Needs ``libreoffice`` and
``pdftoppm`` (Debian: libreoffice-writer, poppler-utils, fonts-noto-cjk). Prints what it wrote and
each PDF's page count; an item without a reply yet gets its notice only.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress.settings")


def convert(docx: Path, resolution: int) -> int:
    """The PDF next to the .docx and its pages as PNG; returns the page count."""
    profile = Path(tempfile.gettempdir()) / f"preview-documents-lo-{os.getuid()}"
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "scripts" / "preview-fonts.conf")}
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    pdf = docx.with_suffix(".pdf")
    subprocess.run(
        ["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(docx.with_suffix(""))], check=True
    )
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--output", type=Path, default=ROOT / "var" / "preview")
    parser.add_argument("--numbers", nargs="*", default=[])
    parser.add_argument("--report", action="store_true", help="also the year's work report")
    parser.add_argument("--resolution", type=int, default=60)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.core.management import call_command

    from suggestions import selectors
    from suggestions.documents import Kind, documents_docx, filename, ledger_docx, ledger_filename, missing
    from suggestions.models import Suggestion

    args.output.mkdir(parents=True, exist_ok=True)
    items = selectors.for_documents(Suggestion.objects.in_year(args.year).order_by("number"))
    if args.numbers:
        items = items.filter(number__in=args.numbers)
    written = []
    for item in items:
        for kind in Kind:
            if missing(kind, item):
                continue
            path = args.output / filename(kind, [item.number])
            path.write_bytes(documents_docx(kind, [item]))
            written.append(path)
    ledger = selectors.ledger().in_year(args.year).order_by("number")
    path = args.output / ledger_filename(args.year)
    path.write_bytes(ledger_docx(ledger, year=args.year))
    written.append(path)
    if args.report:  # as `manage.py annual_report` writes it, without saving a draft
        path = args.output / f"{args.year}-report.docx"
        call_command("annual_report", "--year", str(args.year), "--format", "docx", "--output", str(path))
        written.append(path)
    for path in written:
        print(f"{path}: {convert(path, args.resolution)} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
