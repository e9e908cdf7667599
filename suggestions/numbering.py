"""Yearly numbers (YYYY-NNN): the one place they are handed out, for one registration or a whole import.

A year's counter row is locked for the transaction the first time the year is
met and saved once at the end (``Numbers.save``), so that a ledger import of
ten thousand rows numbers them in memory and writes each year's counter once.
Numbers are never reused: an office's own number (kept on import) moves the
counter past it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from congress.transitions import TransitionError

from .models import Suggestion, YearCounter


def _on_file(number: str) -> bool:
    return Suggestion.objects.filter(number=number).exists()


class Numbers:
    """The numbers handed out in one transaction; ``taken`` says whether a number is already used."""

    def __init__(self, taken: Callable[[str], bool] = _on_file):
        self.taken = taken
        self.counters: dict[int, YearCounter] = {}

    def next(self, year: int, given: str | None = None) -> str:
        """The year's next number, or ``given`` (an office ledger's own, e.g. 2022-7 → 2022-007) if unused."""
        counter = self._counter(year)
        if given:
            try:
                given_year, sequence = (int(part) for part in given.split("-"))
            except ValueError:
                raise TransitionError(
                    _("The number “%(number)s” is not like 2022-001.") % {"number": given}
                ) from None
            if given_year != year:
                raise TransitionError(
                    _("The number %(number)s does not belong to the year received, %(year)s.")
                    % {"number": given, "year": year}
                )
            number = f"{year}-{sequence:03d}"
            if self.taken(number):
                raise TransitionError(_("The number %(number)s is already taken.") % {"number": number})
            counter.last = max(counter.last, sequence)
            return number
        counter.last += 1
        return f"{year}-{counter.last:03d}"

    def continue_after(self, year: int, last: int) -> None:
        """Move the year's counter past numbers used without it (data generated before counters)."""
        counter = self._counter(year)
        counter.last = max(counter.last, last)

    def _counter(self, year: int) -> YearCounter:
        counter = self.counters.get(year)
        if counter is None:
            counter, _created = YearCounter.objects.select_for_update().get_or_create(year=year)
            self.counters[year] = counter
        return counter

    def save(self) -> None:
        for counter in self.counters.values():
            counter.save(update_fields=["last"])


def stored_number(given: str) -> str | None:
    """2022-3 → 2022-003, as ``Numbers.next`` keeps an office's own number (None if not a number)."""
    try:
        year, sequence = (int(part) for part in given.split("-"))
    except ValueError:
        return None
    return f"{year}-{sequence:03d}"


def allocate_number(year: int, given: str | None = None) -> str:
    """The next YYYY-NNN of the year (or the office's own ``given`` if unused), the counter saved."""
    numbers = Numbers()
    number = numbers.next(year, given)
    numbers.save()
    return number
