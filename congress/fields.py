"""Model fields the apps share."""

from django.conf import settings
from django.db import models


def done_by(verbose_name, **options) -> models.ForeignKey:
    """Who recorded, replied, confirmed...: an account, kept as empty when the account is deleted
    (the history keeps the name), with no reverse relation on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )
