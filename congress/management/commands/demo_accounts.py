from django.core.management.base import BaseCommand

from congress.demo import DEMO_PASSWORD, demo_modules


class Command(BaseCommand):
    help = "Print the demo logins that load_demo creates."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="only print the logins (the default)")

    def handle(self, *args, **options):
        self.stdout.write(f"  演示账号（密码均为 {DEMO_PASSWORD}）：")
        for module in demo_modules():
            for username, description in getattr(module, "ACCOUNTS", []):
                self.stdout.write(f"    {username:<10} {description}")
