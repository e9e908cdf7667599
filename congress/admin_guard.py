"""What every admin of the platform refuses, whatever the page or the query string asks.

Django's admin trusts its pages more than we may: an action that declares no
permissions runs for anyone who may *view* the list (a read-only presidium
member changed the ballot that way), the list accepts a lookup on any field in
the query string (``?voter_contact__startswith=139`` answers "1 result" or "0
results": a private phone recovered digit by digit), and a filter given a value
it cannot use ends in a server error. ``GuardedAdminMixin`` closes all three
for every admin of the platform (``HistoryAdmin`` mixes it in):

- **actions**: an action without ``@admin.action(permissions=[...])`` is
  offered only to users who may change the records (deny by default). The
  permission matrix (tests/security/test_admin_actions_matrix.py) also fails on
  an action that declares none.
- **lookups**: the list accepts only the parameters of its declared
  ``list_filter`` entries, its ``date_hierarchy`` (year, month, day) and the
  ``extra_lookups`` a link from another page needs; anything else leaves the
  list unfiltered (Django's "invalid lookup" redirect), whoever asks and
  whatever the value. Search (``?q=``) runs only over ``get_search_fields``.
- **bad values**: a declared filter given a value it cannot use (``?year=abc``,
  ``?year=1e309``, a NUL) leaves the list unfiltered too, never a 500.
- **staff-only fields**: the fields a model lists in ``staff_only_fields``
  (voters' names, phones and photos) are left out of the change page, its
  inline rows (``GuardedInlineMixin``), the list, its search and filters and the
  history's changes for everyone but presidium staff.
"""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404

from .roles import is_staff_member


class RefusedLookup(IncorrectLookupParameters, SuspiciousOperation):
    """A query string the list cannot use. The list page catches it as Django's ``IncorrectLookupParameters``
    (the list, unfiltered); elsewhere (the Excel export of the list) Django answers it 400 as a
    ``SuspiciousOperation``: never a server error."""


class DeclaredFiltersChangeList(ChangeList):
    """A changelist that refuses every query-string parameter no declared filter consumes."""

    def get_filters(self, request):
        asked = self.get_filters_params()
        for values in asked.values():
            # PostgreSQL refuses NUL in text: a NUL anywhere would end as a server error when the list runs.
            if any("\x00" in value for value in values):
                raise RefusedLookup("NUL in a filter value")
        extra = set(getattr(self.model_admin, "extra_lookups", ()))
        try:
            filter_specs, has_filters, remaining, duplicates, active = super().get_filters(request)
        except IncorrectLookupParameters as error:
            raise RefusedLookup(error) from error
        # The filters (and the date hierarchy) have taken their own parameters out of ``remaining``.
        undeclared = sorted((set(asked) & set(remaining)) - extra)
        if undeclared:
            raise RefusedLookup(f"Not a declared filter: {', '.join(undeclared)}")
        for spec in filter_specs:
            # A filter of our own takes only the values it offers (an id too large for the database's
            # integers, or no number at all, would otherwise reach the query).
            if isinstance(spec, SimpleListFilter) and spec.value() is not None:
                if spec.value() not in {str(value) for value, _label in spec.lookup_choices}:
                    raise RefusedLookup(f"{spec.parameter_name}: not one of the filter's choices")
        return filter_specs, has_filters, remaining, duplicates, active

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except RefusedLookup:
            raise
        except (IncorrectLookupParameters, ValueError, OverflowError, ValidationError) as error:
            # A filter (Django's, or one of ours) given a value it cannot use: the list, unfiltered.
            raise RefusedLookup(error) from error

    def get_results(self, request):
        try:
            return super().get_results(request)
        except RefusedLookup:
            raise
        except IncorrectLookupParameters as error:  # a page number past the end
            raise RefusedLookup(error) from error


def _without(fields, hidden: set[str]) -> list:
    """A fieldset's ``fields`` without the hidden ones (a line of several fields keeps the others)."""
    kept = []
    for entry in fields:
        if isinstance(entry, list | tuple):
            line = [name for name in entry if name not in hidden]
            if line:
                kept.append(tuple(line) if len(line) > 1 else line[0])
        elif entry not in hidden:
            kept.append(entry)
    return kept


def _names(entry) -> str:
    """The field path a list_display, list_filter or search_fields entry reads ("" for a filter class)."""
    if isinstance(entry, list | tuple):
        entry = entry[0]
    return entry.lstrip("^=@") if isinstance(entry, str) else ""


class StaffOnlyFieldsMixin:
    """For a ModelAdmin or an inline: the model's ``staff_only_fields`` are presidium staff's alone."""

    def hidden_fields(self, request) -> set[str]:
        fields = set(getattr(self.model, "staff_only_fields", ()))
        return set() if not fields or is_staff_member(request.user) else fields

    def finish_fieldsets(self, request, obj, fieldsets):
        """The fieldsets as shown to this user (an admin that builds its own calls this on them)."""
        hidden = self.hidden_fields(request)
        if not hidden:
            return fieldsets
        result = []
        for name, options in fieldsets:
            fields = _without(options.get("fields", ()), hidden)
            if fields:
                result.append((name, {**options, "fields": fields}))
        return result

    def get_fieldsets(self, request, obj=None):
        return self.finish_fieldsets(request, obj, super().get_fieldsets(request, obj))

    def get_readonly_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return [name for name in super().get_readonly_fields(request, obj) if name not in hidden]

    def _reads_hidden(self, request, entry) -> bool:
        hidden = self.hidden_fields(request)
        return bool(hidden) and _names(entry).split("__")[0] in hidden


class GuardedInlineMixin(StaffOnlyFieldsMixin):
    """Mix into every inline of the platform: its rows hide the staff-only fields too."""


class GuardedAdminMixin(StaffOnlyFieldsMixin):
    """Mix into every ModelAdmin of the platform (see the module)."""

    # Lookups that links from other pages use but that are no filter of the list's sidebar,
    # e.g. the plan page's link to its votes (``plan__id__exact``).
    extra_lookups: tuple[str, ...] = ()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not actions:
            return actions
        may_change = self.has_change_permission(request)
        return {
            name: action
            for name, action in actions.items()
            if hasattr(action[0], "allowed_permissions") or may_change
        }

    def get_changelist(self, request, **kwargs):
        return DeclaredFiltersChangeList

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django sends a change or delete page of a missing record to the admin's home with "perhaps it
        # was deleted": another township's record (out of the scope, congress.townships) would answer
        # that too, telling it exists. Guessing an id answers 404, whatever it names (domain.md §10).
        raise Http404

    def object_pk(self, object_id):
        """``object_id`` from the URL as the model's primary key, or None when it cannot be one."""
        try:
            return self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            return None

    def lookup_allowed(self, lookup, value, request=None):
        # DeclaredFiltersChangeList refuses every parameter that no declared filter consumes, whatever its
        # shape: Django's own check (relations only, local fields always allowed) is not needed before it.
        return True

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if not self._reads_hidden(request, f)]

    def get_list_display(self, request):
        return [f for f in super().get_list_display(request) if not self._reads_hidden(request, f)]

    def get_list_filter(self, request):
        return [f for f in super().get_list_filter(request) if not self._reads_hidden(request, f)]

    def history_hidden_fields(self, request) -> set[str]:
        """Fields whose changes the history page leaves out for this user."""
        return self.hidden_fields(request)

    def get_search_results(self, request, queryset, search_term):
        # A NUL would reach PostgreSQL, which refuses it (a server error): nobody searches for one.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


def view_on_site_in_scope(get_urls):
    """The admin's URLs with "view on site" (``/admin/r/<type>/<id>/``) answering 404 for a record out of
    the scope: Django's view reads the record through ``_base_manager`` (every township) and redirects
    to its page, telling another township's record exists (domain.md §10)."""
    from functools import wraps

    from django.contrib.contenttypes.models import ContentType
    from django.urls import URLPattern

    def in_scope_only(view):
        @wraps(view)
        def shortcut(request, content_type_id, object_id):
            try:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                found = model is None or model._default_manager.filter(pk=object_id).exists()
            except (ContentType.DoesNotExist, ValueError, ValidationError):
                found = True  # Django's view answers these itself (404)
            if not found:
                raise Http404
            return view(request, content_type_id, object_id)

        return shortcut

    def urls():
        patterns = get_urls()
        for entry in patterns:
            if isinstance(entry, URLPattern) and entry.name == "view_on_site":
                entry.callback = in_scope_only(entry.callback)
        return patterns

    return urls
