"""Scale data: suggestions taken through the workflow's plans, and voters' opinions."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from .base import LAST, SUBJECTS, SURNAMES, VILLAGES, add_months, noon


class Suggestions:
    def make_suggestions(self, year: int):
        """The year's suggestions, each taken through the workflow's plans as ``_life`` tells, written in bulk."""
        from suggestions import workflow
        from suggestions.choices import (
            HANDED_DOWN_SOURCES,
            Category,
            ContactForm,
            Rating,
            ResultClass,
            Source,
            SupervisionForm,
        )
        from suggestions.models import (
            Assignment,
            Contact,
            Evaluation,
            Reply,
            Round,
            Suggestion,
            SuggestionEvent,
            SupervisionNote,
        )
        from suggestions.numbering import Numbers

        start, end = self.year_span(year)
        if start > end:
            return
        numbers = Numbers()  # the year's counter, moved past numbers given without it
        taken = Suggestion.objects.filter(number__startswith=f"{year}-").values_list("number", flat=True)
        numbers.continue_after(year, max([0, *(int(n.split("-")[1]) for n in taken)]))
        scope = workflow.Scope(self.actor)
        sources = (
            [Source.SESSION] * 35
            + [Source.BETWEEN_SESSIONS] * 30
            + [Source.RECEPTION] * 15
            + [Source.DELIBERATION] * 8
            + [Source.BANNER_DEPUTY] * 7
            + [Source.BANNER_CPPCC] * 5
        )
        categories = list(Category.values)
        forms = list(ContactForm.values)
        classes = [ResultClass.A] * 70 + [ResultClass.B] * 18 + [ResultClass.C] * 8 + [ResultClass.D] * 4
        ratings = [Rating.SATISFIED] * 75 + [Rating.BASICALLY_SATISFIED] * 20 + [Rating.UNSATISFIED] * 5
        rng = self.rng

        suggestions, signers, rows, events = [], [], [], []
        every_source = list(dict.fromkeys(sources))  # each year has an item from every source first
        for i in range(self.per_year("suggestions")):
            received = self.date_between(start, end)
            source = every_source[i] if i < len(every_source) else rng.choice(sources)
            term, deputies = self.in_office(received)
            handed_down = source in HANDED_DOWN_SOURCES or not deputies
            lead = None if handed_down else rng.choice(deputies)
            subject = rng.choice(SUBJECTS)
            suggestion = Suggestion(
                title=f"关于{rng.choice(VILLAGES)}{subject}的建议",
                content=f"{rng.choice(VILLAGES)}群众反映{subject}方面存在困难，建议有关部门统筹解决。" * 3,
                category=rng.choice(categories),
                source=source if not handed_down or source in HANDED_DOWN_SOURCES else Source.BANNER_DEPUTY,
                lead_deputy_id=lead,
                external_proposer="" if lead else f"旗人大代表{rng.choice(SURNAMES)}{rng.choice(LAST)}",
                received_on=received,
                session=self.sessions.get(year) if source == Source.SESSION else None,
                key_supervision=rng.random() < 0.05,
            )
            life = self._life(suggestion, term, lead, classes, ratings, forms)
            record = workflow.Record(suggestion, assignments=[], reply=None, evaluation=None)
            for transition, day, data in self._steps(life, record):
                if transition == "contact":
                    rows.append(Contact(round=record.round, unit=record.lead_unit, note="", **data))
                    continue
                plan = workflow.plan(record, transition, scope=scope, numbers=numbers, **data)
                plan.apply_to(record)
                rows += plan.rows
                events.append(workflow.event_of(plan, record, actor=self.actor, at=noon(day)))
            suggestion.public = (
                bool(life["rounds"] and life["rounds"][-1].get("reply")) and rng.random() < 0.3
            )
            suggestions.append(suggestion)
            signers.append(
                self.sample([d for d in deputies if d != lead], rng.choice([0, 0, 1, 2, 3])) if lead else []
            )
        numbers.save()
        for suggestion in suggestions:  # saved before its rounds: linked to the latest by link_current_rounds
            suggestion.current_round = None
        self.bulk(Suggestion, suggestions)

        through = Suggestion.co_signers.through
        self.bulk(
            through,
            [
                through(suggestion_id=s.pk, deputy_id=d)
                for s, deputies in zip(suggestions, signers, strict=True)
                for d in deputies
            ],
        )
        rounds = self.bulk(Round, [row for row in rows if type(row) is Round])
        for model in (Assignment, Contact, Reply, Evaluation):
            self.bulk(model, [row for row in rows if type(row) is model])
        # 督办记录: the supervising member visits key items (and every seventh other one) three weeks after
        # the assignment. No random draw here: the rest of the data stays as the seed makes it.
        visit = datetime.timedelta(days=21)
        self.bulk(
            SupervisionNote,
            [
                SupervisionNote(
                    suggestion_id=r.suggestion.pk,
                    round_id=r.pk,
                    member_id=r.supervisor_member_id,
                    date=r.assigned_on + visit,
                    form=SupervisionForm.VISIT,
                    text="实地督查办理进展，要求承办单位按期答复代表。",
                    recorded_by=self.actor,
                    on_behalf=True,
                )
                for r in rounds
                if r.supervisor_member_id
                and (r.suggestion.key_supervision or r.suggestion.pk % 7 == 0)
                and r.assigned_on + visit <= self.today
            ],
        )
        self.bulk(SuggestionEvent, events)

    def _steps(self, life: dict, record):
        """``_life``'s events as the workflow's steps with their input: ``(transition, day, data)``.

        ``("contact", day, data)`` is a further contact of the round; the co-handling units' opinions are
        given (on the record's assignments) before the reply, as a unit's opinion would be.
        """
        from deputies.models import PresidiumMembership
        from suggestions.choices import AssignmentRole, Rating, Transition
        from suggestions.models import HandlingUnit

        if not hasattr(self, "_unit_rows"):
            self._unit_rows = HandlingUnit.objects.in_bulk(self.units)
            self._member_rows = PresidiumMembership.objects.select_related("deputy").in_bulk()
        units, members = self._unit_rows, self._member_rows
        specs = {spec["number"]: spec for spec in life["rounds"]}

        def round_input(spec):
            return {
                "lead_unit": units[spec["lead_unit"]],
                "co_units": [units[u] for u in spec["co_units"]],
                "assigned_on": spec["assigned_on"],
                "deadline": spec["deadline"],
                "supervisor_member": members.get(spec["supervisor_member"]),
                "supervisor_leader": spec["supervisor_leader"],
            }

        def contacts(spec, first):
            for day, form in spec["contacts"][first:]:
                yield (
                    "contact",
                    day,
                    {"form": form, "contacted_on": day, "recorded_by": self.actor, "on_behalf": True},
                )

        for transition, _from, _to, day, number in life["events"]:
            spec = specs.get(number)
            if transition == Transition.REGISTER:
                yield transition, day, {}
            elif transition == Transition.REJECT:
                yield transition, day, {"reason": "不属于人大代表建议办理范围，不予立案。"}
            elif transition in (Transition.ASSIGN, Transition.REHANDLE):
                yield transition, day, round_input(spec)
                if transition == Transition.REHANDLE:
                    yield from contacts(spec, 0)
            elif transition == Transition.START:
                first_day, form = spec["contacts"][0]
                yield transition, day, {"form": form, "contacted_on": first_day}
                yield from contacts(spec, 1)
            elif transition == Transition.REPLY:
                for assignment in record.assignments:
                    if assignment.role == AssignmentRole.CO:
                        assignment.opinion = "同意主办单位意见，配合做好相关工作。"
                        assignment.opinion_on = spec["assigned_on"] + datetime.timedelta(days=10)
                reply_on, result_class = spec["reply"]
                text = "经研究，已协调有关方面落实，具体情况如下：……"
                yield transition, day, {"text": text, "result_class": result_class, "replied_on": reply_on}
            elif transition == Transition.EVALUATE:
                evaluated_on, rating = spec["evaluation"]
                comment = "希望继续跟进。" if rating == Rating.UNSATISFIED else ""
                yield transition, day, {"rating": rating, "comment": comment, "evaluated_on": evaluated_on}
            elif transition == Transition.CLOSE:
                reason = "" if record.evaluation else "答复满30日，提出人未测评，予以办结。"
                yield transition, day, {"reason": reason}

    def _life(self, suggestion, term, lead, classes, ratings, forms) -> dict:
        """What happened to one suggestion up to today: its rounds and workflow events."""
        from suggestions.choices import Rating, State, Transition

        rng = self.rng
        today = self.today
        received = suggestion.received_on
        events = [(Transition.REGISTER, "", State.REGISTERED, received, None)]
        life = {"state": State.REGISTERED, "rounds": [], "events": events}
        if rng.random() < 0.02:
            day = received + datetime.timedelta(days=rng.randint(1, 10))
            if day <= today:
                events.append((Transition.REJECT, State.REGISTERED, State.REJECTED, day, None))
                life["state"] = State.REJECTED
            return life
        assigned_on = received + datetime.timedelta(days=rng.randint(2, 15))
        state = State.REGISTERED
        number = 0
        while assigned_on <= today:
            number += 1
            members = self.presidium.get(term.pk if term else 0) or []
            use_member = members and rng.random() < 0.6
            spec = {
                "number": number,
                "assigned_on": assigned_on,
                "deadline": add_months(assigned_on, 3),
                "lead_unit": rng.choice(self.units),
                "co_units": [],
                "supervisor_member": rng.choice(members) if use_member else None,
                "supervisor_leader": "" if use_member else "镇长 巴图",
                "contacts": [],
            }
            if rng.random() < 0.3:
                spec["co_units"] = [
                    u for u in self.sample(self.units, rng.randint(1, 2)) if u != spec["lead_unit"]
                ]
            life["rounds"].append(spec)
            if number == 1:
                events.append((Transition.ASSIGN, State.REGISTERED, State.ASSIGNED, assigned_on, number))
            state = State.ASSIGNED if number == 1 else State.IN_HANDLING
            contact_on = assigned_on + datetime.timedelta(days=rng.randint(3, 25))
            if contact_on <= today and rng.random() < 0.92:
                spec["contacts"].append((contact_on, rng.choice(forms)))
                if state == State.ASSIGNED:
                    events.append((Transition.START, State.ASSIGNED, State.IN_HANDLING, contact_on, number))
                    state = State.IN_HANDLING
                later = contact_on + datetime.timedelta(days=rng.randint(10, 60))
                if later <= today and rng.random() < 0.3:
                    spec["contacts"].append((later, rng.choice(forms)))
            late = rng.random() < 0.08
            reply_on = assigned_on + datetime.timedelta(
                days=rng.randint(95, 130) if late else rng.randint(20, 88)
            )
            if reply_on > today:
                break
            spec["reply"] = (reply_on, rng.choice(classes))
            events.append((Transition.REPLY, state, State.REPLIED, reply_on, number))
            state = State.REPLIED
            if lead is None:
                close_on = reply_on + datetime.timedelta(days=rng.randint(30, 60))
                if close_on <= today:
                    events.append((Transition.CLOSE, State.REPLIED, State.CLOSED, close_on, number))
                    state = State.CLOSED
                break
            evaluated_on = reply_on + datetime.timedelta(days=rng.randint(3, 20))
            if evaluated_on > today:
                break
            rating = rng.choice(ratings) if number == 1 else Rating.BASICALLY_SATISFIED
            spec["evaluation"] = (evaluated_on, rating)
            events.append((Transition.EVALUATE, State.REPLIED, State.EVALUATED, evaluated_on, number))
            state = State.EVALUATED
            if rating == Rating.UNSATISFIED:
                assigned_on = evaluated_on + datetime.timedelta(days=rng.randint(1, 7))
                if assigned_on <= today:
                    events.append(
                        (Transition.REHANDLE, State.EVALUATED, State.IN_HANDLING, assigned_on, number + 1)
                    )
                continue
            close_on = evaluated_on + datetime.timedelta(days=rng.randint(1, 10))
            if close_on <= today:
                events.append((Transition.CLOSE, State.EVALUATED, State.CLOSED, close_on, number))
                state = State.CLOSED
            break
        life["state"] = state
        return life

    def link_current_rounds(self):
        """Each handled suggestion's current round is its latest (generated rounds are never returned)."""
        from suggestions.models import Round, Suggestion

        latest = Round.objects.filter(suggestion=OuterRef("pk")).order_by("-number").values("pk")[:1]
        Suggestion.objects.filter(current_round__isnull=True, rounds__isnull=False).update(
            current_round=Subquery(latest)
        )

    # ---- livelihood projects ----------------------------------------------------------------

    def make_voter_opinions(self):
        """社情民意 of every year: from the form, deputies' QR codes (a quarter of those to scale-deputy)
        and receptions; new, passed on, answered or closed (turning one into a suggestion is the
        workflow's, not generated)."""
        from deputies.models import Deputy
        from suggestions.models import VoterOpinion
        from suggestions.opinions.choices import OpinionCategory, OpinionSource, OpinionStatus
        from suggestions.opinions.services import random_code

        own = Deputy.objects.filter(user__username="scale-deputy").select_related("user").first()
        taken = set(VoterOpinion.objects.values_list("code", flat=True))
        now = timezone.now()
        statuses = [OpinionStatus.NEW, OpinionStatus.NEW, OpinionStatus.PASSED_TO_STAFF]
        statuses += [OpinionStatus.ANSWERED, OpinionStatus.ANSWERED, OpinionStatus.CLOSED]
        rows = []
        for year in range(self.first_year, self.last_year + 1):
            start, end = self.year_span(year)
            for _i in range(self.per_year("voter_opinions") if start <= end else 0):
                day = self.date_between(start, end)
                _term, deputies = self.in_office(day)
                source = self.rng.choice(OpinionSource.values)
                deputy_id = None
                if source == OpinionSource.QR_CODE and deputies:
                    mine = own is not None and own.pk in deputies and self.rng.random() < 0.25
                    deputy_id = own.pk if mine else self.rng.choice(deputies)
                code = random_code()
                while code in taken:
                    code = random_code()
                taken.add(code)
                at = noon(day)
                handled_at = min(at + datetime.timedelta(days=self.rng.randint(1, 20)), now)
                handler = own.user if own is not None and deputy_id == own.pk else self.actor
                status = self.rng.choice(statuses)
                row = VoterOpinion(
                    code=code,
                    content=f"群众反映{self.rng.choice(SUBJECTS)}方面的问题，{self.rng.choice(VILLAGES)}希望尽快协调解决。",
                    category=self.rng.choice(OpinionCategory.values),
                    source=source,
                    deputy_id=deputy_id,
                    voter_name=f"{self.rng.choice(SURNAMES)}{self.rng.choice(LAST)}",
                    voter_contact=f"137{self.rng.randint(0, 99999999):08d}",
                    submitted_at=at,
                    entered_by=self.actor if source == OpinionSource.RECEPTION else None,
                    status=status,
                )
                if status == OpinionStatus.PASSED_TO_STAFF:
                    row.passed_at, row.passed_by, row.pass_note = handled_at, handler, "需镇里协调。"
                elif status == OpinionStatus.ANSWERED:
                    row.answered_at, row.answered_by, row.answer = (
                        handled_at,
                        handler,
                        "已了解情况，正在协调解决。",
                    )
                elif status == OpinionStatus.CLOSED:
                    row.closed_at, row.closed_by, row.close_reason = (
                        handled_at,
                        self.actor,
                        "已当面解释说明。",
                    )
                rows.append(row)
        self.bulk(VoterOpinion, rows)
