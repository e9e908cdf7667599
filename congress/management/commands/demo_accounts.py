from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management.base import BaseCommand

from congress.demo import DEMO_PASSWORD, demo_modules


class Command(BaseCommand):
    help = "Print the demo logins, if this database holds them (they come only with the demo)."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="only print the logins (the default)")

    def handle(self, *args, **options):
        logins = [login for module in demo_modules() for login in getattr(module, "ACCOUNTS", [])]
        users = get_user_model().objects.in_bulk([name for name, _d in logins], field_name="username")
        # An account of that name that does not open with the demo password is someone's own.
        # (The plain check: the user's method would re-hash and save an old hash.)
        working = [
            (name, description)
            for name, description in logins
            if name in users and users[name].is_active and check_password(DEMO_PASSWORD, users[name].password)
        ]
        if not working:
            return
        self.stdout.write(f"  演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, description in working:
            self.stdout.write(f"    {username:<10} {description}")
