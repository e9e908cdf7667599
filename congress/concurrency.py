"""No lost updates: optimistic concurrency for models, the admin and portal forms.

Three pieces, each one line to adopt:

- ``VersionedModel`` (a model mixin): a ``version`` column; every save of an
  existing row is first a conditional ``UPDATE … SET version = n + 1 WHERE
  pk = … AND version = n``. A save based on an outdated copy therefore raises
  ``StaleRecordError`` instead of overwriting what someone else saved. The
  conditional UPDATE also takes the row lock, so of two transactions racing
  to save the same version exactly one wins (PostgreSQL re-checks the WHERE
  after the lock; SQLite runs writers one at a time).
- ``VersionedFormMixin`` (a ModelForm mixin, for portal forms): carries the
  version the user opened in a hidden field and refuses a stale save with a
  message naming who changed the record, when, and which fields, keeping the
  user's input; the form then carries the current version, so saving again
  is a deliberate overwrite.
- ``ConcurrentModelAdmin`` / ``ConcurrentInlineMixin`` (the admin): the same
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
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_manager_for_model

from .admin_guard import GuardedInlineMixin
from .admin_history import HistoryAdmin

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


class VersionedFormMixin(forms.Form):
    """Mixin for a ModelForm of a ``VersionedModel``: refuse saving over changes made since the form opened.

    ``class ReceptionForm(VersionedFormMixin, forms.ModelForm)``. The hidden
    ``seen_version`` field must be rendered (crispy and ``{{ form }}`` do).
    A form whose fields were not changed saves what is on file and is never refused.
    """

    seen_version = forms.IntegerField(
        label=_("version seen"), widget=forms.HiddenInput, required=False, min_value=1
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._same_line_breaks()
        instance = self.instance
        if self._is_existing(instance):
            if getattr(instance, "_history", None) is not None:
                # Reverting to a historical version (django-simple-history): it replaces what is on file now.
                instance.version = current_version(instance) or instance.version
            self.fields[SEEN_FIELD].initial = instance.version

    def _same_line_breaks(self):
        """Browsers send a textarea's lines with CR LF, the records hold LF: compare and save them alike.

        Otherwise every multi-line text of a page counts as changed on each save, and a page saved from
        a stale copy writes back the old text of rows its user never touched (a report's sections).
        """
        texts = [name for name, field in self.fields.items() if isinstance(field.widget, forms.Textarea)]
        for name in texts:
            if isinstance(self.initial.get(name), str):
                self.initial[name] = _lf(self.initial[name])
        if self.is_bound and any(self.add_prefix(name) in self.data for name in texts):
            self.data = self.data.copy()
            for name in texts:
                key = self.add_prefix(name)
                if isinstance(self.data.get(key), str):
                    self.data[key] = _lf(self.data[key])

    @staticmethod
    def _is_existing(instance) -> bool:
        return instance.pk is not None and not instance._state.adding

    def clean(self):
        cleaned_data = super().clean()
        self.check_version()
        return cleaned_data

    def check_version(self):
        instance = self.instance
        if not self._is_existing(instance) or not [n for n in self.changed_data if n != SEEN_FIELD]:
            return
        seen = self.cleaned_data.get(SEEN_FIELD)
        if seen is None:
            if SEEN_FIELD not in self.errors:
                self.add_error(
                    None,
                    ValidationError(
                        _("This form was sent without the record's version. Reload the page and try again."),
                        code="version_missing",
                    ),
                )
            return
        # Locked until the save commits when the view runs in a transaction (the admin does).
        on_file = current_version(instance, lock=True)
        if on_file != seen:
            if on_file is not None and self._untouched_since(seen):
                # Someone else changed this record (a row of the page), its user did not: what is on file
                # stays, and nothing is written for it. Their other rows and fields save as usual.
                self.__dict__["changed_data"] = []
                return
            self.refuse_stale(StaleRecordError(instance, seen_version=seen), version=on_file)
            return
        instance.version = seen

    def _untouched_since(self, seen: int) -> bool:
        """Whether every field that differs from what is on file still holds what the page showed
        (the record as it was at version ``seen``, from its history): the user changed nothing here."""
        history = _history_of(self.instance)
        shown = (
            history.filter(version=seen).order_by("-history_date", "-history_id").first() if history else None
        )
        if shown is None:
            return False
        for name in self.changed_data:
            if name == SEEN_FIELD:
                continue
            try:
                field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                return False
            if field.many_to_many or not hasattr(shown, field.attname):
                return False  # not in the history row (or kept apart from it): cannot tell, so refuse
            value = self.cleaned_data.get(name)
            if field.is_relation:
                value = value.pk if value is not None else None
            if not _same(value, getattr(shown, field.attname)):
                return False
        return True

    def refuse_stale(self, error: StaleRecordError, version: int | None = None):
        """Show ``error`` on the form, keep the input and carry the version now on file."""
        version = current_version(error.instance) if version is None else version
        self.add_error(None, ValidationError(error.message, code="stale"))
        if version is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix(SEEN_FIELD)] = str(version)


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _same(posted, kept) -> bool:
    """A form's cleaned value and a stored one, alike (text compared without CR and outer blanks)."""
    if isinstance(posted, str) or isinstance(kept, str):
        return _lf(str(posted or "")).strip() == _lf(str(kept or "")).strip()
    if hasattr(kept, "name") and not isinstance(kept, int | float):  # a stored file: its name
        return (getattr(posted, "name", posted) or "") == (kept.name or "")
    return posted == kept


def versioned_form(form_class):
    """``form_class`` with ``VersionedFormMixin`` mixed in (unchanged if it already has it)."""
    if issubclass(form_class, VersionedFormMixin):
        return form_class
    return type(f"Versioned{form_class.__name__}", (VersionedFormMixin, form_class), {})


def _with_seen_version(fieldsets, include: bool):
    """The fieldsets without ``seen_version``, then (if ``include``) with it hidden in the last one."""
    result = []
    for name, options in fieldsets:
        fields = [f for f in options.get("fields", ()) if f != SEEN_FIELD]
        result.append((name, {**options, "fields": fields}))
    if include and result:
        name, options = result[-1]
        result[-1] = (name, {**options, "fields": [*options["fields"], SEEN_FIELD]})
    return result


class _ConcurrentFormsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form = versioned_form(self.form)

    def finish_fieldsets(self, request, obj, fieldsets):
        # Also on fieldsets an admin builds itself (it passes them through finish_fieldsets).
        include = obj is not None and self.has_change_permission(request, obj)
        return _with_seen_version(super().finish_fieldsets(request, obj, fieldsets), include)


class ConcurrentInlineMixin(_ConcurrentFormsMixin, GuardedInlineMixin):
    """For an inline of a ``VersionedModel``: ``class SessionInline(ConcurrentInlineMixin, admin.TabularInline)``."""


class ConcurrentModelAdmin(_ConcurrentFormsMixin, HistoryAdmin):
    """Admin of a ``VersionedModel``: a stale save is refused with who and when, the input kept.

    The same for its inline rows (``ConcurrentInlineMixin``) and for rows edited in its list
    (``list_editable``: each row carries its version, congress/templates/admin/change_list_results.html).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError as error:
            # Lost the race after the form's check (a write outside any form): nothing was saved.
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except StaleRecordError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_changelist_form(self, request, **kwargs):
        return versioned_form(super().get_changelist_form(request, **kwargs))

    def save_model(self, request, obj, form, change):
        # Saving a form equal to what is on file would raise the version and refuse others' edits
        # for nothing. (A revert compares with the historical version, not what is on file: it saves.)
        unchanged = not [name for name in form.changed_data if name != SEEN_FIELD]
        if change and unchanged and getattr(obj, "_history", None) is None:
            return
        if change and getattr(obj, "_history", None) is not None and current_version(obj) is None:
            # Restoring a deleted record from its history: it is inserted again, not updated.
            obj._state.adding = True
        super().save_model(request, obj, form, change)
