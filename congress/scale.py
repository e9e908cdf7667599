"""Scale data: N times a township's year, over ten years, for the benchmark and the query budgets.

``generate(factor=20)`` adds, for each of the last ten calendar years (this
year included, nothing dated after today except activities announced ahead),
``factor`` times what one township records in a year: reception days with the
matters raised, duty reports, activities with attendance, deliberations with
opinions, suggestions with their rounds, contacts, replies, evaluations and
workflow events, voters' opinions (社情民意), and the year's livelihood plan
with its vote, projects, progress updates, photo records, inspections and
surveys, and posts on the deputies' work (履职动态) with photo records; plus the terms, sessions, constituencies, deputies (about 65 ×
factor across the terms), presidium, contact system, deputies' homes and
handling units they need.

It is seeded (the same seed and factor give the same rows, the voter
opinions' random lookup codes aside) and additive: run again on the same
database it adds as much again, continuing the yearly
suggestion numbers and the names, so a test can grow a small data set and
check that a page's queries stay the same.

Rows are written with ``bulk_create`` in batches and **without history rows**
(django-simple-history): generated records have no "created by" entry in
their history, which no page needs. Photos are records only (a path, alt
text and caption): no image files are written. The page cache's data
version is raised once at the end (bulk writes send no signals).
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from congress.models import Session, Term, TownshipProfile
from congress.roles import Role, grant_role

BATCH = 2000
DEMO_PASSWORD = "demo-2022"

# What one township records in one year (or keeps in all), multiplied by the factor.
PER_TOWNSHIP = {
    "deputies_per_term": 33,  # two terms cover ten years: about 65 deputies × factor
    "constituencies": 7,
    "handling_units": 11,
    "homes": 2,
    "presidium_members": 4,
}
PER_YEAR = {
    "receptions": 100,
    "duty_reports": 9,
    "activities": 20,
    "deliberations": 4,
    "suggestions": 200,
    "projects": 6,
    "voter_opinions": 60,
    "posts": 12,
}

# The fourth term as in the demo; earlier and later terms are five years apart.
ANCHOR_TERM = (4, datetime.date(2021, 9, 22), datetime.date(2026, 12, 31))

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭"
MIDDLE = "建志国永文晓俊振春秀海丽玉桂淑红金宝德立"
LAST = "军强华平斌东峰梅英兰燕娟芳明杰涛辉勇刚敏"
MONGOLIAN = [
    "巴特尔", "乌云其其格", "斯琴", "额尔敦", "娜仁花", "朝鲁", "萨仁", "宝音", "其木格", "图雅",
    "阿拉坦", "哈斯", "苏日娜", "那顺", "乌兰", "布和", "敖登", "孟和", "高娃", "达来",
]  # fmt: skip
MONGOLIAN_SUFFIX = "巴图吉日嘎拉满都拉查干"
VILLAGES = ["乌审召嘎查", "查汗庙嘎查", "巴音陶勒盖嘎查", "巴音敖包嘎查", "绿洲社区", "惠泽社区"]
PLACES_OUT = [
    "巴彦淖尔市五原县", "巴彦淖尔市杭锦后旗", "鄂尔多斯市鄂托克前旗", "鄂尔多斯市杭锦旗",
    "包头市达尔罕茂明安联合旗", "呼和浩特市和林格尔县", "乌海市海南区",
]  # fmt: skip
PLACES_NEAR = ["乌审旗嘎鲁图镇", "乌审旗图克镇", "乌审旗无定河镇", "乌审旗苏力德苏木"]
SUBJECTS = [
    "饲草料储备", "牧区道路养护", "人畜饮水安全", "集中供热改造", "农村人居环境整治", "草原生态补奖",
    "医疗保障", "义务教育", "养老服务", "矛盾纠纷调处", "村集体经济", "防沙治沙",
]  # fmt: skip
KIND_WORDS = {
    "study": "学习研讨", "volunteer": "志愿服务", "inspection": "视察", "research_trip": "外出调研",
    "survey": "调研", "training": "培训", "meeting": "列席会议", "other": "活动",
}  # fmt: skip
PROJECT_KINDS = [
    ("roads", "道路硬化工程"), ("water", "人畜饮水工程"), ("housing", "危房改造"),
    ("culture", "文化活动室建设"), ("safety", "路灯安装"), ("education_health", "卫生室提升"),
    ("elderly", "互助养老幸福院"), ("other", "便民服务点"),
]  # fmt: skip


def scaled(base: int, factor: float, minimum: int = 1) -> int:
    return max(minimum, round(base * factor))


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def add_months(date: datetime.date, months: int) -> datetime.date:
    from suggestions.models import add_months as add

    return add(date, months)


@dataclass
class Summary:
    """How many rows of each model a run added, and how long it took."""

    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        return [f"{label}: {count}" for label, count in sorted(self.counts.items())]


class ScaleBuilder:
    def __init__(self, factor: float, *, seed: int = 2022, years: int = 10, today=None, log=None):
        if factor <= 0:
            raise ValueError("factor must be positive")
        self.factor = factor
        self.rng = random.Random(f"{seed}:{factor}")
        self.today = today or timezone.localdate()
        self.last_year = self.today.year
        self.first_year = self.last_year - years + 1
        self.log = log or (lambda message: None)
        self.summary = Summary()
        # term pk → [(deputy pk, took_office, left_office)]
        self.roster: dict[int, list[tuple[int, datetime.date, datetime.date | None]]] = defaultdict(list)
        self._in_office_cache: dict[tuple, list[int]] = {}

    # ---- helpers ---------------------------------------------------------------------------

    def per_year(self, key: str) -> int:
        return scaled(PER_YEAR[key], self.factor)

    def bulk(self, model, rows: list) -> list:
        if rows:
            model.objects.bulk_create(rows, batch_size=BATCH)
            self.summary.counts[model._meta.label] += len(rows)
        return rows

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days))

    def year_span(self, year: int, *, past_only: bool = True) -> tuple[datetime.date, datetime.date]:
        end = datetime.date(year, 12, 31)
        if past_only:
            end = min(end, self.today)
        return datetime.date(year, 1, 1), end

    def term_on(self, day: datetime.date) -> Term | None:
        for term in self.terms:
            if term.start_date <= day and (term.end_date is None or day <= term.end_date):
                return term
        return None

    def in_office(self, day: datetime.date) -> tuple[Term | None, list[int]]:
        """The term covering ``day`` and its deputies in office for the whole half-month around it (cached)."""
        term = self.term_on(day)
        if term is None:
            return None, []
        key = (day.year, day.month, day.day > 15, term.pk)
        if key not in self._in_office_cache:
            first = day.replace(day=1 if day.day <= 15 else 16)
            last = (
                day.replace(day=15) if day.day <= 15 else (first + datetime.timedelta(days=16)).replace(day=1)
            )
            first = max(first, term.start_date)
            self._in_office_cache[key] = [
                pk
                for pk, took, left in self.roster[term.pk]
                if took <= first and (left is None or left > last)
            ]
        return term, self._in_office_cache[key]

    def sample(self, population: list, k: int) -> list:
        return self.rng.sample(population, min(k, len(population)))

    # ---- the whole ---------------------------------------------------------------------------

    @transaction.atomic
    def build(self) -> Summary:
        started = time.monotonic()
        self.profile()
        self.actor = self.make_users()["scale-staff"]
        self.make_terms()
        self.make_sessions()
        self.make_constituencies()
        self.make_deputies()
        self.make_presidium()
        self.make_contacts()
        self.make_homes()
        self.make_units()
        self.load_presidium()
        for year in range(self.first_year, self.last_year + 1):
            self.log(f"  {year}")
            self.make_receptions(year)
            self.make_duty_reports(year)
            self.make_activities(year)
            self.make_deliberations(year)
            self.make_suggestions(year)
            self.make_livelihood(year)
        self.link_current_rounds()
        self.make_accounts()
        self.make_voter_opinions()
        self.make_posts()
        from congress import cache

        cache.bump()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    # ---- the township, terms, sessions --------------------------------------------------------

    def profile(self):
        if not TownshipProfile.objects.filter(pk=1).exists():
            TownshipProfile(
                township="乌审召镇",
                banner="乌审旗",
                city="鄂尔多斯市",
                region="内蒙古自治区",
                platform_title="乌审召镇人大主席团工作平台",
            ).save()

    def make_terms(self):
        ordinal, start, end = ANCHOR_TERM
        spans = {ordinal: (start, end)}
        first = datetime.date(self.first_year, 1, 1)
        last = datetime.date(self.last_year, 12, 31)
        while spans[min(spans)][0] > first:
            k = min(spans)
            previous_start = spans[k][0].replace(year=spans[k][0].year - 5)
            spans[k - 1] = (previous_start, spans[k][0] - datetime.timedelta(days=1))
        while spans[max(spans)][1] < last:
            k = max(spans)
            next_start = spans[k][1] + datetime.timedelta(days=1)
            spans[k + 1] = (
                next_start,
                next_start.replace(year=next_start.year + 5) - datetime.timedelta(days=1),
            )
        self.terms = []
        for k, (start, end) in sorted(spans.items()):
            if end < first:
                continue
            term, _created = Term.objects.get_or_create(
                ordinal=k, defaults={"start_date": start, "end_date": end, "seats": 70}
            )
            self.terms.append(term)

    def make_sessions(self):
        self.sessions: dict[int, Session] = {}
        for term in self.terms:
            existing = list(term.sessions.order_by("start_date"))
            if not existing:
                rows = []
                start_year = term.start_date.year
                end_year = (term.end_date or datetime.date(self.last_year, 12, 31)).year
                days = [term.start_date] + [
                    datetime.date(year, 1, 15)
                    for year in range(start_year + 1, end_year + 1)
                    if datetime.date(year, 1, 15) <= (term.end_date or datetime.date.max)
                ]
                for ordinal, day in enumerate(days, start=1):
                    rows.append(
                        Session(
                            term=term,
                            ordinal=ordinal,
                            title=f"第{term.ordinal}届人民代表大会第{ordinal}次会议",
                            start_date=day,
                            end_date=day + datetime.timedelta(days=1),
                            place="镇人大会议室",
                        )
                    )
                existing = self.bulk(Session, rows)
            for session in existing:
                self.sessions.setdefault(session.start_date.year, session)

    # ---- the roster ---------------------------------------------------------------------------

    def make_constituencies(self):
        from deputies.models import Constituency

        start = Constituency.objects.count()
        rows = [
            Constituency(
                name=f"第{start + i + 1}选区", sort_order=start + i + 1, description=self.rng.choice(VILLAGES)
            )
            for i in range(scaled(PER_TOWNSHIP["constituencies"], self.factor, 2))
        ]
        self.bulk(Constituency, rows)
        self.constituencies = list(Constituency.objects.values_list("pk", flat=True))

    def _names(self, taken: set[str]):
        """Unique (name, Mongolian?) within a term: Han and Mongolian names mixed, then numbered ones."""
        han = [(s + m + last, False) for s in SURNAMES for m in MIDDLE for last in LAST]
        mongolian = [(a + b, True) for a in MONGOLIAN for b in ("", *MONGOLIAN_SUFFIX)]
        self.rng.shuffle(han)
        self.rng.shuffle(mongolian)
        for item in itertools.chain.from_iterable(itertools.zip_longest(han, mongolian)):
            if item and item[0] not in taken:
                taken.add(item[0])
                yield item
        for n in itertools.count(1):
            name = f"代表{n:05d}"
            if name not in taken:
                taken.add(name)
                yield name, False

    def make_deputies(self):
        from deputies.models import Deputy, DeputyStatus

        rows = []
        for term in self.terms:
            taken = set(Deputy.objects.filter(term=term).values_list("name", flat=True))
            names = self._names(taken)
            end = term.end_date or datetime.date(self.last_year, 12, 31)
            for _i in range(scaled(PER_TOWNSHIP["deputies_per_term"], self.factor, 3)):
                name, mongolian = next(names)
                took = term.start_date
                if self.rng.random() < 0.05:  # elected at a by-election
                    took = self.date_between(term.start_date, min(end, self.today))
                status, left = DeputyStatus.ACTIVE, None
                if self.rng.random() < 0.04:
                    status = self.rng.choice(
                        [DeputyStatus.RESIGNED, DeputyStatus.REMOVED, DeputyStatus.DECEASED]
                    )
                    left = self.date_between(took, min(end, self.today))
                rows.append(
                    Deputy(
                        term=term,
                        name=name,
                        gender="female" if self.rng.random() < 0.4 else "male",
                        ethnicity="蒙古族" if mongolian else self.rng.choice(["汉族"] * 12 + ["回族"]),
                        birth_month=datetime.date(self.rng.randint(1958, 1995), self.rng.randint(1, 12), 1),
                        political_affiliation=self.rng.choice(["cpc"] * 6 + ["masses", "non_party", "cyl"]),
                        education=self.rng.choice(["大专", "本科", "高中", "中专", "研究生"]),
                        occupation=f"{self.rng.choice(VILLAGES)}{self.rng.choice(['党支部书记', '牧民', '村民', '会计', '医生', '教师'])}",
                        constituency_id=self.rng.choice(self.constituencies),
                        is_banner_deputy=self.rng.random() < 0.1,
                        phone=f"139{self.rng.randint(0, 99999999):08d}",
                        id_number=f"150626{self.rng.randint(1958, 1995)}{self.rng.randint(0, 99999999):08d}",
                        status=status,
                        took_office=took,
                        left_office=left,
                    )
                )
        self.bulk(Deputy, rows)
        self.new_deputies = rows
        for pk, term_id, took, left in Deputy.objects.values_list(
            "pk", "term_id", "took_office", "left_office"
        ):
            self.roster[term_id].append((pk, took, left))
        for term_id in self.roster:
            self.roster[term_id].sort()

    def make_presidium(self):
        from deputies.models import PresidiumMembership, PresidiumRole

        rows = []
        for term in self.terms:
            present = {
                pk for pk, took, left in self.roster[term.pk] if left is None and took == term.start_date
            }
            seated = set(
                PresidiumMembership.objects.filter(term=term, end_date__isnull=True).values_list(
                    "deputy_id", flat=True
                )
            )
            candidates = sorted(present - seated)
            self.rng.shuffle(candidates)
            roles = []
            if not PresidiumMembership.objects.filter(term=term, role=PresidiumRole.CHAIR).exists():
                roles = [PresidiumRole.CHAIR, PresidiumRole.VICE_CHAIR, PresidiumRole.VICE_CHAIR]
            roles += [PresidiumRole.MEMBER] * scaled(PER_TOWNSHIP["presidium_members"], self.factor / 5)
            titles = {
                PresidiumRole.CHAIR: "镇党委委员、人大主席",
                PresidiumRole.VICE_CHAIR: "人大副主席",
                PresidiumRole.MEMBER: "主席团成员",
            }
            for role, deputy_id in zip(roles, candidates, strict=False):
                rows.append(
                    PresidiumMembership(
                        term=term,
                        deputy_id=deputy_id,
                        role=role,
                        title=titles[role],
                        duty_division=f"联系{self.rng.choice(VILLAGES)}代表，负责{self.rng.choice(SUBJECTS)}工作",
                        start_date=term.start_date,
                    )
                )
        self.bulk(PresidiumMembership, rows)

    def load_presidium(self):
        from deputies.models import PresidiumMembership

        self.presidium: dict[int, list[int]] = defaultdict(list)
        for pk, term_id in PresidiumMembership.objects.filter(end_date__isnull=True).values_list(
            "pk", "term_id"
        ):
            self.presidium[term_id].append(pk)

    def make_contacts(self):
        from deputies.models import PresidiumContact, PresidiumMembership, VoterContact

        members: dict[int, list[int]] = defaultdict(list)
        for pk, term_id in PresidiumMembership.objects.values_list("pk", "term_id"):
            members[term_id].append(pk)
        contacts, voters = [], []
        for deputy in self.new_deputies:
            if members[deputy.term_id]:
                contacts.append(
                    PresidiumContact(
                        term_id=deputy.term_id,
                        presidium_member_id=self.rng.choice(members[deputy.term_id]),
                        deputy_id=deputy.pk,
                    )
                )
            for village in self.sample(VILLAGES, self.rng.randint(1, 2)):
                voters.append(
                    VoterContact(
                        term_id=deputy.term_id,
                        deputy_id=deputy.pk,
                        contact_point=f"{village}第{self.rng.randint(1, 9)}组",
                        households=self.rng.randint(10, 60),
                        voters=self.rng.randint(20, 150),
                        notes="联系户名单由代表保存（仅工作人员可见）",
                    )
                )
        self.bulk(PresidiumContact, contacts)
        self.bulk(VoterContact, voters)

    def make_homes(self):
        from deputies.models import DeputiesHome, HomeKind

        start = DeputiesHome.objects.count()
        rows = []
        for i in range(scaled(PER_TOWNSHIP["homes"], self.factor)):
            n = start + i + 1
            kind = HomeKind.HOME if n % 4 == 1 else HomeKind.STATION
            village = VILLAGES[n % len(VILLAGES)]
            rows.append(
                DeputiesHome(
                    name=f"{village}代表联络站{n}号" if kind == HomeKind.STATION else f"人大代表之家{n}号",
                    kind=kind,
                    address=f"{village}党群服务中心",
                    facilities="接待室、议事室、档案柜",
                    opening_hours="工作日 9:00—17:00",
                    reception_schedule=f"每月{(n % 28) + 1}日为代表集中接待选民日",
                    reception_day=(n % 28) + 1,
                    star_rating=self.rng.choice([None, 3, 4, 5]),
                    is_public=self.rng.random() < 0.9,
                )
            )
        self.bulk(DeputiesHome, rows)
        self.homes = list(DeputiesHome.objects.values_list("pk", flat=True))

    def make_units(self):
        from suggestions.choices import UnitKind
        from suggestions.models import HandlingUnit

        start = HandlingUnit.objects.count()
        kinds = list(UnitKind.values)
        rows = [
            HandlingUnit(
                name=f"承办单位{start + i + 1:04d}（{self.rng.choice(SUBJECTS)}）",
                kind=self.rng.choice(kinds),
                contact_person=f"{self.rng.choice(SURNAMES)}{self.rng.choice(LAST)}",
                contact_phone=f"0477-{self.rng.randint(0, 9999999):07d}",
            )
            for i in range(scaled(PER_TOWNSHIP["handling_units"], self.factor, 3))
        ]
        self.bulk(HandlingUnit, rows)
        self.units = list(HandlingUnit.objects.values_list("pk", flat=True))

    # ---- duty work ----------------------------------------------------------------------------

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

    def make_suggestions(self, year: int):
        from suggestions.choices import (
            HANDED_DOWN_SOURCES,
            AssignmentRole,
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
            YearCounter,
        )

        start, end = self.year_span(year)
        if start > end:
            return
        counter, _created = YearCounter.objects.get_or_create(year=year)
        taken = Suggestion.objects.filter(number__startswith=f"{year}-").values_list("number", flat=True)
        last = max([counter.last, *(int(n.split("-")[1]) for n in taken)])
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

        suggestions, signers, lives = [], [], []
        every_source = list(dict.fromkeys(sources))  # each year has an item from every source first
        for i in range(self.per_year("suggestions")):
            received = self.date_between(start, end)
            source = every_source[i] if i < len(every_source) else rng.choice(sources)
            term, deputies = self.in_office(received)
            handed_down = source in HANDED_DOWN_SOURCES or not deputies
            lead = None if handed_down else rng.choice(deputies)
            last += 1
            subject = rng.choice(SUBJECTS)
            suggestion = Suggestion(
                number=f"{year}-{last:03d}",
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
            suggestion.state = life["state"]
            suggestion.public = (
                bool(life["rounds"] and life["rounds"][-1].get("reply")) and rng.random() < 0.3
            )
            suggestions.append(suggestion)
            signers.append(
                self.sample([d for d in deputies if d != lead], rng.choice([0, 0, 1, 2, 3])) if lead else []
            )
            lives.append(life)
        counter.last = last
        counter.save(update_fields=["last"])
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
        rounds, round_lives = [], []
        for s, life in zip(suggestions, lives, strict=True):
            for number, spec in enumerate(life["rounds"], start=1):
                rounds.append(
                    Round(
                        suggestion_id=s.pk,
                        number=number,
                        assigned_on=spec["assigned_on"],
                        deadline=spec["deadline"],
                        supervisor_member_id=spec["supervisor_member"],
                        supervisor_leader=spec["supervisor_leader"],
                    )
                )
                round_lives.append((s, spec))
        self.bulk(Round, rounds)
        assignments, contacts, replies, evaluations = [], [], [], []
        for r, (_s, spec) in zip(rounds, round_lives, strict=True):
            assignments.append(Assignment(round_id=r.pk, unit_id=spec["lead_unit"], role=AssignmentRole.LEAD))
            for unit in spec["co_units"]:
                assignments.append(
                    Assignment(
                        round_id=r.pk,
                        unit_id=unit,
                        role=AssignmentRole.CO,
                        opinion="同意主办单位意见，配合做好相关工作。" if spec.get("reply") else "",
                        opinion_on=spec["assigned_on"] + datetime.timedelta(days=10)
                        if spec.get("reply")
                        else None,
                    )
                )
            for day, form in spec["contacts"]:
                contacts.append(
                    Contact(round_id=r.pk, unit_id=spec["lead_unit"], form=form, contacted_on=day, note="")
                )
            if spec.get("reply"):
                day, result_class = spec["reply"]
                replies.append(
                    Reply(
                        round_id=r.pk,
                        text="经研究，已协调有关方面落实，具体情况如下：……",
                        result_class=result_class,
                        replied_on=day,
                    )
                )
            if spec.get("evaluation"):
                day, rating = spec["evaluation"]
                evaluations.append(
                    Evaluation(
                        round_id=r.pk,
                        rating=rating,
                        comment="希望继续跟进。" if rating == Rating.UNSATISFIED else "",
                        evaluated_on=day,
                    )
                )
        self.bulk(Assignment, assignments)
        self.bulk(Contact, contacts)
        self.bulk(Reply, replies)
        self.bulk(Evaluation, evaluations)
        # 督办记录: the supervising member visits key items (and every seventh other one) three weeks after
        # the assignment. No random draw here: the rest of the data stays as the seed makes it.
        visit = datetime.timedelta(days=21)
        self.bulk(
            SupervisionNote,
            [
                SupervisionNote(
                    suggestion_id=s.pk,
                    round_id=r.pk,
                    member_id=spec["supervisor_member"],
                    date=spec["assigned_on"] + visit,
                    form=SupervisionForm.VISIT,
                    text="实地督查办理进展，要求承办单位按期答复代表。",
                    recorded_by=self.actor,
                    on_behalf=True,
                )
                for r, (s, spec) in zip(rounds, round_lives, strict=True)
                if spec["supervisor_member"]
                and (s.key_supervision or s.pk % 7 == 0)
                and spec["assigned_on"] + visit <= self.today
            ],
        )

        round_of = {(s.pk, spec["number"]): r.pk for r, (s, spec) in zip(rounds, round_lives, strict=True)}
        events = []
        for s, life in zip(suggestions, lives, strict=True):
            for transition, from_state, to_state, day, round_number in life["events"]:
                events.append(
                    SuggestionEvent(
                        suggestion_id=s.pk,
                        transition=transition,
                        from_state=from_state,
                        to_state=to_state,
                        round_id=round_of.get((s.pk, round_number)),
                        actor=self.actor,
                        at=noon(day),
                        note="",
                        data={"generated": True},
                    )
                )
        self.bulk(SuggestionEvent, events)

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

    def make_users(self) -> dict:
        """scale-staff, scale-member, scale-deputy and scale-unit (password demo-2022)."""
        User = get_user_model()
        users = {}
        for username, role, first_name in [
            ("scale-staff", Role.STAFF, "规模测试工作人员"),
            ("scale-member", Role.MEMBER, "规模测试主席团成员"),
            ("scale-deputy", Role.DEPUTY, "规模测试代表"),
            ("scale-unit", Role.UNIT, "规模测试承办单位"),
        ]:
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                grant_role(user, role)
            users[username] = user
        return users

    def make_accounts(self):
        """Link scale-deputy to a deputy of the current term and scale-unit to a unit; their notifications."""
        from deputies.models import Deputy
        from suggestions.models import HandlingUnit, Notification

        users = self.make_users()
        deputy_user, unit_user = users["scale-deputy"], users["scale-unit"]
        if not Deputy.objects.filter(user=deputy_user).exists():
            term = Term.objects.current()
            deputy = (
                Deputy.objects.filter(term=term, user__isnull=True, status="active")
                .annotate(n=Count("suggestions_led"))
                .order_by("-n", "pk")
                .first()
            )
            if deputy is not None:
                Deputy.objects.filter(pk=deputy.pk).update(user=deputy_user)
        if not unit_user.handling_units.exists():
            unit = HandlingUnit.objects.annotate(n=Count("assignments")).order_by("-n", "pk").first()
            if unit is not None:
                unit.users.add(unit_user)
        notices = [
            Notification(
                user=user,
                text=f"建议{n}号有新的办理情况",
                link="/portal/",
                read=n % 3 != 0,
                created_at=noon(self.today - datetime.timedelta(days=n)),
            )
            for user in (deputy_user, unit_user)
            for n in range(scaled(10, self.factor / 5, 3))
        ]
        self.bulk(Notification, notices)

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


def generate(factor: float, *, seed: int = 2022, years: int = 10, log=None) -> Summary:
    """Add ``factor`` times a township's year over ``years`` years ending this year (see the module)."""
    started = time.monotonic()
    summary = ScaleBuilder(factor, seed=seed, years=years, log=log).build()
    summary.seconds = time.monotonic() - started
    return summary
