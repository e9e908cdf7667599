"""Scale data: the livelihood plans, votes and projects."""

from __future__ import annotations

import datetime
from decimal import Decimal

from .base import PROJECT_KINDS, VILLAGES, noon


class Livelihood:
    def make_livelihood(self, year: int):
        from livelihood.models import (
            Candidate,
            CandidateStatus,
            CandidateTally,
            EntryMode,
            LivelihoodPlan,
            Project,
            ProjectStatus,
            Vote,
            VoteState,
        )

        rng = self.rng
        vote_day = datetime.date(year, 1, 15)
        if vote_day > self.today:
            return
        session = self.sessions.get(year)
        term, deputies = self.in_office(vote_day)
        k = self.per_year("projects")
        plan = LivelihoodPlan.objects.filter(year=year).first()
        fresh = plan is None
        if fresh:
            plan = LivelihoodPlan(
                year=year, title=f"{year}年民生实事", number_to_choose=k, session=session, notes=""
            )
            plan.save()
            self.summary.counts["livelihood.LivelihoodPlan"] += 1
        start = Candidate.objects.filter(plan=plan).count()
        losing = max(1, k // 3) if fresh else 0
        candidates = []
        for i in range(k + losing):
            category, label = rng.choice(PROJECT_KINDS)
            village = rng.choice(VILLAGES)
            planned_start = datetime.date(year, rng.randint(3, 5), rng.randint(1, 28))
            candidates.append(
                Candidate(
                    plan=plan,
                    name=f"{village}{label}（{start + i + 1}）",
                    category=category,
                    description=f"{village}{label}，惠及群众约{rng.randint(100, 900)}户。",
                    place=village,
                    estimated_investment=Decimal(rng.randint(20, 600)),
                    funding_source="旗级财政和镇自筹",
                    responsible_unit="镇村镇规划建设和环境保护办公室",
                    planned_start=planned_start,
                    planned_end=planned_start + datetime.timedelta(days=rng.randint(90, 200)),
                    origin=rng.choice(["deputies", "voters", "government"]),
                    status=CandidateStatus.CHOSEN if i < k else CandidateStatus.NOT_CHOSEN,
                )
            )
        self.bulk(Candidate, candidates)
        if fresh and session is not None and deputies:
            in_office = len(deputies)
            present = max(in_office * 2 // 3 + 1, in_office - rng.randint(0, max(1, in_office // 20)))
            present = min(present, in_office)
            invalid = 1 if present > 3 else 0
            valid = present - invalid
            vote = Vote(
                plan=plan,
                session=session,
                date=vote_day,
                deputies_in_office=in_office,
                deputies_present=present,
                entry_mode=EntryMode.TOTALS,
                valid_ballots=valid,
                invalid_ballots=invalid,
                state=VoteState.CONFIRMED,
                confirmed_at=noon(vote_day),
            )
            vote.save()
            self.summary.counts["livelihood.Vote"] += 1
            tallies = []
            half = in_office // 2 + 1
            for i, candidate in enumerate(candidates):
                yes = max(0, valid - i) if i < k else max(0, min(half - 1, valid) - (i - k) - 1)
                yes = max(yes, half) if i < k else min(yes, half - 1)
                yes = min(yes, valid)
                no = (valid - yes) // 2
                tallies.append(
                    CandidateTally(vote=vote, candidate=candidate, yes=yes, no=no, abstain=valid - yes - no)
                )
            self.bulk(CandidateTally, tallies)

        age = self.last_year - year
        projects = []
        for i, candidate in enumerate(candidates[:k]):
            roll = 0.0 if i == 0 else rng.random()  # a past year's first project is in use
            status, percent = ProjectStatus.NOT_STARTED, 0
            start_date = completion = first_use = None
            cancel_reason = ""
            if age >= 1:
                if roll < 0.8:
                    status = ProjectStatus.IN_USE
                elif roll < 0.95:
                    status = ProjectStatus.COMPLETED
                elif roll < 0.98:
                    status = ProjectStatus.DELAYED
                else:
                    status = ProjectStatus.CANCELLED
            else:
                status = rng.choice(
                    [ProjectStatus.UNDER_CONSTRUCTION] * 5
                    + [ProjectStatus.NOT_STARTED, ProjectStatus.DELAYED, ProjectStatus.COMPLETED]
                )
            if status != ProjectStatus.NOT_STARTED:
                start_date = candidate.planned_start
            if status in (ProjectStatus.COMPLETED, ProjectStatus.IN_USE):
                percent = 100
                completion = min(candidate.planned_end, self.today)
                if status == ProjectStatus.IN_USE:
                    first_use = min(completion + datetime.timedelta(days=rng.randint(0, 30)), self.today)
            elif status == ProjectStatus.UNDER_CONSTRUCTION:
                percent = rng.randint(10, 90)
            elif status == ProjectStatus.DELAYED:
                percent = rng.randint(5, 60)
            elif status == ProjectStatus.CANCELLED:
                cancel_reason = "选址调整，经主席团会议同意取消。"
            projects.append(
                Project(
                    candidate=candidate,
                    plan=plan,
                    name=candidate.name,
                    description=candidate.description,
                    responsible_unit=candidate.responsible_unit,
                    budget=candidate.estimated_investment,
                    location=candidate.place,
                    status=status,
                    cancel_reason=cancel_reason,
                    percent_complete=percent,
                    start_date=start_date,
                    completion_date=completion,
                    first_use_date=first_use,
                )
            )
        self.bulk(Project, projects)
        self.grow_projects(Project.objects.filter(plan__year=year), year, deputies)

    def grow_projects(self, projects, year, deputies):
        """Progress updates with photo records, inspections and surveys for each project of the year."""
        from livelihood.models import (
            DONE_STATUSES,
            Inspection,
            ProgressPhoto,
            ProgressUpdate,
            SatisfactionSurvey,
        )

        rng = self.rng
        start, end = self.year_span(year)
        updates, photos_per_update = [], []
        inspections, inspectors, surveys = [], [], []
        for project in projects.only("pk", "status", "percent_complete"):
            steps = rng.randint(2, 6)
            for step in range(steps):
                day = self.date_between(start, end)
                updates.append(
                    ProgressUpdate(
                        project_id=project.pk,
                        date=day,
                        text=f"第{step + 1}阶段：完成{rng.choice(['基础', '主体', '配套', '验收'])}工程。",
                        percent=min(100, (step + 1) * project.percent_complete // steps) or None,
                    )
                )
                photos_per_update.append(rng.choice([0, 1, 1, 2]))
            for _i in range(rng.choice([0, 1, 1, 2])):
                inspections.append(
                    Inspection(
                        project_id=project.pk,
                        date=self.date_between(start, end),
                        findings="施工进度符合计划，建议加强质量监管。",
                    )
                )
                inspectors.append(self.sample(deputies, rng.randint(2, 6)))
            if project.status in DONE_STATUSES:
                total = rng.randint(40, 70)
                satisfied = rng.randint(total // 2, total)
                basic = rng.randint(0, total - satisfied)
                surveys.append(
                    SatisfactionSurvey(
                        project_id=project.pk,
                        date=min(datetime.date(year, 12, 20), self.today),
                        satisfied=satisfied,
                        basically_satisfied=basic,
                        unsatisfied=total - satisfied - basic,
                    )
                )
        self.bulk(ProgressUpdate, updates)
        photos = [
            ProgressPhoto(
                update_id=update.pk,
                image=f"livelihood/progress/scale/{update.pk}-{n}.jpg",
                alt_text="施工现场照片",
                caption=f"{update.date:%Y年%m月%d日}现场",
            )
            for update, count in zip(updates, photos_per_update, strict=True)
            for n in range(count)
        ]
        self.bulk(ProgressPhoto, photos)
        self.bulk(Inspection, inspections)
        through = Inspection.deputies.through
        self.bulk(
            through,
            [
                through(inspection_id=i.pk, deputy_id=d)
                for i, deputies in zip(inspections, inspectors, strict=True)
                for d in deputies
            ],
        )
        self.bulk(SatisfactionSurvey, surveys)

    # ---- accounts for looking at the data ------------------------------------------------------
