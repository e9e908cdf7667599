"""Chosen projects built through the services, as staff would."""

import io

from PIL import Image

from livelihood import services
from livelihood.models import Project

from .factories import CandidateFactory, PlanFactory


def chosen_projects(staff, *, year=2022, count=2, session=None):
    """A plan of ``year`` whose confirmed vote chose ``count`` projects (of count + 1 candidates)."""
    extra = {"session": session} if session else {}
    plan = PlanFactory(year=year, number_to_choose=count, **extra)
    candidates = CandidateFactory.create_batch(count + 1, plan=plan)
    vote = services.vote_create(plan, deputies_in_office=69, deputies_present=64)
    totals = {c: (60 - i, 4 + i, 0) for i, c in enumerate(candidates[:count])}
    totals[candidates[-1]] = (10, 54, 0)
    services.tallies_record(vote, totals, valid=64)
    services.confirm_vote(vote, actor=staff)
    return list(Project.objects.filter(plan=plan).order_by("pk"))


def png_bytes(size=(8, 6), colour=(46, 125, 50)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()
