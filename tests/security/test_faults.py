"""While the database is away the platform answers 503 with Retry-After, not a 500."""

from unittest import mock

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_a_database_outage_answers_503_with_retry_after_in_chinese(client):
    with mock.patch(
        "congress.selectors.current_term",
        side_effect=OperationalError("the database system is shutting down"),
    ):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "暂时无法访问" in html


def test_a_post_during_an_outage_says_the_input_was_not_saved(client):
    with mock.patch("congress.selectors.current_term", side_effect=OperationalError("connection refused")):
        response = client.post("/", {})
    assert response.status_code == 503
    assert "没有保存" in response.content.decode()
