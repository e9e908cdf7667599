"""The scale generator's frame: the builder, its sizes and the terms, deputies and units the rest need (what
it generates: the package's docstring, ``bench/scale/__init__.py``)."""

from __future__ import annotations

import datetime
import itertools
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from congress.models import Session, Term, TownshipProfile

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

    def add(self, other: Summary) -> Summary:
        """The rows of two runs together (one per township)."""
        return Summary(counts=self.counts + other.counts, seconds=self.seconds + other.seconds)


class Base:
    """The helpers and the township's standing records (terms, sessions, deputies, units)."""

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
        if not TownshipProfile.objects.exists():
            TownshipProfile(
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
