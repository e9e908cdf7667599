from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from congress.demo import entered_rows, is_history, reset_to_demo


class Command(BaseCommand):
    help = (
        "Erase every record and account of this database and load the demo township instead. "
        "Lists what it will erase (rows per model) and asks first, unless --yes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--yes", action="store_true", help="erase without asking")

    def handle(self, *args, yes=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            present = entered_rows()
            if present:
                self.stdout.write(_("This erases, from %(database)s:") % {"database": database_name()})
                for line in erase_lines(present):
                    self.stdout.write(f"  {line}")
                self.stdout.write(
                    _(
                        "Uploaded files stay in the media folder. Run `make backup` first if you may want "
                        "these records back."
                    )
                )
                if not yes and not confirmed(self, _("Type yes to erase them and load the demo: ")):
                    raise CommandError(_("Nothing was erased."))
            else:
                self.stdout.write(_("The database holds no records: loading the demo."))
            reset_to_demo()
            self.stdout.write(self.style.SUCCESS(_("The demo township is loaded.")))


def database_name() -> str:
    return str(settings.DATABASES["default"]["NAME"])


def erase_lines(present: dict) -> list[str]:
    """One line per model with rows (history summed into one line), largest first."""
    records = sorted(
        ((n, model) for model, n in present.items() if not is_history(model)),
        key=lambda item: (-item[0], item[1]._meta.label),
    )
    lines = [f"{model._meta.verbose_name_plural}（{model._meta.label}）：{n}" for n, model in records]
    history = sum(n for model, n in present.items() if is_history(model))
    if history:
        lines.append(_("change history: %(rows)s rows") % {"rows": history})
    return lines


def confirmed(command, question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:  # no terminal (a script): never erase without --yes
        command.stdout.write("")
        return False
    return answer.strip().lower() in {"yes", "y", "是"}
