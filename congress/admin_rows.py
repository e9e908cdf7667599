"""Admin inlines whose rows share what they read: one query per field, not one per row.

Django's admin renders each inline row's form on its own: a select of a
foreign key runs its choices' query again for every row, an autocomplete
field loads its selected record again for every row, and a row showing its
record (``str(original)``) loads whatever ``__str__`` names. With a hundred
attendance rows that is hundreds of queries. ``SharedChoicesInlineMixin``
reads each select's choices once per inline and labels the autocomplete
fields from the rows' own records, fetched with them (``select_related`` for
foreign keys, ``prefetch_related`` for many-to-many fields); ``row_related``
names what the rows' ``__str__`` needs.

    class AttendanceInline(SharedChoicesInlineMixin, admin.TabularInline):
        row_related = ["deputy__constituency"]
"""

from __future__ import annotations

from django.contrib.admin import widgets
from django.db import models
from django.forms import ModelChoiceField


class _LabelledAutocomplete:
    """An autocomplete widget that labels the selected records from ``labels`` when it has them all."""

    labels: dict[str, str] | None = None

    def optgroups(self, name, value, attr=None):
        labels = self.labels
        selected = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if labels is None or not all(pk in labels for pk in selected):
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for pk in selected:
            default[1].append(self.create_option(name, pk, labels[pk], set(selected), len(default[1])))
        return [default]


class LabelledAutocompleteSelect(_LabelledAutocomplete, widgets.AutocompleteSelect):
    pass


class LabelledAutocompleteSelectMultiple(_LabelledAutocomplete, widgets.AutocompleteSelectMultiple):
    pass


class SharedChoicesInlineMixin:
    """Mix into an InlineModelAdmin (see the module)."""

    # Relations the rows' __str__ reads (shown at the top of each row), and many-to-many fields they show.
    row_related: list[str] = []
    row_prefetch: list[str] = []

    def _autocomplete_fields(self, request):
        return set(self.get_autocomplete_fields(request))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        fk_names, m2m_names = [], list(self.row_prefetch)
        for name in self._autocomplete_fields(request):
            field = self.model._meta.get_field(name)
            (m2m_names if field.many_to_many else fk_names).append(name)
        related = [*fk_names, *self.row_related]
        if related:
            queryset = queryset.select_related(*related)
        if m2m_names:
            queryset = queryset.prefetch_related(*m2m_names)
        return queryset

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A row of a list (attendance, contacts, progress...) chooses a deputy or unit; adding or
        # editing one is the roster's work. Without the four icons per row the list is narrower on a
        # phone and the keyboard goes from one row's fields to the next without four stops between.
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        if isinstance(widget, widgets.RelatedFieldWidgetWrapper):
            widget.can_add_related = widget.can_change_related = False
            widget.can_delete_related = widget.can_view_related = False
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self._autocomplete_fields(request):
            kwargs.setdefault(
                "widget", LabelledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self._autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                LabelledAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        return shared_choices(super().get_formset(request, obj, **kwargs))


def shared_choices(formset):
    """The formset class, reading its fields' choices and labels once when it is made (see the module)."""

    class SharedChoicesFormSet(formset):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            rows = None
            for name, field in self.form.base_fields.items():
                if not isinstance(field, ModelChoiceField):
                    continue
                widget = getattr(field.widget, "widget", field.widget)
                if isinstance(widget, _LabelledAutocomplete):
                    rows = list(self.get_queryset()) if rows is None else rows
                    widget.labels = _labels(field, name, rows)
                elif not isinstance(widget, widgets.AutocompleteMixin):
                    # Every row's copy of the field shares this list (its queryset is final by now).
                    field.choices = list(field.choices)

    SharedChoicesFormSet.__name__ = formset.__name__
    return SharedChoicesFormSet


def _labels(field, name, rows) -> dict[str, str]:
    labels = {}
    for row in rows:
        value = getattr(row, name, None)
        related = value.all() if isinstance(value, models.Manager) else [value]
        for record in related:
            if record is not None:
                labels[str(record.pk)] = field.label_from_instance(record)
    return labels
