from django.core.management.base import BaseCommand

from suggestions.notifications import REMINDER_DAYS, send_deadline_reminders


class Command(BaseCommand):
    help = (
        f"Remind staff and lead units {REMINDER_DAYS} days before a suggestion's deadline and tell them "
        "once it has passed. Run once a day (cron); each round is reminded once."
    )

    def handle(self, *args, **options):
        sent = send_deadline_reminders()
        self.stdout.write(f"deadline reminders: {sent['reminders']}, overdue notices: {sent['overdue']}")
