"""No lost updates: optimistic concurrency for models, the admin and portal forms.

Three pieces, each one line to adopt:

- ``VersionedModel`` (a model mixin): a ``version`` column; every save of an
  existing row is first a conditional ``UPDATE … SET version = n + 1 WHERE
  pk = … AND version = n``. A save based on an outdated copy therefore raises
  ``StaleRecordError`` instead of overwriting what someone else saved. The
  conditional UPDATE also takes the row lock, so of two transactions racing
  to save the same version exactly one wins (PostgreSQL re-checks the WHERE
  after the lock; SQLite runs writers one at a time).
- ``VersionedFormMixin`` (a ModelForm mixin, for portal forms; ``congress.concurrency_forms``): carries the
  version the user opened in a hidden field and refuses a stale save with a
  message naming who changed the record, when, and which fields, keeping the
  user's input; the form then carries the current version, so saving again
  is a deliberate overwrite.
- ``ConcurrentModelAdmin`` / ``ConcurrentInlineMixin`` (the admin; ``congress.concurrency_admin``): the same
  for change forms and inline rows.

A portal view saves through its service and turns a race lost at the very
last moment into the same message::

    if form.is_valid():
        try:
            services.reception_update(reception=form.instance, actor=request.user)
        except StaleRecordError as error:
            form.refuse_stale(error)
        else:
            return redirect(...)

``QuerySet.update()`` does not pass through ``save()``: bulk writes that must
invalidate open forms add ``version=F("version") + 1`` themselves.

This module is the model part, which every app's models import: it imports neither forms'
machinery of the admin nor the page cache, so that models load without them.
"""

from django.db import models, router, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

VERSION_FIELD = "version"
SEEN_FIELD = "seen_version"


class StaleRecordError(Exception):
    """A save based on a copy of the record older than the one on file (or of a deleted record)."""

    def __init__(self, instance, seen_version=None):
        self.instance = instance
        self.seen_version = instance.version if seen_version is None else seen_version
        super().__init__(f"{type(instance).__name__} {instance.pk} changed after version {self.seen_version}")

    @property
    def message(self) -> str:
        return stale_message(self.instance, self.seen_version)


class VersionedModel(models.Model):
    """Mixin: saves of an existing row succeed only if nobody saved it since it was read."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised by one on every save; a save based on an older version is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args, keep_version=False, **kwargs):
        """Save, refusing a stale copy. ``keep_version``: a workflow step that re-read the row under a
        lock and writes only what the workflow owns (the state, the current round), so a form opened
        before it still saves its own fields: such a step neither checks nor raises the version."""
        if keep_version or self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], VERSION_FIELD}
        rows = type(self)._base_manager.using(using).filter(pk=self.pk)
        with transaction.atomic(using=using, savepoint=False):
            claimed = rows.filter(version=self.version).update(version=F(VERSION_FIELD) + 1)
            if claimed:
                self.version += 1
                try:
                    super().save(*args, **kwargs)
                except BaseException:
                    self.version -= 1
                    raise
        # Raised outside the block: refusing leaves a caller's transaction usable.
        if not claimed:
            raise StaleRecordError(self)


def current_version(instance, *, lock: bool = False) -> int | None:
    """The version on file (None if the row is gone); ``lock`` holds the row until the transaction ends."""
    model = instance._meta.model
    rows = model._base_manager.using(router.db_for_write(model, instance=instance)).filter(pk=instance.pk)
    if lock and not transaction.get_autocommit(using=rows.db):
        rows = rows.select_for_update(of=("self",))
    return rows.values_list(VERSION_FIELD, flat=True).first()


def _history_of(instance):
    try:
        manager = get_history_manager_for_model(instance._meta.model)
    except NotHistoricalModelError:
        return None
    return manager.filter(**{instance._meta.pk.attname: instance.pk}).select_related("history_user")


def _changed_fields(model, history, seen_version) -> list[str]:
    """Verbose names of the fields changed since ``seen_version``, from the history rows."""
    latest = history.order_by("-history_date", "-history_id").first()
    seen = history.filter(version=seen_version).order_by("-history_date", "-history_id").first()
    if latest is None or seen is None or latest.pk == seen.pk or latest.history_type == "-":
        return []
    delta = latest.diff_against(seen, excluded_fields=[VERSION_FIELD])
    return [str(capfirst(model._meta.get_field(name).verbose_name)) for name in delta.changed_fields]


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else gettext("someone else")


def stale_message(instance, seen_version=None) -> str:
    """Who changed (or deleted) the record, when, and which fields: from its latest history row."""
    history = _history_of(instance)
    latest = history.order_by("-history_date", "-history_id").first() if history is not None else None
    if latest is None:
        return gettext(
            "Someone else changed this record after you opened it, so your changes were not saved. "
            "They are kept below: reload the record to see the other changes."
        )
    params = {
        "user": _who(latest.history_user),
        "time": formats.date_format(timezone.localtime(latest.history_date), "Y-m-d H:i"),
    }
    if latest.history_type == "-":
        return (
            gettext(
                "%(user)s deleted this record at %(time)s, after you opened it; your changes cannot be saved."
            )
            % params
        )
    message = (
        gettext(
            "%(user)s changed this record at %(time)s, after you opened it, so your changes were not saved. "
            "They are kept below: check the other changes, then save again to replace them with yours."
        )
        % params
    )
    fields = _changed_fields(instance._meta.model, history, seen_version) if seen_version is not None else []
    if fields:
        message += " " + gettext("Fields they changed: %(fields)s.") % {"fields": gettext(", ").join(fields)}
    return message
