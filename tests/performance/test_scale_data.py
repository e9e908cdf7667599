"""generate_scale_data: seeded, additive, and within the models' constraints and the apps' rules."""

import re
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models, transaction

from bench.scale import ScaleBuilder
from congress import cache
from livelihood import services as livelihood_services
from livelihood.models import Vote
from suggestions.choices import AssignmentRole, State
from suggestions.models import Assignment, Round, Suggestion, SuggestionEvent

pytestmark = pytest.mark.django_db

FACTOR, YEARS = 0.05, 2


def snapshot():
    return sorted(
        Suggestion.objects.values_list(
            "number", "title", "state", "received_on", "lead_deputy__name", "current_round__deadline"
        )
    )


def build(seed=1, factor=FACTOR):
    return ScaleBuilder(factor, seed=seed, years=YEARS).build()


def test_the_same_seed_makes_the_same_data():
    with transaction.atomic():
        build()
        first = snapshot()
        transaction.set_rollback(True)
    build()
    assert snapshot() == first
    assert len(first) > 10


def test_running_again_adds_as_much_again_and_continues_the_numbers():
    build(seed=1)
    before = Suggestion.objects.count()
    build(seed=2)
    assert Suggestion.objects.count() == 2 * before
    numbers = list(Suggestion.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers))


def test_numbers_are_yyyy_nnn_of_the_year_received():
    build()
    for number, received in Suggestion.objects.values_list("number", "received_on"):
        assert re.fullmatch(rf"{received.year}-\d{{3,}}", number)


def test_every_round_has_one_lead_unit_and_the_current_round_is_the_latest():
    build()
    leads = Counter(Assignment.objects.filter(role=AssignmentRole.LEAD).values_list("round_id", flat=True))
    assert set(leads.values()) == {1}
    assert set(leads) == set(Round.objects.values_list("pk", flat=True))
    for suggestion in Suggestion.objects.filter(rounds__isnull=False).distinct():
        assert suggestion.current_round == suggestion.rounds.order_by("-number").first()


def test_each_suggestion_is_in_the_state_its_last_event_led_to():
    build()
    for suggestion in Suggestion.objects.prefetch_related("events"):
        events = sorted(suggestion.events.all(), key=lambda e: (e.at, e.pk))
        assert events[0].transition == "register"
        assert events[-1].to_state == suggestion.state
    replied = Suggestion.objects.filter(state__in=[State.REPLIED, State.EVALUATED, State.CLOSED])
    assert not replied.filter(current_round__reply__isnull=True).exists()
    assert not Suggestion.objects.filter(
        current_round__evaluation__isnull=False, current_round__reply__isnull=True
    ).exists()
    assert SuggestionEvent.objects.filter(actor__isnull=True).count() == 0


def test_the_votes_count_without_errors_or_run_offs():
    build()
    for vote in Vote.objects.all():
        result = livelihood_services.count_vote(vote)
        assert not result.errors
        assert not result.runoff_needed


def test_every_generated_record_passes_its_models_validation():
    build()
    for label in ("congress", "deputies", "suggestions", "livelihood"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            files = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
            for record in model.objects.all()[:200]:
                record.full_clean(exclude=files)


def test_the_command_gives_the_data_a_new_version(capsys):
    before = cache.token()
    call_command("generate_scale_data", "--factor", "0.02", "--years", "1", "--seed", "5")
    assert cache.token() != before
    assert "Done in" in capsys.readouterr().out
