"""The shared transition-table helper: pure checks of who may take which action from which state."""

from congress.transitions import Rule, Verdict, available, verdict

TABLE = {
    "answer": Rule({"deputy": frozenset({"new"}), "staff": frozenset({"new", "passed"})}, "answered"),
    "pass": Rule({"deputy": frozenset({"new"})}, "passed"),
    "close": Rule({"staff": frozenset({"new", "passed"})}, "closed"),
}


def test_an_actor_the_rule_does_not_name_may_never_take_the_action():
    assert verdict(TABLE, "close", "new", {"deputy"}) is Verdict.NOT_YOURS
    assert verdict(TABLE, "close", "new", set()) is Verdict.NOT_YOURS


def test_an_actor_it_names_may_take_it_only_from_their_source_states():
    assert verdict(TABLE, "answer", "new", {"deputy"}) is Verdict.ALLOWED
    assert verdict(TABLE, "answer", "passed", {"deputy"}) is Verdict.NOT_NOW
    assert verdict(TABLE, "answer", "answered", {"staff"}) is Verdict.NOT_NOW


def test_any_of_the_actors_reaches_is_enough():
    assert verdict(TABLE, "answer", "passed", {"deputy", "staff"}) is Verdict.ALLOWED


def test_the_available_actions_keep_the_tables_order():
    assert available(TABLE, "new", {"deputy", "staff"}) == ["answer", "pass", "close"]
    assert available(TABLE, "passed", {"deputy"}) == []
