from django.core.management.base import BaseCommand
from django.db import transaction

from congress.demo import demo_modules


class Command(BaseCommand):
    help = "Load (or refresh) the demo township Wushenzhao with its 2022 year and demo accounts."

    @transaction.atomic
    def handle(self, *args, **options):
        for module in demo_modules():
            module.load()
            self.stdout.write(f"demo: {module.__name__} loaded")
        self.stdout.write(self.style.SUCCESS("The demo township is ready."))
