"""``Project.status`` is written by livelihood/services/projects.py alone: a grep keeps it so."""

from tests.one_writer import writers

ALLOWED = {
    # Other models' own status fields, written by their own services.
    "congress/report/services.py": "draft.status =",
    "deputies/posts.py": "post.status =",
    "deputies/services.py": "attendance.status =",
    "suggestions/opinions/services.py": ".status =",
    "livelihood/services/votes.py": "candidate.status =",
    # Benchmark data: generated projects are created in bulk in the status their story reached.
    "bench/scale/livelihood.py": "status=status",
}


def test_the_project_services_are_the_only_writer_of_a_projects_status():
    found = writers("Project", "status", the_writer="livelihood/services/projects.py", allowed=ALLOWED)
    assert found == [], "status written outside livelihood/services/projects.py:\n" + "\n".join(found)
