from django.core.management.base import BaseCommand

from suggestions.deadlines import REMINDER_DAYS
from suggestions.notifications import send_close_notices, send_deadline_reminders


class Command(BaseCommand):
    help = (
        f"Remind staff and lead units {REMINDER_DAYS} days before a suggestion's deadline and tell them "
        "once it has passed; list for staff the outside proposers' items replied 30 days ago without an "
        "evaluation, which they may close with the reason. Run once a day (cron); each round is reminded "
        "once, each item to close is notified once and listed every day until it is closed."
    )

    def handle(self, *args, **options):
        sent = send_deadline_reminders()
        self.stdout.write(f"deadline reminders: {sent['reminders']}, overdue notices: {sent['overdue']}")
        waiting = send_close_notices()
        self.stdout.write(
            f"outside proposers' items replied 30 days ago without an evaluation, to close: {len(waiting)}"
        )
        for item in waiting:
            replied_on = item.current_round.reply.replied_on.isoformat()
            self.stdout.write(f"  {item.number} {item.title} (replied {replied_on}, {item.proposer})")
