"""Demo suggestions of Wushenzhao: the 2022 year of the seed report, and 2023 items in every state.

2022: 19 suggestions from the deputies (9 at the 2nd session on 2022-01-14,
4 between sessions, 4 from the reception matters and 2 from the deliberation
opinions of the deputies demo), all replied on time and rated satisfied or
basically satisfied (满意率 100%), closed; 2 banner deputies' suggestions and 2
banner CPPCC proposals handed down and completed. 2023: one item in each
state, one overdue and one handled twice after 不满意; the two key items under a
presidium member's supervision carry supervision notes (``demo_supervision``).

Runs after the deputies demo. Every item is replayed through the workflow
as the demo staff member (so its events, rounds and history are real),
without notifications except for the few the demo accounts should see. Items
are found again by their title: a second run changes nothing. The records are
data in ``suggestions/demo_data/`` (one module per year); this module loads them.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from congress import townships
from congress.demo import demo_user
from congress.models import Session, Term, Township
from congress.roles import Role
from congress.townships import first_township_id
from deputies.demo_data.y2022 import SUGGESTION_OPINIONS
from deputies.models import Deputy, Opinion, Outcome, PresidiumMembership, ReceptionMatter

from . import demo_supervision, handdowns, notifications, services, workflow
from .choices import Category, ContactForm, Rating, Source, State, Transition
from .demo_data.common import (  # noqa: F401 (ACCOUNTS: the demo logins, manage.py demo_accounts)
    ACCOUNTS,
    AGRI,
    CATEGORY_WORDS,
    CHAIR,
    LVZHOU,
    MAYOR,
    PLANNING,
    RATING_COMMENTS,
    REPLIES,
    SOCIAL,
    TRANSPORT,
    UNITS,
    VICE_CHAIR,
)
from .demo_data.voter_opinions import VOTER_OPINIONS
from .demo_data.y2022 import (
    BETWEEN_2022,
    FROM_MATTERS,
    FROM_OPINIONS,
    HANDED_DOWN_2022,
    MATTERS_FALLBACK,
    OPINIONS_FALLBACK,
    SESSION_2022,
    SESSION_DAY,
)
from .demo_data.y2023 import ITEMS as ITEMS_2023
from .models import HandlingUnit, Suggestion, add_months

D = datetime.date


def category_of(title: str) -> str:
    return next((category for word, category in CATEGORY_WORDS.items() if word in title), Category.OTHER)


def load():
    term = Term.objects.get(ordinal=4)
    staff = get_user_model().objects.get(username="staff")  # made by the congress demo
    units = {
        name: HandlingUnit.objects.update_or_create(
            name=name, defaults={"kind": kind, "contact_person": f"{duty}联络员（演示）"}
        )[0]
        for name, kind, duty in UNITS
    }
    unit_user = demo_user("unit", Role.UNIT, first_name=AGRI)
    units[AGRI].users.add(unit_user)
    deputies = {d.name: d for d in Deputy.objects.filter(term=term)}
    members = {
        m.deputy.name: m
        for m in PresidiumMembership.objects.filter(term=term, end_date__isnull=True).select_related("deputy")
    }
    # The banner's staff (旗人大常委会), who hand the 2022 banner items down to the township.
    banner = demo_user("banner", Role.BANNER, first_name="旗人大常委会")
    townships.place_account(banner, banner=True)
    demo = Demo(staff, units, deputies, members, banner)
    with notifications.muted():
        demo.load_2022(Session.objects.filter(term=term, start_date=SESSION_DAY).first())
        demo.load_2023()
        load_voter_opinions(staff, deputies)
        demo_supervision.load(staff, term)
    return {"units": units, "unit_user": unit_user}


class Demo:
    def __init__(self, staff, units, deputies, members, banner=None):
        self.staff = staff
        self.banner = banner
        self.units = units
        self.deputies = deputies
        self.members = members

    # --- building blocks ---

    def existing(self, title) -> Suggestion | None:
        return Suggestion.objects.filter(title=title).first()

    def register(self, *, co_signers=(), **fields) -> Suggestion:
        suggestion = Suggestion(**fields)
        workflow.apply(
            suggestion,
            Transition.REGISTER,
            actor=self.staff,
            at=workflow.noon(suggestion.received_on),
            co_signers=[self.deputies[n] for n in co_signers],
        )
        return suggestion

    def supervisor(self, name) -> dict:
        if name in self.members:
            return {"supervisor_member": self.members[name]}
        return {"supervisor_leader": name}

    def step(self, suggestion, transition, day, **data):
        workflow.apply(suggestion, transition, actor=self.staff, at=workflow.noon(day), **data)

    def assign(self, suggestion, day, unit, co_units=(), supervisor=VICE_CHAIR, deadline=None, key=None):
        self.step(
            suggestion,
            Transition.ASSIGN,
            day,
            lead_unit=self.units[unit],
            co_units=[self.units[u] for u in co_units],
            assigned_on=day,
            deadline=deadline,
            key_supervision=key,
            **self.supervisor(supervisor),
        )

    def co_opinions(self, suggestion, day):
        for assignment in suggestion.current_round.co_assignments:
            assignment.opinion = f"{assignment.unit}已配合现场核实并提出办理意见。"
            assignment.opinion_on = day
            assignment.save(update_fields=["opinion", "opinion_on"])

    def handle(self, suggestion, day, result, rating, *, days=(12, 40, 50), comment=""):
        """Contact the deputy, reply (on time), rate: the usual life of an item."""
        contact_day = day + datetime.timedelta(days=days[0])
        reply_day = day + datetime.timedelta(days=days[1])
        if suggestion.state == State.ASSIGNED:
            self.step(
                suggestion,
                Transition.START,
                contact_day,
                form=ContactForm.IN_PERSON,
                contacted_on=contact_day,
            )
        else:  # handled again: the unit meets the deputy once more
            services.contact_record(
                suggestion, actor=self.staff, form=ContactForm.IN_PERSON, contacted_on=contact_day
            )
        self.co_opinions(suggestion, reply_day)
        self.step(
            suggestion,
            Transition.REPLY,
            reply_day,
            text=REPLIES[result] % {"title": suggestion.title.removeprefix("关于").removesuffix("的建议")},
            result_class=result,
            replied_on=reply_day,
        )
        if rating:
            rate_day = day + datetime.timedelta(days=days[2])
            self.step(
                suggestion,
                Transition.EVALUATE,
                rate_day,
                rating=rating,
                comment=comment or RATING_COMMENTS[rating],
                evaluated_on=rate_day,
            )
        return reply_day

    def complete(self, suggestion, day, unit, co_units, supervisor, key, result, rating):
        self.assign(suggestion, day, unit, co_units, supervisor, key=key)
        reply_day = self.handle(suggestion, day, result, rating)
        self.step(suggestion, Transition.CLOSE, reply_day + datetime.timedelta(days=35))

    # --- 2022: the seed report's year ---

    def load_2022(self, session):
        # At the session (assigned on 20 January) and between sessions (assigned three days after).
        collected = [(SESSION_DAY, Source.SESSION, session, D(2022, 1, 20), row) for row in SESSION_2022] + [
            (row[0], Source.BETWEEN_SESSIONS, None, row[0] + datetime.timedelta(days=3), row[1:])
            for row in BETWEEN_2022
        ]
        for received_on, source, at_session, assigned_on, row in collected:
            title, content, category, lead, co, unit, co_units, supervisor, key, result, rating = row
            if self.existing(title):
                continue
            suggestion = self.register(
                title=title,
                content=content,
                category=category,
                source=source,
                lead_deputy=self.deputies[lead],
                received_on=received_on,
                session=at_session,
                public=True,
                co_signers=co,
            )
            self.complete(suggestion, assigned_on, unit, co_units, supervisor, key, result, rating)
        self.load_receptions()
        self.load_opinions()
        for source, proposer, title, unit, result, rating in HANDED_DOWN_2022:
            if self.existing(title):
                continue
            day = D(2022, 2, 18)
            # Handed down by the banner's demo account; the township handles it as its own.
            suggestion = handdowns.hand_down(
                actor=self.banner,
                township=Township.objects.get(pk=first_township_id()),
                source=source,
                title=title,
                content=f"{title.removeprefix('关于').removesuffix('的建议').removesuffix('的提案')}（旗人大常委会、旗政协交办件）。",
                category=category_of(title),
                proposer=proposer,
                received_on=day,
                deadline=add_months(day, 3),
                handed_down_on=day,
            )
            self.assign(suggestion, day, unit, supervisor=CHAIR)
            reply_day = self.handle(suggestion, day, result, rating)
            # Without a rating, an external proposer's item is closed 30 days after the reply, with the reason.
            reason = (
                ""
                if rating
                else "答复已报旗人大常委会、旗政协，提出人答复后30日内未反馈测评意见，按规定办结。"
            )
            self.step(suggestion, Transition.CLOSE, reply_day + datetime.timedelta(days=35), reason=reason)

    def load_receptions(self):
        matters = list(
            ReceptionMatter.objects.filter(reception__date__year=2022, outcome=Outcome.SUGGESTION)
            .select_related("reception")
            .order_by("reception__date", "pk")[:4]
        )
        for index, (unit, supervisor, result, rating) in enumerate(FROM_MATTERS):
            if index < len(matters):
                matter = matters[index]
                suggestion = Suggestion.objects.filter(reception_matter=matter).first() or self.link(
                    services.title_from(matter.summary), reception_matter=matter
                )
                if suggestion is None:
                    day = matter.reception.date
                    suggestion = services.suggestion_from_reception_matter(
                        matter, actor=self.staff, public=True
                    )
                    self._backdate_registration(suggestion, day)
                    self.complete(
                        suggestion,
                        day + datetime.timedelta(days=5),
                        unit,
                        [],
                        supervisor,
                        False,
                        result,
                        rating,
                    )
                continue
            day, summary, lead = MATTERS_FALLBACK[index]
            title = services.title_from(summary)
            if self.existing(title):
                continue
            suggestion = self.register(
                title=title,
                content=summary,
                source=Source.RECEPTION,
                lead_deputy=self.deputies[lead],
                received_on=day,
                public=True,
            )
            self.complete(
                suggestion, day + datetime.timedelta(days=5), unit, [], supervisor, False, result, rating
            )

    def load_opinions(self):
        opinions = {
            o.text: o
            for o in Opinion.objects.filter(
                deliberation__date__year=2022, text__in=SUGGESTION_OPINIONS
            ).select_related("deliberation__session")
        }
        found = [opinions[text] for text in SUGGESTION_OPINIONS if text in opinions][:2]
        for index, (unit, supervisor, result, rating) in enumerate(FROM_OPINIONS):
            if index < len(found):
                opinion = found[index]
                if Suggestion.objects.filter(opinion=opinion).exists() or self.link(
                    services.title_from(opinion.text), opinion=opinion
                ):
                    continue
                day = opinion.deliberation.date
                suggestion = services.suggestion_from_opinion(
                    opinion,
                    actor=self.staff,
                    public=True,
                    lead_deputy=opinion.raised_by or self.deputies[OPINIONS_FALLBACK[index][2]],
                )
                self._backdate_registration(suggestion, day)
                self.complete(
                    suggestion, day + datetime.timedelta(days=7), unit, [], supervisor, False, result, rating
                )
                continue
            day, text, lead = OPINIONS_FALLBACK[index]
            title = services.title_from(text)
            if self.existing(title):
                continue
            suggestion = self.register(
                title=title,
                content=text,
                source=Source.DELIBERATION,
                lead_deputy=self.deputies[lead],
                received_on=day,
                public=True,
            )
            self.complete(
                suggestion, day + datetime.timedelta(days=7), unit, [], supervisor, False, result, rating
            )

    def link(self, title, **origin) -> Suggestion | None:
        """An item an earlier run made without its origin (the deputies demo was not there yet): link it."""
        suggestion = self.existing(title)
        if suggestion is not None:
            Suggestion.objects.filter(pk=suggestion.pk).update(**origin)
        return suggestion

    def _backdate_registration(self, suggestion, day):
        suggestion.events.filter(transition=Transition.REGISTER).update(at=workflow.noon(day))

    # --- 2023: one item in every state ---

    def load_2023(self):
        today = timezone.localdate()
        made = {}
        for title, content, lead, co, day in ITEMS_2023:
            if self.existing(title):
                continue
            made[title] = self.register(
                title=title,
                content=content,
                category=category_of(title),
                source=Source.BETWEEN_SESSIONS,
                lead_deputy=self.deputies[lead],
                received_on=day,
                public=title in {"关于加强镇区夜间路灯维护的建议", "关于推进牧区旱厕改造的建议"},
                co_signers=co,
            )

        def get(title):
            return made.get(title)

        # Assigned to the demo unit, due in two months (green).
        if s := get("关于开展肉牛冻精改良技术培训的建议"):
            with notifications.muted(False):
                self.assign(
                    s,
                    D(2023, 9, 15),
                    AGRI,
                    [SOCIAL],
                    VICE_CHAIR,
                    deadline=today + datetime.timedelta(days=60),
                    key=True,
                )
        # In handling at the demo unit, due within 15 days (yellow).
        if s := get("关于为牧户统一配发动物防疫耳标的建议"):
            with notifications.muted(False):
                self.assign(
                    s, D(2023, 9, 1), AGRI, [], CHAIR, deadline=today + datetime.timedelta(days=10), key=True
                )
            self.step(s, Transition.START, D(2023, 9, 8), form=ContactForm.PHONE, contacted_on=D(2023, 9, 8))
        # Overdue (red): assigned in March 2023, never replied.
        if s := get("关于修复巴音敖包嘎查过水路面的建议"):
            self.assign(s, D(2023, 3, 3), TRANSPORT, [], MAYOR, deadline=D(2023, 6, 3))
            self.step(
                s, Transition.START, D(2023, 3, 20), form=ContactForm.VISIT, contacted_on=D(2023, 3, 20)
            )
        # Replied, awaiting the demo deputy's rating.
        if s := get("关于在查汗庙嘎查增设村级卫生室药品种类的建议"):
            self.assign(s, D(2023, 4, 12), SOCIAL, ["乌审召镇卫生院"], VICE_CHAIR)
            self.step(
                s, Transition.START, D(2023, 4, 20), form=ContactForm.IN_PERSON, contacted_on=D(2023, 4, 20)
            )
            self.co_opinions(s, D(2023, 5, 30))
            with notifications.muted(False):
                self.step(
                    s,
                    Transition.REPLY,
                    D(2023, 6, 2),
                    text="已协调镇卫生院为查汗庙嘎查卫生室增配常用药品32种，并建立每月补货机制。",
                    result_class="A",
                    replied_on=D(2023, 6, 2),
                )
        # Handled twice: 不满意 with the first reply, satisfied with the second; closed.
        if s := get("关于治理绿洲社区小区停车难的建议"):
            self.assign(s, D(2023, 3, 20), PLANNING, [LVZHOU], VICE_CHAIR)
            self.handle(
                s,
                D(2023, 3, 20),
                "C",
                Rating.UNSATISFIED,
                comment="只答复列入规划，没有具体时间表，小区停车问题仍然突出。",
            )
            self.step(
                s,
                Transition.REHANDLE,
                D(2023, 5, 15),
                assigned_on=D(2023, 5, 15),
                note="代表不满意，主席团要求重新办理并明确时间表。",
            )
            self.handle(s, D(2023, 5, 15), "A", Rating.SATISFIED, days=(5, 45, 52))
            self.step(s, Transition.CLOSE, D(2023, 7, 20))
        # Rejected: outside the township's powers.
        if s := get("关于调整旗级医保报销比例的建议"):
            self.step(
                s,
                Transition.REJECT,
                D(2023, 5, 10),
                reason="医保报销比例属旗级事权，不属镇人大主席团交办范围，已建议代表通过旗人大代表反映。",
            )
        # Closed ones, and one evaluated awaiting closing.
        for title, day, unit, result, rating, close in [
            ("关于加强镇区夜间路灯维护的建议", D(2023, 2, 22), PLANNING, "A", Rating.SATISFIED, True),
            ("关于推进牧区旱厕改造的建议", D(2023, 4, 28), PLANNING, "B", Rating.BASICALLY_SATISFIED, True),
            ("关于完善嘎查便民服务站功能的建议", D(2023, 6, 10), SOCIAL, "B", Rating.SATISFIED, False),
        ]:
            if s := get(title):
                self.assign(s, day, unit, [], VICE_CHAIR)
                reply_day = self.handle(s, day, result, rating)
                if close:
                    self.step(s, Transition.CLOSE, reply_day + datetime.timedelta(days=20))


def load_voter_opinions(staff, deputies):
    """Submit and handle the demo's voter opinions through opinions.services (found again by their content)."""
    from .models import VoterOpinion
    from .opinions import services

    now = timezone.now()
    for content, category, source, deputy_name, name, phone, days, then in VOTER_OPINIONS:
        if VoterOpinion.objects.filter(content=content).exists():
            continue
        deputy = deputies.get(deputy_name) if deputy_name else None
        opinion = VoterOpinion(
            content=content,
            category=category,
            source=source,
            deputy=deputy,
            voter_name=name,
            voter_contact=phone,
            submitted_at=now - datetime.timedelta(days=days),
        )
        services.voter_opinion_submit(opinion, actor=staff if source == "reception" else None)
        if then is None:
            continue
        action, text = then
        if action == "answer":
            services.voter_opinion_answer(opinion, actor=deputy.user, answer=text)
        elif action == "pass_to_staff":
            services.voter_opinion_pass_to_staff(opinion, actor=deputy.user, note=text)
        elif action == "convert":
            services.voter_opinion_convert(opinion, actor=staff)
        elif action == "close":
            services.voter_opinion_close(opinion, actor=staff, reason=text)


def load_second_township():
    """图克镇's suggestions through the workflow (called by ``congress.demo.load_demo`` inside its scope)."""
    from .demo_data import tuke

    term = Term.objects.get(ordinal=4)
    staff = get_user_model().objects.get(username="tuke_staff")  # made by the congress demo
    units = {
        name: HandlingUnit.objects.update_or_create(
            name=name, defaults={"kind": kind, "contact_person": f"{duty}联络员（演示）"}
        )[0]
        for name, kind, duty in tuke.UNITS
    }
    deputies = {d.name: d for d in Deputy.objects.filter(term=term)}
    members = {
        m.deputy.name: m
        for m in PresidiumMembership.objects.filter(term=term, end_date__isnull=True).select_related("deputy")
    }
    demo = Demo(staff, units, deputies, members)
    session = Session.objects.filter(term=term, start_date=tuke.SESSION_DAY).first()
    with notifications.muted():
        for title, content, category, source, lead, co, day, unit, result, rating, closed in tuke.ITEMS:
            if demo.existing(title):
                continue
            suggestion = demo.register(
                title=title,
                content=content,
                category=category,
                source=source,
                lead_deputy=deputies[lead],
                received_on=day,
                session=session if source == Source.SESSION else None,
                public=True,
                co_signers=co,
            )
            assigned_on = day + datetime.timedelta(days=5)
            if closed:
                demo.complete(suggestion, assigned_on, unit, [], tuke.VICE_CHAIR, False, result, rating)
            else:
                demo.assign(suggestion, assigned_on, unit, supervisor=tuke.VICE_CHAIR)
                demo.handle(suggestion, assigned_on, result, rating)
        title, content, category, lead, day, unit = tuke.IN_HANDLING
        if not demo.existing(title):
            suggestion = demo.register(
                title=title,
                content=content,
                category=category,
                source=Source.BETWEEN_SESSIONS,
                lead_deputy=deputies[lead],
                received_on=day,
            )
            assigned_on = day + datetime.timedelta(days=3)
            demo.assign(
                suggestion,
                assigned_on,
                unit,
                supervisor=tuke.CHAIR,
                deadline=timezone.localdate() + datetime.timedelta(days=45),
            )
            contacted = assigned_on + datetime.timedelta(days=7)
            demo.step(suggestion, Transition.START, contacted, form=ContactForm.PHONE, contacted_on=contacted)
    return {"units": units}
