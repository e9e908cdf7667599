"""Scale data: the deputies' duty work (receptions, duty reports, activities, deliberations, posts)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from .base import KIND_WORDS, LAST, PLACES_NEAR, PLACES_OUT, SUBJECTS, SURNAMES, VILLAGES, noon


class DutyWork:
    def make_receptions(self, year: int):
        from deputies.models import MatterCategory, Outcome, Reception, ReceptionMatter

        start, end = self.year_span(year)
        if start > end:
            return
        receptions, on_duty = [], []
        for _i in range(self.per_year("receptions")):
            day = self.date_between(start, end)
            term, deputies = self.in_office(day)
            if term is None:
                continue
            home = self.rng.choice(self.homes) if self.homes and self.rng.random() < 0.7 else None
            reception = Reception(
                term=term,
                home_id=home,
                date=day,
                place="" if home else f"{self.rng.choice(VILLAGES)}党群服务中心",
                visitors=self.rng.randint(0, 30),
                confirmed=self.rng.random() < 0.97,
                notes="",
            )
            receptions.append(reception)
            on_duty.append(self.sample(deputies, self.rng.randint(1, 4)))
        self.bulk(Reception, receptions)
        through = Reception.deputies.through
        self.bulk(
            through,
            [
                through(reception_id=r.pk, deputy_id=d)
                for r, deputies in zip(receptions, on_duty, strict=True)
                for d in deputies
            ],
        )
        categories, outcomes = list(MatterCategory.values), list(Outcome.values)
        matters = [
            ReceptionMatter(
                reception_id=r.pk,
                summary=f"群众反映{self.rng.choice(SUBJECTS)}方面的问题，希望尽快协调解决。",
                category=self.rng.choice(categories),
                voter_name=f"{self.rng.choice(SURNAMES)}{self.rng.choice(LAST)}",
                voter_contact=f"138{self.rng.randint(0, 99999999):08d}",
                may_contact=self.rng.random() < 0.5,
                outcome=self.rng.choice(outcomes),
            )
            for r in receptions
            for _m in range(self.rng.choice([0, 1, 1, 2, 3]))
        ]
        self.bulk(ReceptionMatter, matters)

    def make_duty_reports(self, year: int):
        from deputies.models import DutyReport

        start, end = self.year_span(year)
        rows = []
        for _i in range(self.per_year("duty_reports")):
            day = self.date_between(start, end)
            _term, deputies = self.in_office(day)
            if not deputies:
                continue
            audience = self.rng.randint(20, 80)
            satisfied = self.rng.randint(audience // 2, audience)
            basic = self.rng.randint(0, audience - satisfied)
            rows.append(
                DutyReport(
                    deputy_id=self.rng.choice(deputies),
                    date=day,
                    place=f"{self.rng.choice(VILLAGES)}党群服务中心",
                    form=self.rng.choice(["oral", "oral", "written"]),
                    audience=audience,
                    satisfied=satisfied,
                    basically_satisfied=basic,
                    unsatisfied=audience - satisfied - basic,
                )
            )
        self.bulk(DutyReport, rows)

    def make_activities(self, year: int):
        from deputies.models import Activity, ActivityKind, Attendance, AttendanceStatus

        # Activities are announced ahead: the current year's run to its end.
        start, end = self.year_span(year, past_only=False)
        kinds = [
            (ActivityKind.STUDY, 5),
            (ActivityKind.VOLUNTEER, 4),
            (ActivityKind.INSPECTION, 3),
            (ActivityKind.RESEARCH_TRIP, 2),
            (ActivityKind.SURVEY, 2),
            (ActivityKind.TRAINING, 2),
            (ActivityKind.MEETING, 1),
            (ActivityKind.OTHER, 1),
        ]
        population = [kind for kind, weight in kinds for _w in range(weight)]
        activities, invited = [], []
        # Each year has research of both kinds (the figures count them), then kinds at random.
        first = [ActivityKind.RESEARCH_TRIP, ActivityKind.SURVEY]
        for i in range(self.per_year("activities")):
            day = self.date_between(start, end)
            term, deputies = self.in_office(day)
            if term is None:
                continue
            kind = first[i] if i < len(first) else self.rng.choice(population)
            away = kind in (ActivityKind.RESEARCH_TRIP, ActivityKind.SURVEY)
            destination = ""
            if kind == ActivityKind.RESEARCH_TRIP:
                destination = self.rng.choice(PLACES_OUT)
            elif kind == ActivityKind.SURVEY:
                destination = self.rng.choice(PLACES_NEAR)
            activity = Activity(
                term=term,
                kind=kind,
                title=f"{destination or '镇区'}{self.rng.choice(SUBJECTS)}{KIND_WORDS[kind]}",
                start_date=day,
                end_date=day + datetime.timedelta(days=self.rng.randint(1, 3)) if away else None,
                destination=destination,
                organizer="镇人大主席团",
                description=f"围绕{self.rng.choice(SUBJECTS)}开展活动。",
                outcome_summary="形成调研报告一份。" if away and day < self.today else "",
            )
            activities.append(activity)
            invited.append(self.sample(deputies, self.rng.randint(8, 30)))
        self.bulk(Activity, activities)
        rows = []
        for activity, deputies in zip(activities, invited, strict=True):
            past = activity.start_date <= self.today
            for deputy_id in deputies:
                status = AttendanceStatus.INVITED
                reason = ""
                if past:
                    status = AttendanceStatus.ABSENT if self.rng.random() < 0.1 else AttendanceStatus.PRESENT
                    reason = "请假" if status == AttendanceStatus.ABSENT else ""
                rows.append(
                    Attendance(
                        activity_id=activity.pk, deputy_id=deputy_id, status=status, absence_reason=reason
                    )
                )
        self.bulk(Attendance, rows)

    def make_deliberations(self, year: int):
        from deputies.models import Deliberation, Opinion, ReportingBody

        start, end = self.year_span(year)
        deliberations, present = [], []
        bodies = [ReportingBody.GOVERNMENT] * 4 + [ReportingBody.TRIBUNAL, ReportingBody.PROCURATORATE]
        for _i in range(self.per_year("deliberations")):
            day = self.date_between(start, end)
            term, deputies = self.in_office(day)
            if term is None:
                continue
            session = self.sessions.get(year) if self.rng.random() < 0.3 else None
            deliberations.append(
                Deliberation(
                    term=term,
                    session=session if session and session.term_id == term.pk else None,
                    meeting="" if session else "主席团会议",
                    reporting_body=self.rng.choice(bodies),
                    subject=f"关于{self.rng.choice(SUBJECTS)}工作情况的报告",
                    date=day,
                )
            )
            present.append(self.sample(deputies, self.rng.randint(10, 30)))
        self.bulk(Deliberation, deliberations)
        through = Deliberation.deputies.through
        self.bulk(
            through,
            [
                through(deliberation_id=d.pk, deputy_id=deputy)
                for d, deputies in zip(deliberations, present, strict=True)
                for deputy in deputies
            ],
        )
        opinions = [
            Opinion(
                deliberation_id=d.pk,
                text=f"建议进一步加强{self.rng.choice(SUBJECTS)}工作，落实责任。",
                raised_by_id=self.rng.choice(deputies) if deputies else None,
                order=order,
            )
            for d, deputies in zip(deliberations, present, strict=True)
            for order in range(1, self.rng.randint(2, 6) + 1)
        ]
        self.bulk(Opinion, opinions)

    # ---- suggestions --------------------------------------------------------------------------

    def _posts_of_year(self, year: int, me) -> tuple[list, list]:
        """(posts, photos per post) of one year: about its past activities, confirmed reception days and duty
        reports; most published, some a deputy's proposal waiting or sent back (a quarter by ``me``)."""
        from deputies.models import (
            Activity,
            Attendance,
            AttendanceStatus,
            DutyReport,
            Post,
            PostKind,
            PostStatus,
            Reception,
        )

        rng = self.rng
        start, end = self.year_span(year)
        if start > end:
            return [], []
        present = defaultdict(list)
        for activity, deputy in Attendance.objects.filter(
            activity__start_date__range=(start, end), status=AttendanceStatus.PRESENT
        ).values_list("activity_id", "deputy_id"):
            present[activity].append(deputy)
        records = {
            PostKind.ACTIVITY: sorted(present),
            PostKind.RECEPTION: list(
                Reception.objects.filter(date__range=(start, end), confirmed=True).values_list(
                    "pk", flat=True
                )
            ),
            PostKind.DUTY_REPORT: list(
                DutyReport.objects.filter(date__range=(start, end)).values_list("pk", flat=True)
            ),
        }
        titles = dict(Activity.objects.filter(pk__in=records[PostKind.ACTIVITY]).values_list("pk", "title"))
        posts, photos = [], []
        # Each year has a published post of each kind and a proposal of ``me`` (the pages show each), then
        # posts at random.
        first = [PostKind.ACTIVITY, PostKind.RECEPTION, PostKind.DUTY_REPORT]
        mine = [activity for activity, deputies in present.items() if me in deputies]
        for i in range(max(self.per_year("posts"), 4)):
            kind = first[i] if i < 3 else rng.choice([PostKind.ACTIVITY] * 3 + first[1:])
            if i == 3 and mine:
                kind, record, status, proposer = PostKind.ACTIVITY, rng.choice(mine), PostStatus.PROPOSED, me
            elif not records[kind]:
                continue
            else:
                record = rng.choice(records[kind])
                status = (
                    PostStatus.PUBLISHED
                    if i < 3
                    else rng.choice(
                        [PostStatus.PUBLISHED] * 16
                        + [PostStatus.PROPOSED, PostStatus.REJECTED, PostStatus.DRAFT]
                    )
                )
                proposer = None
                if kind == PostKind.ACTIVITY and status in (PostStatus.PROPOSED, PostStatus.REJECTED):
                    proposer = rng.choice(present[record])
            day = self.date_between(start, end)
            posts.append(
                Post(
                    kind=kind,
                    **{f"{kind.value}_id": record},
                    title=titles[record]
                    if kind == PostKind.ACTIVITY
                    else f"代表{'接待选民' if kind == PostKind.RECEPTION else '向选民述职'}（{day:%m月%d日}）",
                    text=f"代表们围绕{rng.choice(SUBJECTS)}开展工作，听取群众意见，提出了改进建议。",
                    status=status,
                    proposed_by_id=proposer,
                    review_note="请补充活动成效后重新提交。" if status == PostStatus.REJECTED else "",
                    published_at=noon(day) if status == PostStatus.PUBLISHED else None,
                    created_at=noon(day),
                )
            )
            photos.append(rng.choice([0, 1, 2, 3, 3, 6]))
        return posts, photos

    def make_posts(self):
        """履职动态 of every year, with photo records (paths only, as the progress photos)."""
        from deputies.models import Deputy, Post, PostPhoto

        me = Deputy.objects.filter(user__username="scale-deputy").values_list("pk", flat=True).first()
        for year in range(self.first_year, self.last_year + 1):
            posts, photos = self._posts_of_year(year, me)
            self.bulk(Post, posts)
            self.bulk(
                PostPhoto,
                [
                    PostPhoto(
                        post_id=post.pk,
                        image=f"deputies/posts/scale/{post.pk}-{n}.jpg",
                        thumbnail=f"deputies/posts/thumbnails/scale/{post.pk}-{n}.jpg",
                        width=2048,
                        height=1536,
                        caption="活动现场",
                        order=n,
                    )
                    for post, count in zip(posts, photos, strict=True)
                    for n in range(count)
                ],
            )
