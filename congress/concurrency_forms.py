"""No lost updates in forms: a ModelForm mixin that refuses a stale save (``congress.concurrency``)."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from .concurrency import SEEN_FIELD, StaleRecordError, _history_of, current_version


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
