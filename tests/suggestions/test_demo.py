"""The demo township reproduces the seed report's 2022 figures, and 2023 has an item in every state."""

import pytest

from congress.figures import compute
from suggestions import demo, supervision
from suggestions.choices import State
from suggestions.models import Notification, Suggestion
from tests.demo import load_demo

# 乌审召镇's figures: the demo's second township, 图克镇, has a year of its own.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("first_township_scope")]


def test_the_demo_matches_the_seed_report_and_fills_every_screen(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    # 今年以来，共收集代表提出意见、建议19条，完成会议期间交办的2件旗人大代表建议、2件旗政协委员提案，办理结果满意率达100%。
    assert compute("suggestions.collected", 2022).value == 19
    assert dict(compute("suggestions.collected_by_source", 2022).value) == {
        "session": 9,
        "between_sessions": 4,
        "reception": 4,
        "deliberation": 2,
    }
    assert compute("suggestions.handed_down_deputy", 2022).value == 2
    assert compute("suggestions.handed_down_cppcc", 2022).value == 2
    assert compute("suggestions.satisfaction_rate", 2022).display() == "100%"
    assert compute("suggestions.on_time_rate", 2022).display() == "100%"
    assert compute("suggestions.overdue", 2022).value == 0

    # The reception matters and deliberation opinions of the deputies demo are linked.
    assert Suggestion.objects.filter(received_on__year=2022, reception_matter__isnull=False).count() == 4
    assert Suggestion.objects.filter(received_on__year=2022, opinion__isnull=False).count() == 2

    states_2023 = set(Suggestion.objects.filter(received_on__year=2023).values_list("state", flat=True))
    assert states_2023 == set(State.values)
    assert compute("suggestions.overdue", 2023).value == 1
    assert Suggestion.objects.filter(rounds__number=2).count() == 1
    waiting = Suggestion.objects.get(state=State.REPLIED, received_on__year=2023)
    assert waiting.lead_deputy.user.username == "deputy"
    assert (
        Suggestion.objects.of_unit_user(demo_user("unit"))
        .filter(state__in=["assigned", "in_handling"])
        .count()
        == 2
    )
    # The key items of 2023 under a presidium member's supervision carry supervision notes; the
    # member login is 斯琴's, who supervises one of them.
    key_items = Suggestion.objects.filter(
        received_on__year=2023, key_supervision=True, current_round__supervisor_member__isnull=False
    )
    assert key_items.count() == 2
    assert all(item.supervision_notes.exists() for item in key_items)
    member = demo_user("member")
    assert member.deputy.name == "斯琴"
    assert "关于开展肉牛冻精改良技术培训的建议" in [item.title for item in supervision.writable_by(member)]

    # Only the demo accounts hear of the demo's recent steps, not of its whole history.
    assert Notification.objects.filter(user__username="deputy").count() == 1
    assert Notification.objects.filter(user__username="unit").count() == 2

    # A second run changes nothing.
    count, events = Suggestion.objects.count(), sum(s.events.count() for s in Suggestion.objects.all())
    demo.load()
    assert Suggestion.objects.count() == count
    assert sum(s.events.count() for s in Suggestion.objects.all()) == events


def demo_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
