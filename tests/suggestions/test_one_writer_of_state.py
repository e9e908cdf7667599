"""``Suggestion.state`` is written by the workflow alone (suggestions/workflow.py): a grep keeps it so."""

from tests.one_writer import writers, writes

# Other models' own state fields, written by their own services.
OTHER_STATES = {"livelihood/services/votes.py": "vote.state ="}


def test_the_workflow_is_the_only_writer_of_a_suggestions_state():
    found = writers("Suggestion", "state", the_writer="suggestions/workflow.py", allowed=OTHER_STATES)
    assert found == [], "state written outside suggestions/workflow.py:\n" + "\n".join(found)


def test_the_grep_finds_a_writer():
    patterns = writes("Suggestion", "state")
    assert any(pattern.search("item.state = State.CLOSED") for pattern in patterns)
    assert any(
        pattern.search("Suggestion.objects.filter(pk=1).update(state='closed')") for pattern in patterns
    )
    assert any(pattern.search("Suggestion(number='2022-001', state='closed')") for pattern in patterns)
