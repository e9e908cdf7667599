"""What a new record's admin form starts with: the current term, today's date."""

from django.utils import timezone

from congress.models import Term


class CurrentTermDefaultMixin:
    """New records default to the current term."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        term = Term.objects.current()
        if term and "term" not in initial:
            initial["term"] = term.pk
            if "took_office" in {f.name for f in self.model._meta.fields}:
                initial.setdefault("took_office", term.start_date)
        return initial


class TodayDefaultMixin:
    """New records default to today's date (the field named in ``today_field``)."""

    today_field = "date"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault(self.today_field, timezone.localdate())
        return initial
