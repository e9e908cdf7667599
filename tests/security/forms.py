"""Build the POST a browser would send from an admin change page the test client fetched."""

import datetime

from django import forms
from django.utils import timezone


def _encode(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


def form_data(form) -> dict:
    """The values a form shows (initial or bound), as posted: unchecked boxes absent, lists kept."""
    data = {}
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue  # an untouched file input sends nothing; the stored file stays
        value = form[name].value()
        if isinstance(field, forms.SplitDateTimeField):  # the admin's date and time boxes
            moment = value
            if isinstance(moment, list | tuple):  # a bound form: what was posted
                for index, part in enumerate(moment):
                    data[f"{form.add_prefix(name)}_{index}"] = part
            elif isinstance(moment, datetime.datetime):
                moment = timezone.localtime(moment) if timezone.is_aware(moment) else moment
                data[form.add_prefix(name) + "_0"] = moment.date().isoformat()
                data[form.add_prefix(name) + "_1"] = moment.strftime("%H:%M:%S")
            continue
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        elif isinstance(value, list | tuple):
            data[form.add_prefix(name)] = [_encode(v) for v in value]
        else:
            data[form.add_prefix(name)] = _encode(value)
    return data


def admin_change_data(response, **changes) -> dict:
    """The POST of the change form in ``response`` (main form and every inline), with ``changes`` applied.

    ``changes`` keys are field names as posted (``title``, ``sessions-0-place``).
    """
    context = response.context
    data = form_data(context["adminform"].form)
    inlines = context.get("inline_admin_formsets", [])  # none on simple_history's revert page
    for inline in inlines:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    data.update(changes)
    data["_save"] = "1"
    return data
