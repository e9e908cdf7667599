from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from congress.demo import entered_rows, load_demo
from congress.models import TownshipProfile


class Command(BaseCommand):
    help = (
        "Load the demo township Wushenzhao (its 2022 year and demo accounts), and a smaller second "
        "township, Tuke, into a database that holds no records yet. A database with records is left as it is: `manage.py demo_reset` replaces it."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            present = entered_rows()
            if present:
                self.stdout.write(existing_records_line(present))
                return
            for name in load_demo():
                self.stdout.write(_("demo: %(module)s loaded") % {"module": name})
            self.stdout.write(self.style.SUCCESS(_("The demo township is loaded.")))


def existing_records_line(present: dict) -> str:
    """One line: what the database holds, that it is served as it is, and how to start over."""
    from django.contrib.auth import get_user_model

    township = "、".join(
        str(profile.township)
        for profile in TownshipProfile.objects.every_township().select_related("township")
    )
    return _(
        "The database already holds records (%(township)s%(accounts)s accounts, %(rows)s rows in all): "
        "the demo is not loaded and nothing is changed. `make demo-reset` replaces them with the demo."
    ) % {
        "township": f"{township}，" if township else "",
        "accounts": present.get(get_user_model(), 0),
        "rows": sum(present.values()),
    }
