"""The year at a glance on the admin's front page (the logic is in ``panels``, the page in ``views``)."""

from .panels import build, change_url, default_year, supervision, unit_codes, unit_figure

__all__ = ["build", "change_url", "default_year", "supervision", "unit_codes", "unit_figure"]
