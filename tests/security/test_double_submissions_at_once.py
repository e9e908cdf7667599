"""Two identical posts at the same instant, on two database connections, record once (PostgreSQL).

Apart from ``test_double_submissions.py``, whose shared world holds a transaction open: these commit.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from congress.submissions import FIELD
from deputies.models import Reception
from suggestions.models import VoterOpinion
from tests.factories import DeputyFactory, TermFactory, TownshipProfileFactory, UserFactory

from .test_double_submissions import SUBMISSIONS

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Two requests at the same instant need two connections with row locks: PostgreSQL.",
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["deputies:log_reception", "opinions:new"])
def test_two_identical_posts_at_the_same_instant_record_once(name):
    TownshipProfileFactory()
    user = UserFactory(username="tap-deputy", role="deputy")
    DeputyFactory(term=TermFactory(), user=user, name="乌云")
    data = {**SUBMISSIONS[name][2], FIELD: "d" * 32}
    address = reverse(name)
    barrier = threading.Barrier(2, timeout=10)
    answers = [None, None]

    def tap(i):
        try:
            browser = Client()
            if name != "opinions:new":
                browser.force_login(user)
            barrier.wait()
            answers[i] = browser.post(address, data, REMOTE_ADDR="10.4.4.4").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert answers == [302, 302]
    model = Reception if name == "deputies:log_reception" else VoterOpinion
    assert model.objects.count() == 1
