"""The platform's one date widget, as each side shows it.

Public and portal pages (phones) take the phone's own date picker (``DateInput``); every
date in the admin takes the admin's date box with 今天 and its calendar, the one its
model forms already have: forms the admin shows outside a model form pass through
``admin_dates``. Either way a date given only in part is refused on its field with
``INCOMPLETE_DATE``, never read as empty.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

INCOMPLETE_DATE = _("Enter the whole date: year, month and day, e.g. 2022-06-30.")


class DateInput(forms.DateInput):
    """The phone's date picker. It reads and writes ISO dates only, so the value is always
    rendered as YYYY-MM-DD, whatever the language's date format: a form shown again with
    an error keeps the date the user picked."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AdminDateInput(AdminDateWidget):
    """The admin's date box, as on its model forms: typed, or 今天 and the calendar (DateTimeShortcuts.js).

    It names the scripts it needs, core.js included (the admin's base page does not load it);
    the page adds the admin's ``jsi18n`` before them.
    """

    def __init__(self, attrs=None):
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})})

    @property
    def media(self):
        return forms.Media(js=["admin/js/core.js"]) + super().media


def admin_dates(form: forms.BaseForm) -> forms.BaseForm:
    """Show ``form``'s date fields with the admin's date box and refuse a partial date clearly."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget = AdminDateInput()
            field.error_messages = {**field.error_messages, "invalid": INCOMPLETE_DATE}
    return form
