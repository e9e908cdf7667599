"""Scale data: N times a township's year, over ten years, for the benchmark and the query budgets.

``generate(factor=20)`` adds, for each of the last ten calendar years (this
year included, nothing dated after today except activities announced ahead),
``factor`` times what one township records in a year: reception days with the
matters raised, duty reports, activities with attendance, deliberations with
opinions, suggestions with their rounds, contacts, replies, evaluations and
workflow events, voters' opinions (社情民意), and the year's livelihood plan
with its vote, projects, progress updates, photo records, inspections and
surveys, and posts on the deputies' work (履职动态) with photo records; plus the terms, sessions, constituencies, deputies (about 65 ×
factor across the terms), presidium, contact system, deputies' homes and
handling units they need.

It is seeded (the same seed and factor give the same rows, the voter
opinions' random lookup codes aside) and additive: run again on the same
database it adds as much again, continuing the yearly
suggestion numbers and the names, so a test can grow a small data set and
check that a page's queries stay the same.

Rows are written with ``bulk_create`` in batches and **without history rows**
(django-simple-history): generated records have no "created by" entry in
their history, which no page needs. Photos are records only (a path, alt
text and caption): no image files are written. The page cache's data
version is raised once at the end (bulk writes send no signals).
"""

from __future__ import annotations

import time

from .accounts import Accounts
from .base import Base, Summary
from .duty import DutyWork
from .livelihood import Livelihood
from .suggestions import Suggestions

__all__ = ["ScaleBuilder", "Summary", "generate"]


class ScaleBuilder(Suggestions, Livelihood, DutyWork, Accounts, Base):
    """N times a township's year: ``build()`` adds it all in one transaction (see the module)."""


def generate(factor: float, *, seed: int = 2022, years: int = 10, log=None, townships: int = 1) -> Summary:
    """Add ``factor`` times a township's year over ``years`` years ending this year (see the module).

    With ``townships`` > 1, as much again in each of that many townships of the banner (the first
    township, then 乌审旗's others by their address names, created when missing), each built
    inside its own scope so that numbers, names and counters are the township's own.
    """
    from congress.models import Township
    from congress.townships import KNOWN_SLUGS, first_township_id, scoped

    started = time.monotonic()
    places = [first_township_id()]
    for order, (name, slug) in enumerate(KNOWN_SLUGS.items(), start=1):
        if len(places) >= townships:
            break
        township = Township.objects.filter(slug=slug).first()
        if township is None:
            if Township.objects.filter(name=name).exists():
                continue
            township = Township.objects.create(name=name, slug=slug, sort_order=order)
        if township.pk not in places:
            places.append(township.pk)
    summary = None
    for index, township_id in enumerate(places):
        with scoped(township_id):
            built = ScaleBuilder(factor, seed=seed + index, years=years, log=log).build()
        summary = built if summary is None else summary.add(built)
    summary.seconds = time.monotonic() - started
    return summary
