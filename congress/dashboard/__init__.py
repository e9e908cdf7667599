"""The year at a glance on the admin's front page (the logic is in ``panels``, the page in ``views``)."""

from .panels import UNIT_FIGURES, build, change_url, default_year, supervision, unit_figure

__all__ = ["UNIT_FIGURES", "build", "change_url", "default_year", "supervision", "unit_figure"]
