"""An account as the office sees it, and the log of what was done to it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Account(get_user_model()):
    """账号: a user as presidium staff manage it (a deputy's or a unit's portal account)."""

    class Meta:
        proxy = True
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class AccountAction(models.TextChoices):
    OPENED = "opened", _("account opened")
    PASSWORD_RESET = "password_reset", _("password reset")
    PASSWORD_CHANGED = "password_changed", _("password changed by its holder")
    DISABLED = "disabled", _("account disabled")
    ENABLED = "enabled", _("account enabled")
    EDITED = "edited", _("account details changed")


# The actions that hand out a one-time password (printed on a sign-in slip).
ISSUING = (AccountAction.OPENED, AccountAction.PASSWORD_RESET)


class AccountEvent(models.Model):
    """One step in an account's life, with who took it: the account's history.

    Written only by ``congress.accounts.services``; the log is itself the audit
    trail, so it keeps no separate history. An issuing step keeps the hash of
    the one-time password it issued (never the password): while the account's
    password is still that one, its holder must change it before anything else.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_events",
        verbose_name=_("account"),
    )
    action = models.CharField(_("action"), max_length=20, choices=AccountAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)
    one_time_password = models.CharField(
        _("one-time password (hash)"), max_length=128, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["account_id", "at", "pk"]
        indexes = [models.Index(fields=["account", "one_time_password"], name="account_event_issued")]

    def __str__(self):
        return f"{self.account} {self.get_action_display()}"
